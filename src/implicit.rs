//! Implicit rule search (GNU's `pattern_search` and `try_implicit_rule`):
//! finds a pattern rule whose target matches a file and whose
//! prerequisites exist, ought to exist, or can be made by a further
//! (intermediate) search. The table of rules it searches is made in
//! pattern_rules.rs, a rule's prerequisites are expanded a second time in
//! second_expansion.rs.
//!
//! Speed: the rules' targets are indexed by the text after their `%`, so a
//! name only meets the rules whose suffix it ends with; existence is asked
//! of the directory cache (`Fs::exists`, no stat); names no rule can make
//! are remembered (GNU's `file_impossible`).

use std::rc::Rc;

use crate::archive;
use crate::error::Result;
use crate::hash::FxHashMap;
use crate::make::Make;
use crate::rules::{find_percent, Dep, FileId, PatternRule};
use crate::search_memo::{Affixes, Known, Memo, Trace};
use crate::second_expansion::raw_words;

/// One target pattern of one rule.
#[derive(Debug)]
struct Entry {
    rule: usize,
    ti: usize,
    prefix: Vec<u8>,

    /// The pattern's length (with its `%`).
    len: usize,
    has_slash: bool,
    match_any: bool,
}

/// The pattern rules' targets indexed by their suffix.
#[derive(Debug, Default)]
pub struct Index {
    gen: u64,
    entries: Vec<Entry>,
    by_suffix: FxHashMap<Vec<u8>, Vec<u32>>,
    suffix_lens: Vec<usize>,
    /// Rules with prerequisites (or a recipe): usable at all.
    usable: Vec<bool>,
    pub(crate) rules: Vec<Rc<PatternRule>>,
    /// The targets' affixes for `shape_safe`, made when first needed.
    pub(crate) affixes: std::cell::OnceCell<Affixes>,
    /// Some rule's prerequisites are expanded a second time or globbed:
    /// no memo.
    pub(crate) any_second: bool,
    /// Failed searches remembered per directory and tail (see `Memo`),
    /// keyed by `memo_key`.
    pub(crate) memo: std::cell::RefCell<FxHashMap<Vec<u8>, Memo>>,
    /// Whether one search ran without being remembered: searches are
    /// remembered from the second on, so a make that searches once (a
    /// sub-make remaking its makefile, say) does not pay for the memory.
    pub(crate) searched_once: std::cell::Cell<bool>,
    /// The names that endanger memories, by directory (made when a memo
    /// first needs them).
    pub(crate) known: std::cell::RefCell<Option<Known>>,
}

impl Index {
    fn build(rules: &[Rc<PatternRule>], gen: u64) -> Index {
        let mut ix = Index {
            gen,
            ..Index::default()
        };
        ix.rules = rules.to_vec();
        for (ri, r) in rules.iter().enumerate() {
            let has_deps =
                !r.prereqs.is_empty() || !r.order_only.is_empty() || r.raw_deps.is_some();
            ix.usable.push(!(has_deps && r.recipe.is_none()));
            for (ti, t) in r.targets.iter().enumerate() {
                let Some(p) = t.iter().position(|&c| c == b'%') else {
                    continue;
                };
                let id = ix.entries.len() as u32;
                ix.entries.push(Entry {
                    rule: ri,
                    ti,
                    prefix: t[..p].to_vec(),

                    len: t.len(),
                    has_slash: t.contains(&b'/'),
                    match_any: t.len() == 1,
                });
                ix.by_suffix
                    .entry(t[p + 1..].to_vec())
                    .or_default()
                    .push(id);
                if !ix.suffix_lens.contains(&(t.len() - p - 1)) {
                    ix.suffix_lens.push(t.len() - p - 1);
                }
            }
        }
        ix.suffix_lens.sort_unstable();
        // Prerequisites expanded again, or globbed once the stem is in
        // (a name's search then depends on more than its shape).
        ix.any_second = rules.iter().any(|r| {
            r.raw_deps.is_some()
                || r.prereqs.iter().chain(&r.order_only).any(|p| {
                    p.first() == Some(&b'~') || p.iter().any(|c| matches!(c, b'*' | b'?' | b'['))
                })
        });
        ix
    }
}

/// A prerequisite chosen by the search.
#[derive(Debug, Clone)]
struct PatDep {
    name: Vec<u8>,
    order_only: bool,
    wait_here: bool,
    is_explicit: bool,
    /// From `.EXTRA_PREREQS`: left out of the automatic variables.
    ignore_auto: bool,
    /// The rule found for it when it is an intermediate file.
    sub: Option<Box<Found>>,
}

#[derive(Debug, Clone)]
struct Found {
    rule: usize,
    ti: usize,
    stem: Vec<u8>,
    deps: Vec<PatDep>,
    /// For an intermediate file, the pattern-specific variables its
    /// search set up (for a second expansion), which the file keeps.
    pattern_vars: Option<Option<Rc<crate::vars::VarSet>>>,
}

struct Try {
    entry: u32,
    stemlen: usize,
    check_lastslash: bool,
    dead: bool,
}

/// Queues a pattern rule's prerequisite names (name, order-only,
/// explicit, the rule's own text) for checking; each is parsed as a file
/// name, so globs expand.
fn queue_names(
    queue: &mut std::collections::VecDeque<(Vec<u8>, bool, bool, bool, bool)>,
    names: impl Iterator<Item = (Vec<u8>, bool, bool, bool)>,
) {
    for (n, o, x, r) in names {
        if n.iter().any(|c| matches!(c, b'*' | b'?' | b'[')) {
            queue.extend(
                crate::glob::expand_word(&n)
                    .into_iter()
                    .map(|g| (g.clone(), o, x, false, r && g == n)),
            );
        } else {
            queue.push_back((n, o, x, false, r));
        }
    }
}

impl Make {
    pub(crate) fn pattern_index(&mut self) -> Rc<Index> {
        if let Some(ix) = &self.db.pattern_index {
            if ix.gen == self.db.patterns_gen {
                return ix.clone();
            }
        }
        let ix = Rc::new(Index::build(&self.db.patterns, self.db.patterns_gen));
        self.db.pattern_index = Some(ix.clone());
        ix
    }

    /// GNU's `file_exists_p`: the directory cache, or the member table for
    /// `lib(member)`.
    fn file_exists(&mut self, name: &[u8]) -> bool {
        if archive::is_member_ref(name) {
            return self.ar_member_date(name).is_some();
        }
        self.look_in_dir_of(name);
        self.fs.exists(name)
    }

    /// The `exists` of a vpath search ([`crate::vpath::VpathSet::search`])
    /// for a name that `is_target` or not.
    pub fn vpath_candidate(&mut self, is_target: bool, cand: &crate::vpath::Candidate) -> bool {
        if let Some(f) = self.db.get(cand.name) {
            if !is_target || self.db.file(f).is_target {
                return true;
            }
        }
        self.look_in_dir(cand.dir);
        self.fs.exists_in(cand.dir, cand.base)
            && cand
                .stat_name
                .is_none_or(|m| std::fs::metadata(crate::fs::path(m)).is_ok())
    }

    /// GNU's `vpath_search` as implicit search uses it.
    pub fn vpath_find(&mut self, name: &[u8]) -> Option<Vec<u8>> {
        if self.vpath.entries.is_empty() && self.vpath.general.is_empty() {
            return None;
        }
        let vp = std::mem::take(&mut self.vpath);
        let is_target = self.db.is_target(name);
        let r = vp.search(name, &mut |cand| self.vpath_candidate(is_target, cand));
        self.vpath = vp;
        r
    }

    /// GNU's `pattern_search` for `name` (the file `file` when at the top
    /// level). `archive`: search with the member part `(m)` only.
    fn search(
        &mut self,
        name: &[u8],
        file: Option<FileId>,
        archive: bool,
        recursions: usize,
        depth: u32,
        compat: bool,
        in_use: &mut Vec<usize>,
        trace: &mut Option<Trace>,
    ) -> Result<Option<Found>> {
        if recursions == 0 && !compat {
            self.intermediate_vars = None;
        }
        let filename: &[u8] = if archive {
            match name.iter().position(|&c| c == b'(') {
                Some(i) => &name[i..],
                None => name,
            }
        } else {
            name
        };
        let namelen = filename.len();
        let lastslash = if archive || archive::is_member_ref(filename) || namelen == 0 {
            None
        } else {
            filename[..namelen - 1].iter().rposition(|&c| c == b'/')
        };
        let pathlen = lastslash.map_or(0, |i| i + 1);
        let ix = self.pattern_index();
        let dbg = self.isdb(crate::cli::db::IMPLICIT);
        if dbg {
            // GNU goes through every rule and says so of those in use.
            let mut used = in_use.clone();
            used.sort_unstable();
            used.dedup();
            for ri in used {
                let Some(rule) = ix.rules.get(ri) else {
                    continue;
                };
                let has_deps = !rule.prereqs.is_empty()
                    || !rule.order_only.is_empty()
                    || rule.raw_deps.is_some()
                    || self.db.has_pattern_extra();
                if has_deps && rule.recipe.is_none() {
                    continue;
                }
                let d = rule.defn_with(&self.db.pattern_extra, &self.db.pattern_extra_oo);
                self.db_imp(
                    depth,
                    &[b"Avoiding implicit rule recursion for rule '", &d, b"'."],
                );
            }
        }

        // Candidates in rule order.
        let mut ids: Vec<u32> = Vec::new();
        for &l in &ix.suffix_lens {
            if l > namelen {
                break;
            }
            if let Some(v) = ix.by_suffix.get(&filename[namelen - l..]) {
                ids.extend_from_slice(v);
            }
        }
        if ids.is_empty() {
            self.db_imp(
                depth - 1,
                &[b"No implicit rule found for '", filename, b"'."],
            );
            return Ok(None);
        }
        ids.sort_unstable();
        let mut tries: Vec<Try> = Vec::new();
        let mut specific = false;
        // GNU adds the global .EXTRA_PREREQS to every pattern rule's
        // prerequisites: a rule without a recipe then has prerequisites,
        // so is ignored (not even a specific match, as a suffix's dummy
        // `%.h:` is otherwise).
        let extra = self.db.has_pattern_extra();
        for id in ids {
            let e = &ix.entries[id as usize];
            let rule = &ix.rules[e.rule];
            if !ix.usable[e.rule] || in_use.contains(&e.rule) {
                continue;
            }
            if extra && rule.recipe.is_none() {
                continue;
            }
            if recursions > 0 && e.match_any && !rule.terminal {
                continue;
            }
            if e.len > namelen {
                continue;
            }
            let mut stem_at = e.prefix.len();
            let mut stemlen = namelen - e.len + 1;
            let check_lastslash = lastslash.is_some() && !e.has_slash;
            if check_lastslash {
                if pathlen > stemlen {
                    continue;
                }
                stemlen -= pathlen;
                stem_at += pathlen;
                if filename[pathlen..stem_at] != e.prefix[..] {
                    continue;
                }
            } else if filename[..stem_at] != e.prefix[..] {
                continue;
            }
            if !e.match_any {
                specific = true;
            }
            let has_deps =
                !rule.prereqs.is_empty() || !rule.order_only.is_empty() || rule.raw_deps.is_some();
            if !has_deps && rule.recipe.is_none() {
                continue;
            }
            tries.push(Try {
                entry: id,
                stemlen: stemlen + if check_lastslash { pathlen } else { 0 },
                check_lastslash,
                dead: false,
            });
        }
        if tries.is_empty() {
            self.db_imp(
                depth - 1,
                &[b"No implicit rule found for '", filename, b"'."],
            );
            return Ok(None);
        }
        tries.sort_by_key(|t| t.stemlen);
        if specific {
            for t in tries.iter_mut() {
                let r = &ix.rules[ix.entries[t.entry as usize].rule];
                if !r.terminal && r.targets.iter().any(|x| x.len() == 1) {
                    t.dead = true;
                }
            }
        }
        let pathdir = filename[..pathlen].to_vec();
        let mut found_compat = false;
        // Prerequisites without second expansion are computed once per
        // search; with it, word by word as they are checked (in each pass,
        // as GNU does: a failing name stops the expansion of the words
        // after it).
        let mut prereq_cache: Vec<Option<Vec<(Vec<u8>, bool, bool, bool)>>> =
            vec![None; tries.len()];
        for intermed_ok in [false, true] {
            if intermed_ok {
                self.db_imp(depth, &[b"Trying harder."]);
            }
            for ti in 0..tries.len() {
                if tries[ti].dead {
                    continue;
                }
                let e = &ix.entries[tries[ti].entry as usize];
                let ri = e.rule;
                let rule = ix.rules[ri].clone();
                if intermed_ok && rule.terminal {
                    continue;
                }
                let cls = tries[ti].check_lastslash;
                let stem_at = e.prefix.len() + if cls { pathlen } else { 0 };
                let stemlen = namelen - e.len + 1 - if cls { pathlen } else { 0 };
                let stem = filename[stem_at..stem_at + stemlen].to_vec();
                let mut stem_str = if cls { pathdir.clone() } else { Vec::new() };
                stem_str.extend_from_slice(&stem);
                let defn = if dbg {
                    rule.defn_with(&self.db.pattern_extra, &self.db.pattern_extra_oo)
                } else {
                    Vec::new()
                };
                self.db_imp(
                    depth,
                    &[
                        b"Trying pattern rule '",
                        &defn,
                        b"' with stem '",
                        &stem,
                        b"'.",
                    ],
                );
                let rule_ti = e.ti;
                in_use.push(ri);
                // Names still to check: (name, order-only, explicit, extra, the
                // rule's own text).
                let mut queue: std::collections::VecDeque<(Vec<u8>, bool, bool, bool, bool)> =
                    std::collections::VecDeque::new();
                let raw: Vec<&[u8]> = match &rule.raw_deps {
                    Some(r) => raw_words(r),
                    None => {
                        let names = prereq_cache[ti]
                            .get_or_insert_with(|| Self::rule_prereqs(&rule, &pathdir, cls, &stem));
                        queue_names(&mut queue, names.iter().cloned());
                        Vec::new()
                    }
                };
                let mut raw = raw.into_iter();
                let mut order_only_words = false;
                let mut extras_queued = false;
                let mut deps = Vec::new();
                let mut failed = false;
                let mut wait_next = false;
                loop {
                    let Some((dname, order_only, d_explicit, is_extra, rule_text)) =
                        queue.pop_front()
                    else {
                        if let Some(word) = raw.next() {
                            let names = self.second_expand_word(
                                word,
                                &mut order_only_words,
                                file,
                                filename,
                                &pathdir,
                                cls,
                                &stem_str,
                            );
                            match names {
                                Ok(n) => queue_names(
                                    &mut queue,
                                    n.into_iter().map(|(a, b, c)| (a, b, c, false)),
                                ),
                                Err(err) => {
                                    in_use.pop();
                                    return Err(err);
                                }
                            }
                        } else if !extras_queued {
                            extras_queued = true;
                            let db = &self.db;
                            let normal = db.pattern_extra.iter().map(|e| (e, false));
                            let oo = db.pattern_extra_oo.iter().map(|e| (e, true));
                            queue.extend(
                                normal
                                    .chain(oo)
                                    .map(|(e, oo)| (e.clone(), oo, true, true, true)),
                            );
                        } else {
                            break;
                        }
                        continue;
                    };
                    // `.WAIT` orders the next prerequisite; it is no file.
                    if dname == b".WAIT" {
                        wait_next = true;
                        continue;
                    }
                    let wait_here = std::mem::take(&mut wait_next);
                    if let Some(t) = trace.as_mut() {
                        t.consult(&dname, &mut self.db.impossible, self.db.command_count);
                    }
                    // GNU's "rule prerequisite": the name as the rule
                    // wrote it (no second expansion; a `%` substituted
                    // by a stem `%` gives the same text).
                    let is_rule = rule_text && (rule.raw_deps.is_none() || is_extra);
                    self.look_in_dir_of(&dname);
                    // GNU's check opens the name's directory (without
                    // reading it): -p lists it.
                    if self.dir_epochs.is_some() {
                        self.fs.note_dir_opened(crate::dir_epochs::dir_of(&dname));
                    }
                    if self.db.impossible.contains(&dname, self.db.command_count) {
                        let what: &[u8] = if is_rule {
                            b"' due to impossible rule prerequisite '"
                        } else {
                            b"' due to impossible implicit prerequisite '"
                        };
                        self.db_imp(depth, &[b"Rejecting rule '", &defn, what, &dname, b"'."]);
                        tries[ti].dead = true;
                        failed = true;
                        break;
                    }
                    let what: &[u8] = if is_rule {
                        b"Trying rule prerequisite '"
                    } else {
                        b"Trying implicit prerequisite '"
                    };
                    self.db_imp(depth, &[what, &dname, b"'."]);
                    let df = self.db.get(&dname);
                    let mut pd = PatDep {
                        name: dname,
                        order_only,
                        wait_here,
                        is_explicit: d_explicit,
                        ignore_auto: is_extra,
                        sub: None,
                    };
                    if let Some(df) = df {
                        let f = self.db.file_mut(df);
                        if f.is_explicit {
                            pd.is_explicit = true;
                        } else if !d_explicit {
                            f.intermediate = true;
                        }
                    }
                    let explicit = df.is_some_and(|d| self.db.file(d).is_target)
                        || file.is_some_and(|f| {
                            self.db
                                .file(f)
                                .deps
                                .iter()
                                .any(|d| *self.db.file(d.file).name == *pd.name)
                        });
                    if let Some(t) = trace.as_mut().filter(|t| t.ok) {
                        if df.is_some() || explicit || self.file_exists(&pd.name) {
                            t.ok = false;
                        }
                    }
                    if explicit {
                        self.db_imp(depth, &[b"'", &pd.name, b"' ought to exist."]);
                        deps.push(pd);
                        continue;
                    }
                    if self.file_exists(&pd.name) {
                        self.db_imp(depth, &[b"Found '", &pd.name, b"'."]);
                        deps.push(pd);
                        continue;
                    }
                    if df.is_some() && compat {
                        self.db_imp(
                            depth,
                            &[
                                b"Using compatibility rule '",
                                &defn,
                                b"' due to '",
                                &pd.name,
                                b"'.",
                            ],
                        );
                        deps.push(pd);
                        continue;
                    }
                    if df.is_some() {
                        self.db_imp(
                            depth,
                            &[
                                b"Prerequisite '",
                                &pd.name,
                                b"' of rule '",
                                &defn,
                                b"' does not qualify as ought to exist.",
                            ],
                        );
                        found_compat = true;
                    }
                    if let Some(v) = self.vpath_find(&pd.name) {
                        self.db_imp(
                            depth,
                            &[
                                b"Found prerequisite '",
                                &pd.name,
                                b"' as VPATH '",
                                &v,
                                b"'.",
                            ],
                        );
                        deps.push(pd);
                        continue;
                    }
                    if intermed_ok {
                        let what: &[u8] = if pd.is_explicit {
                            b"Looking for a rule with explicit file '"
                        } else {
                            b"Looking for a rule with intermediate file '"
                        };
                        self.db_imp(depth, &[what, &pd.name, b"'."]);
                        let outer_vars = self.intermediate_vars.take();
                        let sub = self.search(
                            &pd.name.to_vec(),
                            None,
                            false,
                            recursions + 1,
                            depth + 1,
                            compat,
                            in_use,
                            trace,
                        );
                        self.intermediate_vars = outer_vars;
                        match sub {
                            Err(err) => {
                                in_use.pop();
                                return Err(err);
                            }
                            Ok(Some(f)) => {
                                pd.sub = Some(Box::new(f));
                                deps.push(pd);
                                continue;
                            }
                            Ok(None) => {
                                if df.is_none() {
                                    self.look_in_dir_of(&pd.name);
                                    self.db.impossible.insert(&pd.name);
                                    self.impossible_dir_noted(&pd.name);
                                    if let Some(k) = ix.known.borrow_mut().as_mut() {
                                        k.add(&pd.name);
                                    }
                                    if let Some(t) = trace.as_mut() {
                                        t.impossible.push(pd.name.to_vec());
                                    }
                                }
                            }
                        }
                        self.db_imp(
                            depth,
                            &[
                                b"Rejecting rule '",
                                &defn,
                                b"' due to impossible prerequisite '",
                                &pd.name,
                                b"'.",
                            ],
                        );
                    } else {
                        self.db_imp(depth, &[b"Not found '", &pd.name, b"'."]);
                    }
                    failed = true;
                    break;
                }
                in_use.pop();
                if !failed {
                    let full = if cls {
                        let mut v = pathdir.clone();
                        v.extend_from_slice(&stem);
                        v
                    } else {
                        stem
                    };
                    if recursions > 0 {
                        // Below the top, GNU enters what this rule found at
                        // once, whether or not the rules above succeed: the
                        // intermediate files found for its prerequisites and
                        // the other targets of the rule become targets.
                        // It enters them last first (its list is walked
                        // backwards): a file named twice, explicitly and
                        // through a pattern, is intermediate when the
                        // pattern's is entered first, as what marks it
                        // intermediate is never undone.
                        let mut entered = rule.targets.len() > 1;
                        for pd in deps.iter_mut().rev() {
                            if let Some(sub) = pd.sub.take() {
                                self.enter_intermediate(&pd.name, *sub, pd.is_explicit);
                                entered = true;
                            }
                        }
                        self.enter_also_makes(&rule, rule_ti, &full);
                        if entered {
                            if let Some(t) = trace.as_mut() {
                                t.ok = false;
                            }
                        }
                    }
                    self.db_imp(
                        depth - 1,
                        &[b"Found implicit rule '", &defn, b"' for '", filename, b"'."],
                    );
                    return Ok(Some(Found {
                        rule: ri,
                        ti: rule_ti,
                        stem: full,
                        deps,
                        pattern_vars: match file {
                            None => self.intermediate_vars.clone(),
                            Some(_) => None,
                        },
                    }));
                }
            }
        }
        if found_compat && !compat {
            self.db_imp(
                depth - 1,
                &[b"Searching for a compatibility rule for '", filename, b"'."],
            );
            return self.search(name, file, archive, recursions, depth, true, in_use, trace);
        }
        self.db_imp(
            depth - 1,
            &[b"No implicit rule found for '", filename, b"'."],
        );
        Ok(None)
    }

    /// One line of GNU's trace of the implicit search (`-d`,
    /// `--debug=i`), `depth` spaces in.
    /// `name` was found impossible: when its directory cannot be stat'd,
    /// GNU's cache reads it anew at the next look (see `dir_epochs`).
    fn impossible_dir_noted(&mut self, name: &[u8]) {
        let Some(e) = self.dir_epochs.as_mut() else {
            return;
        };
        let dir = crate::dir_epochs::dir_of(name);
        if std::fs::metadata(crate::fs::path(dir)).is_err() {
            e.impossible_in_missing(dir);
        }
    }

    fn db_imp(&mut self, depth: u32, parts: &[&[u8]]) {
        if !self.isdb(crate::cli::db::IMPLICIT) {
            return;
        }
        let mut m = vec![b' '; depth as usize];
        for p in parts {
            m.extend_from_slice(p);
        }
        m.push(b'\n');
        self.out.debug(&m);
    }

    /// Whether the pattern `pat` names a file marked by a special target
    /// (`.PRECIOUS: %.o`): (precious, notintermediate). A global
    /// `.NOTINTERMEDIATE:` counts only when a file of that name exists, as
    /// in GNU: a target a pattern rule makes that was not in the data base
    /// when it was completed (a multi-target rule's other files) is not
    /// marked otherwise.
    fn pattern_marks(&self, pat: &[u8]) -> (bool, bool) {
        match self.db.get(pat) {
            Some(f) => {
                let f = self.db.file(f);
                (f.precious, f.notintermediate || self.db.no_intermediates)
            }
            None => (false, false),
        }
    }

    /// Enters `name`, an intermediate file the search found a rule for, as
    /// a target with what was found for it.
    fn enter_intermediate(&mut self, name: &[u8], sub: Found, is_explicit: bool) -> FileId {
        let id = self.db.intern(name);
        let sub_pattern = self.db.patterns[sub.rule].targets[sub.ti].clone();
        // What was found replaces the file's prerequisites: a file named
        // twice in one search (a prerequisite repeated by .EXTRA_PREREQS)
        // is entered twice, and gets its prerequisites once.
        let f = self.db.file_mut(id);
        f.deps.clear();
        if !f.ext().second_deps.is_empty() {
            f.ext_mut().second_deps = Default::default();
        }
        if let Some(set) = &sub.pattern_vars {
            f.ext_mut().pattern_vars = Some(set.clone());
        }
        self.apply_found(id, sub, false);
        self.shuffle_intermediate(id);
        let (precious, _) = self.pattern_marks(&sub_pattern);
        let no_inter = self.db.no_intermediates;
        let f = self.db.file_mut(id);
        f.is_target = true;
        f.is_explicit |= is_explicit;
        f.notintermediate |= no_inter;
        f.intermediate |= !f.is_explicit && !f.notintermediate;
        f.tried_implicit = true;
        if precious {
            f.precious = true;
        }
        id
    }

    /// Enters the other targets of pattern rule `rule` (made with `stem`
    /// when its target `ti` matched) as targets, in the rule's order.
    fn enter_also_makes(&mut self, rule: &PatternRule, ti: usize, stem: &[u8]) -> Vec<FileId> {
        let mut also = Vec::new();
        for (i, t) in rule.targets.iter().enumerate() {
            if i == ti {
                continue;
            }
            let name = match find_percent(t) {
                Some(p) => {
                    let mut v = t[..p].to_vec();
                    v.extend_from_slice(stem);
                    v.extend_from_slice(&t[p + 1..]);
                    v
                }
                None => t.clone(),
            };
            let a = self.db.intern(&name);
            let (p, n) = self.pattern_marks(t);
            let af = self.db.file_mut(a);
            af.is_target = true;
            af.precious |= p;
            af.notintermediate |= n;
            also.push(a);
        }
        also
    }

    /// Gives `file` the found rule's recipe, stem and prerequisites, entering
    /// the intermediate files found on the way. GNU enters the files of the
    /// search's own prerequisites last first (it builds the list by
    /// prepending), an intermediate file's with the file, first first
    /// (`top`: the search's own): the order shows in -p's table of files.
    fn apply_found(&mut self, file: FileId, found: Found, top: bool) {
        let rule = self.db.patterns[found.rule].clone();
        let mut deps: Vec<Dep> = Vec::with_capacity(found.deps.len());
        let mut pds = found.deps;
        if top {
            pds.reverse();
        }
        for pd in pds {
            let id = match pd.sub {
                Some(sub) => self.enter_intermediate(&pd.name, *sub, pd.is_explicit),
                None => {
                    // An intermediate file's prerequisites are entered as
                    // GNU's enter_file does: one naming a double-colon
                    // target makes a new (empty) entry of it.
                    let id = match top {
                        true => self.db.intern(&pd.name),
                        false => self.db.enter_file(&pd.name),
                    };
                    if rule.terminal {
                        self.db.file_mut(id).tried_implicit = true;
                    }
                    id
                }
            };
            let mut d = Dep::new(id, pd.order_only);
            d.wait_here = pd.wait_here;
            d.ignore_auto = pd.ignore_auto;
            deps.push(d);
        }
        if top {
            deps.reverse();
        }
        let target = rule.targets[found.ti].clone();
        let (precious, notinter) = self.pattern_marks(&target);
        let stem = found.stem;
        let mut also = self.enter_also_makes(&rule, found.ti, &stem);
        let f = self.db.file_mut(file);
        f.recipe = rule.recipe;
        f.ext_mut().stem = Some(stem.into());
        f.is_target = true;
        // The rule's prerequisites go first; the lists still waiting for
        // their second expansion keep their places after them (GNU expands
        // them where they stand in the chain, behind the rule's).
        let added = deps.len();
        if added > 0 && !f.ext().second_deps.is_empty() {
            for sd in f.ext_mut().second_deps.iter_mut() {
                sd.pos += added;
            }
        }
        deps.append(&mut f.deps);
        f.deps = deps;
        if precious {
            f.precious = true;
        }
        if notinter {
            f.notintermediate = true;
        }
        if !also.is_empty() {
            also.reverse();
            f.ext_mut().also_make = also.into();
            f.ext_mut().group_index = None;
            f.ext_mut().group_index_more = None;
        }
    }
}

/// GNU's `try_implicit_rule`: a pattern rule to make `file`, searched with
/// its whole name, then (for `lib(member)`) with the member alone. On
/// success the file gets the rule's recipe, prerequisites and stem.
pub fn pattern_search(mk: &mut Make, file: FileId, depth: u32) -> Result<bool> {
    // With GNU's directory cache modelled, each directory forgets its
    // impossible names when next looked into.
    if mk.dir_epochs.is_none() {
        mk.db.expire_impossible();
    }
    if mk.db.patterns.is_empty() {
        let name = mk.db.file(file).name.to_vec();
        mk.db_imp(depth, &[b"No implicit rule found for '", &name, b"'."]);
        // (A member is searched again on its own all the same.)
        if let Some(i) = name
            .iter()
            .position(|&c| c == b'(')
            .filter(|_| archive::is_member_ref(&name))
        {
            mk.db_imp(
                depth,
                &[
                    b"Looking for archive-member implicit rule for '",
                    &name,
                    b"'.",
                ],
            );
            mk.db_imp(depth, &[b"No implicit rule found for '", &name[i..], b"'."]);
            mk.db_imp(
                depth,
                &[b"No archive-member implicit rule found for '", &name, b"'."],
            );
        }
        return Ok(false);
    }
    let name = mk.db.file(file).name.to_vec();
    let mut in_use = Vec::new();
    let shape = mk.memo_shape(&name, file);
    let mut trace = None;
    if let Some(sh) = &shape {
        if mk.memo_fails(sh, &name) {
            return Ok(false);
        }
        if !sh.ix.memo.borrow().contains_key(&sh.key) {
            trace = Some(Trace::start());
        }
    }
    if let Some(found) = mk.search(
        &name,
        Some(file),
        false,
        0,
        depth + 1,
        false,
        &mut in_use,
        &mut trace,
    )? {
        mk.apply_found(file, found, true);
        return Ok(true);
    }
    if let (Some(sh), Some(t)) = (&shape, trace) {
        if t.ok {
            mk.memo_store(sh, &name, t);
        }
    }
    if archive::is_member_ref(&name) {
        mk.db_imp(
            depth,
            &[
                b"Looking for archive-member implicit rule for '",
                &name,
                b"'.",
            ],
        );
        let mut none = None;
        if let Some(found) = mk.search(
            &name,
            Some(file),
            true,
            0,
            depth + 1,
            false,
            &mut in_use,
            &mut none,
        )? {
            mk.apply_found(file, found, true);
            return Ok(true);
        }
        mk.db_imp(
            depth,
            &[b"No archive-member implicit rule found for '", &name, b"'."],
        );
    }
    Ok(false)
}
