//! Starting and reaping child processes as GNU make 4.4.1 does with
//! `posix_spawn` (done here by a vfork-like clone of our own, which need
//! not ask for every signal's action at every child): the program is looked up on the child's `PATH` first
//! (so "not found" and "not executable" are known before anything is
//! started), a script without `#!` is re-run through `/bin/sh`, the child
//! starts with an empty signal mask, and its stdin/stdout/stderr are the
//! given descriptors.

use std::ffi::{CStr, CString};
use std::io;
use std::os::unix::io::RawFd;
use std::sync::atomic::{AtomicU8, Ordering};

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

/// `strerror(errno)` as bytes, in the language of the user's locale as
/// GNU make's are (see [`crate::locale::for_messages`]).
pub fn strerror(errno: i32) -> Vec<u8> {
    crate::locale::for_messages();
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

/// The C library's text for an I/O error (`strerror`), else Rust's.
pub fn error_text(e: &io::Error) -> Vec<u8> {
    match e.raw_os_error() {
        Some(code) => strerror(code),
        None => e.to_string().into_bytes(),
    }
}

fn errno() -> i32 {
    io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

fn cstring(b: &[u8]) -> Result<CString, SpawnError> {
    // A NUL byte cannot be passed to exec; GNU would have cut the string
    // there, so do the same.
    CString::new(super::argv::until_nul(b)).map_err(|_| SpawnError(libc::EINVAL))
}

/// Whether the real and effective user and group ids are the same, asked
/// once: make never changes them, and then `access` answers what
/// `eaccess` would (glibc's `euidaccess` asks the four ids and calls
/// `access` at every call).
fn plain_ids() -> bool {
    use std::sync::atomic::{AtomicU8, Ordering};
    static IDS: AtomicU8 = AtomicU8::new(0);
    match IDS.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            // SAFETY: these calls cannot fail.
            let same =
                unsafe { libc::getuid() == libc::geteuid() && libc::getgid() == libc::getegid() };
            IDS.store(if same { 1 } else { 2 }, Ordering::Relaxed);
            same
        }
    }
}

/// Whether `path` is something we may execute (not a directory); the
/// errno explains why not. As gnulib's `find_in_given_path` (eaccess
/// X_OK, then stat to refuse a directory), in fewer system calls: the
/// stat comes first (glibc's `euidaccess` starts with it too, so a
/// missing file fails with the same errno and nothing more is asked),
/// then `access` (or `eaccess` when make runs set-uid or set-gid).
fn executable(path: &CStr) -> Result<(), i32> {
    // SAFETY: path is a valid NUL-terminated string; st is written by
    // stat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::stat(path.as_ptr(), &mut st) } != 0 {
        return Err(errno());
    }
    // SAFETY: as above.
    let r = unsafe {
        if plain_ids() {
            libc::access(path.as_ptr(), libc::X_OK)
        } else {
            libc::eaccess(path.as_ptr(), libc::X_OK)
        }
    };
    if r != 0 {
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

/// Owns a C `char *[]`: the strings, each cut at its first NUL (as GNU's
/// would be) and NUL-terminated, in one buffer, and the pointers.
struct CVec {
    _buf: Vec<u8>,
    ptrs: Vec<*mut libc::c_char>,
}

impl CVec {
    fn new<'a>(items: impl Iterator<Item = &'a [u8]> + Clone) -> Result<CVec, SpawnError> {
        // Each cut at its first NUL, as `cstring` does.
        let cut = super::argv::until_nul;
        let (mut n, mut len) = (0, 0);
        for b in items.clone() {
            n += 1;
            len += cut(b).len() + 1;
        }
        let mut buf = Vec::with_capacity(len);
        let mut starts = Vec::with_capacity(n + 1);
        for b in items {
            starts.push(buf.len());
            buf.extend_from_slice(cut(b));
            buf.push(0);
        }
        // The buffer does not move from here on.
        let base = buf.as_ptr() as *mut libc::c_char;
        let mut ptrs: Vec<*mut libc::c_char> = starts
            .into_iter()
            // SAFETY: every start is inside the buffer.
            .map(|i| unsafe { base.add(i) })
            .collect();
        ptrs.push(std::ptr::null_mut());
        Ok(CVec { _buf: buf, ptrs })
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

/// The standard descriptors (bit `fd`) that were closed when make
/// started. The program opens /dev/null on them, so that no file make
/// opens takes their number, but children inherit them closed, as GNU
/// make's do: a recipe writing to a closed stdout fails.
static CLOSED_AT_START: AtomicU8 = AtomicU8::new(0);

/// Records the standard descriptors (bit `fd`) closed at start-up.
pub fn note_closed_at_start(mask: u8) {
    CLOSED_AT_START.store(mask & 7, Ordering::Relaxed);
}

/// The standard descriptors (bit `fd`) closed at start-up.
pub fn closed_at_start() -> u8 {
    CLOSED_AT_START.load(Ordering::Relaxed)
}

/// What the child of [`start`] needs, all prepared by the parent: the
/// child shares make's memory until it execs, so it must not allocate.
struct ChildArgs {
    prog: *const libc::c_char,
    argv: *const *mut libc::c_char,
    envp: *const *mut libc::c_char,
    /// `dup2(from, to)` to do, in order.
    dups: [(libc::c_int, libc::c_int); 3],
    ndups: usize,
    /// Standard descriptors to close (bit `fd`): closed when make started
    /// and inherited as they are.
    close: u8,
    /// Signals to set back to their default action.
    reset: libc::sigset_t,
    /// Why the child could not exec (0: it did).
    err: libc::c_int,
}

/// The child's side of [`start`]: runs on its own stack, in make's memory,
/// with every signal blocked and make suspended (vfork). Only system
/// calls, no allocation.
extern "C" fn child_main(arg: *mut libc::c_void) -> libc::c_int {
    // SAFETY: `arg` is the ChildArgs the parent keeps alive (it is
    // suspended until we exec or exit); every pointer in it is valid.
    unsafe {
        let a = &mut *(arg as *mut ChildArgs);
        let mut dfl: libc::sigaction = std::mem::zeroed();
        dfl.sa_sigaction = libc::SIG_DFL;
        for sig in 1..NSIG {
            if libc::sigismember(&a.reset, sig) == 1 {
                libc::sigaction(sig, &dfl, std::ptr::null_mut());
            }
        }
        // glibc's own signals (which its sigaction refuses) are ignored,
        // as its posix_spawn leaves them: children inherit that.
        let ignore: [libc::c_ulong; 4] = [libc::SIG_IGN as libc::c_ulong, 0, 0, 0];
        for sig in [32, 33] {
            libc::syscall(
                libc::SYS_rt_sigaction,
                sig as libc::c_long,
                ignore.as_ptr(),
                std::ptr::null_mut::<libc::c_ulong>(),
                NSIG_BYTES,
            );
        }
        for &(from, to) in &a.dups[..a.ndups] {
            if libc::dup2(from, to) < 0 {
                std::ptr::write_volatile(&mut a.err, *libc::__errno_location());
                libc::_exit(127);
            }
        }
        for fd in 0..3 {
            if a.close & (1 << fd) != 0 {
                libc::close(fd);
            }
        }
        let mut none: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut none);
        libc::syscall(
            libc::SYS_rt_sigprocmask,
            libc::SIG_SETMASK,
            &none as *const libc::sigset_t,
            std::ptr::null_mut::<libc::sigset_t>(),
            NSIG_BYTES,
        );
        libc::execve(
            a.prog,
            a.argv as *const *const libc::c_char,
            a.envp as *const *const libc::c_char,
        );
        let e = *libc::__errno_location();
        std::ptr::write_volatile(&mut a.err, if e == 0 { libc::ENOEXEC } else { e });
        libc::_exit(127)
    }
}

/// Signal numbers are below this.
const NSIG: libc::c_int = 65;
/// The kernel's signal set size.
const NSIG_BYTES: libc::c_long = 8;
/// The child's stack (it needs little: a few system calls).
const CHILD_STACK: usize = 64 * 1024;

/// A stack for children of this thread, with a guard page below it; made
/// on first use and kept (children of one thread never overlap: make is
/// suspended while a child uses it).
struct ChildStack {
    base: *mut libc::c_void,
    len: usize,
}

impl ChildStack {
    fn new() -> Option<ChildStack> {
        let page = 4096;
        let len = CHILD_STACK + page;
        // SAFETY: a fresh anonymous mapping; its lowest page is made
        // inaccessible so an overflow faults instead of corrupting memory.
        unsafe {
            let base = libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_STACK,
                -1,
                0,
            );
            if base == libc::MAP_FAILED {
                return None;
            }
            libc::mprotect(base, page, libc::PROT_NONE);
            Some(ChildStack { base, len })
        }
    }

    /// The (16-byte aligned) top.
    fn top(&self) -> *mut libc::c_void {
        (self.base as usize + self.len) as *mut libc::c_void
    }
}

impl Drop for ChildStack {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`, no longer used.
        unsafe {
            libc::munmap(self.base, self.len);
        }
    }
}

thread_local! {
    static STACK: std::cell::RefCell<Option<ChildStack>> = const { std::cell::RefCell::new(None) };
    /// The signals that have a handler, and `signals::actions_changed()`
    /// when that was learnt.
    static HANDLED: std::cell::Cell<Option<(u32, libc::sigset_t)>> = const { std::cell::Cell::new(None) };
}

/// The signals a child must set back to their default action before it
/// execs: those with a handler (the child runs in make's memory, where a
/// handler must not run) other than make's own fatal-signal handler (which
/// gives the signal its default action when it finds itself in a child,
/// and which the exec resets), and SIGPIPE when it is ignored by the Rust
/// runtime rather than by make's parent (`signals` says which). Ignored
/// signals stay ignored. As posix_spawn with POSIX_SPAWN_SETSIGDEF does,
/// except that the actions are asked once, not at every child, and that
/// the usual handlers cost the child nothing.
fn signals_to_reset() -> libc::sigset_t {
    let now = crate::signals::actions_changed();

    match HANDLED.with(|h| h.get()) {
        Some((when, set)) if when == now => set,
        _ => {
            // SAFETY: queries into zeroed structs, on a local set.
            let set = unsafe {
                let mut set: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut set);
                for sig in 1..NSIG {
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(sig, std::ptr::null(), &mut old) != 0 {
                        continue;
                    }
                    let h = old.sa_sigaction;
                    let reset = if sig == libc::SIGPIPE {
                        // Make's handler goes at exec; an ignore stays
                        // unless `signals` says it is the runtime's.
                        (h != libc::SIG_DFL
                            && h != libc::SIG_IGN
                            && !signals::child_safe_handler(h))
                            || (h == libc::SIG_IGN && {
                                let mut p: libc::sigset_t = std::mem::zeroed();
                                libc::sigemptyset(&mut p);
                                signals::reset_in_children(&mut p)
                            })
                    } else {
                        h != libc::SIG_DFL && h != libc::SIG_IGN && !signals::child_safe_handler(h)
                    };
                    if reset {
                        libc::sigaddset(&mut set, sig);
                    }
                }
                set
            };
            HANDLED.with(|h| h.set(Some((now, set))));
            set
        }
    }
}

/// Blocks every signal (also glibc's own) until dropped.
struct BlockAll {
    old: libc::sigset_t,
}

impl BlockAll {
    fn new() -> BlockAll {
        // SAFETY: a raw rt_sigprocmask on local sets (glibc's wrappers
        // leave its internal signals out).
        unsafe {
            let mut all: libc::sigset_t = std::mem::zeroed();
            libc::sigfillset(&mut all);
            let mut old: libc::sigset_t = std::mem::zeroed();
            libc::syscall(
                libc::SYS_rt_sigprocmask,
                libc::SIG_BLOCK,
                &all as *const libc::sigset_t,
                &mut old as *mut libc::sigset_t,
                NSIG_BYTES,
            );
            BlockAll { old }
        }
    }
}

impl Drop for BlockAll {
    fn drop(&mut self) {
        // SAFETY: restores the mask saved in `new`.
        unsafe {
            libc::syscall(
                libc::SYS_rt_sigprocmask,
                libc::SIG_SETMASK,
                &self.old as *const libc::sigset_t,
                std::ptr::null_mut::<libc::sigset_t>(),
                NSIG_BYTES,
            );
        }
    }
}

/// Starts `prog` (the caller blocks every signal) the way glibc's
/// posix_spawn does (a vfork-like clone on a separate stack, handlers
/// reset, descriptors duplicated, an empty signal mask, exec), but with
/// the stack kept and the signal actions learnt once rather than for
/// every child.
fn start(
    prog: &CStr,
    argv: &[*mut libc::c_char],
    env: &ChildEnv,
    io: &ChildIo,
) -> Result<libc::pid_t, SpawnError> {
    let mut args = ChildArgs {
        prog: prog.as_ptr(),
        argv: argv.as_ptr(),
        envp: env.ptrs.as_ptr(),
        dups: [(0, 0); 3],
        ndups: 0,
        close: 0,
        reset: signals_to_reset(),
        err: 0,
    };
    let closed = CLOSED_AT_START.load(Ordering::Relaxed);
    for (fd, target) in [(io.stdin, 0), (io.stdout, 1), (io.stderr, 2)] {
        match fd {
            Some(fd) if fd != target => {
                args.dups[args.ndups] = (fd, target);
                args.ndups += 1;
            }
            Some(_) => {}
            None => args.close |= closed & (1 << target),
        }
    }
    STACK.with(|st| {
        let mut st = st.borrow_mut();
        if st.is_none() {
            *st = ChildStack::new();
        }
        let Some(stack) = st.as_ref() else {
            return Err(SpawnError(libc::ENOMEM));
        };
        let pid = {
            // SAFETY: the child runs `child_main` on its own stack with
            // `args`, which outlives it: CLONE_VFORK suspends us until it
            // has exec'ed or exited.
            unsafe {
                libc::clone(
                    child_main,
                    stack.top(),
                    libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD,
                    &mut args as *mut ChildArgs as *mut libc::c_void,
                )
            }
        };
        if pid < 0 {
            return Err(SpawnError(errno()));
        }
        // SAFETY: the child is done with `args`.
        let err = unsafe { std::ptr::read_volatile(&args.err) };
        if err != 0 {
            // It exited: collect it.
            loop {
                let mut status = 0;
                // SAFETY: status is a valid out-pointer.
                let r = unsafe { libc::waitpid(pid, &mut status, 0) };
                if r >= 0 || errno() != libc::EINTR {
                    break;
                }
            }
            return Err(SpawnError(err));
        }
        Ok(pid)
    })
}

/// Starts `argv` with environment `env`: its pid, and the program found
/// (as GNU's `find_in_given_path` names it: the name itself when it has a
/// slash, else the `PATH` entry joined to it). On failure nothing was
/// started and the errno says why (GNU reports `ARGV0: strerror` and
/// status 127). The child is registered with [`signals`] (for SIGTERM
/// forwarding) when `register` is set.
pub fn spawn(
    argv: &[Vec<u8>],
    env: &ChildEnv,
    io: &ChildIo,
    register: bool,
) -> Result<(libc::pid_t, Vec<u8>), SpawnError> {
    let first = match argv.first() {
        Some(f) => f,
        None => return Err(SpawnError(libc::ENOENT)),
    };
    let prog = find_program(first, env.get(b"PATH")).map_err(SpawnError)?;
    let words = argv.iter().map(|a| a.as_slice());
    let (prog_c, args) = match super::preload::relay(env, first) {
        // `env --` runs it (looking it up on the same PATH).
        Some(relay) => (
            relay.to_owned(),
            CVec::new([&b"env"[..], b"--"].into_iter().chain(words))?,
        ),
        None => (cstring(&prog)?, CVec::new(words)?),
    };

    // Every signal is blocked while the child starts (it must not run a
    // handler in make's memory) and until it is registered (so a SIGTERM
    // cannot slip in between).
    let _blocked = BlockAll::new();
    let mut r = start(&prog_c, &args.ptrs, env, io);
    if r == Err(SpawnError(libc::ENOEXEC)) {
        // No `#!` line: run it as a shell script, as execvp would.
        let mut nargv: Vec<&[u8]> = vec![super::argv::DEFAULT_SHELL, &prog];
        nargv.extend(argv[1..].iter().map(|a| a.as_slice()));
        let nargs = CVec::new(nargv.into_iter())?;
        let sh = cstring(super::argv::DEFAULT_SHELL)?;
        r = start(&sh, &nargs.ptrs, env, io);
    }
    let pid = r?;
    if register {
        signals::register_child(pid);
    }
    Ok((pid, prog))
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
    // Waiting for any child, a fatal signal make has not acted on yet
    // ends the wait (see signals: make acts on it at once), also one that
    // came just before it.
    let stop_on_signal = pid == -1 && block;
    loop {
        if stop_on_signal && signals::interrupts_wait() {
            return Err(io::Error::from_raw_os_error(libc::EINTR));
        }
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
        if e.raw_os_error() == Some(libc::EINTR) && !(stop_on_signal && signals::interrupts_wait())
        {
            continue;
        }
        return Err(e);
    }
}
