//! rmake: a drop-in replacement for GNU make 4.4.1.
//!
//! The pipeline: `reader` (bytes to logical lines) -> `parser` (lines to
//! statements with expression trees) -> `eval` (statements run in order,
//! filling `vars` and the rule database `rules`) -> `update` (bringing goals
//! up to date) -> `exec` (running recipe lines).

pub mod archive;
pub mod assign;
pub mod ast;
pub mod beyond;
pub mod check_dep;
pub mod cli;
pub mod cnum;
pub mod compile_commands;
pub mod conditional;
pub mod dbprint;
pub mod debug;
pub mod default_rules;
pub mod dir_epochs;
pub mod dying;
pub mod environ;
pub mod error;
pub mod eval;
pub mod exec;
pub mod expand;
pub mod expand_src;
pub mod file_names;
pub mod file_time;
pub mod finish;
pub mod fs;
pub mod functions;
pub mod glob;
pub mod gnuhash;
pub mod graph;
pub mod hash;
pub mod held_output;
pub mod implicit;
pub mod impossible;
pub mod jobs;
pub mod jobserver;
pub mod list;
pub mod load;
mod load_shim;
pub mod locale;
pub mod locals;
pub mod make;
pub mod makefiles;
pub mod osync;
pub mod output;
pub mod parser;
pub mod passwd;
pub mod pattern_rules;
pub mod patterns;
pub mod reader;
pub mod recipe;
pub mod record;
pub mod rules;
pub mod run;
pub mod search_memo;
pub mod second_expansion;
pub mod shuffle;
pub mod signals;
pub mod small_alloc;
pub mod snap_deps;
pub mod strcache;
pub mod target_vars;
pub mod thinvec;
pub mod update;
pub mod vars;
pub mod vpath;
pub mod why;

/// The stack make runs on: room for [`error::MAX_DEPTH`] levels of nested
/// expansion, `$(eval)` and include even in a debug build (only the pages
/// used are ever touched).
pub const STACK_SIZE: usize = 2 << 30;

/// The address below which make's stack counts as nearly full: a quarter
/// of it above its guard page, kept for the work done between two checks
/// of [`stack_nearly_full`] (a prerequisite's implicit search, its
/// recipe's expansion, which nest no deeper than [`error::MAX_DEPTH`]
/// allows). 0: not known (make runs on a thread's or the caller's stack).
static STACK_LOW: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Whether make's stack is nearly full (see [`STACK_LOW`]): a walk of
/// prerequisites that recurses checks this and stops with an error
/// instead of overflowing into the guard page (a crash).
#[inline]
pub fn stack_nearly_full() -> bool {
    let low = STACK_LOW.load(std::sync::atomic::Ordering::Relaxed);
    let here = 0u8;
    low != 0 && (std::ptr::addr_of!(here) as usize) < low
}

/// Runs make with the process's arguments; returns the exit status.
/// Make runs on a [`STACK_SIZE`] stack (or a smaller one if that cannot be
/// had, say under `ulimit -v`; at worst on the calling stack). On x86-64
/// the calling thread switches to that stack itself: a second thread would
/// cost a clone, a malloc arena and two scheduler hand-offs per run, which
/// is most of a recursive sub-make's start-up.
pub fn run() -> i32 {
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    if let Some(status) = bigstack::run_on_big_stack(run::run) {
        return status;
    }
    for size in [STACK_SIZE, STACK_SIZE / 8] {
        let t = std::thread::Builder::new()
            .name("make".into())
            .stack_size(size)
            .spawn(run::run);
        if let Ok(h) = t {
            // Signals go to make's thread (its blocking calls must see
            // them), never to this one, which only waits.
            // SAFETY: plain signal-mask calls on this thread.
            unsafe {
                let mut set: libc::sigset_t = std::mem::zeroed();
                libc::sigfillset(&mut set);
                libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
            }
            return match h.join() {
                Ok(status) => status,
                Err(e) => std::panic::resume_unwind(e),
            };
        }
    }
    run::run()
}

/// Running a function on a freshly mapped stack, on the calling thread.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
mod bigstack {
    use std::ffi::c_void;

    /// What the trampoline needs: the function, and room for its result
    /// or its panic.
    struct Call<F> {
        f: Option<F>,
        result: Option<std::thread::Result<i32>>,
    }

    extern "C" {
        /// Calls `f(data)` with the stack pointer at `top` (see the
        /// assembly below).
        fn rmake_on_stack(top: *mut c_void, f: extern "C" fn(*mut c_void), data: *mut c_void);
    }

    // The stack switch as a function of its own whose call frame
    // information finds the caller through rbp, which holds the old stack
    // pointer while `f` runs: an unwinder or a backtrace (a panic's, a
    // debugger's) walks from the big stack back to the thread's own
    // instead of reading garbage past the switch.
    std::arch::global_asm!(
        ".text",
        ".p2align 4",
        ".globl rmake_on_stack",
        ".hidden rmake_on_stack",
        ".type rmake_on_stack,@function",
        "rmake_on_stack:",
        ".cfi_startproc",
        "push rbp",
        ".cfi_def_cfa_offset 16",
        ".cfi_offset rbp, -16",
        "mov rbp, rsp",
        ".cfi_def_cfa_register rbp",
        "mov rsp, rdi",
        "mov rax, rsi",
        "mov rdi, rdx",
        "call rax",
        "mov rsp, rbp",
        "pop rbp",
        ".cfi_def_cfa rsp, 8",
        "ret",
        ".cfi_endproc",
        ".size rmake_on_stack, .-rmake_on_stack",
    );

    extern "C" fn trampoline<F: FnOnce() -> i32>(data: *mut c_void) {
        // SAFETY: `data` is the `Call<F>` that `run_on_big_stack` passed,
        // alive and not otherwise used until this returns.
        let call = unsafe { &mut *(data as *mut Call<F>) };
        if let Some(f) = call.f.take() {
            // A panic must not unwind through the stack switch.
            call.result = Some(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
        }
    }

    /// Maps a stack of [`super::STACK_SIZE`] (or an eighth of it) with a
    /// guard page below, and runs `f` on it; `None` when no stack could
    /// be mapped. The stack is never unmapped: the process ends soon after.
    pub fn run_on_big_stack<F: FnOnce() -> i32>(f: F) -> Option<i32> {
        let page = 4096usize;
        let mut base = std::ptr::null_mut();
        let mut size = 0;
        for s in [super::STACK_SIZE, super::STACK_SIZE / 8] {
            // SAFETY: an anonymous private mapping; no existing memory is
            // affected.
            let p = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    s,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_STACK,
                    -1,
                    0,
                )
            };
            if p != libc::MAP_FAILED {
                base = p;
                size = s;
                break;
            }
        }
        if base.is_null() {
            return None;
        }
        // The lowest page is the guard: an overflow faults there instead
        // of running into whatever lies below.
        // SAFETY: the first page of the mapping just made.
        unsafe {
            libc::mprotect(base, page, libc::PROT_NONE);
        }
        super::STACK_LOW.store(
            base as usize + page + size / 4,
            std::sync::atomic::Ordering::Relaxed,
        );
        let mut call = Call {
            f: Some(f),
            result: None,
        };
        // 16-byte aligned as the ABI wants at a call.
        let top = (base as usize + size) & !15;
        // SAFETY: `rmake_on_stack` moves the stack pointer to the top of
        // the mapping (which nothing else uses) for one call to
        // `trampoline`, which neither unwinds (it catches panics) nor keeps
        // pointers into that stack, then comes back to this stack.
        unsafe {
            rmake_on_stack(
                top as *mut c_void,
                trampoline::<F>,
                &mut call as *mut Call<F> as *mut c_void,
            );
        }
        match call.result {
            Some(Ok(status)) => Some(status),
            Some(Err(e)) => std::panic::resume_unwind(e),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    /// The unwinder is linked statically (see build.rs): a panic on the
    /// big stack must still unwind to the trampoline and be reported.
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    #[test]
    fn panics_unwind_through_the_big_stack() {
        let r = std::panic::catch_unwind(|| {
            super::bigstack::run_on_big_stack(|| -> i32 { panic!("deliberate") })
        });
        assert!(r.is_err());
        assert_eq!(super::bigstack::run_on_big_stack(|| 7), Some(7));
    }
}
