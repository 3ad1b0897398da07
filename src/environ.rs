//! The environment: importing it as variables at start-up, and building
//! the environment of child processes from the exported variables.

use std::os::unix::ffi::OsStrExt;
use std::rc::Rc;

use crate::error::Result;
use crate::exec::ChildEnv;
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
                let mut var = Var::new(v.to_vec(), Flavor::Recursive, Origin::Environment);
                var.export = Export::Unexport;
                self.vars.global.set(k, var);
                continue;
            }
            if k.is_empty() {
                continue;
            }
            let mut var = Var::new(v.to_vec(), Flavor::Recursive, Origin::Environment);
            // What comes from the environment goes back to it, even when a
            // makefile redefines it.
            var.export = Export::Export;
            self.vars.global.set(k, var);
        }
    }

    /// Whether `v` (with `export` in place of `v.export`) goes into a
    /// child's environment.
    fn should_export_as(&self, name: &[u8], v: &Var, export: Export) -> bool {
        match export {
            Export::Export => true,
            Export::Unexport => false,
            Export::Default => {
                if matches!(v.origin, Origin::Default | Origin::Automatic) || !exportable(name) {
                    return false;
                }
                self.db.export_all
                    || matches!(
                        v.origin,
                        Origin::CommandLine | Origin::Environment | Origin::EnvironmentOverride
                    )
            }
        }
    }

    /// What a remembered environment depends on besides the variables'
    /// values (see [`Make::child_env`]).
    fn env_key(&self, refs: bool) -> EnvKey {
        EnvKey {
            stamp: if refs {
                self.vars.global.any_stamp()
            } else {
                self.vars.global.env_stamp(self.db.export_all)
            },
            refs,
            export_all: self.db.export_all,
            level: self.out.level,
        }
    }

    /// The environment remembered for children in the global context
    /// (`global_own`: not in a target's context, where private global
    /// variables are hidden), if it is still right.
    fn remembered_env(&self, global_own: bool) -> Option<Rc<ChildEnv>> {
        match &self.env_cache[global_own as usize] {
            Some((k, env)) if *k == self.env_key(k.refs) => Some(env.clone()),
            _ => None,
        }
    }

    /// Whether no target- or pattern-specific variable applies to `f` or
    /// the targets it was reached from (as [`Make::target_chain_for`]
    /// would collect them).
    pub fn no_target_vars(&self, f: FileId) -> bool {
        let mut cur = Some(f);
        let mut seen = Vec::new();
        while let Some(id) = cur {
            if seen.contains(&id) {
                break;
            }
            seen.push(id);
            let file = self.db.file(id);
            let head = file.ext().double_colon.get().unwrap_or(id);
            let vars = file
                .ext()
                .vars
                .as_ref()
                .or(self.db.file(head).ext().vars.as_ref());
            if vars.is_some_and(|v| !v.is_empty()) {
                return false;
            }
            if self
                .db
                .pattern_vars
                .iter()
                .any(|p| crate::patterns::match_pattern(&p.pattern, file.name).is_some())
            {
                return false;
            }
            cur = file.parent.get().or(self.db.file(head).parent.get());
        }
        true
    }

    /// The environment for the recipe of `f`, when the one remembered
    /// from an earlier child serves (nothing specific to `f` matters).
    pub fn remembered_job_env(&self, f: FileId) -> Option<Rc<ChildEnv>> {
        if !self.vars.locals.is_empty() || !self.no_target_vars(f) {
            return None;
        }
        self.remembered_env(false)
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
        if context_free {
            if let Some(env) = self.remembered_env(global_own) {
                return Ok(env);
            }
        }
        let stamps = (self.env_key(false), self.env_key(true));
        let (pairs, constant) = self.build_child_env()?;
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

    /// Builds the environment for a child; says whether every value
    /// expanded was a constant.
    fn build_child_env(&mut self) -> Result<(Vec<(Vec<u8>, Vec<u8>)>, Constant)> {
        // Collect the visible variables, innermost definition first, by
        // reference: only the exported ones are copied (cloning every
        // variable made each `$(shell)` O(all variables) in allocations).
        // An outer explicit export applies when the inner one says nothing.
        fn consider<'a>(
            chosen: &mut Vec<(&'a [u8], &'a Var, Export)>,
            index: &mut crate::hash::FxHashMap<&'a [u8], usize>,
            name: &'a [u8],
            v: &'a Var,
            own: bool,
            last: bool,
        ) {
            if !own && v.private {
                return;
            }
            // The last (global) set's names are unique and nothing comes
            // after it: they need no index entry.
            let found = if index.is_empty() {
                None
            } else {
                index.get(name)
            };
            match found {
                None => {
                    if !last {
                        index.insert(name, chosen.len());
                    }
                    chosen.push((name, v, v.export));
                }
                Some(&i) => {
                    if v.export != Export::Default && chosen[i].2 == Export::Default {
                        chosen[i].2 = v.export;
                    }
                }
            }
        }
        let mut picked: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::new();
        let mut constant = Constant::Yes;
        {
            let mut index = crate::hash::FxHashMap::default();
            let mut chosen: Vec<(&[u8], &Var, Export)> = Vec::with_capacity(self.vars.global.len());
            for s in self.vars.locals.scopes() {
                for (n, v) in s.iter().map(|(n, v)| (&n[..], v)) {
                    consider(&mut chosen, &mut index, n, v, true, false);
                }
            }
            // Private variables are exported from the file's own set only
            // (GNU's `islocal`), not from its pattern-specific ones.
            for (s, own) in &self.vars.target_chain {
                for (n, v) in s.iter() {
                    consider(&mut chosen, &mut index, n, v, *own && !s.pattern, false);
                }
            }
            // In a target's context the global set is a parent: its private
            // variables stay out.
            let global_own = self.vars.auto.is_none() && self.vars.target_chain.is_empty();
            let first_global = chosen.len();
            for (n, v) in self.vars.global.iter() {
                consider(&mut chosen, &mut index, n, v, global_own, true);
            }
            let exported: Vec<bool> = chosen
                .iter()
                .map(|&(name, v, export)| self.should_export_as(name, v, export))
                .collect();
            let autos: Vec<&[u8]> = self
                .vars
                .auto
                .as_ref()
                .map(|a| a.keys().collect())
                .unwrap_or_default();
            let order = env_table_order(
                &chosen,
                first_global,
                &exported,
                self.vars.global.len(),
                &autos,
            );
            for i in order {
                let (name, v, _) = chosen[i];
                // `None`: expanded below (MAKELEVEL is computed).
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
                    None
                } else {
                    Some(v.value.clone())
                };
                picked.push((name.to_vec(), value));
            }
        }
        let chosen = picked;
        let mut env = Vec::with_capacity(chosen.len() + 2);
        let mut added_shell = false;
        let mut added_level = false;
        for (name, value) in chosen {
            let value = if name == b"MAKELEVEL" {
                added_level = true;
                (self.out.level + 1).to_string().into_bytes()
            } else if let Some(v) = value {
                v
            } else {
                self.var_value(&name)?
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
        Ok((env, constant))
    }
}

/// The order of a child's environment: GNU enters the variables in a hash
/// table of its own (1024 slots, open addressing with linear probing),
/// from the innermost set to the global one, each set in its table's
/// order, and lists the table's slots in order. The target's own set
/// (its automatic variables among them) and the other non-global sets
/// take slots whether exported or not; global variables only when
/// exported. The global set's order is its table's, approximated from the
/// names' hashes (its size grows with the number of variables). Returns
/// indices into `chosen`, of the exported ones.
fn env_table_order(
    chosen: &[(&[u8], &Var, Export)],
    first_global: usize,
    exported: &[bool],
    global_len: usize,
    autos: &[&[u8]],
) -> Vec<usize> {
    use crate::dbprint::jhash;
    const EMPTY: usize = usize::MAX;
    let mut gsize = 1024usize;
    while global_len > gsize - gsize / 16 {
        gsize *= 2;
    }
    // (hash, index in `chosen`, or None for an automatic variable)
    let mut entries: Vec<(u32, Option<usize>)> = Vec::with_capacity(chosen.len() + autos.len());
    entries.extend(autos.iter().map(|n| (jhash(n), None)));
    entries.extend((0..first_global).map(|i| (jhash(chosen[i].0), Some(i))));
    let start = entries.len();
    entries.extend(
        (first_global..chosen.len())
            .filter(|&i| exported[i])
            .map(|i| (jhash(chosen[i].0), Some(i))),
    );
    entries[start..].sort_by_key(|e| e.0 as usize & (gsize - 1));
    let mut size = 1024usize;
    let mut capacity = size - size / 16;
    let mut slots = vec![EMPTY; size];
    let place = |slots: &mut [usize], h: u32, e: usize| {
        let mask = slots.len() - 1;
        let mut i = h as usize & mask;
        while slots[i] != EMPTY {
            i = (i + 1) & mask;
        }
        slots[i] = e;
    };
    for (fill, e) in (1..).zip(0..entries.len()) {
        place(&mut slots, entries[e].0, e);
        if fill > capacity {
            size *= 2;
            capacity = size - size / 16;
            let old = std::mem::replace(&mut slots, vec![EMPTY; size]);
            for o in old.into_iter().filter(|&o| o != EMPTY) {
                place(&mut slots, entries[o].0, o);
            }
        }
    }
    slots
        .into_iter()
        .filter(|&e| e != EMPTY)
        .filter_map(|e| entries[e].1)
        .filter(|&i| exported[i])
        .collect()
}

/// What a remembered child environment was built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvKey {
    stamp: u64,
    /// Built from values with references: the stamp is of any change.
    refs: bool,
    export_all: bool,
    level: u32,
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
