//! Children started through `env` when an `LD_PRELOAD` library cannot see
//! make's own exec calls.
//!
//! Tools such as Bear (`bear -- make`, building `compile_commands.json`)
//! preload a library that reports every program a process execs. GNU make
//! is linked dynamically, so the library is loaded into make too and sees
//! make start each command. A statically linked rmake has no dynamic
//! loader: nothing is preloaded into it, and a command it execs directly
//! (`cc -c a.c`, no shell) would go unseen. So when the child's environment
//! has `LD_PRELOAD` and rmake is linked statically, each child
//! is started as `env -- ARGV...`: `env` is a dynamically linked program,
//! the library is loaded into it, and its exec of the command is the one
//! the tool sees, with the same arguments and environment GNU make would
//! have passed (`env` changes neither; a shell would add `PWD` and drop
//! variables whose names are no shell names). The program is still looked
//! up by make first, so its errors are make's own.

use std::ffi::CStr;
use std::sync::OnceLock;

use super::spawn::ChildEnv;

/// Where `env` is looked for.
const ENV_PROGRAMS: [&CStr; 2] = [c"/usr/bin/env", c"/bin/env"];

/// The `env` program, if there is one to run.
fn env_program() -> Option<&'static CStr> {
    static ENV: OnceLock<Option<&'static CStr>> = OnceLock::new();
    *ENV.get_or_init(|| {
        ENV_PROGRAMS
            .into_iter()
            // SAFETY: a NUL-terminated path.
            .find(|p| unsafe { libc::access(p.as_ptr(), libc::X_OK) } == 0)
    })
}

/// The program to start instead of `argv0` (with `env --` before the
/// arguments), when the child must be started through `env` (see the
/// module's comment); `None` to start it directly.
pub fn relay(env: &ChildEnv, argv0: &[u8]) -> Option<&'static CStr> {
    // Linked dynamically, the library is loaded into make itself (and the
    // child's environment need not be searched for every child).
    if !cfg!(rmake_static) {
        return None;
    }
    let preload = env.get(b"LD_PRELOAD")?;
    // `env` would take a first word with `=` for a variable assignment
    // (GNU runs such a line through the shell, but a SHELL may have one).
    if preload
        .iter()
        .all(|c| c.is_ascii_whitespace() || *c == b':')
        || argv0.contains(&b'=')
    {
        return None;
    }
    env_program()
}
