//! The rmake binary. It starts without the Rust runtime's start-up
//! (`no_main`): that reads /proc/self/maps and sets up a guard and an
//! alternate signal stack for the main thread's stack, which make does not
//! run on (see [`rmake::run`]), and a recursive make starts often enough
//! for that to count. What else that start-up does is done here.

#![cfg_attr(not(test), no_main)]

#[cfg(not(test))]
use std::ffi::{c_char, c_int};

#[cfg(not(test))]
#[no_mangle]
pub extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    // SAFETY: plain calls on the process's own descriptors and signal
    // dispositions, before anything else runs.
    unsafe {
        // As the Rust runtime does: a closed standard descriptor is opened
        // on /dev/null, so no file make opens takes its number.
        let mut fds = [0, 1, 2].map(|fd| libc::pollfd {
            fd,
            events: 0,
            revents: 0,
        });
        // Children still see them closed (see note_closed_at_start).
        if libc::poll(fds.as_mut_ptr(), 3, 0) >= 0 {
            let mut closed = 0;
            for p in fds {
                if p.revents & libc::POLLNVAL != 0 {
                    closed |= 1 << p.fd;
                    if libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) == -1 {
                        libc::abort();
                    }
                }
            }
            rmake::exec::spawn::note_closed_at_start(closed);
        }
        // As the Rust runtime does: SIGPIPE is ignored (make installs its
        // own handlers soon after, see signals::install).
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    // A panic ends make as the Rust runtime would (its message was printed
    // by the panic hook), rather than unwinding into C.
    let status = std::panic::catch_unwind(rmake::run).unwrap_or(101);
    std::process::exit(status)
}

/// Small blocks from per-thread size classes (see `rmake::small_alloc`).
#[global_allocator]
static ALLOCATOR: rmake::small_alloc::SmallAlloc = rmake::small_alloc::SmallAlloc;
