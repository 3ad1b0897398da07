//! The local variables of `$(foreach)`, `$(let)` and `$(call)`: a stack
//! of scopes, each holding a handful of names (`x`, `$(0)`..`$(n)`).
//!
//! The variables of every scope sit in one vector, innermost scope last,
//! and a name is found by scanning back from the end: a scope is a few
//! entries, so this beats hashing. A 256-bit filter of the names defined
//! lets a lookup of any other name (a global variable used inside a
//! `$(call)`) skip the scan, so a deep `$(call)` recursion does not make
//! every lookup walk all its levels. Entries of a popped scope keep their
//! buffers for the next scope (a `$(call)` in a loop allocates nothing).

use crate::vars::{Flavor, Origin, Var};

/// Which names may be defined: one bit per name, by a cheap hash.
#[derive(Debug, Default, Clone, Copy)]
struct Filter([u64; 4]);

impl Filter {
    fn bit(name: &[u8]) -> (usize, u64) {
        let h = match (name.first(), name.last()) {
            (Some(&f), Some(&l)) => name.len() * 7 + f as usize * 31 + l as usize,
            _ => 0,
        } & 255;
        (h >> 6, 1 << (h & 63))
    }
    fn add(&mut self, name: &[u8]) {
        let (w, b) = Filter::bit(name);
        self.0[w] |= b;
    }
    fn may_have(&self, name: &[u8]) -> bool {
        let (w, b) = Filter::bit(name);
        self.0[w] & b != 0
    }
}

/// The local scopes (see the module's comment).
#[derive(Debug, Default)]
pub struct Locals {
    /// The variables of every scope, outermost scope first.
    vars: Vec<(Vec<u8>, Var)>,
    /// Where each scope starts in `vars`, and the filter before it.
    scopes: Vec<(usize, Filter)>,
    filter: Filter,
    /// Entries of popped scopes, kept for their buffers.
    spare: Vec<(Vec<u8>, Var)>,
}

impl Locals {
    /// Whether no scope is open.
    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }

    /// How many scopes are open.
    pub fn depth(&self) -> usize {
        self.scopes.len()
    }

    /// Opens an empty innermost scope.
    pub fn push(&mut self) {
        self.scopes.push((self.vars.len(), self.filter));
    }

    /// Closes the innermost scope.
    pub fn pop(&mut self) {
        if let Some((start, filter)) = self.scopes.pop() {
            self.spare.extend(self.vars.drain(start..));
            self.filter = filter;
        }
    }

    /// The innermost definition of `name`.
    pub fn get(&self, name: &[u8]) -> Option<&Var> {
        self.all(name).next()
    }

    /// Every scope's definition of `name`, innermost first.
    pub fn all<'a, 'n>(&'a self, name: &'n [u8]) -> impl Iterator<Item = &'a Var> + 'n
    where
        'a: 'n,
    {
        let vars: &[(Vec<u8>, Var)] = match self.filter.may_have(name) {
            true => &self.vars,
            false => &[],
        };
        vars.iter()
            .rev()
            .filter(move |(n, _)| n[..] == *name)
            .map(|(_, v)| v)
    }

    /// The scopes, innermost first, each with its variables in the order
    /// they were defined.
    pub fn scopes(&self) -> impl Iterator<Item = &[(Vec<u8>, Var)]> {
        let ends = self
            .scopes
            .iter()
            .skip(1)
            .map(|&(s, _)| s)
            .chain(std::iter::once(self.vars.len()));
        let spans: Vec<(usize, usize)> = self.scopes.iter().map(|&(s, _)| s).zip(ends).collect();
        spans.into_iter().rev().map(move |(s, e)| &self.vars[s..e])
    }

    /// The innermost scope's entry for `name`, made (empty, simple,
    /// automatic) if it has none, reusing a spare entry's buffers.
    fn innermost_entry(&mut self, name: &[u8]) -> &mut Var {
        let start = self.scopes.last().map_or(0, |&(s, _)| s);
        let found = self.vars[start..].iter().position(|(n, _)| n[..] == *name);
        let i = match found {
            Some(i) => start + i,
            None => {
                let (mut n, mut value) = match self.spare.pop() {
                    Some((n, v)) => (n, v.value),
                    None => (Vec::new(), Vec::new()),
                };
                n.clear();
                n.extend_from_slice(name);
                value.clear();
                self.vars
                    .push((n, Var::new(value, Flavor::Simple, Origin::Automatic)));
                self.filter.add(name);
                self.vars.len() - 1
            }
        };
        &mut self.vars[i].1
    }

    /// Defines `name` in the innermost scope as a simple, automatic
    /// variable with `value` (what the three functions define).
    pub fn set_value(&mut self, name: &[u8], value: &[u8]) {
        self.innermost_entry(name).set_value_from(value);
    }

    /// Defines `name` in the innermost scope as `var`.
    pub fn set(&mut self, name: &[u8], var: Var) {
        *self.innermost_entry(name) = var;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(l: &Locals, name: &[u8]) -> Option<Vec<u8>> {
        l.get(name).map(|v| v.value.clone())
    }

    #[test]
    fn inner_scopes_shadow_outer_ones_until_popped() {
        let mut l = Locals::default();
        assert!(l.is_empty());
        l.push();
        l.set_value(b"x", b"outer");
        l.set_value(b"1", b"a");
        l.push();
        l.set_value(b"x", b"inner");
        l.set_value(b"x", b"inner2");
        assert_eq!(value(&l, b"x"), Some(b"inner2".to_vec()));
        assert_eq!(value(&l, b"1"), Some(b"a".to_vec()));
        assert_eq!(value(&l, b"y"), None);
        let all: Vec<&[u8]> = l.all(b"x").map(|v| &v.value[..]).collect();
        assert_eq!(all, [&b"inner2"[..], &b"outer"[..]]);
        let scopes: Vec<usize> = l.scopes().map(|s| s.len()).collect();
        assert_eq!(scopes, [1, 2]);
        l.pop();
        assert_eq!(value(&l, b"x"), Some(b"outer".to_vec()));
        l.pop();
        assert!(l.is_empty());
        assert_eq!(value(&l, b"x"), None);
        // A spare entry is reused with a fresh value and variable state.
        l.push();
        l.set_value(b"2", b"b");
        assert_eq!(value(&l, b"2"), Some(b"b".to_vec()));
        assert_eq!(value(&l, b"x"), None);
        let v = l.get(b"2").unwrap();
        assert_eq!((v.flavor, v.origin), (Flavor::Simple, Origin::Automatic));
    }

    #[test]
    fn names_sharing_a_filter_bit_are_told_apart() {
        let mut l = Locals::default();
        l.push();
        // Same length, first and last byte: the same bit.
        l.set_value(b"abc", b"1");
        assert_eq!(value(&l, b"axc"), None);
        assert_eq!(value(&l, b"abc"), Some(b"1".to_vec()));
    }
}
