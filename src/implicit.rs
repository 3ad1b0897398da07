//! Implicit rule search (GNU's `pattern_search`), plugged in where GNU calls
//! `try_implicit_rule`.

use crate::error::Result;
use crate::make::Make;
use crate::rules::FileId;

/// Looks for a pattern rule to make `file`; on success gives the file the
/// rule's recipe, prerequisites and stem. Returns whether one was found.
pub fn pattern_search(_mk: &mut Make, _file: FileId, _depth: u32) -> Result<bool> {
    Ok(false)
}
