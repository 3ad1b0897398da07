//! Starting and reaping child processes with `posix_spawn`, the way GNU
//! make 4.4.1 does: the program is looked up on the child's `PATH` first
//! (so "not found" and "not executable" are known before anything is
//! started), a script without `#!` is re-run through `/bin/sh`, the child
//! starts with an empty signal mask, and its stdin/stdout/stderr are the
//! given descriptors.

use std::ffi::{CStr, CString};
use std::io;
use std::os::unix::io::RawFd;

use super::Status;
use crate::signals;

/// Where a child's standard streams go.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChildIo {
    /// Descriptor for stdin; `None` inherits make's stdin.
    pub stdin: Option<RawFd>,
    /// Descriptor for stdout; `None` inherits.
    pub stdout: Option<RawFd>,
    /// Descriptor for stderr; `None` inherits.
    pub stderr: Option<RawFd>,
}

/// Why a program could not be started: an errno value, to be reported as
/// `PROG: ARGV0: strerror(errno)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpawnError(pub i32);

/// `strerror(errno)` as bytes.
pub fn strerror(errno: i32) -> Vec<u8> {
    let mut buf = [0 as libc::c_char; 256];
    // SAFETY: the buffer is valid for its length; the XSI/GNU variants
    // differ in return type, so we call the XSI one explicitly.
    let r = unsafe { libc::strerror_r(errno, buf.as_mut_ptr(), buf.len()) };
    if r != 0 {
        return format!("Unknown error {}", errno).into_bytes();
    }
    // SAFETY: strerror_r NUL-terminates on success.
    let s = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) };
    s.to_bytes().to_vec()
}

fn errno() -> i32 {
    io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

fn cstring(b: &[u8]) -> Result<CString, SpawnError> {
    // A NUL byte cannot be passed to exec; GNU would have cut the string
    // there, so do the same.
    let b = match b.iter().position(|&c| c == 0) {
        Some(i) => &b[..i],
        None => b,
    };
    CString::new(b).map_err(|_| SpawnError(libc::EINVAL))
}

/// Whether `path` is something we may execute (not a directory); the
/// errno explains why not.
fn executable(path: &CStr) -> Result<(), i32> {
    // SAFETY: path is a valid NUL-terminated string.
    if unsafe { libc::eaccess(path.as_ptr(), libc::X_OK) } != 0 {
        return Err(errno());
    }
    // SAFETY: as above; st is written by stat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::stat(path.as_ptr(), &mut st) } != 0 {
        return Err(errno());
    }
    if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
        return Err(libc::EACCES);
    }
    Ok(())
}

/// The default search path (`confstr(_CS_PATH)`), used when the child's
/// environment has no `PATH`.
fn default_path() -> Vec<u8> {
    let mut buf = [0 as libc::c_char; 256];
    // SAFETY: the buffer is valid for its length.
    let n = unsafe { libc::confstr(libc::_CS_PATH, buf.as_mut_ptr(), buf.len()) };
    if n == 0 || n > buf.len() {
        return b"/bin:/usr/bin".to_vec();
    }
    // SAFETY: confstr NUL-terminated what fit.
    unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }
        .to_bytes()
        .to_vec()
}

/// Finds `prog` like gnulib's `find_in_given_path`: a name with a slash is
/// used as it is; otherwise each `PATH` entry (empty means `.`) is tried.
/// The error is the last errno other than ENOENT seen, else ENOENT.
pub fn find_program(prog: &[u8], path: Option<&[u8]>) -> Result<Vec<u8>, i32> {
    if prog.contains(&b'/') {
        let c = cstring(prog).map_err(|e| e.0)?;
        return executable(&c).map(|_| prog.to_vec());
    }
    let default;
    let path = match path {
        Some(p) => p,
        None => {
            default = default_path();
            &default
        }
    };
    let mut failure = libc::ENOENT;
    // One buffer for all the candidates, NUL-terminated for the checks
    // (which, like exec, see the name up to its first NUL).
    let mut full = Vec::with_capacity(path.len() + prog.len() + 2);
    for dir in path.split(|&c| c == b':') {
        full.clear();
        let bare = dir.is_empty() || dir == b".";
        if !bare {
            full.extend_from_slice(dir);
            if !dir.ends_with(b"/") {
                full.push(b'/');
            }
        }
        full.extend_from_slice(prog);
        full.push(0);
        let c = match CStr::from_bytes_until_nul(&full) {
            Ok(c) => c,
            Err(_) => return Err(libc::EINVAL),
        };
        match executable(c) {
            Ok(()) => {
                full.pop();
                if bare {
                    let mut p = b"./".to_vec();
                    p.extend_from_slice(prog);
                    return Ok(p);
                }
                return Ok(full);
            }
            Err(e) => {
                if e != libc::ENOENT {
                    failure = e;
                }
            }
        }
    }
    Err(failure)
}

/// Owns a C `char *[]`.
struct CVec {
    _strings: Vec<CString>,
    ptrs: Vec<*mut libc::c_char>,
}

impl CVec {
    fn new<'a>(items: impl Iterator<Item = &'a [u8]>) -> Result<CVec, SpawnError> {
        let strings: Vec<CString> = items.map(cstring).collect::<Result<_, _>>()?;
        let mut ptrs: Vec<*mut libc::c_char> = strings
            .iter()
            .map(|s| s.as_ptr() as *mut libc::c_char)
            .collect();
        ptrs.push(std::ptr::null_mut());
        Ok(CVec {
            _strings: strings,
            ptrs,
        })
    }
}

/// A child's complete environment, with its `NAME=VALUE` C strings ready
/// for exec (built once, however many children use it).
#[derive(Debug)]
pub struct ChildEnv {
    pairs: Vec<(Vec<u8>, Vec<u8>)>,
    _strings: Vec<CString>,
    ptrs: Vec<*mut libc::c_char>,
}

impl ChildEnv {
    pub fn new(pairs: Vec<(Vec<u8>, Vec<u8>)>) -> ChildEnv {
        let mut entry = Vec::new();
        let strings: Vec<CString> = pairs
            .iter()
            .map(|(k, v)| {
                entry.clear();
                entry.extend_from_slice(k);
                entry.push(b'=');
                entry.extend_from_slice(v);
                // cstring cuts at a NUL, so it cannot fail.
                cstring(&entry).unwrap_or_default()
            })
            .collect();
        let mut ptrs: Vec<*mut libc::c_char> = Vec::with_capacity(strings.len() + 1);
        ptrs.extend(strings.iter().map(|s| s.as_ptr() as *mut libc::c_char));
        ptrs.push(std::ptr::null_mut());
        ChildEnv {
            pairs,
            _strings: strings,
            ptrs,
        }
    }

    /// The variables, in order.
    pub fn pairs(&self) -> &[(Vec<u8>, Vec<u8>)] {
        &self.pairs
    }

    /// The value of `name` (the first definition, as in GNU).
    pub fn get(&self, name: &[u8]) -> Option<&[u8]> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_slice())
    }
}

impl Default for ChildEnv {
    fn default() -> ChildEnv {
        ChildEnv::new(Vec::new())
    }
}

impl From<Vec<(Vec<u8>, Vec<u8>)>> for ChildEnv {
    fn from(pairs: Vec<(Vec<u8>, Vec<u8>)>) -> ChildEnv {
        ChildEnv::new(pairs)
    }
}

struct Attrs {
    attr: libc::posix_spawnattr_t,
    fa: libc::posix_spawn_file_actions_t,
}

impl Attrs {
    fn new(io: &ChildIo) -> Result<Attrs, SpawnError> {
        // SAFETY: both objects are initialised by their init functions
        // before use and destroyed in Drop.
        unsafe {
            let mut attr: libc::posix_spawnattr_t = std::mem::zeroed();
            let r = libc::posix_spawnattr_init(&mut attr);
            if r != 0 {
                return Err(SpawnError(r));
            }
            let mut fa: libc::posix_spawn_file_actions_t = std::mem::zeroed();
            let r = libc::posix_spawn_file_actions_init(&mut fa);
            if r != 0 {
                libc::posix_spawnattr_destroy(&mut attr);
                return Err(SpawnError(r));
            }
            let mut a = Attrs { attr, fa };
            let mut empty: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut empty);
            check(libc::posix_spawnattr_setsigmask(&mut a.attr, &empty))?;
            let mut flags = libc::POSIX_SPAWN_SETSIGMASK;
            // Signals make ignores only because the Rust runtime did (not
            // because make's caller did) go back to the default.
            let mut def: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut def);
            if signals::reset_in_children(&mut def) {
                check(libc::posix_spawnattr_setsigdefault(&mut a.attr, &def))?;
                flags |= libc::POSIX_SPAWN_SETSIGDEF;
            }
            check(libc::posix_spawnattr_setflags(
                &mut a.attr,
                flags as libc::c_short,
            ))?;
            for (fd, target) in [(io.stdin, 0), (io.stdout, 1), (io.stderr, 2)] {
                if let Some(fd) = fd {
                    if fd != target {
                        check(libc::posix_spawn_file_actions_adddup2(
                            &mut a.fa, fd, target,
                        ))?;
                    }
                }
            }
            Ok(a)
        }
    }
}

fn check(r: libc::c_int) -> Result<(), SpawnError> {
    if r == 0 {
        Ok(())
    } else {
        Err(SpawnError(r))
    }
}

impl Drop for Attrs {
    fn drop(&mut self) {
        // SAFETY: both were initialised in `new`.
        unsafe {
            libc::posix_spawn_file_actions_destroy(&mut self.fa);
            libc::posix_spawnattr_destroy(&mut self.attr);
        }
    }
}

/// Starts `argv` with environment `env`. On failure nothing was started
/// and the errno says why (GNU reports `ARGV0: strerror` and status 127).
/// The child is registered with [`signals`] (for SIGTERM forwarding) when
/// `register` is set; fatal signals are blocked meanwhile so a SIGTERM
/// cannot slip between the start and the registration.
pub fn spawn(
    argv: &[Vec<u8>],
    env: &ChildEnv,
    io: &ChildIo,
    register: bool,
) -> Result<libc::pid_t, SpawnError> {
    let first = match argv.first() {
        Some(f) => f,
        None => return Err(SpawnError(libc::ENOENT)),
    };
    let prog = find_program(first, env.get(b"PATH")).map_err(SpawnError)?;
    let prog_c = cstring(&prog)?;
    let args = CVec::new(argv.iter().map(|a| a.as_slice()))?;
    let envp = env;
    let attrs = Attrs::new(io)?;

    let _guard = signals::block_fatal();
    let mut pid: libc::pid_t = 0;
    let mut r;
    loop {
        // SAFETY: all pointers are valid NUL-terminated strings / arrays
        // owned by this frame; attrs are initialised.
        r = unsafe {
            libc::posix_spawn(
                &mut pid,
                prog_c.as_ptr(),
                &attrs.fa,
                &attrs.attr,
                args.ptrs.as_ptr(),
                envp.ptrs.as_ptr(),
            )
        };
        if r != libc::EINTR {
            break;
        }
    }
    if r == libc::ENOEXEC {
        // No `#!` line: run it as a shell script, as execvp would.
        let mut nargv: Vec<&[u8]> = vec![super::argv::DEFAULT_SHELL, &prog];
        nargv.extend(argv[1..].iter().map(|a| a.as_slice()));
        let nargs = CVec::new(nargv.into_iter())?;
        let sh = cstring(super::argv::DEFAULT_SHELL)?;
        loop {
            // SAFETY: as above.
            r = unsafe {
                libc::posix_spawn(
                    &mut pid,
                    sh.as_ptr(),
                    &attrs.fa,
                    &attrs.attr,
                    nargs.ptrs.as_ptr(),
                    envp.ptrs.as_ptr(),
                )
            };
            if r != libc::EINTR {
                break;
            }
        }
    }
    if r != 0 {
        return Err(SpawnError(r));
    }
    if register {
        signals::register_child(pid);
    }
    Ok(pid)
}

/// Converts a wait status.
pub fn decode(st: libc::c_int) -> Status {
    if libc::WIFSIGNALED(st) {
        Status::Signaled(libc::WTERMSIG(st))
    } else {
        Status::Exited(libc::WEXITSTATUS(st))
    }
}

/// Whether a wait status says a core was dumped.
pub fn core_dumped(st: libc::c_int) -> bool {
    libc::WIFSIGNALED(st) && libc::WCOREDUMP(st)
}

/// Waits for one child (or any child with `pid == -1`); `Ok(None)` when
/// `block` is false and none has finished. Returns the pid and the raw
/// wait status; the child is unregistered from [`signals`].
pub fn wait_raw(pid: libc::pid_t, block: bool) -> io::Result<Option<(libc::pid_t, libc::c_int)>> {
    loop {
        let mut st: libc::c_int = 0;
        // SAFETY: st is a valid out-pointer.
        let r = unsafe { libc::waitpid(pid, &mut st, if block { 0 } else { libc::WNOHANG }) };
        if r > 0 {
            signals::unregister_child(r);
            return Ok(Some((r, st)));
        }
        if r == 0 {
            return Ok(None);
        }
        let e = io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        return Err(e);
    }
}
