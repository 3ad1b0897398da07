//! What happens once a target's recipe is done, or found unneeded (GNU's
//! `notice_finished_file`): its new time and status, the other targets
//! its rule made, `-t`'s touch instead of the recipe, and at the end of
//! the run the removal of the intermediate files made along the way.

use crate::fs::MTime;
use crate::make::Make;
use crate::rules::{CommandState, FileId, UpdateStatus, NEW_MTIME};
use crate::update::quoted;

impl Make {
    /// GNU's `notice_finished_file`: marks the file done and decides what its
    /// modification time is now. `ran`: its recipe was started.
    pub fn notice_finished_file(&mut self, file: FileId, ran: bool) {
        let mut touched = false;
        {
            let f = self.db.file_mut(file);
            f.command_state = CommandState::Finished;
            let was = std::mem::replace(&mut f.updated, true);
            if !was {
                self.db.files_finished += 1;
            }
        }
        if self.opts.touch && self.db.file(file).update_status == UpdateStatus::Success {
            let all_recursive = self.recipe_all_recurse(file);
            if !all_recursive {
                let f = self.db.file(file);
                if f.phony {
                    self.db.file_mut(file).update_status = UpdateStatus::Success;
                } else if f.recipe.is_some() {
                    let st = self.touch_file(file);
                    self.db.file_mut(file).update_status = st;
                    self.db.commands_started += 1;
                    touched = true;
                }
            }
        }
        {
            let f = self.db.file_mut(file);
            if f.mtime_before_update.get().is_none() {
                f.mtime_before_update = f.last_mtime;
            }
        }
        let (phony, is_target, has_recipe) = {
            let f = self.db.file(file);
            (f.phony, f.is_target, f.recipe.is_some())
        };
        if (ran && !phony) || touched {
            let mut nonrecursive_left = false;
            if (self.opts.question || self.opts.dry_run || self.opts.touch) && has_recipe {
                nonrecursive_left = !self.recipe_all_recurse(file);
            } else if is_target && !has_recipe {
                nonrecursive_left = true;
            }
            let name = self.db.file(file).name.to_vec();
            if nonrecursive_left {
                self.db.file_mut(file).last_mtime = Some(NEW_MTIME).into();
            } else {
                self.fs.invalidate(&name);
                self.db.file_mut(file).last_mtime = None.into();
            }
            // GNU's kept entry of a merged chain keeps this time: what is
            // found later goes to the chain's entries.
            if self.db.file(file).ext().chain_merged.is_some() {
                let t = self.db.file(file).last_mtime;
                self.db.file_mut(file).ext_mut().chain_kept_time = Some(t);
            }
        }
        if let Some(head) = self.db.file(file).ext().double_colon.get() {
            // When every entry is done, they all share the newest time.
            // The entries after this one are looked at first: while the
            // entries are being made in order, one of them is not done
            // yet, and a long chain is not walked for each entry.
            let after = self.db.file(file).ext().dc_next.get();
            let not_done = |mk: &Make, from: Option<FileId>| {
                let mut cur = from;
                while let Some(e) = cur {
                    if !mk.db.file(e).updated {
                        return true;
                    }
                    cur = mk.db.file(e).ext().dc_next.get();
                }
                false
            };
            if !not_done(self, after) {
                let entries = self.db.entries(head);
                let mut max = self.db.file(file).last_mtime.get();
                let mut all = true;
                for &e in &entries {
                    let f = self.db.file(e);
                    if !f.updated {
                        all = false;
                        break;
                    }
                    if max.is_some() && (f.last_mtime.get().is_none() || f.last_mtime.get() > max) {
                        max = f.last_mtime.get();
                    }
                }
                if all {
                    for e in entries {
                        self.db.file_mut(e).last_mtime = max.into();
                    }
                }
            }
        }
        let status = self.db.file(file).update_status;
        if ran && status != UpdateStatus::None {
            // A grouped target is in its own list: its time is checked
            // again too (under -n/-q/-t it is not taken as new).
            for (p, a) in self.db.also_makes(file).into_iter().enumerate() {
                if self
                    .db
                    .peer_renamed_away(file, a, self.db.also_make_index(file, p))
                {
                    // (Whose status a goal naming it reports.)
                    if let Some(r) = &mut self.db.file_mut(a).ext_mut().renamed_away {
                        r.status = status;
                    }
                    continue;
                }
                let af = self.db.file_mut(a);
                af.command_state = CommandState::Finished;
                af.updated = true;
                af.update_status = status;
                if !af.phony {
                    af.last_mtime = None.into();
                    let n = af.name.to_vec();
                    self.fs.invalidate(&n);
                    // Looked at again without a vpath search, as GNU
                    // does (by its name as written).
                    self.file_mtime_with(a, false);
                }
            }
            // A pattern recipe that updated its target but not a peer.
            if self.db.file(file).tried_implicit && !self.db.file(file).ext().also_make.is_empty() {
                self.check_also_make(file);
            }
        } else if status == UpdateStatus::None {
            self.db.file_mut(file).update_status = UpdateStatus::Success;
        }
    }

    /// GNU's check_also_make: warns about peers of an updated target that
    /// still do not exist.
    pub(crate) fn check_also_make(&mut self, file: FileId) {
        // A time not known (its recipe ran) is looked at on the disk
        // without being kept: -p still says "never checked" for it.
        let mtime = match self.db.file(file).last_mtime.get() {
            Some(m) => m,
            None => {
                let name = self.db.file(file).name.to_vec();
                self.fs.mtime(&name)
            }
        };
        let before = self.db.file(file).mtime_before_update.get();
        let updated = matches!(mtime, MTime::At(_)) && before.is_none_or(|b| mtime > b);
        if !updated || mtime == NEW_MTIME {
            return;
        }
        let loc = self.db.file(file).recipe.as_ref().map(|r| r.loc);
        for a in self.db.file(file).ext().also_make.clone() {
            if self.db.file(a).last_mtime.get() == Some(MTime::Missing) {
                let mut m = b"warning: pattern recipe did not update peer target '".to_vec();
                m.extend_from_slice(self.db.file(a).name);
                m.extend_from_slice(b"'.");
                self.out.error(loc.as_ref(), &m);
            }
        }
    }

    /// `-t`: prints `touch FILE` and updates its time stamp.
    pub(crate) fn touch_file(&mut self, file: FileId) -> UpdateStatus {
        let name = self.db.file(file).name.to_vec();
        if !(self.opts.silent || self.db.silent_all) {
            let mut m = b"touch ".to_vec();
            m.extend_from_slice(&name);
            let mut line = m;
            line.push(b'\n');
            self.out.stdout(&line);
        }
        if self.opts.dry_run {
            return UpdateStatus::Success;
        }
        // `lib(member)`: the member's date in the archive (GNU's ar_touch).
        // GNU enters a file for the archive and asks for its time without a
        // vpath search first, then touches the archive named (not the one
        // a search found).
        if let Some((ar, mem)) = crate::archive::split_member(&name) {
            let af = self.db.intern(ar);
            self.db.file_mut(af).last_mtime = None.into();
            self.fs.restat(ar);
            self.file_mtime_with(af, false);
            let ar_path = ar.to_vec();
            let r = crate::archive::touch_member(&ar_path, mem);
            self.fs.invalidate(&ar_path);
            return match r {
                Ok(()) => UpdateStatus::Success,
                Err(e) => {
                    self.out.error(None, &e.message(&ar_path, mem));
                    UpdateStatus::Failed
                }
            };
        }
        // A file -t makes: GNU's directory cache, if it read the directory
        // since the last command ran, does not list it (no command ran).
        if self.dir_epochs.is_some() && std::fs::symlink_metadata(crate::fs::path(&name)).is_err() {
            self.look_in_dirs_globbed();
            let dir = crate::dir_epochs::dir_of(&name);
            let command = self.db.command_count + 1;
            if self
                .dir_epochs
                .as_ref()
                .is_some_and(|e| e.read_at(dir, command))
            {
                crate::glob::keep_listing_before_touch(dir);
            }
        }
        // GNU rewrites the first byte: the time is the kernel's, as when a
        // recipe writes a file (a time make chose could come out later than
        // one the kernel gives a file written after it).
        match crate::fs::touch(&name) {
            Ok(()) => UpdateStatus::Success,
            Err(e) => {
                self.out.error(None, &e.message(&name));
                UpdateStatus::Failed
            }
        }
    }

    /// Deletes the intermediate files make created (`rm a b`), or under a
    /// signal reports each one.
    pub fn remove_intermediates(&mut self, sig: bool) {
        if self.opts.question
            || self.opts.touch
            || self.db.all_secondary
            || self.db.no_intermediates
        {
            return;
        }
        if sig && self.opts.dry_run {
            return;
        }
        let mut doneany = false;
        let silent = self.opts.silent || self.db.silent_all;
        let mut order: Vec<usize> = (0..self.db.files.len())
            .filter(|&i| {
                let f = &self.db.files[i];
                f.intermediate
                    && (f.dontcare || !f.precious)
                    && !f.secondary
                    && !f.notintermediate
                    && !f.cmd_target
                    && f.update_status != UpdateStatus::None
            })
            .collect();
        // GNU walks its table of files: colliding names probe on into the
        // slots of others, so the order is the replayed table's.
        if order.len() > 1 {
            let mut rank = vec![usize::MAX; self.db.files.len()];
            for (r, i) in self.file_table_order().0.into_iter().enumerate() {
                if let Some(x) = rank.get_mut(i) {
                    *x = r;
                }
            }
            order.sort_by_key(|&i| (rank.get(i).copied().unwrap_or(usize::MAX), i));
        }
        for i in order {
            let f = &self.db.files[i];
            let name = f.name.to_vec();
            let dontcare = f.dontcare;
            let mut err = None;
            if !self.opts.dry_run {
                if let Err(e) = std::fs::remove_file(crate::fs::path(&name)) {
                    if e.kind() == std::io::ErrorKind::NotFound {
                        continue;
                    }
                    err = Some(e);
                }
            }
            if dontcare {
                continue;
            }
            if sig {
                self.out
                    .error(None, &quoted("*** Deleting intermediate file ", &name, ""));
            } else if !doneany && self.isdb(crate::cli::db::BASIC) {
                // (Before each file when silent: nothing sets `doneany`.)
                self.out.debug(b"Removing intermediate files...\n");
            }
            if !sig && !silent {
                let mut t = if doneany {
                    b" ".to_vec()
                } else {
                    b"rm ".to_vec()
                };
                doneany = true;
                t.extend_from_slice(&name);
                self.out.debug(&t);
            }
            if let Some(e) = err {
                let mut m = b"\nunlink: ".to_vec();
                m.extend_from_slice(&name);
                m.extend_from_slice(b": ");
                m.extend_from_slice(&crate::exec::error_text(&e));
                self.out.error(None, &m);
                doneany = false;
            }
        }
        if doneany && !sig {
            self.out.debug(b"\n");
        }
    }
}
