//! Running recipe lines: a process runner behind a trait, so the update
//! logic can be tested without a shell. (Skeleton: the real runner with
//! direct exec and signal handling is filled in by the executor work.)

use std::io;

/// How a child process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Exited(i32),
    /// Killed by this signal number.
    Signaled(i32),
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
    pub env: &'a [(Vec<u8>, Vec<u8>)],
}

pub trait Runner {
    /// Runs a command to completion, its stdin/stdout/stderr inherited.
    fn run(&mut self, cmd: &Command<'_>) -> io::Result<Status>;
}

/// Runs commands through `SHELL SHELLFLAGS LINE`.
#[derive(Debug, Default)]
pub struct RealRunner;

impl Runner for RealRunner {
    fn run(&mut self, cmd: &Command<'_>) -> io::Result<Status> {
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::process::ExitStatusExt;
        let os = |b: &[u8]| std::ffi::OsStr::from_bytes(b).to_os_string();
        let mut c = std::process::Command::new(os(cmd.shell));
        for f in crate::patterns::words(cmd.shell_flags) {
            c.arg(os(f));
        }
        c.arg(os(cmd.line));
        c.env_clear();
        for (k, v) in cmd.env {
            c.env(os(k), os(v));
        }
        let st = c.status()?;
        Ok(match st.code() {
            Some(code) => Status::Exited(code),
            None => Status::Signaled(st.signal().unwrap_or(0)),
        })
    }
}

/// Runs a command with its stdout captured (for `$(shell)`); stdin and
/// stderr are inherited.
pub fn run_capture(cmd: &Command<'_>) -> io::Result<(Vec<u8>, Status)> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::process::ExitStatusExt;
    let os = |b: &[u8]| std::ffi::OsStr::from_bytes(b).to_os_string();
    let mut c = std::process::Command::new(os(cmd.shell));
    for f in crate::patterns::words(cmd.shell_flags) {
        c.arg(os(f));
    }
    c.arg(os(cmd.line));
    c.env_clear();
    for (k, v) in cmd.env {
        c.env(os(k), os(v));
    }
    c.stderr(std::process::Stdio::inherit());
    let o = c.output()?;
    let st = match o.status.code() {
        Some(code) => Status::Exited(code),
        None => Status::Signaled(o.status.signal().unwrap_or(0)),
    };
    Ok((o.stdout, st))
}
