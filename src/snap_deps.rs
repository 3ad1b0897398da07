//! After the makefiles are read, before anything is updated (GNU's
//! `snap_deps`): the special targets' prerequisites become marks on the
//! files they name (.PHONY, .PRECIOUS, .INTERMEDIATE, .SILENT...), -o and
//! -W set their files' times, and `.EXTRA_PREREQS` lists are attached.

use crate::error::{MakeError, Result};
use crate::fs::MTime;
use crate::make::Make;
use crate::rules::{CommandState, FileId, UpdateStatus, NEW_MTIME, OLD_MTIME};

impl Make {
    /// Applies the special targets (GNU's `snap_deps`) and `-o`/`-W`.
    pub fn snap_deps(&mut self) -> Result<()> {
        if self.db.snapped {
            return Ok(());
        }
        self.db.snapped = true;
        let marked = |mk: &Make, special: &[u8]| -> Option<Vec<FileId>> {
            let head = mk.db.get(special)?;
            let mut v = Vec::new();
            for e in mk.db.entries(head) {
                for d in &mk.db.file(e).deps {
                    v.extend(mk.db.entries(d.file));
                }
            }
            Some(v)
        };
        // Whether a special target lists nothing at all. A list kept whole
        // for the second expansion names no file yet but is a list: as in
        // GNU, where it is a prerequisite with no file, the target then
        // marks nothing rather than everything (`.SECONDARY: $$(X)`).
        let lists_nothing = |mk: &Make, special: &[u8]| -> bool {
            mk.db.get(special).is_some_and(|head| {
                mk.db.entries(head).iter().all(|&e| {
                    let f = mk.db.file(e);
                    f.deps.is_empty() && f.ext().second_deps.is_empty()
                })
            })
        };
        for f in marked(self, b".PRECIOUS").unwrap_or_default() {
            self.db.file_mut(f).precious = true;
        }
        for f in marked(self, b".LOW_RESOLUTION_TIME").unwrap_or_default() {
            self.db.file_mut(f).low_resolution_time = true;
        }
        for f in marked(self, b".PHONY").unwrap_or_default() {
            let file = self.db.file_mut(f);
            file.phony = true;
            file.is_target = true;
            file.last_mtime = Some(MTime::Missing).into();
            file.mtime_before_update = Some(MTime::Missing).into();
        }
        if let Some(list) = marked(self, b".NOTINTERMEDIATE") {
            if lists_nothing(self, b".NOTINTERMEDIATE") {
                self.db.no_intermediates = true;
            }
            for f in list {
                self.db.file_mut(f).notintermediate = true;
            }
        }
        for f in marked(self, b".INTERMEDIATE").unwrap_or_default() {
            if self.db.file(f).notintermediate {
                let n = self.db.file(f).name.to_vec();
                let mut m = n;
                m.extend_from_slice(b" cannot be both .NOTINTERMEDIATE and .INTERMEDIATE");
                return Err(MakeError::msg(None, m));
            }
            self.db.file_mut(f).intermediate = true;
        }
        if let Some(list) = marked(self, b".SECONDARY") {
            if lists_nothing(self, b".SECONDARY") {
                self.db.all_secondary = true;
            }
            for f in list {
                if self.db.file(f).notintermediate {
                    let mut m = self.db.file(f).name.to_vec();
                    m.extend_from_slice(b" cannot be both .NOTINTERMEDIATE and .SECONDARY");
                    return Err(MakeError::msg(None, m));
                }
                let file = self.db.file_mut(f);
                file.intermediate = true;
                file.secondary = true;
            }
        }
        if self.db.no_intermediates && self.db.all_secondary {
            return Err(MakeError::msg(
                None,
                ".NOTINTERMEDIATE and .SECONDARY are mutually exclusive",
            ));
        }
        if self.db.is_target(b".EXPORT_ALL_VARIABLES") {
            self.db.export_all = true;
        }
        if self.db.is_target(b".IGNORE") {
            let list = marked(self, b".IGNORE").unwrap_or_default();
            // As GNU, a bare `.IGNORE:` is `-i` itself: it shows in
            // MAKEFLAGS from now on and so reaches sub-makes.
            if lists_nothing(self, b".IGNORE") && !self.opts.ignore_errors {
                self.opts.ignore_errors = true;
                self.define_makeflags();
            }
            for f in list {
                self.db.file_mut(f).cmd_noerror = true;
            }
        }
        if self.db.is_target(b".SILENT") {
            let list = marked(self, b".SILENT").unwrap_or_default();
            if lists_nothing(self, b".SILENT") {
                self.db.silent_all = true;
            }
            for f in list {
                self.db.file_mut(f).cmd_silent = true;
            }
        }
        if self.db.is_target(b".NOTPARALLEL") {
            let list = marked(self, b".NOTPARALLEL").unwrap_or_default();
            if lists_nothing(self, b".NOTPARALLEL") {
                self.db.not_parallel = true;
            }
            for f in list {
                for d in self.db.file_mut(f).deps.iter_mut().skip(1) {
                    d.wait_here = true;
                }
            }
        }
        self.db.delete_on_error = self.db.is_target(b".DELETE_ON_ERROR");
        // GNU expands the global .EXTRA_PREREQS, entering its files, before
        // the per-file pass that marks every file intermediate under a
        // bare `.SECONDARY:`: those files are marked too.
        let global_extra = self.global_extra_prereqs()?;
        let (all_secondary, no_inter) = (self.db.all_secondary, self.db.no_intermediates);
        for (id, file) in self.db.files.iter_mut().enumerate() {
            // GNU marks the files of its table: of a double-colon file's
            // entries, the first only.
            if file
                .ext()
                .double_colon
                .get()
                .is_some_and(|h| h as usize != id)
            {
                continue;
            }
            if all_secondary && !file.notintermediate {
                file.intermediate = true;
            }
            if no_inter && !file.intermediate && !file.secondary {
                file.notintermediate = true;
            }
        }
        // As GNU: .EXTRA_PREREQS first (a `.SUFFIXES` target gets them too,
        // and they become suffixes), then the suffix rules are converted.
        self.snap_extra_prereqs(global_extra)?;
        self.snap_implicit_rules()?;
        let vp = self.var_value(b"VPATH")?;
        let vp = crate::patterns::words(&vp).collect::<Vec<_>>().join(&b' ');
        self.vpath.set_vpath(&vp);
        let gp = self.var_value(b"GPATH")?;
        let gp = crate::patterns::words(&gp).collect::<Vec<_>>().join(&b' ');
        self.vpath.set_gpath(&gp);
        for d in self.vpath.general.iter().chain(&self.vpath.gpath) {
            self.fs.note_dir_opened(d);
        }
        if self.dir_epochs.is_some() {
            let dirs: Vec<Vec<u8>> = self
                .vpath
                .general
                .iter()
                .chain(&self.vpath.gpath)
                .cloned()
                .collect();
            for d in dirs {
                self.look_in_dir(&d);
            }
        }
        for name in self.opts.old_files.clone() {
            let f = self
                .db
                .enter_file(&crate::cli::expand_command_line_file(&name));
            let file = self.db.file_mut(f);
            file.last_mtime = Some(OLD_MTIME).into();
            file.mtime_before_update = Some(OLD_MTIME).into();
            file.updated = true;
            file.update_status = UpdateStatus::Success;
            file.command_state = CommandState::Finished;
        }
        for name in self.opts.new_files.clone() {
            let f = self
                .db
                .enter_file(&crate::cli::expand_command_line_file(&name));
            let file = self.db.file_mut(f);
            file.last_mtime = Some(NEW_MTIME).into();
            file.mtime_before_update = Some(NEW_MTIME).into();
        }
        Ok(())
    }

    /// `.EXTRA_PREREQS`: added to every target (or as the target's own
    /// variable says), ignored by the automatic variables.
    /// The global .EXTRA_PREREQS, expanded, its files entered.
    pub(crate) fn global_extra_prereqs(&mut self) -> Result<Option<Vec<u8>>> {
        let Some(v) = self.vars.global.get(b".EXTRA_PREREQS").cloned() else {
            return Ok(None);
        };
        let val = if v.is_recursive() {
            self.expand(&v.expr())?
        } else {
            v.value.clone()
        };
        for e in crate::pattern_rules::extra_prereqs(&val) {
            self.db.intern(&e.name);
        }
        Ok(Some(val))
    }

    pub(crate) fn snap_extra_prereqs(&mut self, global: Option<Vec<u8>>) -> Result<()> {
        // The files that get prerequisites: GNU walks its table of files,
        // which holds the first entry of a double-colon target only.
        let mut with_extra: Vec<FileId> = Vec::new();
        for i in 0..self.db.files.len() as FileId {
            let file = self.db.file(i);
            if file.ext().double_colon.get().is_some_and(|head| head != i) {
                continue;
            }
            let has = match &file.ext().vars {
                Some(vars) => vars.get(b".EXTRA_PREREQS").is_some(),
                None => file.is_target && global.is_some(),
            };
            if has {
                with_extra.push(i);
            }
        }
        if with_extra.is_empty() {
            return Ok(());
        }
        // GNU walks the table in its own order, entering the files named
        // as it goes: a file entered in a slot after the one being walked
        // is walked too, and so marked as a bare .SECONDARY: or
        // .NOTINTERMEDIATE: marks every file (those in a slot before are
        // not).
        let marking = self.db.all_secondary || self.db.no_intermediates;
        // (File names live for the whole run: the table keeps them as they are.)
        let mut table = crate::gnuhash::Table::new(1000);
        let mut keys: Vec<&'static [u8]> = Vec::with_capacity(self.db.files.len());
        for (i, file) in self.db.files.iter().enumerate() {
            if file
                .ext()
                .double_colon
                .get()
                .is_some_and(|head| head != i as FileId)
            {
                continue;
            }
            let n = file.name;
            if table
                .insert(crate::gnuhash::jhash_string(n), keys.len(), |k| {
                    keys[k] == n
                })
                .is_none()
            {
                keys.push(n);
            }
        }
        let slot_of = |table: &crate::gnuhash::Table, keys: &[&[u8]], n: &[u8]| {
            table
                .position(crate::gnuhash::jhash_string(n), |k| keys[k] == n)
                .unwrap_or(0)
        };
        with_extra.sort_by_cached_key(|&i| slot_of(&table, &keys, self.db.file(i).name));
        for i in with_extra {
            let file = self.db.file(i);
            let value = match &file.ext().vars {
                Some(vars) => match vars.get(b".EXTRA_PREREQS").cloned() {
                    None => continue,
                    Some(v) if v.is_recursive() => self.expand(&v.expr())?,
                    Some(v) => v.value.clone(),
                },
                None => match &global {
                    Some(g) => g.clone(),
                    None => continue,
                },
            };
            let name = self.db.file(i).name;
            let extra = crate::pattern_rules::extra_prereqs(&value);
            if extra.iter().any(|e| e.name == name) {
                continue;
            }
            let here = slot_of(&table, &keys, name);
            for e in extra {
                let new = self.db.get(&e.name).is_none();
                let id = self.db.intern(&e.name);
                if new && marking {
                    let size = table.size();
                    let n = self.db.file(id).name;
                    let h = crate::gnuhash::jhash_string(n);
                    if table.insert(h, keys.len(), |k| keys[k] == n).is_none() {
                        keys.push(n);
                    }
                    // (A table that grew is walked no further by GNU's
                    // loop in any sensible way: left unmarked.)
                    if table.size() == size && slot_of(&table, &keys, n) > here {
                        let (all_secondary, no_inter) =
                            (self.db.all_secondary, self.db.no_intermediates);
                        let f = self.db.file_mut(id);
                        if all_secondary && !f.notintermediate {
                            f.intermediate = true;
                        }
                        if no_inter && !f.intermediate && !f.secondary {
                            f.notintermediate = true;
                        }
                    }
                }
                let mut d = crate::rules::Dep::new(id, e.order_only);
                d.wait_here = e.wait_here;
                d.ignore_auto = true;
                self.db.file_mut(i).deps.push(d);
            }
        }
        Ok(())
    }
}
