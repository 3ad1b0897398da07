//! Running recipe lines: a process runner behind a trait, so the update
//! logic can be tested without a shell.
//!
//! [`RealRunner`] does what GNU make 4.4.1 does for one command: it decides
//! (see [`argv`]) whether the line can be exec'ed directly or needs
//! `SHELL SHELLFLAGS LINE`, looks the program up on the child's `PATH`,
//! reports `make: PROG: No such file or directory` (or any other start
//! failure) itself with status 127, skips `sh -c :`, and starts the child
//! as `posix_spawn` would (see [`spawn`]).
//!
//! A recipe line whose expansion holds newlines is several commands for
//! GNU (each with its own `@-+` prefixes and echo). The update engine runs
//! one expanded recipe line like this:
//!
//! ```text
//! let mut rest = Some(expanded_line);
//! while let Some(l) = rest {
//!     strip leading blanks and @ - + from l (not newlines), noting flags;
//!     remove every TAB (.RECIPEPREFIX) that follows a newline in l;
//!     let n = exec::next_command(&l, shell, shellflags, &env, one_shell);
//!     rest = n.rest;
//!     echo n.text (unless silent); if n.argv is None: continue;
//!     if -n / -t / -q and not '+': don't run;
//!     status = runner.run(&Command { line: n.run, .. })  // or start()
//!     check signals::pending() (see `signals`) before reporting status;
//! }
//! ```
//!
//! `run` itself never prints the command; it prints only GNU's start
//! failure message (`make: foo: No such file or directory`, status 127).
//! An empty line and `sh -c :` are not run (status 0).

use std::io;
use std::os::unix::io::RawFd;

pub mod argv;
mod preload;
pub mod spawn;

pub use argv::{command_argv, is_noop, simple_argv, ShellSpec, Split, DEFAULT_SHELL};
pub use spawn::{error_text, strerror, ChildEnv, ChildIo, SpawnError};

/// How a child process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Exited(i32),
    /// Killed by this signal number.
    Signaled(i32),
}

impl Status {
    pub fn success(self) -> bool {
        self == Status::Exited(0)
    }
}

/// One command to run: a recipe line (or a whole recipe with .ONESHELL).
#[derive(Debug, Clone)]
pub struct Command<'a> {
    /// `$(SHELL)`.
    pub shell: &'a [u8],
    /// `$(.SHELLFLAGS)`, split into words by the runner.
    pub shell_flags: &'a [u8],
    /// The expanded command line, with the `@-+` prefixes removed.
    pub line: &'a [u8],
    /// The complete environment of the child.
    pub env: &'a ChildEnv,
    /// `$(IFS)` when defined: the line goes to the shell when it holds
    /// more than blanks and newlines.
    pub ifs: Option<&'a [u8]>,
    /// See [`ShellSpec::posix_errexit`].
    pub posix_errexit: bool,
}

impl Command<'_> {
    fn ifs(&self) -> Option<&[u8]> {
        self.ifs
    }

    fn spec(&self, one_shell: bool) -> ShellSpec<'_> {
        ShellSpec {
            shell: self.shell,
            flags: self.shell_flags,
            ifs: self.ifs(),
            one_shell,
            posix_errexit: self.posix_errexit,
        }
    }
}

/// Whether `line` is GNU's empty command, `SH -c :`, which is not run (and
/// starts no output: no "Entering directory" for it).
pub fn is_noop_line(line: &[u8], spec: &ShellSpec<'_>) -> bool {
    line.contains(&b':')
        && matches!(command_argv(line, spec, spec.one_shell).argv, Some(a) if is_noop(&a))
}

/// The first command of an expanded recipe line: GNU runs each line of a
/// multi-line expansion as its own command. `text` is what to echo; `run`
/// is what to pass as [`Command::line`] (the same as `text`, except in the
/// `.ONESHELL` quirk below); `rest` is what follows the newline (strip its
/// `@-+` prefixes, then call this again), `None` at the end. `argv` is
/// `None` when there is nothing to run (blank line).
///
/// With `.ONESHELL`, the whole recipe is one command — except that, like
/// GNU 4.4.1, a newline inside single quotes still ends `text` and makes
/// `rest` run again as a separate command (while `run` is the whole
/// recipe).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextCommand<'a> {
    pub text: &'a [u8],
    pub run: &'a [u8],
    pub rest: Option<&'a [u8]>,
    pub argv: Option<Vec<Vec<u8>>>,
}

/// Splits off the first command of `line`, as GNU's job runner does. The
/// caller has already stripped the `@-+` prefixes and blanks from its
/// start, and removed every recipe-prefix character (TAB) that follows a
/// newline. Where the command ends depends on whether it goes through
/// the shell, hence the settings. `env` is used for `IFS` only.
pub fn next_command<'a>(
    line: &'a [u8],
    shell: &[u8],
    shell_flags: &[u8],
    env: &ChildEnv,
    one_shell: bool,
) -> NextCommand<'a> {
    let cmd = Command {
        shell,
        shell_flags,
        line,
        env,
        ifs: env.get(b"IFS"),
        posix_errexit: false,
    };
    let s = command_argv(line, &cmd.spec(one_shell), true);
    let run = |text: &'a [u8]| if one_shell { line } else { text };
    match s.end {
        Some(e) => NextCommand {
            text: &line[..e],
            run: run(&line[..e]),
            rest: Some(&line[e + 1..]),
            argv: s.argv,
        },
        None => NextCommand {
            text: line,
            run: line,
            rest: None,
            argv: s.argv,
        },
    }
}

pub trait Runner {
    /// Runs a command to completion, its stdin/stdout/stderr inherited.
    fn run(&mut self, cmd: &Command<'_>) -> io::Result<Status>;

    /// Starts a command without waiting (`-j`); `good_stdin` gives it
    /// make's stdin, otherwise it reads EOF. The default runs it to
    /// completion, so one job loop serves real and scripted runners.
    fn start(&mut self, cmd: &Command<'_>, _good_stdin: bool) -> io::Result<Started> {
        self.run(cmd).map(Started::Finished)
    }

    /// `start` with the child's stdout and stderr sent to the given
    /// descriptors (output sync); `None` inherits make's.
    fn start_with(
        &mut self,
        cmd: &Command<'_>,
        good_stdin: bool,
        _stdout: Option<RawFd>,
        _stderr: Option<RawFd>,
    ) -> io::Result<Started> {
        self.start(cmd, good_stdin)
    }

    /// Reaps one job begun by `start` (`Ok(None)`: none finished, when not
    /// blocking, or none running).
    fn reap(&mut self, _block: bool) -> io::Result<Option<(libc::pid_t, Status)>> {
        Ok(None)
    }

    /// Whether the child last reaped (by `reap` or `run`) dumped core.
    fn core_dumped(&self) -> bool {
        false
    }

    /// Tells the runner whether `.ONESHELL` is in effect (a command is a
    /// whole recipe).
    fn set_one_shell(&mut self, _on: bool) {}

    /// The program name (and level) its messages start with, once
    /// MAKELEVEL is known.
    fn set_prefix(&mut self, _prefix: &[u8]) {}

    /// The program the command last started (`Started::Running`) runs, as
    /// it was found on `PATH` (GNU's `cmd_name`); empty when unknown.
    /// Taken, not copied: a job keeps it until its next command starts.
    fn take_program(&mut self) -> Vec<u8> {
        Vec::new()
    }
}

/// A runner for tests: records every command line and answers from a
/// script (`status_for` returns the status for a line; default success).
#[derive(Default)]
pub struct ScriptedRunner {
    /// The lines run, in order.
    pub log: Vec<Vec<u8>>,
    /// Status per exact line; lines not listed succeed.
    pub statuses: Vec<(Vec<u8>, Status)>,
}

impl ScriptedRunner {
    pub fn new() -> ScriptedRunner {
        ScriptedRunner::default()
    }

    /// Makes `line` end with `st`.
    pub fn set(&mut self, line: &[u8], st: Status) {
        self.statuses.push((line.to_vec(), st));
    }
}

impl Runner for ScriptedRunner {
    fn run(&mut self, cmd: &Command<'_>) -> io::Result<Status> {
        self.log.push(cmd.line.to_vec());
        Ok(self
            .statuses
            .iter()
            .rev()
            .find(|(l, _)| l == cmd.line)
            .map(|(_, s)| *s)
            .unwrap_or(Status::Exited(0)))
    }
}

/// How [`RealRunner::spawn`] started a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    /// Running as this process: reap it with [`wait_for`] or [`wait_any`].
    Running(libc::pid_t),
    /// Nothing is running: the command was empty or `sh -c :` (success).
    Finished(Status),
    /// The program could not be started (the message was printed): as a
    /// command that exited with 127, which GNU notices when it next reaps.
    NotStarted,
}

/// The real process runner.
#[derive(Debug, Default)]
pub struct RealRunner {
    /// Prefix for messages: `make`, or `make[2]` in a sub-make. Empty
    /// means `make`.
    pub prefix: Vec<u8>,
    /// `.ONESHELL` is in effect: `Command::line` is a whole recipe.
    pub one_shell: bool,
    /// The read end of a pipe whose write end is closed: the stdin of
    /// every job but one under `-j` (created on first use).
    bad_stdin: Option<RawFd>,
    /// Whether the last child reaped by `run` dumped core.
    pub core_dumped: bool,
    /// The program of the last command started (see
    /// [`Runner::take_program`]).
    program: Vec<u8>,
}

impl RealRunner {
    pub fn new(prefix: &[u8]) -> RealRunner {
        let mut r = RealRunner::default();
        r.prefix = prefix.to_vec();
        r
    }

    fn prefix(&self) -> &[u8] {
        if self.prefix.is_empty() {
            b"make"
        } else {
            &self.prefix
        }
    }

    /// Prints `PREFIX: ARGV0: strerror` as GNU does for a start failure.
    fn report(&self, argv0: &[u8], e: SpawnError) {
        report_spawn_error(self.prefix(), argv0, e);
    }

    /// Starts a command without waiting (for `-j`). `good_stdin`: give it
    /// make's stdin (GNU gives it to one job at a time); otherwise its
    /// stdin reads EOF. `stdout`/`stderr`: descriptors to use instead of
    /// make's (output sync), `None` to inherit.
    pub fn spawn(
        &mut self,
        cmd: &Command<'_>,
        good_stdin: bool,
        stdout: Option<RawFd>,
        stderr: Option<RawFd>,
    ) -> Started {
        // A line from `next_command` holds no stopping newline, except in
        // .ONESHELL mode, where stopping only matters for GNU's quirk.
        let split = command_argv(cmd.line, &cmd.spec(self.one_shell), self.one_shell);
        let argv = match split.argv {
            Some(a) if !a.is_empty() && !is_noop(&a) => a,
            _ => return Started::Finished(Status::Exited(0)),
        };
        let stdin = if good_stdin { None } else { self.bad_stdin() };
        flush_std();
        let io = ChildIo {
            stdin,
            stdout,
            stderr,
        };
        match spawn::spawn(&argv, cmd.env, &io, true) {
            Ok((pid, program)) => {
                self.program = program;
                Started::Running(pid)
            }
            // Under output sync the message joins the job's held stderr
            // (GNU reports it in the job's output context).
            Err(e) => {
                match stderr {
                    Some(fd) => {
                        crate::output::write_fd(fd, &spawn_error_text(self.prefix(), &argv[0], e))
                    }
                    None => self.report(&argv[0], e),
                }
                Started::NotStarted
            }
        }
    }

    fn bad_stdin(&mut self) -> Option<RawFd> {
        if self.bad_stdin.is_none() {
            let mut fds = [0 as libc::c_int; 2];
            // SAFETY: fds is a valid two-element array.
            if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } == 0 {
                // SAFETY: closing the write end we own.
                unsafe { libc::close(fds[1]) };
                self.bad_stdin = Some(fds[0]);
            }
        }
        self.bad_stdin
    }

    /// `$(shell)`: runs `line` with stdout captured (stdin and stderr
    /// inherited). The output is returned raw (newline folding is the
    /// caller's). An empty command gives `(vec![], Exited(0))`; a start
    /// failure prints GNU's message and gives status 127.
    pub fn capture(&mut self, cmd: &Command<'_>) -> io::Result<(Vec<u8>, Status)> {
        capture_with(self.prefix(), cmd)
    }
}

impl Drop for RealRunner {
    fn drop(&mut self) {
        if let Some(fd) = self.bad_stdin.take() {
            // SAFETY: we own this descriptor.
            unsafe { libc::close(fd) };
        }
    }
}

impl Runner for RealRunner {
    fn set_one_shell(&mut self, on: bool) {
        self.one_shell = on;
    }

    fn set_prefix(&mut self, prefix: &[u8]) {
        self.prefix = prefix.to_vec();
    }

    fn take_program(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.program)
    }

    fn start(&mut self, cmd: &Command<'_>, good_stdin: bool) -> io::Result<Started> {
        Ok(self.spawn(cmd, good_stdin, None, None))
    }

    fn start_with(
        &mut self,
        cmd: &Command<'_>,
        good_stdin: bool,
        stdout: Option<RawFd>,
        stderr: Option<RawFd>,
    ) -> io::Result<Started> {
        Ok(self.spawn(cmd, good_stdin, stdout, stderr))
    }

    fn core_dumped(&self) -> bool {
        self.core_dumped
    }

    fn reap(&mut self, block: bool) -> io::Result<Option<(libc::pid_t, Status)>> {
        Ok(wait_any(block)?.map(|(pid, st, core)| {
            self.core_dumped = core;
            (pid, st)
        }))
    }

    fn run(&mut self, cmd: &Command<'_>) -> io::Result<Status> {
        self.core_dumped = false;
        match self.spawn(cmd, true, None, None) {
            Started::Finished(st) => Ok(st),
            Started::NotStarted => Ok(Status::Exited(127)),
            Started::Running(pid) => {
                let (st, core) = wait_for_raw(pid)?;
                self.core_dumped = core;
                Ok(st)
            }
        }
    }
}

/// GNU flushes its stdio before starting a child, so output stays in order.
fn flush_std() {
    use std::io::Write;
    let _ = io::stdout().flush();
    let _ = io::stderr().flush();
}

fn report_spawn_error(prefix: &[u8], argv0: &[u8], e: SpawnError) {
    let m = spawn_error_text(prefix, argv0, e);
    crate::output::Output::new(Vec::new(), 0).stderr(&m);
}

/// `PREFIX: PROGRAM: REASON` for a program that could not be started.
fn spawn_error_text(prefix: &[u8], argv0: &[u8], e: SpawnError) -> Vec<u8> {
    let mut m = prefix.to_vec();
    m.extend_from_slice(b": ");
    m.extend_from_slice(argv0);
    m.extend_from_slice(b": ");
    m.extend_from_slice(&strerror(e.0));
    m.push(b'\n');
    m
}

fn wait_for_raw(pid: libc::pid_t) -> io::Result<(Status, bool)> {
    match spawn::wait_raw(pid, true)? {
        Some((_, st)) => Ok((spawn::decode(st), spawn::core_dumped(st))),
        None => Err(io::Error::from_raw_os_error(libc::ECHILD)),
    }
}

/// Waits for the child `pid` (started by [`RealRunner::spawn`]).
pub fn wait_for(pid: libc::pid_t) -> io::Result<Status> {
    wait_for_raw(pid).map(|(s, _)| s)
}

/// Reaps any finished child: `Ok(None)` if `block` is false and none has
/// finished (or there are no children). Also returns whether it dumped core.
pub fn wait_any(block: bool) -> io::Result<Option<(libc::pid_t, Status, bool)>> {
    match spawn::wait_raw(-1, block) {
        Ok(Some((pid, st))) => Ok(Some((pid, spawn::decode(st), spawn::core_dumped(st)))),
        Ok(None) => Ok(None),
        Err(e) if e.raw_os_error() == Some(libc::ECHILD) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads a pipe to its end, straight into `out`'s free room
/// (File::read_to_end would first ask for the file's size and position:
/// two system calls of no use on a pipe).
fn read_all(from: std::fs::File, out: &mut Vec<u8>) -> io::Result<()> {
    use std::os::unix::io::AsRawFd;
    loop {
        if crate::signals::interrupts_wait() {
            return Err(io::Error::from_raw_os_error(libc::EINTR));
        }
        // Most outputs are short: a small block first, then pages.
        out.reserve(if out.capacity() == 0 { 512 } else { 4096 });
        let room = out.spare_capacity_mut();
        // SAFETY: `room` is writable memory of `room.len()` bytes that
        // `out` owns; read(2) writes at most that many.
        let n = unsafe { libc::read(from.as_raw_fd(), room.as_mut_ptr().cast(), room.len()) };
        match n {
            0 => return Ok(()),
            n if n > 0 => {
                // SAFETY: read(2) initialized the first `n` bytes of the
                // free room.
                unsafe { out.set_len(out.len() + n as usize) };
            }
            _ => {
                let e = io::Error::last_os_error();
                // A fatal signal make has not acted on yet ends the read
                // (see signals; also one that came before it): make dies
                // without waiting for the child.
                if e.kind() != io::ErrorKind::Interrupted || crate::signals::interrupts_wait() {
                    return Err(e);
                }
            }
        }
    }
}

/// Runs a command with its stdout captured (for `$(shell)`); stdin and
/// stderr are inherited. Messages use the prefix `make`; see
/// [`RealRunner::capture`].
pub fn run_capture(cmd: &Command<'_>) -> io::Result<(Vec<u8>, Status)> {
    capture_with(b"make", cmd)
}

/// [`run_capture`] with the message prefix given (`make[2]`...).
pub fn capture_with(prefix: &[u8], cmd: &Command<'_>) -> io::Result<(Vec<u8>, Status)> {
    capture_to(prefix, cmd, None, false)
}

/// [`capture_with`], the child's stderr going to `stderr` (`None`:
/// inherited), in `.ONESHELL` mode if `one_shell`.
pub fn capture_to(
    prefix: &[u8],
    cmd: &Command<'_>,
    stderr: Option<RawFd>,
    one_shell: bool,
) -> io::Result<(Vec<u8>, Status)> {
    Ok(match capture_child(prefix, cmd, stderr, one_shell)? {
        Captured::NoCommand => (Vec::new(), Status::Exited(0)),
        Captured::NotStarted => (Vec::new(), Status::Exited(127)),
        Captured::Ran(out, st) => (out, st),
        Captured::NoPipe(e) => return Err(io::Error::from_raw_os_error(e)),
    })
}

/// What became of a `$(shell)` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Captured {
    /// The line held no command: nothing was run.
    NoCommand,
    /// The program could not be started (the message was printed): no
    /// child ran.
    NotStarted,
    /// A child ran: its output and how it ended.
    Ran(Vec<u8>, Status),
    /// No pipe for its output could be made (the OS error number): no
    /// child ran.
    NoPipe(i32),
}

/// [`capture_to`], telling apart a command that ran from one that did not
/// start (GNU counts only children it reaps).
pub fn capture_child(
    prefix: &[u8],
    cmd: &Command<'_>,
    stderr: Option<RawFd>,
    one_shell: bool,
) -> io::Result<Captured> {
    // $(shell) never stops at newlines; once .ONESHELL was seen, it hands
    // its lines to one shell as a recipe would (GNU's one_shell is global).
    match command_argv(cmd.line, &cmd.spec(one_shell), false).argv {
        Some(argv) if !argv.is_empty() => capture_argv(prefix, &argv, cmd.env, stderr),
        _ => Ok(Captured::NoCommand),
    }
}

/// [`capture_child`] of a command already split into its program and
/// arguments (not empty).
pub fn capture_argv(
    prefix: &[u8],
    argv: &[Vec<u8>],
    env: &ChildEnv,
    stderr: Option<RawFd>,
) -> io::Result<Captured> {
    flush_std();
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: fds is a valid two-element array.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        let e = io::Error::last_os_error();
        return Ok(Captured::NoPipe(e.raw_os_error().unwrap_or(libc::EMFILE)));
    }
    // SAFETY: both descriptors are fresh and owned here from now on.
    let read_end = unsafe { <std::fs::File as std::os::unix::io::FromRawFd>::from_raw_fd(fds[0]) };
    let write_end = unsafe { <std::fs::File as std::os::unix::io::FromRawFd>::from_raw_fd(fds[1]) };
    let io = ChildIo {
        stdin: None,
        stdout: Some(fds[1]),
        stderr,
    };
    let r = spawn::spawn(argv, env, &io, false);
    drop(write_end);
    let pid = match r {
        Ok((pid, _)) => pid,
        Err(e) => {
            match stderr {
                // Held with make's output under output sync, as GNU's
                // error() writes it to its output context.
                Some(fd) => {
                    crate::output::write_fd(fd, &spawn_error_text(prefix, &argv[0], e));
                }
                None => report_spawn_error(prefix, &argv[0], e),
            }
            return Ok(Captured::NotStarted);
        }
    };
    let mut out = Vec::new();
    let read = read_all(read_end, &mut out);
    if let Err(e) = &read {
        if e.kind() == io::ErrorKind::Interrupted {
            return Err(io::Error::from_raw_os_error(libc::EINTR));
        }
    }
    let st = wait_for(pid)?;
    read?;
    Ok(Captured::Ran(out, st))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> ChildEnv {
        ChildEnv::new(vec![(
            b"PATH".to_vec(),
            b"/usr/local/bin:/usr/bin:/bin".to_vec(),
        )])
    }

    fn run(line: &str) -> Status {
        let env = env();
        let cmd = Command {
            shell: b"/bin/sh",
            shell_flags: b"-c",
            line: line.as_bytes(),
            env: &env,
            ifs: None,
            posix_errexit: false,
        };
        RealRunner::new(b"rmake-test").run(&cmd).unwrap()
    }

    #[test]
    fn true_false_exit() {
        assert_eq!(run("true"), Status::Exited(0));
        assert_eq!(run("false"), Status::Exited(1));
        assert_eq!(run("exit 3"), Status::Exited(3));
        assert_eq!(run("sh -c 'exit 3'"), Status::Exited(3));
        assert_eq!(run(":"), Status::Exited(0));
        assert_eq!(run(""), Status::Exited(0));
        assert_eq!(run("kill -TERM $$"), Status::Signaled(libc::SIGTERM));
    }

    #[test]
    fn missing_and_unexecutable() {
        assert_eq!(run("rmake-surely-missing-program a b"), Status::Exited(127));
        assert_eq!(run("/nonexistent/x"), Status::Exited(127));
        assert_eq!(run("/"), Status::Exited(127));
        assert_eq!(run("/etc/passwd"), Status::Exited(127));
        // Through the shell, it's the shell's business.
        assert_eq!(run("rmake-surely-missing-program;"), Status::Exited(127));
    }

    #[test]
    fn environment_is_passed() {
        let env = ChildEnv::new(vec![
            (b"PATH".to_vec(), b"/usr/bin:/bin".to_vec()),
            (b"RMAKE_X".to_vec(), b"a\xffb".to_vec()),
        ]);
        let cmd = Command {
            shell: b"/bin/sh",
            shell_flags: b"-c",
            line: b"printf %s \"$RMAKE_X\"",
            env: &env,
            ifs: None,
            posix_errexit: false,
        };
        let (out, st) = run_capture(&cmd).unwrap();
        assert_eq!(st, Status::Exited(0));
        assert_eq!(out, b"a\xffb");
        // No PATH at all: the default search path is used.
        let env = ChildEnv::default();
        let cmd = Command {
            shell: b"/bin/sh",
            shell_flags: b"-c",
            line: b"echo hi",
            env: &env,
            ifs: None,
            posix_errexit: false,
        };
        assert_eq!(
            run_capture(&cmd).unwrap(),
            (b"hi\n".to_vec(), Status::Exited(0))
        );
    }

    #[test]
    fn capture() {
        let env = env();
        let cmd = Command {
            shell: b"/bin/sh",
            shell_flags: b"-c",
            line: b"echo a; echo b >&2; exit 4",
            env: &env,
            ifs: None,
            posix_errexit: false,
        };
        let (out, st) = run_capture(&cmd).unwrap();
        assert_eq!(out, b"a\n");
        assert_eq!(st, Status::Exited(4));
        let cmd = Command {
            shell: b"/bin/sh",
            shell_flags: b"-c",
            line: b"rmake-surely-missing-program",
            env: &env,
            ifs: None,
            posix_errexit: false,
        };
        assert_eq!(run_capture(&cmd).unwrap(), (vec![], Status::Exited(127)));
        let cmd = Command {
            shell: b"/bin/sh",
            shell_flags: b"-c",
            line: b"  ",
            env: &env,
            ifs: None,
            posix_errexit: false,
        };
        assert_eq!(run_capture(&cmd).unwrap(), (vec![], Status::Exited(0)));
    }

    #[test]
    fn script_without_shebang_runs_through_sh() {
        let dir = std::env::temp_dir().join(format!("rmake-exec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("noshebang");
        std::fs::write(&p, "echo from-script \"$1\"\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        let env = env();
        let line = format!("{} arg", p.display());
        let cmd = Command {
            shell: b"/bin/sh",
            shell_flags: b"-c",
            line: line.as_bytes(),
            env: &env,
            ifs: None,
            posix_errexit: false,
        };
        // Another test's child, forked while the script was open for
        // writing, may hold it open until it execs: the exec then fails
        // with ETXTBSY for a moment.
        let mut got = run_capture(&cmd).unwrap();
        for _ in 0..100 {
            if got.1 == Status::Exited(0) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
            got = run_capture(&cmd).unwrap();
        }
        assert_eq!(got, (b"from-script arg\n".to_vec(), Status::Exited(0)));
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(run_capture(&cmd).unwrap().1, Status::Exited(127));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn spawn_and_wait_any() {
        let env = env();
        let mut r = RealRunner::default();
        let cmd = Command {
            shell: b"/bin/sh",
            shell_flags: b"-c",
            line: b"sh -c 'exit 5'",
            env: &env,
            ifs: None,
            posix_errexit: false,
        };
        let pid = match r.spawn(&cmd, false, None, None) {
            Started::Running(pid) => pid,
            other => panic!("{other:?}"),
        };
        assert_eq!(wait_for(pid).unwrap(), Status::Exited(5));
        // Bad stdin reads EOF at once.
        let cmd = Command {
            shell: b"/bin/sh",
            shell_flags: b"-c",
            line: b"cat",
            env: &env,
            ifs: None,
            posix_errexit: false,
        };
        let pid = match r.spawn(&cmd, false, None, None) {
            Started::Running(pid) => pid,
            other => panic!("{other:?}"),
        };
        assert_eq!(wait_for(pid).unwrap(), Status::Exited(0));
    }

    #[test]
    fn splitting_multi_line_expansions() {
        let env = env();
        let n = next_command(b"echo a\n@echo b", b"/bin/sh", b"-c", &env, false);
        assert_eq!(n.text, b"echo a");
        assert_eq!(n.rest, Some(&b"@echo b"[..]));
        assert_eq!(n.argv, Some(vec![b"echo".to_vec(), b"a".to_vec()]));
        let n = next_command(b"echo a\n@echo b", b"/bin/sh", b"-c", &env, true);
        assert_eq!(n.rest, None);
        assert_eq!(
            n.argv,
            Some(vec![
                b"/bin/sh".to_vec(),
                b"-c".to_vec(),
                b"echo a\necho b".to_vec()
            ])
        );
        // GNU's .ONESHELL quirk: a newline inside quotes still splits.
        let n = next_command(b"echo 'a\nb'", b"/bin/sh", b"-c", &env, true);
        assert_eq!(n.text, b"echo 'a");
        assert_eq!(n.run, b"echo 'a\nb'");
        assert_eq!(n.rest, Some(&b"b'"[..]));
        assert_eq!(
            n.argv,
            Some(vec![
                b"/bin/sh".to_vec(),
                b"-c".to_vec(),
                b"echo 'a\nb'".to_vec()
            ])
        );
    }

    #[test]
    fn scripted_runner() {
        let env = env();
        let mut r = ScriptedRunner::new();
        r.set(b"cc -c x.c", Status::Exited(1));
        let cmd = |line: &'static [u8]| Command {
            shell: b"/bin/sh",
            shell_flags: b"-c",
            line,
            env: &env,
            ifs: None,
            posix_errexit: false,
        };
        assert_eq!(r.run(&cmd(b"echo")).unwrap(), Status::Exited(0));
        assert_eq!(
            r.start(&cmd(b"cc -c x.c"), true).unwrap(),
            Started::Finished(Status::Exited(1))
        );
        assert_eq!(r.reap(true).unwrap(), None);
        assert_eq!(r.log, vec![b"echo".to_vec(), b"cc -c x.c".to_vec()]);
    }

    #[test]
    fn real_runner_jobs() {
        let env = env();
        let mut r = RealRunner::default();
        let a = Command {
            shell: b"/bin/sh",
            shell_flags: b"-c",
            line: b"sh -c 'exit 2'",
            env: &env,
            ifs: None,
            posix_errexit: false,
        };
        let b = Command {
            shell: b"/bin/sh",
            shell_flags: b"-c",
            line: b"true",
            env: &env,
            ifs: None,
            posix_errexit: false,
        };
        let mut pids = vec![];
        for c in [&a, &b] {
            match r.start(c, false).unwrap() {
                Started::Running(p) => pids.push(p),
                other => panic!("{other:?}"),
            }
        }
        // `reap` waits for any child; tests run in parallel threads, so
        // wait for ours by pid instead.
        assert_eq!(wait_for(pids[0]).unwrap(), Status::Exited(2));
        assert_eq!(wait_for(pids[1]).unwrap(), Status::Exited(0));
    }

    #[test]
    fn strerror_text() {
        assert_eq!(strerror(libc::ENOENT), b"No such file or directory");
        assert_eq!(strerror(libc::EACCES), b"Permission denied");
    }
}
