//! The MAKEFLAGS decoder: a value from the environment at start-up, and
//! the same value as a makefile left it (decoded again after reading).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rmake::cli::{self, Options, Prog};

fuzz_target!(|data: &[u8]| {
    let prog = Prog::new(b"make");
    let _ = cli::split_makeflags(data);
    if let Err(e) = cli::parse_startup(&prog, &[], Some(data), Some(data)) {
        let _ = e.render();
        let _ = e.status();
    }
    let mut opts = Options::default();
    let _ = cli::reapply_makeflags(&prog, data, &mut opts);
    let _ = cli::flags_string(&opts, false, true);
});
