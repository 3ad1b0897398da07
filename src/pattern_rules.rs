//! The table of pattern rules as implicit search sees it: the built-in
//! suffix and pattern rules, suffix rules converted into pattern rules, in
//! GNU's order (made once the makefiles are read), `-r`/`-R` given late,
//! and `.EXTRA_PREREQS`.

use std::rc::Rc;

use crate::error::Loc;
use crate::make::Make;
use crate::rules::{same_rule, Dep, PatternRule, Recipe};
use crate::vars::{Flavor, Origin, Var};

/// The names of an `.EXTRA_PREREQS` value: words, `./` stripped, globs
/// expanded (GNU's `split_prereqs`).
pub fn extra_prereq_names(value: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for w in crate::patterns::words(value) {
        let w = crate::rules::strip_dot_slash(w);
        if w.iter().any(|c| matches!(c, b'*' | b'?' | b'[')) || w.first() == Some(&b'~') {
            out.extend(crate::glob::expand_word(w));
        } else {
            out.push(w.to_vec());
        }
    }
    out
}

/// One prerequisite of a target's `.EXTRA_PREREQS` value.
pub struct ExtraPrereq {
    pub name: Vec<u8>,
    /// A `.WAIT` came before it.
    pub wait_here: bool,
    /// After a `|`.
    pub order_only: bool,
}

/// The prerequisites an `.EXTRA_PREREQS` value gives a target (GNU's
/// `split_prereqs`): words, `./` stripped, globs expanded; the ones after
/// the first `|` order-only; a `.WAIT` word no file but a mark on the
/// next prerequisite (of the same part of the list).
pub fn extra_prereqs(value: &[u8]) -> Vec<ExtraPrereq> {
    let (normal, ood) = match value.iter().position(|&c| c == b'|') {
        Some(i) => (&value[..i], Some(&value[i + 1..])),
        None => (value, None),
    };
    let mut out = Vec::new();
    let parts = [(normal, false)].into_iter().chain(ood.map(|o| (o, true)));
    for (part, order_only) in parts {
        let mut wait = false;
        for w in crate::patterns::words(part) {
            if w == b".WAIT" {
                wait = true;
                continue;
            }
            for name in extra_prereq_names(w) {
                out.push(ExtraPrereq {
                    name,
                    wait_here: std::mem::take(&mut wait),
                    order_only,
                });
            }
        }
    }
    out
}

/// The pattern rules present, by a hash of what [`same_rule`] compares:
/// adding the ~90 built-in rules checks a handful of candidates each, not
/// every rule so far.
pub(crate) struct RuleSeen {
    by_key: crate::hash::FxHashMap<u64, Vec<usize>>,
}

impl RuleSeen {
    pub(crate) fn new(patterns: &[Rc<PatternRule>]) -> RuleSeen {
        let mut by_key: crate::hash::FxHashMap<u64, Vec<usize>> = Default::default();
        for (i, p) in patterns.iter().enumerate() {
            by_key.entry(rule_key(p)).or_default().push(i);
        }
        RuleSeen { by_key }
    }
}

pub(crate) fn rule_key(r: &PatternRule) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::FxHasher::default();
    r.targets.hash(&mut h);
    // As `same_rule` compares them: one list of names.
    (r.prereqs.len() + r.order_only.len()).hash(&mut h);
    for p in r.prereqs.iter().chain(&r.order_only) {
        p.hash(&mut h);
    }
    r.raw_deps.hash(&mut h);
    h.finish()
}

pub(crate) fn builtin_loc() -> Loc {
    Loc::new(crate::error::SrcName::default(), 0)
}

pub(crate) fn builtin_recipe(text: &str) -> &'static Recipe {
    crate::rules::keep_recipe(Recipe::new(text.as_bytes().to_vec(), builtin_loc()))
}

impl Make {
    /// Installs the built-in suffix rules, converts suffix rules to pattern
    /// rules and adds the built-in pattern rules (GNU does this after
    /// reading the makefiles, so the makefiles' rules come first).
    pub fn snap_implicit_rules(&mut self) -> crate::error::Result<()> {
        if self.db.implicit_snapped {
            return Ok(());
        }
        self.db.implicit_snapped = true;
        let builtin = !self.opts.no_builtin_rules && !self.opts.no_builtin_variables;
        let mut seen = RuleSeen::new(&self.db.patterns);
        if builtin {
            for (t, recipe) in crate::default_rules::SUFFIX_RULES {
                let f = self.db.intern(t.as_bytes());
                if self.db.file(f).recipe.is_none() {
                    self.db.file_mut(f).recipe = Some(builtin_recipe(recipe));
                    self.db.file_mut(f).builtin = true;
                }
            }
        }
        self.convert_suffix_rules(&mut seen);
        if builtin {
            for (t, p, recipe, terminal) in crate::default_rules::PATTERN_RULES {
                let rule = PatternRule {
                    targets: vec![t.as_bytes().to_vec()],
                    prereqs: p.split(' ').map(|w| w.as_bytes().to_vec()).collect(),
                    order_only: Vec::new(),
                    recipe: Some(builtin_recipe(recipe)),
                    terminal: *terminal,
                    loc: builtin_loc(),
                    raw_deps: None,
                };
                self.add_pattern_rule_keep(rule, &mut seen);
            }
        }
        self.db.patterns_gen += 1;
        // GNU expands the global .EXTRA_PREREQS again for the pattern
        // rules (after its expansion for the targets), entering its files:
        // a recursive value whose expansion has side effects, or gives
        // other names the second time, shows it.
        let extra = self.global_extra_prereqs()?;
        let (mut normal, oo) = match &extra {
            Some(v) => match v.iter().position(|&c| c == b'|') {
                Some(i) => (extra_prereq_names(&v[..i]), extra_prereq_names(&v[i + 1..])),
                None => (extra_prereq_names(v), Vec::new()),
            },
            None => Default::default(),
        };
        // (A `.WAIT` ending the part before `|` marks nothing: GNU parses
        // the order-only part afresh.)
        while normal.last().is_some_and(|w| w == b".WAIT") {
            normal.pop();
        }
        self.db.pattern_extra = normal;
        self.db.pattern_extra_oo = oo;
        // GNU counts the rules now, looking into the directories of their
        // prerequisites (which enters them in its directory cache: -p
        // shows them).
        // (Modelled under -p too: see where `dir_epochs` is made.)
        if self.dir_epochs.is_some() {
            let dirs: Vec<Vec<u8>> = self
                .db
                .patterns
                .iter()
                .flat_map(|r| {
                    // A list kept for the second expansion is one name to
                    // GNU here, as written (its leading blanks skipped).
                    let raw = r.raw_deps.as_deref().map(crate::parser::skip_ws);
                    r.prereqs
                        .iter()
                        .chain(&r.order_only)
                        .map(Vec::as_slice)
                        .chain(raw)
                })
                .filter_map(|d| crate::dir_epochs::pattern_dep_dir(d).map(<[u8]>::to_vec))
                .collect();
            for d in dirs {
                self.look_in_dir(&d);
                self.fs.note_dir_opened(&d);
            }
        }
        Ok(())
    }

    /// Adds a pattern rule unless an identical one exists (GNU's
    /// `new_pattern_rule` without override).
    pub(crate) fn add_pattern_rule_keep(&mut self, rule: PatternRule, seen: &mut RuleSeen) {
        let h = rule_key(&rule);
        let same = seen.by_key.get(&h).is_some_and(|ix| {
            ix.iter()
                .any(|&i| self.db.patterns.get(i).is_some_and(|p| same_rule(p, &rule)))
        });
        if same {
            return;
        }
        seen.by_key
            .entry(h)
            .or_default()
            .push(self.db.patterns.len());
        self.db.patterns.push(Rc::new(rule));
    }

    /// GNU's `convert_to_pattern`.
    pub(crate) fn convert_suffix_rules(&mut self, seen: &mut RuleSeen) {
        let suffixes = self.db.suffixes();
        let mk =
            |target: Vec<u8>, dep: Option<&[u8]>, recipe: Option<&'static Recipe>, loc: Loc| {
                PatternRule {
                    targets: vec![target],
                    prereqs: dep
                        .map(|d| {
                            let mut v = b"%".to_vec();
                            v.extend_from_slice(d);
                            vec![v]
                        })
                        .unwrap_or_default(),
                    order_only: Vec::new(),
                    recipe,
                    terminal: false,
                    loc,
                    raw_deps: None,
                }
            };
        let pct = |s: &[u8]| {
            let mut v = b"%".to_vec();
            v.extend_from_slice(s);
            v
        };
        let pairs = self.db.suffix_rule_pairs(&suffixes);
        let mut pairs = pairs.into_iter().peekable();
        for (i, s) in suffixes.iter().enumerate() {
            // A rule that only stops match-anything rules.
            self.add_pattern_rule_keep(mk(pct(s), None, None, builtin_loc()), seen);
            if let Some(f) = self.db.get(s) {
                if let Some(r) = self.db.file(f).recipe {
                    let loc = r.loc;
                    self.add_pattern_rule_keep(mk(b"%".to_vec(), Some(s), Some(r), loc), seen);
                }
            }
            while let Some((_, j, f)) = pairs.next_if(|p| p.0 == i) {
                let (Some(s2), Some(r)) = (suffixes.get(j), self.db.file(f).recipe) else {
                    continue;
                };
                if !self.db.file(f).deps.is_empty() {
                    if self.db.posix {
                        continue;
                    }
                    let loc = r.loc;
                    self.out.error(
                        Some(&loc),
                        b"warning: ignoring prerequisites on suffix rule definition",
                    );
                }
                let loc = r.loc;
                if s2.as_slice() == b".a" {
                    self.add_pattern_rule_keep(mk(b"(%.o)".to_vec(), Some(s), Some(r), loc), seen);
                }
                self.add_pattern_rule_keep(mk(pct(s2), Some(s), Some(r), loc), seen);
            }
        }
    }

    /// `.SUFFIXES` and `SUFFIXES` at start-up (GNU's `set_default_suffixes`).
    pub fn set_default_suffixes(&mut self) {
        let f = self.db.intern(b".SUFFIXES");
        self.db.file_mut(f).builtin = true;
        let off = self.opts.no_builtin_rules || self.opts.no_builtin_variables;
        let value = if off {
            ""
        } else {
            crate::default_rules::DEFAULT_SUFFIXES
        };
        if !off {
            let deps: Vec<Dep> = crate::default_rules::DEFAULT_SUFFIXES
                .split(' ')
                .map(|s| Dep::new(self.db.intern(s.as_bytes()), false))
                .collect();
            // Entered as a rule's prerequisites are: named explicitly.
            for d in &deps {
                let f = self.db.file_mut(d.file);
                f.builtin = true;
                f.is_explicit = true;
            }
            self.db.file_mut(f).deps = deps;
        }
        if self
            .vars
            .global
            .get(b"SUFFIXES")
            .is_some_and(|v| v.origin > Origin::Default)
        {
            return;
        }
        self.vars.global.set(
            b"SUFFIXES",
            Var::new(value.as_bytes().to_vec(), Flavor::Simple, Origin::Default),
        );
    }

    /// `-r` given in a makefile (`MAKEFLAGS += -r`): the default suffixes go.
    /// `was_off`: the built-in rules were off before the makefiles were
    /// read; `variables_were_off`: the built-in variables.
    pub fn builtin_rules_dropped(&mut self, was_off: bool, variables_were_off: bool) {
        let off = self.opts.no_builtin_rules || self.opts.no_builtin_variables;
        // A `-R` that came with the makefiles (their MAKEFLAGS, applied at
        // once while reading) undefines the default variables, also those
        // `.POSIX` defined; one given before leaves `.POSIX`'s.
        if self.opts.no_builtin_variables && !variables_were_off {
            for (n, _, _) in crate::default_rules::DEFAULT_VARIABLES {
                if self
                    .vars
                    .global
                    .get(n.as_bytes())
                    .is_some_and(|v| v.origin == Origin::Default)
                {
                    self.vars.global.remove(n.as_bytes());
                }
            }
        }
        if off && !was_off {
            // Only a .SUFFIXES no makefile mentioned loses its suffixes.
            if let Some(f) = self.db.get(b".SUFFIXES") {
                let file = self.db.file_mut(f);
                if file.builtin {
                    file.deps.clear();
                }
            }
            // A default definition, which a makefile's one beats.
            if self
                .vars
                .global
                .get(b"SUFFIXES")
                .is_none_or(|v| v.origin <= Origin::Default)
            {
                self.vars.global.set(
                    b"SUFFIXES",
                    Var::new(Vec::new(), Flavor::Simple, Origin::Default),
                );
            }
        }
    }
}
