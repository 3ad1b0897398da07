//! A small, fast, non-cryptographic hasher (the Fx algorithm used by rustc)
//! for the interning tables and variable sets, whose keys are short byte
//! strings from trusted makefiles.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, mut bytes: &[u8]) {
        while bytes.len() >= 8 {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[..8]);
            self.add(u64::from_le_bytes(w));
            bytes = &bytes[8..];
        }
        if bytes.len() >= 4 {
            let mut w = [0u8; 4];
            w.copy_from_slice(&bytes[..4]);
            self.add(u32::from_le_bytes(w) as u64);
            bytes = &bytes[4..];
        }
        for &b in bytes {
            self.add(b as u64);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The last multiply leaves the low bits depending only on the low
        // bits of the last word: names like `t1234` would all share the
        // few low bits hashbrown indexes its buckets with. The high bits
        // are well mixed; rotate them down.
        self.hash.rotate_left(26)
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;
pub type FxHashMap<K, V> = HashMap<K, V, FxBuild>;
pub type FxHashSet<K> = HashSet<K, FxBuild>;
pub type FxIndexMap<K, V> = indexmap::IndexMap<K, V, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn h(b: &[u8]) -> u64 {
        let mut s = FxHasher::default();
        b.hash(&mut s);
        s.finish()
    }

    #[test]
    fn distinct_keys_hash_differently() {
        assert_ne!(h(b"foo"), h(b"bar"));
        assert_ne!(h(b"abcdefgh1"), h(b"abcdefgh2"));
        assert_eq!(h(b"same"), h(b"same"));
    }
}
