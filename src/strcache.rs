//! The string-cache block that ends `-p`'s data base: GNU make keeps the
//! names it holds (files, prerequisites, directory entries, pattern rules)
//! in a cache of fixed-size buffers with a hash table over them, and prints
//! the buffers' and the table's figures. rmake has no such cache; it
//! replays the names it holds through GNU's buffer and table policy (see
//! [`StrCache::add`]) and prints the same block with those figures. The
//! figures are rmake's own (GNU counts every lookup its code makes), the
//! lines are GNU's.

use crate::gnuhash::{jhash_string, Table};

/// Room for strings in one buffer: 8192 bytes less the allocator's two
/// words and the buffer's header (next pointer and three counters).
const BUFSIZE: usize = 8192 - 2 * 8 - 14;

/// Strings this long or longer are kept apart, neither counted nor hashed.
const HUGE: usize = u16::MAX as usize - 1;

#[derive(Clone, Copy)]
struct Buffer {
    end: usize,
    free: usize,
    count: usize,
}

/// A replay of GNU's string cache over the names added to it.
pub struct StrCache<'a> {
    keys: Vec<&'a [u8]>,
    table: Table,
    /// Buffers with room, newest first.
    open: Vec<Buffer>,
    /// Buffers taken as full, newest first.
    full: Vec<Buffer>,
    strings: usize,
    size: usize,
    adds: u64,
}

impl Default for StrCache<'_> {
    fn default() -> Self {
        StrCache {
            keys: Vec::new(),
            table: Table::new(8000),
            open: Vec::new(),
            full: Vec::new(),
            strings: 0,
            size: 0,
            adds: 0,
        }
    }
}

impl<'a> StrCache<'a> {
    /// Adds a name (a name up to a NUL, as the C string would be): a
    /// lookup, and a new string stored when the name is new.
    pub fn add(&mut self, name: &'a [u8]) {
        let name = name.split(|&b| b == 0).next().unwrap_or_default();
        if name.len() > HUGE {
            return;
        }
        self.adds += 1;
        let keys = &self.keys;
        let k = keys.len();
        if self
            .table
            .insert(jhash_string(name), k, |i| keys[i] == name)
            .is_none()
        {
            self.keys.push(name);
            self.store(name.len() + 1);
        }
    }

    /// Places a new string of `sz` bytes (its NUL counted): in the first
    /// buffer with more room than that, else a new one in front; a buffer
    /// left with less room than the average string is taken as full.
    fn store(&mut self, sz: usize) {
        self.strings += 1;
        self.size += sz;
        if sz > BUFSIZE {
            self.full.insert(
                0,
                Buffer {
                    end: sz,
                    free: 0,
                    count: 1,
                },
            );
            return;
        }
        let i = match self.open.iter().position(|b| b.free > sz) {
            Some(i) => i,
            None => {
                self.open.insert(
                    0,
                    Buffer {
                        end: 0,
                        free: BUFSIZE,
                        count: 0,
                    },
                );
                0
            }
        };
        let b = &mut self.open[i];
        b.end += sz;
        b.free -= sz;
        b.count += 1;
        if self.strings > 20 && b.free < self.size / self.strings + 1 {
            let b = self.open.remove(i);
            self.full.insert(0, b);
        }
    }

    /// GNU's block, from the blank line before it to the table's figures
    /// (no newline after them).
    pub fn print(&self, o: &mut Vec<u8>) {
        let Some(cur) = self.open.first() else {
            o.extend_from_slice(b"\n# No strcache buffers\n");
            return;
        };
        let others = self.open[1..].iter().chain(&self.full);
        let numbuffs = others.clone().count();
        let (mut totfree, mut maxfree, mut minfree) = (0, 0, BUFSIZE);
        for b in others {
            totfree += b.free;
            maxfree = maxfree.max(b.free);
            minfree = minfree.min(b.free);
        }
        let div = |a: usize, b: usize| a.checked_div(b).unwrap_or(0);
        o.extend_from_slice(
            format!(
                "\n# strcache buffers: {} ({}) / strings = {} / storage = {} B / avg = {} B\n",
                numbuffs + 1,
                self.full.len(),
                self.strings,
                self.size,
                div(self.size, self.strings)
            )
            .as_bytes(),
        );
        o.extend_from_slice(
            format!(
                "# current buf: size = {BUFSIZE} B / used = {} B / count = {} / avg = {} B\n",
                cur.end,
                cur.count,
                div(cur.end, cur.count)
            )
            .as_bytes(),
        );
        if numbuffs > 0 {
            let sz = self.size - cur.end;
            let cnt = self.strings - cur.count;
            o.extend_from_slice(
                format!(
                    "# other used: total = {sz} B / count = {cnt} / avg = {} B\n",
                    div(sz, cnt)
                )
                .as_bytes(),
            );
            o.extend_from_slice(
                format!(
                    "# other free: total = {totfree} B / max = {maxfree} B / min = {minfree} B / avg = {} B\n",
                    div(totfree, numbuffs)
                )
                .as_bytes(),
            );
        }
        let hits = self.adds - self.strings as u64;
        let rate = if self.adds == 0 {
            0
        } else {
            (100.0 * hits as f64 / self.adds as f64) as u64
        };
        o.extend_from_slice(
            format!(
                "\n# strcache performance: lookups = {} / hit rate = {rate}%\n# hash-table stats:\n# ",
                self.adds
            )
            .as_bytes(),
        );
        o.extend_from_slice(self.table.stats().as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(c: &StrCache) -> String {
        let mut o = Vec::new();
        c.print(&mut o);
        String::from_utf8(o).unwrap_or_default()
    }

    #[test]
    fn counts_strings_storage_and_hits() {
        let mut c = StrCache::default();
        for n in [&b"all"[..], b"a.o", b"all", b"x"] {
            c.add(n);
        }
        assert_eq!(
            printed(&c),
            "\n# strcache buffers: 1 (0) / strings = 3 / storage = 10 B / avg = 3 B\n\
             # current buf: size = 8162 B / used = 10 B / count = 3 / avg = 3 B\n\
             \n# strcache performance: lookups = 4 / hit rate = 25%\n\
             # hash-table stats:\n# Load=3/8192=0%, Rehash=0, Collisions=0/4=0%"
        );
    }

    #[test]
    fn a_second_buffer_opens_in_front() {
        let mut c = StrCache::default();
        let names: Vec<Vec<u8>> = (0..30).map(|i| format!("{i:0>399}").into_bytes()).collect();
        for n in &names {
            c.add(n);
        }
        // 20 strings of 400 bytes fill a buffer to 8000 bytes; the 21st
        // does not fit and opens a second in front. The first, 162 bytes
        // left, is never set aside: only the buffer just written to is
        // looked at, and only once more than 20 strings are held.
        let p = printed(&c);
        assert!(
            p.contains("strcache buffers: 2 (0) / strings = 30 / storage = 12000 B"),
            "{p}"
        );
        assert!(
            p.contains("# other used: total = 8000 B / count = 20 / avg = 400 B\n"),
            "{p}"
        );
        assert!(
            p.contains("# other free: total = 162 B / max = 162 B / min = 162 B / avg = 162 B\n"),
            "{p}"
        );
    }

    #[test]
    fn nothing_added_prints_no_buffers() {
        assert_eq!(printed(&StrCache::default()), "\n# No strcache buffers\n");
    }

    #[test]
    fn the_buffer_written_to_is_set_aside_when_nearly_full() {
        let mut c = StrCache::default();
        // 21 strings of 8 bytes, then one that leaves the buffer fewer
        // bytes than the average: it goes to the full list, and no
        // buffer is current (GNU's "No strcache buffers").
        let names: Vec<Vec<u8>> = (0..21).map(|i| format!("{i:0>7}").into_bytes()).collect();
        for n in &names {
            c.add(n);
        }
        let big = vec![b'x'; BUFSIZE - 21 * 8 - 2];
        c.add(&big);
        assert_eq!(printed(&c), "\n# No strcache buffers\n");
    }
}
