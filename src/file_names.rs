//! The index from names to entries of the file table. It stores only
//! `FileId`s and hashes the names the table already holds, so each name
//! is kept once. Names a file answers to besides its own (a vpath search
//! found it elsewhere, GPATH renamed it) are aliases, kept aside: they are
//! few, and they take precedence, as the latest entry for a name does.

use crate::hash::{FxHashMap, FxHasher};
use crate::rules::{File, FileId};
use std::hash::Hasher;

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

    /// Indexes `id` under its own name, `files[id].name`, which no entry
    /// of the index holds yet.
    pub fn insert_new(&mut self, files: &[File], id: FileId) {
        let Some(f) = files.get(id as usize) else {
            return;
        };
        self.table.insert_unique(hash(&f.name), id, |&k| {
            files.get(k as usize).map_or(0, |f| hash(&f.name))
        });
    }

    /// Makes `name` mean `id` from now on.
    pub fn alias(&mut self, name: &[u8], id: FileId) {
        self.aliases.insert(name.into(), id);
        self.generation += 1;
    }

    /// Renames entry `id` to `new`: the old name keeps meaning `id`, and
    /// `new` means `id` from now on.
    pub fn rename(&mut self, files: &mut [File], id: FileId, new: &[u8]) {
        let Some(f) = files.get(id as usize) else {
            return;
        };
        let old: Box<[u8]> = f.name.clone();
        if let Ok(e) = self.table.find_entry(hash(&old), |&k| k == id) {
            e.remove();
            self.aliases.insert(old, id);
        }
        if let Some(f) = files.get_mut(id as usize) {
            f.name = new.into();
        }
        self.alias(new, id);
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }
}
