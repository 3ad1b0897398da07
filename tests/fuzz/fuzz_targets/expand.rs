//! Expansion and the update engine: arbitrary bytes read as a makefile in
//! sandbox mode, then the default goal updated with `-n` and a scripted
//! runner (recipes, even `$(MAKE)` lines, are expanded but never run).
#![no_main]

use std::rc::Rc;

use libfuzzer_sys::fuzz_target;
use rmake::cli::Options;
use rmake::exec::ScriptedRunner;
use rmake::make::Make;
use rmake::output::Output;

fuzz_target!(|data: &[u8]| {
    let mut opts = Options::default();
    opts.dry_run = true;
    let mut mk = Make::new(opts, Output::new(b"make".to_vec(), 0));
    mk.sandbox = true;
    mk.runner = Box::new(ScriptedRunner::new());
    if mk.eval_makefile_text(b"fuzz.mk", Rc::from(data), true).is_ok() {
        // `-n` may have been undone by the makefile (MAKEFLAGS).
        mk.opts.dry_run = true;
        mk.opts.touch = false;
        mk.loc = None;
        let _ = mk.update_goals(&[]);
    }
});
