//! A file's modification time, as GNU's `f_mtime` finds it: stat'ed once
//! and kept, an archive member's date in its archive, or where a vpath or
//! `-lNAME` library search finds the file, with the renames and merges of
//! entries such a search brings (GNU's `rehash_file`, `check_renamed`).

use crate::fs::MTime;
use crate::make::Make;
use crate::rules::{CommandState, File, FileId, NEW_MTIME, OLD_MTIME};
use crate::update::quoted;

/// Past this length a name GPATH renamed is not searched for again.
const PATH_SEARCH_MAX: usize = 4096;

impl Make {
    /// The cached modification time of a file, stat'ing it the first time.
    pub fn file_mtime(&mut self, f: FileId) -> MTime {
        self.file_mtime_with(f, true)
    }

    /// [`Make::file_mtime`], with a vpath search for a missing file only
    /// when `search` (GNU's `f_mtime (file, search)`).
    /// (Inlined: a time already known is the usual answer, on every visit
    /// of a prerequisite.)
    #[inline]
    pub(crate) fn file_mtime_with(&mut self, f: FileId, search: bool) -> MTime {
        match self.db.file(f).last_mtime.get() {
            Some(m) => m,
            None => self.file_mtime_lookup(f, search),
        }
    }

    /// [`Make::file_mtime_with`] for a file whose time is not known yet.
    #[inline(never)]
    fn file_mtime_lookup(&mut self, f: FileId, search: bool) -> MTime {
        let name = self.db.file(f).name.to_vec();
        self.gpath_merged = false;
        let mtime = self.search_mtime(f, &name, search);
        if std::mem::take(&mut self.gpath_merged) {
            // GNU's f_mtime returned the time of the entry kept (its
            // `file_mtime` after rename_file), without its own end: no
            // mark of an intermediate file is taken back, nothing is
            // propagated.
            self.db.file_mut(f).last_mtime = Some(mtime).into();
            return mtime;
        }
        // The member of an archive that does not exist does not exist
        // either: GNU says so without keeping the answer (-p: "never
        // checked"), and asks again next time.
        if mtime == MTime::Missing {
            if let Some((ar, _)) = crate::archive::split_member(&name) {
                let archive_missing = self
                    .db
                    .get(ar)
                    .is_some_and(|a| self.db.file(a).last_mtime.get() == Some(MTime::Missing));
                if archive_missing {
                    return mtime;
                }
            }
        }
        if let Some(m) = self.db.file(f).last_mtime.get() {
            // Renamed by GPATH: its time is known now.
            if *self.db.file(f).name != *name {
                // A member of an archive found elsewhere is renamed so
                // too, and GNU's f_mtime goes on to its end with it: one
                // that exists is no intermediate file.
                if crate::archive::split_member(&name).is_some() {
                    let kept = self.db.resolve(f);
                    self.take_back_intermediate(kept, mtime);
                }
                return m;
            }
        }
        self.warn_if_future(f, mtime);
        // (GNU's f_mtime takes the mark back on the entry vpath kept for
        // the file, the searched one forwarding to it: check_renamed.)
        let kept = self.db.resolve(f);
        self.take_back_intermediate(kept, mtime);
        let entries = self.db.entries(f);
        let head = entries.first().copied().unwrap_or(f);
        let propagate = self.db.file(head).updated;
        for e in entries {
            let file = self.db.file_mut(e);
            if file.updated == propagate {
                file.last_mtime = Some(mtime).into();
            }
        }
        self.db.file_mut(f).last_mtime = Some(mtime).into();
        mtime
    }

    /// GNU's `f_mtime` at its end: an entry of `f`'s that exists (`mtime`)
    /// and is intermediate only by `.INTERMEDIATE` or `.SECONDARY` (not
    /// made by us, not from an implicit search) existed before make
    /// started, so is not intermediate.
    pub(crate) fn take_back_intermediate(&mut self, f: FileId, mtime: MTime) {
        if mtime == MTime::Missing {
            return;
        }
        for e in self.db.entries(f) {
            let file = self.db.file_mut(e);
            // A double-colon chain vpath merged into the single-colon entry
            // of the found name: GNU's f_mtime clears the marks of the
            // chain's own entries (the merged entry's `double_colon` leads
            // there), never the kept entry's own mark, which stays
            // intermediate (`.SECONDARY`), so the file is not updated as
            // an ordinary prerequisite.
            if file.ext().chain_merged.is_some() {
                continue;
            }
            if file.command_state == CommandState::NotStarted
                && !file.tried_implicit
                && file.intermediate
            {
                file.intermediate = false;
            }
        }
    }

    /// A time stamp in the future: GNU warns (once a run) and notes clock
    /// skew, for any time it looks up of a file not yet updated.
    pub(crate) fn warn_if_future(&mut self, f: FileId, mtime: MTime) {
        let Some(t) = mtime.ns() else { return };
        if self.db.clock_skew || self.db.file(f).updated || t <= self.db.now_seen {
            return;
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as i128)
            .unwrap_or(0);
        self.db.now_seen = now;
        if t > now && now > 0 {
            let name = self.db.file(f).name.to_vec();
            let secs = (t - now) as f64 / 1e9;
            let s = if secs >= 100.0 {
                format!("{}", secs as u64)
            } else {
                crate::locale::localized_number(format_g2(secs))
            };
            let mut m = quoted("Warning: File ", &name, " has modification time ");
            m.extend_from_slice(s.as_bytes());
            m.extend_from_slice(b" s in the future");
            self.out.error(None, &m);
            self.db.clock_skew = true;
        }
    }

    /// GNU's `f_mtime` with search: the time of an archive member, or of
    /// the file itself, or of where vpath (or `-lNAME` library search)
    /// finds it.
    fn search_mtime(&mut self, f: FileId, name: &[u8], search: bool) -> MTime {
        if let Some((ar, mem)) = crate::archive::split_member(name) {
            let (ar, mem) = (ar.to_vec(), mem.to_vec());
            let af = self.db.intern(&ar);
            // GNU asks for the archive's time anew each time (its f_mtime,
            // not the kept time, and a stat), and keeps the answer for the
            // archive: an archive missing before may have been made since,
            // and a member's recipe (`ar`) changes the archive's time.
            let found = self.db.file(af).found_name().to_vec();
            self.db.file_mut(af).last_mtime = None.into();
            self.fs.restat(&ar);
            if found != ar {
                self.fs.restat(&found);
            }
            let amtime = self.file_mtime_with(af, search);
            // (A vpath search entered a new entry for the name, which joined
            // the one the name was found as.)
            let af = self.db.resolve(af);
            let ar_name = self.db.file(af).found_name().to_vec();
            self.db.file_mut(f).low_resolution_time = true;
            if search && ar_name != ar {
                // The archive was found elsewhere: so is the member (GNU
                // renames the reference when GPATH renamed the archive,
                // otherwise rehashes it like a vpath find).
                let found = crate::archive::join_member(&ar_name, &mem);
                let gpath = *self.db.file(af).name == *ar_name;
                self.db.note_rehash(f, &found);
                if gpath && self.db.get(&found).is_none_or(|g| g == f) {
                    return self.gpath_rename(f, name, &found, None);
                }
                self.rehash_found(f, name, found, false);
            }
            if amtime == MTime::Missing {
                return MTime::Missing;
            }
            // GNU asks for the date under the name the member is filed
            // under (its hname): a search that found the archive elsewhere
            // once, before a member's recipe made one here, still names
            // the archive found (whose entry's time this asks again).
            let fr = self.db.resolve(f);
            let hname = self.db.file(fr).hash_name().to_vec();
            let date = self.ar_member_date(&hname);
            // (GNU stats the member file each time: a recipe may have made it.)
            let memfile = self.fs.restat(&mem);
            let t = crate::archive::member_ref_mtime(amtime, date, memfile);
            if t.exists() && date.is_some_and(|d| !MTime::from_stat(d, 0).1) {
                self.out
                    .error(None, &crate::fs::out_of_range_message(&hname));
            }
            return t;
        }
        let mtime = self.fs.mtime(name);
        if mtime != MTime::Missing || !search || self.db.file(f).ext().ignored_vpath.is_some() {
            return mtime;
        }
        let mut found = self.vpath_find(name);
        // A library found in the current directory or a standard one was
        // stat'ed there: its time is that one, even for a name given to
        // -o or -W (GNU's library_search; only its vpath search keeps
        // those).
        let mut stated = false;
        if found.is_none() && name.starts_with(b"-l") {
            let (lib, by_vpath) = self.library_find(name);
            stated = lib.is_some() && !by_vpath;
            found = lib;
        }
        let Some(found) = found else { return mtime };
        if !stated && self.db.get(&found).is_none() {
            // GNU's vpath search stats a file it found in a directory
            // (not one the makefile mentions), before the name found is
            // stat'ed again below: a time out of its range is reported
            // twice.
            self.fs.restat(&found);
        }
        self.db.note_rehash(f, &found);
        // GPATH: the file is known by the name found from now on (GNU's
        // rename_file), merged like a vpath find into an entry of that name.
        let gpath = self.vpath.in_gpath(&found, name);
        if gpath && self.db.get(&found).is_none_or(|g| g == f) {
            return self.gpath_rename(f, name, &found, None);
        }
        self.rehash_found(f, name, found, stated)
    }

    /// Stores `mtime` as GNU's `f_mtime` does at its end: into every
    /// entry of `f`'s double-colon group updated as much as its head.
    fn keep_time(&mut self, f: FileId, mtime: MTime) {
        let entries = self.db.entries(f);
        let head = entries.first().copied().unwrap_or(f);
        let propagate = self.db.file(head).updated;
        for e in entries {
            if self.db.file(e).updated == propagate {
                self.db.file_mut(e).last_mtime = Some(mtime).into();
            }
        }
    }

    /// GNU's `ar_member_date` of `lib(member)`: the member's date in the
    /// archive `lib` (None: no such member, or a date of 0). GNU first asks
    /// for the archive's time without a vpath search (entering a file for
    /// an archive that exists and has no entry) and keeps that answer: an
    /// archive only vpath found is missing under its own name from then
    /// on (`-p` says so, and a target depending on it is remade).
    pub(crate) fn ar_member_date(&mut self, member_ref: &[u8]) -> Option<i64> {
        let (ar, mem) = crate::archive::split_member(member_ref)?;
        let af = match self.db.get(ar) {
            Some(a) => Some(self.db.resolve(a)),
            None => {
                // (GNU's file_exists_p looks into the archive's directory.)
                self.look_in_dir_of(ar);
                match self.fs.exists(ar) {
                    true => Some(self.db.intern(ar)),
                    false => None,
                }
            }
        };
        if let Some(af) = af {
            let own = self.db.file(af).name.to_vec();
            self.db.file_mut(af).last_mtime = None.into();
            self.fs.restat(&own);
            self.file_mtime_with(af, false);
        }
        crate::archive::member_date_in_file(ar, mem).ok().flatten()
    }

    /// GNU's `rehash_file` of entry `f`, searched as `name`, to the name
    /// `found` where a search found it (after `note_rehash`), with
    /// `gpath_rename` when GPATH holds the found name: the entry is filed
    /// under the found name, merged with an entry already filed there.
    /// Returns the found file's time: the one its entry already had
    /// (`-W x-dir/x`) unless the search `stated` it, else its own.
    fn rehash_found(&mut self, f: FileId, name: &[u8], found: Vec<u8>, stated: bool) -> MTime {
        let gpath = self.vpath.in_gpath(&found, name);
        self.db.file_mut(f).ext_mut().vpath_name = Some(found.as_slice().into());
        // A time already known for the found name (say, `-W x-dir/x`)
        // carries over.
        let mut known = None;
        // GNU's file lookup ignores a leading `./`.
        let same = self
            .db
            .get(&found)
            .or_else(|| self.db.get(crate::rules::strip_dot_slash(&found)));
        if let Some(g) = same {
            let clash = if g != f {
                self.colons_clash(f, g)
            } else {
                None
            };
            // (A double-colon `g` keeps its chain of rules.)
            let absorb = self.filed_under(g, &found)
                || clash.is_some()
                || self.db.file(g).ext().double_colon.get().is_some();
            if g != f && absorb {
                // An earlier search filed `g` under the found name (its own
                // name is the one searched), or `g` is double-colon, or the
                // two cannot be one: GNU keeps that entry, merges this one
                // into it and forwards this one to it (or dies in the
                // middle of that).
                let known = self.time_search_keeps(f, g, stated);
                let name = self.db.file(f).name;
                // The prerequisites holding this entry still hold GNU's
                // renamed entry, with its own marks, when an intermediate
                // file walks them (see `Db::ghosts`), double-colon or not
                // (GPATH names it by the found name).
                let ghost = {
                    let ff = self.db.file(f);
                    let ghost = crate::rules::Ghost::kept_apart(ff);
                    clash.is_none().then_some((ghost, ff.intermediate))
                };
                let shown = match ghost {
                    Some(_) => self.shown_dep_names(f),
                    None => (Vec::new(), name),
                };
                self.absorb_into_found(f, g, &found);
                if let Some((ghost, keeps_name)) = ghost {
                    if !shown.0.is_empty() {
                        // (GPATH's rename_file names it by the found name.)
                        let held = match gpath {
                            true => crate::file_names::keep(&found),
                            false => name,
                        };
                        let keeps_name = keeps_name && !gpath;
                        self.db.ghosts.insert((f, held), ghost);
                        self.db
                            .stale_dep_names
                            .extend(shown.0.into_iter().map(|k| (k, (held, keeps_name))));
                    }
                }
                // (GNU's rehash_file takes this entry out of its table: the
                // name looked up again finds nothing, and enters a new file.)
                self.db.hide(f);
                // GPATH's rename_file then names the entry (and its
                // double-colon entries), which prerequisites still hold,
                // by the found name.
                if gpath && clash.is_none() {
                    self.db.name_entries(f, crate::file_names::keep(&found));
                }
                if let Some((from_kind, to_kind)) = clash {
                    let m = [
                        b"can't rename ".as_slice(),
                        from_kind.as_bytes(),
                        b" '",
                        name,
                        b"' to ",
                        to_kind.as_bytes(),
                        b" '",
                        &found,
                        b"'",
                    ]
                    .concat();
                    self.pending_fatal = Some(crate::error::MakeError::msg(None, m));
                    return MTime::Missing;
                }
                if gpath {
                    // GNU's rename_file, then the time of the entry kept as
                    // its file_mtime gives it: the later of the one it
                    // knew and the one the search stated (kept for that
                    // entry alone), or else searched under its own name
                    // (GPATH renames it once more when vpath finds that
                    // name too).
                    let stated_time = stated.then(|| self.fs.restat(&found));
                    let m = match self.db.file(g).last_mtime.get().max(stated_time) {
                        Some(m) => {
                            self.db.file_mut(g).last_mtime = Some(m).into();
                            m
                        }
                        None => self.file_mtime_with(g, true),
                    };
                    // (Set after the kept entry's own lookup, which clears it.)
                    self.gpath_merged = true;
                    return m;
                }
                let t = known
                    .filter(|&m| m == NEW_MTIME || m == OLD_MTIME)
                    .unwrap_or_else(|| self.fs.restat(&found));
                // GNU keeps the time for the entry kept (f_mtime after
                // check_renamed), and its double-colon entries.
                self.keep_time(g, t);
                return t;
            }
            if g != f {
                let shown = self.shown_dep_names(f);
                // Whether the prerequisites still holding the renamed file
                // name it so when an intermediate list finds them circular
                // (see `circular_dep_name`). (GPATH's rename_file also
                // names the renamed file by the found name.)
                let keeps_name = {
                    let ff = self.db.file(f);
                    (ff.updating || ff.intermediate) && !gpath
                };
                // The marks of the entry GNU merges away, which it keeps.
                let ghost = crate::rules::Ghost::of(self.db.file(f));
                // (What GNU's renamed entry says as a goal, should `f` take
                // over `g`.)
                let away = crate::rules::RenamedAway {
                    status: self.db.file(f).update_status,
                    name: self.db.file(f).name,
                    nothing_to_do: ghost.phony || !ghost.has_recipe,
                };
                known = self.time_search_keeps(f, g, stated);
                self.merge_file_into(g, f);
                // GNU's table knows names as written: a leading `./` makes
                // another entry (the lookup that finds `-W` ignores it).
                let mut took_over = None;
                if *self.db.file(g).name == *found {
                    let g_len = self.db.file(g).deps.len();
                    took_over = self.take_over(g, f, away).then_some(g_len);
                    if took_over.is_none() && *self.db.file(f).name == *name {
                        // Forwarded to the found entry, which is being
                        // made: the searched name is out of GNU's table
                        // all the same, and a later lookup (an implicit
                        // search trying it for another target) enters a
                        // new file.
                        self.db.hide(f);
                    }
                    // The time is found anew (GNU stats the found file
                    // again unless -o or -W gave its time, and the search
                    // did not stat it: see the end), and kept as f_mtime
                    // keeps one, which also tells a file that exists
                    // (-W's) it is not intermediate.
                    self.db.file_mut(f).last_mtime = None.into();
                    // GNU's rehash_file takes the searched name out of its
                    // table: looking it up again (an implicit search
                    // trying it for another target) finds nothing, and
                    // enters a new file that vpath merges in its turn.
                    if *self.db.file(f).name != *name {
                        self.db.unalias(name, f);
                    }
                }
                if self.db.file(f).name != shown.1 {
                    // GPATH's rename_file names the renamed entry, which
                    // its prerequisites hold, by the found name.
                    let held = match gpath {
                        true => self.db.file(g).name,
                        false => shown.1,
                    };
                    if !shown.0.is_empty() {
                        self.db.ghosts.insert((f, held), ghost);
                    }
                    self.db
                        .stale_dep_names
                        .extend(shown.0.into_iter().map(|k| (k, (held, keeps_name))));
                }
                if let Some(g_len) = took_over {
                    self.move_stale_dep_names(g, f, g_len);
                }
            }
        }
        if gpath {
            return self.gpath_rename(f, name, &found, known);
        }
        let to = self.db.resolve(f);
        // GNU's rehash_file files the entry under the found name only: an
        // implicit search trying the plain name for another target finds
        // no entry, and enters a new one that vpath merges in its turn.
        if to == f && same.is_none_or(|g| g == f) && *self.db.file(f).name == *name {
            self.db.hide(f);
        }
        self.db.alias(&found, to);
        // (GNU's vpath search keeps only the times of -o and -W; any other
        // is stat'ed again, afresh: a recipe may have made the file since
        // its name was last looked at, `ar rc libz.a` for `-lz`.)
        known
            .filter(|&m| m == NEW_MTIME || m == OLD_MTIME)
            .unwrap_or_else(|| self.fs.restat(&found))
    }

    /// The time of `g`, the entry of the name a vpath search found for
    /// `f`'s, that the search keeps (-o's or -W's; see `rehash_found`):
    /// GNU's search takes a found name's entry for the file only when `f`
    /// is no target or `g` is one; else it found the file itself, whose
    /// time is stat'ed (`-W src/x.c` does not hold for a target `x.c`
    /// found there).
    fn time_search_keeps(&self, f: FileId, g: FileId, stated: bool) -> Option<MTime> {
        if stated || (self.db.file(f).is_target && !self.db.file(g).is_target) {
            return None;
        }
        self.db.file(g).last_mtime.get()
    }

    /// GPATH: entry `f`, searched as `searched`, is known by the name found
    /// from now on (GNU's rename_file; the name searched no longer finds
    /// it), and is timed anew under that name unless its time is `known`:
    /// a name vpath finds again is searched again (`src/y.c` found as
    /// `src/src/y.c`, renamed once more). Each search makes the name
    /// longer, which bounds the chain.
    fn gpath_rename(
        &mut self,
        f: FileId,
        searched: &[u8],
        found: &[u8],
        known: Option<MTime>,
    ) -> MTime {
        if *self.db.file(f).name != *found {
            // (A grouped rule's lists keep the name they were given.)
            let old = self.db.file(f).name;
            let ext = self.db.file_mut(f).ext_mut();
            ext.listed_name = ext.listed_name.or(Some(old));
            self.db.rename(f, found);
            self.db.unalias(searched, f);
            // Nor does the entry that had the searched name and that this
            // one took over (see `take_over`): GNU's table has no entry of
            // that name any more, and a vpath search trying it for another
            // file finds nothing there.
            if let Some(o) = self.db.get(searched) {
                if o != f && self.db.resolve(o) == f {
                    self.db.hide(o);
                }
            }
            // GNU's rename_file names every double-colon entry of the
            // file anew.
            let new = self.db.file(f).name;
            self.db.name_entries(f, new);
            // An entry standing for the one being made under the found name
            // (see `take_over`) takes its name only: the name still finds
            // that one (GNU's table keeps the entry merged into).
            let kept = self.db.resolve(f);
            if kept != f {
                self.db.alias(found, kept);
            }
        }
        let m = known.unwrap_or_else(|| {
            if found.len() > PATH_SEARCH_MAX {
                self.fs.mtime(found)
            } else {
                self.search_mtime(f, found, true)
            }
        });
        self.db.file_mut(f).last_mtime = Some(m).into();
        m
    }

    /// GNU's `rehash_file` stops make when a single-colon target would
    /// join a double-colon entry of the found name, or the other way
    /// round: the kinds of `f` and of `g` its message names then.
    fn colons_clash(&self, f: FileId, g: FileId) -> Option<(&'static str, &'static str)> {
        let (from, to) = (self.db.file(f), self.db.file(g));
        let double = from.ext().double_colon.get().is_some();
        let to_double = to.ext().double_colon.get().is_some();
        if to_double && from.is_target && !double {
            Some(("single-colon", "double-colon"))
        } else if !to_double && double && to.is_target {
            Some(("double-colon", "single-colon"))
        } else {
            None
        }
    }

    /// Whether entry `g` is filed under `found` only as the name vpath
    /// found for it (GNU's `hname`), its own name being another.
    fn filed_under(&self, g: FileId, found: &[u8]) -> bool {
        *self.db.file(g).name != *found && self.db.get(found) == Some(g)
    }

    /// GNU's `rehash_file` onto an entry already filed under the found
    /// name: `g` is kept and takes `f`'s rule (its own recipe wins, with
    /// GNU's messages when both have one; `f`'s prerequisites come after
    /// its own), and `f` forwards to `g` from now on.
    fn absorb_into_found(&mut self, f: FileId, g: FileId, found: &[u8]) {
        let from = self.db.file(f).clone();
        match (from.recipe, self.db.file(g).recipe) {
            (Some(r), None) => self.db.file_mut(g).recipe = Some(r),
            (Some(mine), Some(theirs)) if !std::ptr::eq(mine, theirs) => {
                self.recipe_ignored(from.name, &mine.loc, found, &theirs.loc);
            }
            _ => {}
        }
        let to = self.db.file(g).clone();
        self.join_rules(&to, &from, g);
        self.extend_links(g, to.deps.len());
        let f = self.db.file_mut(f);
        f.ext_mut().vpath_name = None;
        f.ext_mut().forward = Some(g);
        self.db.any_forward = true;
    }

    /// GNU's three lines when two rules with recipes turn out to name one
    /// file: `name`'s recipe (at `at`) is dropped for the one of `found`.
    /// (`kept`: where the recipe kept was written; none for a built-in
    /// rule's, which an implicit search found.)
    fn recipe_ignored(
        &mut self,
        name: &[u8],
        at: &crate::error::Loc,
        found: &[u8],
        kept: &crate::error::Loc,
    ) {
        let line = format!(":{},", at.line);
        let messages: [&[&[u8]]; 3] = [
            if kept.file.is_empty() {
                &[
                    b"Recipe for file '",
                    name,
                    b"' was found by implicit rule search,",
                ]
            } else {
                &[
                    b"Recipe was specified for file '",
                    name,
                    b"' at ",
                    &at.file,
                    line.as_bytes(),
                ]
            },
            &[
                b"but '",
                name,
                b"' is now considered the same file as '",
                found,
                b"'.",
            ],
            &[
                b"Recipe for '",
                name,
                b"' will be ignored in favor of the one for '",
                found,
                b"'.",
            ],
        ];
        for parts in messages {
            self.out.error(Some(at), &parts.concat());
        }
    }

    /// A file found by vpath under the name of another entry becomes one
    /// with it (GNU's `rehash_file` merging): `from`'s rule joins `into`.
    fn merge_file_into(&mut self, from: FileId, into: FileId) {
        let g = self.db.file(from).clone();
        // The rule naming the found file explicitly wins; GNU says so when
        // both had a recipe.
        match (self.db.file(into).recipe, g.recipe) {
            (None, Some(r)) => {
                self.db.file_mut(into).recipe = Some(r);
                self.db.rename(into, g.name);
            }
            (Some(mine), Some(theirs)) if !std::ptr::eq(mine, theirs) => {
                let old = self.db.file(into).name;
                self.recipe_ignored(old, &mine.loc, g.name, &theirs.loc);
                self.db.file_mut(into).recipe = Some(theirs);
                self.db.rename(into, g.name);
            }
            _ => {}
        }
        let searched = self.db.file(into).clone();
        self.join_rules(&g, &searched, into);
        let f = self.db.file_mut(into);
        if f.ext().stem.is_none() {
            f.ext_mut().stem = g.ext().stem.clone();
        }
    }

    /// The rule of two entries vpath made one, stored in `keep` (one of
    /// them): the found entry's prerequisites first, then the searched
    /// one's (GNU appends the renamed file's to the found one's), second
    /// expansions included; the flags of either; pattern-specific
    /// variables of either when `keep` has none.
    fn join_rules(&mut self, found: &File, searched: &File, keep: FileId) {
        let k = self.db.file_mut(keep);
        let mut deps = found.deps.clone();
        deps.extend(searched.deps.iter().cloned());
        k.deps = deps;
        k.is_target = found.is_target || searched.is_target;
        k.is_explicit = found.is_explicit || searched.is_explicit;
        k.phony = found.phony || searched.phony;
        k.precious = found.precious || searched.precious;
        if k.ext().vars.is_none() {
            if let Some(v) = found
                .ext()
                .vars
                .clone()
                .or_else(|| searched.ext().vars.clone())
            {
                k.ext_mut().vars = Some(v);
            }
        }
        let (first, then) = (&found.ext().second_deps, &searched.ext().second_deps);
        if first.is_empty() && then.is_empty() {
            return;
        }
        let shift = found.deps.len();
        let mut second = first.clone();
        second.extend(then.iter().cloned().map(|mut sd| {
            sd.pos += shift;
            sd
        }));
        k.ext_mut().second_deps = second;
    }

    /// After `merge_file_into(from, into)`: `into` goes on as GNU's merged
    /// entry, which is `from`'s (`rehash_file` keeps the entry of the name
    /// found and forwards the renamed one to it): `from`'s name, so that
    /// an implicit rule is searched for and a recipe run under that name,
    /// its progress in this run (a file already updated is not remade),
    /// and the prerequisites naming `from` name `into` from now on.
    /// (`away`: what GNU's entry of the searched name, renamed away, says
    /// as a goal.) Returns whether `into` went on as the merged entry (false: it
    /// forwards to `from`, which keeps its list).
    fn take_over(&mut self, from: FileId, into: FileId, away: crate::rules::RenamedAway) -> bool {
        let g = self.db.file(from).clone();
        if g.updating
            || matches!(
                g.command_state,
                CommandState::Running | CommandState::DepsRunning
            )
        {
            // `from`'s recipe (or its prerequisites') is running: `into`
            // keeps its name and stands for `from` (GNU's forwarding), and
            // who needs it waits for that.
            let local = self
                .db
                .rehashes
                .iter()
                .rev()
                .find(|r| r.id == into)
                .map(|r| r.from.clone());
            let f = self.db.file_mut(into);
            if let Some(local) = &local {
                f.name = crate::file_names::keep(local);
            }
            f.ext_mut().forward = Some(from);
            f.intermediate = false;
            // GNU's kept entry takes the searched one's recipe when it has
            // none (making it, once its prerequisites are done, runs it).
            let recipe = f.recipe;
            if g.recipe.is_none() && recipe.is_some() {
                self.db.file_mut(from).recipe = recipe;
            }
            let f = self.db.file_mut(into);
            // GNU appends the searched entry's prerequisites to the found
            // one's list in place: a walk of that list under way goes on
            // into them.
            let merged = f.deps.clone();
            let from_len = g.deps.len();
            // (A target with group peers, the found entry among them or
            // not: GNU's group walks of those walk the searched entry's own
            // list, which starts at the first link appended, or is empty.)
            let peer = !self.db.file(into).ext().also_make.is_empty();
            if peer {
                self.db.file_mut(into).ext_mut().peer_tail = Some(None);
            }
            if merged.len() > from_len {
                if peer {
                    self.dep_links(from);
                }
                let old_len = self.db.file(from).deps.len();
                self.db
                    .file_mut(from)
                    .deps
                    .extend(merged[from_len..].iter().cloned());
                self.extend_links(from, old_len);
                if peer {
                    let tail = self
                        .followed_links(from)
                        .and_then(|v| v.get(old_len).copied());
                    self.db.file_mut(into).ext_mut().peer_tail = Some(tail);
                }
            }
            self.db.any_forward = true;
            return false;
        }
        // (A walk of the searched entry's list under way goes on in the
        // merged list's tail.)
        self.prepend_links(into, from, g.deps.len());
        let searched = self.db.file(into).name;
        self.db.rename(into, g.name);
        let f = self.db.file_mut(into);
        // The name grouped rules' lists show for it: those naming the found
        // entry, which it goes on as (its own list among them) if that was
        // in a group, else those naming the searched one (GNU's lists hold
        // names, and its entry of the searched name keeps its own).
        let listed = match g.ext().group_index {
            Some(_) => g.ext().listed_name.unwrap_or(g.name),
            None => f.ext().listed_name.unwrap_or(searched),
        };
        f.ext_mut().listed_name = Some(listed);
        if f.ext().renamed_away.is_none() {
            f.ext_mut().renamed_away = Some(away);
        }
        f.ext_mut().vpath_name = None;
        if g.last_mtime.get().is_some() {
            f.last_mtime = g.last_mtime;
        }
        if f.ext().auto_vars.is_none() && g.ext().auto_vars.is_some() {
            f.ext_mut().auto_vars = g.ext().auto_vars.clone();
        }
        // A double-colon entry merged into a single-colon one: GNU's kept
        // entry takes its chain, and making it makes the chain, whose
        // entries say whether they were considered on this pass, made, or
        // being made (the found entry's own say so no more).
        let chain_kept =
            f.ext().double_colon.get().is_some() && g.ext().double_colon.get().is_none();
        if !chain_kept {
            f.considered = g.considered;
            f.updated |= g.updated;
        } else {
            f.ext_mut().chain_merged = Some(searched);
            f.ext_mut().chain_parent = f.parent;
        }
        // GNU keeps the found entry, reached from where it was (if it
        // was): its parent names the target in `No rule ... needed by`,
        // and heads the chain its target-specific variables inherit from.
        f.parent = g.parent;
        // (GNU keeps the found entry's own intermediate flag: a file that
        // exists is not intermediate.)
        f.intermediate = g.intermediate;
        f.tried_implicit |= g.tried_implicit;
        f.updating |= g.updating;
        f.cmd_target |= g.cmd_target;
        // (.IGNORE's and .SILENT's marks are not merged: GNU runs the
        // recipe with those of the found name's entry.)
        f.cmd_noerror = g.cmd_noerror;
        f.cmd_silent = g.cmd_silent;
        f.secondary |= g.secondary;
        f.notintermediate |= g.notintermediate;
        // (.LOW_RESOLUTION_TIME's mark is not merged either: GNU checks
        // the time against the found name's entry's own mark.)
        f.low_resolution_time = g.low_resolution_time;
        // (A recipe still running for `from` ends on `from`'s entry: then
        // `into` is not told it is finished, and remakes the file itself.)
        // A file that failed and was looked at again since (an
        // intermediate prerequisite's check sets it back to not started)
        // stays failed: GNU's kept entry keeps its own status.
        if (g.command_state == CommandState::Finished || g.updated) && !chain_kept {
            f.command_state = g.command_state;
            f.update_status = g.update_status;
        }
        // The grouped rule of the found name's entry, or none: GNU's
        // rehash_file keeps that entry's `also_make` and drops the group
        // of the entry merged into it.
        f.ext_mut().also_make = g.ext().also_make.clone();
        f.ext_mut().group_index = g.ext().group_index;
        f.ext_mut().group_index_more = g.ext().group_index_more.clone();
        // Whatever still names `from` (a goal) means `into`.
        self.db.file_mut(from).ext_mut().forward = Some(into);
        self.db.file_mut(from).ext_mut().taken_over = true;
        self.db.any_forward = true;
        // The group peers of the entry searched (the found one among them
        // goes on as `into`): GNU's group walks of those walk that entry's
        // own list, the merged list's tail from its first prerequisite on.
        let mut listers = Vec::new();
        let mut found_at = Vec::new();
        for (i, file) in self.db.files.iter_mut().enumerate() {
            for d in file.deps.iter_mut().filter(|d| d.file == from) {
                d.file = into;
            }
            let i = i as FileId;
            if i != into && file.ext().also_make.contains(&into) {
                listers.push(if i == from { into } else { i });
                let also = file.ext().also_make.iter().enumerate();
                found_at.extend(
                    also.filter(|(_, &a)| a == from)
                        .map(|(at, _)| (i, at as u32)),
                );
            }
            if file.ext().also_make.contains(&from) {
                for a in file.ext_mut().also_make.iter_mut().filter(|a| **a == from) {
                    *a = into;
                }
            }
        }
        if !listers.is_empty() {
            let tail = self.dep_links(into).get(g.deps.len()).copied();
            let ext = self.db.file_mut(into).ext_mut();
            ext.peer_tail = Some(tail);
            ext.peer_listers = listers;
            ext.peer_found_at = found_at;
        }
        true
    }

    /// The prerequisites naming `f`, with `f`'s name: what they show
    /// (under `-p`, in a circular dependency's message) after a vpath
    /// merge renames `f` until make looks at them (see
    /// `Db::stale_dep_names`). (A scan of every list, on a merge only.)
    fn shown_dep_names(&self, f: FileId) -> (Vec<(FileId, usize)>, &'static [u8]) {
        let name = self.db.file(f).name;
        let mut at = Vec::new();
        for (owner, file) in self.db.files.iter().enumerate() {
            for (pos, d) in file.deps.iter().enumerate() {
                if d.file == f {
                    at.push((owner as FileId, pos));
                }
            }
        }
        (at, name)
    }

    /// After `take_over(from, into)`: the names `from`'s prerequisites
    /// showed are `into`'s first `from_len` ones', and `into`'s own come
    /// after them (see `join_rules`).
    fn move_stale_dep_names(&mut self, from: FileId, into: FileId, from_len: usize) {
        if self.db.stale_dep_names.is_empty() {
            return;
        }
        let moved: Vec<_> = self
            .db
            .stale_dep_names
            .iter()
            .filter(|((o, _), _)| *o == from || *o == into)
            .map(|(&k, &v)| (k, v))
            .collect();
        for ((o, p), _) in &moved {
            if *o == into {
                self.db.stale_dep_names.remove(&(*o, *p));
            }
        }
        for ((o, p), v) in moved {
            let p = if o == from { p } else { p + from_len };
            self.db.stale_dep_names.insert((into, p), v);
        }
    }

    /// `owner`'s prerequisite `pos` is taken out of its list: the names
    /// shown for the ones after it move up with them.
    #[inline(never)]
    pub(crate) fn shift_stale_dep_names(&mut self, owner: FileId, pos: usize) {
        let after: Vec<_> = self
            .db
            .stale_dep_names
            .iter()
            .filter(|((o, p), _)| *o == owner && *p >= pos)
            .map(|(&k, &v)| (k, v))
            .collect();
        for (k, _) in &after {
            self.db.stale_dep_names.remove(k);
        }
        for ((o, p), v) in after {
            if p > pos {
                self.db.stale_dep_names.insert((o, p - 1), v);
            }
        }
    }

    /// The name a circular prerequisite `pos` of `owner` has in make's
    /// message when the walk of an intermediate file's list finds it: the
    /// one its entry had before a vpath merge renamed it (make has not
    /// looked at the prerequisite since: GNU's `check_renamed`) if that
    /// entry was being updated then, or was intermediate, else its
    /// entry's. GNU's renamed file, which the prerequisite still holds,
    /// keeps its own marks (rmake keeps them apart in some cases only,
    /// `Db::ghosts`, see README):
    /// one being updated is circular there; one that is not is walked
    /// into, and an intermediate one walks the merged list again without
    /// following renames and finds itself circular there under its old
    /// name, where another one follows them (`update_file_1`).
    pub(crate) fn circular_dep_name(&self, owner: FileId, pos: usize) -> &'static [u8] {
        if !self.db.stale_dep_names.is_empty() {
            if let Some(&(n, true)) = self.db.stale_dep_names.get(&(owner, pos)) {
                return n;
            }
        }
        self.db
            .file(owner)
            .deps
            .get(pos)
            .map_or(&b""[..], |d| self.db.file(d.file).name)
    }

    /// The prerequisite at `pos` of `owner` after its entry was looked at:
    /// one standing for another entry now names that one (GNU's
    /// `check_renamed`).
    #[inline]
    pub(crate) fn follow_forward(
        &mut self,
        owner: FileId,
        pos: Option<usize>,
        d: &mut crate::rules::Dep,
    ) {
        // (Neither happens in most runs: checked inline on every visit.)
        if self.db.stale_dep_names.is_empty() && !self.db.any_forward {
            return;
        }
        self.follow_forward_slow(owner, pos, d);
    }

    #[inline(never)]
    fn follow_forward_slow(
        &mut self,
        owner: FileId,
        pos: Option<usize>,
        d: &mut crate::rules::Dep,
    ) {
        if let Some(pos) = pos.filter(|_| !self.db.stale_dep_names.is_empty()) {
            self.db.stale_dep_names.remove(&(owner, pos));
        }
        if !self.db.any_forward {
            return;
        }
        let t = self.db.resolve(d.file);
        if t != d.file {
            d.file = t;
            if let Some(dd) = pos.and_then(|p| self.db.file_mut(owner).deps.get_mut(p)) {
                dd.file = t;
            }
        }
    }

    /// GNU's `library_search` for `-lNAME`.
    /// GNU's `library_search` for `-lNAME`: the file found, and whether
    /// a vpath search found it.
    fn library_find(&mut self, name: &[u8]) -> (Option<Vec<u8>>, bool) {
        let pats = self.var_value(b".LIBPATTERNS").unwrap_or_default();
        let vp = std::mem::take(&mut self.vpath);
        let mut stat = |p: &[u8]| crate::fs::stat_mtime(p, false, b"make") != MTime::Missing;
        // The `exists` of vpath_find, for the name with NAME in it.
        let mut vexists = |searched: &[u8], c: &crate::vpath::Candidate| {
            let is_target = self.db.is_target(searched);
            self.vpath_candidate(is_target, c)
        };
        let r = crate::vpath::library_search(
            name,
            &pats,
            &vp,
            crate::vpath::STD_LIB_DIRS,
            &mut stat,
            &mut vexists,
        );
        self.vpath = vp;
        for w in &r.warnings {
            self.out.error(None, w);
        }
        (r.found, r.by_vpath)
    }
}

/// `printf("%.2g")` for the clock-skew warning.
fn format_g2(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    // The exponent as `%e` with two significant digits has it (after
    // rounding, as C's `%g` decides), from Rust's own formatting: no libm.
    let exp = format!("{:.1e}", x)
        .split_once('e')
        .and_then(|(_, e)| e.parse::<i32>().ok())
        .unwrap_or(0);
    if !(-4..2).contains(&exp) {
        let s = format!("{:.1e}", x);
        // Rust prints 1.5e2; C prints 1.5e+02.
        match s.split_once('e') {
            Some((m, e)) => {
                let m = m.trim_end_matches('0').trim_end_matches('.');
                let n: i32 = e.parse().unwrap_or(0);
                format!("{}e{}{:02}", m, if n < 0 { '-' } else { '+' }, n.abs())
            }
            None => s,
        }
    } else {
        let decimals = (1 - exp).max(0) as usize;
        let s = format!("{:.*}", decimals, x);
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

#[cfg(test)]
#[test]
fn format_g2_as_c() {
    for (x, want) in [
        (0.0, "0"),
        (0.5, "0.5"),
        (1.25, "1.2"),
        (12.0, "12"),
        (99.7, "1e+02"),
        (150.0, "1.5e+02"),
        (0.00012, "0.00012"),
        (0.000012, "1.2e-05"),
    ] {
        assert_eq!(format_g2(x), want, "{x}");
    }
}
