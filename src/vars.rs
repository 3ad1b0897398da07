//! Variables: values, flavors, origins, and the sets they live in.
//!
//! Lookup goes from the innermost scope outwards: local scopes pushed by
//! `foreach`/`let`/`call`, then the target-specific sets of the target being
//! built and its parents, then the global set.

use std::cell::OnceCell;
use std::rc::Rc;

use crate::ast::Expr;
use crate::error::Loc;
use crate::hash::FxHashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// `=`, `define`: expanded when used.
    Recursive,
    /// `:=`, `::=`, `:::=`-expanded, `!=`: stored expanded.
    Simple,
}

/// Where a variable's value came from, as `$(origin)` reports it. Ordered by
/// priority for the cases that matter (`override` > command line > file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    Default,
    Environment,
    File,
    EnvironmentOverride,
    CommandLine,
    Override,
    Automatic,
}

impl Origin {
    /// The word `$(origin)` prints.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Default => "default",
            Origin::Environment => "environment",
            Origin::File => "file",
            Origin::EnvironmentOverride => "environment override",
            Origin::CommandLine => "command line",
            Origin::Override => "override",
            Origin::Automatic => "automatic",
        }
    }
}

/// Whether a variable is passed to recipes' environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// Decided by the default rules (environment origin, command line, or
    /// `.EXPORT_ALL_VARIABLES`/bare `export`).
    Default,
    Export,
    Unexport,
}

#[derive(Debug, Clone)]
pub struct Var {
    /// The raw value: unexpanded for recursive variables.
    pub value: Vec<u8>,
    pub flavor: Flavor,
    pub origin: Origin,
    pub export: Export,
    /// `private`: not inherited by prerequisites.
    pub private: bool,
    /// Target/pattern-specific `+=`: appended to the value seen outside.
    pub append: bool,
    /// Target/pattern-specific `?=`: only used if not set outside.
    pub conditional: bool,
    /// Where it was defined (for `-p` and error messages).
    pub loc: Option<Loc>,
    /// The parsed value of a recursive variable, built on first use.
    parsed: OnceCell<Rc<Expr>>,
}

impl Var {
    pub fn new(value: Vec<u8>, flavor: Flavor, origin: Origin) -> Var {
        Var {
            value,
            flavor,
            origin,
            export: Export::Default,
            private: false,
            append: false,
            conditional: false,
            loc: None,
            parsed: OnceCell::new(),
        }
    }

    pub fn is_recursive(&self) -> bool {
        self.flavor == Flavor::Recursive
    }

    /// The parsed value (recursive variables), cached.
    pub fn expr(&self) -> Rc<Expr> {
        self.parsed
            .get_or_init(|| Rc::new(Expr::parse(&self.value)))
            .clone()
    }

    /// Replaces the value, dropping the cached parse.
    pub fn set_value(&mut self, value: Vec<u8>) {
        self.value = value;
        self.parsed = OnceCell::new();
    }

    /// `+=`: appends with a separating space (none when the value is empty).
    pub fn append_value(&mut self, more: &[u8]) {
        if !self.value.is_empty() && !more.is_empty() {
            self.value.push(b' ');
        }
        self.value.extend_from_slice(more);
        self.parsed = OnceCell::new();
    }
}

/// One set of variables (global, a target's, a local scope).
#[derive(Debug, Clone, Default)]
pub struct VarSet {
    pub map: FxHashMap<Vec<u8>, Var>,
    /// When kept (`-p`): each name as it entered (`true`) or left
    /// (`false`) the set, the order GNU's hash table for the set saw.
    pub log: Option<Vec<(Vec<u8>, bool)>>,
}

impl VarSet {
    pub fn get(&self, name: &[u8]) -> Option<&Var> {
        self.map.get(name)
    }
    pub fn get_mut(&mut self, name: &[u8]) -> Option<&mut Var> {
        self.map.get_mut(name)
    }
    pub fn set(&mut self, name: &[u8], var: Var) {
        if self.map.insert(name.to_vec(), var).is_none() {
            if let Some(log) = &mut self.log {
                log.push((name.to_vec(), true));
            }
        }
    }
    pub fn remove(&mut self, name: &[u8]) -> Option<Var> {
        let old = self.map.remove(name);
        if old.is_some() {
            if let Some(log) = &mut self.log {
                log.push((name.to_vec(), false));
            }
        }
        old
    }
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The stack of scopes searched by variable lookup.
#[derive(Debug, Default)]
pub struct Vars {
    pub global: VarSet,
    /// Target-specific sets in effect (the target's own first, then those
    /// of the targets it is a prerequisite of), with a flag telling whether
    /// the set is the target's own (private variables are visible) or
    /// inherited.
    pub target_chain: Vec<(Rc<VarSet>, bool)>,
    /// Local scopes from `foreach`, `let`, `call`; innermost last.
    pub locals: Vec<VarSet>,
    /// How many local scopes define each name: lookups of other names skip
    /// the local scopes (a deep `$(call)` recursion has one per level).
    local_names: FxHashMap<Vec<u8>, u32>,
    /// Automatic variables (`$@`, `$<`, ...) of the recipe being expanded.
    pub auto: Option<Rc<VarSet>>,
    /// Emptied local scopes kept for reuse (a `$(call)` in a loop then
    /// allocates no new table).
    pool: Vec<VarSet>,
}

impl Vars {
    /// Looks a variable up through all scopes.
    pub fn lookup(&self, name: &[u8]) -> Option<&Var> {
        if !self.locals.is_empty() && self.local_names.contains_key(name) {
            for s in self.locals.iter().rev() {
                if let Some(v) = s.get(name) {
                    return Some(v);
                }
            }
        }
        if let Some(a) = &self.auto {
            if let Some(v) = a.get(name) {
                return Some(v);
            }
        }
        for (s, own) in &self.target_chain {
            if let Some(v) = s.get(name) {
                if *own || !v.private {
                    return Some(v);
                }
            }
        }
        // In a target's context the global set is a parent: its private
        // variables are not visible.
        let in_target = self.auto.is_some() || !self.target_chain.is_empty();
        self.global.get(name).filter(|v| !(in_target && v.private))
    }

    /// The definitions a target-specific `+=` combines: innermost first,
    /// down to (and including) the first one that is not an append.
    pub fn definitions(&self, name: &[u8]) -> Vec<&Var> {
        let mut found = Vec::new();
        let sets = self
            .locals
            .iter()
            .rev()
            .map(|s| (s, true))
            .chain(self.auto.iter().map(|s| (&**s, true)))
            .chain(self.target_chain.iter().map(|(s, own)| (&**s, *own)))
            .chain(std::iter::once((&self.global, true)));
        for (s, own) in sets {
            if let Some(v) = s.get(name) {
                if !own && v.private {
                    continue;
                }
                found.push(v);
                if !v.append {
                    break;
                }
            }
        }
        found
    }

    /// Pushes an empty local scope; `pop_local` removes it.
    pub fn push_local(&mut self) {
        let set = self.pool.pop().unwrap_or_default();
        self.locals.push(set);
    }
    pub fn pop_local(&mut self) {
        if let Some(mut set) = self.locals.pop() {
            for name in set.map.keys() {
                if let Some(n) = self.local_names.get_mut(name) {
                    *n -= 1;
                    if *n == 0 {
                        self.local_names.remove(name);
                    }
                }
            }
            set.map.clear();
            self.pool.push(set);
        }
    }
    /// Defines a variable in the innermost local scope (or global if none).
    pub fn set_local(&mut self, name: &[u8], var: Var) {
        match self.locals.last_mut() {
            Some(s) => {
                if s.get(name).is_none() {
                    *self.local_names.entry(name.to_vec()).or_insert(0) += 1;
                }
                s.set(name, var)
            }
            None => self.global.set(name, var),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_scopes_shadow_global() {
        let mut v = Vars::default();
        v.global
            .set(b"x", Var::new(b"g".to_vec(), Flavor::Simple, Origin::File));
        v.push_local();
        v.set_local(
            b"x",
            Var::new(b"l".to_vec(), Flavor::Simple, Origin::Automatic),
        );
        assert_eq!(v.lookup(b"x").map(|v| v.value.clone()), Some(b"l".to_vec()));
        v.pop_local();
        assert_eq!(v.lookup(b"x").map(|v| v.value.clone()), Some(b"g".to_vec()));
    }

    #[test]
    fn private_target_vars_are_not_inherited() {
        let mut v = Vars::default();
        let mut parent = VarSet::default();
        let mut p = Var::new(b"p".to_vec(), Flavor::Simple, Origin::File);
        p.private = true;
        parent.set(b"x", p);
        v.target_chain.push((Rc::new(parent), false));
        assert!(v.lookup(b"x").is_none());
    }

    #[test]
    fn append_adds_one_space() {
        let mut x = Var::new(Vec::new(), Flavor::Recursive, Origin::File);
        x.append_value(b"a");
        x.append_value(b"b");
        assert_eq!(x.value, b"a b");
        assert_eq!(x.expr().parts.len(), 1);
    }
}
