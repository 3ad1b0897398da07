//! The messages of `-d`, `--debug=FLAGS` and `--trace`, one function per
//! message, called from the update engine and the recipe runner.

use crate::cli::db;
use crate::fs::MTime;
use crate::make::Make;
use crate::rules::FileId;

impl Make {
    /// `--trace` (`why`): before a recipe starts, says why the target is
    /// remade: `Makefile:2: update target 'all' due to: target does not exist`.
    pub fn trace_why(&mut self, f: FileId) -> crate::error::Result<()> {
        if !self.isdb(db::WHY) {
            return Ok(());
        }
        let file = self.db.file(f);
        let mut m = match file.recipe.as_ref() {
            Some(r) if !r.loc.file.is_empty() => {
                let mut v = r.loc.file.to_vec();
                v.extend_from_slice(format!(":{}", r.loc.line).as_bytes());
                v
            }
            _ => b"<builtin>".to_vec(),
        };
        m.extend_from_slice(b": update target '");
        m.extend_from_slice(file.name);
        m.extend_from_slice(b"' due to: ");
        // GNU keeps no time for a member of an archive that does not
        // exist (its time is "unknown", not "missing").
        let in_missing_archive = crate::archive::split_member(file.name).is_some_and(|(ar, _)| {
            self.db
                .get(ar)
                .and_then(|a| self.db.file(a).last_mtime.get())
                == Some(MTime::Missing)
        });
        if file.phony {
            m.extend_from_slice(b"target is .PHONY");
        } else if file.last_mtime.get() == Some(MTime::Missing) && !in_missing_archive {
            m.extend_from_slice(b"target does not exist");
        } else {
            let newer = self.expand_text(b"$?")?;
            if !newer.is_empty() {
                m.extend_from_slice(&newer);
            } else {
                let file = self.db.file(f);
                let missing: Vec<&[u8]> = file
                    .deps
                    .iter()
                    .map(|d| self.db.file(d.file))
                    .filter(|d| d.last_mtime.get() == Some(MTime::Missing))
                    .map(|d| d.name)
                    .collect();
                if missing.is_empty() {
                    m.extend_from_slice(b"unknown reasons");
                } else {
                    m.extend_from_slice(&missing.join(&b' '));
                }
            }
        }
        m.push(b'\n');
        self.out.stdout(&m);
        Ok(())
    }

    /// Whether recipe lines are echoed even when silent (`--debug=print`).
    pub fn print_all_commands(&self) -> bool {
        self.isdb(db::PRINT)
    }
}

/// The per-target lines of `-d`/`--debug=b,v,i` (GNU's `DBF`/`DBS`): each
/// is indented by `depth` spaces and names the file in quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetMsg {
    Pruning,
    Considering,
    RecentlyFailed,
    ConsideredAlready,
    StillUpdating,
    FinishedUpdating,
    DoesNotExist,
    DefaultRecipe,
    /// The same, for an intermediate prerequisite (GNU's other wording).
    DefaultCommands,
    DepsBeingMade,
    FinishedPrereqs,
    GivingUp,
    DoubleColonNoPrereqs,
    NoRecipeNoChange,
    AlwaysMake,
    MustRemake,
    RecipeRunning,
    FailedRemake,
    Remade,
    NeedsRemakeQuestion,
    LookingForImplicit,
    NoImplicitFound,
}

impl TargetMsg {
    fn level(self) -> u32 {
        use TargetMsg::*;
        match self {
            DoesNotExist | DoubleColonNoPrereqs | MustRemake | FailedRemake | Remade
            | NeedsRemakeQuestion => db::BASIC,
            DefaultRecipe | DefaultCommands | LookingForImplicit | NoImplicitFound => db::IMPLICIT,
            _ => db::VERBOSE,
        }
    }

    fn text(self) -> (&'static str, &'static str) {
        use TargetMsg::*;
        match self {
            Pruning => ("Pruning file '", "'."),
            Considering => ("Considering target file '", "'."),
            RecentlyFailed => ("Recently tried and failed to update file '", "'."),
            ConsideredAlready => ("File '", "' was considered already."),
            StillUpdating => ("Still updating file '", "'."),
            FinishedUpdating => ("Finished updating file '", "'."),
            DoesNotExist => ("File '", "' does not exist."),
            DefaultRecipe => ("Using default recipe for '", "'."),
            DefaultCommands => ("Using default commands for '", "'."),
            DepsBeingMade => ("The prerequisites of '", "' are being made."),
            FinishedPrereqs => ("Finished prerequisites of target file '", "'."),
            GivingUp => ("Giving up on target file '", "'."),
            DoubleColonNoPrereqs => ("Target '", "' is double-colon and has no prerequisites."),
            NoRecipeNoChange => (
                "No recipe for '",
                "' and no prerequisites actually changed.",
            ),
            AlwaysMake => ("Making '", "' due to always-make flag."),
            MustRemake => ("Must remake target '", "'."),
            RecipeRunning => ("Recipe of '", "' is being run."),
            FailedRemake => ("Failed to remake target file '", "'."),
            Remade => ("Successfully remade target file '", "'."),
            NeedsRemakeQuestion => ("Target file '", "' needs to be remade under -q."),
            LookingForImplicit => ("Looking for an implicit rule for '", "'."),
            NoImplicitFound => ("No implicit rule found for '", "'."),
        }
    }
}

/// How a prerequisite compares with its target, for `--debug=b,v`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrereqMsg {
    OrderOnly,
    Missing,
    Newer,
    Older,
}

fn spaces(m: &mut Vec<u8>, depth: u32) {
    m.extend(std::iter::repeat_n(b' ', depth as usize));
}

impl Make {
    /// One per-target debug line about `f` at `depth` (GNU's `DBF`).
    /// (Inlined: called on every visit of a prerequisite, printing only
    /// under `--debug`.)
    #[inline]
    pub fn db_target(&mut self, msg: TargetMsg, f: FileId, depth: u32) {
        if self.isdb(msg.level()) {
            self.db_target_named(msg, self.db.file(f).name, depth);
        }
    }

    /// [`Make::db_target`] of a file shown under `name`.
    #[inline(never)]
    pub fn db_target_named(&mut self, msg: TargetMsg, name: &[u8], depth: u32) {
        if !self.isdb(msg.level()) {
            return;
        }
        let (pre, post) = msg.text();
        let mut m = Vec::new();
        spaces(&mut m, depth);
        m.extend_from_slice(pre.as_bytes());
        m.extend_from_slice(name);
        m.extend_from_slice(post.as_bytes());
        m.push(b'\n');
        self.out.debug(&m);
    }

    /// The line for the result of `remake_file` (GNU's switch on
    /// `update_status` after remaking).
    pub fn db_remade(&mut self, f: FileId, depth: u32) {
        use crate::rules::UpdateStatus;
        let msg = match self.db.file(f).update_status {
            UpdateStatus::Failed => TargetMsg::FailedRemake,
            UpdateStatus::Success => TargetMsg::Remade,
            UpdateStatus::Question => TargetMsg::NeedsRemakeQuestion,
            UpdateStatus::None => return,
        };
        self.db_target(msg, f, depth);
    }

    /// `No need to remake target 'x'` (with the vpath name when the file was
    /// found through vpath).
    pub fn db_no_need(&mut self, f: FileId, depth: u32) {
        if !self.isdb(db::VERBOSE) {
            return;
        }
        let file = self.db.file(f);
        let mut m = Vec::new();
        spaces(&mut m, depth);
        m.extend_from_slice(b"No need to remake target '");
        m.extend_from_slice(file.name);
        m.push(b'\'');
        if let Some(v) = file
            .ext()
            .vpath_name
            .as_ref()
            .filter(|v| ***v != *file.name)
        {
            m.extend_from_slice(b"; using VPATH name '");
            m.extend_from_slice(v);
            m.push(b'\'');
        }
        m.extend_from_slice(b".\n");
        self.out.debug(&m);
    }

    /// `FILE:LINE: not recursively expanding V to export to shell function`
    /// (`--debug=v`): a variable met again while its own value is expanded
    /// for a `$(shell)`'s environment. Located at its definition; one
    /// without (command line, environment) shows as GNU's printf shows a
    /// null name, `(null):0`.
    pub fn db_not_expanding_for_shell(&mut self, name: &[u8]) {
        let mut m = match self.vars.lookup(name).and_then(|v| v.loc.as_ref()) {
            Some(l) => {
                let mut m = l.file.to_vec();
                m.extend_from_slice(format!(":{}", l.line).as_bytes());
                m
            }
            None => b"(null):0".to_vec(),
        };
        m.extend_from_slice(b": not recursively expanding ");
        m.extend_from_slice(name);
        m.extend_from_slice(b" to export to shell function\n");
        self.out.debug(&m);
    }

    /// `Skipping UTF-8 BOM in makefile 'm.mk'` when the first line of a
    /// makefile (or of an evaluated text at line 1) starts with a UTF-8
    /// byte order mark; a text not read from a file is a "buffer".
    pub fn db_skipping_bom(&mut self, file: crate::error::SrcName) {
        if !self.isdb(db::BASIC) {
            return;
        }
        let m = if file.is_empty() {
            b"Skipping UTF-8 BOM in makefile buffer\n".to_vec()
        } else {
            let mut m = b"Skipping UTF-8 BOM in makefile '".to_vec();
            m.extend_from_slice(&file);
            m.extend_from_slice(b"'\n");
            m
        };
        self.out.debug(&m);
    }

    /// `  Ignoring VPATH name 'x'.` when a file found through vpath must be
    /// remade.
    pub fn db_ignoring_vpath(&mut self, f: FileId) {
        if !self.isdb(db::BASIC) {
            return;
        }
        let ext = self.db.file(f).ext();
        if let Some(v) = ext.vpath_name.clone().or_else(|| ext.ignored_vpath.clone()) {
            let mut m = b"  Ignoring VPATH name '".to_vec();
            m.extend_from_slice(&v);
            m.extend_from_slice(b"'.\n");
            self.out.debug(&m);
        }
    }

    /// `Grouped target peer 'p' of file 'f' does not exist.`
    pub fn db_peer_missing(&mut self, peer: FileId, f: FileId, depth: u32) {
        if !self.isdb(db::BASIC) {
            return;
        }
        let mut m = Vec::new();
        spaces(&mut m, depth);
        m.extend_from_slice(b"Grouped target peer '");
        m.extend_from_slice(self.db.file(peer).name);
        m.extend_from_slice(b"' of file '");
        m.extend_from_slice(self.db.file(f).name);
        m.extend_from_slice(b"' does not exist.\n");
        self.out.debug(&m);
    }

    /// A prerequisite's state relative to its target, at `depth + 1`.
    pub fn db_prereq(&mut self, msg: PrereqMsg, dep: FileId, target: FileId, depth: u32) {
        let (level, pre, mid, post) = match msg {
            PrereqMsg::OrderOnly => (
                db::VERBOSE,
                "Prerequisite '",
                "' is order-only for target '",
                "'.",
            ),
            PrereqMsg::Missing => (
                db::BASIC,
                "Prerequisite '",
                "' of target '",
                "' does not exist.",
            ),
            PrereqMsg::Newer => (
                db::BASIC,
                "Prerequisite '",
                "' is newer than target '",
                "'.",
            ),
            PrereqMsg::Older => (
                db::VERBOSE,
                "Prerequisite '",
                "' is older than target '",
                "'.",
            ),
        };
        if !self.isdb(level) {
            return;
        }
        let mut m = Vec::new();
        spaces(&mut m, depth + 1);
        m.extend_from_slice(pre.as_bytes());
        m.extend_from_slice(self.db.file(dep).name);
        m.extend_from_slice(mid.as_bytes());
        m.extend_from_slice(self.db.file(target).name);
        m.extend_from_slice(post.as_bytes());
        m.push(b'\n');
        self.out.debug(&m);
    }

    /// A stable number standing for the child record in the job lines
    /// (GNU prints its address).
    pub fn child_id(&self, f: FileId) -> usize {
        self.db.file(f) as *const crate::rules::File as usize
    }

    /// `Putting child 0x... (target) PID n on the chain.`
    pub fn db_child_put(&mut self, f: FileId, id: usize, pid: libc::pid_t) {
        if self.isdb(db::JOBS) {
            let mut m = format!("Putting child {:#x} (", id).into_bytes();
            m.extend_from_slice(self.db.file(f).name);
            m.extend_from_slice(format!(") PID {} on the chain.\n", pid).as_bytes());
            self.out.debug(&m);
        }
    }

    /// `Live child 0x... (target) PID n ` (as GNU, with a trailing blank).
    pub fn db_child_live(&mut self, f: FileId, id: usize, pid: libc::pid_t) {
        if self.isdb(db::JOBS) {
            let mut m = format!("Live child {:#x} (", id).into_bytes();
            m.extend_from_slice(self.db.file(f).name);
            m.extend_from_slice(format!(") PID {} \n", pid).as_bytes());
            self.out.debug(&m);
        }
    }

    /// `Reaping winning child 0x... PID n ` or `Reaping losing child ...`.
    pub fn db_child_reaped(&mut self, id: usize, pid: libc::pid_t, won: bool) {
        if self.isdb(db::JOBS) {
            let how = if won { "winning" } else { "losing" };
            let m = format!("Reaping {} child {:#x} PID {} \n", how, id, pid);
            self.out.debug(m.as_bytes());
        }
    }

    /// `Removing child 0x... PID n from chain.`
    pub fn db_child_removed(&mut self, id: usize, pid: libc::pid_t) {
        if self.isdb(db::JOBS) {
            let m = format!("Removing child {:#x} PID {} from chain.\n", id, pid);
            self.out.debug(m.as_bytes());
        }
    }

    /// `Released token for child 0x... (target).` (jobserver).
    pub fn db_child_released_token(&mut self, f: FileId, id: usize) {
        if self.isdb(db::JOBS) {
            let mut m = format!("Released token for child {:#x} (", id).into_bytes();
            m.extend_from_slice(self.db.file(f).name);
            m.extend_from_slice(b").\n");
            self.out.debug(&m);
        }
    }

    /// `Obtained token for child 0x... (target).` (jobserver).
    pub fn db_child_obtained_token(&mut self, f: FileId, id: usize) {
        if self.isdb(db::JOBS) {
            let mut m = format!("Obtained token for child {:#x} (", id).into_bytes();
            m.extend_from_slice(self.db.file(f).name);
            m.extend_from_slice(b").\n");
            self.out.debug(&m);
        }
    }

    /// `Need a job token; we have children` / `we don't have children`.
    pub fn db_need_token(&mut self, have_children: bool) {
        if self.isdb(db::JOBS) {
            let m = format!(
                "Need a job token; we {}have children\n",
                if have_children { "" } else { "don't " }
            );
            self.out.debug(m.as_bytes());
        }
    }
}

impl Make {
    /// `Updating goal targets....` before the goals are updated.
    pub fn db_updating_goals(&mut self) {
        if self.isdb(db::BASIC) {
            self.out.debug(b"Updating goal targets....\n");
        }
    }
}
