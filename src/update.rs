//! Bringing goals up to date, serially, as GNU make's `remake.c` does:
//! deciding whether each target is out of date from its prerequisites'
//! modification times, remaking it, and reporting. What is set up before
//! (special targets, -o/-W) is in snap_deps.rs, the check of one
//! prerequisite (and an intermediate file's in its stead) in check_dep.rs,
//! what follows a finished recipe in finish.rs.

use crate::debug::{PrereqMsg, TargetMsg};
use crate::error::{ErrorKind, MakeError, Result};
use crate::fs::MTime;
use crate::make::Make;
use crate::rules::{CommandState, FileId, UpdateStatus};

pub(crate) fn quoted(pre: &str, name: &[u8], post: &str) -> Vec<u8> {
    let mut v = pre.as_bytes().to_vec();
    v.push(b'\'');
    v.extend_from_slice(name);
    v.push(b'\'');
    v.extend_from_slice(post.as_bytes());
    v
}

impl Make {
    /// Brings the goals up to date; returns make's exit status (0, 1 when
    /// `-q` found something out of date, 2 on error).
    pub fn update_goals(&mut self, goals: &[Vec<u8>]) -> i32 {
        crate::signals::set_deferred(true);
        let r = self.update_goals_inner(goals);
        // A fatal error is reported before intermediate files are removed.
        let code = match r {
            Ok(UpdateStatus::Success) | Ok(UpdateStatus::None) => 0,
            Ok(UpdateStatus::Question) => 1,
            Ok(UpdateStatus::Failed) => 2,
            Err(e) => {
                let code = self.report_fatal(&e);
                // GNU's die(): wait for the jobs still running.
                self.wait_all_jobs(true);
                self.show_fatal_output();
                code
            }
        };
        self.wait_all_jobs(false);
        if let Some(sig) = crate::signals::pending() {
            self.die_of_signal(sig, None);
        }
        self.remove_intermediates(false);
        // Back to immediate mode: a fatal signal from make's last writes
        // (SIGPIPE from 'Leaving directory' or the data base under -p when
        // stdout's reader is gone) kills make there, as GNU's handler does.
        crate::signals::set_deferred(false);
        if let Some(sig) = crate::signals::pending() {
            crate::signals::die_by(sig);
        }
        code
    }

    fn update_goals_inner(&mut self, goals: &[Vec<u8>]) -> Result<UpdateStatus> {
        self.snap_deps()?;
        let mut ids = Vec::new();
        if goals.is_empty() {
            let value = match self.vars.global.get(b".DEFAULT_GOAL") {
                Some(v) if v.is_recursive() => {
                    let e = v.expr();
                    self.expand(&e)?
                }
                Some(v) => v.value.clone(),
                None => Vec::new(),
            };
            if !value.is_empty() {
                // A file of exactly that name wins; otherwise it is parsed
                // as a list of names, which must hold one.
                if let Some(id) = self.db.get(&value) {
                    ids.push(id);
                } else {
                    let names = crate::parser::split_file_seq(&value, b"").0;
                    if names.len() > 1 {
                        return Err(MakeError::msg(
                            None,
                            ".DEFAULT_GOAL contains more than one target",
                        ));
                    }
                    if let Some(n) = names.first() {
                        ids.push(self.db.intern(n));
                    }
                }
            }
            if ids.is_empty() {
                // GNU tells by MAKEFILE_LIST as the makefiles left it
                // (an environment value under -e counts too).
                let listed = self
                    .vars
                    .lookup(b"MAKEFILE_LIST")
                    .is_some_and(|v| !v.value.is_empty());
                if !listed {
                    return Err(MakeError::msg(
                        None,
                        "No targets specified and no makefile found",
                    ));
                }
                return Err(MakeError::msg(None, "No targets"));
            }
        } else {
            for g in goals {
                // GNU marks the file it entered for the goal: of a
                // double-colon target, the first rule's entry only.
                let id = self.db.intern(g);
                self.db.file_mut(id).cmd_target = true;
                ids.push(id);
            }
        }
        self.shuffle_goals(&mut ids);
        self.db_updating_goals();
        self.update_goal_chain(&ids)
    }

    fn update_goal_chain(&mut self, goals: &[FileId]) -> Result<UpdateStatus> {
        self.update_goal_chain_with(goals, None)
    }

    /// GNU's `update_goal_chain`. `makefiles`: the makefiles are being
    /// remade, with each one's "don't care" flag.
    pub fn update_goal_chain_with(
        &mut self,
        goals: &[FileId],
        makefiles: Option<&[bool]>,
    ) -> Result<UpdateStatus> {
        let mut status = UpdateStatus::None;
        let mut pending: Vec<(FileId, bool, usize)> = goals
            .iter()
            .enumerate()
            .map(|(k, &g)| (g, false, k))
            .collect();
        let rebuilding = makefiles.is_some();
        let (t, q, n) = (self.opts.touch, self.opts.question, self.opts.dry_run);
        let keep_going = self.opts.keep_going;
        let mut passes = 0;
        // GNU's command count when the goals were last looked at: a pass
        // waits for a child to end only when none ended since (one may
        // have ended while a job waited for a token).
        let mut last_count = None;
        // A fresh batch of consideration; after that, a new one only after
        // a pass that went through all the goals (not one a remade default
        // makefile stopped: the goals after it are pruned in the next).
        self.db.considered += 1;
        while !pending.is_empty() {
            passes += 1;
            // Start jobs waiting for the load to drop; reap the children
            // that ended, waiting for one when none did since last time.
            self.start_waiting_jobs()?;
            self.reap_children(last_count == Some(self.db.command_count))?;
            last_count = Some(self.db.command_count);
            let mut i = 0;
            let mut stopped = false;
            // What happened in this pass: a goal that is still not updated
            // is given up as stuck only after a pass in which no command
            // started or ended and no file was finished (a failure reaped
            // while the pass waited for a job slot reaches the targets
            // already pruned in it only in the next pass, as in GNU's loop;
            // so does a prerequisite without a recipe that the pass found
            // needs no remaking once the commands its own prerequisites ran
            // had ended).
            let pass_start = (
                self.db.commands_started,
                self.db.command_count,
                self.db.files_finished,
            );
            while i < pending.len() {
                let (goal, _, k) = pending[i];
                // A goal merged into another entry by vpath is that entry
                // (GNU's check_renamed), but the message below is about the
                // goal's own entry.
                let g = self.db.resolve(goal);
                let mut stop = false;
                let mut any_not_updated = false;
                for file in self.db.entries(g) {
                    if let Some(dc) = makefiles {
                        self.mkfiles.goal = Some(k);
                        self.db.file_mut(file).dontcare = dc.get(k).copied().unwrap_or(false);
                        let keep = self.db.file(file).cmd_target;
                        self.opts.touch = keep && t;
                        self.opts.question = keep && q;
                        self.opts.dry_run = keep && n;
                    }
                    let question = self.opts.question;
                    let before = self.db.commands_started;
                    let fail = self.update_file(file, if rebuilding { 1 } else { 0 })?;
                    let file = self.db.resolve(file);
                    if self.db.commands_started > before {
                        pending[i].1 = true;
                    }
                    stop = false;
                    let (updated, ustatus) = {
                        let f = self.db.file(file);
                        (f.updated, f.update_status)
                    };
                    if (fail != UpdateStatus::Success || updated) && status < UpdateStatus::Question
                    {
                        if ustatus != UpdateStatus::Success && ustatus != UpdateStatus::None {
                            status = ustatus;
                            stop = question && !keep_going && !rebuilding;
                        } else {
                            let mtime = if rebuilding {
                                self.mtime_no_search(file)
                            } else {
                                self.file_mtime(file)
                            };
                            self.fatal_pending()?;
                            if updated
                                && Some(mtime) != self.db.file(file).mtime_before_update.get()
                            {
                                if !rebuilding || (!self.opts.dry_run && !self.opts.question) {
                                    status = UpdateStatus::Success;
                                }
                                if rebuilding && self.db.file(file).dontcare {
                                    stop = true;
                                }
                            }
                        }
                    }
                    any_not_updated |= !self.db.file(file).updated;
                    if rebuilding {
                        self.db.file_mut(file).dontcare = false;
                    }
                    if stop {
                        break;
                    }
                }
                let idle = self.jobs.running.is_empty()
                    && self.jobs.waiting.is_empty()
                    && (
                        self.db.commands_started,
                        self.db.command_count,
                        self.db.files_finished,
                    ) == pass_start;
                if stop || !any_not_updated || (passes > 2 && idle) {
                    // (A goal taken over by the entry that found it is
                    // that entry, its name included.)
                    let taken_over = self.db.file(goal).ext().taken_over;
                    let f = self.db.file(match taken_over {
                        true => self.db.resolve(goal),
                        false => goal,
                    });
                    let nothing = f.phony || f.recipe.is_none();
                    let (goal_status, name, nothing) = match f.ext().renamed_away {
                        Some(r) if !taken_over => (r.status, r.name, r.nothing_to_do),
                        _ => (f.update_status, f.name, nothing),
                    };
                    let silent = self.opts.silent || self.db.silent_all;
                    let question = self.opts.question;
                    if !rebuilding
                        && goal_status == UpdateStatus::Success
                        && !pending[i].1
                        && !silent
                        && !question
                    {
                        let msg = if nothing {
                            quoted("Nothing to be done for ", name, ".")
                        } else {
                            quoted("", name, " is up to date.")
                        };
                        self.out.message(&msg);
                    }
                    pending.remove(i);
                    if stop {
                        // (At the last goal the pass went through them all.)
                        stopped = i < pending.len();
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            if !stopped {
                self.db.considered += 1;
            }
        }
        Ok(status)
    }

    /// GNU's `update_file`: updates every double-colon entry from `f` on.
    /// (Inlined: most visits of a prerequisite end here, pruned.)
    #[inline]
    pub fn update_file(&mut self, f: FileId, depth: u32) -> Result<UpdateStatus> {
        let f = self.db.resolve(f);
        let head = self.db.file(f).ext().double_colon.get().unwrap_or(f);
        let considered = self.db.considered;
        {
            let h = self.db.file(head);
            if h.considered == considered
                && !(h.updated && h.update_status > UpdateStatus::None && !h.dontcare && h.no_diag)
            {
                self.db_target(TargetMsg::Pruning, head, depth);
                let h = self.db.file(head);
                return Ok(if h.command_state == CommandState::Finished {
                    h.update_status
                } else {
                    UpdateStatus::Success
                });
            }
        }
        self.update_entries(head, depth)
    }

    /// [`Make::update_file`] for a file not pruned: each of its entries
    /// from `head` on.
    #[inline(never)]
    fn update_entries(&mut self, head: FileId, depth: u32) -> Result<UpdateStatus> {
        if crate::stack_nearly_full() {
            let name = self.db.file(head).name.to_vec();
            return Err(MakeError::at(None, ErrorKind::StackExhausted(name)));
        }
        self.update_chain(head, depth, None)
    }

    /// The walk of a double-colon chain from `first` on (a single entry
    /// when the file is not double-colon): each entry is updated in turn,
    /// the walk stopping at a failure (without `-k`), at an entry whose
    /// recipe is running (the next waits for it), and after an entry a
    /// double-colon chain was merged into (GNU goes on from the found
    /// entry, which has no next). `ghost`: `first` is updated for the
    /// entry of that name vpath merged away (see `Make::check_ghost`),
    /// whose own mark says it was considered.
    pub(crate) fn update_chain(
        &mut self,
        first: FileId,
        depth: u32,
        mut ghost: Option<&'static [u8]>,
    ) -> Result<UpdateStatus> {
        let considered = self.db.considered;
        let mut status = UpdateStatus::Success;
        let mut cur = Some(first);
        while let Some(e) = cur {
            let new = match ghost.take() {
                Some(name) => self.update_file_1_as(e, depth, Some(name))?,
                None => {
                    self.db.file_mut(e).considered = considered;
                    self.update_file_1(e, depth)?
                }
            };
            if new != UpdateStatus::Success && !self.opts.keep_going {
                return Ok(new);
            }
            // The next double-colon rule waits until this one is done.
            if matches!(
                self.db.file(e).command_state,
                CommandState::Running | CommandState::DepsRunning
            ) {
                return Ok(UpdateStatus::Success);
            }
            status = status.max(new);
            if self.db.file(e).ext().chain_merged.is_some() {
                break;
            }
            cur = self.db.file(e).ext().dc_next.get();
        }
        Ok(status)
    }

    /// While remaking makefiles a prerequisite inherits its target's
    /// "don't care" flag; returns the flag to restore.
    fn inherit_dontcare(&mut self, file: FileId, dep: FileId) -> Option<bool> {
        if !self.mkfiles.rebuilding {
            return None;
        }
        let saved = self.db.file(dep).dontcare;
        let dc = self.db.file(file).dontcare;
        self.db.file_mut(dep).dontcare = dc;
        Some(saved)
    }

    fn restore_dontcare(&mut self, dep: FileId, saved: Option<bool>) {
        if let Some(v) = saved {
            self.db.file_mut(dep).dontcare = v;
        }
    }

    #[inline]
    fn head(&self, f: FileId) -> FileId {
        self.db.file(f).ext().double_colon.get().unwrap_or(f)
    }

    #[inline(always)]
    pub(crate) fn set_updating(&mut self, f: FileId, on: bool) {
        let h = self.head(f);
        self.db.file_mut(h).updating = on;
        if self.db.any_forward {
            self.set_forwarded_updating(f, on);
        }
    }

    /// An entry that took `f` over while it was being updated (a vpath or
    /// GPATH search merged them: GNU's one merged entry) shares the flag.
    #[inline(never)]
    fn set_forwarded_updating(&mut self, f: FileId, on: bool) {
        let r = self.db.resolve(f);
        if r != f {
            let h = self.head(r);
            self.db.file_mut(h).updating = on;
        }
    }

    #[inline]
    pub(crate) fn is_updating(&self, f: FileId) -> bool {
        self.db.file(self.head(f)).updating
    }

    /// The walk of one list of a grouped target's (`owner`: the target
    /// or a peer), or of any target's once vpath merged entries, in
    /// `update_file_1`, link by link as GNU's chain: it goes
    /// on from the link looked at even when a deeper walk unlinked it
    /// meanwhile, and a circular prerequisite is unlinked after the last
    /// link kept (which may be out of the list by then) or, before any,
    /// from the head of the target's list (see `SharedDeps`). `start`: the
    /// link the list starts at (none: it is empty) when it is not
    /// `owner`'s first (a peer a vpath merge made part of `owner`, see
    /// `FileExt::peer_tail`).
    /// Returns the worst of `dep_status` (so far) and the prerequisites'
    /// statuses.
    #[allow(clippy::too_many_arguments)]
    fn walk_group_links(
        &mut self,
        file: FileId,
        owner: FileId,
        start: Option<Option<u32>>,
        depth: u32,
        this_mtime: MTime,
        must_make: &mut bool,
        running: &mut bool,
        mut dep_status: UpdateStatus,
    ) -> Result<UpdateStatus> {
        let keep_going = self.opts.keep_going;
        let first = self.dep_links(owner).first().copied();
        let mut du = start.unwrap_or(first);
        let mut lastd: Option<u32> = None;
        // Where the link looked at next usually is (the list's position
        // after the last one's).
        let mut hint = 0;
        while let Some(n) = du {
            let pos = self.followed_links(owner).and_then(|v| {
                if v.get(hint) == Some(&n) {
                    Some(hint)
                } else {
                    v.iter().position(|&l| l == n)
                }
            });
            hint = pos.map_or(0, |p| p + 1);
            let d = match pos {
                Some(p) => Some(self.db.file(owner).deps[p].clone()),
                None => self.link_dep(n),
            };
            let Some(mut d) = d else {
                break;
            };
            if d.wait_here && *running {
                break;
            }
            let mtime = self.file_mtime(d.file);
            self.fatal_pending()?;
            self.follow_forward(owner, pos, &mut d);
            if self.is_updating(d.file) {
                self.circular(file, d.file);
                match lastd {
                    Some(l) => self.unlink_after(owner, l, n),
                    None if owner == file && pos == Some(0) => self.unlink_dep(file, 0),
                    None => match pos {
                        Some(p) => self.take_rest_of_deps(file, owner, p),
                        None => {
                            let next = self.link_next(n);
                            self.take_chain_of_deps(file, next);
                        }
                    },
                }
                du = self.link_next(n);
                continue;
            }
            dep_status =
                self.consider_prereq(file, &d, depth, this_mtime, must_make, running, dep_status)?;
            if dep_status != UpdateStatus::Success && !keep_going {
                break;
            }
            if !*running {
                let now = self.file_mtime(d.file);
                self.set_link_changed(owner, n, now != mtime || mtime == MTime::Missing, pos);
            }
            lastd = Some(n);
            du = self.link_next(n);
        }
        Ok(dep_status)
    }

    /// One prerequisite `d` of `file` that its walk keeps (GNU's loop body
    /// in `update_file_1` after the circular check): checked (inheriting
    /// `file`'s "don't care" while remaking makefiles), `must_make` taken
    /// from it unless order-only, `running` if any of its entries runs.
    /// Returns the worse of `dep_status` and its status.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn consider_prereq(
        &mut self,
        file: FileId,
        d: &crate::rules::Dep,
        depth: u32,
        this_mtime: MTime,
        must_make: &mut bool,
        running: &mut bool,
        dep_status: UpdateStatus,
    ) -> Result<UpdateStatus> {
        self.db.file_mut(d.file).parent = Some(file).into();
        let mut maybe_make = *must_make;
        let saved_dontcare = self.inherit_dontcare(file, d.file);
        let new = self.check_dep(d.file, depth, this_mtime, &mut maybe_make);
        self.restore_dontcare(d.file, saved_dontcare);
        let new = new?;
        if !d.order_only {
            *must_make = maybe_make;
        }
        for e in self.db.entries(d.file) {
            let cs = self.db.file(e).command_state;
            *running |= cs == CommandState::Running || cs == CommandState::DepsRunning;
        }
        Ok(dep_status.max(new))
    }

    fn circular(&mut self, file: FileId, dep: FileId) {
        self.circular_named(file, self.db.file(dep).name);
    }

    pub(crate) fn circular_named(&mut self, file: FileId, dep: &[u8]) {
        let mut m = b"Circular ".to_vec();
        // GNU names the entry the target's walk goes on as (update_file_1
        // follows a vpath rename before it walks the prerequisites): the
        // entry `file` forwards to, if vpath merged it into one.
        m.extend_from_slice(self.db.file(self.db.resolve(file)).name);
        m.extend_from_slice(b" <- ");
        m.extend_from_slice(dep);
        m.extend_from_slice(b" dependency dropped.");
        self.out.error(None, &m);
    }

    /// Gives a recipe-less, non-target file the recipe of `.DEFAULT`.
    /// `intermediate`: for an intermediate prerequisite (check_dep), which
    /// GNU's message calls "default commands".
    pub(crate) fn use_default_recipe(&mut self, f: FileId, depth: u32, intermediate: bool) {
        let file = self.db.file(f);
        if file.recipe.is_some() || file.is_target {
            return;
        }
        if let Some(d) = self.db.get(b".DEFAULT") {
            if let Some(r) = self.db.file(d).recipe {
                let msg = match intermediate {
                    true => TargetMsg::DefaultCommands,
                    false => TargetMsg::DefaultRecipe,
                };
                self.db_target(msg, f, depth);
                let file = self.db.file_mut(f);
                file.recipe = Some(r);
                file.from_default = true;
            }
        }
    }

    fn update_file_1(&mut self, file: FileId, depth: u32) -> Result<UpdateStatus> {
        self.update_file_1_as(file, depth, None)
    }

    /// [`Make::update_file_1`]; `ghost`: for the entry vpath merged away
    /// of that name that `file` was kept for (see `Make::check_ghost`),
    /// whose own marks say it is neither updated nor being made, and
    /// which alone is marked as being updated.
    fn update_file_1_as(
        &mut self,
        file: FileId,
        mut depth: u32,
        ghost: Option<&'static [u8]>,
    ) -> Result<UpdateStatus> {
        let keep_going = self.opts.keep_going;
        match (ghost, self.db.file(file).ext().chain_merged) {
            (Some(own), _) | (None, Some(own)) => {
                self.db_target_named(TargetMsg::Considering, own, depth)
            }
            (None, None) => self.db_target(TargetMsg::Considering, file, depth),
        }
        if ghost.is_none() {
            let f = self.db.file(file);
            if f.updated {
                if f.update_status > UpdateStatus::None {
                    self.db_target(TargetMsg::RecentlyFailed, file, depth);
                    let f = self.db.file(file);
                    if f.no_diag && !f.dontcare {
                        self.complain(file)?;
                    }
                    return Ok(self.db.file(file).update_status);
                }
                self.db_target(TargetMsg::ConsideredAlready, file, depth);
                return Ok(UpdateStatus::Success);
            }
            match f.command_state {
                CommandState::NotStarted | CommandState::DepsRunning => {}
                CommandState::Running => {
                    self.db_target(TargetMsg::StillUpdating, file, depth);
                    return Ok(UpdateStatus::Success);
                }
                CommandState::Finished => {
                    self.db_target(TargetMsg::FinishedUpdating, file, depth);
                    return Ok(self.db.file(file).update_status);
                }
            }
        }
        if ghost.is_none() {
            let dontcare = self.db.file(file).dontcare;
            self.db.file_mut(file).no_diag = dontcare;
            self.set_updating(file, true);
        }
        depth += 1;

        let mut this_mtime = self.file_mtime(file);
        self.fatal_pending()?;
        let ofile = file;
        let mut file = file;
        if self.db.any_forward {
            // Found by vpath under the name of another entry: go on with
            // that one (GNU's check_renamed), whatever its state (even
            // while its recipe runs: GNU looked at this entry's).
            let to = self.db.resolve(file);
            if to != file {
                self.set_updating(to, true);
                file = to;
            }
        }
        let mut noexist = this_mtime == MTime::Missing;
        if noexist {
            self.db_target(TargetMsg::DoesNotExist, file, depth);
        }
        if let Some((secs, ns)) = this_mtime.secs_nanos() {
            if self.db.file(file).low_resolution_time {
                if ns != 0 {
                    let name = self.db.file(file).name.to_vec();
                    let m = quoted(
                        "*** Warning: .LOW_RESOLUTION_TIME file ",
                        &name,
                        " has a high resolution time stamp",
                    );
                    self.out.error(None, &m);
                }
                this_mtime = MTime::from_parts(secs, 999_999_999);
            }
        }
        // (GNU's list of a grouped target's peers holds the target too.)
        for a in self.db.also_makes(file) {
            if noexist {
                break;
            }
            let m = self.file_mtime(a);
            // (A vpath merge of the peer may have met a fatal error: GNU
            // dies in that search.)
            self.fatal_pending()?;
            noexist = m == MTime::Missing;
            if noexist {
                self.db_peer_missing(a, file, depth);
            } else if m < this_mtime {
                this_mtime = m;
            }
        }
        let mut must_make = noexist;

        {
            let f = self.db.file(file);
            if !f.phony && f.recipe.is_none() && !f.tried_implicit {
                self.try_implicit_rule(file, depth)?;
                self.db.file_mut(file).tried_implicit = true;
            }
        }
        self.use_default_recipe(file, depth, false);
        // The implicit rule found just now may have grouped targets. A
        // grouped target comes again among its peers: its prerequisites are
        // looked at twice (`Pruning file` the second time).
        let also_make = self.db.also_makes(file);

        if self.db.second_expansion {
            // Shuffled again only if expanding changed the list (GNU).
            let changed = !self.db.file(file).ext().second_deps.is_empty();
            self.expand_second_deps(file)?;
            if changed {
                self.shuffle_deps_of(file);
            }
        }
        let mut dep_status = UpdateStatus::Success;
        let mut running = false;
        let mut owners = vec![file];
        owners.extend(also_make.iter().copied());
        let self_at = self.db.also_makes_self_at(file);
        for (k, listed) in owners.into_iter().enumerate() {
            // A peer vpath merged meanwhile (while an earlier list was
            // walked) is walked as the entry kept for it, whose list the
            // walks under way changed.
            let owner = self.db.resolve(listed);
            // GNU's peer is the entry searched, whose own list is the tail
            // of the merged one (see `FileExt::peer_tail`): a peer merged
            // into the entry kept, or one that took over the found entry
            // (for the targets that named it, the target itself not as
            // its own peer).
            // (A lister that vpath merged since is the entry kept for it.)
            let ext = self.db.file(listed).ext();
            let listers = ext.peer_listers.iter().any(|&l| self.db.resolve(l) == file);
            // (A list naming both entries names the one kept too, whose
            // whole list is walked there.)
            let found = k > 0
                && self
                    .db
                    .peer_found_at(file, listed, self.db.also_make_index(file, k - 1));
            let start = if k == 0 || found {
                None
            } else if listed != owner || (listers && (owner != file || Some(k - 1) != self_at)) {
                ext.peer_tail
            } else {
                None
            };
            // A grouped target's prerequisites are expanded when their turn
            // comes, after the ones before have been considered.
            if owner != file && self.db.second_expansion {
                self.expand_second_deps(owner)?;
            }
            // A group's lists, and any list once vpath has merged entries
            // (a deeper walk may look at the same merged list again and
            // unlink from it), are walked link by link as GNU's chains.
            if (!also_make.is_empty() || self.db.any_forward)
                && self.db.file(owner).deps.iter().all(|d| d.shuf.is_none())
            {
                let st = self.walk_group_links(
                    file,
                    owner,
                    start,
                    depth,
                    this_mtime,
                    &mut must_make,
                    &mut running,
                    dep_status,
                )?;
                if st > dep_status {
                    dep_status = st;
                }
                continue;
            }
            let mut i = 0;
            // Whether a prerequisite of this owner was kept before the one
            // looked at (GNU's `lastd`).
            let mut kept = false;
            while i < self.db.file(owner).deps.len() {
                let (pos, d) = crate::shuffle::visit(self.db.file(owner), i);
                let mut d = d.clone();
                // The list's entry at this place (GNU's `du`; under
                // --shuffle another prerequisite is visited for it).
                let here = self.db.file(owner).deps[i].file;
                if d.wait_here && running {
                    break;
                }
                let mtime = self.file_mtime(d.file);
                self.fatal_pending()?;
                self.follow_forward(owner, pos, &mut d);
                if self.is_updating(d.file) {
                    self.circular(file, d.file);
                    if owner == file || kept {
                        // GNU unlinks the entry at this place, whichever
                        // was visited for it.
                        self.unlink_dep(owner, i);
                    } else {
                        // GNU unlinks a group peer's leading prerequisite
                        // from the head of the target's own list: the
                        // target's list becomes the rest of the peer's, and
                        // the peer keeps its list whole. Both share that
                        // rest from now on.
                        self.take_rest_of_deps(file, owner, i);
                        i += 1;
                    }
                    continue;
                }
                kept = true;
                dep_status = self.consider_prereq(
                    file,
                    &d,
                    depth,
                    this_mtime,
                    &mut must_make,
                    &mut running,
                    dep_status,
                )?;
                // Looking at this target again under another of its names
                // may have dropped the prerequisite just visited (a circular
                // dependency): the next one has moved into its place, as
                // GNU's walk goes on from the unlinked link.
                // (A vpath merge meanwhile may have made it another entry
                // standing for the same file.)
                let visited = self.db.resolve(here);
                let dropped = self
                    .db
                    .file(owner)
                    .deps
                    .get(i)
                    .is_none_or(|x| self.db.resolve(x.file) != visited);
                // (Only this owner's list: GNU still expands the next group
                // peer's prerequisites and looks at its first one.)
                if dep_status != UpdateStatus::Success && !keep_going {
                    break;
                }
                if dropped {
                    continue;
                }
                if !running {
                    let now = self.file_mtime(d.file);
                    if let Some(p) = pos {
                        self.set_dep_changed(owner, p, now != mtime || mtime == MTime::Missing);
                    }
                }
                i += 1;
            }
        }

        if must_make || self.opts.always_make {
            let mut i = 0;
            while i < self.db.file(file).deps.len() {
                let (pos, d) = crate::shuffle::visit(self.db.file(file), i);
                let mut d = d.clone();
                i += 1;
                if d.wait_here && running {
                    break;
                }
                // GNU tests the mark of the entry the link holds before it
                // follows a rename: an entry vpath merged into one being
                // updated (forwarded to it) that is not intermediate itself
                // is passed over, and its link stays as it is.
                if self.db.any_forward
                    && self.db.resolve(d.file) != d.file
                    && !self.db.file(d.file).intermediate
                {
                    continue;
                }
                // (So is an entry merged away that the entry kept went on
                // for, by its own mark.)
                if pos.is_some_and(|p| self.ghost_not_intermediate(file, p, d.file)) {
                    continue;
                }
                self.follow_forward(file, pos, &mut d);
                if !self.db.file(d.file).intermediate {
                    continue;
                }
                let mtime = self.file_mtime(d.file);
                self.db.file_mut(d.file).parent = Some(file).into();
                self.db.file_mut(d.file).considered = 0;
                let saved_dontcare = self.inherit_dontcare(file, d.file);
                let new = self.update_file(d.file, depth);
                self.restore_dontcare(d.file, saved_dontcare);
                let new = new?;
                if new > dep_status {
                    dep_status = new;
                }
                for e in self.db.entries(d.file) {
                    let cs = self.db.file(e).command_state;
                    running |= cs == CommandState::Running || cs == CommandState::DepsRunning;
                }
                if dep_status != UpdateStatus::Success && !keep_going {
                    break;
                }
                if !running {
                    let changed = {
                        let f = self.db.file(file);
                        f.phony && f.recipe.is_some()
                    } || self.file_mtime(d.file) != mtime;
                    if let Some(p) = pos {
                        self.set_dep_changed(file, p, changed);
                    }
                }
            }
        }

        self.set_updating(file, false);
        if ghost.is_none() {
            self.end_ghost_updating(ofile);
        }
        depth -= 1;

        if running {
            self.db.file_mut(file).command_state = CommandState::DepsRunning;
            self.db_target(TargetMsg::DepsBeingMade, file, depth);
            return Ok(UpdateStatus::Success);
        }
        self.db_target(TargetMsg::FinishedPrereqs, file, depth);

        if dep_status != UpdateStatus::Success {
            let st = if dep_status == UpdateStatus::None {
                UpdateStatus::Failed
            } else {
                dep_status
            };
            self.db.file_mut(file).update_status = st;
            self.notice_finished_file(file, false);
            self.db_target(TargetMsg::GivingUp, file, depth);
            if depth == 0 && keep_going && !self.opts.dry_run && !self.opts.question {
                let name = self.db.file(file).name.to_vec();
                self.out.error(
                    None,
                    &quoted("Target ", &name, " not remade because of errors."),
                );
            }
            return Ok(dep_status);
        }

        if self.db.file(file).command_state == CommandState::DepsRunning {
            self.db.file_mut(file).command_state = CommandState::NotStarted;
        }

        // Which prerequisites are newer than the target ($?).
        let mut deps_changed = false;
        let n = self.db.file(file).deps.len();
        for i in 0..n {
            let d = self.db.file(file).deps[i].clone();
            let d_mtime = self.file_mtime(d.file);
            if !d.order_only {
                if d_mtime == MTime::Missing && !self.db.file(d.file).intermediate {
                    must_make = true;
                }
                deps_changed |= d.changed;
            }
            let changed = d.changed || noexist || d_mtime > this_mtime;
            self.set_dep_changed(file, i, changed);
            // (No debugging output asked for: nothing to say.)
            if !noexist && self.opts.db_level != 0 {
                let how = if d.order_only {
                    PrereqMsg::OrderOnly
                } else if d_mtime == MTime::Missing {
                    PrereqMsg::Missing
                } else if changed {
                    PrereqMsg::Newer
                } else {
                    PrereqMsg::Older
                };
                self.db_prereq(how, d.file, file, depth);
            }
        }

        let (double_colon, no_deps, is_target, has_recipe) = {
            let f = self.db.file(file);
            (
                f.ext().double_colon.get().is_some(),
                f.deps.is_empty(),
                f.is_target,
                f.recipe.is_some(),
            )
        };
        if double_colon && no_deps {
            must_make = true;
            self.db_target(TargetMsg::DoubleColonNoPrereqs, file, depth);
        } else if !noexist && is_target && !deps_changed && !has_recipe && !self.opts.always_make {
            must_make = false;
            self.db_target(TargetMsg::NoRecipeNoChange, file, depth);
        } else if !must_make && has_recipe && self.opts.always_make {
            must_make = true;
            self.db_target(TargetMsg::AlwaysMake, file, depth);
        }

        if !must_make {
            self.db_no_need(file, depth);
            let no_inter = self.db.no_intermediates;
            let f = self.db.file_mut(file);
            if !f.notintermediate && !no_inter {
                f.secondary = true;
            }
            self.notice_finished_file(file, false);
            // Not remade: the file is known by its vpath name from now on.
            for e in self.db.entries(file) {
                if self.db.file(e).ext().vpath_name.is_some() {
                    let f = self.db.file_mut(e);
                    let old = f.name;
                    if let Some(v) = f.ext_mut().vpath_name.take() {
                        f.name = crate::file_names::keep(&v);
                        // (A grouped rule's lists keep the name it gave.)
                        let ext = f.ext_mut();
                        ext.listed_name = ext.listed_name.or(Some(old));
                    }
                }
            }
            return Ok(UpdateStatus::Success);
        }
        self.db_target(TargetMsg::MustRemake, file, depth);
        crate::why::note(self, file, noexist, this_mtime);
        let ext = self.db.file(file).ext();
        if ext.vpath_name.is_some() || ext.ignored_vpath.is_some() {
            self.db_ignoring_vpath(file);
            let f = self.db.file_mut(file);
            if let Some(v) = f.ext_mut().vpath_name.take() {
                f.ext_mut().ignored_vpath = Some(v);
            }
        }

        self.remake_file(file)?;
        if self.db.file(file).command_state != CommandState::Finished {
            self.db_target(TargetMsg::RecipeRunning, file, depth);
            return Ok(UpdateStatus::Success);
        }
        self.db_remade(file, depth);
        self.db.file_mut(file).updated = true;
        Ok(self.db.file(file).update_status)
    }

    /// `No rule to make target ...`: fatal unless `-k`.
    fn complain(&mut self, file: FileId) -> Result<()> {
        let deps: Vec<FileId> = self.db.file(file).deps.iter().map(|d| d.file).collect();
        for d in deps {
            let df = self.db.file(d);
            if df.updated && df.update_status > UpdateStatus::None && self.db.file(file).no_diag {
                return self.complain(d);
            }
        }
        self.show_goal_error();
        let f = self.db.file(file);
        let mut m = quoted("No rule to make target ", f.name, "");
        if let Some(p) = f.parent.get() {
            m.extend_from_slice(&quoted(", needed by ", self.db.file(p).name, ""));
        }
        if !self.opts.keep_going {
            return Err(MakeError::msg(None, m));
        }
        let mut e = b"*** ".to_vec();
        e.extend_from_slice(&m);
        e.push(b'.');
        self.out.error(None, &e);
        self.db.file_mut(file).no_diag = false;
        Ok(())
    }

    fn remake_file(&mut self, file: FileId) -> Result<()> {
        let (has_recipe, phony, is_target, dontcare) = {
            let f = self.db.file(file);
            (f.recipe.is_some(), f.phony, f.is_target, f.dontcare)
        };
        if !has_recipe {
            if phony || is_target {
                self.db.file_mut(file).update_status = UpdateStatus::Success;
            } else {
                if !self.mkfiles.rebuilding || !dontcare {
                    self.complain(file)?;
                }
                self.db.file_mut(file).update_status = UpdateStatus::Failed;
            }
        } else {
            let any_recurse = self.recipe_any_recurse(file);
            if !self.opts.touch || any_recurse {
                return self.execute_file_commands(file);
            }
            self.db.file_mut(file).update_status = UpdateStatus::Success;
        }
        self.notice_finished_file(file, false);
        Ok(())
    }

    /// The point where GNU calls `try_implicit_rule`: looks for a pattern
    /// rule to make `file`. Returns whether one was found.
    pub fn try_implicit_rule(&mut self, file: FileId, depth: u32) -> Result<bool> {
        self.db_target(TargetMsg::LookingForImplicit, file, depth);
        // The search says what it found (`-d`).
        let before = self.db.file(file).deps.len();
        let found = crate::implicit::pattern_search(self, file, depth)?;
        if found {
            let added = self.db.file(file).deps.len() > before;
            self.shuffle_after_implicit(file, added);
        }
        Ok(found)
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
