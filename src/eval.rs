//! The evaluator: runs makefile statements in order. (Skeleton.)

use crate::error::Result;
use crate::make::Make;

impl Make {
    /// `$(eval TEXT)`: reads TEXT as makefile lines, at the current location.
    pub fn eval_text(&mut self, _text: &[u8]) -> Result<()> {
        Ok(())
    }

    /// The environment for a child process (recipe line or `$(shell)`):
    /// the exported variables, expanded, plus MAKELEVEL/MAKEFLAGS.
    pub fn child_env(&mut self) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        Ok(std::env::vars_os()
            .map(|(k, v)| {
                use std::os::unix::ffi::OsStrExt;
                (k.as_bytes().to_vec(), v.as_bytes().to_vec())
            })
            .collect())
    }
}
