//! The file system as make sees it: modification times (nanoseconds) and
//! directory listings, behind a trait so the planner can be tested on a
//! virtual disk. (Skeleton: caching is added by the executor work.)

use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// A file's modification time, or its absence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MTime {
    Missing,
    /// Nanoseconds since the epoch.
    At(i128),
}

pub fn path(p: &[u8]) -> &Path {
    Path::new(std::ffi::OsStr::from_bytes(p))
}

pub trait Fs {
    /// The modification time of `p` (following symlinks).
    fn mtime(&mut self, p: &[u8]) -> MTime;
    /// Forget what is known about `p` (after a recipe may have changed it).
    fn invalidate(&mut self, p: &[u8]);
}

/// The real disk.
#[derive(Debug, Default)]
pub struct RealFs;

impl Fs for RealFs {
    fn mtime(&mut self, p: &[u8]) -> MTime {
        match std::fs::metadata(path(p)) {
            Ok(m) => {
                use std::os::unix::fs::MetadataExt;
                MTime::At(m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128)
            }
            Err(_) => MTime::Missing,
        }
    }
    fn invalidate(&mut self, _p: &[u8]) {}
}
