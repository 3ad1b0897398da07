//! Target- and pattern-specific variables: their definitions as read,
//! and the variable sets a file gets from them when make needs its
//! variables.

use std::borrow::Cow;
use std::rc::Rc;

use crate::error::Result;
use crate::make::Make;
use crate::patterns::match_pattern;
use crate::record::file_names;
use crate::rules::{find_percent, FileId};
use crate::vars::{Export, Var, VarSet};

impl Make {
    /// A target- or pattern-specific variable (`t1 t2: VAR = value`).
    /// `deferred`: for a pattern, the `:::=` or `!=` to do when the
    /// variable is set for a file.
    pub fn record_target_var(
        &mut self,
        targets: &[Vec<u8>],
        name: &[u8],
        var: Var,
        deferred: Option<Deferred>,
    ) -> Result<()> {
        for t in targets {
            if find_percent(t).is_some() {
                // Kept as written: a `+=` onto a simple definition of the
                // same set is expanded when the set is built for a file.
                self.db.pattern_vars.push(PatternVar {
                    pattern: t.clone(),
                    name: name.to_vec(),
                    var: var.clone(),
                    deferred,
                    shown_recursive: false,
                });
                continue;
            }
            for t in file_names(std::slice::from_ref(t)) {
                // Looked up first, as GNU does: a built-in entry stays so.
                let f = self.db.intern_prereq(&t);
                // `?=` defines nothing when the variable is visible already,
                // but its modifiers apply to the one found, as in GNU (even
                // to a global one).
                if var.conditional && self.vars.lookup(name).is_some() {
                    self.apply_target_modifiers(f, name, &var);
                    continue;
                }
                // A `+=` onto a simple definition of the same set appends
                // the expanded text (GNU expands it only then).
                let onto_simple =
                    var.append
                        && self.db.file(f).ext().vars.as_ref().is_some_and(|set| {
                            set.get(name).is_some_and(|old| !old.is_recursive())
                        });
                let expanded = match onto_simple {
                    true => Some(self.expand_text(&var.value)?),
                    false => None,
                };
                let set = Rc::make_mut(self.file_var_set(f));
                merge_target_var(set, name, &var, expanded.as_deref(), true);
            }
        }
        Ok(())
    }

    /// The variable set of file `f`'s target-specific variables, made
    /// (empty) if it has none yet.
    fn file_var_set(&mut self, f: FileId) -> &mut Rc<VarSet> {
        let logged = self.opts.print_data_base;
        self.db.file_mut(f).ext_mut().vars.get_or_insert_with(|| {
            let mut v = VarSet::default();
            v.log = logged.then(Default::default);
            Rc::new(v)
        })
    }

    /// Enters the files of a target-specific definition's target `t` (not
    /// a pattern), each with a variable set (GNU's
    /// `initialize_file_variables`), as GNU does before reading the
    /// definition.
    pub fn enter_target_var_files(&mut self, t: &[u8]) {
        for t in file_names(&[t.to_vec()]) {
            let f = self.db.intern_prereq(&t);
            self.file_var_set(f);
        }
    }

    /// Gives the variable `name` visible in the context of target `f` (its
    /// own or a global one) the `private` and `export` modifiers of `var`.
    fn apply_target_modifiers(&mut self, f: FileId, name: &[u8], var: &Var) {
        let apply = |old: &mut Var| {
            old.private = var.private;
            if var.export.get() != Export::Default {
                old.export.set(var.export.get());
            }
        };
        let file = self.db.file_mut(f);
        if let Some(set) = file.ext_mut().vars.as_mut() {
            if let Some(mut old) = Rc::make_mut(set).get_mut(name) {
                apply(&mut old);
                return;
            }
        }
        if let Some(mut old) = self.vars.global.get_mut(name) {
            if !old.private {
                apply(&mut old);
            }
        }
    }

    /// The pattern-specific variables applying to file `f`: every matching
    /// definition applied in order, shorter patterns first, into one set
    /// made the first time it is needed and kept (GNU's
    /// `initialize_file_variables`). A `+=` onto a simple definition of the
    /// set expands its text then, in the context of the set being built.
    pub fn pattern_vars_for(&mut self, f: FileId) -> Result<Option<Rc<VarSet>>> {
        if self.db.pattern_vars.is_empty() {
            return Ok(None);
        }
        if let Some(known) = &self.db.file(f).ext().pattern_vars {
            return Ok(known.clone());
        }
        let name = self.db.file(f).name;
        let set = self.pattern_set_for_name(name)?;
        self.db.file_mut(f).ext_mut().pattern_vars = Some(set.clone());
        Ok(set)
    }

    /// The pattern-specific variables applying to a file called `name`,
    /// built anew (for a file the data base does not hold: GNU builds
    /// them afresh for each intermediate file the implicit search
    /// expands prerequisites for, its `!=` run each time).
    pub fn pattern_set_for_name(&mut self, name: &[u8]) -> Result<Option<Rc<VarSet>>> {
        let mut matching: Vec<PatternVar> = self
            .db
            .pattern_vars
            .iter()
            .filter(|p| p.matches(name))
            .cloned()
            .collect();
        if matching.is_empty() {
            return Ok(None);
        }
        matching.sort_by_key(|p| p.pattern.len());
        let mut set = self.build_pattern_set(&matching)?;
        set.pattern = true;
        Ok(Some(Rc::new(set)))
    }

    fn build_pattern_set(&mut self, defs: &[PatternVar]) -> Result<VarSet> {
        let mut set = Rc::new(VarSet::default());
        for p in defs {
            // A `?=` for a variable visible already defines nothing, but
            // GNU still gives the one found (even a global one) the
            // definition's export and private settings.
            if p.var.conditional {
                let apply = |old: &mut Var| {
                    old.export.set(p.var.export.get());
                    old.private = p.var.private;
                };
                if let Some(mut old) = Rc::make_mut(&mut set).get_mut(&p.name) {
                    apply(&mut old);
                    continue;
                }
                if let Some(mut old) = self.vars.global.get_mut(&p.name) {
                    apply(&mut old);
                    continue;
                }
            }
            // (Also onto a simple one still appending: GNU expands the
            // text whenever the variable it meets is not recursive.)
            let onto_simple =
                p.var.append && set.get(&p.name).is_some_and(|old| !old.is_recursive());
            // Expansions see the set being built, then the globals; what a
            // shell sets (.SHELLSTATUS) goes in that set, as in GNU.
            let expanded = match onto_simple || p.deferred.is_some() {
                true => {
                    let auto = self.vars.auto.replace(Rc::new(VarSet::default()));
                    let chain = std::mem::replace(&mut self.vars.target_chain, vec![(set, true)]);
                    let outer = std::mem::replace(&mut self.vars.global_not_parent, true);
                    // Not reading a makefile then: an error has no location.
                    let loc = self.loc.take();
                    let r = self
                        .expand_text(&p.var.value)
                        .and_then(|e| match p.deferred {
                            Some(Deferred::Shell) => self.shell_result(&e),
                            Some(Deferred::Expand) => Ok(crate::eval::escape_dollars(&e)),
                            None => Ok(e),
                        });
                    self.vars.global_not_parent = outer;
                    self.loc = loc;
                    let added = std::mem::replace(&mut self.vars.auto, auto);
                    let mut own = std::mem::replace(&mut self.vars.target_chain, chain);
                    set = match own.pop() {
                        Some((s, _)) => s,
                        None => Rc::new(VarSet::default()),
                    };
                    if let Some(added) = added {
                        for (n, v) in added.iter() {
                            Rc::make_mut(&mut set).set(n, v.clone());
                        }
                    }
                    Some(r?)
                }
                false => None,
            };
            let var = match (p.deferred, expanded) {
                (Some(_), Some(value)) => {
                    let mut v = p.var.clone();
                    v.set_value(value);
                    Cow::Owned(v)
                }
                (_, expanded) => {
                    merge_target_var(
                        Rc::make_mut(&mut set),
                        &p.name,
                        &p.var,
                        expanded.as_deref(),
                        false,
                    );
                    continue;
                }
            };
            merge_target_var(Rc::make_mut(&mut set), &p.name, &var, None, false);
        }
        Ok(Rc::unwrap_or_clone(set))
    }
}

/// One pattern-specific variable definition (`PATTERN: NAME OP VALUE`).
#[derive(Debug, Clone)]
pub struct PatternVar {
    pub pattern: Vec<u8>,
    pub name: Vec<u8>,
    pub var: Var,
    /// An assignment done when the variable is set for a file.
    pub deferred: Option<Deferred>,
    /// Reset to a recursive command-line variable's value: GNU copies
    /// that one's `recursive` flag (not its flavor), so -p shows `=`.
    pub shown_recursive: bool,
}

impl PatternVar {
    /// Whether the variable applies to a file of this name: the pattern
    /// matches with a stem of at least one character (GNU's
    /// `lookup_pattern_var` skips names shorter than the pattern).
    pub fn matches(&self, name: &[u8]) -> bool {
        name.len() >= self.pattern.len() && match_pattern(&self.pattern, name).is_some()
    }
}

/// What a pattern-specific `:::=` or `!=` does with its text when the
/// variable is set for a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deferred {
    /// `:::=`: expanded, its `$` then doubled.
    Expand,
    /// `!=`: expanded and run by the shell.
    Shell,
}

/// Adds a target- or pattern-specific definition to a set as GNU's
/// do_variable_definition does within one set: a weaker origin changes
/// nothing, `+=` extends an existing definition (with `expanded` text when
/// that one is simple; an empty addition changes nothing), anything else
/// replaces its value. The definition's `private` modifier always applies;
/// its `export` one (`keep_export`: for a target, where the set's
/// variable is modified in place) only when given.
fn merge_target_var(
    set: &mut VarSet,
    name: &[u8],
    var: &Var,
    expanded: Option<&[u8]>,
    keep_export: bool,
) {
    if let Some(mut old) = set.get_mut(name) {
        if var.origin >= old.origin {
            if var.append {
                let more = match (old.is_recursive(), expanded) {
                    (false, Some(e)) => e,
                    _ => &var.value[..],
                };
                if !more.is_empty() {
                    old.append_value(more);
                    old.origin = var.origin;
                    old.loc = var.loc;
                }
            } else {
                let export = old.export.get();
                let (append, conditional) = (old.append, old.conditional);
                *old = var.clone();
                if keep_export && var.export.get() == Export::Default {
                    old.export.set(export);
                }
                // A pattern's simple definition replaces the value in
                // place (GNU's define_variable_loc): an earlier `+=` of
                // the set still makes it append to what is outside.
                if !keep_export && !var.is_recursive() {
                    old.append = append;
                    old.conditional = conditional;
                }
            }
        } else if !var.append && (keep_export || var.is_recursive()) {
            // A weaker definition changes no value, but GNU's
            // do_variable_definition still marks the variable found as
            // not appending (any more) and not conditional.
            old.append = false;
            old.conditional = var.conditional;
        }
        old.private = var.private;
        if var.export.get() != Export::Default || !keep_export {
            old.export.set(var.export.get());
        }
        return;
    }
    set.set(name, var.clone());
}
