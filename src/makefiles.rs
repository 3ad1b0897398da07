//! The makefiles themselves: reading them (`MAKEFILES`, `-f` or the default
//! names, `include`/`-include`/`sinclude` with the include search path) and,
//! once everything is read, bringing them up to date and re-executing make
//! when one changed — GNU's `read_all_makefiles`, `eval_makefile` and the
//! "Updating makefiles" part of `main`.

use std::os::unix::ffi::OsStrExt;

use crate::cli::db;
use crate::error::{Loc, MakeError, Result};
use crate::fs::{errno_of, MTime};
use crate::make::Make;
use crate::rules::{CommandState, FileId, UpdateStatus};
use crate::vars::{Flavor, Origin};

/// An included makefile (searched for in the include directories).
pub const RM_INCLUDED: u8 = 1;
/// Missing or failing is not an error (`-include`, `MAKEFILES`, defaults).
pub const RM_DONTCARE: u8 = 2;
/// Its rules do not choose the default goal.
pub const RM_NO_DEFAULT_GOAL: u8 = 4;
/// `~` was already expanded.
pub const RM_NO_TILDE: u8 = 8;

/// One makefile make tried to read, in reading order.
#[derive(Debug, Clone)]
pub struct ReadFile {
    pub file: FileId,
    pub flags: u8,
    /// The errno of the failed open, if it failed.
    pub error: Option<i32>,
    /// The `include` line (none for `-f`, default and `MAKEFILES` files).
    pub loc: Option<Loc>,
}

/// The state of this module kept in [`Make`].
#[derive(Debug, Default)]
pub struct State {
    pub read_files: Vec<ReadFile>,
    /// Set while the makefiles are being brought up to date.
    pub rebuilding: bool,
    /// While rebuilding: the index in `read_files` of the goal being updated.
    pub goal: Option<usize>,
    /// The value of `MAKE_RESTARTS` make was started with.
    pub restarts: u32,
    /// `MAKE_RESTARTS` started with `-`: "Entering directory" was printed.
    pub traced: bool,
    /// The directory make was started in (before `-C`).
    pub start_dir: Option<Vec<u8>>,
    /// The `-f` names as read (the stdin one replaced by its temporary file).
    pub makefile_names: Vec<Vec<u8>>,
    /// The index of the stdin makefile in `makefile_names`.
    pub stdin_index: Option<usize>,
    /// The version banner was printed (`-d`, `-p`): only once.
    pub version_printed: bool,
    /// Make stops while decoding its switches with no file name known yet
    /// (no goal, no -f, -C, -I, -o, -W): GNU's string cache is still
    /// empty, and -p says so.
    pub strcache_empty: bool,
}

impl Make {
    /// Whether any of the `db` bits is on (GNU's `ISDB`).
    pub fn isdb(&self, bits: u32) -> bool {
        self.opts.db_level & bits != 0
    }

    /// GNU's `construct_include_path`: the `-I` directories that exist (`-I-`
    /// starts again and drops the defaults), then the default ones; they make
    /// up `.INCLUDE_DIRS`.
    pub fn construct_include_path(&mut self) {
        let is_dir = |d: &[u8]| {
            std::fs::metadata(crate::fs::path(d))
                .map(|m| m.is_dir())
                .unwrap_or(false)
        };
        let trim = |d: &[u8]| {
            let mut n = d.len();
            while n > 1 && d[n - 1] == b'/' {
                n -= 1;
            }
            d[..n].to_vec()
        };
        let mut dirs: Vec<Vec<u8>> = Vec::new();
        let mut disable = false;
        for d in self.opts.include_dirs.clone() {
            if d == b"-" {
                disable = true;
                dirs.clear();
                continue;
            }
            let d = crate::glob::expand_word(&d).into_iter().next().unwrap_or(d);
            if is_dir(&d) {
                dirs.push(trim(&d));
            }
        }
        if !disable {
            for d in [&b"/usr/local/include"[..], b"/usr/include"] {
                if is_dir(d) {
                    dirs.push(trim(d));
                }
            }
        }
        let value = dirs.join(&b' ');
        self.set_global(
            b".INCLUDE_DIRS",
            value,
            Flavor::Simple,
            Origin::Default,
            None,
        );
        self.include_dirs = dirs;
    }

    /// GNU's `print_version` under `-d` or `-p` (`# ` before each line
    /// under `-p`), once.
    pub fn print_version(&mut self) {
        if self.mkfiles.version_printed {
            return;
        }
        self.mkfiles.version_printed = true;
        let prefix: &[u8] = if self.opts.print_data_base {
            b"# "
        } else {
            b""
        };
        let v = crate::cli::version_text_prefixed(&self.out.prog, prefix);
        self.out.stdout_unannounced(&v);
    }

    /// `include`/`-include`/`sinclude` with its expanded argument: each
    /// name (split as GNU's parse_file_seq does, so `\ ` quotes a blank;
    /// globbed, `./` removed) is read in turn.
    pub fn include_makefiles(
        &mut self,
        names: &[u8],
        noerror: bool,
        set_default: bool,
        loc: &Loc,
    ) -> Result<()> {
        if self.sandbox {
            return Ok(());
        }
        let mut files = Vec::new();
        let (words, _) = crate::parser::split_file_seq_words(names, b"");
        for w in words.iter() {
            let w = crate::rules::strip_dot_slash(w);
            for g in crate::glob::expand_word(w) {
                files.push(g);
            }
        }
        // --debug=v: GNU globs the whole list before reading any of it, so
        // a directory the globbing read anew says so before the first
        // "Reading makefile".
        if self.dir_epochs.is_some() {
            self.look_in_dirs_globbed();
        }
        let flags = RM_INCLUDED
            | RM_NO_TILDE
            | if noerror { RM_DONTCARE } else { 0 }
            | if set_default { 0 } else { RM_NO_DEFAULT_GOAL };
        for f in files {
            self.eval_makefile(&f, flags, Some(*loc))?;
        }
        Ok(())
    }

    /// Reads one makefile (GNU's `eval_makefile`), recording it for the
    /// remaking phase.
    /// Returns the error of opening it, if that failed.
    pub fn eval_makefile(
        &mut self,
        name: &[u8],
        flags: u8,
        loc: Option<Loc>,
    ) -> Result<Option<i32>> {
        if self.isdb(db::VERBOSE) {
            let mut m = b"Reading makefile '".to_vec();
            m.extend_from_slice(name);
            m.push(b'\'');
            if flags & RM_NO_DEFAULT_GOAL != 0 {
                m.extend_from_slice(b" (no default goal)");
            }
            if flags & RM_INCLUDED != 0 {
                m.extend_from_slice(b" (search path)");
            }
            if flags & RM_DONTCARE != 0 {
                m.extend_from_slice(b" (don't care)");
            }
            if flags & RM_NO_TILDE != 0 {
                m.extend_from_slice(b" (no ~ expansion)");
            }
            m.extend_from_slice(b"...\n");
            self.out.debug(&m);
        }
        let index = self.mkfiles.read_files.len();
        self.mkfiles.read_files.push(ReadFile {
            file: 0,
            flags,
            error: None,
            loc,
        });
        let mut path = if flags & RM_NO_TILDE == 0 && name.first() == Some(&b'~') {
            crate::glob::expand_word(name)
                .into_iter()
                .next()
                .unwrap_or_else(|| name.to_vec())
        } else {
            name.to_vec()
        };
        let open = |p: &[u8]| crate::reader::LineReader::open(crate::fs::path(p));
        let mut result = open(&path).map_err(|e| errno_of(&e));
        if let Err(code @ (libc::EMFILE | libc::ENFILE | libc::ENOMEM)) = result {
            // Out of descriptors or memory: GNU gives up at once.
            return Err(MakeError::msg(loc.as_ref(), crate::exec::strerror(code)));
        }
        if matches!(result, Err(libc::ENOENT))
            && flags & RM_INCLUDED != 0
            && !path.starts_with(b"/")
        {
            for d in self.include_dirs.clone() {
                let mut p = d.clone();
                p.push(b'/');
                p.extend_from_slice(&path);
                match open(&p) {
                    Ok(data) => {
                        path = p;
                        result = Ok(data);
                        break;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        path = p;
                        result = Err(errno_of(&e));
                        break;
                    }
                }
            }
        }
        if matches!(result, Err(libc::EISDIR)) {
            // GNU opens a directory fine; reading it fails: fatal.
            let mut m = path.clone();
            m.extend_from_slice(b": ");
            m.extend_from_slice(&crate::exec::strerror(libc::EISDIR));
            return Err(MakeError::msg(None, m));
        }
        let file = self.db.intern(&path);
        // A makefile is never an intermediate file.
        self.db.file_mut(file).is_explicit = true;
        let rf = &mut self.mkfiles.read_files[index];
        rf.file = file;
        match result {
            Err(code) => {
                rf.error = Some(code);
                self.db.file_mut(file).last_mtime = Some(MTime::Missing).into();
                Ok(Some(code))
            }
            Ok(data) => {
                if self.db.file(file).last_mtime.get() == Some(MTime::Missing) {
                    self.db.file_mut(file).last_mtime = None.into();
                }
                // Room for the names and variables a makefile this big
                // may define, made at once (a name or a variable per 32
                // bytes, 131,072 at most), instead of rehashing as they
                // come.
                let room = (data.size() / 32).min(1 << 17);
                self.db.reserve(room);
                self.vars.global.reserve(room / 2);
                self.add_makefile_list_at(&path, name);
                // Locations use the name as written, not as found.
                let set_default = flags & RM_NO_DEFAULT_GOAL == 0;
                self.nested(|mk| mk.eval_makefile_reader(name, data, set_default))?;
                Ok(None)
            }
        }
    }

    /// GNU's `read_all_makefiles`: `MAKEFILES`, then the `-f` files or the
    /// first default makefile that exists.
    pub fn read_all_makefiles(&mut self) -> Result<()> {
        if self.isdb(db::BASIC) {
            self.out.debug(b"Reading makefiles...\n");
        }
        let extra = self.expand_text(b"$(MAKEFILES)")?;
        for w in crate::patterns::words(&extra)
            .map(|w| w.to_vec())
            .collect::<Vec<_>>()
        {
            self.eval_makefile(&w, RM_NO_DEFAULT_GOAL | RM_INCLUDED | RM_DONTCARE, None)?;
        }
        let names = self.mkfiles.makefile_names.clone();
        if !names.is_empty() {
            for n in names {
                if let Some(code) = self.eval_makefile(&n, 0, None)? {
                    let mut m = n.clone();
                    m.extend_from_slice(b": ");
                    m.extend_from_slice(&crate::exec::strerror(code));
                    self.out.error(None, &m);
                }
            }
            return Ok(());
        }
        let defaults: [&[u8]; 3] = [b"GNUmakefile", b"makefile", b"Makefile"];
        // GNU looks for them in its directory cache (`file_exists_p`);
        // under `-p` so does rmake, for the data base's directory section
        // (otherwise a stat each spares reading a large directory).
        let pdb = self.opts.print_data_base;
        self.look_in_dir(b".");
        // A name listed counts even if it cannot be opened (a dangling
        // symlink: then reading it fails), and none counts in a directory
        // that cannot be listed, as with GNU's cache.
        let mut listable = None;
        // (A listing read before -C changed directory is another's.)
        let before_chdir = crate::fs::listing_before_chdir(b".");
        let found = defaults.iter().find(|n| {
            if let Some(l) = &before_chdir {
                l.contains(n)
            } else if pdb {
                self.fs.exists(n)
            } else {
                std::fs::symlink_metadata(crate::fs::path(n)).is_ok()
                    && *listable.get_or_insert_with(|| {
                        // SAFETY: a NUL-terminated path.
                        unsafe { libc::access(c".".as_ptr(), libc::R_OK) == 0 }
                    })
            }
        });
        match found {
            Some(n) => {
                if let Some(code) = self.eval_makefile(n, 0, None)? {
                    let mut m = n.to_vec();
                    m.extend_from_slice(b": ");
                    m.extend_from_slice(&crate::exec::strerror(code));
                    self.out.error(None, &m);
                }
            }
            None => {
                for n in defaults {
                    let file = self.db.intern(n);
                    self.mkfiles.read_files.push(ReadFile {
                        file,
                        flags: RM_DONTCARE,
                        error: None,
                        loc: None,
                    });
                }
            }
        }
        Ok(())
    }

    /// Called where GNU calls `show_goal_error`: while rebuilding makefiles,
    /// the first failure concerning a missing included makefile reports it.
    pub fn show_goal_error(&mut self) {
        let Some(i) = self.mkfiles.goal else { return };
        let Some(g) = self.mkfiles.read_files.get(i).cloned() else {
            return;
        };
        if g.flags & (RM_INCLUDED | RM_DONTCARE) != RM_INCLUDED {
            return;
        }
        // The first entry for this file carries the error.
        let Some(j) = self
            .mkfiles
            .read_files
            .iter()
            .position(|r| r.file == g.file)
        else {
            return;
        };
        if let Some(code) = self.mkfiles.read_files[j].error.take() {
            let mut m = self.db.file(g.file).name.to_vec();
            m.extend_from_slice(b": ");
            m.extend_from_slice(&crate::exec::strerror(code));
            let loc = self.mkfiles.read_files[j].loc;
            self.out.error(loc.as_ref(), &m);
        }
    }

    /// `--debug=b`: the shuffle mode in effect (its seed when random).
    fn db_shuffle_mode(&mut self) {
        if let Some(mode) = self.opts.shuffle.as_ref() {
            if self.isdb(db::BASIC) {
                let mut m = b"Enabled shuffle mode: ".to_vec();
                m.extend_from_slice(mode);
                m.push(b'\n');
                self.out.debug(&m);
            }
        }
    }

    /// Brings the makefiles up to date; re-executes make when one of them
    /// changed (does not return then). Returns an exit status to stop with.
    pub fn remake_makefiles(&mut self, argv: &[Vec<u8>]) -> Result<Option<i32>> {
        if self.mkfiles.read_files.is_empty() {
            self.db_shuffle_mode();
            return Ok(None);
        }
        // GNU snaps the rules (looking into directories) before it says so.
        self.snap_deps()?;
        self.db_shuffle_mode();
        if self.isdb(db::BASIC) {
            self.out.debug(b"Updating makefiles....\n");
        }
        let mut goals: Vec<ReadFile> = Vec::new();
        let mut skipped: Vec<ReadFile> = Vec::new();
        let mut any_failed = false;
        let mut mtimes = Vec::new();
        for rf in std::mem::take(&mut self.mkfiles.read_files) {
            let f = rf.file;
            let mut skip = self.db.file(f).phony;
            if !skip && self.db.file(f).ext().double_colon.get().is_some() {
                skip =
                    self.db.entries(f).iter().any(|&e| {
                        self.db.file(e).deps.is_empty() && self.db.file(e).recipe.is_some()
                    });
            }
            if skip {
                if self.isdb(db::VERBOSE) {
                    let mut m = b"Makefile '".to_vec();
                    m.extend_from_slice(self.db.file(f).name);
                    m.extend_from_slice(b"' might loop; not remaking it.\n");
                    self.out.debug(&m);
                }
                if rf.error.is_some() && rf.flags & RM_DONTCARE == 0 {
                    skipped.push(rf);
                    any_failed = true;
                }
            } else {
                mtimes.push(self.mtime_no_search(f));
                goals.push(rf);
            }
        }
        self.mkfiles.read_files = goals.clone();
        self.define_makeflags_for(true);

        let saved_db = self.opts.db_level;
        if !self.isdb(db::MAKEFILES) {
            self.opts.db_level = 0;
        }
        self.mkfiles.rebuilding = true;
        let ids: Vec<FileId> = goals.iter().map(|g| g.file).collect();
        let dontcare: Vec<bool> = goals.iter().map(|g| g.flags & RM_DONTCARE != 0).collect();
        // Remaking runs jobs: a fatal signal is handled as while building
        // the goals (their targets deleted, their failures reported).
        crate::signals::set_deferred(true);
        let r = self.update_makefile_chain(&ids, &dontcare);
        crate::signals::set_deferred(false);
        if let Some(sig) = crate::signals::pending() {
            self.wait_all_jobs(false);
            self.die_of_signal(sig, None);
        }
        self.mkfiles.rebuilding = false;
        self.mkfiles.goal = None;
        // A fatal error while remaking: GNU dies with the debug level of
        // the remaking (none without `m`), its `Removing intermediate
        // files...` and job messages unsaid.
        let mut status = r?;
        self.opts.db_level = saved_db;

        // GNU keeps them in a list it pushes onto: the last read first.
        for rf in skipped.into_iter().rev() {
            if let Some(code) = rf.error {
                let mut m = self.db.file(rf.file).name.to_vec();
                m.extend_from_slice(b": ");
                m.extend_from_slice(&crate::exec::strerror(code));
                self.out.error(rf.loc.as_ref(), &m);
            }
        }
        if any_failed && status == UpdateStatus::Success {
            status = UpdateStatus::None;
        }
        let mut exit_status = 0;
        let reexec = match status {
            UpdateStatus::Question => false,
            UpdateStatus::None => {
                self.reload_unloaded()?;
                false
            }
            UpdateStatus::Failed => {
                let mut any_remade = false;
                let goals = self.mkfiles.read_files.clone();
                for (i, g) in goals.iter().enumerate() {
                    let f = self.db.file(g.file);
                    if f.updated {
                        if f.update_status == UpdateStatus::Success {
                            any_remade |= self.mtime_no_search(g.file) != mtimes[i];
                        } else if g.flags & RM_DONTCARE == 0 {
                            let mut m = b"Failed to remake makefile '".to_vec();
                            m.extend_from_slice(f.name);
                            m.extend_from_slice(b"'.");
                            self.out.error(g.loc.as_ref(), &m);
                            let mt = self.mtime_no_search(g.file);
                            any_remade |= mt != MTime::Missing && mt != mtimes[i];
                            exit_status = 2;
                            any_failed = true;
                        }
                    } else if g.flags & RM_DONTCARE == 0 {
                        let name = f.name.to_vec();
                        if g.flags & RM_INCLUDED != 0 {
                            let mut m = b"Included makefile '".to_vec();
                            m.extend_from_slice(&name);
                            m.extend_from_slice(b"' was not found.");
                            self.out.error(g.loc.as_ref(), &m);
                        } else {
                            let mut m = b"Makefile '".to_vec();
                            m.extend_from_slice(&name);
                            m.extend_from_slice(b"' was not found");
                            self.out.error(None, &m);
                            any_failed = true;
                        }
                    }
                }
                any_remade
            }
            UpdateStatus::Success => true,
        };
        if reexec {
            self.remove_intermediates(false);
            if self.opts.print_data_base {
                self.print_data_base();
            }
            return self.reexec(argv).map(Some);
        }
        if any_failed {
            // GNU's die(): the caller removes the intermediate files and
            // prints the data base under -p.
            return Err(MakeError::Exit(2.max(exit_status)));
        }
        self.mkfiles.read_files.clear();
        Ok(None)
    }

    /// A file's time stamp without the vpath search (GNU's
    /// `file_mtime_no_search`): the time already recorded, else the file
    /// as named, stat'ed afresh.
    pub(crate) fn mtime_no_search(&mut self, f: FileId) -> MTime {
        // A file given with -o or -W keeps the old or new time it was
        // given: it must not count as changed because the disk says
        // otherwise. A makefile that could not be opened was recorded
        // missing and is not stat'ed (no `stat:` error for a symlink
        // loop); one remade was timed once after its recipe.
        if let Some(t) = self.db.file(f).last_mtime.get() {
            return t;
        }
        let name = self.db.file(f).name.to_vec();
        let t = self.fs.restat(&name);
        self.warn_if_future(f, t);
        // GNU's file_mtime_no_search records the time it found.
        let file = self.db.file_mut(f);
        if file.last_mtime.get().is_none() {
            file.last_mtime = Some(t).into();
        }
        // And, as any look at a time stamp, takes back the intermediate
        // mark (from .SECONDARY with no prerequisites, or .INTERMEDIATE)
        // of a file that existed before make ran.
        self.take_back_intermediate(f, t);
        t
    }

    /// GNU's `update_goal_chain` with `rebuilding_makefiles` set.
    fn update_makefile_chain(
        &mut self,
        goals: &[FileId],
        dontcare: &[bool],
    ) -> Result<UpdateStatus> {
        let (t, q, n) = (self.opts.touch, self.opts.question, self.opts.dry_run);
        let r = self.update_goal_chain_with(goals, Some(dontcare))?;
        // Only a normal return restores them: GNU dies (and removes the
        // intermediate files) with the makefile goal's settings.
        self.opts.touch = t;
        self.opts.question = q;
        self.opts.dry_run = n;
        Ok(r)
    }

    /// Re-executes make with the same arguments (the stdin makefile as
    /// `--temp-stdin=`), `MAKE_RESTARTS` incremented.
    fn reexec(&mut self, argv: &[Vec<u8>]) -> Result<i32> {
        let nargv = self.reexec_args(argv);
        if let Some(d) = &self.mkfiles.start_dir {
            if !self.opts.directories.is_empty()
                && std::env::set_current_dir(crate::fs::path(d)).is_err()
            {
                return Err(MakeError::msg(
                    None,
                    "Couldn't change back to original directory",
                ));
            }
        }
        let restarts = self.mkfiles.restarts + 1;
        if self.isdb(db::BASIC) {
            let mut m = format!("Re-executing[{}]:", restarts).into_bytes();
            for a in &nargv {
                m.push(b' ');
                m.extend_from_slice(a);
            }
            m.push(b'\n');
            self.out.debug(&m);
        }
        let traced = self.out.traced;
        let value = format!("{}{}", if traced { "-" } else { "" }, restarts);
        use std::os::unix::process::CommandExt;
        let mut cmd = std::process::Command::new(std::ffi::OsStr::from_bytes(&nargv[0]));
        cmd.args(nargv[1..].iter().map(|a| std::ffi::OsStr::from_bytes(a)));
        // The restarted make gets this process's environment in its order
        // (which orders its variables as GNU's hash table does): set the two
        // variables in place, as `Command::env` would pass a sorted copy.
        std::env::set_var("MAKE_RESTARTS", value);
        if std::env::var_os("MAKELEVEL").is_some() {
            std::env::set_var("MAKELEVEL", self.out.level.to_string());
        }
        // The restarted make sets up its own jobserver or joins its
        // parent's again: release this one (closing its descriptors and
        // removing its fifo) first, except a parent's pipe, passed on.
        if let Some(js) = self.jobs.jobserver.take() {
            js.pass_to_reexec();
        }
        drop(std::mem::take(&mut self.jobs));
        let e = cmd.exec();
        // exec failed.
        crate::signals::TEMP_STDIN.remove();
        let mut m = nargv[0].clone();
        m.extend_from_slice(b": ");
        m.extend_from_slice(&crate::exec::error_text(&e));
        self.out.error(None, &m);
        Ok(127)
    }

    /// The arguments for re-executing: every `-f` option rewritten with the
    /// name actually read, the stdin one as `--temp-stdin=NAME`.
    fn reexec_args(&self, argv: &[Vec<u8>]) -> Vec<Vec<u8>> {
        let names = &self.mkfiles.makefile_names;
        let mut out = Vec::with_capacity(argv.len() + 1);
        let mut idx = 0;
        let mut i = 0;
        if let Some(a0) = argv.first() {
            out.push(a0.clone());
        }
        i += 1;
        while i < argv.len() {
            let a = &argv[i];
            i += 1;
            let Some(mf) = names.get(idx) else {
                out.push(a.clone());
                continue;
            };
            if a.first() != Some(&b'-') {
                out.push(a.clone());
                continue;
            }
            let stdin = self.mkfiles.stdin_index == Some(idx);
            let temp = |mf: &[u8]| {
                let mut v = b"--temp-stdin=".to_vec();
                v.extend_from_slice(mf);
                v
            };
            if a.get(1) == Some(&b'-') {
                if a == b"--file" || a == b"--makefile" {
                    i += 1;
                } else if !a.starts_with(b"--file=") && !a.starts_with(b"--makefile=") {
                    out.push(a.clone());
                    continue;
                }
                if stdin {
                    out.push(temp(mf));
                } else {
                    let mut v = b"-f".to_vec();
                    v.extend_from_slice(mf);
                    out.push(v);
                }
                idx += 1;
                continue;
            }
            let Some(fpos) = a.iter().position(|&c| c == b'f') else {
                out.push(a.clone());
                continue;
            };
            let last = fpos + 1 == a.len();
            if stdin {
                if fpos > 1 {
                    out.push(a[..fpos].to_vec());
                }
                out.push(temp(mf));
                if last {
                    i += 1;
                }
            } else if last {
                out.push(a.clone());
                out.push(mf.clone());
                i += 1;
            } else {
                let mut v = a[..=fpos].to_vec();
                v.extend_from_slice(mf);
                out.push(v);
            }
            idx += 1;
        }
        out
    }

    /// At start-up: the count of restarts from `MAKE_RESTARTS` in the
    /// environment (a leading `-` says "Entering directory" was already
    /// printed). The variable itself is defined by
    /// [`Make::import_restarts`], with the rest of the environment.
    pub fn read_restarts(&mut self) {
        let Some(v) = std::env::var_os("MAKE_RESTARTS") else {
            return;
        };
        let mut v = v.as_bytes();
        if v.first() == Some(&b'-') {
            self.mkfiles.traced = true;
            v = &v[1..];
        }
        let digits: Vec<u8> = v
            .iter()
            .copied()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        self.mkfiles.restarts = std::str::from_utf8(&digits)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
    }

    /// After the environment is imported: `MAKE_RESTARTS` (see
    /// [`Make::read_restarts`]) as a variable without the leading `-`,
    /// never exported. It keeps the place the environment gave it in the
    /// global set's history, as in GNU's table, where it is entered with
    /// the rest of the environment.
    pub fn import_restarts(&mut self) {
        let Some(v) = std::env::var_os("MAKE_RESTARTS") else {
            return;
        };
        self.read_restarts();
        let v = v.as_bytes();
        let v = v.strip_prefix(b"-").unwrap_or(v);
        // Imported with the environment, before the switches: its value is
        // set in place, so that -e does not turn its origin into an
        // override (as a definition of the name would).
        let imported = self.vars.global.get(b"MAKE_RESTARTS").is_some();
        if !imported {
            self.set_global(
                b"MAKE_RESTARTS",
                v.to_vec(),
                Flavor::Recursive,
                Origin::Environment,
                None,
            );
        }
        if let Some(mut var) = self.vars.global.get_mut(b"MAKE_RESTARTS") {
            var.set_value_from(v);
            var.export.set(crate::vars::Export::Unexport);
        }
    }

    /// Marks the temporary copy of a stdin makefile as never needing an
    /// update (GNU does this before reading).
    pub fn protect_stdin_makefile(&mut self) {
        let Some(i) = self.mkfiles.stdin_index else {
            return;
        };
        let Some(name) = self.mkfiles.makefile_names.get(i).cloned() else {
            return;
        };
        let f = self.db.intern(&name);
        let m = self.fs.mtime(&name);
        let file = self.db.file_mut(f);
        file.updated = true;
        file.update_status = UpdateStatus::Success;
        file.command_state = CommandState::Finished;
        file.intermediate = false;
        file.dontcare = false;
        file.last_mtime = Some(m).into();
        file.mtime_before_update = Some(m).into();
    }
}
