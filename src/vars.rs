//! Variables: values, flavors, origins, and the sets they live in.
//!
//! Lookup goes from the innermost scope outwards: local scopes pushed by
//! `foreach`/`let`/`call`, then the target-specific sets of the target being
//! built and its parents, then the global set.

use std::cell::OnceCell;
use std::rc::Rc;

use crate::ast::Expr;
use crate::error::Loc;

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
    /// Exported unless its origin is `default` (GNU's `v_ifset`, which
    /// `MAKEFILES` gets at start-up: a makefile's value reaches sub-makes).
    IfSet,
}

#[derive(Debug, Clone)]
pub struct Var {
    /// The raw value: unexpanded for recursive variables.
    pub value: Vec<u8>,
    pub flavor: Flavor,
    pub origin: Origin,
    pub export: std::cell::Cell<Export>,
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
            export: std::cell::Cell::new(Export::Default),
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

    /// Replaces the value with a copy of `value`, reusing the buffer.
    pub fn set_value_from(&mut self, value: &[u8]) {
        self.value.clear();
        self.value.extend_from_slice(value);
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

/// A stamp from one counter shared by all sets: a fresh set or a change
/// never gets a stamp seen before.
fn tick() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Whether a variable can be in a child's environment: without
/// `.EXPORT_ALL_VARIABLES` (first) and with it (second). A superset of
/// what `Make::should_export_as` decides for a global variable.
fn env_relevance(exportable: bool, v: &Var) -> (bool, bool) {
    match v.export.get() {
        Export::Export => (true, true),
        Export::Unexport => (false, false),
        Export::IfSet => {
            let set = v.origin != Origin::Default;
            (set, set)
        }
        Export::Default => {
            let strict = exportable
                && matches!(
                    v.origin,
                    Origin::CommandLine | Origin::Environment | Origin::EnvironmentOverride
                );
            let all = exportable && !matches!(v.origin, Origin::Default | Origin::Automatic);
            (strict, all)
        }
    }
}

/// Stamps of the last change that could alter the environment of child
/// processes (see [`VarSet::env_stamp`]).
#[derive(Debug, Clone, Copy)]
struct EnvStamps {
    strict: u64,
    all: u64,
    /// Any change at all.
    any: u64,
}

impl EnvStamps {
    fn fresh() -> EnvStamps {
        let t = tick();
        EnvStamps {
            strict: t,
            all: t,
            any: t,
        }
    }

    fn note(&mut self, before: (bool, bool), after: (bool, bool)) {
        self.any = tick();
        if before.0 || after.0 {
            let t = tick();
            self.strict = t;
            self.all = t;
        } else if before.1 || after.1 {
            self.all = tick();
        }
    }
}

/// One set of variables (global, a target's, a local scope).
#[derive(Debug, Clone)]
pub struct VarSet {
    /// Entries in a vector and an index of positions (indexmap): a big
    /// set grows without rehashing its entries, and a name is stored once.
    map: crate::hash::FxIndexMap<Box<[u8]>, Var>,
    stamps: EnvStamps,
    /// When kept: each name as it entered (`true`) or left (`false`) the
    /// set, the order GNU's hash table for the set saw.
    pub log: Option<VarLog>,
    /// The pattern-specific variables of a file (GNU's `pat_variables`):
    /// never its own set as far as exporting private variables goes.
    pub pattern: bool,
}

/// A set's history of names added and removed, the names one after the
/// other in one buffer (kept for every global variable: no allocation
/// each).
#[derive(Debug, Default, Clone)]
pub struct VarLog {
    names: Vec<u8>,
    /// Where each name ends in `names`, and whether it was added.
    events: Vec<(u32, bool)>,
}

impl VarLog {
    pub const fn new() -> VarLog {
        VarLog {
            names: Vec::new(),
            events: Vec::new(),
        }
    }
    pub fn push(&mut self, name: &[u8], added: bool) {
        // Past 4 GiB of names the order is the least of the worries.
        if let Ok(end) = u32::try_from(self.names.len() + name.len()) {
            self.names.extend_from_slice(name);
            self.events.push((end, added));
        }
    }
    pub fn len(&self) -> usize {
        self.events.len()
    }
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
    /// Event `i`: the name, and whether it was added.
    pub fn get(&self, i: usize) -> (&[u8], bool) {
        let start = match i {
            0 => 0,
            _ => self.events[i - 1].0 as usize,
        };
        let (end, added) = self.events[i];
        (&self.names[start..end as usize], added)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], bool)> {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl Default for VarSet {
    fn default() -> VarSet {
        VarSet::with_capacity(0)
    }
}

impl VarSet {
    /// An empty set with room for `n` variables.
    pub fn with_capacity(n: usize) -> VarSet {
        VarSet {
            map: crate::hash::FxIndexMap::with_capacity_and_hasher(n, Default::default()),
            stamps: EnvStamps::fresh(),
            log: None,
            pattern: false,
        }
    }
}

/// A variable of a set being changed: when it is dropped, the set notes
/// whether the change can matter to children's environment.
pub struct VarMut<'a> {
    var: &'a mut Var,
    stamps: &'a mut EnvStamps,
    exportable: bool,
    before: (bool, bool),
}

impl std::ops::Deref for VarMut<'_> {
    type Target = Var;
    fn deref(&self) -> &Var {
        self.var
    }
}

impl std::ops::DerefMut for VarMut<'_> {
    fn deref_mut(&mut self) -> &mut Var {
        self.var
    }
}

impl Drop for VarMut<'_> {
    fn drop(&mut self) {
        let after = env_relevance(self.exportable, self.var);
        self.stamps.note(self.before, after);
    }
}

impl VarSet {
    pub fn get(&self, name: &[u8]) -> Option<&Var> {
        self.map.get(name)
    }
    pub fn get_mut(&mut self, name: &[u8]) -> Option<VarMut<'_>> {
        let var = self.map.get_mut(name)?;
        let exportable = crate::environ::exportable(name);
        let before = env_relevance(exportable, var);
        Some(VarMut {
            var,
            stamps: &mut self.stamps,
            exportable,
            before,
        })
    }
    pub fn set(&mut self, name: &[u8], var: Var) {
        self.set_was_new(name, var);
    }

    /// Sets `name`; true when it was not in the set before.
    pub fn set_was_new(&mut self, name: &[u8], var: Var) -> bool {
        use indexmap::map::raw_entry_v1::{RawEntryApiV1, RawEntryMut};
        let exportable = crate::environ::exportable(name);
        let after = env_relevance(exportable, &var);
        // One hash lookup; the name is copied only when it is new.
        let (before, new) = match self.map.raw_entry_mut_v1().from_key(name) {
            RawEntryMut::Occupied(mut slot) => (
                env_relevance(exportable, &std::mem::replace(slot.get_mut(), var)),
                false,
            ),
            RawEntryMut::Vacant(slot) => {
                slot.insert(name.into(), var);
                if let Some(log) = &mut self.log {
                    log.push(name, true);
                }
                ((false, false), true)
            }
        };
        self.stamps.note(before, after);
        new
    }
    pub fn remove(&mut self, name: &[u8]) -> Option<Var> {
        let old = self.map.swap_remove(name)?;
        if let Some(log) = &mut self.log {
            log.push(name, false);
        }
        let before = env_relevance(crate::environ::exportable(name), &old);
        self.stamps.note(before, (false, false));
        Some(old)
    }
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    /// Makes room for `n` more variables.
    /// Only a hint: nothing happens when the memory is not to be had.
    pub fn reserve(&mut self, n: usize) {
        let _ = self.map.try_reserve(n);
    }
    pub fn len(&self) -> usize {
        self.map.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &Var)> {
        self.map.iter().map(|(k, v)| (&**k, v))
    }
    pub fn keys(&self) -> impl Iterator<Item = &[u8]> {
        self.map.keys().map(|k| &**k)
    }
    /// A stamp that changes whenever a change to the set could change
    /// the environment of child processes (a variable that is or was
    /// exported, with `.EXPORT_ALL_VARIABLES` in effect or not): while it
    /// stays the same, an environment built from the set is still right
    /// (when built from values that expand to constants).
    pub fn env_stamp(&self, export_all: bool) -> u64 {
        if export_all {
            self.stamps.all
        } else {
            self.stamps.strict
        }
    }

    /// A stamp that changes with any change to the set.
    pub fn any_stamp(&self) -> u64 {
        self.stamps.any
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
    /// Local scopes from `foreach`, `let`, `call`.
    pub locals: crate::locals::Locals,
    /// Automatic variables (`$@`, `$<`, ...) of the recipe being expanded.
    pub auto: Option<Rc<VarSet>>,
    /// The global set is no parent of the sets in effect, though there are
    /// some: GNU builds a file's pattern-specific set on top of the
    /// global context, so what it expands then sees private globals.
    pub global_not_parent: bool,
}

impl Vars {
    /// Whether the global set is a parent of the context in effect (a
    /// target's), which hides its private variables.
    fn in_target(&self) -> bool {
        (self.auto.is_some() || !self.target_chain.is_empty()) && !self.global_not_parent
    }

    /// Looks a variable up through all scopes.
    pub fn lookup(&self, name: &[u8]) -> Option<&Var> {
        if !self.locals.is_empty() {
            if let Some(v) = self.locals.get(name) {
                return Some(v);
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
        let in_target = self.in_target();
        self.global.get(name).filter(|v| !(in_target && v.private))
    }

    /// The definitions a target-specific `+=` combines: innermost first,
    /// down to (and including) the first one that is not an append.
    pub fn definitions(&self, name: &[u8]) -> Vec<&Var> {
        let mut found: Vec<&Var> = Vec::new();
        for v in self.locals.all(name) {
            found.push(v);
            if !v.append {
                return found;
            }
        }
        // In a target's context the global set is a parent: its private
        // variables add nothing.
        let in_target = self.in_target();
        let sets = self
            .auto
            .iter()
            .map(|s| (&**s, true))
            .chain(self.target_chain.iter().map(|(s, own)| (&**s, *own)))
            .chain(std::iter::once((&self.global, !in_target)));
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
        self.locals.push();
    }
    pub fn pop_local(&mut self) {
        self.locals.pop();
    }
    /// Defines a variable in the innermost local scope (or global if none).
    pub fn set_local(&mut self, name: &[u8], var: Var) {
        match self.locals.is_empty() {
            true => self.global.set(name, var),
            false => self.locals.set(name, var),
        }
    }
    /// Defines a simple, automatic variable in the innermost local scope
    /// (or global if none), as `foreach`, `let` and `call` do.
    pub fn set_local_value(&mut self, name: &[u8], value: &[u8]) {
        match self.locals.is_empty() {
            true => self.global.set(
                name,
                Var::new(value.to_vec(), Flavor::Simple, Origin::Automatic),
            ),
            false => self.locals.set_value(name, value),
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
