//! The command line: GNU make 4.4.1's option table, argument parsing,
//! `MAKEFLAGS`/`GNUMAKEFLAGS` decoding and encoding, `--help`/`--version`.
//!
//! GNU's order at startup ([`parse_startup`] does all of it):
//! 1. `GNUMAKEFLAGS` from the environment, if set (then GNU empties it),
//! 2. `MAKEFLAGS` from the environment,
//! 3. the command line.
//!
//! All three count as "command line" (errors are reported, goals named in
//! them are goals). After the makefiles are read, GNU decodes `GNUMAKEFLAGS`
//! and `MAKEFLAGS` again as set by the makefiles ([`reapply_makeflags`]):
//! then only switches allowed there take effect, silently.

mod ext;
mod getopt;
mod makeflags;
mod table;
mod text;

#[cfg(test)]
mod tests;

use crate::cnum::{strtoul, to_uint};
use crate::vars::Origin;
use getopt::{Event, Getopt};
use table::{Kind, Sw, Tracked, SWITCHES};

pub use ext::{help_text_with_extras, Extras, GraphFormat};
pub use makeflags::{
    command_variables_value, eval_flags_value, flags_string, makeflags, makeflags_template, mflags,
    quote_for_env, split_makeflags, CommandVar, Makeflags,
};
pub use text::{help_text, host_triple, version_text, version_text_prefixed, BUG_REPORTS};

/// `--debug` levels (GNU's `DB_*` bits).
pub mod db {
    pub const NONE: u32 = 0x000;
    pub const BASIC: u32 = 0x001;
    pub const VERBOSE: u32 = 0x002;
    pub const JOBS: u32 = 0x004;
    pub const IMPLICIT: u32 = 0x008;
    pub const PRINT: u32 = 0x010;
    pub const WHY: u32 = 0x020;
    pub const MAKEFILES: u32 = 0x100;
    pub const ALL: u32 = 0xfff;
}

/// `--output-sync` modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputSync {
    #[default]
    None,
    Line,
    Target,
    Recurse,
}

/// `--shuffle` modes, as `shuffle_set_mode` reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShuffleMode {
    Reverse,
    Identity,
    None,
    /// `random`: the caller picks a seed and writes it back to
    /// `Options::shuffle` so that sub-makes use the same one.
    Random,
    Seed(u32),
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `-f FILE` in order (`-` is stdin); duplicates kept.
    pub makefiles: Vec<Vec<u8>>,
    /// Index in `makefiles` of the `--temp-stdin=FILE` entry.
    pub temp_stdin: Option<usize>,
    /// `-C DIR` in order (a repeated DIR is dropped, as GNU does).
    pub directories: Vec<Vec<u8>>,
    /// Goals named on the command line (or in the startup MAKEFLAGS), in
    /// order, with `~` expanded and leading `./` removed.
    pub goals: Vec<Vec<u8>>,
    /// `NAME=VALUE` (and `:=`, `+=`...) arguments, unparsed, in order
    /// (those from the startup MAKEFLAGS first).
    pub variables: Vec<Vec<u8>>,
    /// For each of `variables`, how many goals came before it (GNU
    /// defines them in one pass, `MAKECMDGOALS` growing with each goal).
    pub goals_before_variable: Vec<usize>,
    /// For each of `variables`, the options before it that matter while it
    /// is defined (GNU defines it as it decodes its arguments).
    pub before_variable: Vec<BeforeVariable>,
    /// What GNU prints while it decodes its switches (bad options), in
    /// order with the command-line variables, which it defines as it goes.
    pub startup_messages: Vec<StartupMessage>,
    /// An error in the switches ([`parse_startup_deferred`]): raised once
    /// the command-line variables decoded before it are defined.
    pub deferred: Option<CliError>,
    /// `deferred` came from `GNUMAKEFLAGS` (GNU had not emptied it yet).
    pub deferred_in_gnumakeflags: bool,
    /// `-O` as the environment's GNUMAKEFLAGS and MAKEFLAGS left it: GNU
    /// holds what the command line's variables print only under that.
    pub env_output_sync: OutputSync,
    /// `-e` as the environment's GNUMAKEFLAGS left it: GNU empties that
    /// variable right after decoding it, an "environment override" one
    /// only if -e was among its switches.
    pub gnumakeflags_env_overrides: bool,
    /// `--eval=TEXT` in order (duplicates dropped).
    pub evals: Vec<Vec<u8>>,
    pub warn_undefined_variables: bool,
    pub environment_overrides: bool,
    /// `-n`
    pub dry_run: bool,
    pub touch: bool,
    pub question: bool,
    /// `-k` (`-S` turns it off).
    pub keep_going: bool,
    pub ignore_errors: bool,
    /// `-s` (`--no-silent` turns it off).
    pub silent: bool,
    /// `-B`
    pub always_make: bool,
    pub no_builtin_rules: bool,
    pub no_builtin_variables: bool,
    /// `-o FILE`
    pub old_files: Vec<Vec<u8>>,
    /// `-W FILE`
    pub new_files: Vec<Vec<u8>>,
    /// `-I DIR`
    pub include_dirs: Vec<Vec<u8>>,
    /// `-L`
    pub check_symlink_times: bool,
    /// `-p`
    pub print_data_base: bool,
    /// `-h`
    pub help: bool,
    /// `-v`
    pub version: bool,
    /// `-w` is `Some(true)`, `--no-print-directory` is `Some(false)`, neither
    /// is `None` (see [`Options::should_print_dir`]).
    pub print_directory: Option<bool>,
    /// `-j`: `None` not given, `Some(None)` infinite, `Some(Some(n))`.
    pub jobs: Option<Option<u32>>,
    /// The `-j` given on the command line itself (not via MAKEFLAGS).
    pub argv_jobs: Option<Option<u32>>,
    /// `-l`: `None` when not given or given without a number (GNU's -1).
    pub load_average: Option<f64>,
    /// `-O` as given (`target` when without argument).
    pub output_sync_option: Option<Vec<u8>>,
    /// `-O` decoded.
    pub output_sync: OutputSync,
    /// `-d`
    pub debug: bool,
    /// `--debug=FLAGS` words in order (`basic` when without argument).
    pub debug_flags: Vec<Vec<u8>>,
    /// `--trace`
    pub trace: bool,
    /// The `db::` bits from `-d`, `--debug` and `--trace`.
    pub db_level: u32,
    /// `--jobserver-auth=` (or the old `--jobserver-fds=`).
    pub jobserver_auth: Option<Vec<u8>>,
    /// `--jobserver-style=`
    pub jobserver_style: Option<Vec<u8>>,
    /// `--sync-mutex=`
    pub sync_mutex: Option<Vec<u8>>,
    /// `--shuffle` as given (`random` when without argument).
    pub shuffle: Option<Vec<u8>>,
    /// Switches given explicitly (by index in the switch table): flags with
    /// a default are only put into MAKEFLAGS when given.
    pub specified: u64,
    /// rmake's own options (`--why`, `--compile-commands`, ...).
    pub extras: ext::Extras,
    keep_going_origin: Option<Origin>,
    silent_origin: Option<Origin>,
    print_directory_origin: Option<Origin>,
}

/// What the options decoded so far say when a command-line variable is
/// defined.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BeforeVariable {
    /// Directory lines are asked for (GNU's `should_print_dir`, its level
    /// still 0).
    pub print_dir: bool,
    /// `--warn-undefined-variables` was given.
    pub warn_undefined: bool,
    /// `-v` was given: a fatal error in the variable prints the version.
    pub version: bool,
    /// `-p` was given: a fatal error in the variable prints the data base.
    pub print_data_base: bool,
    /// A goal or a file name (-f, -C, -I, -o, -W) came before (GNU's
    /// string cache is not empty: see `-p`).
    pub names: bool,
}

/// A line GNU writes to stderr while it decodes its switches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartupMessage {
    /// How many command-line variables come before it (GNU defines each as
    /// it decodes it: an error in one stops before later messages).
    pub after_variables: usize,
    /// The complete line.
    pub text: Vec<u8>,
    /// For make's own messages (GNU's `error()`, not getopt's): whether
    /// the options decoded so far ask for directory lines, so that it comes
    /// after "Entering an unknown directory".
    pub announce: Option<bool>,
    /// `-p` was given before it: a directory line is a comment.
    pub db_comment: bool,
}

impl Options {
    /// GNU's `should_print_dir`: whether to print "Entering directory".
    pub fn should_print_dir(&self, makelevel: u32) -> bool {
        match self.print_directory {
            Some(b) => b,
            None => !self.silent && (makelevel > 0 || !self.directories.is_empty()),
        }
    }

    /// `--no-print-directory` is in effect.
    pub fn no_print_directory(&self) -> bool {
        self.print_directory == Some(false)
    }

    /// GNU stops right after decoding the switches: an error in them, -h
    /// or -v.
    pub fn exits_at_startup(&self) -> bool {
        self.deferred.is_some() || self.help || self.version
    }

    /// A goal or a file name argument (-f, -C, -I, -o, -W) was decoded.
    pub fn names_given(&self) -> bool {
        !(self.goals.is_empty()
            && self.makefiles.is_empty()
            && self.directories.is_empty()
            && self.include_dirs.is_empty()
            && self.old_files.is_empty()
            && self.new_files.is_empty())
    }

    fn origin_slot(&mut self, t: Tracked) -> &mut Option<Origin> {
        match t {
            Tracked::KeepGoing => &mut self.keep_going_origin,
            Tracked::Silent => &mut self.silent_origin,
            Tracked::PrintDirectory => &mut self.print_directory_origin,
        }
    }

    fn is_specified(&self, index: usize) -> bool {
        self.specified & (1u64 << index) != 0
    }
}

/// How the program is named in messages.
#[derive(Debug, Clone)]
pub struct Prog {
    /// argv[0] as given: getopt's messages start with it.
    pub argv0: Vec<u8>,
    /// Its basename: the usage line and make's own messages use it.
    pub name: Vec<u8>,
    /// `MAKELEVEL`: make's own messages say `make[N]:` when it is not 0.
    pub level: u32,
}

impl Prog {
    pub fn new(name: &[u8]) -> Prog {
        Prog {
            argv0: name.to_vec(),
            name: name.to_vec(),
            level: 0,
        }
    }

    /// From argv[0]: the name is its basename.
    pub fn from_argv0(argv0: &[u8], level: u32) -> Prog {
        let name = match argv0.iter().rposition(|&c| c == b'/') {
            Some(i) => argv0[i + 1..].to_vec(),
            None => argv0.to_vec(),
        };
        Prog {
            argv0: argv0.to_vec(),
            name,
            level,
        }
    }

    fn prefix(&self) -> Vec<u8> {
        let mut v = self.name.clone();
        if self.level > 0 {
            v.extend_from_slice(format!("[{}]", self.level).as_bytes());
        }
        v
    }
}

/// A bad command line. [`CliError::render`] gives the exact bytes GNU
/// writes to stderr; [`CliError::status`] the exit status (2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CliError {
    /// Bad options: one message line each, then the usage text.
    #[error("{}", crate::error::Lossy(&self.render()))]
    Usage {
        /// Complete lines (with newline) in the order GNU prints them.
        messages: Vec<u8>,
        usage: Vec<u8>,
        /// `-v` was given too: GNU first prints the version text and an
        /// empty line on stdout.
        version_first: bool,
    },
    /// A fatal error: `make: *** MSG.  Stop.` (`msg` is MSG alone). With
    /// `unknown_dir`, GNU, its directory not known yet, writes it between
    /// "Entering an unknown directory" and "Leaving an unknown directory"
    /// lines on stdout (the switches asked for directory lines).
    #[error("{}", crate::error::Lossy(&self.render()))]
    Fatal {
        text: Vec<u8>,
        msg: Vec<u8>,
        unknown_dir: bool,
        /// Decoding a makefile's MAKEFLAGS: the messages about bad
        /// arguments of switches GNU printed before it (without prefix).
        notes: Vec<Vec<u8>>,
    },
}

impl CliError {
    /// What GNU writes to stderr.
    pub fn render(&self) -> Vec<u8> {
        match self {
            CliError::Usage {
                messages, usage, ..
            } => {
                let mut v = messages.clone();
                v.extend_from_slice(usage);
                v
            }
            CliError::Fatal { text, .. } => text.clone(),
        }
    }

    pub fn status(&self) -> i32 {
        2
    }

    /// A fatal error after the switches were decoded: marked to be
    /// printed inside the unknown directory's lines when they ask for
    /// directory lines.
    pub fn in_unknown_dir(self, opts: &Options) -> CliError {
        match self {
            CliError::Fatal {
                text, msg, notes, ..
            } => CliError::Fatal {
                text,
                msg,
                unknown_dir: opts.should_print_dir(0),
                notes,
            },
            e => e,
        }
    }

    /// A fatal error with the messages GNU printed before it.
    fn after_notes(mut self, before: Vec<Vec<u8>>) -> CliError {
        if let CliError::Fatal { notes, .. } = &mut self {
            *notes = before;
        }
        self
    }

    /// Whether it goes between "Entering/Leaving an unknown directory".
    pub fn in_dir_lines(&self) -> bool {
        matches!(
            self,
            CliError::Fatal {
                unknown_dir: true,
                ..
            }
        )
    }

    fn fatal(prog: &Prog, msg: &[u8]) -> CliError {
        let mut text = prog.prefix();
        text.extend_from_slice(b": *** ");
        text.extend_from_slice(msg);
        text.extend_from_slice(b".  Stop.\n");
        CliError::Fatal {
            text,
            msg: msg.to_vec(),
            unknown_dir: false,
            notes: Vec::new(),
        }
    }
}

fn quoted(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// Parses the command line (arguments without argv[0]) into fresh options.
pub fn parse_args(prog: &[u8], args: &[Vec<u8>]) -> Result<Options, CliError> {
    let mut opts = Options::default();
    apply_args(&Prog::new(prog), args, &mut opts)?;
    Ok(opts)
}

/// GNU's whole startup decoding: `GNUMAKEFLAGS` (if set in the
/// environment), `MAKEFLAGS`, then the command line; `-j` from the command
/// line wins over one from the environment.
pub fn parse_startup(
    prog: &Prog,
    args: &[Vec<u8>],
    gnumakeflags: Option<&[u8]>,
    makeflags_env: Option<&[u8]>,
) -> Result<Options, CliError> {
    let mut opts = parse_startup_deferred(prog, args, gnumakeflags, makeflags_env);
    match opts.deferred.take() {
        Some(e) => Err(e),
        None => Ok(opts),
    }
}

/// [`parse_startup`], an error kept in `deferred` with the options decoded
/// up to it: GNU defines the command-line variables while it decodes (a
/// `!=` runs, an empty name is fatal there), so what an error in the
/// switches prints comes after them. Decoding stops at the source (the
/// environment's `GNUMAKEFLAGS` or `MAKEFLAGS`, or the command line) that
/// had the error.
pub fn parse_startup_deferred(
    prog: &Prog,
    args: &[Vec<u8>],
    gnumakeflags: Option<&[u8]>,
    makeflags_env: Option<&[u8]>,
) -> Options {
    let mut opts = Options::default();
    if gnumakeflags.is_none_or(|v| startup_gnumakeflags(prog, v, &mut opts))
        && makeflags_env.is_none_or(|v| startup_makeflags(prog, v, &mut opts))
    {
        startup_args(prog, args, &mut opts);
    }
    opts
}

/// The first pass of [`parse_startup_deferred`]: the environment's
/// `GNUMAKEFLAGS` (expanded). Returns whether decoding goes on.
pub fn startup_gnumakeflags(prog: &Prog, value: &[u8], opts: &mut Options) -> bool {
    if let Err(e) = decode_env(prog, value, opts, Origin::CommandLine, b"") {
        opts.deferred = Some(e);
        opts.deferred_in_gnumakeflags = true;
        return false;
    }
    true
}

/// The second pass: the environment's `MAKEFLAGS` (expanded).
pub fn startup_makeflags(prog: &Prog, value: &[u8], opts: &mut Options) -> bool {
    if let Err(e) = decode_env(prog, value, opts, Origin::CommandLine, b"") {
        opts.deferred = Some(e);
        return false;
    }
    true
}

/// The last pass: the command line.
pub fn startup_args(prog: &Prog, args: &[Vec<u8>], opts: &mut Options) {
    if let Err(e) = apply_args(prog, args, opts) {
        opts.deferred = Some(e);
    }
}

/// Decodes the command line into `opts` (after any startup MAKEFLAGS).
pub fn apply_args(prog: &Prog, args: &[Vec<u8>], opts: &mut Options) -> Result<(), CliError> {
    let args = &ext::extract(prog, args, &mut opts.extras)?;
    let env_jobs = opts.jobs.take();
    let r = decode(prog, &prog.argv0, args, opts, Origin::CommandLine, true);
    opts.argv_jobs = opts.jobs;
    if opts.jobs.is_none() {
        opts.jobs = env_jobs;
    }
    r.map(|_| ())
}

/// Decodes a `MAKEFLAGS` (or `GNUMAKEFLAGS`) value from the environment at
/// startup: as GNU does, this counts as command line (goals in it are goals,
/// bad options are errors whose messages start with an empty program name).
pub fn apply_makeflags(value: &[u8], opts: &mut Options) -> Result<(), CliError> {
    decode_env(&Prog::new(b"make"), value, opts, Origin::CommandLine, b"").map(|_| ())
}

/// [`apply_makeflags`] with the program name for messages.
pub fn apply_makeflags_prog(prog: &Prog, value: &[u8], opts: &mut Options) -> Result<(), CliError> {
    decode_env(prog, value, opts, Origin::CommandLine, b"").map(|_| ())
}

/// Decodes `MAKEFLAGS`/`GNUMAKEFLAGS` as a makefile set it (GNU does this
/// at each assignment and again after reading the makefiles, GNUMAKEFLAGS
/// first). Only switches allowed in MAKEFLAGS take effect, flags set on
/// the command line are not undone, bad options are ignored silently,
/// goals are ignored. Returns the variable assignments found (GNU defines
/// them with origin environment). A `-j` in the value applies (see
/// [`settle_jobs`] for after reading); without one, `jobs` stays.
pub fn reapply_makeflags(
    prog: &Prog,
    value: &[u8],
    opts: &mut Options,
) -> Result<Reapplied, CliError> {
    reapply_makeflags_as(prog, value, opts, Origin::Environment)
}

/// [`reapply_makeflags`] for a value a makefile assigned with `origin`:
/// the switches whose origin GNU tracks (-s, -k, -w and their opposites)
/// change only when it is at least as strong as the one that set them.
pub fn reapply_makeflags_as(
    prog: &Prog,
    value: &[u8],
    opts: &mut Options,
    origin: Origin,
) -> Result<Reapplied, CliError> {
    let old_jobs = opts.jobs.take();
    let origin = if origin == Origin::CommandLine {
        // Decoding as the command line would take goals and -f, -C.
        Origin::Override
    } else {
        origin
    };
    let r = decode_env(prog, value, opts, origin, b"");
    if opts.jobs.is_none() {
        opts.jobs = old_jobs;
    }
    r
}

/// What decoding a makefile's `MAKEFLAGS` gives besides the switches.
#[derive(Debug, Default)]
pub struct Reapplied {
    /// The variable assignments, for the caller to define.
    pub assigns: Vec<Vec<u8>>,
    /// Messages about bad arguments of switches (a `-j0`), without the
    /// program name, which GNU prints there and goes on (bad options
    /// themselves are ignored silently).
    pub messages: Vec<Vec<u8>>,
    /// Decoding stopped at a word assigning a variable with no name
    /// (`::= x`), fatal in GNU: the switches and assignments before it
    /// count, not those after.
    pub empty_name: bool,
}

/// After reading the makefiles, with `opts.jobs` as the makefiles'
/// MAKEFLAGS gave it (`None`: no `-j` there): the `-j` make runs with is
/// the one from before reading, `before`, unless a makefile set one and the
/// command line did not. Returns whether a makefile's `-j` replaced it.
pub fn settle_jobs(opts: &mut Options, before: Option<Option<u32>>) -> bool {
    if opts.jobs.is_none() || opts.argv_jobs.is_some() {
        opts.jobs = before;
        return false;
    }
    opts.jobs != before
}

/// Splits a MAKEFLAGS value into words as GNU does (backslash escapes the
/// next character, blanks separate words) and prepends `-` to the first
/// word when it neither starts with one nor contains `=`.
fn env_words(value: &[u8]) -> Vec<Vec<u8>> {
    let mut words = split_makeflags(value);
    if let Some(first) = words.first_mut() {
        if first.first() != Some(&b'-') && !first.contains(&b'=') {
            first.insert(0, b'-');
        }
    }
    words
}

fn decode_env(
    prog: &Prog,
    value: &[u8],
    opts: &mut Options,
    origin: Origin,
    argv0: &[u8],
) -> Result<Reapplied, CliError> {
    let words = env_words(value);
    if words.is_empty() {
        return Ok(Default::default());
    }
    decode(
        prog,
        argv0,
        &words,
        opts,
        origin,
        origin == Origin::CommandLine,
    )
}

/// GNU's `decode_switches`. Returns the variable assignments seen and,
/// unless `report` (the command line, whose bad arguments end in the usage
/// error), the messages about bad arguments of switches (without prefix).
fn decode(
    prog: &Prog,
    argv0: &[u8],
    args: &[Vec<u8>],
    opts: &mut Options,
    origin: Origin,
    report: bool,
) -> Result<Reapplied, CliError> {
    let mut messages = Vec::new();
    let mut notes: Vec<Vec<u8>> = Vec::new();
    let mut bad = false;
    let mut vars = Vec::new();
    // In a makefile's MAKEFLAGS, a variable with no name is fatal where it
    // stands: the words after it never count.
    let mut empty_name = false;
    let stops = |a: &[u8]| origin != Origin::CommandLine && assigns_no_name(a);
    let mut g = Getopt::new(argv0, args);
    // Make's own message about a switch's argument (GNU's error(), which
    // announces the directory when the switches so far ask for it).
    let make_error =
        |opts: &mut Options, messages: &mut Vec<u8>, notes: &mut Vec<Vec<u8>>, msg: &[u8]| {
            if !report {
                notes.push(msg.to_vec());
                return;
            }
            let mut text = prog.prefix();
            text.extend_from_slice(b": ");
            text.extend_from_slice(msg);
            text.push(b'\n');
            let announce = opts.should_print_dir(0)
                && matches!(opts.output_sync, OutputSync::None | OutputSync::Recurse);
            startup_message(opts, messages, text, Some(announce));
        };
    loop {
        match g.next_event() {
            Event::End => break,
            Event::NonOption(a) => {
                if stops(&a) {
                    empty_name = true;
                    break;
                }
                non_switch(a, opts, origin, &mut vars)
            }
            Event::Bad(mut m) => {
                bad = true;
                if report {
                    m.push(b'\n');
                    startup_message(opts, &mut messages, m, None);
                }
            }
            Event::Opt { index, arg } => {
                let cs = &SWITCHES[index];
                let doit = origin == Origin::CommandLine
                    || (cs.env
                        && match cs.tracked {
                            None => true,
                            Some(t) => opts.origin_slot(t).is_none_or(|o| origin >= o),
                        });
                if doit {
                    opts.specified |= 1u64 << index;
                }
                match cs.kind {
                    Kind::Ignore => {}
                    Kind::Flag | Kind::FlagOff => {
                        if doit {
                            set_flag(opts, cs.sw, cs.kind == Kind::Flag);
                            if let Some(t) = cs.tracked {
                                *opts.origin_slot(t) = Some(origin);
                            }
                        }
                    }
                    Kind::Str | Kind::StrList | Kind::Filename => {
                        if !doit {
                            continue;
                        }
                        let arg = match arg {
                            None => match cs.sw {
                                Sw::OutputSync => b"target".to_vec(),
                                Sw::DebugFlags => b"basic".to_vec(),
                                Sw::Shuffle => b"random".to_vec(),
                                _ => continue,
                            },
                            Some(a) if a.is_empty() => {
                                let name = match cs.short {
                                    Some(c) => quoted(&[b"-", &[c]]),
                                    None => quoted(&[b"--", cs.long.as_bytes()]),
                                };
                                make_error(
                                    opts,
                                    &mut messages,
                                    &mut notes,
                                    &quoted(&[
                                        b"the '",
                                        &name,
                                        b"' option requires a non-empty string argument",
                                    ]),
                                );
                                bad = true;
                                continue;
                            }
                            Some(a) => a,
                        };
                        if let Some(t) = cs.tracked {
                            *opts.origin_slot(t) = Some(origin);
                        }
                        if cs.kind == Kind::Str {
                            set_string(opts, cs.sw, arg);
                            continue;
                        }
                        if let Some(list) = list_mut(opts, cs.sw) {
                            if cs.sw != Sw::File && list.contains(&arg) {
                                continue;
                            }
                        }
                        if cs.sw == Sw::TempStdin {
                            if opts.temp_stdin.is_some() {
                                return Err(CliError::fatal(
                                    prog,
                                    b"INTERNAL: multiple --temp-stdin options provided!",
                                ));
                            }
                            opts.temp_stdin = Some(opts.makefiles.len());
                        }
                        let value = if cs.kind == Kind::Filename && cs.sw != Sw::TempStdin {
                            expand_command_line_file(&arg)
                        } else {
                            arg
                        };
                        if let Some(list) = list_mut(opts, cs.sw) {
                            list.push(value);
                        }
                    }
                    Kind::PositiveInt => {
                        let mut arg = arg;
                        if arg.is_none() {
                            if let Some(next) = g.peek() {
                                if next.iter().all(|c| c.is_ascii_digit()) {
                                    arg = Some(next.to_vec());
                                    g.skip();
                                }
                            }
                        }
                        if !doit {
                            continue;
                        }
                        match arg {
                            None => opts.jobs = Some(None),
                            Some(a) => match to_uint(&a) {
                                // GNU stores the number in an int whose -1
                                // means "no -j given": a value wrapping to
                                // it (`-j-1`) undoes any earlier -j.
                                Some(u32::MAX) => opts.jobs = None,
                                Some(n) if n != 0 => opts.jobs = Some(Some(n)),
                                _ => {
                                    let c = cs.short.unwrap_or(b'j');
                                    make_error(
                                        opts,
                                        &mut messages,
                                        &mut notes,
                                        &quoted(&[
                                            b"the '-",
                                            &[c],
                                            b"' option requires a positive integer argument",
                                        ]),
                                    );
                                    bad = true;
                                }
                            },
                        }
                    }
                    Kind::Floating => {
                        let mut arg = arg;
                        if arg.is_none() {
                            if let Some(next) = g.peek() {
                                if next
                                    .first()
                                    .is_some_and(|c| c.is_ascii_digit() || *c == b'.')
                                {
                                    arg = Some(next.to_vec());
                                    g.skip();
                                }
                            }
                        }
                        if doit {
                            opts.load_average = match arg {
                                Some(a) => {
                                    let f = atof(&a);
                                    if f == -1.0 {
                                        None
                                    } else {
                                        Some(f)
                                    }
                                }
                                None => None,
                            };
                        }
                    }
                }
            }
        }
    }
    while let Some(a) = g.peek().filter(|_| !empty_name) {
        g.skip();
        if stops(a) {
            empty_name = true;
            break;
        }
        non_switch(a.to_vec(), opts, origin, &mut vars);
    }
    if empty_name {
        // GNU dies there, before it looks at --debug, -O and --sync-mutex.
        return Ok(Reapplied {
            assigns: vars,
            messages: notes,
            empty_name,
        });
    }
    if bad && origin == Origin::CommandLine {
        return Err(CliError::Usage {
            messages,
            usage: help_text(&prog.name),
            version_first: opts.version,
        });
    }
    let r = decode_debug_flags(prog, opts).and_then(|_| decode_output_sync(prog, opts));
    if let Err(e) = r {
        return Err(if report {
            e.in_unknown_dir(opts)
        } else {
            e.after_notes(notes)
        });
    }
    // As GNU after each decoding: a --sync-mutex is checked (and opened)
    // whether or not output is synced.
    if let Some(value) = &opts.sync_mutex {
        use crate::osync::{SyncMutex, SyncMutexError};
        match SyncMutex::open(value) {
            Ok(_) => {}
            Err(e @ SyncMutexError::Invalid(_)) => {
                make_error(opts, &mut messages, &mut notes, &e.message());
            }
            Err(e) => {
                let e = CliError::fatal(prog, &e.message());
                return Err(if report {
                    e.in_unknown_dir(opts)
                } else {
                    e.after_notes(notes)
                });
            }
        }
    }
    Ok(Reapplied {
        assigns: vars,
        messages: notes,
        empty_name,
    })
}

fn startup_message(
    opts: &mut Options,
    messages: &mut Vec<u8>,
    text: Vec<u8>,
    announce: Option<bool>,
) {
    messages.extend_from_slice(&text);
    opts.startup_messages.push(StartupMessage {
        after_variables: opts.variables.len(),
        text,
        announce,
        db_comment: opts.print_data_base,
    });
}

fn non_switch(arg: Vec<u8>, opts: &mut Options, origin: Origin, vars: &mut Vec<Vec<u8>>) {
    if arg.as_slice() == b"-" {
        return;
    }
    if is_variable_assignment(&arg) {
        if origin == Origin::CommandLine {
            opts.variables.push(arg.clone());
            opts.goals_before_variable.push(opts.goals.len());
            let before = BeforeVariable {
                print_dir: opts.should_print_dir(0),
                warn_undefined: opts.warn_undefined_variables,
                version: opts.version,
                print_data_base: opts.print_data_base,
                names: opts.names_given(),
            };
            opts.before_variable.push(before);
        }
        vars.push(arg);
    } else if !arg.is_empty() && origin == Origin::CommandLine {
        opts.goals.push(expand_command_line_file(&arg));
    }
}

fn set_flag(opts: &mut Options, sw: Sw, on: bool) {
    match sw {
        Sw::AlwaysMake => opts.always_make = on,
        Sw::Debug => opts.debug = on,
        Sw::EnvOverrides => opts.environment_overrides = on,
        Sw::Help => opts.help = on,
        Sw::IgnoreErrors => opts.ignore_errors = on,
        Sw::KeepGoing | Sw::NoKeepGoing => opts.keep_going = on,
        Sw::CheckSymlink => opts.check_symlink_times = on,
        Sw::JustPrint => opts.dry_run = on,
        Sw::PrintDataBase => opts.print_data_base = on,
        Sw::Question => opts.question = on,
        Sw::NoBuiltinRules => opts.no_builtin_rules = on,
        Sw::NoBuiltinVariables => opts.no_builtin_variables = on,
        Sw::Silent | Sw::NoSilent => opts.silent = on,
        Sw::Touch => opts.touch = on,
        Sw::Version => opts.version = on,
        Sw::PrintDirectory | Sw::NoPrintDirectory => opts.print_directory = Some(on),
        Sw::Trace => opts.trace = on,
        Sw::WarnUndefined => opts.warn_undefined_variables = on,
        _ => {}
    }
}

fn set_string(opts: &mut Options, sw: Sw, v: Vec<u8>) {
    match sw {
        Sw::OutputSync => opts.output_sync_option = Some(v),
        Sw::JobserverAuth | Sw::JobserverFds => opts.jobserver_auth = Some(v),
        Sw::SyncMutex => opts.sync_mutex = Some(v),
        Sw::Shuffle => opts.shuffle = Some(v),
        Sw::JobserverStyle => opts.jobserver_style = Some(v),
        _ => {}
    }
}

fn list_mut(opts: &mut Options, sw: Sw) -> Option<&mut Vec<Vec<u8>>> {
    Some(match sw {
        Sw::Eval => &mut opts.evals,
        Sw::Directory => &mut opts.directories,
        Sw::File | Sw::TempStdin => &mut opts.makefiles,
        Sw::IncludeDir => &mut opts.include_dirs,
        Sw::OldFile => &mut opts.old_files,
        Sw::WhatIf => &mut opts.new_files,
        Sw::DebugFlags => &mut opts.debug_flags,
        _ => return None,
    })
}

/// GNU's `decode_debug_flags`: computes `db_level`.
fn decode_debug_flags(prog: &Prog, opts: &mut Options) -> Result<(), CliError> {
    let mut level = opts.db_level;
    if opts.debug {
        level = db::ALL;
    }
    if opts.trace {
        level |= db::PRINT | db::WHY;
    }
    for word in &opts.debug_flags {
        let mut p = 0;
        loop {
            let c = word.get(p).copied().unwrap_or(0);
            match c.to_ascii_lowercase() {
                b'a' => level |= db::ALL,
                b'b' => level |= db::BASIC,
                b'i' => level |= db::BASIC | db::IMPLICIT,
                b'j' => level |= db::JOBS,
                b'm' => level |= db::BASIC | db::MAKEFILES,
                b'n' => level = 0,
                b'p' => level |= db::PRINT,
                b'v' => level |= db::BASIC | db::VERBOSE,
                b'w' => level |= db::WHY,
                _ => {
                    let msg = quoted(&[
                        b"unknown debug level specification '",
                        &word[p.min(word.len())..],
                        b"'",
                    ]);
                    return Err(CliError::fatal(prog, &msg));
                }
            }
            p += 1;
            while p < word.len() {
                let c = word[p];
                p += 1;
                if c == b',' || c == b' ' {
                    break;
                }
            }
            if p >= word.len() {
                break;
            }
        }
    }
    opts.db_level = level;
    if level == 0 {
        opts.debug = false;
    }
    Ok(())
}

fn decode_output_sync(prog: &Prog, opts: &mut Options) -> Result<(), CliError> {
    if let Some(o) = &opts.output_sync_option {
        opts.output_sync = match o.as_slice() {
            b"none" => OutputSync::None,
            b"line" => OutputSync::Line,
            b"target" => OutputSync::Target,
            b"recurse" => OutputSync::Recurse,
            _ => {
                let msg = quoted(&[b"unknown output-sync type '", o, b"'"]);
                return Err(CliError::fatal(prog, &msg));
            }
        };
    }
    Ok(())
}

/// Reads a `--shuffle` argument as GNU's `shuffle_set_mode` does.
pub fn parse_shuffle_mode(prog: &Prog, arg: &[u8]) -> Result<ShuffleMode, CliError> {
    let lower = arg.to_ascii_lowercase();
    Ok(match lower.as_slice() {
        b"reverse" => ShuffleMode::Reverse,
        b"identity" => ShuffleMode::Identity,
        b"none" => ShuffleMode::None,
        b"random" => ShuffleMode::Random,
        _ => {
            let err: &[u8] = if arg.is_empty() {
                b"Missing value"
            } else {
                match strtoul(arg) {
                    (v, true) => return Ok(ShuffleMode::Seed(v as u32)),
                    _ => b"Invalid value",
                }
            };
            let msg = quoted(&[b"invalid shuffle mode: ", err, b": '", arg, b"'"]);
            return Err(CliError::fatal(prog, &msg));
        }
    })
}

/// C's `atof`: the longest leading decimal number, 0 if none.
fn atof(s: &[u8]) -> f64 {
    let mut i = 0;
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let start = i;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        i += 1;
    }
    let rest = s[i..].to_ascii_lowercase();
    for (word, len) in [(&b"infinity"[..], 8), (b"inf", 3), (b"nan", 3)] {
        if rest.starts_with(word) {
            let neg = s.get(start) == Some(&b'-');
            let v = if word[0] == b'n' {
                f64::NAN
            } else {
                f64::INFINITY
            };
            let _ = len;
            return if neg { -v } else { v };
        }
    }
    let mut digits = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    // strtod's decimal point is the locale's (`2,5` under de_DE).
    let point = crate::locale::decimal_point();
    let point_at = s[i..].starts_with(point).then_some(i);
    if point_at.is_some() {
        i += point.len();
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return 0.0;
    }
    let mut end = i;
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        let mut j = i + 1;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            j += 1;
        }
        if j < s.len() && s[j].is_ascii_digit() {
            while j < s.len() && s[j].is_ascii_digit() {
                j += 1;
            }
            end = j;
        }
    }
    let mut text = s[start..end].to_vec();
    if let Some(at) = point_at {
        text.splice(at - start..at - start + point.len(), [b'.']);
    }
    std::str::from_utf8(&text)
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0.0)
}

/// GNU's `expand_command_line_file`: `~` expansion and leading `./`
/// removal for file names given on the command line.
pub fn expand_command_line_file(name: &[u8]) -> Vec<u8> {
    let mut name: Vec<u8> = name.to_vec();
    if name.first() == Some(&b'~') {
        if let Some(e) = crate::glob::tilde_expand(&name) {
            if !e.is_empty() {
                name = e;
            }
        }
    }
    let mut s: &[u8] = &name;
    while s.len() >= 2 && s[0] == b'.' && s[1] == b'/' {
        s = &s[2..];
        while s.first() == Some(&b'/') {
            s = &s[1..];
        }
    }
    if s.is_empty() {
        return b"./".to_vec();
    }
    s.to_vec()
}

/// Whether WORD is a variable assignment as GNU's
/// `parse_variable_definition` decides: a name without blanks (references
/// `$(...)` skipped) followed, possibly after blanks, by one of `=`, `:=`,
/// `::=`, `:::=`, `+=`, `?=`, `!=`; a `#` before the operator means no.
pub fn is_variable_assignment(word: &[u8]) -> bool {
    crate::parser::parse_assignment(word).is_some()
}

/// Whether a word assigns a variable whose name, as written, is empty.
fn assigns_no_name(word: &[u8]) -> bool {
    use crate::parser::{parse_assignment, skip_ws, trim_end_blank};
    parse_assignment(word).is_some_and(|a| trim_end_blank(skip_ws(a.name)).is_empty())
}
