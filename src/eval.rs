//! The evaluator: reads makefile lines in order and carries out each
//! statement as GNU make does — assignments and `define` (carried out in
//! `assign`), conditionals (`conditional`), `include`, `export`, `vpath`,
//! rule lines with their recipes, and target-specific variables. Rule
//! lines are expanded word by word until their colon is found (so that
//! `t: VAR = value` is recognized before its value would be expanded),
//! exactly like GNU's reader.

use std::rc::Rc;

use crate::conditional::Cond;
use crate::error::{ErrorKind, Loc, MakeError, Result, SrcName};
use crate::make::Make;
use crate::parser::{self, AssignOp, MWord, Modifiers};
use crate::reader::{Line, LineReader};
use crate::rules::{Recipe, RuleDef};
use crate::target_vars::Deferred;
use crate::vars::{Export, Flavor, Origin, Var};

/// A rule line whose recipe lines are still being collected.
struct Pending {
    targets: Vec<Vec<u8>>,
    pattern: Option<Vec<u8>>,
    deps: Vec<u8>,
    double_colon: bool,
    grouped: bool,
    /// The recipe lines so far, joined by newlines (the recipe's text).
    lines: Vec<u8>,
    has_recipe: bool,
    cmds_started: u32,
    tgts_started: u32,
    /// The recipe prefix in effect when the rule was read.
    prefix: u8,
}

/// The reading state of one makefile or `$(eval)` buffer.
pub(crate) struct State {
    file: SrcName,
    pub(crate) conds: Vec<Cond>,
    pending: Option<Pending>,
    no_targets: bool,
    in_ignored_define: bool,
    set_default: bool,
}

impl State {
    pub(crate) fn ignoring(&self) -> bool {
        self.conds.iter().any(|c| c.ignoring != 0)
    }
}

impl Make {
    /// Reads and evaluates a makefile's text. `name` is used in locations.
    pub fn eval_makefile_text(
        &mut self,
        name: &[u8],
        data: Rc<[u8]>,
        set_default: bool,
    ) -> Result<()> {
        self.eval_makefile_reader(name, LineReader::new(data), set_default)
    }

    /// Reads and evaluates a makefile from a reader (a file is streamed).
    pub fn eval_makefile_reader(
        &mut self,
        name: &[u8],
        mut reader: LineReader,
        set_default: bool,
    ) -> Result<()> {
        let file = SrcName::intern(name);
        self.eval_reader(&mut reader, file, set_default)
    }

    /// `$(eval TEXT)`: reads TEXT as makefile lines, at the current location.
    pub fn eval_text(&mut self, text: &[u8]) -> Result<()> {
        let (file, base) = match &self.loc {
            Some(l) => (l.file, l.line),
            None => (SrcName::default(), 0),
        };
        let saved_loc = self.loc;
        let mut reader = LineReader::from_bytes(text);
        let r = self.eval_reader_at(&mut reader, file, true, base);
        self.loc = saved_loc;
        r
    }

    fn eval_reader(
        &mut self,
        reader: &mut LineReader,
        file: SrcName,
        set_default: bool,
    ) -> Result<()> {
        self.eval_reader_at(reader, file, set_default, 0)
    }

    /// Evaluates lines; `base` is added to line numbers (for `$(eval)`,
    /// where GNU reports the line of the eval call).
    fn eval_reader_at(
        &mut self,
        reader: &mut LineReader,
        file: SrcName,
        set_default: bool,
        base: u32,
    ) -> Result<()> {
        let saved_loc = self.loc;
        let saved_no_default = self.db.no_default_goal;
        if !set_default {
            self.db.no_default_goal = true;
        }
        let mut st = State {
            file,
            conds: Vec::new(),
            pending: None,
            no_targets: false,
            in_ignored_define: false,
            set_default,
        };
        // One buffer for every line read.
        let mut line = Line {
            text: Vec::new(),
            lineno: 0,
            nul_warnings: 0,
        };
        while reader.next_line_into(&mut line) {
            if base > 0 {
                line.lineno = base;
            }
            let loc = Loc::new(file, line.lineno);
            self.loc = Some(loc);
            for _ in 0..line.nul_warnings {
                self.out.error(
                    Some(&loc),
                    b"warning: NUL character seen; rest of line ignored",
                );
            }
            if line.lineno == 1 && line.text.starts_with(b"\xEF\xBB\xBF") {
                line.text.drain(..3);
                self.db_skipping_bom(file);
            }
            self.eval_line(&mut st, reader, &mut line, base)?;
        }
        if !st.conds.is_empty() {
            let loc = Loc::new(file, reader.lineno());
            let loc = if base > 0 { Loc::new(file, base) } else { loc };
            return Err(MakeError::at(Some(&loc), ErrorKind::MissingEndif));
        }
        self.record_waiting(&mut st)?;
        self.loc = saved_loc;
        self.db.no_default_goal = saved_no_default;
        Ok(())
    }

    fn eval_line(
        &mut self,
        st: &mut State,
        reader: &mut LineReader,
        line: &mut Line,
        base: u32,
    ) -> Result<()> {
        let text = &mut line.text;
        if text.is_empty() {
            return Ok(());
        }
        let loc = Loc::new(st.file, line.lineno);
        let prefix = self.recipe_prefix;
        if text[0] == prefix {
            if st.no_targets {
                return Ok(());
            }
            if let Some(p) = &mut st.pending {
                if st.conds.iter().any(|c| c.ignoring != 0) {
                    return Ok(());
                }
                if !p.has_recipe {
                    p.cmds_started = line.lineno;
                } else {
                    p.lines.push(b'\n');
                }
                p.has_recipe = true;
                p.lines.extend_from_slice(&text[1..]);
                end_recipe_line(&mut p.lines);
                return Ok(());
            }
        }

        // Most lines have neither continuation nor comment: read them in place.
        let collapsed_owned;
        let collapsed: &[u8] = if memchr::memchr2(b'\n', b'#', text).is_some() {
            let mut c = parser::collapse_continuations(text, self.db.posix);
            parser::remove_comment(&mut c);
            collapsed_owned = c;
            &collapsed_owned
        } else {
            text
        };
        let start = parser::next_token(collapsed, 0);
        let p = &collapsed[start..];

        if let Some((mods, rest)) = parser::parse_var_assignment(p, false) {
            if st.ignoring() {
                if mods.define {
                    st.in_ignored_define = true;
                }
                return Ok(());
            }
            self.record_waiting(st)?;
            let origin = if mods.override_ {
                Origin::Override
            } else {
                Origin::File
            };
            if mods.undefine {
                return self.do_undefine(rest, origin, &loc);
            }
            let name = if mods.define {
                self.do_define(rest, origin, reader, &loc, base)?
            } else {
                let modified = mods.export.is_some() || mods.private;
                self.do_assignment(rest, origin, &loc, modified)?
            };
            if let Some(name) = name {
                self.apply_modifiers(&name, &mods);
            }
            return Ok(());
        }
        if p.is_empty() {
            return Ok(());
        }
        let wend = parser::end_of_token(p, 0);
        let word = &p[..wend];
        let after = parser::next_token(p, wend);

        if st.in_ignored_define {
            if word == b"endef" && (after >= p.len() || p[after] == b'#') {
                st.in_ignored_define = false;
            }
            return Ok(());
        }

        if let Some(kind) = parser::cond_kind(word) {
            let args = &p[after..];
            return self.conditional(st, kind, args, &loc);
        }
        if st.ignoring() {
            return Ok(());
        }

        let args = &p[after..];
        match word {
            b"export" | b"unexport" => {
                self.record_waiting(st)?;
                let exporting = word == b"export";
                if args.is_empty() {
                    self.db.export_all = exporting;
                } else {
                    let names = self.expand_text(args)?;
                    for n in crate::patterns::words(&names) {
                        if self.vars.lookup(n).is_none() {
                            // Defined empty and simple, as in GNU: a later
                            // `+=` expands what it adds.
                            let mut v = Var::new(Vec::new(), Flavor::Simple, Origin::File);
                            v.loc = Some(loc);
                            self.vars.global.set(n, v);
                        }
                        let e = if exporting {
                            Export::Export
                        } else {
                            Export::Unexport
                        };
                        // The variable seen in the context (a target's,
                        // while its recipe expands an `$(eval)`), as GNU
                        // sets the one it looks up.
                        let global = self.vars.global.get(n).map(|v| v as *const Var);
                        match self.vars.lookup(n) {
                            Some(v) if Some(v as *const Var) != global => v.export.set(e),
                            _ => {
                                if let Some(v) = self.lookup_var_mut(n) {
                                    v.export.set(e);
                                }
                            }
                        }
                    }
                }
                return Ok(());
            }
            b"vpath" => {
                self.record_waiting(st)?;
                let v = self.expand_text(args)?;
                let mut opened = Vec::new();
                for d in self.vpath.directive(&v) {
                    self.fs.note_dir_opened(d);
                    if self.dir_epochs.is_some() {
                        opened.push(d.to_vec());
                    }
                }
                for d in opened {
                    self.look_in_dir(&d);
                }
                return Ok(());
            }
            b"include" | b"-include" | b"sinclude" => {
                self.record_waiting(st)?;
                let noerror = word[0] != b'i';
                let names = self.expand_text(args)?;
                if names.iter().all(|&c| crate::patterns::is_ws(c)) {
                    return Ok(());
                }
                self.include_makefiles(&names, noerror, st.set_default, &loc)?;
                self.loc = Some(loc);
                return Ok(());
            }
            b"load" | b"-load" => {
                self.record_waiting(st)?;
                let names = self.expand_text(args)?;
                self.load_directive(&names, word[0] == b'-', &loc)?;
                self.loc = Some(loc);
                return Ok(());
            }
            _ => {}
        }
        if text[0] == prefix {
            return Err(MakeError::at(Some(&loc), ErrorKind::RecipeBeforeTarget));
        }
        self.rule_line(st, text, &loc)
    }

    /// A rule line (or a target-specific variable assignment).
    fn rule_line(&mut self, st: &mut State, line: &mut Vec<u8>, loc: &Loc) -> Result<()> {
        self.record_waiting(st)?;
        // For a "missing separator" error, what the line looked like.
        let spaces_for_tab = line.starts_with(b"        ");
        let bad_ifeq = {
            let t = &line[parser::next_token(line, 0)..];
            t.starts_with(b"if")
                && ((t[2..].starts_with(b"neq") && !t.get(5).is_some_and(|&c| parser::is_blank(c)))
                    || (t[2..].starts_with(b"eq")
                        && !t.get(4).is_some_and(|&c| parser::is_blank(c))))
        };
        let mut cmdleft: Option<Vec<u8>> = None;
        let mut semi_text: Option<Vec<u8>> = None;
        if let Some(i) = parser::find_unquote(line, b";#", true) {
            if line[i] == b'#' {
                line.truncate(i);
            } else {
                cmdleft = Some(line[i + 1..].to_vec());
                semi_text = Some(line[i..].to_vec());
                line.truncate(i);
            }
        }
        let collapsed;
        let line: &[u8] = if line.contains(&b'\n') {
            collapsed = parser::collapse_continuations(line, self.db.posix);
            &collapsed
        } else {
            line
        };
        let (wt, b, e) = parser::next_mword(line, 0);
        match wt {
            MWord::Eol => {
                if cmdleft.is_some() {
                    return Err(MakeError::msg(Some(loc), "missing rule before recipe"));
                }
                return Ok(());
            }
            MWord::Colon | MWord::DColon | MWord::AmpColon | MWord::AmpDColon => {
                st.no_targets = true;
                return Ok(());
            }
            _ => {}
        }
        let mut buf = self.take_buffer();
        self.expand_src_into(&line[b..e], &mut buf)?;
        let mut lb_next = e;
        // Only the newly expanded word is searched for `;` and `:`.
        let mut from = 0;
        let colon;
        loop {
            if cmdleft.is_none() {
                if let Some(i) = parser::find_unquote_from(&mut buf, from, b";", false) {
                    let rest = self.expand_text(&line[lb_next..])?;
                    let mut c = buf[i + 1..].to_vec();
                    c.extend_from_slice(&rest);
                    cmdleft = Some(c);
                    buf.truncate(i);
                    lb_next = line.len();
                }
            }
            if let Some(c) = parser::find_unquote_from(&mut buf, from, b":", false) {
                colon = Some(if c > from && buf[c - 1] == b'&' {
                    c - 1
                } else {
                    c
                });
                break;
            }
            let (t, nb, ne) = parser::next_mword(line, lb_next);
            lb_next = ne;
            if t == MWord::Eol {
                colon = None;
                break;
            }
            buf.push(b' ');
            from = buf.len();
            self.expand_src_into(&line[nb..ne], &mut buf)?;
        }
        let Some(colon) = colon else {
            if parser::skip_ws(&buf).is_empty() {
                return Ok(());
            }
            if self.recipe_prefix == b'\t' && spaces_for_tab {
                return Err(MakeError::at(Some(loc), ErrorKind::MissingSeparatorTab));
            }
            if bad_ifeq {
                return Err(MakeError::msg(
                    Some(loc),
                    "missing separator (ifeq/ifneq must be followed by whitespace)",
                ));
            }
            return Err(MakeError::at(Some(loc), ErrorKind::MissingSeparator));
        };
        let grouped = buf[colon] == b'&';
        let targets: Vec<Vec<u8>> = parser::split_file_seq(&buf[..colon], b"").0;
        let mut p = colon + if grouped { 1 } else { 0 };
        if targets.is_empty() {
            st.no_targets = true;
            return Ok(());
        }
        p += 1; // the colon
        let double_colon = buf.get(p) == Some(&b':');
        if double_colon {
            p += 1;
        }
        // The rest: expanded text after the colon, then unexpanded text.
        let mut rest = buf[p..].to_vec();
        let plen = rest.len();
        rest.extend_from_slice(&line[lb_next..]);
        if let Some((mods, assign)) = parser::parse_var_assignment(&rest, true) {
            let mut text = assign.to_vec();
            if let Some(s) = &semi_text {
                text.extend_from_slice(&parser::collapse_continuations(s, self.db.posix));
            }
            let origin = if mods.override_ {
                Origin::Override
            } else {
                Origin::File
            };
            return self.target_var(&targets, &text, origin, &mods, loc);
        }
        // A normal rule: expand the rest of the line.
        self.give_buffer(buf);
        let mut unexp = self.take_buffer();
        unexp.extend_from_slice(&rest[plen..]);
        rest.truncate(plen);
        let _ = parser::find_unquote(&mut unexp, b"=", true);
        self.expand_src_into(&unexp, &mut rest)?;
        self.give_buffer(unexp);
        if cmdleft.is_none() {
            if let Some(i) = parser::find_unquote(&mut rest, b";", false) {
                cmdleft = Some(rest[i + 1..].to_vec());
                rest.truncate(i);
            }
        }
        // A static pattern rule: `targets: PATTERN: prereqs`.
        let mut pattern = None;
        if let Some(c) = find_unescaped_colon(&rest) {
            let pats = parser::split_file_seq(&rest[..c], b"").0;
            if pats.is_empty() {
                return Err(MakeError::msg(Some(loc), "missing target pattern"));
            }
            if pats.len() > 1 {
                return Err(MakeError::msg(Some(loc), "multiple target patterns"));
            }
            if !pats[0].contains(&b'%') {
                return Err(MakeError::msg(Some(loc), "target pattern contains no '%'"));
            }
            pattern = Some(pats[0].clone());
            rest.drain(..=c);
        }
        // The prerequisites: the rest, trimmed in place of all white space
        // (C's isspace, as GNU's strip_whitespace: a newline an expansion
        // left at the end goes too).
        let sp = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
        let end = rest.iter().rposition(|c| !sp(c)).map_or(0, |i| i + 1);
        rest.truncate(end);
        let start = rest.iter().position(|c| !sp(c)).unwrap_or(rest.len());
        rest.drain(..start);
        let deps = rest;
        let mut pending = Pending {
            targets,
            pattern,
            deps,
            double_colon,
            grouped,
            lines: Vec::new(),
            has_recipe: false,
            cmds_started: loc.line,
            tgts_started: loc.line,
            prefix: self.recipe_prefix,
        };
        if let Some(mut c) = cmdleft {
            end_recipe_line(&mut c);
            pending.has_recipe = true;
            pending.lines = c;
        }
        // Special targets like .POSIX take effect while reading, before the
        // rule's recipe lines; the default goal is the first name the
        // targets stand for (globs, `~` and archive members expanded).
        let names = crate::record::target_names(&pending.targets);
        self.check_specials(&names);
        st.no_targets = false;
        st.pending = Some(pending);
        Ok(())
    }

    /// Hands the rule being collected to the rule database.
    fn record_waiting(&mut self, st: &mut State) -> Result<()> {
        st.no_targets = false;
        let Some(p) = st.pending.take() else {
            return Ok(());
        };
        // `\:` in the prerequisites is a colon (also for their second
        // expansion); only a backslash can make unescaping change the text.
        let deps = if memchr::memchr(b'\\', &p.deps).is_some() {
            parser::unescape_char(&p.deps, b':')
        } else {
            p.deps
        };
        let (prereqs, order_only) = split_deps(&deps);
        let recipe = if p.has_recipe {
            Some(Recipe::with_prefix(
                p.lines,
                Loc::new(st.file, p.cmds_started),
                p.prefix,
            ))
        } else {
            None
        };
        let def = RuleDef {
            targets: p.targets,
            target_pattern: p.pattern,
            prereqs,
            order_only,
            raw_deps: deps,
            double_colon: p.double_colon,
            grouped: p.grouped,
            recipe,
            loc: Loc::new(st.file, p.tgts_started),
        };
        let r = self.record_rule(def);
        // --debug=v: a directory the rule's globbing read anew says so now.
        if self.dir_epochs.is_some() {
            self.look_in_dirs_globbed();
        }
        r
    }

    /// `TARGETS: [modifiers] NAME OP VALUE`.
    fn target_var(
        &mut self,
        targets: &[Vec<u8>],
        text: &[u8],
        origin: Origin,
        mods: &Modifiers,
        loc: &Loc,
    ) -> Result<()> {
        // Each target's definition is made in that target's own context:
        // its earlier target-specific variables are visible to the name and
        // to `:=` values.
        // A target without variables yet still has a context: global
        // private variables are hidden in it.
        // The names are grouped as a rule's are (`lib(a b)`).
        let grouped: Vec<Vec<u8>>;
        let targets = if targets.iter().any(|w| w.contains(&b'(')) {
            let words: Vec<&[u8]> = targets
                .iter()
                .map(|w| crate::rules::strip_dot_slash(w))
                .collect();
            grouped = crate::archive::expand_groups(&words, false)
                .into_iter()
                .flatten()
                .collect();
            &grouped[..]
        } else {
            targets
        };
        for t in targets {
            if !t.contains(&b'%') {
                // GNU enters the file, with its variable set, before it
                // reads the definition (which may fail).
                self.enter_target_var_files(t);
            }
            let own = self.target_var_set(t);
            let pushed = own.is_some() || !t.contains(&b'%');
            if pushed {
                let set = own.unwrap_or_default();
                self.vars.target_chain.insert(0, (set, true));
            }
            let saved = match t.contains(&b'%') {
                true => self.defining_target_var.take(),
                false => self
                    .defining_target_var
                    .replace((t.clone(), self.vars.locals.depth())),
            };
            let r = self.target_var_one(t, text, origin, mods, loc);
            self.defining_target_var = saved;
            if pushed {
                self.vars.target_chain.remove(0);
            }
            r?;
        }
        Ok(())
    }

    /// The variable set a target- or pattern-specific definition goes in,
    /// if it has one already.
    fn target_var_set(&self, t: &[u8]) -> Option<Rc<crate::vars::VarSet>> {
        // GNU reads a pattern-specific definition in the global context.
        if t.contains(&b'%') {
            return None;
        }
        self.db
            .get(t)
            .and_then(|id| self.db.file(id).ext().vars.clone())
    }

    fn target_var_one(
        &mut self,
        target: &[u8],
        text: &[u8],
        origin: Origin,
        mods: &Modifiers,
        loc: &Loc,
    ) -> Result<()> {
        let Some(a) = parser::parse_assignment(text) else {
            return Ok(());
        };
        // The text is trimmed (by parse_assignment), not its expansion (as
        // in GNU).
        let name = self.expand_text(a.name)?;
        if name.is_empty() {
            return Err(MakeError::at(Some(loc), ErrorKind::EmptyVariableName));
        }
        // For a pattern, `:::=` and `!=` are done when the variable is set
        // for a file (each time), as GNU does.
        let pattern = crate::rules::find_percent(target).is_some();
        let deferred = match a.op {
            AssignOp::Expand if pattern => Some(Deferred::Expand),
            AssignOp::Shell if pattern => Some(Deferred::Shell),
            _ => None,
        };
        // (A shell run for the value sets the target's .SHELLSTATUS: see
        // `defining_target_var`.)
        let (value, flavor, append, conditional) =
            match self.target_var_value(&a, deferred.is_some()) {
                Ok(v) => v,
                Err(e) => {
                    // GNU has made a pattern's variable (its value as written,
                    // its modifiers not yet given) before it expands a `:=`
                    // value: -p shows it after the error.
                    if pattern && a.op == AssignOp::Simple {
                        let mut v = Var::new(a.value.to_vec(), Flavor::Simple, origin);
                        v.loc = Some(*loc);
                        self.record_target_var(&[target.to_vec()], &name, v, None)?;
                    }
                    return Err(e);
                }
            };
        let mut v = Var::new(value, flavor, origin);
        v.append = append;
        v.conditional = conditional;
        v.private = mods.private;
        v.loc = Some(*loc);
        if let Some(e) = mods.export {
            v.export
                .set(if e { Export::Export } else { Export::Unexport });
        }
        // A target's `?=` for a variable visible already (its own, or a
        // global one) defines nothing: GNU's definition gives back the one
        // found, which then takes the modifiers and is no other than the
        // command line's (so keeps its value).
        let found = conditional && !pattern && self.vars.lookup(&name).is_some();
        // An override definition of the target's own stays what GNU's
        // definition gives back (a weaker one changes no value), and that
        // one is not reset to the command line's value.
        let overridden = !pattern
            && self
                .target_var_set(target)
                .and_then(|set| set.get(&name).map(|v| v.origin))
                .is_some_and(|o| o == Origin::Override);
        let mut shown_recursive = false;
        if origin != Origin::Override && !found && !overridden {
            if let Some(g) = self.vars.global.get(&name) {
                if g.origin == Origin::EnvironmentOverride || g.origin == Origin::CommandLine {
                    shown_recursive = pattern && g.is_recursive();
                    let flavor = match (pattern, a.op) {
                        (true, AssignOp::Simple) => Flavor::Simple,
                        (true, _) => Flavor::Recursive,
                        _ => g.flavor,
                    };
                    let mut gv = Var::new(g.value.clone(), flavor, g.origin);
                    gv.private = v.private;
                    gv.export.set(v.export.get());
                    gv.loc = v.loc;
                    // The target's own variable, reset so before, is
                    // stronger than this definition: GNU leaves it as it
                    // was, where it was defined.
                    if !pattern {
                        let own = self
                            .target_var_set(target)
                            .and_then(|set| set.get(&name).map(|v| (v.origin, v.loc)));
                        if let Some((o, loc)) = own {
                            if o == Origin::CommandLine || o == Origin::EnvironmentOverride {
                                gv.loc = loc;
                            }
                        }
                    }
                    if pattern {
                        // GNU resets only the value: the assignment is
                        // still done (appended, run, expanded...) when
                        // the variable is set for a file.
                        gv.append = v.append;
                        gv.conditional = v.conditional;
                    }
                    v = gv;
                }
            }
        }
        self.record_target_var(&[target.to_vec()], &name, v, deferred)?;
        if shown_recursive {
            if let Some(pv) = self.db.pattern_vars.last_mut() {
                pv.shown_recursive = true;
            }
        }
        Ok(())
    }

    /// A target-specific value: (value, flavor, append, conditional).
    fn target_var_value(
        &mut self,
        a: &parser::Assignment<'_>,
        deferred: bool,
    ) -> Result<(Vec<u8>, Flavor, bool, bool)> {
        Ok(match a.op {
            _ if deferred => (a.value.to_vec(), Flavor::Recursive, false, false),
            AssignOp::Simple => (self.expand_text(a.value)?, Flavor::Simple, false, false),
            AssignOp::Expand => (
                escape_dollars(&self.expand_text(a.value)?),
                Flavor::Recursive,
                false,
                false,
            ),
            AssignOp::Shell => {
                let c = self.expand_text(a.value)?;
                (self.shell_result(&c)?, Flavor::Recursive, false, false)
            }
            AssignOp::Recursive => (a.value.to_vec(), Flavor::Recursive, false, false),
            AssignOp::Conditional => (a.value.to_vec(), Flavor::Recursive, false, true),
            AssignOp::Append => (a.value.to_vec(), Flavor::Recursive, true, false),
        })
    }

    /// Appends a name to `MAKEFILE_LIST`.
    pub fn add_makefile_list(&mut self, name: &[u8]) {
        self.add_makefile_list_at(name, name);
    }

    /// Appends `name` to `MAKEFILE_LIST`, located at line 1 of `written`
    /// (the makefile's name as written: GNU's location for it).
    pub fn add_makefile_list_at(&mut self, name: &[u8], written: &[u8]) {
        // GNU records the location as line 1 of the makefile being added.
        let loc = Loc::new(SrcName::intern(written), 1);
        // GNU appends with origin file: a command-line, override or
        // environment override (-e) value stays as it is.
        if self
            .vars
            .global
            .get(b"MAKEFILE_LIST")
            .is_some_and(|v| v.origin > Origin::File)
        {
            return;
        }
        // Appended in place (deeply nested includes make it long).
        if self.vars.locals.is_empty() {
            if let Some(mut x) = self.vars.global.get_mut(b"MAKEFILE_LIST") {
                x.append_value(name);
                x.loc = Some(loc);
                return;
            }
        }
        let mut v = self.var_raw(b"MAKEFILE_LIST");
        if !v.is_empty() {
            v.push(b' ');
        }
        v.extend_from_slice(name);
        let origin = self
            .vars
            .global
            .get(b"MAKEFILE_LIST")
            .map(|v| v.origin)
            .unwrap_or(Origin::File);
        let missing = if let Some(mut x) = self.vars.global.get_mut(b"MAKEFILE_LIST") {
            x.set_value(v);
            x.loc = Some(loc);
            None
        } else {
            Some(v)
        };
        if let Some(v) = missing {
            self.set_global(b"MAKEFILE_LIST", v, Flavor::Simple, origin, None);
        }
    }
}

/// GNU keeps a newline after every recipe line it reads, so a last line of
/// the file ending in a backslash and no newline still ends in
/// backslash-newline (which the echo and the shell show).
fn end_recipe_line(lines: &mut Vec<u8>) {
    let backslashes = lines.iter().rev().take_while(|&&c| c == b'\\').count();
    if backslashes % 2 == 1 {
        lines.push(b'\n');
    }
}

/// `$` doubled, for `:::=`.
pub fn escape_dollars(s: &[u8]) -> Vec<u8> {
    let mut o = Vec::with_capacity(s.len());
    for &c in s {
        if c == b'$' {
            o.push(b'$');
        }
        o.push(c);
    }
    o
}

/// Splits prerequisites at an unquoted `|` into normal and order-only.
pub fn split_deps(s: &[u8]) -> (parser::Words, parser::Words) {
    let (normal, end) = parser::split_file_seq_words(s, b"|");
    if end >= s.len() {
        return (normal, parser::Words::default());
    }
    let (order, _) = parser::split_file_seq_words(&s[end + 1..], b"");
    (normal, order)
}

/// The first `:` not escaped by an odd number of backslashes.
fn find_unescaped_colon(s: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b':', s).find(|&i| {
        let nb = s[..i].iter().rev().take_while(|&&c| c == b'\\').count();
        nb % 2 == 0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Options;
    use crate::output::Output;

    fn make() -> Make {
        Make::new(Options::default(), Output::new(b"make".to_vec(), 0))
    }

    fn eval(text: &str) -> Make {
        let mut mk = make();
        mk.eval_makefile_text(b"Makefile", Rc::from(text.as_bytes()), true)
            .expect("evaluates");
        mk
    }

    fn val(mk: &mut Make, name: &str) -> String {
        String::from_utf8(mk.var_value(name.as_bytes()).expect("expands")).expect("utf8")
    }

    #[test]
    fn flavors() {
        let mut mk = eval("x = 1\ny := $(x) 2\nx = 3\nz = $(x)\nw :::= $(x)$$\n");
        assert_eq!(val(&mut mk, "y"), "1 2");
        assert_eq!(val(&mut mk, "z"), "3");
        assert_eq!(
            mk.vars.global.get(b"w").map(|v| v.value.clone()),
            Some(b"3$$".to_vec())
        );
    }

    #[test]
    fn append_and_conditional() {
        let mut mk = eval("a := x\na += y\nb = $(a)\nb += z\nc ?= 1\nc ?= 2\n");
        assert_eq!(val(&mut mk, "a"), "x y");
        assert_eq!(val(&mut mk, "b"), "x y z");
        assert_eq!(val(&mut mk, "c"), "1");
    }

    #[test]
    fn conditionals_and_else_if() {
        let mut mk = eval(
            "a = 1\nifeq ($(a),2)\nr = two\nelse ifeq '$(a)' \"1\"\nr = one\nelse\nr = other\nendif\n\
             ifdef a\nd = yes\nendif\nifndef nope\nn = yes\nendif\n",
        );
        assert_eq!(val(&mut mk, "r"), "one");
        assert_eq!(val(&mut mk, "d"), "yes");
        assert_eq!(val(&mut mk, "n"), "yes");
    }

    #[test]
    fn define_and_undefine() {
        let mut mk =
            eval("define v\nline1\n  line2\nendef\ndefine s :=\n$(v)\nendef\nq = 1\nundefine q\n");
        assert_eq!(val(&mut mk, "v"), "line1\n  line2");
        assert_eq!(val(&mut mk, "s"), "line1\n  line2");
        assert!(mk.vars.lookup(b"q").is_none());
    }

    #[test]
    fn continuations_and_comments() {
        let mut mk = eval("a = x \\\n    y # c\nb = p\\#q\n");
        assert_eq!(val(&mut mk, "a"), "x y ");
        assert_eq!(val(&mut mk, "b"), "p#q");
    }

    #[test]
    fn errors_carry_locations() {
        let mut mk = make();
        let e = mk
            .eval_makefile_text(b"Makefile", Rc::from(&b"a = 1\nfoo\n"[..]), true)
            .unwrap_err();
        assert_eq!(e.to_string(), "Makefile:2: missing separator");
        let e = mk
            .eval_makefile_text(b"M", Rc::from(&b"ifdef x\n"[..]), true)
            .unwrap_err();
        assert_eq!(e.to_string(), "M:2: missing 'endif'");
        let e = mk
            .eval_makefile_text(b"M", Rc::from(&b"endif\n"[..]), true)
            .unwrap_err();
        assert_eq!(e.to_string(), "M:1: extraneous 'endif'");
        let e = mk
            .eval_makefile_text(b"M", Rc::from(&b"\techo\n"[..]), true)
            .unwrap_err();
        assert_eq!(e.to_string(), "M:1: recipe commences before first target");
    }

    #[test]
    fn default_goal_is_first_ordinary_target() {
        let mut mk = eval(".PHONY: x\n%.o: %.c\nall: a\nb:\n");
        assert_eq!(val(&mut mk, ".DEFAULT_GOAL"), "all");
    }

    #[test]
    fn recipe_prefix() {
        let mut mk = eval(".RECIPEPREFIX = >\nall:\n> echo hi\n");
        assert_eq!(mk.recipe_prefix, b'>');
        assert_eq!(val(&mut mk, ".DEFAULT_GOAL"), "all");
    }

    #[test]
    fn unescaped_colon_skips_quoted_ones() {
        assert_eq!(find_unescaped_colon(b"a\\:b:c"), Some(4));
        assert_eq!(find_unescaped_colon(b"a\\\\:b"), Some(3));
        assert_eq!(find_unescaped_colon(b"\\:"), None);
        assert_eq!(find_unescaped_colon(b"abc"), None);
    }

    #[test]
    fn deps_split_at_bar() {
        let (n, o) = split_deps(b"a b | c d");
        assert_eq!(n.iter().collect::<Vec<_>>(), vec![&b"a"[..], b"b"]);
        assert_eq!(o.iter().collect::<Vec<_>>(), vec![&b"c"[..], b"d"]);
        assert_eq!(n.len(), 2);
    }
}
