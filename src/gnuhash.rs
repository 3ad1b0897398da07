//! Replays of GNU make's hash tables (`hash.c`), for the orders that show
//! GNU's tables: `-p` and `.VARIABLES` (variables, files, directories) and
//! the environment of child processes (see [`crate::environ`]).
//!
//! GNU's tables are open-addressed with linear probing for string keys,
//! sized a power of two and grown by doubling past 15/16 full; a table is
//! walked in slot order. Replaying the same inserts and deletes with the
//! same hash function (Jenkins' `jhash`) gives the same slots. The global
//! variable set's table is replayed from the set's log of names added and
//! removed, its start-up part put in GNU's order of start-up definitions;
//! [`GlobalTable`] keeps that replay and brings it up to date as the log
//! grows.

use crate::vars::{Origin, Var, VarLog, VarSet};

/// Four bytes of `k` from `i`, little-endian (as GNU reads them).
const fn word(k: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([k[i], k[i + 1], k[i + 2], k[i + 3]])
}

/// GNU's `jhash` (over a known length), the hash of variable names.
pub const fn jhash(k: &[u8]) -> u32 {
    let mut a = 0xdeadbeefu32.wrapping_add(k.len() as u32);
    let (mut b, mut c) = (a, a);
    let mut k = k;
    while k.len() > 12 {
        a = a.wrapping_add(word(k, 0));
        b = b.wrapping_add(word(k, 4));
        c = c.wrapping_add(word(k, 8));
        mix(&mut a, &mut b, &mut c);
        k = k.split_at(12).1;
    }
    if k.is_empty() {
        return c;
    }
    if k.len() > 8 {
        a = a.wrapping_add(word(k, 0));
        k = k.split_at(4).1;
    }
    if k.len() > 4 {
        b = b.wrapping_add(word(k, 0));
        k = k.split_at(4).1;
    }
    if k.len() == 4 {
        c = c.wrapping_add((k[3] as u32) << 24);
    }
    if k.len() >= 3 {
        c = c.wrapping_add((k[2] as u32) << 16);
    }
    if k.len() >= 2 {
        c = c.wrapping_add((k[1] as u32) << 8);
    }
    c = c.wrapping_add(k[0] as u32);
    fin(&mut a, &mut b, &mut c);
    c
}

/// GNU's `jhash_string` (up to the NUL), the hash of file names.
pub fn jhash_string(s: &[u8]) -> u32 {
    // A name holding a NUL ends there, as the C string would.
    let s = match s.iter().position(|&c| c == 0) {
        Some(i) => &s[..i],
        None => s,
    };
    let mut st = [0xdeadbeefu32; 3];
    let mut pos = 0;
    let mut which = 0;
    loop {
        let mut w = [0u8; 4];
        let n = (s.len() - pos).min(4);
        w[..n].copy_from_slice(&s[pos..pos + n]);
        let val = u32::from_le_bytes(w);
        let has_nul = n < 4;
        let add = if !has_nul {
            val
        } else if val & 0xff == 0 {
            0
        } else if val & 0xff00 == 0 {
            val & 0xff
        } else if val & 0xff0000 == 0 {
            val & 0xffff
        } else {
            val
        };
        st[which] = st[which].wrapping_add(add);
        if has_nul {
            break;
        }
        pos += 4;
        which += 1;
        if which == 3 {
            let [mut a, mut b, mut c] = st;
            mix(&mut a, &mut b, &mut c);
            st = [a, b, c];
            which = 0;
        }
    }
    let [mut a, mut b, mut c] = st;
    fin(&mut a, &mut b, &mut c);
    c.wrapping_add(pos as u32)
}

const fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    *a = a.wrapping_sub(*c);
    *a ^= c.rotate_left(4);
    *c = c.wrapping_add(*b);
    *b = b.wrapping_sub(*a);
    *b ^= a.rotate_left(6);
    *a = a.wrapping_add(*c);
    *c = c.wrapping_sub(*b);
    *c ^= b.rotate_left(8);
    *b = b.wrapping_add(*a);
    *a = a.wrapping_sub(*c);
    *a ^= c.rotate_left(16);
    *c = c.wrapping_add(*b);
    *b = b.wrapping_sub(*a);
    *b ^= a.rotate_left(19);
    *a = a.wrapping_add(*c);
    *c = c.wrapping_sub(*b);
    *c ^= b.rotate_left(4);
    *b = b.wrapping_add(*a);
}

const fn fin(a: &mut u32, b: &mut u32, c: &mut u32) {
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(14));
    *a ^= *c;
    *a = a.wrapping_sub(c.rotate_left(11));
    *b ^= *a;
    *b = b.wrapping_sub(a.rotate_left(25));
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(16));
    *a ^= *c;
    *a = a.wrapping_sub(c.rotate_left(4));
    *b ^= *a;
    *b = b.wrapping_sub(a.rotate_left(14));
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(24));
}

/// A slot of a [`Table`]: a key's hash and its number, or one of the two
/// vacant kinds (numbers no key has).
#[derive(Clone, Copy, PartialEq)]
struct Slot {
    h: u32,
    k: u32,
}

const EMPTY: u32 = u32::MAX;
/// GNU's `hash_deleted_item`: a deleted entry's tombstone.
const DELETED: u32 = u32::MAX - 1;

impl Slot {
    const EMPTY: Slot = Slot { h: 0, k: EMPTY };
    fn full(self) -> Option<usize> {
        (self.k < DELETED).then_some(self.k as usize)
    }
}

/// GNU's open-addressing hash table (`hash.c`) over string keys, as slots
/// only: keys are numbers, their names the caller's (`same(k)` tells
/// whether key `k` is the one looked for).
pub struct Table {
    slots: Vec<Slot>,
    fill: usize,
    empty: usize,
    capacity: usize,
    collisions: u64,
    lookups: u64,
    rehashes: u32,
}

impl Table {
    /// A table for `size` entries (rounded up to a power of two, as GNU's
    /// `hash_init`).
    pub fn new(size: usize) -> Table {
        let size = size.max(1).next_power_of_two();
        Table {
            slots: vec![Slot::EMPTY; size],
            fill: 0,
            empty: size,
            capacity: size - size / 16,
            collisions: 0,
            lookups: 0,
            rehashes: 0,
        }
    }

    /// The number of slots.
    pub fn size(&self) -> usize {
        self.slots.len()
    }

    /// The number of keys held.
    pub fn fill(&self) -> usize {
        self.fill
    }

    /// GNU's `hash_find_slot`: the slot holding the key, else the first
    /// tombstone on its probe path, else the empty slot ending it (string
    /// keys probe linearly: GNU's second hash is 0|1).
    pub fn find_slot(&mut self, h: u32, same: impl Fn(usize) -> bool) -> usize {
        self.lookups += 1;
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        let mut deleted = None;
        loop {
            let s = self.slots[i];
            match s.k {
                EMPTY => return deleted.unwrap_or(i),
                DELETED => {
                    deleted.get_or_insert(i);
                }
                k => {
                    if s.h == h && same(k as usize) {
                        return i;
                    }
                    self.collisions += 1;
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// The slot holding the key, if any (a lookup GNU's statistics do not
    /// count).
    pub fn position(&self, h: u32, same: impl Fn(usize) -> bool) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let s = self.slots[i];
            match s.k {
                EMPTY => return None,
                DELETED => {}
                k => {
                    if s.h == h && same(k as usize) {
                        return Some(i);
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Enters key `k` (GNU's `hash_insert`) unless the key is there
    /// already: then returns the key found.
    pub fn insert(&mut self, h: u32, k: usize, same: impl Fn(usize) -> bool) -> Option<usize> {
        let i = self.find_slot(h, same);
        match self.slots[i].k {
            EMPTY => self.empty -= 1,
            DELETED => {}
            old => return Some(old as usize),
        }
        self.slots[i] = Slot { h, k: k as u32 };
        self.fill += 1;
        if self.empty < self.slots.len() - self.capacity {
            self.rehash();
        }
        None
    }

    /// Removes the key, leaving a tombstone (GNU's `hash_delete`).
    pub fn delete(&mut self, h: u32, same: impl Fn(usize) -> bool) {
        let i = self.find_slot(h, same);
        if self.slots[i].full().is_some() {
            self.slots[i].k = DELETED;
            self.fill -= 1;
        }
    }

    fn rehash(&mut self) {
        let mut size = self.slots.len();
        if self.fill >= self.capacity {
            size *= 2;
            self.capacity = size - (size >> 4);
        }
        self.rehashes += 1;
        let old = std::mem::replace(&mut self.slots, vec![Slot::EMPTY; size]);
        for s in old {
            if s.full().is_some() {
                // Keys are unique: nothing in the new table is the same.
                let i = self.find_slot(s.h, |_| false);
                self.slots[i] = s;
            }
        }
        self.empty = size - self.fill;
    }

    /// The keys in slot order.
    pub fn order(&self) -> impl Iterator<Item = usize> + '_ {
        self.slots.iter().filter_map(|s| s.full())
    }

    /// GNU's `hash_print_stats`.
    pub fn stats(&self) -> String {
        let size = self.slots.len();
        let pct = |a: f64, b: f64| if b == 0.0 { 0.0 } else { 100.0 * a / b };
        format!(
            "Load={}/{}={:.0}%, Rehash={}, Collisions={}/{}={:.0}%",
            self.fill,
            size,
            pct(self.fill as f64, size as f64),
            self.rehashes,
            self.collisions,
            self.lookups,
            pct(self.collisions as f64, self.lookups as f64)
        )
    }
}

/// Whether keys of these hashes, inserted into a table of `size` slots
/// (a power of two) in any order, would each sit in its home slot: no two
/// share one, and the table does not grow. The table's order is then the
/// order of their homes.
pub fn homes_distinct(hashes: impl ExactSizeIterator<Item = u32>, size: usize) -> bool {
    if hashes.len() >= size - size / 16 {
        return false;
    }
    let mask = size - 1;
    let mut taken = [0u64; 16];
    let mut more = Vec::new();
    let words: &mut [u64] = if size <= 1024 {
        &mut taken
    } else {
        more.resize(size / 64, 0);
        &mut more
    };
    for h in hashes {
        let home = h as usize & mask;
        let bit = 1u64 << (home % 64);
        if words[home / 64] & bit != 0 {
            return false;
        }
        words[home / 64] |= bit;
    }
    true
}

/// The order of a table of `size` slots (see [`Table::new`]) into which
/// keys of the hashes given were inserted one after the other (`same(i,
/// j)`: whether keys `i` and `j` are the same; a key inserted again stays
/// where it was).
pub fn table_order(hashes: &[u32], size: usize, same: impl Fn(usize, usize) -> bool) -> Vec<usize> {
    let size = size.max(1).next_power_of_two();
    if homes_distinct(hashes.iter().copied(), size) {
        let mask = size as u32 - 1;
        let mut order: Vec<usize> = (0..hashes.len()).collect();
        order.sort_unstable_by_key(|&i| hashes[i] & mask);
        return order;
    }
    let mut table = Table::new(size);
    for (k, &h) in hashes.iter().enumerate() {
        table.insert(h, k, |j| same(j, k));
    }
    table.order().collect()
}

/// A [`Table`] whose keys are names it holds.
pub struct HashSim<'a> {
    pub keys: Vec<&'a [u8]>,
    pub table: Table,
}

impl<'a> HashSim<'a> {
    pub fn new(size: usize) -> HashSim<'a> {
        HashSim {
            keys: Vec::new(),
            table: Table::new(size),
        }
    }

    /// Enters `key`; returns its index in `keys`.
    pub fn insert(&mut self, h: u32, key: &'a [u8]) -> usize {
        let keys = &self.keys;
        let k = keys.len();
        match self.table.insert(h, k, |i| keys[i] == key) {
            Some(old) => old,
            None => {
                self.keys.push(key);
                k
            }
        }
    }

    /// Removes `key`.
    pub fn delete(&mut self, h: u32, key: &[u8]) {
        let keys = &self.keys;
        self.table.delete(h, |i| keys[i] == key);
    }

    /// The keys in table order (indices into `keys`).
    pub fn order(&self) -> Vec<usize> {
        self.table.order().collect()
    }

    /// GNU's `hash_print_stats`.
    pub fn stats(&self) -> String {
        self.table.stats()
    }
}

/// The special variables GNU defines first (main.c), before the
/// environment.
const FIRST_VARS: &[&str] = &[
    ".VARIABLES",
    ".RECIPEPREFIX",
    ".SHELLFLAGS",
    ".LOADED",
    ".FEATURES",
];

/// The automatic variables, in the order GNU defines them in a file's set
/// (`set_file_variables`).
pub const AUTOS: [&[u8]; 8] = [b"<", b"*", b"@", b"%", b"+", b"^", b"?", b"|"];

/// The hashes of [`AUTOS`].
pub const AUTO_HASHES: [u32; 8] = {
    let mut h = [0; 8];
    let mut i = 0;
    while i < 8 {
        h[i] = jhash(AUTOS[i]);
        i += 1;
    }
    h
};

/// What GNU defines after the environment and the command line, in its
/// order: main.c, `define_automatic_variables`, `define_makeflags`,
/// `define_default_variables` (default.c's list), then main.c and
/// `read_all_makefiles` again.
const LATER_VARS: &[&str] = &[
    "MAKE_TERMOUT",
    "MAKE_TERMERR",
    "CURDIR",
    ".INCLUDE_DIRS",
    "MAKE_COMMAND",
    "MAKE",
    "-*-command-variables-*-",
    "MAKEOVERRIDES",
    "SUFFIXES",
    "MAKELEVEL",
    "MAKE_VERSION",
    "MAKE_HOST",
    "SHELL",
    "MAKEFILES",
    "@D",
    "%D",
    "*D",
    "<D",
    "?D",
    "^D",
    "+D",
    "@F",
    "%F",
    "*F",
    "<F",
    "?F",
    "^F",
    "+F",
    "MFLAGS",
    "MAKEFLAGS",
    "AR",
    "ARFLAGS",
    "AS",
    "CC",
    "OBJC",
    "CXX",
    "CHECKOUT,v",
    "CO",
    "COFLAGS",
    "CPP",
    "FC",
    "F77",
    "F77FLAGS",
    "GET",
    "LD",
    "LEX",
    "LINT",
    "M2C",
    "PC",
    "YACC",
    "MAKEINFO",
    "TEX",
    "TEXI2DVI",
    "WEAVE",
    "CWEAVE",
    "TANGLE",
    "CTANGLE",
    "RM",
    "LINK.o",
    "COMPILE.c",
    "LINK.c",
    "COMPILE.m",
    "LINK.m",
    "COMPILE.cc",
    "COMPILE.C",
    "COMPILE.cpp",
    "LINK.cc",
    "LINK.C",
    "LINK.cpp",
    "YACC.y",
    "LEX.l",
    "YACC.m",
    "LEX.m",
    "COMPILE.f",
    "LINK.f",
    "COMPILE.F",
    "LINK.F",
    "COMPILE.r",
    "LINK.r",
    "COMPILE.def",
    "COMPILE.mod",
    "COMPILE.p",
    "LINK.p",
    "LINK.s",
    "COMPILE.s",
    "LINK.S",
    "COMPILE.S",
    "PREPROCESS.S",
    "PREPROCESS.F",
    "PREPROCESS.r",
    "LINT.c",
    "OUTPUT_OPTION",
    ".LIBPATTERNS",
    "GNUMAKEFLAGS",
    ".DEFAULT_GOAL",
    "-*-eval-flags-*-",
    "MAKEFILE_LIST",
];

/// The hashes of a list of names, computed when compiling.
const fn hashes<const N: usize>(names: &[&str]) -> [u32; N] {
    let mut h = [0; N];
    let mut i = 0;
    while i < N {
        h[i] = jhash(names[i].as_bytes());
        i += 1;
    }
    h
}

const FIRST_HASHES: [u32; FIRST_VARS.len()] = hashes(FIRST_VARS);
const LATER_HASHES: [u32; LATER_VARS.len()] = hashes(LATER_VARS);

/// The start-up part of a global set's log (events before `marks[1]`; the
/// environment's before `marks[0]`) in GNU's order of start-up
/// definitions: the numbers of the events that added names, each with
/// its name's hash when known without computing it.
fn startup_order(
    log: &VarLog,
    marks: [usize; 2],
    command_vars: &[Vec<u8>],
) -> Vec<(usize, Option<u32>)> {
    let split = marks[1].min(log.len());
    let first = |n: &[u8]| FIRST_VARS.iter().position(|x| x.as_bytes() == n);
    // rmake defines GNU's own variables mostly in GNU's order: the search
    // starts where the last one was found.
    let mut from = 0;
    let mut later = |n: &[u8]| {
        let len = LATER_VARS.len();
        let p = (0..len)
            .map(|i| (from + i) % len)
            .find(|&p| LATER_VARS[p].as_bytes() == n)?;
        from = p + 1;
        Some(p)
    };
    let mut startup: Vec<((u8, usize), usize, Option<u32>)> = Vec::with_capacity(split);
    for i in 0..split {
        let (n, add) = log.get(i);
        if !add {
            continue;
        }
        let (key, h) = if let Some(p) = first(n) {
            ((0, p), Some(FIRST_HASHES[p]))
        } else if i < marks[0] {
            ((1, i), None)
        } else if n == b"MAKECMDGOALS" || command_vars.iter().any(|c| c == n) {
            ((2, i), None)
        } else if let Some(p) = later(n) {
            ((3, p), Some(LATER_HASHES[p]))
        } else {
            ((4, i), None)
        };
        startup.push((key, i, h));
    }
    // Stable: a name entered twice keeps its events in order.
    startup.sort_by_key(|e| e.0);
    startup.into_iter().map(|(_, i, h)| (i, h)).collect()
}

/// The events GNU's table for a variable set saw, as (name, entered?):
/// the set's log, with the start-up part (see [`startup_order`]) put in
/// GNU's order, then names the log missed.
pub fn variable_events<'a>(
    set: &'a VarSet,
    marks: [usize; 2],
    command_vars: &[Vec<u8>],
) -> Vec<(&'a [u8], bool)> {
    static EMPTY: VarLog = VarLog::new();
    let log = set.log.as_ref().unwrap_or(&EMPTY);
    let split = marks[1].min(log.len());
    let mut events: Vec<(&[u8], bool)> = startup_order(log, marks, command_vars)
        .into_iter()
        .map(|(i, _)| (log.get(i).0, true))
        .collect();
    events.extend(log.iter().skip(split));
    let logged: crate::hash::FxHashSet<&[u8]> = log.iter().map(|(n, _)| n).collect();
    let mut rest: Vec<(&[u8], &Var)> = set.iter().filter(|(n, _)| !logged.contains(n)).collect();
    let rank = |v: &Var| match v.origin {
        Origin::Default => 0,
        Origin::Automatic => 1,
        Origin::Environment | Origin::EnvironmentOverride => 2,
        _ => 3,
    };
    rest.sort_by(|a, b| (rank(a.1), a.0).cmp(&(rank(b.1), b.0)));
    events.extend(rest.into_iter().map(|(n, _)| (n, true)));
    events
}

/// The variables of a set in GNU's table order, and the table's stats,
/// from the events its table saw.
pub fn variable_order<'a>(
    set: &'a VarSet,
    events: &[(&'a [u8], bool)],
    buckets: usize,
) -> (Vec<(&'a [u8], &'a Var)>, String) {
    let mut sim = HashSim::new(buckets);
    for &(n, add) in events {
        if add {
            sim.insert(jhash(n), n);
        } else {
            sim.delete(jhash(n), n);
        }
    }
    let order = sim
        .order()
        .into_iter()
        .filter_map(|k| {
            let n = sim.keys[k];
            set.get(n).map(|v| (n, v))
        })
        .collect();
    (order, sim.stats())
}

/// A file's variable set as GNU holds it (its target-specific variables,
/// then the automatic ones of its last recipe or second expansion), and
/// the events of its table.
#[allow(clippy::type_complexity)]
pub fn file_var_set(f: &crate::rules::File) -> Option<(VarSet, Vec<(Vec<u8>, bool)>)> {
    if f.ext().vars.is_none() && f.ext().auto_vars.is_none() {
        return None;
    }
    let mut set = VarSet::default();
    let mut events = Vec::new();
    if let Some(vs) = &f.ext().vars {
        set = (**vs).clone();
        for (n, a) in variable_events(vs, [0, 0], &[]) {
            events.push((n.to_vec(), a));
        }
    }
    if let Some(a) = &f.ext().auto_vars {
        // The automatic variables in GNU's order, then what the recipe's
        // expansion defined there (`.SHELLSTATUS`).
        let mut extra: Vec<&[u8]> = a.keys().filter(|n| !AUTOS.contains(n)).collect();
        extra.sort();
        let names = AUTOS.iter().copied().chain(extra);
        for n in names {
            if let Some(v) = a.get(n) {
                let new = set.get(n).is_none();
                set.set(n, v.clone());
                if new {
                    events.push((n.to_vec(), true));
                }
            }
        }
    }
    Some((set, events))
}

/// The global variable set's table, replayed from the set's log and kept
/// up to date as the log grows: its keys are the log's event numbers.
#[derive(Default)]
pub struct GlobalTable {
    table: Option<Table>,
    /// How many of the log's events were replayed.
    done: usize,
}

impl GlobalTable {
    /// Brings the replay up to date with `set`'s log (see
    /// [`startup_order`] for `marks` and `command_vars`); false when it
    /// cannot be had: no log, or start-up not over.
    pub fn update(&mut self, set: &VarSet, marks: [usize; 2], command_vars: &[Vec<u8>]) -> bool {
        let Some(log) = &set.log else {
            return false;
        };
        if marks[1] == 0 || log.len() < self.done {
            return false;
        }
        let table = match &mut self.table {
            Some(t) => t,
            None => {
                let mut t = Table::new(523);
                for (i, h) in startup_order(log, marks, command_vars) {
                    let n = log.get(i).0;
                    let h = h.unwrap_or_else(|| jhash(n));
                    t.insert(h, i, |k| log.get(k).0 == n);
                }
                self.done = marks[1].min(log.len());
                self.table.insert(t)
            }
        };
        for i in self.done..log.len() {
            let (n, add) = log.get(i);
            let same = |k: usize| log.get(k).0 == n;
            match add {
                true => {
                    table.insert(jhash(n), i, same);
                }
                false => table.delete(jhash(n), same),
            }
        }
        self.done = log.len();
        true
    }

    /// The slot of `name` (of hash `h`) in the table as last brought up to
    /// date from `set`, if it is there.
    pub fn slot(&self, set: &VarSet, h: u32, name: &[u8]) -> Option<usize> {
        let (table, log) = (self.table.as_ref()?, set.log.as_ref()?);
        table.position(h, |k| log.get(k).0 == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replayed(hashes: &[u32], size: usize) -> Vec<usize> {
        let mut t = Table::new(size);
        for (k, &h) in hashes.iter().enumerate() {
            t.insert(h, k, |j| j == k);
        }
        t.order().collect()
    }

    #[test]
    fn distinct_homes_sort_as_the_table() {
        let hashes = [5u32, 41, 3, 1000, 70];
        assert!(homes_distinct(hashes.iter().copied(), 32));
        assert_eq!(
            table_order(&hashes, 23, |i, j| i == j),
            replayed(&hashes, 32)
        );
    }

    #[test]
    fn a_shared_home_keeps_the_order_of_insertion() {
        // 37 and 5 share home 5 of 32; 6 is pushed to 7 by the cluster.
        let hashes = [37u32, 5, 6];
        assert!(!homes_distinct(hashes.iter().copied(), 32));
        assert_eq!(table_order(&hashes, 32, |i, j| i == j), vec![0, 1, 2]);
        let hashes = [6u32, 5, 37];
        assert_eq!(table_order(&hashes, 32, |i, j| i == j), vec![1, 0, 2]);
    }

    #[test]
    fn jhash_is_the_same_at_compile_time() {
        for (n, h) in LATER_VARS.iter().zip(LATER_HASHES) {
            assert_eq!(jhash(n.as_bytes()), h);
        }
        assert_eq!(AUTO_HASHES[2], jhash(b"@"));
    }
}
