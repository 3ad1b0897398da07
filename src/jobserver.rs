//! The POSIX jobserver (GNU manual, "Job Slots"): a pipe or a named pipe
//! (fifo) holding one byte per free job slot, shared by every make of a
//! recursive build. Each make may always run one job without a token (the
//! one its parent took for it); any further job takes a byte first and
//! puts it back when the job ends.

use std::os::unix::io::RawFd;

/// How the jobserver is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Fifo,
    Pipe,
}

#[derive(Debug)]
pub struct Jobserver {
    pub style: Style,
    /// Our read end (non-blocking).
    read_fd: RawFd,
    /// Our write end.
    write_fd: RawFd,
    /// The fds as named in `--jobserver-auth=R,W` (pipe style).
    auth_fds: (RawFd, RawFd),
    /// The fifo's path (fifo style).
    pub fifo: Option<Vec<u8>>,
    /// We created it (and remove the fifo at exit).
    pub root: bool,
}

/// The descriptors of a pipe-style `--jobserver-auth=R,W` and whether
/// they were open when make started, noted before make opened anything of
/// its own (a file holding output may get one of those numbers).
static AUTH_FDS_AT_START: std::sync::OnceLock<((RawFd, RawFd), bool)> = std::sync::OnceLock::new();

/// Notes whether the descriptors `auth` names are open now (at start-up:
/// a parent that did not pass them closed them).
///
/// Before GNU checks them it has opened the output-sync mutex `mutex`
/// (`fnm:PATH` from `--sync-mutex`) `opens` times while decoding its
/// switches, each time at the lowest free descriptor, keeping every
/// handle. So when the parent closed the pipe (a recipe line that is not
/// recursive, in a recipe where another line is) and the pipe was at the
/// lowest numbers, GNU finds the mutex there and takes it for the
/// jobserver: no warning, and reading a token later fails. The same
/// opens are made here when the descriptors are not both open.
pub fn note_inherited(auth: &[u8], mutex: Option<&[u8]>, opens: usize) {
    if let Some((r, w)) = auth_fds(auth) {
        if !fds_open(r, w) {
            if let Some(path) = mutex.and_then(|m| m.strip_prefix(b"fnm:")) {
                // Each descriptor is kept open on purpose (as GNU keeps it).
                for _ in 0..opens {
                    if open(path, libc::O_WRONLY).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = AUTH_FDS_AT_START.set(((r, w), fds_open(r, w)));
    }
}

/// Whether `fd` is a pipe or fifo.
fn is_fifo(fd: RawFd) -> bool {
    // SAFETY: fstat into a zeroed local struct.
    unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        libc::fstat(fd, &mut st) == 0 && st.st_mode & libc::S_IFMT == libc::S_IFIFO
    }
}

/// `R,W` of a pipe-style auth string, read as C's `sscanf("%d,%d")`
/// reads it (blanks before each number, a sign, anything after the
/// second number ignored); `None` when it does not read two numbers.
fn scan_fds(auth: &[u8]) -> Option<(RawFd, RawFd)> {
    fn int(s: &[u8]) -> Option<(RawFd, &[u8])> {
        let s = &s[s
            .iter()
            .take_while(|c| b" \t\n\x0b\x0c\r".contains(c))
            .count()..];
        let (neg, s) = match s.first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        // As strtol (saturating), then stored in an int (truncated).
        let mut v: i64 = 0;
        for &c in &s[..n] {
            let d = i64::from(c - b'0');
            v = v.saturating_mul(10);
            v = if neg {
                v.saturating_sub(d)
            } else {
                v.saturating_add(d)
            };
        }
        Some((v as RawFd, &s[n..]))
    }
    let (r, rest) = int(auth)?;
    let (w, _) = int(rest.strip_prefix(b",")?)?;
    Some((r, w))
}

/// `R,W` of a pipe-style auth string naming two descriptors.
fn auth_fds(auth: &[u8]) -> Option<(RawFd, RawFd)> {
    scan_fds(auth).filter(|&(r, w)| r >= 0 && w >= 0)
}

fn fds_open(r: RawFd, w: RawFd) -> bool {
    // SAFETY: querying descriptor flags only.
    let ok = |fd| unsafe { libc::fcntl(fd, libc::F_GETFD) } >= 0;
    ok(r) && ok(w)
}

fn cstr(p: &[u8]) -> Vec<u8> {
    let mut v = p.to_vec();
    v.push(0);
    v
}

fn set_cloexec(fd: RawFd, on: bool) {
    // SAFETY: plain fcntl calls on a descriptor we hold.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFD);
        if fl >= 0 {
            let nfl = if on {
                fl | libc::FD_CLOEXEC
            } else {
                fl & !libc::FD_CLOEXEC
            };
            libc::fcntl(fd, libc::F_SETFD, nfl);
        }
    }
}

fn set_nonblock(fd: RawFd) {
    // SAFETY: plain fcntl calls on a descriptor we hold.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFL);
        if fl >= 0 {
            libc::fcntl(fd, libc::F_SETFL, fl | libc::O_NONBLOCK);
        }
    }
}

fn open(path: &[u8], flags: libc::c_int) -> std::io::Result<RawFd> {
    let c = cstr(path);
    loop {
        // SAFETY: NUL-terminated path.
        let fd = unsafe { libc::open(c.as_ptr() as *const libc::c_char, flags | libc::O_CLOEXEC) };
        if fd >= 0 {
            return Ok(fd);
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// The directory for make's temporary files (the jobserver's fifo, output
/// sync, a makefile read from stdin): chosen once by [`init_tmpdir`].
static TMPDIR: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

/// Chooses the temporary directory as GNU does when it starts: the first
/// of `$MAKE_TMPDIR` and `$TMPDIR` that is set, not empty and a directory,
/// else `/tmp`. A value that is set and not a directory is reported on
/// `out` (before anything else make says), as is the fall back to `/tmp`.
pub fn init_tmpdir(out: &mut crate::output::Output) {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let mut found = false;
    for v in ["MAKE_TMPDIR", "TMPDIR"] {
        let Some(d) = std::env::var_os(v).map(|d| d.into_vec()) else {
            continue;
        };
        if d.is_empty() {
            continue;
        }
        found = true;
        let mut m = format!("{v} value ").into_bytes();
        m.extend_from_slice(&d);
        match std::fs::metadata(std::ffi::OsStr::from_bytes(&d)) {
            Ok(st) if st.is_dir() => {
                let _ = TMPDIR.set(d);
                return;
            }
            Ok(_) => m.extend_from_slice(b": not a directory"),
            Err(e) => {
                m.extend_from_slice(b": ");
                m.extend_from_slice(&crate::exec::error_text(&e));
            }
        }
        out.error(None, &m);
    }
    if found {
        out.error(None, b"using default temporary directory '/tmp'");
    }
    let _ = TMPDIR.set(b"/tmp".to_vec());
}

/// The temporary directory [`init_tmpdir`] chose (`/tmp` before it ran).
pub fn tmpdir() -> Vec<u8> {
    TMPDIR.get().cloned().unwrap_or_else(|| b"/tmp".to_vec())
}

impl Jobserver {
    /// Creates a jobserver holding `tokens` tokens. A fifo that cannot be
    /// made falls back to a pipe (after GNU's message, returned as text
    /// alongside the result). `Err` is a fatal error, in GNU's words.
    pub fn create(
        tokens: u32,
        style: Style,
    ) -> Result<(Option<Jobserver>, Option<Vec<u8>>), Vec<u8>> {
        let mut warning = None;
        let mut js = None;
        if style == Style::Fifo {
            let mut path = tmpdir();
            path.extend_from_slice(format!("/GMfifo{}", std::process::id()).as_bytes());
            let c = cstr(&path);
            // SAFETY: NUL-terminated path.
            let r = unsafe { libc::mkfifo(c.as_ptr() as *const libc::c_char, 0o600) };
            if r < 0 {
                let e = std::io::Error::last_os_error();
                let mut m = b"jobserver mkfifo: ".to_vec();
                m.extend_from_slice(&path);
                m.extend_from_slice(b": ");
                m.extend_from_slice(&crate::exec::error_text(&e));
                warning = Some(m);
            } else {
                // Opened twice, for reading then writing, as GNU does: with
                // descriptors running out (EMFILE) it fails where GNU does.
                crate::signals::JOBSERVER_FIFO.set(&path);
                let read_fd = match open(&path, libc::O_RDONLY | libc::O_NONBLOCK) {
                    Ok(fd) => fd,
                    Err(e) => {
                        remove_fifo();
                        let mut m = b"cannot open jobserver ".to_vec();
                        m.extend_from_slice(&path);
                        m.extend_from_slice(b": ");
                        m.extend_from_slice(&crate::exec::error_text(&e));
                        return Err(m);
                    }
                };
                let Ok(write_fd) = open(&path, libc::O_WRONLY) else {
                    // GNU checks the wrong descriptor here and goes on to
                    // write its tokens to -1.
                    // SAFETY: closing the descriptor just opened.
                    unsafe { libc::close(read_fd) };
                    remove_fifo();
                    return Err(b"init jobserver pipe: Bad file descriptor".to_vec());
                };
                js = Some(Jobserver {
                    style: Style::Fifo,
                    read_fd,
                    write_fd,
                    auth_fds: (-1, -1),
                    fifo: Some(path),
                    root: true,
                });
            }
        }
        if js.is_none() {
            let mut fds = [0 as libc::c_int; 2];
            // SAFETY: fds is a valid two-element array.
            if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
                let mut m = b"creating jobs pipe: ".to_vec();
                m.extend_from_slice(&crate::exec::error_text(&std::io::Error::last_os_error()));
                return Err(m);
            }
            set_nonblock(fds[0]);
            js = Some(Jobserver {
                style: Style::Pipe,
                read_fd: fds[0],
                write_fd: fds[1],
                auth_fds: (fds[0], fds[1]),
                fifo: None,
                root: true,
            });
        }
        if let Some(j) = &js {
            for _ in 0..tokens {
                j.release();
            }
        }
        Ok((js, warning))
    }

    /// Joins the jobserver named by `--jobserver-auth=`; `Err` holds an
    /// error message to print (then GNU warns and runs serially), `Ok(None)`
    /// when the auth is unusable without a message.
    pub fn connect(auth: &[u8]) -> Result<Option<Jobserver>, Vec<u8>> {
        if let Some(path) = auth.strip_prefix(b"fifo:") {
            return match open(path, libc::O_RDWR | libc::O_NONBLOCK) {
                Ok(fd) => Ok(Some(Jobserver {
                    style: Style::Fifo,
                    read_fd: fd,
                    write_fd: fd,
                    auth_fds: (-1, -1),
                    fifo: Some(path.to_vec()),
                    root: false,
                })),
                Err(e) => {
                    let mut m = b"cannot open jobserver ".to_vec();
                    m.extend_from_slice(path);
                    m.extend_from_slice(b": ");
                    m.extend_from_slice(&crate::exec::error_text(&e));
                    Err(m)
                }
            };
        }
        let Some((r, w)) = scan_fds(auth) else {
            let mut m = b"invalid --jobserver-auth string '".to_vec();
            m.extend_from_slice(auth);
            m.push(b'\'');
            return Err(m);
        };
        if r < 0 || w < 0 {
            return Ok(None);
        }
        let inherited = match AUTH_FDS_AT_START.get() {
            Some(&(fds, open)) if fds == (r, w) => open,
            _ => fds_open(r, w),
        };
        if !inherited {
            return Ok(None);
        }
        set_cloexec(r, true);
        set_cloexec(w, true);
        // Our own open file description for reading, so that making it
        // non-blocking affects nobody else. (Not for what is no pipe, such
        // as the mutex above: GNU reads the descriptor itself, which may
        // not be open for reading.)
        let path = format!("/proc/self/fd/{}", r);
        let reopened = if is_fifo(r) {
            open(path.as_bytes(), libc::O_RDONLY | libc::O_NONBLOCK).ok()
        } else {
            None
        };
        let read_fd = match reopened {
            Some(fd) => fd,
            None => {
                set_nonblock(r);
                r
            }
        };
        Ok(Some(Jobserver {
            style: Style::Pipe,
            read_fd,
            write_fd: w,
            auth_fds: (r, w),
            fifo: None,
            root: false,
        }))
    }

    /// The value of `--jobserver-auth=` for children.
    pub fn auth(&self) -> Vec<u8> {
        match &self.fifo {
            Some(p) => {
                let mut v = b"fifo:".to_vec();
                v.extend_from_slice(p);
                v
            }
            None => format!("{},{}", self.auth_fds.0, self.auth_fds.1).into_bytes(),
        }
    }

    /// Takes a token if one is there (never blocks); an error other than
    /// "try again" when reading (GNU's "read jobs pipe" is fatal).
    pub fn try_acquire(&self) -> std::io::Result<bool> {
        let mut b = [0u8; 1];
        loop {
            // SAFETY: reading one byte into a local buffer.
            let r = unsafe { libc::read(self.read_fd, b.as_mut_ptr() as *mut libc::c_void, 1) };
            if r == 1 {
                return Ok(true);
            }
            if r < 0 {
                let e = std::io::Error::last_os_error();
                match e.kind() {
                    std::io::ErrorKind::Interrupted => continue,
                    std::io::ErrorKind::WouldBlock => return Ok(false),
                    _ => return Err(e),
                }
            }
            return Ok(false);
        }
    }

    /// Takes every token there is (at exit, GNU counts them).
    pub fn acquire_all(&self) -> u32 {
        let mut n = 0;
        while let Ok(true) = self.try_acquire() {
            n += 1;
        }
        n
    }

    /// The descriptor to poll for a token.
    pub fn poll_fd(&self) -> RawFd {
        self.read_fd
    }

    /// Gives a token back.
    pub fn release(&self) {
        let b = [b'+'];
        loop {
            // SAFETY: writing one byte from a local buffer.
            let r = unsafe { libc::write(self.write_fd, b.as_ptr() as *const libc::c_void, 1) };
            if r < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
    }

    /// Make is about to re-execute itself (a makefile was remade). A
    /// make that joined its parent's pipe passes the pipe on, as GNU
    /// does: the restarted make finds the descriptors its MAKEFLAGS names
    /// open and joins the same jobserver. Anything else is released
    /// (its fifo removed): the restarted make opens or makes its own.
    pub fn pass_to_reexec(self) {
        if self.root || self.style != Style::Pipe {
            return;
        }
        set_cloexec(self.auth_fds.0, false);
        set_cloexec(self.auth_fds.1, false);
        if self.read_fd != self.auth_fds.0 {
            // SAFETY: closing our own duplicate of the read end.
            unsafe { libc::close(self.read_fd) };
        }
        std::mem::forget(self);
    }

    /// Lets a recursive child inherit the pipe (pipe style), or not.
    pub fn inherit(&self, on: bool) {
        if self.style == Style::Pipe {
            set_cloexec(self.auth_fds.0, !on);
            set_cloexec(self.auth_fds.1, !on);
        }
    }
}

impl Drop for Jobserver {
    fn drop(&mut self) {
        if self.root {
            remove_fifo();
        }
        // SAFETY: closing descriptors we own.
        unsafe {
            libc::close(self.read_fd);
            if self.write_fd != self.read_fd {
                libc::close(self.write_fd);
            }
            if self.auth_fds.0 >= 0 && self.auth_fds.0 != self.read_fd {
                libc::close(self.auth_fds.0);
            }
        }
    }
}

/// Removes the fifo this make created, if any (async-signal-safe).
pub fn remove_fifo() {
    crate::signals::JOBSERVER_FIFO.remove();
}
