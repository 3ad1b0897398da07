//! Running a target's recipe: splitting it into lines, the `@ - +`
//! prefixes, expansion with the automatic variables, echoing, running each
//! line through the `Runner`, and GNU's error messages.

use std::rc::Rc;

use crate::error::{Loc, Result};
use crate::exec::Status;
use crate::fs::MTime;
use crate::make::Make;
use crate::rules::{CommandState, FileId, Recipe, UpdateStatus};
use crate::vars::{Flavor, Origin, Var, VarSet};

const SILENT: u8 = 1;
pub(crate) const NOERROR: u8 = 2;
const RECURSE: u8 = 4;

/// The C library's description of signal `sig` (`strsignal`:
/// `Segmentation fault`, `Real-time signal 0`), in the user's language as
/// GNU make's is (see [`crate::locale::for_messages`]).
pub fn signal_description(sig: i32) -> Vec<u8> {
    crate::locale::for_messages();
    // SAFETY: strsignal returns a NUL-terminated string (static, or in a
    // buffer of this thread's), copied at once.
    unsafe {
        let p = libc::strsignal(sig);
        if p.is_null() {
            return format!("Unknown signal {sig}").into_bytes();
        }
        std::ffi::CStr::from_ptr(p).to_bytes().to_vec()
    }
}

/// Whether `shell`'s basename is a known POSIX shell.
pub fn is_bourne_compatible_shell(shell: &[u8]) -> bool {
    let base = match shell.iter().rposition(|&c| c == b'/') {
        Some(i) => &shell[i + 1..],
        None => shell,
    };
    matches!(
        base,
        b"sh" | b"bash" | b"dash" | b"ksh" | b"rksh" | b"zsh" | b"ash"
    )
}

/// Splits a recipe into the lines GNU runs (one with `.ONESHELL`), with
/// each line's prefix flags.
pub fn chop(recipe: &Recipe, one_shell: bool) -> Vec<(Vec<u8>, u8)> {
    let text = recipe.text();
    let mut lines: Vec<Vec<u8>> = Vec::new();
    if one_shell {
        lines.push(text.to_vec());
    } else {
        let mut start = 0;
        let mut i = 0;
        while i < text.len() {
            if text[i] == b'\n' {
                let mut n = 0;
                while n < i - start && text[i - 1 - n] == b'\\' {
                    n += 1;
                }
                if n % 2 == 0 {
                    lines.push(text[start..i].to_vec());
                    start = i + 1;
                }
            }
            i += 1;
        }
        if start < text.len() {
            lines.push(text[start..].to_vec());
        }
    }
    lines
        .into_iter()
        .map(|l| {
            let mut flags = 0;
            let mut p = 0;
            while p < l.len() && matches!(l[p], b' ' | b'\t' | b'-' | b'@' | b'+') {
                match l[p] {
                    b'+' => flags |= RECURSE,
                    b'@' => flags |= SILENT,
                    b'-' => flags |= NOERROR,
                    _ => {}
                }
                p += 1;
            }
            let rest = &l[p..];
            if flags & RECURSE == 0 && (contains(rest, b"$(MAKE)") || contains(rest, b"${MAKE}")) {
                flags |= RECURSE;
            }
            (l, flags)
        })
        .collect()
}

fn contains(h: &[u8], n: &[u8]) -> bool {
    h.windows(n.len()).any(|w| w == n)
}

/// Inside `$(...)`/`${...}` references, replaces backslash-newline and the
/// whitespace around it with one space (GNU's `new_job`).
fn collapse_in_refs(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        let c = line[i];
        out.push(c);
        i += 1;
        if c != b'$' || i >= line.len() || !matches!(line[i], b'(' | b'{') {
            continue;
        }
        let open = line[i];
        let close = if open == b'(' { b')' } else { b'}' };
        out.push(open);
        i += 1;
        let outref = out.len();
        let refstart = i - 1;
        let mut count = 0i32;
        while i < line.len() {
            let ch = line[i];
            if ch == close {
                count -= 1;
                if count < 0 {
                    break;
                }
                out.push(ch);
                i += 1;
            } else if ch == b'\\' && line.get(i + 1) == Some(&b'\n') {
                let mut quoted = false;
                let mut p = i;
                while p > refstart + 1 && line[p - 1] == b'\\' {
                    quoted = !quoted;
                    p -= 1;
                }
                if quoted {
                    out.push(ch);
                    i += 1;
                } else {
                    i += 2;
                    while i < line.len() && crate::patterns::is_ws(line[i]) {
                        i += 1;
                    }
                    while out.len() > outref && matches!(out.last(), Some(b' ') | Some(b'\t')) {
                        out.pop();
                    }
                    out.push(b' ');
                }
            } else {
                if ch == open {
                    count += 1;
                }
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

fn is_ar_name(name: &[u8]) -> Option<usize> {
    let open = name.iter().position(|&c| c == b'(')?;
    (open > 0 && name.len() > open + 1 && name.last() == Some(&b')')).then_some(open)
}

fn auto_var(set: &mut VarSet, name: &[u8], value: Vec<u8>) {
    set.set(name, Var::new(value, Flavor::Simple, Origin::Automatic));
}

fn join(list: &[Vec<u8>]) -> Vec<u8> {
    list.join(&b' ')
}

/// What builds a command's argument list (see `Make::shell_settings`).
pub(crate) struct ShellSettings {
    pub shell: Vec<u8>,
    pub flags: Vec<u8>,
    pub ifs: Option<Vec<u8>>,
    /// `.SHELLFLAGS` is make's own (under .POSIX its `-ec` gives way to
    /// `-c` for a line with a `-` prefix).
    pub default_flags: bool,
    /// One of them has something to expand (or appends): GNU expands
    /// them again for each command.
    pub dynamic: bool,
}

/// Saved expansion context, restored after a recipe.
struct SavedContext {
    file: FileId,
    auto: Option<Rc<VarSet>>,
    chain: Vec<(Rc<VarSet>, bool)>,
    loc: Option<Loc>,
}

impl Make {
    /// Whether any line of the file's recipe is recursive (`+`, `$(MAKE)`).
    pub fn recipe_any_recurse(&self, f: FileId) -> bool {
        match &self.db.file(f).recipe {
            Some(r) => chop(r, self.db.one_shell)
                .iter()
                .any(|(_, fl)| fl & RECURSE != 0),
            None => false,
        }
    }

    /// Whether every line of the file's recipe is recursive.
    pub fn recipe_all_recurse(&self, f: FileId) -> bool {
        match &self.db.file(f).recipe {
            Some(r) => {
                let l = chop(r, self.db.one_shell);
                // A last recipe line left empty (`chop` drops it) is one of
                // GNU's lines too, and not a recursive one.
                let text = r.text();
                let empty_last = !self.db.one_shell
                    && text.last() == Some(&b'\n')
                    && text[..text.len() - 1]
                        .iter()
                        .rev()
                        .take_while(|&&c| c == b'\\')
                        .count()
                        % 2
                        == 0;
                let found = &self.db.file(f).ext().recurse_lines;
                !l.is_empty()
                    && !empty_last
                    && l.iter()
                        .enumerate()
                        .all(|(i, (_, fl))| fl & RECURSE != 0 || found.contains(&i))
            }
            None => false,
        }
    }

    /// The automatic variables of `f` (GNU's `set_file_variables`).
    pub fn automatic_vars(&mut self, f: FileId) -> VarSet {
        let always = self.opts.always_make;
        let name = self.db.file(f).name.to_vec();
        let (at, percent) = match is_ar_name(&name) {
            Some(i) => (name[..i].to_vec(), name[i + 1..name.len() - 1].to_vec()),
            None => (name.clone(), Vec::new()),
        };
        if self.db.file(f).ext().stem.is_none() {
            let base: &[u8] = match is_ar_name(&name) {
                Some(i) => &name[i + 1..name.len() - 1],
                None => &name,
            };
            let mut stem = Vec::new();
            // GNU enters `.SUFFIXES` here (no longer only a built-in).
            self.db.intern(b".SUFFIXES");
            for s in self.db.suffix_names() {
                if base.len() > s.len() && base.ends_with(s) {
                    stem = base[..base.len() - s.len()].to_vec();
                    break;
                }
            }
            self.db.file_mut(f).ext_mut().stem = Some(stem.into());
        }
        let star = self
            .db
            .file(f)
            .ext()
            .stem
            .as_deref()
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        let file = self.db.file(f);
        let dname = |id: FileId| -> Vec<u8> {
            let n = &self.db.file(id).name;
            match is_ar_name(n) {
                Some(i) => n[i + 1..n.len() - 1].to_vec(),
                None => n.to_vec(),
            }
        };
        let mut less = file
            .deps
            .iter()
            .find(|d| !d.order_only && !d.ignore_auto)
            .map(|d| self.db.file(d.file).name.to_vec())
            .unwrap_or_default();
        // GNU's test is whether the file's recipe is the very one of
        // `.DEFAULT`: also true for a target of the rule that gave
        // `.DEFAULT` its recipe (`all .DEFAULT: ...`).
        let default_recipe = || {
            let d = self.db.get(b".DEFAULT")?;
            Some(std::ptr::eq(file.recipe?, self.db.file(d).recipe?))
        };
        if file.from_default || (file.recipe.is_some() && default_recipe() == Some(true)) {
            less = at.clone();
        }
        let mut plus = Vec::new();
        for d in file.deps.iter().filter(|d| !d.order_only && !d.ignore_auto) {
            plus.push(dname(d.file));
        }
        // $^ $? $|: first occurrence of each name; a name both order-only
        // and normal counts as normal. (A prerequisite from .EXTRA_PREREQS
        // is not an occurrence: the same name given by a rule later in the
        // list still counts.)
        let mut deps = file.deps.clone();
        let mut first: crate::hash::FxHashMap<FileId, usize> = Default::default();
        for i in 0..deps.len() {
            if deps[i].ignore_auto {
                continue;
            }
            match first.get(&deps[i].file) {
                None => {
                    first.insert(deps[i].file, i);
                }
                Some(&j) => {
                    if deps[i].order_only != deps[j].order_only {
                        deps[i].order_only = false;
                        deps[j].order_only = false;
                    }
                }
            }
        }
        let (mut caret, mut qmark, mut bar) = (Vec::new(), Vec::new(), Vec::new());
        for (i, d) in deps.iter().enumerate() {
            if first.get(&d.file) != Some(&i) || d.ignore_auto {
                continue;
            }
            if d.order_only {
                bar.push(dname(d.file));
            } else {
                caret.push(dname(d.file));
                if d.changed || always {
                    qmark.push(dname(d.file));
                }
            }
        }
        // The upgrade of order-only prerequisites is permanent, as in GNU,
        // also in the lists of group peers sharing the upgraded links.
        let upgraded: Vec<usize> = (0..deps.len())
            .filter(|&i| file.deps[i].order_only && !deps[i].order_only)
            .collect();
        self.db.file_mut(f).deps = deps;
        for i in upgraded {
            self.set_dep_upgraded(f, i);
        }
        let mut set = VarSet::with_capacity(8);
        auto_var(&mut set, b"<", less);
        auto_var(&mut set, b"*", star);
        auto_var(&mut set, b"@", at);
        auto_var(&mut set, b"%", percent);
        auto_var(&mut set, b"+", join(&plus));
        auto_var(&mut set, b"^", join(&caret));
        auto_var(&mut set, b"?", join(&qmark));
        auto_var(&mut set, b"|", join(&bar));
        if self.opts.print_data_base {
            self.keep_auto_vars(f, &set);
        }
        set
    }

    /// For `-p`: `f`'s automatic variables, as GNU's set for the file
    /// holds them; the files it was reached from (or the head of its
    /// double-colon chain) get a set too, empty if none yet, as GNU's
    /// `initialize_file_variables` gives them.
    pub fn keep_auto_vars(&mut self, f: FileId, set: &VarSet) {
        self.store_auto_vars(f, Rc::new(set.clone()));
        let mut seen = crate::rules::AncestryWalk::new(f);
        seen.first_visit(f);
        let mut cur = f;
        loop {
            let file = self.db.file(cur);
            let next = match file.ext().double_colon.get() {
                _ if file.ext().chain_merged.is_some() => file.ext().chain_parent.get(),
                Some(h) if h != cur => Some(h),
                _ => file.parent.get(),
            };
            let Some(n) = next else { break };
            if !seen.first_visit(n) {
                break;
            }
            let nf = self.db.file_mut(n);
            if nf.ext().auto_vars.is_none() {
                nf.ext_mut().auto_vars = Some(Rc::new(VarSet::default()));
            }
            cur = n;
        }
    }

    /// The target-specific variable sets in effect for `f`: its own, its
    /// pattern-specific ones, then those of the targets it was reached from.
    pub fn target_chain_for(&mut self, f: FileId) -> Result<Vec<(Rc<VarSet>, bool)>> {
        let mut chain = Vec::new();
        let mut own = true;
        let mut walk = crate::rules::AncestryWalk::new(f);
        let mut steps: Vec<(FileId, FileId)> = Vec::new();
        while let Some(step) = walk.step(&self.db) {
            steps.push(step);
        }
        // GNU sets up a file's parents' variables before its own: their
        // pattern-specific sets are built outermost first (a `?=` in one
        // gives the global variable it finds its modifiers, so the order
        // shows).
        if !self.db.pattern_vars.is_empty() {
            for &(_, head) in steps.iter().rev() {
                self.pattern_vars_for(head)?;
            }
        }
        for (id, head) in steps {
            if let Some(v) = &self.db.file(id).ext().vars {
                chain.push((v.clone(), own));
            } else if let Some(v) = &self.db.file(head).ext().vars {
                if own {
                    // A later double-colon entry has a set of its own
                    // (empty: variables are defined on the first entry),
                    // followed by its first entry's, whose private
                    // variables it sees but, that set not being its own,
                    // does not export.
                    chain.push((Rc::new(VarSet::default()), true));
                }
                chain.push((v.clone(), own));
            }
            // A later double-colon entry looks for no pattern-specific
            // variables of its own: it has its first entry's.
            if let Some(p) = self.pattern_vars_for(head)? {
                chain.push((p, own));
            }
            own = false;
        }
        Ok(chain)
    }

    /// For `-p`: `set` as `f`'s own variables. GNU's set lives as long as
    /// the file: what an earlier expansion in its context defined there
    /// (`.SHELLSTATUS`) and `set` does not have stays.
    fn store_auto_vars(&mut self, f: FileId, mut set: Rc<VarSet>) {
        if let Some(old) = &self.db.file(f).ext().auto_vars {
            if !Rc::ptr_eq(old, &set) && old.iter().any(|(n, _)| set.get(n).is_none()) {
                let new = Rc::make_mut(&mut set);
                for (n, v) in old.iter() {
                    if new.get(n).is_none() {
                        new.set(n, v.clone());
                    }
                }
            }
        }
        self.db.file_mut(f).ext_mut().auto_vars = Some(set);
    }

    fn enter_context(&mut self, f: FileId) -> Result<SavedContext> {
        // GNU sets a file's pattern-specific variables up before its
        // automatic ones (an error there leaves no `$@` in `-p`).
        let chain = match self.target_chain_for(f) {
            Ok(c) => c,
            Err(e) => {
                // The file's own set is there by then, empty (-p shows it).
                if self.opts.print_data_base {
                    self.keep_auto_vars(f, &crate::vars::VarSet::default());
                }
                return Err(e);
            }
        };
        let auto = Rc::new(self.automatic_vars(f));
        Ok(SavedContext {
            file: f,
            auto: self.vars.auto.replace(auto),
            chain: std::mem::replace(&mut self.vars.target_chain, chain),
            loc: self.loc,
        })
    }

    fn leave_context(&mut self, s: SavedContext) {
        // What the recipe's expansion added to the file's own set
        // (`.SHELLSTATUS`) shows in the data base.
        if self.opts.print_data_base {
            if let Some(a) = self.vars.auto.clone() {
                self.store_auto_vars(s.file, a);
            }
        }
        self.vars.auto = s.auto;
        self.vars.target_chain = s.chain;
        self.loc = s.loc;
    }

    /// Expands and runs `f`'s recipe (GNU's `execute_file_commands` and
    /// the job machinery, serially).
    pub fn execute_file_commands(&mut self, f: FileId) -> Result<()> {
        let recipe = match self.db.file(f).recipe {
            Some(r) => r,
            None => return Ok(()),
        };
        let text = recipe.text();
        if text
            .iter()
            .all(|&c| crate::patterns::is_ws(c) || matches!(c, b'-' | b'@' | b'+'))
        {
            self.db.file_mut(f).command_state = CommandState::Running;
            self.db.file_mut(f).update_status = UpdateStatus::Success;
            self.notice_finished_file(f, true);
            return Ok(());
        }
        let saved = self.enter_context(f)?;
        let outer = self.recipe_context.replace(f);
        self.unload_before_remake(f);
        let r = self.run_recipe(f, recipe);
        self.recipe_context = outer;
        self.leave_context(saved);
        r
    }

    fn run_recipe(&mut self, f: FileId, recipe: &Recipe) -> Result<()> {
        // GNU's new_job first starts the jobs waiting for the load to go
        // down, then reaps the children that ended meanwhile: a failure
        // there stops make before this recipe is expanded or started.
        self.start_waiting_jobs()?;
        if !self.jobs.running.is_empty() {
            self.reap_children(false)?;
        }
        let one_shell = self.db.one_shell;
        self.runner.set_one_shell(one_shell);
        let lines = chop(recipe, one_shell);
        let base = recipe.loc.line;
        // Under output sync, what the expansion and --trace print is held
        // with the job's output (shown before its first command if that
        // one is not synced).
        let sync = self.job_sync_files();
        let outer_capture = self.out.capture;
        if sync.is_some() {
            self.out.capture = sync;
        }
        let mut expanded = Vec::with_capacity(lines.len());
        for (i, (text, _)) in lines.iter().enumerate() {
            self.loc = reading_loc(recipe.loc.file, base + i as u32);
            self.recipe_line_offset = i as u32;
            let collapsed = collapse_in_refs(text);
            let e = self.expand_text(&collapsed);
            self.recipe_line_offset = 0;
            match e {
                Ok(e) => expanded.push(e),
                Err(e) => {
                    self.out.capture = outer_capture;
                    self.hold_fatal_output(sync);
                    return Err(e);
                }
            }
        }

        // GNU builds the first command's argument list here, where the
        // file's recipe is its reading context.
        let loc = std::mem::replace(&mut self.loc, reading_loc(recipe.loc.file, base));
        let sh = self.shell_settings();
        self.loc = loc;
        let sh = sh?;
        let file_flags = {
            let file = self.db.file(f);
            (if file.cmd_silent { SILENT } else { 0 })
                | (if file.cmd_noerror { NOERROR } else { 0 })
        };
        let job = crate::jobs::Job {
            file: f,
            lines: expanded
                .into_iter()
                .zip(lines.iter().map(|l| l.1))
                .collect(),
            loc_file: recipe.loc.file,
            recipe_id: recipe.text().as_ptr() as usize,
            base,
            prefix: recipe.prefix,
            one_shell,
            shell: sh.shell,
            shell_flags: sh.flags,
            ifs: sh.ifs,
            default_shell_flags: sh.default_flags,
            shell_dynamic: sh.dynamic,
            shell_fresh: true,
            file_flags,
            dontcare: self.db.file(f).dontcare,
            sync,
            ..Default::default()
        };
        self.out.capture = outer_capture;
        self.new_job(job)
    }

    /// The next command of a job (GNU's `job_next_command` and the prefix
    /// handling of `start_job_command`): the text without its `@-+`
    /// prefixes, and whether it is silent, ignores errors, is recursive.
    /// Blank commands are skipped; `None` at the end of the recipe.
    pub fn next_job_command(
        &mut self,
        job: &mut crate::jobs::Job,
    ) -> Result<Option<crate::jobs::Cmd>> {
        let mut primed = std::mem::take(&mut job.offset_primed);
        loop {
            if job.rest.is_empty() {
                if job.next_line >= job.lines.len() {
                    self.set_recipe_offset(job, 0);
                    return Ok(None);
                }
                job.rest = std::mem::take(&mut job.lines[job.next_line].0);
                job.cur_line = job.next_line;
                job.next_line += 1;
                if job.rest.is_empty() {
                    continue;
                }
            }
            let i = job.cur_line;
            let rest = std::mem::take(&mut job.rest);
            let mut flags = job.file_flags | job.lines[i].1;
            let mut noerror = flags & NOERROR != 0;
            let mut p = 0;
            while p < rest.len() {
                match rest[p] {
                    b'@' => flags |= SILENT,
                    b'+' => flags |= RECURSE,
                    b'-' => noerror = true,
                    b' ' | b'\t' => {}
                    _ => break,
                }
                p += 1;
            }
            let recursive = flags & RECURSE != 0;
            if recursive
                && job.lines[i].1 & RECURSE == 0
                && !self.db.file(job.file).ext().recurse_lines.contains(&i)
            {
                self.db.file_mut(job.file).ext_mut().recurse_lines.push(i);
            }
            // Remove the recipe prefix after each newline.
            let mut cmd: Vec<u8> = Vec::with_capacity(rest.len() - p);
            let mut k = p;
            while k < rest.len() {
                cmd.push(rest[k]);
                if rest[k] == b'\n' && rest.get(k + 1) == Some(&job.prefix) {
                    k += 1;
                }
                k += 1;
            }
            // GNU expands SHELL, `.SHELLFLAGS` and IFS again for each
            // command (the job's first had them as it was made).
            if !std::mem::replace(&mut job.shell_fresh, false) && job.shell_dynamic {
                self.job_shell_settings(job, i)?;
            }
            // Where this command ends (GNU's construct_command_argv): at a
            // newline, found the way the line is going to be split.
            let spec = crate::exec::ShellSpec {
                shell: &job.shell,
                flags: &job.shell_flags,
                ifs: job.ifs.as_deref(),
                one_shell: job.one_shell,
                posix_errexit: false,
            };
            let split = crate::exec::command_argv(&cmd, &spec, true);
            // With .ONESHELL and a Bourne shell, GNU strips the interior
            // prefixes in place: what is echoed, and what runs next when
            // a newline inside quotes ended the command, come from that
            // edited buffer (the stripped script, a NUL, then what is
            // left of the original past it).
            let buf = if job.one_shell && is_bourne_compatible_shell(&job.shell) {
                let mut b = crate::exec::argv::strip_interior_prefixes(&cmd);
                if b.len() < cmd.len() {
                    b.push(0);
                    b.extend_from_slice(&cmd[b.len()..]);
                }
                b
            } else {
                cmd.clone()
            };
            let (text, rest) = match split.end {
                Some(e) => (
                    crate::exec::argv::until_nul(&buf[..e]),
                    Some(crate::exec::argv::until_nul(&buf[e + 1..])),
                ),
                None => (crate::exec::argv::until_nul(&buf), None),
            };
            if let Some(r) = rest {
                job.rest = r.to_vec();
            }
            if split.argv.is_none() {
                // GNU takes the next command again (job_next_command),
                // which moves the recipe's line offset to it.
                job.skipped = true;
                primed = false;
                continue;
            }
            let text = text.to_vec();
            let run = if job.one_shell {
                crate::exec::argv::until_nul(&buf).to_vec()
            } else if split.end.is_some() && text.iter().all(|&c| c == b' ' || c == b'\t') {
                // Nothing before the newline, yet a command: GNU's test for
                // an empty command counts SHELL unescaped, so a SHELL with
                // shell syntax in it runs alone (`SHELL FLAGS`). The runner
                // splits what it is given again: with the newline it gets
                // the same words.
                let mut r = text.clone();
                r.push(b'\n');
                r
            } else {
                text.clone()
            };
            // (the first command's was set when the job was made; a
            // command passed over moves it again, as GNU's next_command)
            if !std::mem::take(&mut primed) {
                self.set_recipe_offset(job, i as u32);
            }
            return Ok(Some(crate::jobs::Cmd {
                text,
                run,
                silent: flags & SILENT != 0,
                noerror,
                recursive,
                line: i,
            }));
        }
    }

    /// SHELL, `.SHELLFLAGS` and IFS for `job`'s next command, from its
    /// recipe's line `line`, expanded in its file's context with that line
    /// as the reading context (GNU's construct_command_argv with the
    /// child's file, whose recipe's location has the line's offset).
    fn job_shell_settings(&mut self, job: &mut crate::jobs::Job, line: usize) -> Result<()> {
        let f = job.file;
        let saved = if self.recipe_context == Some(f) {
            None
        } else {
            Some(self.enter_context(f)?)
        };
        let loc = std::mem::replace(
            &mut self.loc,
            reading_loc(job.loc_file, job.base + line as u32),
        );
        let r = self.shell_settings();
        self.loc = loc;
        if let Some(saved) = saved {
            self.leave_context(saved);
        }
        let sh = r?;
        job.shell = sh.shell;
        job.shell_flags = sh.flags;
        job.ifs = sh.ifs;
        job.default_shell_flags = sh.default_flags;
        job.shell_dynamic = sh.dynamic;
        Ok(())
    }

    /// SHELL, `.SHELLFLAGS` and IFS as GNU expands them to build a command
    /// in the current context, --warn-undefined-variables off. An empty
    /// SHELL is used as it is (GNU then runs the flags as the program:
    /// "-c: No such file or directory").
    pub(crate) fn shell_settings(&mut self) -> Result<ShellSettings> {
        let dynamic = [&b"SHELL"[..], b".SHELLFLAGS", b"IFS"].iter().any(|n| {
            self.vars
                .lookup(n)
                .is_some_and(|v| v.append || v.value.contains(&b'$'))
        });
        let default_flags = self
            .vars
            .lookup(b".SHELLFLAGS")
            .is_some_and(|v| v.origin == Origin::Default);
        self.without_undefined_warnings(|mk| {
            Ok(ShellSettings {
                shell: mk.var_value(b"SHELL")?,
                flags: mk.shell_flags_value()?,
                ifs: mk.ifs_value()?,
                default_flags,
                dynamic,
            })
        })
    }

    /// `.SHELLFLAGS` as GNU's construct_command_argv takes it: the text of
    /// the definition in effect (for a target-specific `+=` only what it
    /// appends), expanded once more whatever its flavor, as text rather
    /// than as a variable (not marked as being expanded, and what it
    /// reports is located where the command is); empty when undefined.
    pub(crate) fn shell_flags_value(&mut self) -> Result<Vec<u8>> {
        let e = match self.vars.lookup(b".SHELLFLAGS") {
            None => return Ok(Vec::new()),
            Some(v) if !v.value.contains(&b'$') => return Ok(v.value.clone()),
            Some(v) => v.expr(),
        };
        let mut out = Vec::new();
        self.nested(|mk| mk.expand_into(&e, &mut out))?;
        Ok(out)
    }

    /// What a finished command's status means for its job: `None` to go
    /// on with the next command, or the job's final status. Prints GNU's
    /// error message and deletes the target as GNU does.
    pub fn job_command_status(
        &mut self,
        job: &crate::jobs::Job,
        status: Status,
    ) -> Option<UpdateStatus> {
        let f = job.file;
        if status == Status::Exited(127) && !job.cmd_name.is_empty() {
            self.explain_127(&job.cmd_name);
        }
        let loc = Loc::new(job.loc_file, job.base + self.recipe_offset(job));
        if status == Status::Exited(0) {
            return None;
        }
        let ignored = job.noerror || self.opts.ignore_errors;
        let name = self.db.file(f).name.to_vec();
        // Under -q a sub-make answering "out of date" (1) makes this target
        // out of date, silently (deleted as a failed one's is).
        let question = status == Status::Exited(1) && self.opts.question && job.recursive;
        // A makefile that need not exist fails silently.
        if ignored || !(job.dontcare || question) {
            self.child_error(&loc, &name, status, ignored);
        }
        if ignored {
            return None;
        }
        if (matches!(status, Status::Signaled(_)) || self.db.delete_on_error) && !job.not_started {
            // GNU says it outside the job's output (not held by output
            // sync): before the held error message and commands.
            let capture = self.out.capture.take();
            self.delete_target(f, None);
            for a in self.db.file(f).ext().also_make.clone() {
                self.delete_target(a, Some(&name));
            }
            self.out.capture = capture;
        }
        Some(match question {
            true => UpdateStatus::Question,
            false => UpdateStatus::Failed,
        })
    }

    /// GNU's guess at why a child ended with status 127 (what some
    /// posix_spawn implementations give for a program they could not
    /// run), from the program its job last started, which may be of an
    /// earlier command when this one could not start: `PROG: REASON` on
    /// stderr (not held by output sync) when PROG is gone, a directory,
    /// not executable by its owner, or empty.
    fn explain_127(&mut self, program: &[u8]) {
        use std::os::unix::fs::MetadataExt;
        let reason = match std::fs::metadata(crate::fs::path(program)) {
            Err(e) => crate::exec::error_text(&e),
            Ok(m) if m.is_dir() || m.mode() & 0o100 == 0 => crate::exec::strerror(libc::EACCES),
            Ok(m) if m.len() == 0 => crate::exec::strerror(libc::ENOEXEC),
            Ok(_) => return,
        };
        let mut m = program.to_vec();
        m.extend_from_slice(b": ");
        m.extend_from_slice(&reason);
        let capture = self.out.capture.take();
        self.out.error(None, &m);
        self.out.capture = capture;
    }

    /// The message for a command that could not be started.
    pub fn start_failure(&mut self, cmd: &[u8], e: &std::io::Error) {
        let mut m = crate::patterns::words(cmd).next().unwrap_or(b"").to_vec();
        m.extend_from_slice(b": ");
        m.extend_from_slice(&crate::exec::error_text(e));
        self.out.error(None, &m);
    }

    /// The environment for a job's children, computed in the target's
    /// variable context.
    /// Built once per job; when no line of the recipe is recursive, the
    /// jobserver is hidden from it (see [`Make::non_recursive_env`]).
    pub fn job_env(&mut self, f: FileId) -> Result<Rc<crate::exec::ChildEnv>> {
        // Only a pipe jobserver is hidden (looked at first: the recipe's
        // lines are not scanned for each job otherwise).
        let recursive = !self.jobserver_is_pipe() || self.recipe_any_recurse(f);
        if let Some(env) = self.remembered_job_env(f) {
            return Ok(if recursive {
                env
            } else {
                self.non_recursive_env(env)
            });
        }
        // GNU builds it outside any reading context: what the exported
        // variables' expansions report is located at their definitions.
        // Its variable context is the file's: the one already current when
        // the job starts as its recipe is expanded.
        let in_place = self.recipe_context == Some(f);
        let saved = if in_place {
            None
        } else {
            Some(self.enter_context(f)?)
        };
        let loc = self.loc.take();
        let r = match self.child_env() {
            Ok(env) if !recursive => Ok(self.non_recursive_env(env)),
            r => r,
        };
        self.loc = loc;
        if let Some(saved) = saved {
            self.leave_context(saved);
        }
        r
    }
}

impl Make {
    /// The line offset of `job`'s recipe (see `recipe_offsets`).
    pub(crate) fn recipe_offset(&self, job: &crate::jobs::Job) -> u32 {
        self.recipe_offsets
            .get(&job.recipe_id)
            .copied()
            .unwrap_or(job.cur_line as u32)
    }

    pub(crate) fn set_recipe_offset(&mut self, job: &crate::jobs::Job, offset: u32) {
        if offset == 0 && self.recipe_offsets.is_empty() {
            return;
        }
        self.recipe_offsets.insert(job.recipe_id, offset);
    }

    /// `*** [Makefile:2: x] Error 1`, or `[...] Error 1 (ignored)`.
    pub(crate) fn child_error(&mut self, loc: &Loc, target: &[u8], status: Status, ignored: bool) {
        if ignored && (self.opts.silent || self.db.silent_all) {
            return;
        }
        self.show_goal_error();
        let mut m: Vec<u8> = if ignored {
            Vec::new()
        } else {
            b"*** ".to_vec()
        };
        m.push(b'[');
        if loc.file.is_empty() {
            m.extend_from_slice(b"<builtin>");
        } else {
            m.extend_from_slice(&loc.file);
            m.extend_from_slice(format!(":{}", loc.line).as_bytes());
        }
        m.extend_from_slice(b": ");
        m.extend_from_slice(target);
        m.extend_from_slice(b"] ");
        match status {
            Status::Exited(code) => m.extend_from_slice(format!("Error {}", code).as_bytes()),
            Status::Signaled(sig) => {
                m.extend_from_slice(&signal_description(sig));
                if self.runner.core_dumped() {
                    m.extend_from_slice(b" (core dumped)");
                }
            }
        }
        if ignored {
            m.extend_from_slice(b" (ignored)");
        }
        if let Some(mode) = self.shuffle.mode_name() {
            m.extend_from_slice(b" shuffle=");
            m.extend_from_slice(&mode);
        }
        self.out.error(None, &m);
        // GNU reports a child's error in that child's output context and
        // then unsets the context: the held output of a recipe that failed
        // to expand (its fatal error, "Waiting for unfinished jobs") is
        // no longer the context when make dies, and is never shown.
        crate::held_output::close_sync_files(self.jobs.fatal_output.take());
    }

    /// Deletes a target whose recipe failed, if it is a regular file that
    /// changed (GNU's `delete_target`). An archive member is never deleted:
    /// make only warns when its date in the archive is not the time make
    /// knew it by (missing counting as -1).
    pub fn delete_target(&mut self, f: FileId, on_behalf_of: Option<&[u8]>) {
        let file = self.db.file(f);
        if file.precious || file.phony {
            return;
        }
        let name = file.name.to_vec();
        let before = file.last_mtime.get();
        let notice = |what: &str, tail: &str| {
            let mut m = b"*** ".to_vec();
            if let Some(o) = on_behalf_of {
                m.push(b'[');
                m.extend_from_slice(o);
                m.extend_from_slice(b"] ");
            }
            m.extend_from_slice(what.as_bytes());
            m.extend_from_slice(b" '");
            m.extend_from_slice(&name);
            m.push(b'\'');
            m.extend_from_slice(tail.as_bytes());
            m
        };
        // An archive member is never deleted: GNU only says so when its
        // date in the archive is not the time it had (in whole seconds; a
        // missing member and a missing file agree).
        if crate::archive::is_member_ref(&name) {
            let date = self.ar_member_date(&name).unwrap_or(-1);
            if date != gnu_seconds(before) {
                let m = notice("Archive member", " may be bogus; not deleted");
                self.out.error(None, &m);
            }
            return;
        }
        let p = crate::fs::path(&name);
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(_) => return,
        };
        if !meta.is_file() {
            return;
        }
        use std::os::unix::fs::MetadataExt;
        let (now, in_range) = MTime::from_stat(meta.mtime(), meta.mtime_nsec());
        if !in_range {
            self.out
                .error(None, &crate::fs::out_of_range_message(&name));
        }
        if Some(now) == before {
            return;
        }
        let m = notice("Deleting file", "");
        self.out.error(None, &m);
        if let Err(e) = std::fs::remove_file(p) {
            if e.kind() != std::io::ErrorKind::NotFound {
                let mut m = b"unlink: ".to_vec();
                m.extend_from_slice(&name);
                m.extend_from_slice(b": ");
                m.extend_from_slice(&crate::exec::error_text(&e));
                self.out.error(None, &m);
            }
        }
        self.fs.invalidate(&name);
    }
}

/// GNU's `FILE_TIMESTAMP_S` of a kept time as `delete_target` takes it: -1
/// for a missing file, the whole seconds of a time, and for the markers
/// (not known yet, `-o`'s and `-W`'s times) what GNU's unsigned arithmetic
/// gives them, 2^34 - 1, which no member date equals.
fn gnu_seconds(t: Option<crate::fs::MTime>) -> i64 {
    use crate::rules::{NEW_MTIME, OLD_MTIME};
    const MARKER: i64 = (1 << 34) - 1;
    match t {
        Some(crate::fs::MTime::Missing) => -1,
        None => MARKER,
        Some(m) if m == NEW_MTIME || m == OLD_MTIME => MARKER,
        Some(m) => m.secs_nanos().map_or(MARKER, |(s, _)| s),
    }
}

/// The reading context of a recipe's line (GNU's `variable_expand_for_file`):
/// none for a built-in rule's recipe, which has no location; a recursive
/// variable expanded there then reports at its own definition.
fn reading_loc(file: crate::error::SrcName, line: u32) -> Option<Loc> {
    (file != crate::error::SrcName::default()).then(|| Loc::new(file, line))
}
