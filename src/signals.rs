//! Fatal signals, handled as GNU make 4.4.1 does.
//!
//! GNU catches SIGHUP, SIGQUIT, SIGPIPE, SIGINT, SIGTERM, SIGXCPU and
//! SIGXFSZ (each unless it was ignored when make started: then it stays
//! ignored, and children inherit that). On one of them it:
//! 1. resets that signal to its default action (a second one kills at once);
//! 2. for SIGTERM, sends SIGTERM to every running child (SIGINT, SIGQUIT
//!    and SIGHUP from a terminal reach the children by themselves: they are
//!    in make's process group);
//! 3. for SIGINT/SIGTERM/SIGHUP/SIGQUIT, deletes the targets of the running
//!    jobs (`make: *** Deleting file 'T'`, only regular files whose mtime
//!    changed since the job started, never precious or phony ones) and waits
//!    for the children silently; for the others it prints
//!    `make: *** Waiting for unfinished jobs....` (when jobs are running)
//!    and waits;
//! 4. removes intermediate files it made;
//! 5. SIGQUIT: exits with status 1; otherwise re-raises the signal, so
//!    make dies of it (status 128+N in a shell).
//!
//! Here the handler only does what is async-signal-safe: steps 1 and 2,
//! and records the signal. Then either
//! * **immediate mode** (the default after [`install`], e.g. while reading
//!   makefiles: there are no jobs nor intermediates yet) — the handler
//!   finishes the job itself: make dies of the signal (SIGQUIT: `_exit(1)`);
//! * **deferred mode** ([`set_deferred`]`(true)`, set by the update engine
//!   while it builds) — the handler returns. Blocking calls are not
//!   restarted (no SA_RESTART): reads, writes and the wait for one given
//!   child retry on EINTR, while the blocking wait for any child returns
//!   to the engine, which acts on the signal at once, as GNU's handler
//!   does (a child that got the signal too may take a moment to end, one
//!   that did not goes on: what it writes after the signal is the
//!   child's, not deleted as changed by it). The engine must call
//!   [`pending`] after every child it reaps and between jobs, and when it
//!   returns `Some(sig)` do steps 3–4 and then call [`die_by`]`(sig)`.
//!
//! Protocol for the update engine (deferred mode):
//! ```text
//! set_deferred(true) before starting the first job;
//! for each job: remember the target's mtime before running it;
//! after each run()/reap (and before starting a job):
//!     if let Some(sig) = signals::pending() {
//!         if signals::deletes_targets(sig) {
//!             delete targets of the job just reaped and of all running jobs
//!             (fs::delete_target), then wait for the others silently
//!         } else {
//!             print "*** Waiting for unfinished jobs...." if any run; wait
//!         }
//!         // only then report the reaped job's failure, if any
//!         // (`make: *** [Makefile:3: t] Interrupt`): GNU prints it after
//!         // the "Deleting file" line
//!         remove intermediate files; signals::die_by(sig)
//!     }
//! ```

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, AtomicUsize, Ordering};

/// A file make created and removes when it ends, also when a fatal signal
/// ends it (GNU's handler removes them first of all, whatever make is
/// doing): the path is kept as a C string the handler can unlink.
pub struct DoomedFile(AtomicPtr<libc::c_char>);

impl Default for DoomedFile {
    fn default() -> Self {
        Self::new()
    }
}

impl DoomedFile {
    pub const fn new() -> DoomedFile {
        DoomedFile(AtomicPtr::new(std::ptr::null_mut()))
    }

    /// Records the file to remove (a path with a NUL byte cannot be one).
    pub fn set(&self, path: &[u8]) {
        let Ok(c) = std::ffi::CString::new(path.to_vec()) else {
            return;
        };
        let old = self.0.swap(c.into_raw(), Ordering::SeqCst);
        if !old.is_null() {
            // SAFETY: old came from CString::into_raw and is ours again.
            drop(unsafe { std::ffi::CString::from_raw(old) });
        }
    }

    /// Removes the file, if one is recorded, and forgets it
    /// (async-signal-safe: the name is leaked, not freed).
    pub fn remove(&self) {
        let p = self.0.swap(std::ptr::null_mut(), Ordering::SeqCst);
        if !p.is_null() {
            // SAFETY: p came from CString::into_raw; unlink is signal-safe.
            unsafe {
                libc::unlink(p);
            }
        }
    }
}

/// The copy of a makefile read from standard input.
pub static TEMP_STDIN: DoomedFile = DoomedFile::new();
/// The jobserver's fifo, when this make created it.
pub static JOBSERVER_FIFO: DoomedFile = DoomedFile::new();
/// The output-sync mutex file, when this make created it.
pub static SYNC_MUTEX: DoomedFile = DoomedFile::new();

/// Removes every file make created for its own use (async-signal-safe).
pub fn remove_own_files() {
    TEMP_STDIN.remove();
    SYNC_MUTEX.remove();
    JOBSERVER_FIFO.remove();
}

/// The signals GNU make treats as fatal.
pub const FATAL: [libc::c_int; 7] = [
    libc::SIGHUP,
    libc::SIGQUIT,
    libc::SIGPIPE,
    libc::SIGINT,
    libc::SIGTERM,
    libc::SIGXCPU,
    libc::SIGXFSZ,
];

static PENDING: AtomicI32 = AtomicI32::new(0);
static DEFERRED: AtomicBool = AtomicBool::new(false);
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// Whether SIGPIPE was ignored when the process started (before the Rust
/// runtime set it to SIG_IGN), recorded by an ELF constructor on Linux.
static PIPE_RECORDED: AtomicBool = AtomicBool::new(false);
static PIPE_WAS_IGNORED: AtomicBool = AtomicBool::new(false);

#[cfg(all(target_os = "linux", not(test)))]
#[used]
#[link_section = ".init_array"]
static RECORD_SIGPIPE: extern "C" fn() = record_sigpipe;

#[allow(dead_code)]
extern "C" fn record_sigpipe() {
    // SAFETY: querying the current action only.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGPIPE, std::ptr::null(), &mut old) == 0 {
            PIPE_WAS_IGNORED.store(old.sa_sigaction == libc::SIG_IGN, Ordering::Relaxed);
            PIPE_RECORDED.store(true, Ordering::Relaxed);
        }
    }
}

const MAX_CHILDREN: usize = 512;
#[allow(clippy::declare_interior_mutable_const)]
const NO_CHILD: AtomicI32 = AtomicI32::new(0);
/// Running children (pids), for SIGTERM forwarding from the handler.
static CHILDREN: [AtomicI32; MAX_CHILDREN] = [NO_CHILD; MAX_CHILDREN];

/// make's process id, set by [`install`] (0 before).
static MAKE_PID: AtomicI32 = AtomicI32::new(0);

/// Whether `handler` is one a child started by `exec::spawn` may keep
/// until it execs (see [`on_fatal`]): exec resets it to the default action
/// anyway, so the child need not do it by hand.
pub(crate) fn child_safe_handler(handler: libc::sighandler_t) -> bool {
    handler == on_fatal as extern "C" fn(libc::c_int) as libc::sighandler_t
}

extern "C" fn on_fatal(sig: libc::c_int) {
    // A child of `exec::spawn` shares make's memory until it execs and
    // keeps this handler (it unblocks signals just before its exec): there
    // the signal gets its default action, as if the child had reset it,
    // and make's state is left alone. Only raw system calls: the child
    // shares make's thread data too (errno, glibc's cached thread id).
    // SAFETY: getpid, rt_sigaction and kill as plain system calls.
    unsafe {
        let me = libc::syscall(libc::SYS_getpid) as libc::pid_t;
        if me != MAKE_PID.load(Ordering::Relaxed) {
            let dfl: [libc::c_ulong; 4] = [libc::SIG_DFL as libc::c_ulong, 0, 0, 0];
            libc::syscall(
                libc::SYS_rt_sigaction,
                sig as libc::c_long,
                dfl.as_ptr(),
                std::ptr::null_mut::<libc::c_ulong>(),
                8 as libc::c_long,
            );
            // Blocked while we run: delivered, with its default action,
            // when the handler returns.
            libc::syscall(libc::SYS_kill, me as libc::c_long, sig as libc::c_long);
            return;
        }
    }
    // Everything here is async-signal-safe: atomics, sigaction, unlink,
    // kill, raise, _exit.
    set_action(sig, libc::SIG_DFL);
    remove_own_files();
    if sig == libc::SIGTERM {
        for c in CHILDREN.iter() {
            let pid = c.load(Ordering::SeqCst);
            if pid > 0 {
                // SAFETY: kill is async-signal-safe.
                unsafe {
                    libc::kill(pid, libc::SIGTERM);
                }
            }
        }
    }
    let _ = PENDING.compare_exchange(0, sig, Ordering::SeqCst, Ordering::SeqCst);
    if !DEFERRED.load(Ordering::SeqCst) {
        if sig == libc::SIGQUIT {
            // SAFETY: _exit is async-signal-safe.
            unsafe { libc::_exit(1) };
        }
        // The signal is blocked while we run; it is delivered, with its
        // default action, as soon as the handler returns.
        // SAFETY: raise is async-signal-safe.
        unsafe {
            libc::raise(sig);
        }
    }
}

/// Bumped whenever make changes a signal's action (see
/// [`actions_changed`]).
static ACTIONS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// A number that changes whenever make changes a signal's action: what
/// was learnt of the actions stays right while it is the same.
pub(crate) fn actions_changed() -> u32 {
    ACTIONS.load(Ordering::SeqCst)
}

fn set_action(sig: libc::c_int, handler: libc::sighandler_t) -> libc::sighandler_t {
    ACTIONS.fetch_add(1, Ordering::SeqCst);
    // SAFETY: plain sigaction calls with zero-initialised structs.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = handler;
        // No SA_RESTART: a fatal signal interrupts the blocking wait for a
        // child (EINTR), so that make acts on it at once, as GNU's handler
        // does, and not when the child ends.
        act.sa_flags = 0;
        libc::sigemptyset(&mut act.sa_mask);
        libc::sigaddset(&mut act.sa_mask, sig);
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(sig, &act, &mut old) != 0 {
            return libc::SIG_ERR;
        }
        old.sa_sigaction
    }
}

/// Installs the handlers (immediate mode). Signals that were ignored when
/// make started stay ignored. SIGCHLD is set to its default action.
pub fn install() {
    // SAFETY: getpid cannot fail.
    MAKE_PID.store(unsafe { libc::getpid() }, Ordering::SeqCst);
    let on_fatal_ptr = on_fatal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    for sig in FATAL {
        let old = set_action(sig, on_fatal_ptr);
        let was_ignored = if sig == libc::SIGPIPE {
            initially_ignored_pipe()
        } else {
            old == libc::SIG_IGN
        };
        if was_ignored {
            set_action(sig, libc::SIG_IGN);
        }
    }
    set_action(libc::SIGCHLD, libc::SIG_DFL);
    INSTALLED.store(true, Ordering::SeqCst);
}

/// Whether SIGPIPE was ignored by make's parent. Unknown (no constructor)
/// counts as not ignored: that is by far the usual case.
fn initially_ignored_pipe() -> bool {
    PIPE_RECORDED.load(Ordering::Relaxed) && PIPE_WAS_IGNORED.load(Ordering::Relaxed)
}

/// Whether SIGPIPE was ignored when make started: `None` when unknown
/// (the recording constructor did not run).
pub fn sigpipe_initially_ignored() -> Option<bool> {
    if PIPE_RECORDED.load(Ordering::Relaxed) {
        Some(PIPE_WAS_IGNORED.load(Ordering::Relaxed))
    } else {
        None
    }
}

/// Deferred mode on or off (see the module documentation).
pub fn set_deferred(on: bool) {
    DEFERRED.store(on, Ordering::SeqCst);
}

/// Set once make acts on the pending signal (it is dying of it): from
/// then on waiting for children is what it must do.
static ACTING: AtomicBool = AtomicBool::new(false);

/// Make acts on the pending signal: [`interrupts_wait`] is false from now.
pub fn acting() {
    ACTING.store(true, Ordering::SeqCst);
}

/// Whether a fatal signal came that make has not acted on yet: a blocking
/// wait for any child returns for it (deferred mode).
pub fn interrupts_wait() -> bool {
    PENDING.load(Ordering::SeqCst) != 0 && !ACTING.load(Ordering::SeqCst)
}

/// The fatal signal received, if any (deferred mode).
pub fn pending() -> Option<i32> {
    match PENDING.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// Whether GNU deletes the targets of running jobs for this signal
/// (SIGINT, SIGTERM, SIGHUP, SIGQUIT); for the others it waits for the
/// jobs with "*** Waiting for unfinished jobs....".
pub fn deletes_targets(sig: i32) -> bool {
    matches!(
        sig,
        libc::SIGINT | libc::SIGTERM | libc::SIGHUP | libc::SIGQUIT
    )
}

/// Blocks `sig` while make handles it, as it is blocked while GNU's
/// handler runs: make's own writes to a closed pipe then fail with EPIPE
/// instead of killing it half-way ([`die_by`] unblocks it).
pub fn block(sig: i32) {
    // SAFETY: plain signal-mask calls.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, sig);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// Ends make the way GNU does after a fatal signal: SIGQUIT exits with
/// status 1; any other signal is re-raised with its default action and
/// unblocked, so make dies of it. (Falls back to exit status 1 should the
/// signal somehow not kill us.) Flushes stdout first.
pub fn die_by(sig: i32) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    if sig == libc::SIGQUIT {
        // GNU exits normally here: its exit closes loaded objects too.
        crate::load::close_at_exit();
        std::process::exit(1);
    }
    set_action(sig, libc::SIG_DFL);
    // SAFETY: plain signal-mask and raise calls.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, sig);
        libc::raise(sig);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
    }
    std::process::exit(1)
}

/// How many pids [`CHILDREN`] holds: a child that was never registered
/// (`$(shell)`'s) is forgotten without a scan when none is.
static REGISTERED: AtomicUsize = AtomicUsize::new(0);

/// Records a running child (for SIGTERM forwarding).
pub fn register_child(pid: libc::pid_t) {
    for c in CHILDREN.iter() {
        if c.compare_exchange(0, pid, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            REGISTERED.fetch_add(1, Ordering::SeqCst);
            return;
        }
    }
}

/// Forgets a child that was reaped.
pub fn unregister_child(pid: libc::pid_t) {
    if REGISTERED.load(Ordering::SeqCst) == 0 {
        return;
    }
    for c in CHILDREN.iter() {
        if c.load(Ordering::Relaxed) == pid
            && c.compare_exchange(pid, 0, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        {
            REGISTERED.fetch_sub(1, Ordering::SeqCst);
            return;
        }
    }
}

/// Sends `sig` to every registered child.
pub fn kill_children(sig: i32) {
    for c in CHILDREN.iter() {
        let pid = c.load(Ordering::SeqCst);
        if pid > 0 {
            // SAFETY: plain kill.
            unsafe {
                libc::kill(pid, sig);
            }
        }
    }
}

/// Fills `set` with the signals a child must get back at their default
/// action; returns whether there are any. Only SIGPIPE qualifies: the Rust
/// runtime ignores it, which a child would otherwise inherit.
pub(crate) fn reset_in_children(set: &mut libc::sigset_t) -> bool {
    if initially_ignored_pipe() {
        return false;
    }
    // If our handler is installed the exec resets it anyway; if it is not
    // (no install, or tests), the ignore is the runtime's.
    // SAFETY: adding to a caller-owned set.
    unsafe {
        libc::sigaddset(set, libc::SIGPIPE);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_and_unregister() {
        register_child(999_999);
        assert!(CHILDREN.iter().any(|c| c.load(Ordering::SeqCst) == 999_999));
        unregister_child(999_999);
        assert!(!CHILDREN.iter().any(|c| c.load(Ordering::SeqCst) == 999_999));
    }

    #[test]
    fn which_signals_delete() {
        assert!(deletes_targets(libc::SIGINT));
        assert!(deletes_targets(libc::SIGQUIT));
        assert!(!deletes_targets(libc::SIGPIPE));
        assert!(!deletes_targets(libc::SIGXCPU));
    }
}
