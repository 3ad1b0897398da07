//! rmake: a drop-in replacement for GNU make 4.4.1.
//!
//! The pipeline: `reader` (bytes to logical lines) -> `parser` (lines to
//! statements with expression trees) -> `eval` (statements run in order,
//! filling `vars` and the rule database `rules`) -> `update` (bringing goals
//! up to date) -> `exec` (running recipe lines).

pub mod archive;
pub mod ast;
pub mod beyond;
pub mod cli;
pub mod cnum;
pub mod compile_commands;
pub mod dbprint;
pub mod debug;
pub mod default_rules;
pub mod environ;
pub mod error;
pub mod eval;
pub mod exec;
pub mod expand;
pub mod fs;
pub mod functions;
pub mod glob;
pub mod graph;
pub mod hash;
pub mod implicit;
pub mod jobs;
pub mod jobserver;
pub mod list;
pub mod load;
pub mod make;
pub mod makefiles;
pub mod output;
pub mod parser;
pub mod patterns;
pub mod reader;
pub mod recipe;
pub mod rules;
pub mod run;
pub mod shuffle;
pub mod signals;
pub mod update;
pub mod vars;
pub mod vpath;
pub mod why;

/// The stack of the thread make runs on: room for [`error::MAX_DEPTH`]
/// levels of nested expansion, `$(eval)` and include even in a debug build
/// (only the pages used are ever touched).
pub const STACK_SIZE: usize = 2 << 30;

/// Runs make with the process's arguments; returns the exit status.
/// Make runs on a thread with a [`STACK_SIZE`] stack (or a smaller one if
/// that cannot be had, say under `ulimit -v`; at worst on the calling
/// thread).
pub fn run() -> i32 {
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
