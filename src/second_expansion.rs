//! The second expansion of prerequisites (`.SECONDEXPANSION`, GNU's
//! `expand_deps`): of a file's explicit prerequisite lists once it is
//! considered, and of a pattern rule's prerequisites for the stem an
//! implicit search found.

use std::rc::Rc;

use crate::error::Result;
use crate::make::Make;
use crate::rules::{Dep, FileId, PatternRule};
use crate::vars::{Flavor, Origin, Var};

/// `%` replaced by `var` as GNU does before a second expansion (an
/// implicit rule's prerequisite word, a static pattern rule's whole
/// text): the first `%`, then the first `%` after each white space (any
/// of the C library's, as GNU's END_OF_TOKEN: a word may hold blanks
/// inside `$(...)`); the white space stays as written.
pub(crate) fn percents_to_stem_var(word: &[u8], var: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(word.len() + var.len());
    let mut i = 0;
    let mut at_start = true;
    while i < word.len() {
        let c = word[i];
        if c == b'%' && at_start {
            out.extend_from_slice(var);
            at_start = false;
        } else {
            if crate::patterns::is_ws(c) {
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
pub(crate) fn raw_words(text: &[u8]) -> Vec<&[u8]> {
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
            } else if (c == b'(' || c == b'{') && !stack.is_empty() {
                stack.push(if c == b'(' { b')' } else { b'}' });
            }
            i += 1;
        }
        out.push(&text[start..i]);
    }
    out
}

/// Splits an expanded prerequisite list into (name, order-only) names as
/// GNU parses a rule's prerequisites (its `parse_file_seq`): names end at
/// an unquoted blank, a backslash quotes a blank (`a\ b`), and the first
/// unquoted `|` (also inside a word: `p1|p2`) starts the order-only part,
/// where a later `|` is part of a name.
pub(crate) fn split_prereq_words(text: &[u8], order_only: bool) -> (Vec<(Vec<u8>, bool)>, bool) {
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
    /// Expands `text` for the second expansion of `file`'s prerequisites,
    /// with `$*` set to `stem` (the automatic variables of `file`, or of a
    /// file called `name` with no prerequisites).
    pub(crate) fn second_expand(
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
                let saved = self.db.file_mut(f).ext_mut().stem.replace(stem.into());
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
    pub(crate) fn rule_prereqs(
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
    pub(crate) fn second_expand_word(
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
                // Static pattern rules (GNU's expand_deps): as an implicit
                // rule's words.
                Some(_) => percents_to_stem_var(&sd.text, b"$*"),
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
                    // (The one that failed with its `%` turned to `$*`.)
                    let shift: usize = inserted.iter().map(|&(_, n)| n).sum();
                    let rest = list[i..].iter().cloned().enumerate().map(|(k, mut sd)| {
                        sd.pos += shift;
                        if k == 0 {
                            sd.text = text.clone();
                        }
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
}
