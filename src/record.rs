//! Entering rules into the data base as GNU's `record_files` does: a
//! rule's target and prerequisite words become file names (globs, `~`,
//! archive members), explicit, static-pattern, double-colon and grouped
//! rules join their files' entries, and the special targets take effect.

use std::borrow::Cow;

use std::rc::Rc;

use crate::error::{Loc, MakeError, Result};
use crate::glob;
use crate::make::Make;
use crate::patterns::{match_at, static_prereq, static_stem, unquote_percent};
use crate::rules::*;
use crate::update::quoted;
use crate::vars::{Flavor, Origin, Var};

/// A static pattern rule's prerequisite for a target of stem `stem`: its
/// first unescaped `%` replaced (escapes before it resolved); without one,
/// the name as written.
fn stem_into(dep: &[u8], stem: &[u8]) -> Vec<u8> {
    match unquote_percent(dep) {
        (d, Some(i)) => static_prereq(&d, i, stem),
        (_, None) => dep.to_vec(),
    }
}

/// Whether no word of `text` holds a glob or archive-member character
/// (one vector search over all of it).
fn no_special_chars(text: &[u8]) -> bool {
    memchr::memchr3(b'*', b'?', b'[', text).is_none() && memchr::memchr(b'(', text).is_none()
}

/// Whether a word needs no `~` or `./` resolved at its start.
fn plain_start(w: &[u8]) -> bool {
    w.first() != Some(&b'~') && !w.starts_with(b"./")
}

/// [`file_names`] of words the caller owns: words that need no change
/// (the common case) are handed back as they are.
fn file_names_owned(words: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    if words.iter().all(|w| no_special_chars(w) && plain_start(w)) {
        return words;
    }
    file_names(&words)
}

/// [`file_names`] of a word list, borrowing the words that are names as
/// they are.
fn file_names_cow(words: &crate::parser::Words) -> Vec<Cow<'_, [u8]>> {
    if no_special_chars(words.text()) && words.iter().all(plain_start) {
        return words.iter().map(Cow::Borrowed).collect();
    }
    let owned: Vec<Vec<u8>> = words.iter().map(<[u8]>::to_vec).collect();
    file_names(&owned).into_iter().map(Cow::Owned).collect()
}

/// The names a rule's target words stand for (see [`file_names`]),
/// borrowed when no word is a glob, a `~` name or an archive member.
pub fn target_names(words: &[Vec<u8>]) -> Cow<'_, [Vec<u8>]> {
    let plain = words.iter().all(|w| {
        w.first() != Some(&b'~') && !w.iter().any(|c| matches!(c, b'*' | b'?' | b'[' | b'('))
    });
    match plain {
        true => Cow::Borrowed(words),
        false => Cow::Owned(file_names(words)),
    }
}

/// One prerequisite word of a list expanded a second time: its glob
/// matches (or itself), `~` expanded; other words as they are.
pub fn glob_prereq_word(w: &[u8]) -> Vec<Cow<'_, [u8]>> {
    if !globby(w) || w.contains(&b'(') {
        return vec![Cow::Borrowed(w)];
    }
    glob::expand_word(w).into_iter().map(Cow::Owned).collect()
}

/// Whether a word of a rule's names is expanded as a glob (or a `~` name).
fn globby(w: &[u8]) -> bool {
    w.iter().any(|c| matches!(c, b'*' | b'?' | b'[')) || w.first() == Some(&b'~')
}

/// File names of a rule's word list: `./` stripped and globs expanded.
/// `.WAIT` words pass through (the caller handles them).
pub(crate) fn file_names(words: &[Vec<u8>]) -> Vec<Vec<u8>> {
    if !words.iter().any(|w| w.contains(&b'(')) {
        // No archive members (the common case): one copy per name.
        let mut out = Vec::with_capacity(words.len());
        for w in words {
            let w = strip_dot_slash(w);
            if globby(w) {
                out.extend(glob::expand_word(w));
            } else {
                out.push(w.to_vec());
            }
        }
        return out;
    }
    let mut out = Vec::new();
    let stripped: Vec<&[u8]> = words.iter().map(|w| strip_dot_slash(w)).collect();
    let grouped = if stripped.iter().any(|w| w.contains(&b'(')) {
        crate::archive::expand_groups(&stripped, false)
    } else {
        stripped.iter().map(|w| Some(w.to_vec())).collect()
    };
    for w in grouped.iter().flatten() {
        let w = w.as_slice();
        if let Some((ar, mem)) = crate::archive::split_member(w) {
            // Globbing on the archive's name, then on the members inside.
            let ars = if globby(ar) {
                glob::expand_word(ar)
            } else {
                vec![ar.to_vec()]
            };
            for a in ars {
                let name = crate::archive::join_member(&a, mem);
                match crate::archive::expand_member_glob(&name, &mut |p| {
                    crate::archive::read_archive(p)
                }) {
                    Ok(v) => out.extend(v),
                    Err(_) => out.push(name),
                }
            }
            continue;
        }
        if globby(w) {
            out.extend(glob::expand_word(w));
        } else {
            out.push(w.to_vec());
        }
    }
    out
}

impl Make {
    /// A rule line with its recipe (GNU's `check_specials` + `record_files`).
    pub fn record_rule(&mut self, r: RuleDef) -> Result<()> {
        let loc = r.loc;
        // An $(eval) run by a recipe cannot add rules any more.
        if self.db.snapped {
            // Located at the recipe's first line when an $(eval) in a later
            // one defines the rule (GNU's rule location has no offset).
            let at = Loc::new(loc.file, loc.line.saturating_sub(self.recipe_line_offset));
            return Err(MakeError::msg(
                Some(&at),
                "prerequisites cannot be defined in recipes",
            ));
        }
        let targets = file_names_owned(r.targets);
        if targets.is_empty() {
            return Ok(());
        }
        self.check_specials(&targets);

        let recipe: Option<&'static Recipe> = r.recipe.map(keep_recipe);
        let implicit = find_percent(&targets[0]).is_some();

        // Prerequisites: (name, order_only, wait_here), borrowed from the
        // rule's lists unless globs, archive members or `./` change them.
        let mut deps: Vec<(Cow<[u8]>, bool, bool)> =
            Vec::with_capacity(r.prereqs.len() + r.order_only.len());
        let mut wait = false;
        // Under .SECONDEXPANSION a list with a `$` is kept whole.
        let second =
            (self.db.second_expansion && r.raw_deps.contains(&b'$')).then(|| r.raw_deps.clone());
        let none = crate::parser::Words::default();
        let lists = if second.is_some() {
            [(&none, false), (&none, true)]
        } else {
            [(&r.prereqs, false), (&r.order_only, true)]
        };
        for (list, oo) in lists {
            for w in file_names_cow(list) {
                if *w == *b".WAIT" {
                    wait = true;
                    continue;
                }
                deps.push((w, oo, wait));
                wait = false;
            }
        }

        // Checked first, pattern rules included.
        if recipe.is_none() && r.grouped {
            return Err(MakeError::msg(
                Some(&loc),
                "grouped targets must provide a recipe",
            ));
        }
        if implicit {
            if r.target_pattern.is_some() {
                return Err(MakeError::msg(
                    Some(&loc),
                    "mixed implicit and static pattern rules",
                ));
            }
            if targets.iter().any(|t| find_percent(t).is_none()) {
                return Err(MakeError::msg(
                    Some(&loc),
                    "mixed implicit and normal rules",
                ));
            }
            let (prereqs, order_only): (Vec<_>, Vec<_>) = deps.into_iter().partition(|d| !d.1);
            // A `.WAIT` stays in the lists, in front of the name it orders.
            let with_waits = |list: Vec<(Cow<[u8]>, bool, bool)>| {
                let mut v = Vec::with_capacity(list.len());
                for (name, _, wait) in list {
                    if wait {
                        v.push(b".WAIT".to_vec());
                    }
                    v.push(name.into_owned());
                }
                v
            };
            let rule = PatternRule {
                targets,
                prereqs: with_waits(prereqs),
                order_only: with_waits(order_only),
                recipe,
                terminal: r.double_colon,
                loc,
                raw_deps: second,
            };
            // A rule with the same targets and prerequisites replaces an
            // older one (one with prerequisites and no recipe cancels it):
            // the first one found whose targets are all one of its.
            if let Some(i) = self
                .db
                .patterns
                .iter()
                .position(|p| replaces_rule(&rule, p))
            {
                self.db.patterns.remove(i);
            }
            self.db.patterns.push(Rc::new(rule));
            self.db.patterns_gen += 1;
            return Ok(());
        }
        // A static pattern, its escapes resolved, and where its `%` is.
        let pattern = match &r.target_pattern {
            Some(p) => match unquote_percent(strip_dot_slash(p)) {
                (p, Some(pct)) => Some((p.into_owned(), pct)),
                (_, None) => {
                    return Err(MakeError::msg(Some(&loc), "target pattern contains no '%'"));
                }
            },
            None => None,
        };

        let mut group: Vec<FileId> = Vec::new();
        // Without a pattern every target gets the same list, whose names
        // are entered before the targets (GNU's `enter_prereqs` in
        // `record_files`): the order of the file table, seen in `-p`.
        let mut shared: Option<Vec<Dep>> = match pattern.is_none() {
            true => Some(self.enter_prereqs(&deps, true)),
            false => None,
        };
        let last = targets.len() - 1;
        for (i, name) in targets.iter().enumerate() {
            // A target's name is its word with the escapes of `%` resolved
            // (up to the first unescaped one).
            let (name, percent) = unquote_percent(name);
            let name: &[u8] = &name;
            // (GNU warns for static pattern rules too.)
            if i > 0 && percent.is_some() {
                self.out.error(
                    Some(&loc),
                    b"*** mixed implicit and normal rules: deprecated syntax",
                );
            }
            let mut this_owned: Vec<(Cow<[u8]>, bool, bool)> = Vec::new();
            let mut stem = None;
            // A target its static pattern does not match gets no
            // prerequisites from the rule, to expand a second time or not.
            let mut unmatched = false;
            if let Some((p, pct)) = &pattern {
                let s = static_stem(p, *pct, name);
                match match_at(p, Some(*pct), name) {
                    None => {
                        self.out.error(
                            Some(&loc),
                            &quoted("target ", name, " doesn't match the target pattern"),
                        );
                        stem = Some(s);
                        unmatched = true;
                    }
                    Some(_) => {
                        // A prerequisite that becomes empty is no name at all.
                        this_owned = deps
                            .iter()
                            .map(|(d, oo, w)| (Cow::<[u8]>::Owned(stem_into(d, &s)), *oo, *w))
                            .filter(|(d, _, _)| !d.is_empty())
                            .collect();
                        stem = Some(s);
                    }
                }
            }
            // Without a pattern every target gets the same list: borrowed.
            let this: &[(Cow<[u8]>, bool, bool)] = if pattern.is_some() {
                &this_owned
            } else {
                &deps
            };

            let f = if !r.double_colon {
                let f = self.db.intern(name);
                if self.db.file(f).ext().double_colon.get().is_some() {
                    // GNU enters the name first, which for a double-colon
                    // file adds one more (empty) entry: `-p` shows it.
                    self.db.new_double_colon(name);
                    return Err(MakeError::msg(
                        Some(&loc),
                        quoted("target file ", name, " has both : and :: entries"),
                    ));
                }
                let old = self.db.file(f).recipe;
                if let (Some(new), Some(old)) = (&recipe, &old) {
                    if std::ptr::eq(*new, *old) {
                        self.out.error(
                            Some(&loc),
                            &quoted("target ", name, " given more than once in the same rule"),
                        );
                    } else if self.db.file(f).is_target {
                        self.out.error(
                            Some(&new.loc),
                            &quoted("warning: overriding recipe for target ", name, ""),
                        );
                        self.out.error(
                            Some(&old.loc),
                            &quoted("warning: ignoring old recipe for target ", name, ""),
                        );
                    }
                }
                if name == b".DEFAULT" && this.is_empty() && recipe.is_none() {
                    self.db.file_mut(f).recipe = None;
                }
                if recipe.is_some() {
                    self.db.file_mut(f).recipe = recipe;
                }
                if name == b".SUFFIXES" && this.is_empty() {
                    self.db.file_mut(f).deps.clear();
                }
                f
            } else {
                if let Some(old) = self.db.get(name) {
                    let o = self.db.file(old);
                    if o.is_target && o.ext().double_colon.get().is_none() {
                        return Err(MakeError::msg(
                            Some(&loc),
                            quoted("target file ", name, " has both : and :: entries"),
                        ));
                    }
                }
                let f = self.db.new_double_colon(name);
                self.db.file_mut(f).recipe = recipe;
                f
            };
            if r.grouped {
                group.push(f);
            }
            self.db.file_mut(f).is_target = true;
            // As in GNU, a double-colon target is not marked explicit: an
            // implicit search that finds it as a prerequisite makes it
            // intermediate.
            if !r.double_colon {
                self.db.file_mut(f).is_explicit = true;
            }
            if let Some(text) = second.as_ref().filter(|_| !unmatched) {
                // Where the list goes once expanded: before the old
                // prerequisites when this rule has the recipe.
                let file = self.db.file_mut(f);
                let pos = if recipe.is_some() { 0 } else { file.deps.len() };
                let sd = SecondDep {
                    text: text.clone(),
                    pos,
                    stem: stem.clone().filter(|_| pattern.is_some()),
                    loc: Some(loc),
                };
                if recipe.is_some() {
                    file.ext_mut().second_deps.insert(0, sd);
                } else {
                    file.ext_mut().second_deps.push(sd);
                }
            }
            if stem.is_some() {
                self.db.file_mut(f).ext_mut().stem = stem.map(Vec::into_boxed_slice);
            }
            if !this.is_empty() {
                let new: Vec<Dep> = match &mut shared {
                    Some(list) if i == last => std::mem::take(list),
                    Some(list) => list.clone(),
                    None => self.enter_prereqs(this, false),
                };
                let file = self.db.file_mut(f);
                if file.deps.is_empty() && file.ext().second_deps.is_empty() {
                    file.deps = new;
                } else if recipe.is_some() {
                    let n = new.len();
                    if !file.ext().second_deps.is_empty() {
                        for s in file.ext_mut().second_deps.iter_mut() {
                            s.pos += n;
                        }
                    }
                    let mut all = new;
                    all.append(&mut file.deps);
                    file.deps = all;
                } else {
                    file.deps.extend(new);
                }
            }
            if name == b".WAIT" {
                let (has_deps, has_cmds) = {
                    let file = self.db.file(f);
                    (!file.deps.is_empty(), file.recipe.is_some())
                };
                if !self.db.wait_prereq_warned && has_deps {
                    self.out
                        .error(Some(&loc), b".WAIT should not have prerequisites");
                    self.db.wait_prereq_warned = true;
                }
                if !self.db.wait_recipe_warned && has_cmds {
                    self.out
                        .error(Some(&loc), b".WAIT should not have commands");
                    self.db.wait_recipe_warned = true;
                }
            }
        }
        // GNU's list of the group is in reverse order: so are its warnings.
        for &f in group.iter().rev() {
            // GNU's list holds the target itself too: a one-target group
            // is a membership as well.
            let ext = self.db.file(f).ext();
            if !ext.also_make.is_empty() || ext.group_index.is_some() {
                let name = self.db.file(f).name.to_vec();
                let at = recipe.as_ref().map(|r| r.loc);
                self.out.error(
                    at.as_ref(),
                    &quoted(
                        "warning: overriding group membership for target ",
                        &name,
                        "",
                    ),
                );
            }
            self.db.file_mut(f).ext_mut().also_make =
                group.iter().copied().filter(|&g| g != f).collect();
            let mut at = (0..group.len() as u32).filter(|&i| group[i as usize] == f);
            let ext = self.db.file_mut(f).ext_mut();
            ext.group_index = at.next();
            let more: Vec<u32> = at.collect();
            ext.group_index_more = (!more.is_empty()).then(|| more.into());
        }
        Ok(())
    }

    /// Enters a rule's prerequisites as files (GNU's `enter_prereqs`); those
    /// of an explicit rule are explicitly mentioned.
    fn enter_prereqs(&mut self, list: &[(Cow<[u8]>, bool, bool)], explicit: bool) -> Vec<Dep> {
        list.iter()
            .map(|(n, oo, w)| {
                let id = self.db.intern_prereq(n);
                if explicit {
                    self.db.file_mut(id).is_explicit = true;
                }
                Dep {
                    file: id,
                    order_only: *oo,
                    wait_here: *w,
                    changed: false,
                    ignore_auto: false,
                    shuf: None,
                }
            })
            .collect()
    }

    /// GNU's `check_specials`: `.POSIX`, `.SECONDEXPANSION`, `.ONESHELL` take
    /// effect at once; the first ordinary target becomes the default goal.
    pub fn check_specials(&mut self, targets: &[Vec<u8>]) {
        for nm in targets {
            if !self.db.posix && nm == b".POSIX" {
                self.db.posix = true;
                for (n, v) in [
                    (&b".SHELLFLAGS"[..], &b"-ec"[..]),
                    (b"CC", b"c99"),
                    (b"CFLAGS", b"-O1"),
                    (b"FC", b"fort77"),
                    (b"FFLAGS", b"-O1"),
                    (b"SCCSGETFLAGS", b"-s"),
                    (b"ARFLAGS", b"-rvU"),
                ] {
                    // Defaults (simple, as GNU defines them): only replace
                    // default-origin (or missing) values.
                    let keep = self
                        .vars
                        .global
                        .get(n)
                        .is_some_and(|x| x.origin > Origin::Default);
                    if !keep {
                        self.vars
                            .global
                            .set(n, Var::new(v.to_vec(), Flavor::Simple, Origin::Default));
                    }
                }
                continue;
            }
            if !self.db.second_expansion && nm == b".SECONDEXPANSION" {
                self.db.second_expansion = true;
                continue;
            }
            if !self.db.one_shell && nm == b".ONESHELL" {
                self.db.one_shell = true;
                continue;
            }
            if self.db.no_default_goal {
                continue;
            }
            // Asked for each target of each rule: answered again only
            // when a global variable changed since.
            let stamp = self.vars.global.any_stamp();
            let set = match self.db.default_goal_seen {
                Some((s, set)) if s == stamp => set,
                _ => {
                    let set = self
                        .vars
                        .global
                        .get(b".DEFAULT_GOAL")
                        .is_some_and(|v| !v.value.is_empty());
                    self.db.default_goal_seen = Some((stamp, set));
                    set
                }
            };
            if set {
                continue;
            }
            if nm.contains(&b'%') {
                break;
            }
            if nm.first() == Some(&b'.') && !nm.contains(&b'/') {
                continue;
            }
            let suffixes = self.db.suffixes();
            let mut reject = false;
            'outer: for d in &suffixes {
                if d.first() != Some(&b'.') && nm == d {
                    reject = true;
                    break;
                }
                for d2 in &suffixes {
                    if nm.starts_with(d2) && &nm[d2.len()..] == d.as_slice() {
                        reject = true;
                        break 'outer;
                    }
                }
            }
            if !reject {
                // As any definition from a makefile: a stronger origin (a
                // `.DEFAULT_GOAL=` on the command line) keeps its value.
                self.put_global(
                    b".DEFAULT_GOAL",
                    nm.clone(),
                    Flavor::Simple,
                    Origin::File,
                    None,
                );
            }
        }
    }
}
