//! `-p`/`--print-data-base`: make's variables, rules, files, vpath and
//! statistics, in GNU make's sections and format.
//!
//! Variables and files come in the order of GNU's hash tables, replayed
//! by [`crate::gnuhash`]: files inserted in the order make first heard of
//! them, variables from their set's history, which is GNU's order except
//! for rare collisions.
//! The `Collisions=` and `lookups` numbers count only those inserts (GNU
//! also counts every lookup); the string-cache block's figures come from
//! a replay of the names make holds ([`crate::strcache`]).

use crate::fs::MTime;
use crate::gnuhash::{file_var_set, jhash_string, variable_events, variable_order, HashSim};
use crate::make::Make;
use crate::rules::{CommandState, Dep, FileId, Recipe, UpdateStatus, NEW_MTIME, OLD_MTIME};
use crate::vars::{Origin, Var};

fn origin_text(o: Origin) -> &'static str {
    match o {
        Origin::Automatic => "automatic",
        Origin::Default => "default",
        Origin::Environment => "environment",
        Origin::File => "makefile",
        Origin::EnvironmentOverride => "environment under -e",
        Origin::CommandLine => "command line",
        Origin::Override => "'override' directive",
    }
}

/// One variable as GNU's `print_variable` shows it.
fn print_variable(o: &mut Vec<u8>, name: &[u8], v: &Var, prefix: &[u8]) {
    o.extend_from_slice(b"# ");
    o.extend_from_slice(origin_text(v.origin).as_bytes());
    if v.private {
        o.extend_from_slice(b" private");
    }
    if let Some(l) = &v.loc {
        if !l.file.is_empty() {
            o.extend_from_slice(b" (from '");
            o.extend_from_slice(&l.file);
            o.extend_from_slice(format!("', line {})", l.line).as_bytes());
        }
    }
    o.push(b'\n');
    o.extend_from_slice(prefix);
    if v.is_recursive() && v.value.contains(&b'\n') {
        o.extend_from_slice(b"define ");
        o.extend_from_slice(name);
        o.push(b'\n');
        o.extend_from_slice(&v.value);
        o.extend_from_slice(b"\nendef\n");
        return;
    }
    o.extend_from_slice(name);
    o.extend_from_slice(match (v.is_recursive(), v.append) {
        (true, true) => b" += ",
        (true, false) => b" = ",
        (false, _) => b" := ",
    });
    let all_blank = !v.value.is_empty() && v.value.iter().all(|&c| crate::patterns::is_ws(c));
    if all_blank {
        o.extend_from_slice(b"$(subst ,,");
        o.extend_from_slice(&v.value);
        o.push(b')');
    } else if v.is_recursive() {
        o.extend_from_slice(&v.value);
    } else {
        for &c in &v.value {
            if c == b'$' {
                o.push(b'$');
            }
            o.push(c);
        }
    }
    o.push(b'\n');
}

/// Prints a recipe's lines, each after `prefix`: GNU prints them with the
/// recipe prefix in effect while printing, not the recipe's own.
fn print_recipe(o: &mut Vec<u8>, r: &Recipe, prefix: u8) {
    o.extend_from_slice(b"#  recipe to execute");
    if r.loc.file.is_empty() {
        o.extend_from_slice(b" (built-in):\n");
    } else {
        o.extend_from_slice(b" (from '");
        o.extend_from_slice(&r.loc.file);
        o.extend_from_slice(format!("', line {}):\n", r.loc.line).as_bytes());
    }
    // Every recipe has at least one line, perhaps empty (`t: ;`).
    let text = r.text();
    let mut start = 0;
    let mut bs = false;
    for i in 0..=text.len() {
        let c = text.get(i).copied();
        if c == Some(b'\n') && !bs || c.is_none() {
            o.push(prefix);
            o.extend_from_slice(&text[start..i]);
            o.push(b'\n');
            start = i + 1;
            bs = false;
            continue;
        }
        bs = if c == Some(b'\\') { !bs } else { false };
    }
}

impl Make {
    /// The name prerequisite `pos` of `owner` shows.
    fn dep_name(&self, owner: usize, pos: usize, d: &Dep) -> &'static [u8] {
        if !self.db.stale_dep_names.is_empty() {
            if let Some(n) = self.db.stale_dep_names.get(&(owner as FileId, pos)) {
                return n.0;
            }
        }
        self.db.file(d.file).name
    }

    fn print_prereqs(
        &self,
        o: &mut Vec<u8>,
        owner: usize,
        deps: &[Dep],
        second: &[crate::rules::SecondDep],
    ) {
        // Prerequisites waiting for their second expansion are shown as
        // written, at their places in the list (before `deps[sd.pos]`).
        let mut waiting: Vec<&crate::rules::SecondDep> = second.iter().collect();
        waiting.sort_by_key(|sd| sd.pos);
        let mut waiting = waiting.into_iter().peekable();
        let mut show_waiting = |o: &mut Vec<u8>, upto: usize| {
            while let Some(sd) = waiting.next_if(|sd| sd.pos <= upto) {
                let t = crate::parser::trim_end_blank(crate::parser::skip_ws(&sd.text));
                if !t.is_empty() {
                    o.push(b' ');
                    o.extend_from_slice(t);
                }
            }
        };
        for (pos, d) in deps.iter().enumerate() {
            show_waiting(o, pos);
            if d.order_only {
                continue;
            }
            o.push(b' ');
            if d.wait_here {
                o.extend_from_slice(b".WAIT ");
            }
            o.extend_from_slice(self.dep_name(owner, pos, d));
        }
        show_waiting(o, usize::MAX);
        let mut sep: &[u8] = b" | ";
        for (pos, d) in deps.iter().enumerate().filter(|(_, d)| d.order_only) {
            o.extend_from_slice(sep);
            sep = b" ";
            if d.wait_here {
                o.extend_from_slice(b".WAIT ");
            }
            o.extend_from_slice(self.dep_name(owner, pos, d));
        }
        o.push(b'\n');
    }

    /// The global variables' names in the order of GNU's hash table (as
    /// `.VARIABLES` lists them).
    pub fn global_variable_names(&self) -> Vec<&[u8]> {
        let events = variable_events(&self.vars.global, self.var_log_marks, &self.command_vars);
        let (vars, _) = variable_order(&self.vars.global, &events, 523);
        vars.into_iter().map(|(n, _)| n).collect()
    }

    fn print_variables(&self, o: &mut Vec<u8>) {
        o.extend_from_slice(b"\n# Variables\n\n");
        let events = variable_events(&self.vars.global, self.var_log_marks, &self.command_vars);
        let (vars, stats) = variable_order(&self.vars.global, &events, 523);
        for (n, v) in vars {
            print_variable(o, n, v, b"");
        }
        o.extend_from_slice(b"# variable set hash-table stats:\n# ");
        o.extend_from_slice(stats.as_bytes());
        o.push(b'\n');
        o.extend_from_slice(b"\n# Pattern-specific Variable Values\n");
        let mut count = 0;
        // GNU keeps them shorter patterns first, in definition order
        // among patterns of one length.
        let mut pattern_vars: Vec<_> = self.db.pattern_vars.iter().collect();
        pattern_vars.sort_by_key(|pv| pv.pattern.len());
        for pv in pattern_vars {
            count += 1;
            o.push(b'\n');
            o.extend_from_slice(&pv.pattern);
            o.extend_from_slice(b" :\n");
            // GNU keeps pattern-specific variables unflagged as recursive:
            // they print as `:=`, their `$` doubled, but for one reset to a
            // recursive command-line variable (never appending then).
            let mut v = pv.var.clone();
            if pv.shown_recursive {
                v.flavor = crate::vars::Flavor::Recursive;
                v.append = false;
            } else {
                v.flavor = crate::vars::Flavor::Simple;
            }
            print_variable(o, &pv.name, &v, b"# ");
        }
        if count == 0 {
            o.extend_from_slice(b"\n# No pattern-specific variable values.\n");
        } else {
            o.extend_from_slice(
                format!("\n# {} pattern-specific variable values", count).as_bytes(),
            );
        }
    }

    /// GNU's `print_dir_data_base`, from the directories rmake's file
    /// system cache looked into for existence checks (GNU's directory
    /// cache) and the names implicit search found impossible.
    fn print_dirs(&self, o: &mut Vec<u8>) {
        o.extend_from_slice(b"\n# Directories\n\n");
        let mut dirs = self.fs.dirs_seen();
        // Each directory's names found impossible there.
        let mut impossible: crate::hash::FxHashMap<&[u8], Vec<&[u8]>> = Default::default();
        for n in self.db.impossible.iter() {
            let (d, base) = crate::fs::split_path(n);
            let d: &[u8] = if d.is_empty() { b"." } else { d };
            impossible.entry(d).or_default().push(base);
            if !dirs.iter().any(|x| x.name == d) {
                dirs.push(crate::fs::DirSeen {
                    name: d.to_vec(),
                    listing: None,
                    missed: false,
                    found_max: None,
                    commands: 0,
                    looked: true,
                    stat: crate::fs::stat_dir(d),
                });
            }
        }
        // (device, inode, is a directory) as when first looked into.
        let metas: Vec<Option<(u64, u64, bool)>> = dirs.iter().map(|d| d.stat).collect();
        // GNU's entries for names of one directory share its contents
        // (keyed by device and inode): what was read through any of them
        // and the names impossible there.
        let mut shared: crate::hash::FxHashMap<(u64, u64), Contents> = Default::default();
        for (d, m) in dirs.iter().zip(&metas) {
            if let Some(&(dev, ino, true)) = m.as_ref() {
                let none = Vec::new();
                let im = impossible.get(d.name.as_slice()).unwrap_or(&none);
                shared.entry((dev, ino)).or_default().merge(d, im);
            }
        }
        let mut sim = HashSim::new(199);
        for d in &dirs {
            sim.insert(jhash_string(&d.name), &d.name);
        }
        let (mut files, mut impossibles) = (0usize, 0usize);
        let count = |n: usize, none: &str| {
            if n == 0 {
                none.to_string()
            } else {
                n.to_string()
            }
        };
        for k in sim.order() {
            let d = &dirs[k];
            let own_im = impossible.get(d.name.as_slice()).map_or(0, |v| v.len());
            o.extend_from_slice(b"# ");
            o.extend_from_slice(&d.name);
            let Some(meta) = &metas[k] else {
                let im = own_im;
                if im == 0 {
                    o.extend_from_slice(b": could not be stat'd.\n");
                    continue;
                }
                // GNU gives it an empty table for the impossible names.
                o.extend_from_slice(
                    format!(" (device 0, inode 0): No files, {} impossibilities.\n", im).as_bytes(),
                );
                impossibles += im;
                continue;
            };
            let &(dev, ino, is_dir) = meta;
            let c = shared.get(&(dev, ino)).filter(|_| is_dir);
            let im = c.map_or(own_im, |c| c.impossible.len());
            // Not a directory, or unreadable: GNU's entry has no table,
            // unless names were found impossible in it.
            let Some((c, l)) = c.and_then(|c| c.listing.as_ref().map(|l| (c, l))) else {
                let text = match im {
                    0 => format!(" (device {dev}, inode {ino}): could not be opened.\n"),
                    _ => format!(" (device {dev}, inode {ino}): No files, {im} impossibilities.\n"),
                };
                o.extend_from_slice(text.as_bytes());
                impossibles += im;
                continue;
            };
            // GNU reads a listing (`.` and `..` where the system puts
            // them) only as far as the names looked up needed: to its end
            // when one was missing.
            let (f, done) = if !c.looked && !c.missed {
                (0, false)
            } else if c.missed || c.found_max.is_none() {
                (l.read_through(None), true)
            } else {
                (l.read_through(c.found_max), false)
            };
            o.extend_from_slice(
                format!(
                    " (device {}, inode {}): {} files, {} impossibilities{}\n",
                    dev,
                    ino,
                    count(f, "No"),
                    count(im, "no"),
                    if done { "." } else { " so far." }
                )
                .as_bytes(),
            );
            files += f;
            impossibles += im;
        }
        o.extend_from_slice(
            format!(
                "\n# {} files, {} impossibilities in {} directories.\n",
                count(files, "No"),
                count(impossibles, "no"),
                dirs.len()
            )
            .as_bytes(),
        );
    }

    fn print_rules(&self, o: &mut Vec<u8>) {
        o.extend_from_slice(b"\n# Implicit Rules\n");
        let mut terminal = 0;
        for r in &self.db.patterns {
            o.push(b'\n');
            if r.terminal {
                terminal += 1;
            }
            o.extend_from_slice(&r.defn_with(&self.db.pattern_extra, &self.db.pattern_extra_oo));
            o.push(b'\n');
            if let Some(rc) = &r.recipe {
                print_recipe(o, rc, self.recipe_prefix);
            }
        }
        let n = self.db.patterns.len();
        if n == 0 {
            o.extend_from_slice(b"\n# No implicit rules.\n");
        } else {
            let pct = terminal as f64 / n as f64 * 100.0;
            let pct = crate::locale::localized_number(format!("{pct:.1}"));
            o.extend_from_slice(
                format!("\n# {n} implicit rules, {terminal} ({pct}%) terminal.").as_bytes(),
            );
        }
    }

    /// GNU's `rehash_file` in the replay of its table of files: the entry
    /// leaves its slot for the name found, or merges into the entry of
    /// that name (which keeps its slot).
    fn replay_rehash<'a>(
        &self,
        r: &'a crate::rules::Rehash,
        sim: &mut HashSim<'a>,
        seen: &mut crate::hash::FxHashMap<&'a [u8], usize>,
        groups: &mut Vec<Vec<usize>>,
        group_of: &mut [usize],
    ) {
        let Some(&g) = group_of.get(r.id as usize) else {
            return;
        };
        let Some(&old) = sim.keys.get(g) else {
            return;
        };
        if old == &*r.to {
            return;
        }
        sim.delete(jhash_string(old), old);
        seen.remove(old);
        let moved = std::mem::take(&mut groups[g]);
        for &i in &moved {
            if let Some(x) = group_of.get_mut(i) {
                *x = groups.len();
            }
        }
        let k = sim.insert(jhash_string(&r.to), &r.to);
        if k == groups.len() {
            groups.push(moved);
            seen.insert(&r.to, k);
        } else {
            for &i in &moved {
                if let Some(x) = group_of.get_mut(i) {
                    *x = k;
                }
            }
            // The entry kept is the one the name finds, unless that one
            // was later forwarded (renamed once more, or taken over): then
            // the one of the two that goes on.
            let found = self.db.get(&r.to).map(|id| id as usize);
            let goes_on = |i: &usize| self.db.resolve(*i as crate::rules::FileId) as usize == *i;
            let kept = found.filter(goes_on).or_else(|| {
                let merged = moved.iter().chain(&groups[k]);
                merged.copied().find(goes_on).or(found)
            });
            // (A double-colon entry kept keeps its whole chain there: GNU's
            // table holds the first of them, -p shows every one.)
            if let Some(id) = kept {
                if !groups[k].contains(&id) {
                    groups[k] = vec![id];
                }
            }
        }
    }

    /// The files in the order of a walk of GNU's table of files (its
    /// `-p` listing, its removal of intermediate files): the table's
    /// inserts and vpath renames replayed. Also the table's statistics.
    pub(crate) fn file_table_order(&self) -> (Vec<usize>, String) {
        // GNU's table holds one entry per name (double-colon entries
        // follow theirs).
        // Entries are entered under the name they had then, and moved
        // where GNU moved them to the name vpath found (`Db::rehashes`).
        let rehashes = &self.db.rehashes;
        let mut first_name: crate::hash::FxHashMap<usize, &[u8]> = Default::default();
        for r in rehashes {
            first_name.entry(r.id as usize).or_insert(&r.from);
        }
        let mut sim = HashSim::new(1000);
        let mut seen: crate::hash::FxHashMap<&[u8], usize> = Default::default();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        // The group (key) of each entry.
        let mut group_of: Vec<usize> = Vec::with_capacity(self.db.files.len());
        let mut next = 0;
        for (i, f) in self.db.files.iter().enumerate() {
            while next < rehashes.len() && rehashes[next].at <= i {
                self.replay_rehash(
                    &rehashes[next],
                    &mut sim,
                    &mut seen,
                    &mut groups,
                    &mut group_of,
                );
                next += 1;
            }
            // (A double-colon entry was entered under its first's name,
            // and GPATH renames them together.)
            let first = match f.ext().double_colon.get() {
                Some(h) if h as usize != i => h as usize,
                _ => i,
            };
            let name = first_name.get(&first).copied().unwrap_or(f.name);
            match seen.get(name) {
                Some(&g) if f.ext().double_colon.get().is_some() => {
                    groups[g].push(i);
                    group_of.push(g);
                }
                // A file vpath renamed onto another entry's name: GNU
                // keeps one entry, the one the name finds.
                Some(&g) => {
                    if self.db.get(name) == Some(i as crate::rules::FileId) {
                        groups[g] = vec![i];
                    }
                    group_of.push(g);
                }
                None => {
                    seen.insert(name, groups.len());
                    group_of.push(groups.len());
                    sim.insert(jhash_string(name), name);
                    groups.push(vec![i]);
                }
            }
        }
        for r in &rehashes[next..] {
            self.replay_rehash(r, &mut sim, &mut seen, &mut groups, &mut group_of);
        }
        let order = sim
            .order()
            .into_iter()
            .flat_map(|g| groups[g].clone())
            .collect();
        (order, sim.stats())
    }

    fn print_files(&self, o: &mut Vec<u8>) {
        o.extend_from_slice(b"\n# Files\n");
        // GNU's current prefix (the makefiles' last `.RECIPEPREFIX`).
        let mut prefix = self.recipe_prefix;
        let (order, stats) = self.file_table_order();
        let no_builtin = self.opts.no_builtin_rules || self.opts.no_builtin_variables;
        for (fid, f) in order.into_iter().map(|i| (i, &self.db.files[i])) {
            if no_builtin && f.builtin {
                continue;
            }
            o.push(b'\n');
            if let Some(r) = &f.recipe {
                if r.prefix != prefix {
                    prefix = r.prefix;
                    o.extend_from_slice(b".RECIPEPREFIX = ");
                    if prefix != b'\t' {
                        o.push(prefix);
                    }
                    o.push(b'\n');
                }
            }
            let fvars = file_var_set(f);
            let forder = fvars.as_ref().map(|(set, events)| {
                let ev: Vec<(&[u8], bool)> =
                    events.iter().map(|(n, a)| (n.as_slice(), *a)).collect();
                variable_order(set, &ev, 23)
            });
            if let Some((vars, _)) = &forder {
                for &(n, v) in vars {
                    if v.origin != Origin::Automatic {
                        let mut p = f.name.to_vec();
                        p.extend_from_slice(b": ");
                        print_variable(o, n, v, &p);
                    }
                }
            }
            if !f.is_target {
                o.extend_from_slice(b"# Not a target:\n");
            }
            o.extend_from_slice(f.name);
            o.push(b':');
            if f.ext().double_colon.get().is_some() {
                o.push(b':');
            }
            self.print_prereqs(o, fid, &f.deps, &f.ext().second_deps);
            let mut line = |s: &str| {
                o.extend_from_slice(s.as_bytes());
                o.push(b'\n');
            };
            if f.precious {
                line("#  Precious file (prerequisite of .PRECIOUS).");
            }
            if f.phony {
                line("#  Phony target (prerequisite of .PHONY).");
            }
            if f.cmd_target {
                line("#  Command line target.");
            }
            if f.dontcare {
                line("#  A default, MAKEFILES, or -include/sinclude makefile.");
            }
            if f.builtin {
                line("#  Builtin rule");
            }
            line(if f.tried_implicit {
                "#  Implicit rule search has been done."
            } else {
                "#  Implicit rule search has not been done."
            });
            if let Some(s) = &f.ext().stem {
                o.extend_from_slice(b"#  Implicit/static pattern stem: '");
                o.extend_from_slice(s);
                o.extend_from_slice(b"'\n");
            }
            let mut line = |s: &str| {
                o.extend_from_slice(s.as_bytes());
                o.push(b'\n');
            };
            if f.intermediate {
                line("#  File is an intermediate prerequisite.");
            }
            if f.notintermediate {
                line("#  File is a prerequisite of .NOTINTERMEDIATE.");
            }
            if f.secondary {
                line("#  File is secondary (prerequisite of .SECONDARY).");
            }
            // (A one-target group lists itself.)
            if !f.ext().also_make.is_empty() || f.ext().group_index.is_some() {
                o.extend_from_slice(b"#  Also makes:");
                for a in self.db.also_makes(fid as crate::rules::FileId) {
                    o.push(b' ');
                    let peer = self.db.file(a);
                    o.extend_from_slice(peer.ext().listed_name.unwrap_or(peer.name));
                }
                o.push(b'\n');
            }
            match f.ext().chain_kept_time.unwrap_or(f.last_mtime).get() {
                None => o.extend_from_slice(b"#  Modification time never checked.\n"),
                Some(MTime::Missing) => o.extend_from_slice(b"#  File does not exist.\n"),
                Some(m) if m == OLD_MTIME => o.extend_from_slice(b"#  File is very old.\n"),
                Some(m) => {
                    o.extend_from_slice(b"#  Last modified ");
                    o.extend_from_slice(timestamp_text(m).as_bytes());
                    o.push(b'\n');
                }
            }
            o.extend_from_slice(if f.updated {
                b"#  File has been updated.\n"
            } else {
                b"#  File has not been updated.\n"
            });
            match f.command_state {
                CommandState::Running => {
                    o.extend_from_slice(b"#  Recipe currently running (THIS IS A BUG).\n")
                }
                CommandState::DepsRunning => {
                    o.extend_from_slice(b"#  Dependencies recipe running (THIS IS A BUG).\n")
                }
                _ => match f.update_status {
                    UpdateStatus::None => {}
                    UpdateStatus::Success => o.extend_from_slice(b"#  Successfully updated.\n"),
                    UpdateStatus::Question => {
                        o.extend_from_slice(b"#  Needs to be updated (-q is set).\n")
                    }
                    UpdateStatus::Failed => o.extend_from_slice(b"#  Failed to be updated.\n"),
                },
            }
            if let Some((vars, stats)) = forder {
                for (n, v) in vars {
                    if v.origin == Origin::Automatic {
                        print_variable(o, n, v, b"# ");
                    }
                }
                o.extend_from_slice(b"# variable set hash-table stats:\n# ");
                o.extend_from_slice(stats.as_bytes());
                o.push(b'\n');
            }
            if let Some(r) = &f.recipe {
                print_recipe(o, r, prefix);
            }
        }
        o.extend_from_slice(b"\n# files hash-table stats:\n# ");
        o.extend_from_slice(stats.as_bytes());
    }

    fn print_vpaths(&mut self, o: &mut Vec<u8>) {
        o.extend_from_slice(&self.vpath.print_data_base());
    }

    /// The string-cache block, over the names make holds: directories and
    /// their entries, files and their prerequisites, pattern rules.
    fn print_strcache(&self, o: &mut Vec<u8>) {
        let dirs = self.fs.dirs_seen();
        let mut cache = crate::strcache::StrCache::default();
        for d in &dirs {
            cache.add(&d.name);
            for (n, _) in d.listing.iter().flat_map(|l| &l.entries) {
                cache.add(n);
            }
        }
        for f in &self.db.files {
            cache.add(f.name);
            for d in &f.deps {
                cache.add(self.db.file(d.file).name);
            }
        }
        for r in &self.db.patterns {
            for n in r.targets.iter().chain(&r.prereqs).chain(&r.order_only) {
                cache.add(n);
            }
        }
        cache.print(o);
    }

    /// Prints the data base to stdout (GNU's `print_data_base`).
    pub fn print_data_base(&mut self) {
        self.print_version();
        let when = now_text();
        let mut o = Vec::new();
        o.extend_from_slice(b"\n# Make data base, printed on ");
        o.extend_from_slice(when.as_bytes());
        o.push(b'\n');
        self.print_variables(&mut o);
        // What globbing read whole since it was last noted.
        self.look_in_dirs_globbed();
        self.print_dirs(&mut o);
        self.print_rules(&mut o);
        self.print_files(&mut o);
        self.print_vpaths(&mut o);
        if self.mkfiles.strcache_empty {
            o.extend_from_slice(b"\n# No strcache buffers\n");
        } else {
            self.print_strcache(&mut o);
        }
        o.extend_from_slice(b"\n# Finished Make data base on ");
        o.extend_from_slice(when.as_bytes());
        o.extend_from_slice(b"\n\n");
        self.out.stdout_unannounced(&o);
    }
}

/// `ctime`-style local time without the newline.
/// The contents GNU's directory entries share when they name the same
/// directory: the reading state of its listing, as far as the names looked
/// up through any of them took it, and the names impossible there.
#[derive(Default)]
struct Contents {
    listing: Option<std::rc::Rc<crate::fs::DirList>>,
    commands: u64,
    looked: bool,
    missed: bool,
    found_max: Option<usize>,
    impossible: crate::hash::FxHashSet<Vec<u8>>,
}

impl Contents {
    /// Adds what was read through one more name of the directory; a
    /// listing read again after more commands replaces an older one.
    fn merge(&mut self, d: &crate::fs::DirSeen, impossible: &[&[u8]]) {
        self.impossible
            .extend(impossible.iter().map(|n| n.to_vec()));
        if d.listing.is_none() {
            return;
        }
        if self.listing.is_none() || d.commands > self.commands {
            self.listing = d.listing.clone();
            self.commands = d.commands;
            self.looked = d.looked;
            self.missed = d.missed;
            self.found_max = d.found_max;
        } else if d.commands == self.commands {
            self.looked |= d.looked;
            self.missed |= d.missed;
            self.found_max = self.found_max.max(d.found_max);
        }
    }
}

fn now_text() -> String {
    // SAFETY: time and localtime_r write into the buffers given.
    unsafe {
        let t = libc::time(std::ptr::null_mut());
        ctime_text(t)
    }
}

fn ctime_text(t: libc::time_t) -> String {
    let mut buf = [0 as libc::c_char; 64];
    // SAFETY: ctime_r writes at most 26 bytes into a 64-byte buffer.
    let p = unsafe { libc::ctime_r(&t, buf.as_mut_ptr()) };
    if p.is_null() {
        return String::new();
    }
    // SAFETY: ctime_r returned a NUL-terminated string in buf.
    let s = unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned();
    s.trim_end_matches('\n').to_string()
}

/// `YYYY-MM-DD HH:MM:SS` in local time (None if the time cannot be
/// converted).
pub(crate) fn local_date_time(t: libc::time_t) -> Option<String> {
    // SAFETY: localtime_r fills the zeroed struct we own.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    if unsafe { libc::localtime_r(&t, &mut tm).is_null() } {
        return None;
    }
    Some(format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec
    ))
}

/// GNU's `file_timestamp_sprintf`: `YYYY-MM-DD HH:MM:SS.NNNNNNNNN`, local time.
pub(crate) fn timestamp_text(m: MTime) -> String {
    // GNU's NEW_MTIME is its largest timestamp: 2^34-1 s and 2^30-4
    // "nanoseconds" (printed as ten digits).
    let (secs, frac) = if m == NEW_MTIME {
        (crate::fs::MAX_SECS, (1i64 << 30) - 4)
    } else {
        match m.secs_nanos() {
            Some(t) => t,
            None => return String::new(),
        }
    };
    let secs = secs as libc::time_t;
    let Some(date) = local_date_time(secs) else {
        return format!("{}", secs);
    };
    let mut t = format!("{date}.{frac:09}");
    // GNU drops the fraction's trailing zeros (and a bare dot).
    while t.ends_with('0') {
        t.pop();
    }
    if t.ends_with('.') {
        t.pop();
    }
    t
}
