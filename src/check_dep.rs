//! GNU's `check_dep`: one prerequisite checked while its target's list
//! is walked (update.rs). An ordinary prerequisite is brought up to date
//! for itself; an intermediate one that does not exist is not remade for
//! itself: its own prerequisites are checked in its stead, and the
//! "ghost" entries GNU makes for such a file's implicit prerequisites
//! are tracked here.

use crate::debug::TargetMsg;
use crate::error::Result;
use crate::fs::MTime;
use crate::make::Make;
use crate::rules::{CommandState, FileId, UpdateStatus};

impl Make {
    /// Checks prerequisite `file` of a target last modified at
    /// `this_mtime`, setting `must_make` when the target is out of date
    /// because of it; `file` counts as being updated meanwhile (a walk
    /// reaching it again finds a circular dependency).
    pub(crate) fn check_dep(
        &mut self,
        file: FileId,
        depth: u32,
        this_mtime: MTime,
        must_make: &mut bool,
    ) -> Result<UpdateStatus> {
        self.set_updating(file, true);
        let (phony, intermediate) = {
            let f = self.db.file(file);
            (f.phony, f.intermediate)
        };
        let dep_status = if phony || !intermediate {
            let st = self.update_file(file, depth)?;
            let mtime = self.file_mtime(file);
            self.fatal_pending()?;
            if mtime == MTime::Missing || mtime > this_mtime {
                *must_make = true;
            }
            st
        } else {
            {
                let f = self.db.file(file);
                if !f.phony && f.recipe.is_none() && !f.tried_implicit {
                    self.try_implicit_rule(file, depth)?;
                    self.db.file_mut(file).tried_implicit = true;
                }
            }
            self.use_default_recipe(file, depth, true);
            self.check_intermediate(file, depth, this_mtime, must_make)?
        };
        self.set_updating(file, false);
        self.end_ghost_updating(file);
        Ok(dep_status)
    }

    /// The rest of GNU's `check_dep` for an intermediate `file`, once its
    /// rule is known: a file that exists and is newer than `this_mtime`
    /// makes the target; else `file`'s own prerequisites are checked in
    /// its stead (an intermediate file is not remade for itself), without
    /// following vpath renames before each is looked at.
    fn check_intermediate(
        &mut self,
        file: FileId,
        depth: u32,
        this_mtime: MTime,
        must_make: &mut bool,
    ) -> Result<UpdateStatus> {
        let keep_going = self.opts.keep_going;
        let mut dep_status = UpdateStatus::Success;
        let mtime = self.file_mtime(file);
        self.fatal_pending()?;
        if mtime != MTime::Missing && mtime > this_mtime {
            *must_make = true;
        } else {
            let mut deps_running = false;
            if self.db.file(file).command_state != CommandState::Running {
                if self.db.file(file).command_state == CommandState::DepsRunning {
                    self.db.file_mut(file).considered = 0;
                }
                self.db.file_mut(file).command_state = CommandState::NotStarted;
            }
            if self.db.second_expansion {
                self.expand_second_deps(file)?;
            }
            // In the written order, even under --shuffle (GNU).
            let mut i = 0;
            while i < self.db.file(file).deps.len() {
                let mut d = self.db.file(file).deps[i].clone();
                let mut maybe_make = *must_make;
                // The link looked at, by identity, once vpath merged
                // entries (a deeper walk may unlink it or others).
                let link = if self.db.any_forward {
                    self.dep_links(file).get(i).copied()
                } else {
                    None
                };
                let new = if let Some(key) = self.ghost_at(file, i, d.file) {
                    if self.db.ghosts.get(&key).is_some_and(|g| g.updating) {
                        self.circular_named(file, key.1);
                        self.unlink_dep(file, i);
                        continue;
                    }
                    self.check_ghost(key, depth + 1, this_mtime, &mut maybe_make)?
                } else {
                    if self.is_updating(d.file) {
                        // (GNU names the prerequisite as its entry was
                        // called when the list was last looked at: it
                        // follows a vpath merge only after the check.)
                        let name = self.circular_dep_name(file, i);
                        self.circular_named(file, name);
                        self.unlink_dep(file, i);
                        continue;
                    }
                    self.db.file_mut(d.file).parent = Some(file).into();
                    self.check_dep(d.file, depth + 1, this_mtime, &mut maybe_make)?
                };
                if new > dep_status {
                    dep_status = new;
                }
                if !d.order_only {
                    *must_make = maybe_make;
                }
                if let Some(l) = link {
                    match self.link_position(file, l) {
                        Some(j) => i = j,
                        None => {
                            // A deeper walk unlinked this link: GNU goes
                            // on from the link that followed it (its
                            // check_renamed then changes no list).
                            if dep_status != UpdateStatus::Success && !keep_going {
                                break;
                            }
                            let mut walk = DetachedWalk {
                                depth,
                                this_mtime,
                                must_make: &mut *must_make,
                                dep_status: &mut dep_status,
                                deps_running: &mut deps_running,
                            };
                            match self.walk_detached_links(file, l, &mut walk)? {
                                Some(j) => i = j,
                                None => break,
                            }
                            continue;
                        }
                    }
                }
                let pos = Some(i);
                self.follow_forward(file, pos, &mut d);
                if dep_status != UpdateStatus::Success && !keep_going {
                    break;
                }
                let cs = self.db.file(d.file).command_state;
                if cs == CommandState::Running || cs == CommandState::DepsRunning {
                    deps_running = true;
                }
                i += 1;
            }
            if deps_running {
                self.db.file_mut(file).command_state = CommandState::DepsRunning;
            }
        }
        Ok(dep_status)
    }

    /// GNU's walk of an intermediate `file`'s list going on from link
    /// `from`, which a deeper walk unlinked: through the links after it
    /// that are out of the list too (their `next` still leads on), each
    /// checked as one in the list would be (a circular one unlinked after
    /// the last one looked at, which changes no list), until one still in
    /// the list, whose position is returned, or the end of the chain or a
    /// failure (None: the walk ends).
    fn walk_detached_links(
        &mut self,
        file: FileId,
        from: u32,
        w: &mut DetachedWalk,
    ) -> Result<Option<usize>> {
        let mut ld = from;
        let mut next = self.link_next(from);
        while let Some(n) = next {
            if let Some(j) = self.link_position(file, n) {
                return Ok(Some(j));
            }
            let Some(d) = self.link_dep(n) else {
                break;
            };
            let dep = self.db.resolve(d.file);
            if self.is_updating(dep) {
                self.circular_named(file, self.db.file(dep).name);
                next = self.link_next(n);
                self.unlink_after(file, ld, n);
                continue;
            }
            self.db.file_mut(dep).parent = Some(file).into();
            let mut maybe_make = *w.must_make;
            let new = self.check_dep(dep, w.depth + 1, w.this_mtime, &mut maybe_make)?;
            *w.dep_status = (*w.dep_status).max(new);
            if !d.order_only {
                *w.must_make = maybe_make;
            }
            if *w.dep_status != UpdateStatus::Success && !self.opts.keep_going {
                break;
            }
            let cs = self.db.file(self.db.resolve(dep)).command_state;
            if cs == CommandState::Running || cs == CommandState::DepsRunning {
                *w.deps_running = true;
            }
            ld = n;
            next = self.link_next(n);
        }
        Ok(None)
    }

    /// Marks the entry vpath merged away (`key`) as being updated, or not.
    fn set_ghost_updating(&mut self, key: (FileId, &'static [u8]), on: bool) {
        if let Some(g) = self.db.ghosts.get_mut(&key) {
            g.updating = on;
        }
    }

    /// GNU's `finish_updating (ofile)`: the entry vpath merged away while
    /// `f` was being updated (see `Db::ghosts`) is no longer.
    pub(crate) fn end_ghost_updating(&mut self, f: FileId) {
        if self.db.ghosts.is_empty() {
            return;
        }
        for ((id, _), g) in self.db.ghosts.iter_mut() {
            if *id == f {
                g.updating = false;
            }
        }
    }

    /// The entry vpath merged away that prerequisite `i` of `file`
    /// (naming `dep`) still holds in GNU, when its own marks matter: GNU's
    /// intermediate file walks its list without following renames (see
    /// `Db::ghosts`).
    fn ghost_at(&self, file: FileId, i: usize, dep: FileId) -> Option<(FileId, &'static [u8])> {
        if self.db.ghosts.is_empty() {
            return None;
        }
        let &(name, _) = self.db.stale_dep_names.get(&(file, i))?;
        let key = (dep, name);
        self.db.ghosts.get(&key)?.usable.then_some(key)
    }

    /// Whether prerequisite `i` of `file` (naming `dep`) still holds an
    /// entry vpath merged away (see `Db::ghosts`) that is not
    /// intermediate by its own mark.
    pub(crate) fn ghost_not_intermediate(&self, file: FileId, i: usize, dep: FileId) -> bool {
        if self.db.ghosts.is_empty() {
            return false;
        }
        let Some(&(name, _)) = self.db.stale_dep_names.get(&(file, i)) else {
            return false;
        };
        self.db
            .ghosts
            .get(&(dep, name))
            .is_some_and(|g| !g.intermediate)
    }

    /// GNU's `check_dep` of the entry vpath merged away (`key`), an
    /// ordinary file by its own marks: updated (unless it was considered
    /// on this pass) as `update_file_1` of it does, going on with the
    /// entry kept whatever that one's state, which is not marked as being
    /// updated meanwhile (the merged-away entry is); its parent is its
    /// own, and the entry kept keeps its own.
    fn check_ghost(
        &mut self,
        key: (FileId, &'static [u8]),
        depth: u32,
        this_mtime: MTime,
        must_make: &mut bool,
    ) -> Result<UpdateStatus> {
        let kept = self.db.resolve(key.0);
        if let Some(&g) = self
            .db
            .ghosts
            .get(&key)
            .filter(|g| g.intermediate && !g.phony)
        {
            return self.check_intermediate_ghost(key, g, kept, depth, this_mtime, must_make);
        }
        let considered = self.db.considered;
        let pruned = self
            .db
            .ghosts
            .get(&key)
            .is_some_and(|g| g.considered == considered);
        if let Some(g) = self.db.ghosts.get_mut(&key) {
            g.updating = true;
            g.considered = considered;
        }
        let st = if pruned {
            self.db_target_named(TargetMsg::Pruning, key.1, depth);
            Ok(UpdateStatus::Success)
        } else {
            // GNU's update_file of the entry merged away: update_file_1
            // of it goes on as the entry kept, and the walk on from there
            // (check_renamed) to the kept entry's later double-colon entries.
            self.update_chain(kept, depth, Some(key.1))
        };
        self.set_ghost_updating(key, false);
        let st = st?;
        let mtime = self.file_mtime(kept);
        self.fatal_pending()?;
        if mtime == MTime::Missing || mtime > this_mtime {
            *must_make = true;
        }
        // (GNU's check_dep ends by marking the entry kept not updated.)
        self.set_updating(kept, false);
        Ok(st)
    }

    /// GNU's `check_dep` of the entry vpath merged away (`key`, marks
    /// `g`), intermediate by its own mark: it alone is marked as being
    /// updated; its own rule is completed (an implicit rule looked for,
    /// `.DEFAULT`'s recipe), then the check goes on as the entry `kept`'s,
    /// whose list is walked (see `check_intermediate`), and ends by
    /// marking `kept` not updated.
    fn check_intermediate_ghost(
        &mut self,
        key: (FileId, &'static [u8]),
        g: crate::rules::Ghost,
        kept: FileId,
        depth: u32,
        this_mtime: MTime,
        must_make: &mut bool,
    ) -> Result<UpdateStatus> {
        self.set_ghost_updating(key, true);
        let st = self.complete_ghost_rule(key, g, kept, depth);
        let st = match st {
            Ok(()) => self.check_intermediate(kept, depth, this_mtime, must_make),
            Err(e) => Err(e),
        };
        self.set_ghost_updating(key, false);
        let st = st?;
        self.set_updating(kept, false);
        Ok(st)
    }

    /// The rule of the intermediate entry vpath merged away (`key`, marks
    /// `g`) completed as GNU's `check_dep` does before it follows the
    /// rename: an implicit rule looked for and `.DEFAULT`'s recipe taken,
    /// by that entry's own marks. The search runs on its own entry when
    /// it still has one apart from `kept` (merged into a double-colon
    /// entry, or one vpath had filed under the found name); when it went
    /// on as `kept`, there is none to search for (see README).
    fn complete_ghost_rule(
        &mut self,
        key: (FileId, &'static [u8]),
        g: crate::rules::Ghost,
        kept: FileId,
        depth: u32,
    ) -> Result<()> {
        if key.0 != kept {
            let f = self.db.file(key.0);
            if f.recipe.is_none() && !f.tried_implicit {
                self.try_implicit_rule(key.0, depth)?;
                self.db.file_mut(key.0).tried_implicit = true;
            }
            self.use_default_recipe(key.0, depth, true);
            return Ok(());
        }
        if g.has_recipe || g.is_target {
            return Ok(());
        }
        let default = self.db.get(b".DEFAULT");
        if default.is_some_and(|d| self.db.file(d).recipe.is_some()) {
            self.db_target_named(TargetMsg::DefaultCommands, key.1, depth);
            if let Some(g) = self.db.ghosts.get_mut(&key) {
                g.has_recipe = true;
            }
        }
        Ok(())
    }
}

/// The state of an intermediate file's walk that `walk_detached_links`
/// goes on with.
struct DetachedWalk<'a> {
    depth: u32,
    this_mtime: MTime,
    must_make: &'a mut bool,
    dep_status: &'a mut UpdateStatus,
    deps_running: &'a mut bool,
}
