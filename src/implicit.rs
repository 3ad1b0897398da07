//! Implicit rule search (GNU's `pattern_search` and `try_implicit_rule`):
//! finds a pattern rule whose target matches a file and whose
//! prerequisites exist, ought to exist, or can be made by a further
//! (intermediate) search; the built-in rules, the conversion of suffix
//! rules into pattern rules, and the second expansion of prerequisites.
//!
//! Speed: the rules' targets are indexed by the text after their `%`, so a
//! name only meets the rules whose suffix it ends with; existence is asked
//! of the directory cache (`Fs::exists`, no stat); names no rule can make
//! are remembered (GNU's `file_impossible`).

use std::rc::Rc;

use crate::archive;
use crate::error::{Loc, Result};
use crate::hash::FxHashMap;
use crate::make::Make;
use crate::rules::{find_percent, same_rule, Dep, FileId, PatternRule, Recipe};
use crate::search_memo::{Affixes, Known, Memo, Trace};
use crate::vars::{Flavor, Origin, Var};

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

/// `%` replaced by `var` as GNU's implicit search does before a second
/// expansion: the first `%` of the word, then the first `%` after each
/// blank inside it (the word may hold blanks inside `$(...)`).
fn percents_to_stem_var(word: &[u8], var: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(word.len() + var.len());
    let mut i = 0;
    let mut at_start = true;
    while i < word.len() {
        let c = word[i];
        if c == b'%' && at_start {
            out.extend_from_slice(var);
            at_start = false;
        } else {
            if matches!(c, b' ' | b'\t' | b'\n') {
                at_start = true;
            }
            out.push(c);
        }
        i += 1;
    }
    out
}

/// The words of a prerequisite text before its second expansion: blanks
/// inside `$(...)` and `${...}` do not end a word (GNU's `get_next_word`).
fn raw_words(text: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        while i < text.len() && matches!(text[i], b' ' | b'\t' | b'\n') {
            i += 1;
        }
        if i >= text.len() {
            break;
        }
        let start = i;
        let mut stack: Vec<u8> = Vec::new();
        while i < text.len() {
            let c = text[i];
            if stack.is_empty() && matches!(c, b' ' | b'\t' | b'\n') {
                break;
            }
            if c == b'$' && i + 1 < text.len() && matches!(text[i + 1], b'(' | b'{') {
                stack.push(if text[i + 1] == b'(' { b')' } else { b'}' });
                i += 2;
                continue;
            }
            if stack.last() == Some(&c) {
                stack.pop();
            } else if c == b'(' || c == b'{' {
                if !stack.is_empty() {
                    stack.push(if c == b'(' { b')' } else { b'}' });
                }
            }
            i += 1;
        }
        out.push(&text[start..i]);
    }
    out
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

/// Splits an expanded prerequisite list into (name, order-only) names as
/// GNU parses a rule's prerequisites (its `parse_file_seq`): names end at
/// an unquoted blank, a backslash quotes a blank (`a\ b`), and the first
/// unquoted `|` (also inside a word: `p1|p2`) starts the order-only part,
/// where a later `|` is part of a name.
fn split_prereq_words(text: &[u8], order_only: bool) -> (Vec<(Vec<u8>, bool)>, bool) {
    let mut out = Vec::new();
    let mut rest = text;
    if !order_only {
        let (names, end) = crate::parser::split_file_seq(text, b"|");
        out.extend(names.into_iter().map(|n| (n, false)));
        if end >= text.len() {
            return (out, false);
        }
        rest = &text[end + 1..];
    }
    let (names, _) = crate::parser::split_file_seq(rest, b"");
    out.extend(names.into_iter().map(|n| (n, true)));
    (out, true)
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

    /// GNU's `vpath_search` as implicit search uses it.
    pub fn vpath_find(&mut self, name: &[u8]) -> Option<Vec<u8>> {
        if self.vpath.entries.is_empty() && self.vpath.general.is_empty() {
            return None;
        }
        let vp = std::mem::take(&mut self.vpath);
        let is_target = self.db.is_target(name);
        let r = vp.search(name, &mut |cand| {
            if let Some(f) = self.db.get(cand) {
                if !is_target || self.db.file(f).is_target {
                    return true;
                }
            }
            self.look_in_dir_of(cand);
            self.fs.exists(cand)
        });
        self.vpath = vp;
        r
    }

    /// Expands `text` for the second expansion of `file`'s prerequisites,
    /// with `$*` set to `stem` (the automatic variables of `file`, or of a
    /// file called `name` with no prerequisites).
    fn second_expand(
        &mut self,
        file: Option<FileId>,
        name: &[u8],
        stem: &[u8],
        text: &[u8],
    ) -> Result<Vec<u8>> {
        let mut set = match file {
            Some(f) => {
                // With the stem given, as GNU's set_file_variables: no
                // stem is looked for among the suffixes (which would enter
                // `.SUFFIXES`, a built-in no more).
                let saved =
                    std::mem::replace(&mut self.db.file_mut(f).ext_mut().stem, Some(stem.into()));
                let set = self.automatic_vars(f);
                self.db.file_mut(f).ext_mut().stem = saved;
                set
            }
            None => {
                let mut s = crate::vars::VarSet::default();
                for (n, v) in [
                    (&b"@"[..], name),
                    (b"<", b""),
                    (b"^", b""),
                    (b"+", b""),
                    (b"?", b""),
                    (b"|", b""),
                    (b"%", b""),
                ] {
                    s.set(n, Var::new(v.to_vec(), Flavor::Simple, Origin::Automatic));
                }
                s
            }
        };
        set.set(
            b"*",
            Var::new(stem.to_vec(), Flavor::Simple, Origin::Automatic),
        );
        if self.opts.print_data_base {
            match file {
                Some(f) => self.keep_auto_vars(f, &set),
                None => {
                    self.db
                        .pending_auto_vars
                        .insert(name.into(), Rc::new(set.clone()));
                }
            }
        }
        let chain = match file {
            Some(f) => self.target_chain_for(f)?,
            // An intermediate file the data base does not hold: its
            // pattern-specific variables (GNU sets them up for the file it
            // makes up for the search), then the globals.
            None => {
                if self.intermediate_vars.is_none() {
                    self.intermediate_vars = Some(self.pattern_set_for_name(name)?);
                }
                match self.intermediate_vars.clone().flatten() {
                    Some(p) => vec![(p, true)],
                    None => Vec::new(),
                }
            }
        };
        let old_auto = self.vars.auto.replace(Rc::new(set));
        let old_chain = std::mem::replace(&mut self.vars.target_chain, chain);
        let r = self.expand_text(text);
        self.vars.auto = old_auto;
        self.vars.target_chain = old_chain;
        r
    }

    /// The prerequisites of a pattern rule without second expansion, `%`
    /// replaced by the stem: (name, order-only, explicit).
    fn rule_prereqs(
        rule: &PatternRule,
        pathdir: &[u8],
        check_lastslash: bool,
        stem: &[u8],
    ) -> Vec<(Vec<u8>, bool, bool, bool)> {
        let mut out = Vec::new();
        for (list, oo) in [(&rule.prereqs, false), (&rule.order_only, true)] {
            for p in list {
                match p.iter().position(|&c| c == b'%') {
                    None => out.push((p.clone(), oo, true, true)),
                    Some(i) => {
                        let mut v = Vec::with_capacity(pathdir.len() + p.len() + stem.len());
                        if check_lastslash {
                            v.extend_from_slice(pathdir);
                        }
                        v.extend_from_slice(&p[..i]);
                        v.extend_from_slice(stem);
                        v.extend_from_slice(&p[i + 1..]);
                        // Parsed as a file name, as GNU does: leading
                        // white space is skipped (a stem ` ` gives `.o`
                        // for `%.o`, and no name at all for `%`), and a
                        // stem `./` gives `./.o`, which is `.o`.
                        let lead = v
                            .iter()
                            .take_while(|&&c| {
                                matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
                            })
                            .count();
                        if lead > 0 {
                            v.drain(..lead);
                            if v.is_empty() {
                                continue;
                            }
                        }
                        if v.starts_with(b"./") {
                            v = crate::rules::strip_dot_slash(&v).to_vec();
                        }
                        // GNU's "rule prerequisite" is a name that is the
                        // rule's text itself (its cached string): so is
                        // one a stem `%` gives back.
                        let same = v == *p;
                        out.push((v, oo, false, same));
                    }
                }
            }
        }
        out
    }

    /// The second expansion of one word of a pattern rule's prerequisite
    /// text (GNU goes word by word, checking each word's names before it
    /// expands the next): `%` becomes `$*` (or `$(*F)`), the result is
    /// split into (name, order-only, explicit); a `|` word switches
    /// `order_only` on.
    #[allow(clippy::too_many_arguments)]
    fn second_expand_word(
        &mut self,
        word: &[u8],
        order_only: &mut bool,
        file: Option<FileId>,
        filename: &[u8],
        pathdir: &[u8],
        check_lastslash: bool,
        stem_str: &[u8],
    ) -> Result<Vec<(Vec<u8>, bool, bool)>> {
        if !*order_only && word == b"|" {
            *order_only = true;
            return Ok(Vec::new());
        }
        let has_pct = word.contains(&b'%');
        let text = if has_pct {
            percents_to_stem_var(word, if check_lastslash { b"$(*F)" } else { b"$*" })
        } else {
            word.to_vec()
        };
        // GNU reports errors of a pattern rule's second expansion without
        // a location.
        let saved_loc = self.loc.take();
        let exp = self.second_expand(file, filename, stem_str, &text);
        self.loc = saved_loc;
        let (words, oo) = split_prereq_words(&exp?, *order_only);
        *order_only = oo;
        Ok(words
            .into_iter()
            .map(|(w, o)| {
                let name = if has_pct && check_lastslash {
                    let mut v = pathdir.to_vec();
                    v.extend_from_slice(&w);
                    v
                } else {
                    w
                };
                (name, o, !has_pct)
            })
            .collect())
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
                    || !self.db.pattern_extra.is_empty();
                if has_deps && rule.recipe.is_none() {
                    continue;
                }
                let d = rule.defn_with(&self.db.pattern_extra);
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
        let extra = !self.db.pattern_extra.is_empty();
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
                    rule.defn_with(&self.db.pattern_extra)
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
                            queue.extend(
                                self.db
                                    .pattern_extra
                                    .iter()
                                    .map(|e| (e.clone(), false, true, true, true)),
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
                        t.consult(&dname, &self.db.impossible);
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
                    if self.db.impossible.contains(&dname) {
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
                                    self.db.impossible.insert(pd.name.to_vec());
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
        }
    }

    /// GNU's `expand_deps`: the second expansion of a file's prerequisite
    /// lists kept by `.SECONDEXPANSION`.
    pub fn expand_second_deps(&mut self, f: FileId) -> Result<()> {
        if self.db.file(f).ext().second_deps.is_empty() {
            return Ok(());
        }
        let list = std::mem::take(&mut self.db.file_mut(f).ext_mut().second_deps);
        let name = self.db.file(f).name.to_vec();
        // Each list joins the prerequisites as soon as it is expanded (the
        // automatic variables of the next list's expansion see it, as in
        // GNU); `inserted` shifts the later lists' positions.
        let mut inserted: Vec<(usize, usize)> = Vec::new();
        for (i, sd) in list.iter().enumerate() {
            let text = match &sd.stem {
                Some(_) => {
                    // Static pattern rules: the first `%` of each
                    // blank-separated word (inside references too) becomes
                    // `$*`; the blanks stay as they are.
                    let mut v = Vec::with_capacity(sd.text.len() + 8);
                    for (i, w) in sd.text.split(|&c| crate::patterns::is_ws(c)).enumerate() {
                        if i > 0 {
                            v.push(b' ');
                        }
                        v.extend_from_slice(&crate::patterns::subst_first_percent(w, b"$*"));
                    }
                    v
                }
                None => sd.text.clone(),
            };
            let stem = sd
                .stem
                .clone()
                .or_else(|| self.db.file(f).ext().stem.as_deref().map(<[u8]>::to_vec))
                .unwrap_or_default();
            // GNU expands in the context of the file's recipe: its location
            // is where errors and `$(eval)` text are reported (none without
            // a recipe).
            let ctx = self.db.file(f).recipe.as_ref().map(|r| r.loc);
            let saved_loc = std::mem::replace(&mut self.loc, ctx);
            let exp = if sd.stem.is_some() || self.db.file(f).ext().stem.is_some() {
                self.second_expand(Some(f), &name, &stem, &text)
            } else {
                // $* as GNU computes it from the suffixes (and keeps as
                // the file's stem).
                let set = self.automatic_vars(f);
                let st = set.get(b"*").map(|v| v.value.clone()).unwrap_or_default();
                self.second_expand(Some(f), &name, &st, &text)
            };
            self.loc = saved_loc;
            let exp = match exp {
                Ok(e) => e,
                Err(e) => {
                    // The lists not expanded stay as text (GNU's data base
                    // shows them so).
                    let shift: usize = inserted.iter().map(|&(_, n)| n).sum();
                    let rest = list[i..].iter().cloned().map(|mut sd| {
                        sd.pos += shift;
                        sd
                    });
                    self.db.file_mut(f).ext_mut().second_deps = rest.collect();
                    return Err(e);
                }
            };
            let (words, _) = split_prereq_words(&exp, false);
            let mut deps = Vec::new();
            let mut wait = false;
            for (w, oo) in words {
                // `.WAIT` marks the next prerequisite; it is no file.
                if w == b".WAIT" {
                    wait = true;
                    continue;
                }
                // Globs are expanded as in a rule read from a makefile (GNU
                // parses the expansion as one).
                for w in crate::record::glob_prereq_word(&w) {
                    let id = self.db.intern_prereq(&w);
                    if sd.stem.is_none() {
                        self.db.file_mut(id).is_explicit = true;
                    }
                    let mut d = Dep::new(id, oo);
                    d.wait_here = wait;
                    wait = false;
                    deps.push(d);
                }
            }
            let shift: usize = inserted
                .iter()
                .filter(|&&(p, _)| p <= sd.pos)
                .map(|&(_, n)| n)
                .sum();
            inserted.push((sd.pos, deps.len()));
            let file = self.db.file_mut(f);
            let at = (sd.pos + shift).min(file.deps.len());
            file.deps.splice(at..at, deps);
        }
        Ok(())
    }

    /// `.EXTRA_PREREQS` (global, or target-specific) added to a target.
    pub fn add_extra_prereqs(&mut self, f: FileId) -> Result<()> {
        if self.db.file(f).ext().extra_done {
            return Ok(());
        }
        self.db.file_mut(f).ext_mut().extra_done = true;
        let own = self
            .db
            .file(f)
            .ext()
            .vars
            .as_ref()
            .and_then(|v| v.get(b".EXTRA_PREREQS").cloned());
        let var = match own {
            Some(v) => Some(v),
            None if self.db.file(f).is_target => self.vars.global.get(b".EXTRA_PREREQS").cloned(),
            None => None,
        };
        let Some(var) = var else { return Ok(()) };
        let value = if var.is_recursive() {
            self.expand(&var.expr())?
        } else {
            var.value.clone()
        };
        let name = self.db.file(f).name.to_vec();
        let mut new = Vec::new();
        for w in crate::patterns::words(&value) {
            let w = crate::rules::strip_dot_slash(w);
            if w == name.as_slice() {
                return Ok(());
            }
            let id = self.db.intern(w);
            let mut d = Dep::new(id, false);
            d.ignore_auto = true;
            new.push(d);
        }
        self.db.file_mut(f).deps.extend(new);
        Ok(())
    }

    /// Installs the built-in suffix rules, converts suffix rules to pattern
    /// rules and adds the built-in pattern rules (GNU does this after
    /// reading the makefiles, so the makefiles' rules come first).
    pub fn snap_implicit_rules(&mut self) {
        if self.db.implicit_snapped {
            return;
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
    }

    /// Adds a pattern rule unless an identical one exists (GNU's
    /// `new_pattern_rule` without override).
    fn add_pattern_rule_keep(&mut self, rule: PatternRule, seen: &mut RuleSeen) {
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
    fn convert_suffix_rules(&mut self, seen: &mut RuleSeen) {
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

/// Orders files as GNU's walk of its file table meets them: by slot
/// (`jhash_string` of the name modulo the table size: 1024, doubled while
/// more than 15/16 full), colliding names in the order they were entered
/// (linear probing).
pub fn gnu_table_order(db: &crate::rules::Db, ids: &mut [usize]) {
    if ids.len() < 2 {
        return;
    }
    let mut size: usize = 1024;
    while db.files.len() >= size - size / 16 {
        size *= 2;
    }
    let mask = (size - 1) as u32;
    ids.sort_by_cached_key(|&i| (crate::gnuhash::jhash_string(db.files[i].name) & mask, i));
}

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

/// The pattern rules present, by a hash of what [`same_rule`] compares:
/// adding the ~90 built-in rules checks a handful of candidates each, not
/// every rule so far.
struct RuleSeen {
    by_key: crate::hash::FxHashMap<u64, Vec<usize>>,
}

impl RuleSeen {
    fn new(patterns: &[Rc<PatternRule>]) -> RuleSeen {
        let mut by_key: crate::hash::FxHashMap<u64, Vec<usize>> = Default::default();
        for (i, p) in patterns.iter().enumerate() {
            by_key.entry(rule_key(p)).or_default().push(i);
        }
        RuleSeen { by_key }
    }
}

fn rule_key(r: &PatternRule) -> u64 {
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

fn builtin_loc() -> Loc {
    Loc::new(crate::error::SrcName::default(), 0)
}

fn builtin_recipe(text: &str) -> &'static Recipe {
    crate::rules::keep_recipe(Recipe::new(text.as_bytes().to_vec(), builtin_loc()))
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
