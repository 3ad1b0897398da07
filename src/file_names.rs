//! The index from names to entries of the file table. It stores only
//! `FileId`s and hashes the names the table already holds, so each name
//! is kept once. Names a file answers to besides its own (a vpath search
//! found it elsewhere, GPATH renamed it) are aliases, kept aside: they are
//! few, and they take precedence, as the latest entry for a name does.

use crate::hash::{FxHashMap, FxHasher};
use crate::rules::{File, FileId};
use std::hash::Hasher;

/// Keeps a file name for the rest of the run. Names are copied into large
/// chunks that are never freed, instead of taking a heap block each (a
/// `t123` would cost 32 bytes), since the file table keeps every name as
/// long as make runs.
pub fn keep(name: &[u8]) -> &'static [u8] {
    // Chunks grow from 4 KiB to 64 KiB: a small makefile (a recursive
    // sub-make's) touches one page.
    const FIRST: usize = 4 * 1024;
    const LAST: usize = 64 * 1024;
    thread_local! {
        static FREE: std::cell::RefCell<(&'static mut [u8], usize)> = const { std::cell::RefCell::new((&mut [], FIRST)) };
    }
    if name.is_empty() {
        return b"";
    }
    if name.len() > FIRST / 8 {
        return Box::leak(name.into());
    }
    FREE.with(|free| {
        let (free, next) = &mut *free.borrow_mut();
        if free.len() < name.len() {
            *free = Box::leak(vec![0u8; *next].into_boxed_slice());
            *next = (*next * 2).min(LAST);
        }
        let (head, tail) = std::mem::take(free).split_at_mut(name.len());
        head.copy_from_slice(name);
        *free = tail;
        &*head
    })
}

#[derive(Debug, Default)]
pub struct NameIndex {
    table: hashbrown::HashTable<FileId>,
    aliases: FxHashMap<Box<[u8]>, FileId>,
    /// Bumped whenever a name starts to mean another entry than before
    /// (an alias or a rename): memories of lookups compare it.
    generation: u64,
}

fn hash(name: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(name);
    h.finish()
}

impl NameIndex {
    pub fn get(&self, files: &[File], name: &[u8]) -> Option<FileId> {
        if !self.aliases.is_empty() {
            if let Some(&id) = self.aliases.get(name) {
                return Some(id);
            }
        }
        self.table
            .find(hash(name), |&id| {
                files.get(id as usize).is_some_and(|f| *f.name == *name)
            })
            .copied()
    }

    /// Makes room for `n` more names at once (one rehash instead of one
    /// per doubling).
    pub fn reserve(&mut self, files: &[File], n: usize) {
        let _ = self
            .table
            .try_reserve(n, |&k| files.get(k as usize).map_or(0, |f| hash(f.name)));
    }

    /// Indexes `id` under its own name, `files[id].name`, which no entry
    /// of the index holds yet.
    pub fn insert_new(&mut self, files: &[File], id: FileId) {
        let Some(f) = files.get(id as usize) else {
            return;
        };
        self.table.insert_unique(hash(f.name), id, |&k| {
            files.get(k as usize).map_or(0, |f| hash(f.name))
        });
    }

    /// Makes `name` mean `id` from now on.
    pub fn alias(&mut self, name: &[u8], id: FileId) {
        self.aliases.insert(name.into(), id);
        self.generation += 1;
    }

    /// Makes `name`, if it is an alias of `id`, mean no entry.
    pub fn unalias(&mut self, name: &[u8], id: FileId) {
        if self.aliases.get(name) == Some(&id) {
            self.aliases.remove(name);
            self.generation += 1;
        }
    }

    /// Entry `id` is no longer found under its own name (nor under an
    /// alias of that spelling); its other aliases still find it. GNU's
    /// `rehash_file` files an entry vpath found under the found name only.
    pub fn hide(&mut self, files: &[File], id: FileId) {
        let Some(f) = files.get(id as usize) else {
            return;
        };
        let name = f.name;
        if let Ok(e) = self.table.find_entry(hash(name), |&k| k == id) {
            e.remove();
        }
        self.unalias(name, id);
        self.generation += 1;
    }

    /// Renames entry `id` to `new`: the old name keeps meaning `id`, and
    /// `new` means `id` from now on.
    pub fn rename(&mut self, files: &mut [File], id: FileId, new: &[u8]) {
        let Some(f) = files.get(id as usize) else {
            return;
        };
        let old: Box<[u8]> = f.name.into();
        if let Ok(e) = self.table.find_entry(hash(&old), |&k| k == id) {
            e.remove();
            self.aliases.insert(old, id);
        }
        if let Some(f) = files.get_mut(id as usize) {
            f.name = keep(new);
        }
        self.alias(new, id);
    }

    /// Names that mean another entry than the one of that name.
    pub fn aliases(&self) -> &FxHashMap<Box<[u8]>, FileId> {
        &self.aliases
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn kept_names_stay_intact_across_chunks() {
        let names: Vec<Vec<u8>> = (0..20_000)
            .map(|i| format!("dir/t{i}.o").into_bytes())
            .collect();
        let kept: Vec<&'static [u8]> = names.iter().map(|n| super::keep(n)).collect();
        assert!(names.iter().zip(&kept).all(|(n, k)| n.as_slice() == *k));
        let long = vec![b'x'; 100_000];
        assert_eq!(super::keep(&long), long.as_slice());
        assert_eq!(super::keep(b""), b"");
    }
}
