//! The command line: GNU make's option table, argument parsing, MAKEFLAGS.
//! (Skeleton: the option table is filled in by the command-line work.)

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `-f FILE` in order (`-` is stdin).
    pub makefiles: Vec<Vec<u8>>,
    /// `-C DIR` in order.
    pub directories: Vec<Vec<u8>>,
    /// Goals named on the command line, in order.
    pub goals: Vec<Vec<u8>>,
    /// `NAME=VALUE` (and `:=`, `+=`...) arguments, unparsed, in order.
    pub variables: Vec<Vec<u8>>,
    /// `--eval=TEXT` in order.
    pub evals: Vec<Vec<u8>>,
    pub warn_undefined_variables: bool,
    pub environment_overrides: bool,
    pub dry_run: bool,
    pub touch: bool,
    pub question: bool,
    pub keep_going: bool,
    pub ignore_errors: bool,
    pub silent: bool,
    pub always_make: bool,
    pub no_builtin_rules: bool,
    pub no_builtin_variables: bool,
    pub old_files: Vec<Vec<u8>>,
    pub new_files: Vec<Vec<u8>>,
    pub include_dirs: Vec<Vec<u8>>,
}
