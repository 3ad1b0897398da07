//! One run of make from start to finish: the command line, the directory
//! changes, the initial variables, reading the makefiles, and updating the
//! goals — in GNU make's order.

use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::rc::Rc;

use crate::cli::{self, Prog};
use crate::default_rules;
use crate::error::{ErrorKind, MakeError, Result};
use crate::make::Make;
use crate::output::Output;
use crate::vars::{Flavor, Origin, Var};

/// Runs make with the process's arguments; returns the exit status.
pub fn run() -> i32 {
    let mut argv: Vec<Vec<u8>> = std::env::args_os().map(|a| a.into_vec()).collect();
    if argv.is_empty() {
        argv.push(b"make".to_vec());
    }
    let level = std::env::var_os("MAKELEVEL").map_or(0, |v| crate::cnum::make_level(v.as_bytes()));
    // GNU decodes its switches before it reads MAKELEVEL: what it says
    // about them has no level.
    let prog = Prog::from_argv0(&argv[0], 0);
    crate::small_alloc::set_program_name(&prog.name);
    let out = Output::new(prog.name.clone(), level);
    // GNU picks its temporary directory first of all (saying so when
    // $TMPDIR is not one), without a level.
    crate::jobserver::init_tmpdir(&mut Output::new(prog.name.clone(), 0));
    // GNU decodes these as expanded variables (`$$` stands for `$`), each
    // after the switches before it (GNUMAKEFLAGS may ask for warnings about
    // undefined variables in MAKEFLAGS). An error expanding them is fatal
    // (GNU's level is still 0).
    let mut opts = cli::Options::default();
    // `MAKE_RESTARTS` starting with `-` says "Entering directory" was
    // printed: GNU reads it from the environment before the switches, and
    // an exit while decoding them says "Leaving an unknown directory".
    let mut traced =
        std::env::var_os("MAKE_RESTARTS").is_some_and(|v| v.as_bytes().first() == Some(&b'-'));
    let gnumakeflags = std::env::var_os("GNUMAKEFLAGS")
        .map(|v| expand_startup_flags(&prog, &opts, &v.into_vec(), &mut traced))
        .transpose();
    // GNU opens the output-sync mutex that MAKEFLAGS names at the end of
    // every decoding of switches once it knows the mutex (GNUMAKEFLAGS and
    // MAKEFLAGS when not blank, then the command line), leaking the handle
    // before; see jobserver::note_inherited.
    let mut mutex_opens = 0;
    let opens = |v: &[u8], o: &cli::Options| {
        usize::from(!v.iter().all(|c| b" \t".contains(c)) && o.sync_mutex.is_some())
    };
    let go_on = match gnumakeflags {
        Ok(v) => v.is_none_or(|v| {
            let go_on = cli::startup_gnumakeflags(&prog, &v, &mut opts);
            mutex_opens += opens(&v, &opts);
            opts.gnumakeflags_env_overrides = opts.environment_overrides;
            go_on
        }),
        Err(e) => return Output::new(prog.name.clone(), 0).report(&e),
    };
    let go_on = go_on && {
        let makeflags = match std::env::var_os("MAKEFLAGS") {
            Some(v) => expand_startup_flags(&prog, &opts, &v.into_vec(), &mut traced).map(Some),
            None => {
                if opts.warn_undefined_variables {
                    let mut o = Output::new(prog.name.clone(), 0);
                    o.enter_unknown = opts.should_print_dir(0);
                    o.error(None, b"warning: undefined variable 'MAKEFLAGS'");
                    traced |= o.traced;
                }
                Ok(None)
            }
        };
        match makeflags {
            Ok(v) => v.is_none_or(|v| {
                let go_on = cli::startup_makeflags(&prog, &v, &mut opts);
                mutex_opens += opens(&v, &opts);
                go_on
            }),
            Err(e) => return Output::new(prog.name.clone(), 0).report(&e),
        }
    };
    opts.env_output_sync = opts.output_sync;
    if go_on {
        cli::startup_args(&prog, &argv[1..], &mut opts);
        mutex_opens += usize::from(opts.sync_mutex.is_some());
    }
    if let Some(auth) = &opts.jobserver_auth {
        crate::jobserver::note_inherited(auth, opts.sync_mutex.as_deref(), mutex_opens);
    }
    // GNU checks the --shuffle argument after -h and -v, before it prints
    // anything (an "Entering directory" line) or reads MAKELEVEL.
    if opts.deferred.is_none() && !opts.help && !opts.version {
        if let Some(arg) = &opts.shuffle {
            if let Err(e) = cli::parse_shuffle_mode(&prog, arg) {
                opts.deferred = Some(e.in_unknown_dir(&opts));
            }
        }
    }
    // Without an early exit: the simple cases need no state.
    let early_exit = opts.deferred.is_some() || opts.help || opts.version;
    if early_exit && opts.variables.is_empty() && !opts.print_data_base {
        return startup_exit_plain(&prog, &opts, traced);
    }
    // -R implies -r.
    if opts.no_builtin_variables && !early_exit {
        opts.no_builtin_rules = true;
    }
    crate::signals::install();
    crate::compile_commands::setup(&opts);
    let mut out = out;
    out.traced = traced;
    let mut mk = Make::new(opts, out);
    let status = match start(&mut mk, &argv) {
        Ok(s) => s,
        Err(e) => {
            let status = mk.report_fatal(&e);
            mk.show_fatal_output();
            mk.out.finish();
            status
        }
    };
    crate::signals::TEMP_STDIN.remove();
    let status = mk.out.check_stdout(false).unwrap_or(status);
    crate::load::close_at_exit();
    // The jobserver (and its fifo) is released properly; the rest of the
    // state is not freed, as the process ends now and that only costs time.
    drop(std::mem::take(&mut mk.jobs));
    std::mem::forget(mk);
    status
}

/// GNU's exits right after decoding the switches (a bad switch, -h, -v),
/// when there are no command-line variables to define first and no data
/// base to print; returns the exit status. GNU's level is still 0 then.
fn startup_exit_plain(prog: &Prog, opts: &cli::Options, traced: bool) -> i32 {
    let mut out = Output::new(prog.name.clone(), 0);
    out.traced = traced;
    // Under an -O from the environment, GNU holds its own messages (not
    // getopt's) and shows them when it dies, after the usage text.
    let held = matches!(
        opts.env_output_sync,
        cli::OutputSync::Line | cli::OutputSync::Target
    );
    let mut later = Vec::new();
    for m in &opts.startup_messages {
        if held && m.announce.is_some() {
            later.push(&m.text);
        } else {
            startup_message(&mut out, m);
        }
    }
    let mut printed = false;
    let status = startup_exit_output(&mut out, opts, &mut printed);
    if !later.is_empty() {
        let dirs = opts.should_print_dir(0);
        let unknown = std::mem::replace(&mut out.enter_unknown, true);
        if dirs {
            out.directory_notice(true);
        }
        for t in later {
            out.raw_stderr(t);
        }
        if dirs {
            out.directory_notice(false);
        }
        out.enter_unknown = unknown;
    }
    out.finish();
    if status == 0 {
        return out.check_stdout(true).unwrap_or(0);
    }
    status
}

/// What GNU prints when it stops right after decoding its switches: the
/// error (after the messages about the switches, printed before), the
/// usage text or the help, and the version (-v: first, or alone), as its
/// print_usage and `die` do; not the data base (-p). Returns the exit
/// status.
fn startup_exit_output(out: &mut Output, opts: &cli::Options, version_printed: &mut bool) -> i32 {
    let prefix: &[u8] = if opts.print_data_base { b"# " } else { b"" };
    let version = |out: &mut Output, printed: &mut bool| {
        if !*printed {
            *printed = true;
            let v = cli::version_text_prefixed(&out.prog, prefix);
            out.stdout_unannounced(&v);
        }
    };
    let status = match &opts.deferred {
        Some(cli::CliError::Usage { usage, .. }) => {
            if opts.version {
                version(out, version_printed);
                out.stdout_unannounced(b"\n");
            }
            out.raw_stderr(usage);
            2
        }
        Some(e @ cli::CliError::Fatal { text, .. }) => {
            out.enter_unknown = e.in_dir_lines();
            out.stderr(text);
            2
        }
        None if opts.help => {
            if opts.version {
                version(out, version_printed);
                out.stdout_unannounced(b"\n");
            }
            let h = cli::help_text_with_extras(&out.prog);
            out.stdout_unannounced(&h);
            0
        }
        None => 0,
    };
    if opts.version {
        version(out, version_printed);
    }
    // "Leaving an unknown directory" if a message announced one.
    if out.traced {
        out.enter_unknown = true;
    }
    status
}

/// One of the messages GNU prints while decoding its switches.
fn startup_message(out: &mut Output, m: &cli::StartupMessage) {
    match m.announce {
        Some(announce) => {
            out.enter_unknown = announce;
            out.db_comment = m.db_comment;
            out.stderr(&m.text);
        }
        None => out.raw_stderr(&m.text),
    }
}

fn start(mk: &mut Make, argv: &[Vec<u8>]) -> Result<i32> {
    mk.read_restarts();
    mk.mkfiles.start_dir = getcwd(mk, true);
    mk.out.db_comment = mk.opts.print_data_base;
    // After a restart whose make printed "Entering directory", this one
    // does not print it again, and prints "Leaving directory" at the end
    // even when -w comes only from a makefile's MAKEFLAGS (read later).
    mk.out.traced |= mk.mkfiles.traced;
    let r = start_in_dir(mk, argv);
    let r = match r {
        Ok(code) => code,
        Err(e) => {
            // (--debug=v: what globbing read anew before the error.)
            mk.look_in_dirs_globbed();
            let code = mk.out.report(&e);
            // GNU's `die` prints the version -v asked for (only a
            // command-line variable can stop make before it exits for -v),
            if mk.opts.version {
                mk.print_version();
            }
            // waits for the jobs still running (a makefile's remaking
            // failed while another's ran: "Waiting for unfinished jobs"),
            // removes the intermediate files made so far (while
            // remaking the makefiles) and prints the data base too.
            mk.wait_all_jobs(code != 0);
            mk.remove_intermediates(false);
            if mk.opts.print_data_base {
                mk.print_data_base();
            }
            code
        }
    };
    mk.show_reading_output();
    // GNU's top make takes its tokens back before it exits, and says so.
    if let Some(js) = mk.jobs.jobserver.as_ref().filter(|j| j.root) {
        if mk.isdb(crate::cli::db::JOBS) {
            let n = js.acquire_all();
            mk.out
                .debug(format!("Acquired all {} jobserver tokens.\n", n).as_bytes());
        }
    }
    mk.out.finish();
    Ok(r)
}

/// The working directory; if it cannot be had (it was removed, say), says
/// so as GNU does (`make: getcwd: REASON`) and goes on without it. At
/// start-up (`early`) GNU does not know its level yet: a sub-make says
/// `make:`, not `make[1]:`.
fn getcwd(mk: &mut Make, early: bool) -> Option<Vec<u8>> {
    match std::env::current_dir() {
        Ok(p) => Some(p.into_os_string().into_vec()),
        Err(e) => {
            let mut m = b"getcwd: ".to_vec();
            m.extend_from_slice(&crate::exec::error_text(&e));
            let level = mk.out.level;
            if early {
                mk.out.level = 0;
            }
            mk.out.error(None, &m);
            mk.out.level = level;
            None
        }
    }
}

/// Defines a start-up variable unless a stronger origin (say, the
/// environment for a default) holds it already.
fn define(mk: &mut Make, name: &str, value: &[u8], simple: bool, origin: Origin) {
    env_held(mk, name);
    define_before_env(mk, name, value, simple, origin);
}

/// GNU's `MAKE_TERMOUT` and `MAKE_TERMERR`: when standard output (error)
/// is a terminal and the variable is not defined yet (from the
/// environment, as a sub-make has it from the make above, or the command
/// line), it names the terminal (`true` when it has no name), origin
/// default, exported: recipes and sub-makes know the output goes to a
/// terminal even when `-O` sends it through a file first.
fn define_terminal_variables(mk: &mut Make) {
    for (fd, name) in [(1, "MAKE_TERMOUT"), (2, "MAKE_TERMERR")] {
        // SAFETY: isatty only looks at the descriptor.
        if unsafe { libc::isatty(fd) } != 1 || mk.vars.global.get(name.as_bytes()).is_some() {
            continue;
        }
        let tty = tty_name(fd).unwrap_or_else(|| b"true".to_vec());
        define(mk, name, &tty, true, Origin::Default);
        if let Some(v) = mk.vars.global.get_mut(name.as_bytes()) {
            v.export.set(crate::vars::Export::Export);
        }
    }
}

/// The name of the terminal open on descriptor `fd` (`ttyname`).
fn tty_name(fd: libc::c_int) -> Option<Vec<u8>> {
    let mut buf = [0 as libc::c_char; 4096];
    // SAFETY: the buffer's length is passed; on success it holds a
    // NUL-terminated name.
    if unsafe { libc::ttyname_r(fd, buf.as_mut_ptr(), buf.len()) } != 0 {
        return None;
    }
    // SAFETY: ttyname_r succeeded, so `buf` holds a C string.
    let name = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) };
    Some(name.to_bytes().to_vec())
}

/// [`define`] of a variable GNU defines before it imports the environment
/// (its special variables and `.FEATURES`): a variable of the name from the
/// environment stays an "environment" one under -e.
fn define_before_env(mk: &mut Make, name: &str, value: &[u8], simple: bool, origin: Origin) {
    let origin = env_origin(mk, origin);
    if mk
        .vars
        .global
        .get(name.as_bytes())
        .is_some_and(|v| v.origin > origin)
    {
        return;
    }
    let fl = if simple {
        Flavor::Simple
    } else {
        Flavor::Recursive
    };
    let export = mk.vars.global.get(name.as_bytes()).map(|v| v.export.get());
    let v = Var::new(value.to_vec(), fl, origin);
    if let Some(e) = export {
        v.export.set(e);
    }
    mk.vars.global.set(name.as_bytes(), v);
}

/// Under -e, a variable imported from the environment (before the
/// switches were known) becomes an "environment override" one as soon as
/// make defines that name, whatever the new origin (GNU's
/// define_variable_in_set): it keeps its value.
fn env_held(mk: &mut Make, name: &str) {
    if mk.opts.environment_overrides {
        if let Some(mut v) = mk.vars.global.get_mut(name.as_bytes()) {
            if v.origin == Origin::Environment {
                v.origin = Origin::EnvironmentOverride;
            }
        }
    }
}

/// -C: changes directories in order, as GNU does once it has decoded its
/// arguments (command-line variables are defined in the directory make
/// started in) and knows its level; returns the directory make is in. A
/// failure is announced from the starting directory.
fn change_directory(mk: &mut Make) -> Result<Vec<u8>> {
    if !mk.opts.directories.is_empty() {
        crate::fs::keep_listings_across_chdir();
    }
    for d in mk.opts.directories.clone() {
        if let Err(e) = std::env::set_current_dir(crate::fs::path(&d)) {
            // (Announced already, an unknown directory: the "Leaving"
            // line names the starting one, even when the switches that
            // followed turned directory lines off.)
            if mk.out.traced || mk.opts.should_print_dir(mk.out.level) || mk.mkfiles.traced {
                mk.out.enter_dir = Some(mk.mkfiles.start_dir.clone().unwrap_or_default());
            }
            let mut m = d.clone();
            m.extend_from_slice(b": ");
            m.extend_from_slice(&crate::exec::error_text(&e));
            return Err(MakeError::msg(None, m));
        }
    }
    // GNU asks again only after -C.
    let cwd = if mk.opts.directories.is_empty() {
        mk.mkfiles.start_dir.clone()
    } else {
        getcwd(mk, false)
    };
    let cwd = cwd.unwrap_or_default();
    // Announced already (an unknown directory, or before a restart): the
    // "Leaving directory" line names this one.
    if mk.out.traced || mk.opts.should_print_dir(mk.out.level) || mk.mkfiles.traced {
        mk.out.enter_dir = Some(cwd.clone());
    }
    mk.curdir = cwd.clone();
    Ok(cwd)
}

fn start_in_dir(mk: &mut Make, argv: &[Vec<u8>]) -> Result<i32> {
    let argv0: &[u8] = argv.first().map(|a| a.as_slice()).unwrap_or(b"make");
    // (Under -t too: what GNU's cache read before -t made a file is what
    // its globbing sees.)
    if mk.isdb(crate::cli::db::VERBOSE | crate::cli::db::IMPLICIT)
        || mk.opts.print_data_base
        || mk.opts.touch
    {
        mk.dir_epochs = Some(Default::default());
        crate::glob::log_dirs_looked();
    }
    // The global set's history orders `.VARIABLES` and -p's variables as
    // GNU's hash table does.
    mk.vars.global.log = Some(Default::default());
    if mk.opts.print_data_base {
        mk.fs.track_dirs();
        crate::glob::record_dirs_read();
    }
    if !mk.opts.directories.is_empty() {
        crate::fs::note_reads_before_chdir();
    }
    mk.import_environment();
    mk.var_log_marks[0] = log_len(mk);
    mk.import_restarts();
    // (Not when GNU stopped decoding in it.)
    if !mk.opts.deferred_in_gnumakeflags
        && mk
            .vars
            .global
            .get(b"GNUMAKEFLAGS")
            .is_some_and(|v| v.origin == Origin::Environment)
    {
        // (With -e only from GNUMAKEFLAGS itself: the rest of the switches
        // are decoded after; -p at an exit right after them shows it.)
        let env_overrides = std::mem::replace(
            &mut mk.opts.environment_overrides,
            mk.opts.gnumakeflags_env_overrides,
        );
        mk.set_global(
            b"GNUMAKEFLAGS",
            Vec::new(),
            Flavor::Simple,
            Origin::Environment,
            None,
        );
        mk.opts.environment_overrides = env_overrides;
    }
    // What GNU defines before it reads its arguments, which a command-line
    // variable's expansion may see.
    for (n, v, s) in default_rules::BASE_VARIABLES {
        if BEFORE_ENVIRONMENT.contains(n) {
            define_before_env(mk, n, v.as_bytes(), *s, Origin::Default);
        }
    }
    define_before_env(
        mk,
        ".FEATURES",
        default_rules::FEATURES.as_bytes(),
        true,
        Origin::Default,
    );
    mk.hold_reading_output();
    // Command-line variable assignments come next in GNU, in one pass with
    // the goals (each goal extending MAKECMDGOALS), before the built-in and
    // automatic variables: `CC+=-g` there makes CC `-g`, and a `!=` runs
    // with the environment's SHELL only.
    let goals = mk.opts.goals.clone();
    let mut names = Vec::new();
    let mut goals_seen = 0;
    // GNU defines them while it decodes its arguments, its level still 0
    // and its directory not yet known: what they print (a `!=` command, a
    // `$(warning)`) says `make:`, after "Entering an unknown directory" if
    // the options before ask for directory lines. An error stops there.
    // The same for --warn-undefined-variables: it counts from where it is.
    // What GNU said about bad switches comes in between, and a fatal
    // error in one variable stops before the switches after it count.
    let level = mk.out.level;
    let warn_undefined = mk.opts.warn_undefined_variables;
    let db_comment = mk.out.db_comment;
    let messages = std::mem::take(&mut mk.opts.startup_messages);
    let mut messages = messages.iter().peekable();
    mk.out.level = 0;
    // Held (as the output of reading) only under an -O from the
    // environment: GNU sets up its output sync before decoding the
    // command line.
    let held = (!matches!(
        mk.opts.env_output_sync,
        cli::OutputSync::Line | cli::OutputSync::Target
    ))
    .then(|| {
        (
            mk.out.capture.take(),
            std::mem::take(&mut mk.out.reading_hold),
        )
    });
    // When the command line turns that sync off, GNU still holds what it
    // prints while decoding the command line, and shows it right after.
    let shown_after_decoding = held.is_none()
        && !matches!(
            mk.opts.output_sync,
            cli::OutputSync::Line | cli::OutputSync::Target
        );
    if shown_after_decoding {
        mk.out.reading_hold = crate::output::ReadingHold::Pending;
    }
    // GNU's output sync mode is the environment's until the command line
    // is decoded (what a fatal error there shows, and how).
    mk.out.sync = mk.opts.env_output_sync;
    for (i, a) in mk.opts.variables.clone().into_iter().enumerate() {
        while let Some(m) = messages.next_if(|m| m.after_variables <= i) {
            startup_message(&mut mk.out, m);
        }
        let switches = mk.opts.before_variable.get(i).copied().unwrap_or_default();
        mk.out.enter_unknown = switches.print_dir;
        mk.out.db_comment = switches.print_data_base;
        mk.opts.warn_undefined_variables = switches.warn_undefined;
        let before = mk.opts.goals_before_variable.get(i).copied().unwrap_or(0);
        enter_goals(mk, &goals[..before.min(goals.len())]);
        if before > goals_seen && before <= goals.len() {
            goals_seen = before;
            define(
                mk,
                "MAKECMDGOALS",
                &join(&goals[..before]),
                true,
                Origin::Default,
            );
        }
        match command_line_variable(mk, &a) {
            Ok(Some(n)) => names.push(n),
            Ok(None) => {}
            Err(e) => {
                // GNU's `die`, with the switches decoded so far (its
                // version after the message, see `start`).
                held_output_in_unknown_dir(mk, switches.print_dir);
                mk.opts.print_data_base = switches.print_data_base;
                mk.mkfiles.strcache_empty = !switches.names;
                mk.opts.version = switches.version;
                if mk.out.traced {
                    mk.out.enter_unknown = true;
                }
                return Err(e);
            }
        }
    }
    for m in messages {
        startup_message(&mut mk.out, m);
    }
    mk.out.sync = mk.opts.output_sync;
    enter_goals(mk, &goals);
    if let Some((capture, hold)) = held {
        mk.out.capture = capture;
        mk.out.reading_hold = hold;
    }
    mk.out.db_comment = db_comment;
    // The goals after the last variable (GNU defines MAKECMDGOALS only
    // when goals were given).
    if goals.len() > goals_seen {
        define(mk, "MAKECMDGOALS", &join(&goals), true, Origin::Default);
    }
    if mk.opts.exits_at_startup() {
        return Ok(startup_exit(mk));
    }
    if shown_after_decoding {
        show_held_while_decoding(mk);
    }
    define_terminal_variables(mk);
    // GNU's banner of --debug comes once the switches are decoded and the
    // command-line variables defined.
    if mk.isdb(crate::cli::db::BASIC) {
        mk.print_version();
    }
    let command_values = mk.command_variable_values(&names);
    mk.out.enter_unknown = false;
    mk.opts.warn_undefined_variables = warn_undefined;
    mk.out.level = level;
    relevel(mk);
    let cwd = &change_directory(mk)?;
    define_base_variables(mk, |n| {
        !AUTOMATIC_BASE.contains(&n) && !BEFORE_ENVIRONMENT.contains(&n)
    });
    let make_command = command_path(argv0);
    define(mk, "MAKE_COMMAND", &make_command, true, Origin::Default);
    define(mk, "CURDIR", cwd, true, Origin::File);
    // GNU reads a makefile from stdin before it defines the built-in
    // variables, suffixes and automatic variables.
    read_stdin_makefile(mk)?;
    define_base_variables(mk, |n| AUTOMATIC_BASE.contains(&n));
    if let Some(v) = mk.vars.global.get_mut(b"MAKEFILES") {
        v.export.set(crate::vars::Export::IfSet);
    }
    // Built-in variables.
    if !mk.opts.no_builtin_variables {
        for (n, v, s) in default_rules::DEFAULT_VARIABLES {
            define(mk, n, v.as_bytes(), *s, Origin::Default);
        }
    }
    mk.set_default_suffixes();
    mk.db.intern(b".DEFAULT");
    for (n, v) in default_rules::AUTOMATIC_DF {
        define(mk, n, v.as_bytes(), false, Origin::Automatic);
    }
    define(mk, ".DEFAULT_GOAL", b"", true, Origin::File);
    let level = mk.out.level.to_string();
    define(mk, "MAKELEVEL", level.as_bytes(), true, Origin::Environment);
    // SHELL never comes from the environment, and an empty SHELL (even
    // from the command line) is the default shell, as a makefile's.
    // (Even under -e.)
    let reset = mk.vars.global.get(b"SHELL").and_then(|v| {
        if v.value.is_empty() {
            Some(v.flavor)
        } else if matches!(v.origin, Origin::Environment | Origin::EnvironmentOverride) {
            Some(Flavor::Recursive)
        } else {
            None
        }
    });
    if let Some(flavor) = reset {
        define_raw(mk, "SHELL", b"/bin/sh".to_vec(), flavor, Origin::File);
    }
    if let Some(v) = mk.vars.global.get_mut(b"MAKELEVEL") {
        v.export.set(crate::vars::Export::Export);
    }
    mk.construct_include_path();

    mk.command_vars = names;
    mk.define_command_variables(command_values);
    mk.define_makeflags();
    // Exported from the start; a makefile may unexport it (GNU sets the
    // export once here, later definitions keep what the variable has).
    if let Some(v) = mk.vars.global.get_mut(b"MAKEFLAGS") {
        v.export.set(crate::vars::Export::Export);
    }
    mk.var_log_marks[1] = log_len(mk);
    // --eval: evaluated once; `-*-eval-flags-*-` keeps what was given
    // (defined once they all were, as GNU does).
    for e in mk.opts.evals.clone() {
        mk.loc = None;
        mk.eval_makefile_text(b"", Rc::from(e.as_slice()), true)?;
    }
    if !mk.opts.evals.is_empty() {
        let v = cli::eval_flags_value(&mk.opts.evals);
        define_raw(mk, "-*-eval-flags-*-", v, Flavor::Simple, Origin::Automatic);
    }

    mk.join_jobserver()?;
    // Whether the built-in rules were off before the makefiles (whose
    // MAKEFLAGS settings apply at once) were read.
    let builtin_off = mk.opts.no_builtin_rules || mk.opts.no_builtin_variables;
    let builtin_variables_off = mk.opts.no_builtin_variables;
    let jobs_before = mk.opts.jobs;
    read_makefiles(mk)?;
    reread_makeflags(mk, jobs_before)?;
    mk.builtin_rules_dropped(builtin_off, builtin_variables_off);
    mk.setup_jobs()?;
    mk.show_reading_output();

    // Bring the makefiles up to date (re-executing if one changed). After a
    // restart -B and -W apply to the goals only.
    if let Some(code) = crate::beyond::instead_of_update(mk, &goals)? {
        return Ok(code);
    }
    mk.loc = None;
    let restarted = mk.mkfiles.restarts > 0;
    let always_make = mk.opts.always_make;
    let new_files = if restarted {
        std::mem::take(&mut mk.opts.new_files)
    } else {
        Vec::new()
    };
    if restarted {
        mk.opts.always_make = false;
    }
    let remade = mk.remake_makefiles(argv);
    mk.opts.always_make = always_make;
    if let Some(code) = remade? {
        return Ok(code);
    }
    mk.define_makeflags();
    for name in new_files {
        let f = mk.db.enter_file(&name);
        let file = mk.db.file_mut(f);
        file.last_mtime = Some(crate::rules::NEW_MTIME).into();
        file.mtime_before_update = Some(crate::rules::NEW_MTIME).into();
        mk.opts.new_files.push(name);
    }
    crate::signals::TEMP_STDIN.remove();

    mk.loc = None;
    let status = mk.update_goals(&goals);
    crate::beyond::after_update(mk);
    // GNU gives this last warning unless it died (a fatal error, or a
    // failure without -k).
    if mk.db.clock_skew && (status != 2 || mk.opts.keep_going) {
        mk.out.error(
            None,
            b"warning:  Clock skew detected.  Your build may be incomplete.",
        );
    }
    if mk.opts.print_data_base {
        mk.print_data_base();
    }
    Ok(status)
}

/// Under `-e` GNU defines what comes from the environment with origin
/// "environment override".
fn env_origin(mk: &Make, origin: Origin) -> Origin {
    if origin == Origin::Environment && mk.opts.environment_overrides {
        Origin::EnvironmentOverride
    } else {
        origin
    }
}

/// GNU enters the goals as files, marked as command-line targets, while
/// decoding the command line, in turn with the command-line variables (a
/// fatal error in one leaves the goals after it out, -p shows): the mark
/// counts while makefiles are remade (-n/-t/-q apply to a makefile given
/// as a goal) and shows in -p. Enters those of `goals` not entered yet.
fn enter_goals(mk: &mut Make, goals: &[Vec<u8>]) {
    for g in goals {
        if mk.db.get(g).is_some_and(|id| mk.db.file(id).cmd_target) {
            continue;
        }
        let id = mk.db.intern(g);
        mk.db.file_mut(id).cmd_target = true;
    }
}

fn log_len(mk: &Make) -> usize {
    mk.vars.global.log.as_ref().map_or(0, |l| l.len())
}

/// GNU takes its recursion level from the `MAKELEVEL` variable once the
/// command line is read: a `MAKELEVEL=N` there (or in `MAKEFLAGS`) sets the
/// level of make's messages and "Entering directory", and the children's
/// `MAKELEVEL` is one more.
fn relevel(mk: &mut Make) {
    let level = mk
        .vars
        .global
        .get(b"MAKELEVEL")
        .map_or(0, |v| crate::cnum::make_level(&v.value));
    mk.out.level = level;
    let prefix = mk.out.prefix();
    mk.runner.set_prefix(&prefix);
    mk.fs.set_prefix(&prefix);
}

/// After reading the makefiles GNU decodes `MAKEFLAGS` again: switches a
/// makefile added take effect, and its variable assignments are defined
/// with origin `environment` (where nothing stronger holds them).
///
/// A -j the makefiles set (shown in MAKEFLAGS while they are read) stays
/// only when the command line gave none: otherwise `jobs_before`, the
/// number before reading, is back.
fn reread_makeflags(mk: &mut Make, jobs_before: Option<Option<u32>>) -> Result<()> {
    mk.opts.jobs = None;
    for name in [&b"GNUMAKEFLAGS"[..], b"MAKEFLAGS"] {
        let value = mk.var_value(name)?;
        if name == b"GNUMAKEFLAGS" {
            mk.set_global(name, Vec::new(), Flavor::Simple, Origin::Override, None);
        }
        if value.is_empty() {
            continue;
        }
        let (assigns, empty_name) = mk.reapply_makeflags(&value, None)?;
        for a in assigns {
            if let Some(x) = crate::parser::parse_assignment(&a) {
                let n = mk.expand_text(x.name)?;
                if n.is_empty() {
                    return Err(MakeError::at(None, ErrorKind::EmptyVariableName));
                }
                let n = crate::parser::trim_end_blank(crate::parser::skip_ws(&n)).to_vec();
                let v = x.value.to_vec();
                mk.define_variable(&n, &v, x.op, Origin::Environment, None)?;
            }
        }
        if empty_name {
            return Err(MakeError::at(None, ErrorKind::EmptyVariableName));
        }
    }
    if cli::settle_jobs(&mut mk.opts, jobs_before) {
        mk.leave_jobserver_for_makefile_jobs();
    }
    // -R implies -r, also when a makefile set it.
    if mk.opts.no_builtin_variables {
        mk.opts.no_builtin_rules = true;
    }
    mk.construct_include_path();
    mk.refresh_print_dir();
    mk.define_makeflags();
    Ok(())
}

impl Make {
    /// A makefile may turn `-w`/`--no-print-directory` on or off through
    /// MAKEFLAGS: "Entering directory" follows (it is printed lazily).
    pub fn refresh_print_dir(&mut self) {
        self.out.db_comment = self.opts.print_data_base;
        // Nor is make's own output announced under -Oline/-Otarget (GNU's
        // output_start looks at the current mode).
        self.out.sync = self.opts.output_sync;
        if self.opts.should_print_dir(self.out.level) {
            if self.out.enter_dir.is_none() {
                self.out.enter_dir = Some(self.curdir.clone());
            }
        } else if !self.out.traced {
            self.out.enter_dir = None;
        }
    }
}

/// The path `$(MAKE)` uses: argv[0], made absolute when it names a file
/// relative to the current directory.
fn command_path(argv0: &[u8]) -> Vec<u8> {
    if argv0.contains(&b'/') && !argv0.starts_with(b"/") {
        if let Ok(cwd) = std::env::current_dir() {
            let mut p = cwd.into_os_string().into_vec();
            p.push(b'/');
            p.extend_from_slice(argv0);
            return p;
        }
    }
    argv0.to_vec()
}

fn join(words: &[Vec<u8>]) -> Vec<u8> {
    let mut v = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            v.push(b' ');
        }
        v.extend_from_slice(w);
    }
    v
}

/// `NAME=VALUE` from the command line; returns the variable's name.
/// GNU's exit right after decoding its switches, the command-line
/// variables defined: [`startup_exit_output`], then the data base (-p).
fn startup_exit(mk: &mut Make) -> i32 {
    held_output_in_unknown_dir(mk, mk.opts.should_print_dir(0));
    mk.mkfiles.strcache_empty = !mk.opts.names_given();
    let opts = std::mem::take(&mut mk.opts);
    let status = startup_exit_output(&mut mk.out, &opts, &mut mk.mkfiles.version_printed);
    mk.opts = opts;
    if mk.opts.print_data_base {
        mk.print_data_base();
    }
    status
}

/// Shows what was held while the command line was decoded (under an -O
/// from the environment that the command line turned off), in "Entering
/// an unknown directory" lines if the switches ask for directory lines
/// (GNU's directory is not known yet then, nor its level). Make's own
/// later output is announced anew.
fn show_held_while_decoding(mk: &mut Make) {
    let saved = (mk.out.enter_dir.take(), mk.out.enter_unknown);
    if mk.opts.should_print_dir(0) {
        mk.out.enter_dir = Some(Vec::new());
        mk.out.enter_unknown = true;
    }
    mk.show_reading_output();
    (mk.out.enter_dir, mk.out.enter_unknown) = saved;
}

/// Make stops before it knows its directory: output held by an -O from
/// the environment is shown between "Entering/Leaving an unknown
/// directory" lines when the switches ask for them (GNU's output_dump).
fn held_output_in_unknown_dir(mk: &mut Make, print_dir: bool) {
    // (The files to hold it in are made at the first message.)
    let holding =
        mk.out.capture.is_some() || mk.out.reading_hold != crate::output::ReadingHold::Off;
    if holding && print_dir {
        mk.out.enter_dir = Some(Vec::new());
        mk.out.enter_unknown = true;
    }
}

fn command_line_variable(mk: &mut Make, text: &[u8]) -> Result<Option<Vec<u8>>> {
    let Some(a) = crate::parser::parse_assignment(text) else {
        return Ok(None);
    };
    // The text is trimmed (by parse_assignment), not its expansion (as in
    // GNU).
    let literal = a.name;
    let name = mk.expand_text(literal)?;
    if name.is_empty() {
        return Err(MakeError::at(None, ErrorKind::EmptyVariableName));
    }
    let value = a.value.to_vec();
    mk.define_variable(&name, &value, a.op, Origin::CommandLine, None)?;
    Ok(Some(name))
}

impl Make {
    /// The command-line variables as they were defined (before the
    /// start-up definitions, which may reset an empty SHELL), for
    /// [`Make::define_command_variables`].
    fn command_variable_values(&self, names: &[Vec<u8>]) -> Vec<cli::CommandVar> {
        names
            .iter()
            .filter_map(|n| {
                self.vars.global.get(n).map(|v| cli::CommandVar {
                    name: n.clone(),
                    value: v.value.clone(),
                    recursive: v.is_recursive(),
                })
            })
            .collect()
    }

    /// Defines the hidden variables behind `MAKEFLAGS` from the
    /// command-line variables, once, at start-up: `-*-command-variables-*-`
    /// (fixed from now on) and `MAKEOVERRIDES`, which refers to it.
    pub fn define_command_variables(&mut self, vars: Vec<cli::CommandVar>) {
        if vars.is_empty() {
            return;
        }
        let value = cli::command_variables_value(&vars);
        define_raw(
            self,
            "-*-command-variables-*-",
            value,
            Flavor::Simple,
            Origin::Automatic,
        );
        self.set_global(
            b"MAKEOVERRIDES",
            b"${-*-command-variables-*-}".to_vec(),
            Flavor::Recursive,
            Origin::Default,
            None,
        );
    }

    /// Defines `MAKEFLAGS` and `MFLAGS` from the options, as GNU does at
    /// start-up, when a makefile sets MAKEFLAGS, and after reading.
    pub fn define_makeflags(&mut self) {
        self.define_makeflags_for(false);
    }

    /// `define_makeflags`; `makefile`: for remaking the makefiles.
    pub fn define_makeflags_for(&mut self, makefile: bool) {
        let posix = self.db.posix;
        let r: &[u8] = if posix {
            b"-*-command-variables-*-"
        } else {
            b"MAKEOVERRIDES"
        };
        let overrides = self.vars.global.get(r).is_some_and(|v| !v.value.is_empty());
        let template = cli::makeflags_template(&self.opts, makefile, overrides, posix);
        let mflags = cli::flags_string(&self.opts, makefile, true);
        let mflags = if mflags.starts_with(b"- ") {
            mflags[2..].to_vec()
        } else {
            mflags
        };
        // Origin environment: a makefile's (or the command line's) MFLAGS
        // stays, unless -e.
        let weaker = env_origin(self, Origin::Environment);
        if self
            .vars
            .global
            .get(b"MFLAGS")
            .is_none_or(|v| v.origin <= weaker)
        {
            define_raw(
                self,
                "MFLAGS",
                mflags,
                Flavor::Recursive,
                Origin::Environment,
            );
        }
        let origin = if self.opts.environment_overrides {
            Origin::EnvironmentOverride
        } else {
            Origin::File
        };
        let stronger = self
            .vars
            .global
            .get(b"MAKEFLAGS")
            .is_some_and(|v| v.origin > origin);
        self.makeflags_special = true;
        if !stronger {
            let export = self.vars.global.get(b"MAKEFLAGS").map(|v| v.export.get());
            let v = Var::new(template, Flavor::Recursive, origin);
            if let Some(e) = export {
                v.export.set(e);
            }
            self.vars.global.set(b"MAKEFLAGS", v);
        }
    }
}

fn define_raw(mk: &mut Make, name: &str, value: Vec<u8>, flavor: Flavor, origin: Origin) {
    let origin = env_origin(mk, origin);
    let export = mk.vars.global.get(name.as_bytes()).map(|v| v.export.get());
    let v = Var::new(value, flavor, origin);
    if let Some(e) = export {
        v.export.set(e);
    }
    mk.vars.global.set(name.as_bytes(), v);
}

/// The variables every make defines that GNU defines with the automatic
/// ones (after reading a makefile from stdin).
const AUTOMATIC_BASE: [&str; 4] = ["MAKE_VERSION", "MAKE_HOST", "SHELL", "MAKEFILES"];

/// The variables every make defines that GNU defines before it imports
/// the environment and reads its arguments (and never again).
const BEFORE_ENVIRONMENT: [&str; 4] = [".VARIABLES", ".RECIPEPREFIX", ".SHELLFLAGS", ".LOADED"];

/// Defines the variables every make defines whose names `pick` accepts,
/// unless the environment or the command line defined them (SHELL is
/// always defined).
fn define_base_variables(mk: &mut Make, pick: impl Fn(&str) -> bool) {
    for (n, v, s) in default_rules::BASE_VARIABLES {
        if !pick(n) {
            continue;
        }
        if mk
            .vars
            .global
            .get(n.as_bytes())
            .is_some_and(|x| x.origin != Origin::Default)
            && *n != "SHELL"
        {
            env_held(mk, n);
            continue;
        }
        define(mk, n, v.as_bytes(), *s, Origin::Default);
    }
}

/// Copies a makefile read from stdin (`-f -`) to a temporary file, whose
/// name replaces `-` in the list; GNU does this before it defines the
/// built-in variables and rules, and stops if `-` is named twice.
fn read_stdin_makefile(mk: &mut Make) -> Result<()> {
    let mut names = mk.opts.makefiles.clone();
    mk.mkfiles.stdin_index = mk.opts.temp_stdin;
    if let Some(i) = mk.opts.temp_stdin {
        if let Some(n) = names.get(i) {
            crate::signals::TEMP_STDIN.set(n);
        }
    }
    for (i, slot) in names.iter_mut().enumerate() {
        if *slot != b"-" {
            continue;
        }
        if mk.mkfiles.stdin_index.is_some() {
            return Err(MakeError::msg(
                None,
                "Makefile from standard input specified twice",
            ));
        }
        let mut v = Vec::new();
        use std::io::Read;
        let _ = std::io::stdin().read_to_end(&mut v);
        let name = stdin_temp_file(&mut mk.out, &v)?;
        crate::signals::TEMP_STDIN.set(&name);
        *slot = name;
        mk.mkfiles.stdin_index = Some(i);
    }
    mk.mkfiles.makefile_names = names;
    mk.protect_stdin_makefile();
    Ok(())
}

/// Reads `MAKEFILES`, the `-f` makefiles or the default ones.
fn read_makefiles(mk: &mut Make) -> Result<()> {
    // Defined (empty) as reading starts: --eval text saw none.
    define(mk, "MAKEFILE_LIST", b"", true, Origin::File);
    mk.read_all_makefiles()
}

/// `$$` to `$` (what expanding an environment value with no other
/// references gives).
/// A `MAKEFLAGS`/`GNUMAKEFLAGS` value from the environment as GNU decodes
/// it at startup: expanded, when only the environment's variables (and a
/// few special ones) are defined.
/// `traced`: set when what the expansion printed came after "Entering an
/// unknown directory".
fn expand_startup_flags(
    prog: &Prog,
    opts: &cli::Options,
    value: &[u8],
    traced: &mut bool,
) -> Result<Vec<u8>> {
    // Only `$$` pairs (the usual case): nothing but undoubling to do.
    let mut i = 0;
    let mut plain = true;
    while i < value.len() {
        if value[i] == b'$' {
            if value.get(i + 1) != Some(&b'$') {
                plain = false;
                break;
            }
            i += 1;
        }
        i += 1;
    }
    if plain {
        return Ok(undouble_dollars(value));
    }
    let mut out = Output::new(prog.name.clone(), 0);
    out.enter_unknown = opts.should_print_dir(0);
    let mut mk = Make::new(cli::Options::default(), out);
    mk.opts.warn_undefined_variables = opts.warn_undefined_variables;
    mk.import_environment();
    for (n, v, s) in default_rules::BASE_VARIABLES {
        if BEFORE_ENVIRONMENT.contains(n) {
            define_before_env(&mut mk, n, v.as_bytes(), *s, Origin::Default);
        }
    }
    let r = mk.expand_text(value);
    *traced |= mk.out.traced;
    r
}

fn undouble_dollars(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        out.push(s[i]);
        if s[i] == b'$' && s.get(i + 1) == Some(&b'$') {
            i += 1;
        }
        i += 1;
    }
    out
}

/// Writes a makefile read from stdin to `GmXXXXXX` in make's temporary
/// directory.
fn stdin_temp_file(out: &mut crate::output::Output, data: &[u8]) -> Result<Vec<u8>> {
    let mut template = crate::jobserver::tmpdir();
    template.extend_from_slice(b"/GmXXXXXX\0");
    // SAFETY: the template is a writable NUL-terminated buffer.
    let fd = unsafe { libc::mkstemp(template.as_mut_ptr() as *mut libc::c_char) };
    template.pop();
    if fd < 0 {
        let e = std::io::Error::last_os_error();
        let mut m = b"cannot create temporary file ".to_vec();
        m.extend_from_slice(&template);
        m.extend_from_slice(b": ");
        m.extend_from_slice(&crate::exec::error_text(&e));
        out.error(None, &m);
        return Err(MakeError::msg(
            None,
            "cannot store makefile from stdin to a temporary file",
        ));
    }
    use std::io::Write;
    use std::os::fd::FromRawFd;
    // SAFETY: mkstemp returned a fresh descriptor that we now own.
    let mut file = unsafe { std::fs::File::from_raw_fd(fd) };
    let _ = file.write_all(data);
    Ok(template)
}
