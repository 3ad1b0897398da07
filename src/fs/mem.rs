//! A virtual disk for tests: files with times set by hand.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::{DirList, Fs, Kind, MTime};
use crate::hash::FxHashSet;

/// A virtual disk: files with settable times and directories implied by
/// the paths (`a/b/c` makes `a` and `a/b` directories). Paths are taken
/// literally (no `.`/`..` resolution).
#[derive(Debug, Default, Clone)]
pub struct MemFs {
    files: BTreeMap<Vec<u8>, i64>,
    /// Every `mtime` query, in order: lets tests check what was looked at.
    pub queries: Vec<Vec<u8>>,
    /// Every `invalidate`, in order.
    pub invalidated: Vec<Vec<u8>>,
}

impl MemFs {
    pub fn new() -> MemFs {
        MemFs::default()
    }

    /// Creates or updates a file with this time (nanoseconds).
    pub fn set(&mut self, p: &[u8], t: i64) {
        self.files.insert(p.to_vec(), t);
    }

    /// Creates or updates a file with this time in seconds.
    pub fn set_secs(&mut self, p: &[u8], secs: i64) {
        self.set(p, secs * 1_000_000_000);
    }

    pub fn remove(&mut self, p: &[u8]) -> bool {
        self.files.remove(p).is_some()
    }

    fn is_dir(&self, d: &[u8]) -> bool {
        if d.is_empty() || d == b"." || d == b"/" {
            return true;
        }
        let mut prefix = d.to_vec();
        prefix.push(b'/');
        self.files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
    }
}

impl Fs for MemFs {
    fn mtime(&mut self, p: &[u8]) -> MTime {
        self.queries.push(p.to_vec());
        match self.files.get(p) {
            Some(&t) => MTime::from_ns(t as i128),
            None if self.is_dir(p) => MTime::from_ns(0),
            None => MTime::Missing,
        }
    }

    fn invalidate(&mut self, p: &[u8]) {
        self.invalidated.push(p.to_vec());
    }

    fn read_dir(&mut self, dir: &[u8]) -> Option<Rc<DirList>> {
        if !self.is_dir(dir) {
            return None;
        }
        let mut prefix = dir.to_vec();
        if !prefix.is_empty() && !prefix.ends_with(b"/") {
            prefix.push(b'/');
        }
        if dir == b"." {
            prefix.clear();
        }
        let mut seen = FxHashSet::default();
        let mut entries = Vec::new();
        for k in self.files.keys() {
            if !k.starts_with(&prefix) {
                continue;
            }
            let rest = &k[prefix.len()..];
            let (name, kind) = match rest.iter().position(|&c| c == b'/') {
                Some(i) => (&rest[..i], Kind::Dir),
                None => (rest, Kind::File),
            };
            if name.is_empty() || (prefix.is_empty() && k.starts_with(b"/")) {
                continue;
            }
            if seen.insert(name.to_vec()) {
                entries.push((name.to_vec(), kind));
            }
        }
        Some(Rc::new(DirList::new(entries)))
    }
}
