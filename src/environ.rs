//! The environment: importing it as variables at start-up, and building
//! the environment of child processes from the exported variables, in the
//! order of the hash table GNU builds it in (which is also the order the
//! exported values are expanded in: their side effects show it).

use std::os::unix::ffi::OsStrExt;
use std::rc::Rc;

use crate::error::Result;
use crate::exec::ChildEnv;
use crate::gnuhash::{jhash, GlobalTable, Table};
use crate::make::Make;
use crate::rules::FileId;
use crate::vars::{Export, Flavor, Origin, Var};

/// Whether a name can be put in the environment (GNU's "exportable").
pub fn exportable(name: &[u8]) -> bool {
    match name.split_first() {
        Some((&c, rest)) => {
            (c == b'_' || c.is_ascii_alphabetic())
                && rest.iter().all(|&c| c == b'_' || c.is_ascii_alphanumeric())
        }
        None => false,
    }
}

impl Make {
    /// Imports the process environment as variables of origin
    /// `environment` (SHELL also remembered apart, for the children).
    pub fn import_environment(&mut self) {
        for (k, v) in std::env::vars_os() {
            let (k, v) = (k.as_bytes(), v.as_bytes());
            if k == b"SHELL" {
                // Imported (command-line variables see it), but replaced
                // by the default before the makefiles are read.
                self.env_shell = Some(v.to_vec());
                // Not exported (POSIX: a SHELL set by the makefile or
                // command line does not reach the children), unless the
                // makefile exports it.
                let var = Var::new(v.to_vec(), Flavor::Recursive, Origin::Environment);
                var.export.set(Export::Unexport);
                self.vars.global.set(k, var);
                continue;
            }
            if k.is_empty() {
                continue;
            }
            let var = Var::new(v.to_vec(), Flavor::Recursive, Origin::Environment);
            // What comes from the environment goes back to it, even when a
            // makefile redefines it.
            var.export.set(Export::Export);
            self.vars.global.set(k, var);
        }
    }

    /// Whether `v` (with `export` in place of its own) goes into a
    /// child's environment.
    fn should_export_as(&self, name: &[u8], v: &Var, export: Export) -> bool {
        match export {
            Export::Export => true,
            Export::Unexport => false,
            Export::IfSet => v.origin != Origin::Default,
            // The name is looked at last: most variables are the
            // makefiles' own, which only `.EXPORT_ALL_VARIABLES` exports,
            // and this runs over every global variable for each child.
            Export::Default => {
                let by_origin = match v.origin {
                    Origin::Default | Origin::Automatic => false,
                    Origin::CommandLine | Origin::Environment | Origin::EnvironmentOverride => true,
                    _ => self.db.export_all,
                };
                by_origin && exportable(name)
            }
        }
    }

    /// What a remembered environment depends on besides the variables'
    /// values (see [`Make::child_env`]).
    fn env_key(&self, refs: bool, (autos, shellstatus): (usize, bool)) -> EnvKey {
        EnvKey {
            stamp: if refs {
                self.vars.global.any_stamp()
            } else {
                self.vars.global.env_stamp(self.db.export_all)
            },
            refs,
            export_all: self.db.export_all,
            level: self.out.level,
            autos,
            shellstatus,
            shellstatus_free: false,
        }
    }

    /// The automatic variables of the context, as GNU's table of the
    /// environment sees them: how many besides `.SHELLSTATUS` (which a
    /// recipe's `$(shell)` adds), and whether that one is there.
    fn autos_in_context(&self) -> (usize, bool) {
        self.vars.auto.as_ref().map_or((0, false), |a| {
            let shellstatus = a.get(b".SHELLSTATUS").is_some();
            (a.len() - shellstatus as usize, shellstatus)
        })
    }

    /// The environment remembered for children in the global context
    /// (`global_own`: not in a target's context, where private global
    /// variables are hidden), if it is still right.
    fn remembered_env(&self, global_own: bool, autos: (usize, bool)) -> Option<Rc<ChildEnv>> {
        match &self.env_cache[global_own as usize] {
            Some((k, env)) if k.serves(&self.env_key(k.refs, autos)) => Some(env.clone()),
            _ => None,
        }
    }

    /// Whether no target- or pattern-specific variable applies to `f` or
    /// the targets it was reached from (as [`Make::target_chain_for`]
    /// would collect them).
    pub fn no_target_vars(&self, f: FileId) -> bool {
        self.db.ancestry(f).all(|(id, head)| {
            let vars = self.db.file(id).ext().vars.as_ref();
            let vars = vars.or(self.db.file(head).ext().vars.as_ref());
            vars.is_none_or(|v| v.is_empty())
                && !self
                    .db
                    .pattern_vars
                    .iter()
                    .any(|p| p.matches(self.db.file(id).name))
        })
    }

    /// The environment for the recipe of `f`, when the one remembered
    /// from an earlier child serves (nothing specific to `f` matters).
    pub fn remembered_job_env(&self, f: FileId) -> Option<Rc<ChildEnv>> {
        if !self.vars.locals.is_empty() || !self.no_target_vars(f) {
            return None;
        }
        // A job's context has the 8 automatic variables.
        self.remembered_env(false, (crate::gnuhash::AUTOS.len(), false))
    }

    /// The environment for a child process (recipe line or `$(shell)`):
    /// the exported variables, expanded, plus MAKELEVEL and SHELL.
    ///
    /// It is remembered, and used again while it cannot differ: when no
    /// local, target or pattern-specific variable is in effect, every
    /// exported value that needed expanding was a constant (no `$` but
    /// `$$`, so no expansion context or side effect matters), and no
    /// change that could matter to the environment was made to the global
    /// variables since (see [`crate::vars::VarSet::env_stamp`]).
    pub fn child_env(&mut self) -> Result<Rc<ChildEnv>> {
        let global_own = self.vars.auto.is_none() && self.vars.target_chain.is_empty();
        let context_free =
            self.vars.locals.is_empty() && self.vars.target_chain.iter().all(|(s, _)| s.is_empty());
        let autos = self.autos_in_context();
        if context_free {
            if let Some(env) = self.remembered_env(global_own, autos) {
                return Ok(env);
            }
        }
        let mut stamps = (self.env_key(false, autos), self.env_key(true, autos));
        let (pairs, constant, shellstatus_free) = self.build_child_env()?;
        stamps.0.shellstatus_free = shellstatus_free;
        stamps.1.shellstatus_free = shellstatus_free;
        let env = Rc::new(ChildEnv::new(pairs));
        if context_free {
            let key = match constant {
                Constant::Yes => Some(stamps.0),
                Constant::WithRefs => Some(stamps.1),
                Constant::No => None,
            };
            if let Some(key) = key {
                self.env_cache[global_own as usize] = Some((key, env.clone()));
            }
        }
        Ok(env)
    }

    /// The environment of a child that is not a recursive make (a recipe
    /// with no recursive line, or `$(shell)`): with a pipe jobserver, GNU
    /// adds ` --jobserver-auth=-2,-2` to MAKEFLAGS (before its ` -- `
    /// variables) and to MFLAGS when make itself defined it, so that a make
    /// run there does not use descriptors it was not given. A fifo needs
    /// nothing; values without a `--jobserver-auth=` are left alone.
    pub fn non_recursive_env(&self, env: Rc<ChildEnv>) -> Rc<ChildEnv> {
        const AUTH: &[u8] = b" --jobserver-auth=";
        const INVALID: &[u8] = b" --jobserver-auth=-2,-2";
        if !self.jobserver_is_pipe() {
            return env;
        }
        let mflags_own = self
            .vars
            .lookup(b"MFLAGS")
            .is_some_and(|v| v.origin == Origin::Environment);
        let mut changed = false;
        let mut pairs = env.pairs().to_vec();
        let mut seen = (false, false);
        for (name, value) in pairs.iter_mut() {
            let is_makeflags = name.as_slice() == b"MAKEFLAGS" && !seen.0;
            let is_mflags = name.as_slice() == b"MFLAGS" && !seen.1;
            seen.0 |= is_makeflags;
            seen.1 |= is_mflags;
            if !(is_makeflags || (is_mflags && mflags_own))
                || memchr::memmem::find(value, AUTH).is_none()
            {
                continue;
            }
            let at = if is_makeflags {
                memchr::memmem::find(value, b" -- ").unwrap_or(value.len())
            } else {
                value.len()
            };
            value.splice(at..at, INVALID.iter().copied());
            changed = true;
        }
        if changed {
            Rc::new(ChildEnv::new(pairs))
        } else {
            env
        }
    }

    /// Whether make's jobserver (its own or its parent's) is a pipe.
    pub fn jobserver_is_pipe(&self) -> bool {
        self.jobs
            .jobserver
            .as_ref()
            .is_some_and(|j| j.style == crate::jobserver::Style::Pipe)
    }

    /// Whether a recursive value expands the same in any context and
    /// without side effects: `Constant::Yes` when it holds no reference
    /// (no `$` but `$$`), `WithRefs` when its references are plain
    /// `$(NAME)` of global variables that are so too (not automatic ones).
    fn constant_value(&self, value: &[u8], depth: u32) -> Constant {
        let mut result = Constant::Yes;
        let mut i = 0;
        while i < value.len() {
            if value[i] != b'$' {
                i += 1;
                continue;
            }
            let name: &[u8] = match value.get(i + 1) {
                None => return Constant::No,
                Some(b'$') => {
                    i += 2;
                    continue;
                }
                Some(&open @ (b'(' | b'{')) => {
                    let close = if open == b'(' { b')' } else { b'}' };
                    let rest = &value[i + 2..];
                    let Some(end) = rest.iter().position(|&c| c == close) else {
                        return Constant::No;
                    };
                    let name = &rest[..end];
                    if name.is_empty()
                        || name
                            .iter()
                            .any(|&c| matches!(c, b'$' | b':' | b'(' | b'{' | b' ' | b'\t' | b','))
                    {
                        return Constant::No;
                    }
                    i += 2 + end + 1;
                    name
                }
                Some(_) => {
                    i += 2;
                    &value[i - 1..i]
                }
            };
            if depth >= 8 || is_automatic_name(name) {
                return Constant::No;
            }
            match self.vars.global.get(name) {
                None => {
                    if self.opts.warn_undefined_variables {
                        return Constant::No;
                    }
                }
                Some(v) => {
                    if v.private || name == b"MAKELEVEL" || name == b".VARIABLES" {
                        return Constant::No;
                    }
                    if v.is_recursive() && self.constant_value(&v.value, depth + 1) == Constant::No
                    {
                        return Constant::No;
                    }
                }
            }
            result = Constant::WithRefs;
        }
        result
    }

    /// The variables that take a slot in the table GNU builds a child's
    /// environment in (`target_environment`), in that table's order: the
    /// variables of each set in the context, innermost first (a local
    /// scope's, the file's own with its automatic variables, its
    /// pattern-specific ones, its parents'), each set walked in the order
    /// of its own table; then the exported global variables, in the global
    /// table's order. A name met again gives its export setting to the
    /// first one when that has none.
    ///
    /// Also says whether the order would be the same with or without
    /// `.SHELLSTATUS` in the context (see [`EnvKey`]).
    fn env_entries<'a>(&'a self, global_table: &mut GlobalTable) -> (Vec<EnvEntry<'a>>, bool) {
        let vars = &self.vars;
        let mut entries = EnvEntries {
            list: Vec::with_capacity(self.vars.global.len()),
            index: None,
            bloom: 0,
        };
        // GNU's `islocal`: only the innermost set exports private variables.
        let mut local = true;
        let mut set: Vec<(&[u8], &Var, u32)> = Vec::new();
        for s in vars.locals.scopes() {
            set.clear();
            set.extend(s.iter().map(|(n, v)| (&n[..], v, jhash(n))));
            entries.add_set(&set, SCOPE_BUCKETS, local);
            local = false;
        }
        if vars.auto.is_some() || !vars.target_chain.is_empty() {
            // The file's own set: its target-specific variables, then the
            // automatic ones.
            set.clear();
            let mut rest = &vars.target_chain[..];
            if let Some(((s, true), tail)) = rest.split_first() {
                if !s.pattern {
                    set.extend(s.iter().map(|(n, v)| (n, v, jhash(n))));
                    rest = tail;
                }
            }
            if let Some(a) = &vars.auto {
                for (n, h) in crate::gnuhash::AUTOS
                    .iter()
                    .zip(crate::gnuhash::AUTO_HASHES)
                {
                    if let Some(v) = a.get(n) {
                        set.push((n, v, h));
                    }
                }
                let extra = set.len();
                set.extend(
                    a.iter()
                        .filter(|(n, _)| !crate::gnuhash::AUTOS.contains(n))
                        .map(|(n, v)| (n, v, jhash(n))),
                );
                set[extra..].sort_by_key(|e| e.0);
            }
            entries.add_set(&set, FILE_BUCKETS, local);
            local = false;
            for (s, _) in rest {
                set.clear();
                set.extend(s.iter().map(|(n, v)| (n, v, jhash(n))));
                let buckets = if s.pattern {
                    SCOPE_BUCKETS
                } else {
                    FILE_BUCKETS
                };
                entries.add_set(&set, buckets, false);
            }
        }
        // The global set's names are unique: only those of inner sets are
        // looked for, and only where it matters (a variable exported, or
        // with an export setting to give).
        let inner = !entries.list.is_empty();
        for (name, v) in vars.global.iter() {
            if !local && v.private {
                continue;
            }
            let export = self.should_export_as(name, v, v.export.get());
            if !export && (!inner || v.export.get() == Export::Default) {
                continue;
            }
            let hash = jhash(name);
            if inner {
                if let Some(i) = entries.find(hash, name) {
                    entries.list[i].learn_export(v.export.get());
                    continue;
                }
            }
            if export {
                entries.list.push(EnvEntry {
                    name,
                    var: v,
                    export: v.export.get(),
                    hash,
                    global: true,
                });
            }
        }
        let mut entries = entries.list;
        // When no two names have the same home slot, each is in its home
        // whatever the order they came in.
        if crate::gnuhash::homes_distinct(entries.iter().map(|e| e.hash), ENV_SLOTS) {
            let mask = ENV_SLOTS as u32 - 1;
            let home = SHELLSTATUS_HASH & mask;
            let shellstatus_free = entries
                .iter()
                .all(|e| e.hash & mask != home || e.name == b".SHELLSTATUS");
            entries.sort_unstable_by_key(|e| e.hash & mask);
            return (entries, shellstatus_free);
        }
        // Else the order they came in matters: the global ones come in
        // the global table's order.
        let first_global = entries
            .iter()
            .position(|e| e.global)
            .unwrap_or(entries.len());
        if global_table.update(&vars.global, self.var_log_marks, &self.command_vars) {
            entries[first_global..].sort_by_cached_key(|e| {
                global_table
                    .slot(&vars.global, e.hash, e.name)
                    .unwrap_or(usize::MAX)
            });
        }
        let mut table = Table::new(ENV_SLOTS);
        for (k, e) in entries.iter().enumerate() {
            table.insert(e.hash, k, |j| entries[j].name == e.name);
        }
        let order: Vec<usize> = table.order().collect();
        let mut entries: Vec<Option<EnvEntry>> = entries.into_iter().map(Some).collect();
        let entries = order
            .into_iter()
            .filter_map(|k| entries.get_mut(k).and_then(Option::take))
            .collect();
        (entries, false)
    }

    /// Builds the environment for a child; says whether every value
    /// expanded was a constant.
    /// Also says whether `.SHELLSTATUS` in the context makes no difference.
    #[allow(clippy::type_complexity)]
    fn build_child_env(&mut self) -> Result<(Vec<(Vec<u8>, Vec<u8>)>, Constant, bool)> {
        let mut global_table = std::mem::take(&mut self.global_table);
        let mut picked: Vec<(Vec<u8>, ChildValue)> = Vec::new();
        let mut constant = Constant::Yes;
        let shellstatus_free;
        {
            let (entries, free) = self.env_entries(&mut global_table);
            shellstatus_free = free;
            for EnvEntry {
                name,
                var: v,
                export,
                ..
            } in entries
            {
                if !self.should_export_as(name, v, export) {
                    continue;
                }
                let value = if name == b"MAKELEVEL"
                    || (v.is_recursive()
                        && (!matches!(v.origin, Origin::Environment | Origin::EnvironmentOverride)
                            || name == b"MAKEFLAGS"))
                {
                    if name != b"MAKELEVEL" {
                        let c = if exportable(name) {
                            self.constant_value(&v.value, 0)
                        } else {
                            Constant::No
                        };
                        constant = constant.max(c);
                    }
                    // The variable the table holds is not always the one
                    // its name finds in the context: a private variable
                    // of a set other than the innermost one (a pattern's,
                    // a double-colon entry's first entry's) is visible
                    // to the target but not exported, so the table holds
                    // the outer definition, and GNU expands that one.
                    // An appending one is GNU's chain of definitions of
                    // the name from the innermost context out, whatever
                    // the innermost one is (a simple one that appends
                    // too, a private one of a pattern).
                    let found = self.vars.lookup(name);
                    if v.append {
                        ChildValue::Append
                    } else if found.is_some_and(|f| std::ptr::eq(f, v)) {
                        ChildValue::ByName
                    } else {
                        ChildValue::Expr(v.expr())
                    }
                } else {
                    ChildValue::Value(v.value.clone())
                };
                picked.push((name.to_vec(), value));
            }
        }
        self.global_table = global_table;
        let chosen = picked;
        let mut env = Vec::with_capacity(chosen.len() + 2);
        let mut added_shell = false;
        let mut added_level = false;
        for (name, value) in chosen {
            let value = if name == b"MAKELEVEL" {
                added_level = true;
                (self.out.level + 1).to_string().into_bytes()
            } else {
                match value {
                    ChildValue::Value(v) => v,
                    ChildValue::ByName => self.var_value(&name)?,
                    ChildValue::Append => {
                        let mut out = Vec::new();
                        self.append_value_into(&name, &mut out)?;
                        out
                    }
                    ChildValue::Expr(e) => {
                        let mut out = Vec::new();
                        self.expand_recursive(&name, &e, &mut out)?;
                        out
                    }
                }
            };
            if name == b"SHELL" {
                added_shell = true;
            }
            env.push((name, value));
        }
        if !added_shell {
            if let Some(s) = &self.env_shell {
                env.push((b"SHELL".to_vec(), s.clone()));
            }
        }
        if !added_level {
            env.push((
                b"MAKELEVEL".to_vec(),
                (self.out.level + 1).to_string().into_bytes(),
            ));
        }
        Ok((env, constant, shellstatus_free))
    }
}

/// How the value of a variable of a child's environment is had.
enum ChildValue {
    /// As it stands (a simple variable, or one from the environment).
    Value(Vec<u8>),
    /// Expanding the variable its name finds in the context (MAKELEVEL
    /// is computed).
    ByName,
    /// The chain of appending definitions of the name, innermost first.
    Append,
    /// Expanding this value (of a variable its name does not find).
    Expr(Rc<crate::ast::Expr>),
}

/// GNU's table sizes: the environment's (`VARIABLE_BUCKETS`, 523, rounded
/// up to a power of two), a file's set's (`PERFILE_VARIABLE_BUCKETS`) and
/// a local scope's or pattern-specific set's
/// (`SMALL_SCOPE_VARIABLE_BUCKETS`).
const ENV_SLOTS: usize = 1024;
const FILE_BUCKETS: usize = 23;
const SCOPE_BUCKETS: usize = 13;
const SHELLSTATUS_HASH: u32 = jhash(b".SHELLSTATUS");

/// A variable that takes a slot in the table of a child's environment.
struct EnvEntry<'a> {
    name: &'a [u8],
    var: &'a Var,
    /// Its export setting, or an outer definition's when it has none.
    export: Export,
    hash: u32,
    /// From the global set (else from an inner one).
    global: bool,
}

impl EnvEntry<'_> {
    /// The name met again in an outer set with `outer` for export
    /// setting: when the entry has none, it takes that one, and keeps it
    /// (GNU's `target_environment` writes it into the variable itself,
    /// so a target-specific variable once in a child's environment
    /// table goes on being exported, or not, as the global one was then,
    /// whatever that one's setting becomes).
    fn learn_export(&mut self, outer: Export) {
        if outer != Export::Default && self.export == Export::Default {
            self.export = outer;
            self.var.export.set(outer);
        }
    }
}

/// The entries of a child's environment table so far, with an index of
/// their names once they are many.
struct EnvEntries<'a> {
    list: Vec<EnvEntry<'a>>,
    index: Option<crate::hash::FxHashMap<&'a [u8], usize>>,
    /// A bit for each entry's hash modulo 64: most names looked for are
    /// known absent without a search.
    bloom: u64,
}

impl<'a> EnvEntries<'a> {
    /// The entry for `name` (of hash `hash`).
    fn find(&self, hash: u32, name: &[u8]) -> Option<usize> {
        if self.bloom & (1 << (hash % 64)) == 0 {
            return None;
        }
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self
                .list
                .iter()
                .position(|e| e.hash == hash && e.name == name),
        }
    }

    /// Enters the variables of a set other than the global one (names,
    /// variables and hashes), in the order of the set's own table (of
    /// `buckets`): all of them, private ones only from the innermost set
    /// (`local`), as GNU cannot know yet whether an outer definition
    /// exports them.
    fn add_set(&mut self, set: &[(&'a [u8], &'a Var, u32)], buckets: usize, local: bool) {
        if set.is_empty() {
            return;
        }
        let hashes: Vec<u32> = set.iter().map(|e| e.2).collect();
        for k in crate::gnuhash::table_order(&hashes, buckets, |i, j| set[i].0 == set[j].0) {
            let (name, var, hash) = set[k];
            if !local && var.private {
                continue;
            }
            match self.find(hash, name) {
                None => {
                    // Past a few entries, a linear search costs more than
                    // an index.
                    if self.index.is_none() && self.list.len() >= 32 {
                        self.index = Some(
                            self.list
                                .iter()
                                .enumerate()
                                .map(|(i, e)| (e.name, i))
                                .collect(),
                        );
                    }
                    if let Some(index) = &mut self.index {
                        index.insert(name, self.list.len());
                    }
                    self.bloom |= 1 << (hash % 64);
                    self.list.push(EnvEntry {
                        name,
                        var,
                        export: var.export.get(),
                        hash,
                        global: false,
                    });
                }
                Some(i) => self.list[i].learn_export(var.export.get()),
            }
        }
    }
}

/// What a remembered child environment was built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvKey {
    stamp: u64,
    /// Built from values with references: the stamp is of any change.
    refs: bool,
    export_all: bool,
    level: u32,
    /// The automatic variables in the context (see
    /// [`Make::autos_in_context`]): they take slots in GNU's table of the
    /// environment, so its order may depend on them.
    autos: usize,
    shellstatus: bool,
    /// Whether the order is the same with `.SHELLSTATUS` as without (no
    /// name has its home slot): recipes with several `$(shell)` share one
    /// environment then.
    shellstatus_free: bool,
}

impl EnvKey {
    /// Whether an environment remembered under this key serves where one
    /// for `want` is wanted.
    fn serves(&self, want: &EnvKey) -> bool {
        let like = EnvKey {
            shellstatus: want.shellstatus,
            shellstatus_free: want.shellstatus_free,
            ..*self
        };
        like == *want && (self.shellstatus == want.shellstatus || self.shellstatus_free)
    }
}

/// How constant the expanded values of an environment are (see
/// [`Make::constant_value`]); ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Constant {
    Yes,
    WithRefs,
    No,
}

/// Whether `$(NAME)` may be an automatic variable (`$@`, `$(<D)`...).
fn is_automatic_name(name: &[u8]) -> bool {
    let auto = |c: u8| matches!(c, b'@' | b'%' | b'<' | b'?' | b'^' | b'+' | b'|' | b'*');
    match name {
        [c] => auto(*c),
        [c, d] => auto(*c) && matches!(d, b'D' | b'F'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exportable_names() {
        assert!(exportable(b"PATH"));
        assert!(exportable(b"_a1"));
        assert!(!exportable(b"1a"));
        assert!(!exportable(b"a-b"));
        assert!(!exportable(b""));
    }
}
