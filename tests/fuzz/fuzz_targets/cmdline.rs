//! The command-line parser: the input split at NUL bytes into arguments.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rmake::cli::{self, Prog};

fuzz_target!(|data: &[u8]| {
    let args: Vec<Vec<u8>> = data.split(|&b| b == 0).map(|a| a.to_vec()).collect();
    let prog = Prog::new(b"make");
    match cli::parse_startup(&prog, &args, None, None) {
        Ok(opts) => {
            let _ = cli::flags_string(&opts, false, true);
            let _ = cli::mflags(&opts, false);
            for v in &opts.variables {
                let _ = cli::is_variable_assignment(v);
                let _ = rmake::parser::parse_assignment(v);
            }
        }
        Err(e) => {
            let _ = e.render();
            let _ = e.status();
        }
    }
});
