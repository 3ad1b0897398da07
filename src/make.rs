//! The state of one make run: variables, the rule database, options and
//! output, shared by every stage.

use crate::cli::Options;
use crate::error::Loc;
use crate::output::Output;
use crate::rules::Db;
use crate::vars::Vars;

/// What a `.VARIABLES` list was computed from: the length of the global
/// set's log, its start-up marks and the number of command-line variables.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct VariablesKey {
    pub events: usize,
    pub marks: [usize; 2],
    pub command_vars: usize,
}

pub struct Make {
    pub opts: Options,
    pub vars: Vars,
    pub db: Db,
    pub out: Output,
    /// Where the line being read, or the recipe being expanded, comes from:
    /// the location errors and warnings are reported at.
    pub loc: Option<Loc>,
    /// Inside the expansion of a variable begun outside any reading
    /// context: `loc` is that variable's definition, or none (GNU's
    /// reading_file points at its empty location), for the variables it
    /// refers to as well.
    pub in_var_context: bool,
    /// Recursive variables being expanded (self-reference detection).
    pub expanding: crate::expand::ExpandStack,
    /// The character that starts recipe lines (`.RECIPEPREFIX`).
    pub recipe_prefix: u8,
    /// `vpath` directives, and `VPATH`/`GPATH` once reading is done.
    pub vpath: crate::vpath::VpathSet,
    /// Directories searched for included makefiles (`-I`, then defaults).
    pub include_dirs: Vec<Vec<u8>>,
    /// The makefiles read and the state of remaking them.
    pub mkfiles: crate::makefiles::State,
    /// The value of SHELL in make's own environment.
    pub env_shell: Option<Vec<u8>>,
    /// Names of the variables defined on the command line, in order.
    pub command_vars: Vec<Vec<u8>>,
    /// The global MAKEFLAGS is make's own, whose setting by a makefile
    /// takes effect at once (GNU's `special` flag: lost when a makefile
    /// undefines it, back when make defines it again after reading).
    pub makeflags_special: bool,
    /// Depth of `$(shell)` environment construction (self-references
    /// there take the original environment's value).
    pub env_recursion: u32,
    /// While a recipe's lines are expanded: the index of the line (GNU's
    /// floc offset, which the location of a rule defined there leaves out).
    pub recipe_line_offset: u32,
    /// The line offset GNU keeps in a recipe's commands (shared by every
    /// target the recipe makes: a pattern rule's, a rule's with several
    /// targets), by the recipe (`Job::recipe_id`): the line of the
    /// command a job last took, 0 when one finished its recipe. A failed
    /// command is reported at that line, which under -j may be another
    /// job's.
    pub recipe_offsets: crate::hash::FxHashMap<usize, u32>,
    /// The child environment last built in the global context, inside
    /// (0) and outside (1) a target's context, and what it was built for
    /// (see `Make::child_env`).
    pub env_cache: [Option<(crate::environ::EnvKey, std::rc::Rc<crate::exec::ChildEnv>)>; 2],
    /// GNU's hash table of the global variables, replayed when the order
    /// of a child's environment needs it (see `Make::child_env`).
    pub global_table: crate::gnuhash::GlobalTable,
    /// Nesting depth of expansions, function calls and includes (limited
    /// to [`crate::error::MAX_DEPTH`]).
    pub depth: u32,
    /// For fuzzing: make touches nothing outside itself while reading
    /// makefiles. `$(shell)` and `!=` run nothing and give nothing,
    /// `$(file)` neither writes nor reads (after checking its arguments),
    /// `include` reads nothing (as if every file were missing).
    pub sandbox: bool,
    /// The target whose target-specific variable is being defined (GNU
    /// makes that target's set the current one meanwhile: `.SHELLSTATUS`
    /// goes there), with the number of local scopes open then.
    pub defining_target_var: Option<(Vec<u8>, usize)>,
    /// The pattern-specific variables of the intermediate file the
    /// implicit search is looking for a rule for, once its second
    /// expansion needed them (GNU's made-up file keeps them for that
    /// search).
    pub intermediate_vars: Option<Option<std::rc::Rc<crate::vars::VarSet>>>,
    /// The file whose recipe is being expanded and started (its variable
    /// context is the current one).
    pub recipe_context: Option<crate::rules::FileId>,
    /// The working directory make runs in (after `-C`).
    pub curdir: Vec<u8>,
    /// The file system seen by the update engine (a virtual one in tests).
    pub fs: Box<dyn crate::fs::Fs>,
    /// Runs recipe lines (a recording fake in tests).
    pub runner: Box<dyn crate::exec::Runner>,
    /// Running and waiting jobs, job slots, the jobserver.
    pub jobs: crate::jobs::Jobs,
    /// `--shuffle` state.
    pub shuffle: crate::shuffle::Shuffle,
    /// The length of the global set's log once the environment was read,
    /// and once start-up was done (makefiles not read yet): what GNU's
    /// table order is replayed from (`-p`, `.VARIABLES`, environments).
    pub var_log_marks: [usize; 2],
    /// The last `.VARIABLES` list and the state of the global set's log it
    /// was computed at (see `Make::all_variable_names_into`).
    pub variables_memo: Option<(VariablesKey, Vec<u8>)>,
    /// A buffer `expand_text` expands into before copying the result out
    /// at its exact size (taken while in use: nested expansions make
    /// their own).
    pub expand_scratch: Vec<u8>,
    /// Scratch buffers (expanded arguments of function calls, parts of
    /// rule lines), reused: see `take_buffer`.
    pub arg_buffers: Vec<Vec<u8>>,
    /// Under `-d`, `--debug=v` or `=i`, `-p`: GNU's directory cache (see
    /// `dir_epochs`).
    pub dir_epochs: Option<crate::dir_epochs::DirEpochs>,
    /// A fatal error met where no error can be returned (a vpath search
    /// inside a file's time), raised by the next `fatal_pending`.
    pub pending_fatal: Option<crate::error::MakeError>,
    /// Set by a vpath search that merged the file into the entry of the
    /// name found, which GPATH holds: GNU's f_mtime returns that entry's
    /// time as is, without its own end (see `file_mtime_lookup`).
    pub gpath_merged: bool,
}

impl Make {
    /// Raises the fatal error met since the last call, if any.
    pub fn fatal_pending(&mut self) -> crate::error::Result<()> {
        match self.pending_fatal.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// A command finished or make wrote a file (GNU's `command_count`
    /// grows): directory caches go stale.
    pub fn commands_ran(&mut self) {
        // What globbing read so far, it read before this.
        self.look_in_dirs_globbed();
        self.db.command_count += 1;
        self.fs.commands_ran();
        crate::fs::forget_listings_before_chdir();
        crate::glob::forget_listings_before_touch();
    }

    /// GNU looks into directory `dir` (see `dir_epochs`): at `--debug=v`,
    /// says so when it reads the directory anew; the directories globbing
    /// looked into since the last call come first.
    pub fn look_in_dir(&mut self, dir: &[u8]) {
        if self.dir_epochs.is_none() {
            return;
        }
        self.look_in_dirs_globbed();
        self.look_in_one_dir(dir);
    }

    /// `look_in_dir` for the directory GNU looks into for `name`.
    pub fn look_in_dir_of(&mut self, name: &[u8]) {
        if self.dir_epochs.is_some() {
            self.look_in_dir(crate::dir_epochs::dir_of(name));
        }
    }

    /// The directories globbing looked into (and, for `-p`, read whole)
    /// since the last call.
    pub fn look_in_dirs_globbed(&mut self) {
        for d in crate::glob::take_dirs_read() {
            self.fs.note_dir_read_whole(&d);
        }
        if self.dir_epochs.is_some() {
            for d in crate::glob::take_dirs_looked() {
                self.look_in_one_dir(&d);
            }
        }
    }

    fn look_in_one_dir(&mut self, dir: &[u8]) {
        // GNU's command count starts at 1.
        let command = self.db.command_count + 1;
        let Some(said) = self.dir_epochs.as_mut().and_then(|e| e.look(dir, command)) else {
            return;
        };
        // Read anew: the names found impossible there are forgotten, also
        // those found under another name of the same directory (GNU keeps
        // them with the contents, which `.` and `../here` share).
        if !self.db.impossible.is_empty() {
            let key = self.dir_epochs.as_ref().and_then(|e| e.contents_of(dir));
            let mut same: crate::hash::FxHashMap<Vec<u8>, bool> = Default::default();
            self.db.impossible.retain(|n| {
                let d = crate::dir_epochs::dir_of(n);
                if d == dir {
                    return false;
                }
                let Some(key) = key else { return true };
                let shared = *same
                    .entry(d.to_vec())
                    .or_insert_with(|| crate::fs::dir_id(d) == Some(key));
                !shared
            });
        }
        let Some(old) = said else { return };
        if !self.isdb(crate::cli::db::VERBOSE) {
            return;
        }
        let mut m = b"Directory ".to_vec();
        m.extend_from_slice(dir);
        m.extend_from_slice(
            format!(" cache invalidated (count {old} != command {command})\n").as_bytes(),
        );
        self.out.debug(&m);
    }

    pub fn new(opts: Options, out: Output) -> Make {
        let prefix = out.prefix();
        let check_symlinks = opts.check_symlink_times;
        Make {
            opts,
            vars: Vars::default(),
            db: Db::default(),
            out,
            loc: None,
            in_var_context: false,
            expanding: Default::default(),
            recipe_prefix: b'\t',
            vpath: crate::vpath::VpathSet::new(),
            include_dirs: Vec::new(),
            mkfiles: crate::makefiles::State::default(),
            env_shell: None,
            command_vars: Vec::new(),
            makeflags_special: false,
            env_recursion: 0,
            recipe_line_offset: 0,
            recipe_offsets: Default::default(),
            env_cache: [None, None],
            global_table: Default::default(),
            depth: 0,
            sandbox: false,
            defining_target_var: None,
            intermediate_vars: None,
            recipe_context: None,
            curdir: Vec::new(),
            fs: Box::new(crate::fs::CachedFs::new(check_symlinks, &prefix)),
            runner: Box::new(crate::exec::RealRunner::new(&prefix)),
            jobs: crate::jobs::Jobs::default(),
            shuffle: crate::shuffle::Shuffle::default(),
            var_log_marks: [0; 2],
            variables_memo: None,
            expand_scratch: Vec::new(),
            arg_buffers: Vec::new(),
            dir_epochs: None,
            pending_fatal: None,
            gpath_merged: false,
        }
    }
}
