//! Where rmake's own options (`--why`, `--compile-commands`, `--graph`,
//! `--list`; see `cli/ext.rs`) hook into a run. Each existing stage calls
//! one function here or in the option's module; without the options they
//! do nothing.

use crate::error::Result;
use crate::make::Make;

/// After the makefiles are read, before they are remade: `--list` and
/// `--graph` print and end the run (nothing is remade or run).
pub fn instead_of_update(mk: &mut Make, goals: &[Vec<u8>]) -> Result<Option<i32>> {
    let mut done = false;
    if mk.opts.extras.list {
        crate::list::print(mk)?;
        done = true;
    }
    if let Some(format) = mk.opts.extras.graph {
        crate::graph::print(mk, goals, format)?;
        done = true;
    }
    Ok(if done { Some(0) } else { None })
}

/// After the goals were updated: `--why` lines, `--compile-commands` file.
pub fn after_update(mk: &mut Make) {
    crate::why::report(mk);
    crate::compile_commands::finish(mk);
}
