//! The names implicit search found impossible (GNU's `file_impossible`).
//! GNU keeps each in its directory cache, with the contents of the
//! directory the name's directory part names, and contents are keyed by
//! device and inode: a name is impossible under every spelling of its
//! directory (`sub/../a.y` once `a.y` is, when `sub` exists). A directory
//! that cannot be stat'd has a table of its own name.
//!
//! Speed: names are kept by base name, so a look-up is one hash look-up
//! of the base; directories are stat'd (once per command epoch each) only
//! when the base was found impossible under another spelling. A search
//! answered from memory (search_memo.rs) does not enter the names it
//! would have found impossible, only where to make them from: they are
//! made when a look-up under another spelling of their directory could
//! find them.

use std::cell::RefCell;
use std::rc::Rc;

use crate::hash::FxHashMap;

/// The names found impossible (see the module's comment).
#[derive(Debug, Default)]
pub struct Impossible {
    /// Base name → the whole names found impossible with it.
    by_base: FxHashMap<Box<[u8]>, Vec<Box<[u8]>>>,
    len: usize,
    /// Directory (as named) → its device and inode (`None`: it cannot be
    /// stat'd), as stat'd in the command epoch `ids.0`.
    ids: RefCell<(u64, FxHashMap<Box<[u8]>, Option<(u64, u64)>>)>,
    /// The names searches answered from memory would have found
    /// impossible: each `head + x + tail` of its templates, for each `x`.
    deferred: Vec<Deferred>,
    /// The directories of those names, as spelt.
    deferred_dirs: Vec<Box<[u8]>>,
    /// `deferred_dirs` by device and inode (their indices), as stat'd in
    /// the command epoch `.0`; `None` once `deferred_dirs` changed.
    deferred_ids: RefCell<Option<(u64, DirsById)>>,
}

type DirsById = FxHashMap<(u64, u64), Vec<usize>>;

/// The stems `x` of the searches one memory answered, one after the
/// other in `xs`, ending at `ends`.
#[derive(Debug)]
struct Deferred {
    templates: Rc<[Template]>,
    xs: Vec<u8>,
    ends: Vec<u32>,
}

/// A name found impossible by a search remembered (see `Memo`), for the
/// searches it answers: `head + x + tail`, `x` being the searched name's
/// part that varies.
#[derive(Debug)]
pub struct Template {
    pub head: Box<[u8]>,
    pub tail: Box<[u8]>,
}

/// A name's directory as GNU looks it up (`.` for none) and its base.
fn split(name: &[u8]) -> (&[u8], &[u8]) {
    match name.iter().rposition(|&c| c == b'/') {
        None => (b".", name),
        Some(0) => (b"/", &name[1..]),
        Some(i) => (&name[..i], &name[i + 1..]),
    }
}

impl Impossible {
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// The names, each as it was found impossible.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.by_base.values().flatten().map(|n| &n[..])
    }

    /// Whether `name` was found impossible, under this spelling of its
    /// directory or another naming the same directory; `epoch` is the
    /// command count (a directory is stat'd again after commands ran).
    pub fn contains(&mut self, name: &[u8], epoch: u64) -> bool {
        let (dir, base) = split(name);
        if !self.deferred_dirs.is_empty() && self.deferred_elsewhere(dir, epoch) {
            self.make_deferred();
        }
        let Some(names) = self.by_base.get(base) else {
            return false;
        };
        if names.iter().any(|n| split(n).0 == dir) {
            return true;
        }
        names.iter().any(|n| self.same_dir(split(n).0, dir, epoch))
    }

    /// Whether directories `a` and `b` (spelt apart) are one: same device
    /// and inode.
    fn same_dir(&self, a: &[u8], b: &[u8], epoch: u64) -> bool {
        match self.dir_id(a, epoch) {
            Some(id) => self.dir_id(b, epoch) == Some(id),
            None => false,
        }
    }

    /// The device and inode of directory `d`, stat'd once per command
    /// epoch.
    fn dir_id(&self, d: &[u8], epoch: u64) -> Option<(u64, u64)> {
        let mut ids = self.ids.borrow_mut();
        if ids.0 != epoch {
            *ids = (epoch, FxHashMap::default());
        }
        if let Some(&id) = ids.1.get(d) {
            return id;
        }
        let id = crate::fs::dir_id(d);
        ids.1.insert(d.into(), id);
        id
    }

    /// Whether a directory of the deferred names is `dir` spelt another
    /// way: one look-up of `dir`'s identity in the deferred directories
    /// indexed by theirs (built once per epoch and set of directories).
    fn deferred_elsewhere(&self, dir: &[u8], epoch: u64) -> bool {
        let Some(id) = self.dir_id(dir, epoch) else {
            return false;
        };
        let mut cache = self.deferred_ids.borrow_mut();
        if cache.as_ref().is_none_or(|c| c.0 != epoch) {
            let mut by_id = DirsById::default();
            for (i, d) in self.deferred_dirs.iter().enumerate() {
                if let Some(x) = self.dir_id(d, epoch) {
                    by_id.entry(x).or_default().push(i);
                }
            }
            *cache = Some((epoch, by_id));
        }
        cache.as_ref().and_then(|c| c.1.get(&id)).is_some_and(|v| {
            v.iter()
                .any(|&i| self.deferred_dirs.get(i).is_some_and(|d| &d[..] != dir))
        })
    }

    /// A search answered from memory would have found impossible each
    /// `head + x + tail` of `templates`.
    pub fn defer(&mut self, templates: &Rc<[Template]>, x: &[u8]) {
        let d = match self.deferred.last_mut() {
            Some(d) if Rc::ptr_eq(&d.templates, templates) => d,
            _ => {
                for t in templates.iter() {
                    let (dir, _) = split(&t.head);
                    if !self.deferred_dirs.iter().any(|d| &d[..] == dir) {
                        self.deferred_dirs.push(dir.into());
                        *self.deferred_ids.get_mut() = None;
                    }
                }
                self.deferred.push(Deferred {
                    templates: templates.clone(),
                    xs: Vec::new(),
                    ends: Vec::new(),
                });
                let Some(d) = self.deferred.last_mut() else {
                    return;
                };
                d
            }
        };
        d.xs.extend_from_slice(x);
        d.ends.push(d.xs.len() as u32);
    }

    /// Enters the names deferred.
    fn make_deferred(&mut self) {
        self.deferred_dirs.clear();
        *self.deferred_ids.get_mut() = None;
        for d in std::mem::take(&mut self.deferred) {
            let mut start = 0;
            for &end in &d.ends {
                let x = &d.xs[start..end as usize];
                start = end as usize;
                for t in d.templates.iter() {
                    let name = [&t.head[..], x, &t.tail].concat();
                    self.insert(&name);
                }
            }
        }
    }

    /// Notes `name` as impossible (nothing when it is already, by this
    /// spelling).
    pub fn insert(&mut self, name: &[u8]) {
        let (_, base) = split(name);
        match self.by_base.get_mut(base) {
            Some(names) => {
                if names.iter().any(|n| &n[..] == name) {
                    return;
                }
                names.push(name.into());
            }
            None => {
                self.by_base.insert(base.into(), vec![name.into()]);
            }
        }
        self.len += 1;
    }

    pub fn clear(&mut self) {
        self.by_base.clear();
        self.len = 0;
        self.deferred.clear();
        self.deferred_dirs.clear();
        *self.deferred_ids.get_mut() = None;
    }

    /// Keeps only the names `keep` says to.
    pub fn retain(&mut self, mut keep: impl FnMut(&[u8]) -> bool) {
        self.make_deferred();
        let mut len = 0;
        self.by_base.retain(|_, names| {
            names.retain(|n| keep(n));
            len += names.len();
            !names.is_empty()
        });
        self.len = len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_directory_share_names() {
        let d = std::env::temp_dir().join(format!("rmake-impossible-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("sub")).unwrap();
        let top = d.to_str().unwrap().to_string();
        let mut im = Impossible::default();
        im.insert(format!("{top}/a.y").as_bytes());
        assert!(im.contains(format!("{top}/a.y").as_bytes(), 1));
        assert!(im.contains(format!("{top}/sub/../a.y").as_bytes(), 1));
        assert!(!im.contains(format!("{top}/sub/a.y").as_bytes(), 1));
        assert!(!im.contains(format!("{top}/nodir/../a.y").as_bytes(), 1));
        assert!(!im.contains(format!("{top}/b.y").as_bytes(), 1));
        im.insert(format!("{top}/a.y").as_bytes());
        assert_eq!(im.len(), 1);
        im.insert(b"a.y");
        assert!(im.contains(b"./a.y", 1));
        im.retain(|n| n != b"a.y");
        assert_eq!(im.len(), 1);
        assert!(!im.contains(b"a.y", 1));
        let _ = std::fs::remove_dir_all(&d);
    }
}
