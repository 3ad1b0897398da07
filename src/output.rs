//! Every message make prints goes through here, in GNU make's formats:
//! `PROG: MSG` / `FILE:LINE: MSG` for errors and warnings, `PROG: *** MSG.
//! Stop.` for fatal errors, `PROG: MSG` on stdout for informational lines.
//! PROG is the basename of argv[0], with `[LEVEL]` in sub-makes.

use std::io::Write;

use crate::error::{Loc, MakeError};

#[derive(Debug, Clone)]
pub struct Output {
    /// The program name as GNU prints it (basename of argv[0]).
    pub prog: Vec<u8>,
    /// `MAKELEVEL` of this make (0 at top level).
    pub level: u32,
    /// Set once a write to stdout has failed.
    pub stdout_failed: bool,
    /// The error of the first failed write to stdout (an OS error number).
    pub stdout_errno: Option<i32>,
    /// Whether anything was written to stdout yet (GNU's stdio stream has
    /// then set up its buffer: see [`Output::raw_stdout`]).
    pub stdout_used: bool,
    /// With `-w` (or in a sub-make): the directory to announce before the
    /// first output ("Entering directory"), as GNU does lazily.
    pub enter_dir: Option<Vec<u8>>,
    /// Whether "Entering directory" was printed.
    pub traced: bool,
    /// While the command line is decoded GNU does not know its directory
    /// yet: output then announces "Entering an unknown directory".
    pub enter_unknown: bool,
    /// `-p`: the directory lines are comments of the data base (`# `).
    pub db_comment: bool,
    /// The output sync in effect (GNU's `output_sync` as it changes: the
    /// environment's while the command line is decoded, then the switches',
    /// a makefile's MAKEFLAGS, none at -j1). By line or target, make's own
    /// messages are never announced with "Entering directory" (GNU's
    /// `output_start`); only each job's synced output is, when it is
    /// shown.
    pub sync: crate::cli::OutputSync,
    /// Output sync: make's own output for the job being handled goes to
    /// these descriptors (stdout, stderr) instead.
    pub capture: Option<(std::os::unix::io::RawFd, std::os::unix::io::RawFd)>,
    /// Output sync by line or target while make reads its makefiles (see
    /// [`ReadingHold`]).
    pub reading_hold: ReadingHold,
    /// Where make's own stdout and stderr go instead of descriptors 1 and 2
    /// (tests use it; nothing else sets it).
    pub redirect: Option<(std::os::unix::io::RawFd, std::os::unix::io::RawFd)>,
}

/// Output sync by line or target holds make's own output while it reads
/// the makefiles (`$(info)`, warnings) until `Make::show_reading_output`,
/// as GNU does in its own output context: the files are made when make
/// first says something or runs a `$(shell)` (GNU's `output_start`), so
/// that a run that does neither makes none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReadingHold {
    /// Not holding.
    #[default]
    Off,
    /// Holding from the first message on.
    Pending,
    /// Holding in these files (stdout, stderr).
    Open((std::os::unix::io::RawFd, std::os::unix::io::RawFd)),
}

impl Output {
    pub fn new(prog: Vec<u8>, level: u32) -> Output {
        Output {
            prog,
            level,
            stdout_failed: false,
            stdout_errno: None,
            stdout_used: false,
            enter_dir: None,
            traced: false,
            enter_unknown: false,
            db_comment: false,
            sync: crate::cli::OutputSync::None,
            capture: None,
            reading_hold: ReadingHold::Off,
            redirect: None,
        }
    }

    /// `make` or `make[2]`.
    pub fn prefix(&self) -> Vec<u8> {
        let mut v = self.prog.clone();
        if self.level > 0 {
            v.extend_from_slice(format!("[{}]", self.level).as_bytes());
        }
        v
    }

    /// `FILE:LINE`, or the program's name when there is no location (a
    /// location without a file name is none: text evaluated outside any
    /// makefile, as GNU's null `filenm`).
    fn located(&self, loc: Option<&Loc>) -> Vec<u8> {
        match loc.filter(|l| !l.file.is_empty()) {
            Some(l) => {
                let mut v = l.file.to_vec();
                v.extend_from_slice(format!(":{}", l.line).as_bytes());
                v
            }
            _ => self.prefix(),
        }
    }

    /// Text of a fatal error: `LOC: *** MSG.  Stop.\n`.
    pub fn fatal_text(&self, loc: Option<&Loc>, msg: &[u8]) -> Vec<u8> {
        let mut v = self.located(loc);
        v.extend_from_slice(b": *** ");
        v.extend_from_slice(msg);
        v.extend_from_slice(b".  Stop.\n");
        v
    }

    /// Prints a fatal error to stderr (after flushing stdout).
    pub fn fatal(&mut self, loc: Option<&Loc>, msg: &[u8]) {
        let t = self.fatal_text(loc, msg);
        self.stderr(&t);
    }

    /// Renders a [`MakeError`]; returns the exit status to use.
    pub fn report(&mut self, e: &MakeError) -> i32 {
        match e {
            MakeError::Fatal { loc, kind } => {
                self.fatal(loc.as_ref(), &kind.message());
                2
            }
            MakeError::Exit(code) => *code,
        }
    }

    /// `LOC: MSG` (or `PROG: MSG`) on stderr: GNU's non-fatal error().
    pub fn error(&mut self, loc: Option<&Loc>, msg: &[u8]) {
        let mut v = self.located(loc);
        v.extend_from_slice(b": ");
        v.extend_from_slice(msg);
        v.push(b'\n');
        self.stderr(&v);
    }

    /// `PROG: MSG` on stdout: GNU's message().
    pub fn message(&mut self, msg: &[u8]) {
        let mut v = self.prefix();
        v.extend_from_slice(b": ");
        v.extend_from_slice(msg);
        v.push(b'\n');
        self.stdout(&v);
    }

    fn directory_line(&self, verb: &str) -> Vec<u8> {
        let mut v = if self.db_comment {
            b"# ".to_vec()
        } else {
            Vec::new()
        };
        v.extend_from_slice(&self.prefix());
        v.extend_from_slice(b": ");
        v.extend_from_slice(verb.as_bytes());
        if self.enter_unknown {
            v.extend_from_slice(b" an unknown directory\n");
            return v;
        }
        v.extend_from_slice(b" directory '");
        v.extend_from_slice(self.enter_dir.as_deref().unwrap_or(b""));
        v.extend_from_slice(b"'\n");
        v
    }

    /// Make is about to produce output (or run a command): announce the
    /// directory first if it must be.
    pub fn start(&mut self) {
        // Output synced by line or target is announced when it is shown;
        // otherwise (GNU's output_start) make's first message announces
        // the directory at once, also when the message itself is held (with
        // a job's output under `-Orecurse`, or in what was held while the
        // makefiles were read when a makefile's MAKEFLAGS turned the sync
        // off).
        use crate::cli::OutputSync;
        if matches!(self.sync, OutputSync::Line | OutputSync::Target) {
            return;
        }
        if !self.traced && (self.enter_dir.is_some() || self.enter_unknown) {
            self.traced = true;
            let line = self.directory_line("Entering");
            self.write_stdout(&line);
        }
    }

    /// At exit: "Leaving directory" if "Entering" was printed.
    pub fn finish(&mut self) {
        if self.traced {
            self.traced = false;
            let line = self.directory_line("Leaving");
            self.write_stdout(&line);
        }
    }

    /// Make's own output is held while the makefiles are read: in files
    /// opened when it first says something or runs a `$(shell)` (by then,
    /// or again after a job's output was held instead).
    pub fn hold_reading(&mut self) {
        if self.capture.is_some() {
            return;
        }
        match self.reading_hold {
            ReadingHold::Off => {}
            ReadingHold::Pending => {
                self.reading_hold = match crate::held_output::sync_files() {
                    Some(held) => {
                        self.capture = Some(held);
                        ReadingHold::Open(held)
                    }
                    None => ReadingHold::Off,
                };
            }
            ReadingHold::Open(held) => self.capture = Some(held),
        }
    }

    /// Raw bytes to stdout, flushed at once (recipes share the stream).
    pub fn stdout(&mut self, bytes: &[u8]) {
        self.hold_reading();
        self.start();
        if let Some((fd, _)) = self.capture {
            write_fd(fd, bytes);
            return;
        }
        self.write_stdout(bytes);
    }

    /// Bytes to stdout without announcing the directory first (GNU's
    /// plain `printf`s: the data base, the version under `-p`/`-d`). Not
    /// held by output sync either: GNU's printf bypasses its output
    /// context (only make's messages and echoed commands are synced).
    pub fn stdout_unannounced(&mut self, bytes: &[u8]) {
        self.write_stdout(bytes);
    }

    /// A debug line (`-d`, `--debug`) and the `rm` of intermediate files:
    /// GNU prints them with plain `printf`, which does not announce the
    /// directory ("Entering directory" comes with make's first message,
    /// command or `$(shell)` instead).
    pub fn debug(&mut self, bytes: &[u8]) {
        self.stdout_unannounced(bytes);
    }

    /// Writes to stdout; returns the error of a failed write. Nothing is
    /// written once a fatal signal came that make has not acted on yet:
    /// GNU's handler takes over at once (a SIGPIPE from writing the
    /// "Entering directory" line before an error message ends make there),
    /// and only what make says as it dies follows.
    fn write_stdout(&mut self, bytes: &[u8]) -> Option<i32> {
        if crate::signals::interrupts_wait() {
            return None;
        }
        if let Some((fd, _)) = self.redirect {
            write_fd(fd, bytes);
            return None;
        }
        self.stdout_used = true;
        let mut o = std::io::stdout().lock();
        if let Err(e) = o.write_all(bytes).and_then(|_| o.flush()) {
            let errno = crate::fs::errno_of(&e);
            if !self.stdout_failed {
                self.stdout_errno = Some(errno);
            }
            self.stdout_failed = true;
            return Some(errno);
        }
        None
    }

    /// At exit, GNU's close_stdout: if a write to stdout failed, says so
    /// (`PROG: write error: stdout`, with the reason when `with_reason`:
    /// GNU shows it when the failure came only at close, i.e. for output
    /// still in its stdio buffer) and returns the status to exit with (1).
    pub fn check_stdout(&mut self, with_reason: bool) -> Option<i32> {
        if !self.stdout_failed {
            return None;
        }
        let mut m = self.prefix();
        m.extend_from_slice(b": write error: stdout");
        if let (true, Some(errno)) = (with_reason, self.stdout_errno) {
            m.extend_from_slice(b": ");
            m.extend_from_slice(&crate::exec::strerror(errno));
        }
        m.push(b'\n');
        let mut e = std::io::stderr().lock();
        let _ = e.write_all(&m);
        let _ = e.flush();
        Some(1)
    }

    /// Raw bytes to stderr, after flushing stdout.
    pub fn stderr(&mut self, bytes: &[u8]) {
        self.hold_reading();
        self.start();
        if let Some((_, fd)) = self.capture {
            write_fd(fd, bytes);
            return;
        }
        self.raw_stderr(bytes);
    }
}

impl Output {
    /// Output sync: "Entering directory" / "Leaving directory" around a
    /// job's output.
    pub fn directory_notice(&mut self, entering: bool) {
        let line = self.directory_line(if entering { "Entering" } else { "Leaving" });
        self.write_stdout(&line);
    }

    /// Bytes to stdout as they are (a job's synced output). GNU copies
    /// them in blocks of 8 KiB with `fwrite` to its line-buffered stdout
    /// and, when a write fails, says `fwrite(): REASON` and drops the rest;
    /// but glibc's fwrite reports some failed writes as successes, which
    /// [`fwrite_reports`] tells apart.
    pub fn raw_stdout(&mut self, bytes: &[u8]) {
        for block in bytes.chunks(8192) {
            let used = self.stdout_used;
            if let Some(errno) = self.write_stdout(block) {
                if fwrite_reports(block, used) {
                    let mut m = b"fwrite(): ".to_vec();
                    m.extend_from_slice(&crate::exec::strerror(errno));
                    m.push(b'\n');
                    self.raw_stderr(&m);
                    return;
                }
            }
        }
    }

    /// Bytes to stderr as they are (a job's synced output).
    pub fn raw_stderr(&mut self, bytes: &[u8]) {
        if crate::signals::interrupts_wait() {
            return;
        }
        if let Some((_, fd)) = self.redirect {
            write_fd(fd, bytes);
            return;
        }
        let _ = std::io::stdout().lock().flush();
        let mut e = std::io::stderr().lock();
        let _ = e.write_all(bytes);
        let _ = e.flush();
    }
}

/// Whether glibc's `fwrite` of `block` to a line-buffered stream whose
/// writes fail returns a failure (GNU flushes after each write, so the
/// buffer, of `STDIO_BUF` bytes, is empty before it). The first write on
/// the stream (`used` false) goes out byte by byte and fails at its first
/// newline, or at once for a whole buffer's worth. Later ones are copied
/// into the buffer up to their last newline, whose flush failing is
/// reported only when bytes remain after it, or when the block overflows
/// the buffer.
fn fwrite_reports(block: &[u8], used: bool) -> bool {
    const STDIO_BUF: usize = 4096;
    if !used {
        return block.len() >= STDIO_BUF || block.contains(&b'\n');
    }
    if block.len() > STDIO_BUF {
        return true;
    }
    match block.iter().rposition(|&c| c == b'\n') {
        Some(i) => i + 1 < block.len(),
        None => false,
    }
}

/// Writes all of `bytes` to `fd` (a held-output file, say), retrying on EINTR;
/// a failed write drops the rest.
pub fn write_fd(fd: std::os::unix::io::RawFd, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        // SAFETY: writing from a valid buffer.
        let n = unsafe { libc::write(fd, bytes.as_ptr() as *const libc::c_void, bytes.len()) };
        if n <= 0 {
            if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        bytes = &bytes[n as usize..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fatal_format() {
        let o = Output::new(b"make".to_vec(), 0);
        assert_eq!(
            o.fatal_text(None, b"No targets"),
            b"make: *** No targets.  Stop.\n"
        );
        let loc = Loc::new(crate::error::SrcName::intern(b"Makefile"), 3);
        assert_eq!(
            o.fatal_text(Some(&loc), b"missing separator"),
            b"Makefile:3: *** missing separator.  Stop.\n"
        );
        let o = Output::new(b"rmake".to_vec(), 2);
        assert_eq!(o.prefix(), b"rmake[2]");
    }
}
