//! The reader and parser: arbitrary bytes read as a makefile, in sandbox
//! mode (no `$(shell)`, `!=`, `$(file)` or `include` touches the system).
#![no_main]

use std::rc::Rc;

use libfuzzer_sys::fuzz_target;
use rmake::cli::Options;
use rmake::make::Make;
use rmake::output::Output;

fuzz_target!(|data: &[u8]| {
    let mut mk = Make::new(Options::default(), Output::new(b"make".to_vec(), 0));
    mk.sandbox = true;
    let _ = mk.eval_makefile_text(b"fuzz.mk", Rc::from(data), true);
});
