//! The file system as make sees it: modification times (nanoseconds) and
//! directory listings, behind a trait so the planner can be tested on a
//! virtual disk.
//!
//! * [`RealFs`]: the disk, uncached.
//! * [`CachedFs`]: the disk, each path stat'ed once and each directory
//!   listed once per run until [`Fs::invalidate`] (after a recipe ran) or
//!   [`Fs::invalidate_dir`]. With `check_symlinks` (`-L`), a file's time is
//!   the newest of the file and every symlink on the way to it, as GNU's
//!   `name_mtime` does.
//! * [`MemFs`]: an in-memory disk with settable times, for tests.
//!
//! Helpers with GNU's semantics: [`touch`] (`-t`).

use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::rc::Rc;

use crate::hash::{FxHashMap, FxHashSet};

mod mem;
mod write;

pub use mem::MemFs;
pub use write::{touch, TouchError};

/// A file's modification time, or its absence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MTime {
    Missing,
    /// A tick: [`MTime::EPOCH`] plus nanoseconds since the epoch. GNU's
    /// file times run from the epoch to 2^34 - 1 seconds after it (2514),
    /// and the offset fits that whole range in an `i64`, above `OLD_MTIME`
    /// and below `NEW_MTIME` (`i64::MIN` and `i64::MAX`).
    At(i64),
}

/// The last second of GNU's file times (`FILE_TIMESTAMP_S` of its
/// `NEW_MTIME`: 2514-05-30 01:53:03 UTC).
pub const MAX_SECS: i64 = (1 << 34) - 1;

impl MTime {
    /// The tick of the epoch (kept clear of the markers below it).
    const EPOCH: i64 = i64::MIN + 16;
    /// Nanoseconds since the epoch of GNU's latest ordinary time,
    /// [`MAX_SECS`] and 999999999 ns.
    const LATEST_NS: i128 = MAX_SECS as i128 * 1_000_000_000 + 999_999_999;
    /// GNU's latest ordinary time.
    pub const LATEST: MTime = MTime::At((MTime::EPOCH as i128 + MTime::LATEST_NS) as i64);

    /// The time `secs` seconds and `nsec` nanoseconds after the epoch,
    /// and whether GNU can hold it (its `file_timestamp_cons`): a time
    /// before the epoch or after [`MAX_SECS`] becomes GNU's latest
    /// ordinary time, which GNU reports.
    pub fn from_stat(secs: i64, nsec: i64) -> (MTime, bool) {
        if !(0..=MAX_SECS).contains(&secs) {
            return (MTime::LATEST, false);
        }
        (
            MTime::from_ns(secs as i128 * 1_000_000_000 + nsec as i128),
            true,
        )
    }

    /// [`MTime::from_stat`]'s time.
    pub fn from_parts(secs: i64, nsec: i64) -> MTime {
        MTime::from_stat(secs, nsec).0
    }

    /// The time `ns` nanoseconds after the epoch (within GNU's range).
    pub fn from_ns(ns: i128) -> MTime {
        MTime::At((MTime::EPOCH as i128 + ns.clamp(0, MTime::LATEST_NS)) as i64)
    }

    /// Nanoseconds since the epoch of a time (not of a marker).
    pub fn ns(self) -> Option<i128> {
        match self {
            MTime::At(t) if t >= MTime::EPOCH && t < i64::MAX => {
                Some(t as i128 - MTime::EPOCH as i128)
            }
            _ => None,
        }
    }

    /// Whole seconds and nanoseconds since the epoch of a time.
    pub fn secs_nanos(self) -> Option<(i64, i64)> {
        self.ns().map(|n| {
            (
                (n.div_euclid(1_000_000_000)) as i64,
                n.rem_euclid(1_000_000_000) as i64,
            )
        })
    }

    pub fn exists(self) -> bool {
        self != MTime::Missing
    }
}

pub fn path(p: &[u8]) -> &Path {
    Path::new(std::ffi::OsStr::from_bytes(p))
}

/// The kind of a directory entry (from `d_type`; `Unknown` when the file
/// system does not say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Symlink,
    Other,
    Unknown,
}

/// The names in one directory, in the order the system listed them
/// (`.` and `..` left out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirList {
    pub entries: Vec<(Vec<u8>, Kind)>,
    names: FxHashSet<Vec<u8>>,
    /// Where `.` and `..` came in the listing: how many entries preceded
    /// each.
    dots: Vec<usize>,
}

impl DirList {
    /// A listing with `.` and `..` taken to come first.
    pub fn new(entries: Vec<(Vec<u8>, Kind)>) -> DirList {
        DirList::with_dots(entries, vec![0, 0])
    }

    fn with_dots(entries: Vec<(Vec<u8>, Kind)>, dots: Vec<usize>) -> DirList {
        let names = entries.iter().map(|(n, _)| n.clone()).collect();
        DirList {
            entries,
            names,
            dots,
        }
    }

    /// How many names (`.` and `..` included) a reader going through the
    /// listing has seen once it reached `entries[i]`; with `None`, once it
    /// read the whole listing.
    pub fn read_through(&self, i: Option<usize>) -> usize {
        match i {
            None => self.entries.len() + self.dots.len(),
            Some(i) => i + 1 + self.dots.iter().filter(|&&d| d <= i).count(),
        }
    }

    /// Every name as the system listed it, `.` and `..` included.
    pub fn read_order(&self) -> impl Iterator<Item = &[u8]> {
        let dots = |at: usize| {
            self.dots
                .iter()
                .enumerate()
                .filter(move |&(_, &d)| d == at)
                .map(|(k, _)| if k == 0 { &b"."[..] } else { &b".."[..] })
        };
        (0..=self.entries.len())
            .flat_map(move |i| dots(i).chain(self.entries.get(i).map(|(n, _)| n.as_slice())))
    }

    pub fn contains(&self, name: &[u8]) -> bool {
        self.names.contains(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &[u8]> {
        self.entries.iter().map(|(n, _)| n.as_slice())
    }
}

pub trait Fs {
    /// The modification time of `p` (following symlinks).
    fn mtime(&mut self, p: &[u8]) -> MTime;
    /// Forget what is known about `p` (after a recipe may have changed it),
    /// including the listing of the directory holding it.
    fn invalidate(&mut self, p: &[u8]);
    /// The time of `p` stat'ed afresh. Unlike [`Fs::invalidate`], a
    /// cached listing of its directory is kept while it agrees on whether
    /// `p` exists: nothing ran, so looking again must not cost a reading
    /// of a big directory for each of its files.
    fn restat(&mut self, p: &[u8]) -> MTime {
        self.invalidate(p);
        self.mtime(p)
    }
    /// The entries of directory `dir` (`""` means `.`); `None` when it
    /// cannot be read.
    fn read_dir(&mut self, _dir: &[u8]) -> Option<Rc<DirList>> {
        None
    }
    /// Forget the listing of `dir`.
    fn invalidate_dir(&mut self, _dir: &[u8]) {}
    /// Forget everything.
    fn invalidate_all(&mut self) {}
    /// The program name (and level) its messages start with, once
    /// MAKELEVEL is known.
    fn set_prefix(&mut self, _prefix: &[u8]) {}
    /// A number that changes whenever a cached directory listing may have
    /// been forgotten or replaced; `None` when listings are not cached.
    fn listing_gen(&self) -> Option<u64> {
        None
    }
    /// GNU's `file_exists_p`: does `p` exist, answered from the listing of
    /// its directory (no stat).
    fn exists(&mut self, p: &[u8]) -> bool {
        let (dir, base) = split_path(p);
        if base.is_empty() {
            return self.read_dir(dir).is_some();
        }
        // The listing holds `.` and `..` too, for GNU as for the system.
        let found = match self.read_dir(dir) {
            Some(l) => l.contains(base) || base == b"." || base == b"..",
            None => false,
        };
        self.note_lookup(dir, base, found);
        found
    }
    /// GNU's `dir_file_exists_p`: does `base` exist in directory `dir`,
    /// named as given (a vpath search may name it with a trailing `/`,
    /// which GNU's directory cache keeps). An empty `base` asks whether the
    /// directory itself exists; GNU still enters the directory in its cache.
    fn exists_in(&mut self, dir: &[u8], base: &[u8]) -> bool {
        if !base.is_empty() {
            let found = match self.read_dir(dir) {
                Some(l) => l.contains(base) || base == b"." || base == b"..",
                None => false,
            };
            self.note_lookup(dir, base, found);
            return found;
        }
        let found = self.read_dir(dir).is_some();
        self.note_dir_opened(dir);
        found
    }
    /// For `-p`: from now on, note the directories `exists` looks into
    /// (GNU's directory cache).
    fn track_dirs(&mut self) {}
    /// A lookup of `base` in `dir` by `exists` (noted when tracking).
    fn note_lookup(&mut self, _dir: &[u8], _base: &[u8], _found: bool) {}
    /// A command finished or make wrote a file (GNU's `command_count`
    /// grows): GNU reads each directory again when next looked into (a
    /// command may have made or removed any file, not only its target),
    /// for `-p` from its start.
    fn commands_ran(&mut self) {}
    /// For `-p`: GNU opened directory `dir` for a search path (vpath,
    /// VPATH, GPATH) without reading it yet.
    fn note_dir_opened(&mut self, _dir: &[u8]) {}
    /// For `-p`: globbing read directory `dir` whole (through GNU's
    /// directory cache).
    fn note_dir_read_whole(&mut self, _dir: &[u8]) {}
    /// The directories noted, in the order first looked into.
    fn dirs_seen(&self) -> Vec<DirSeen> {
        Vec::new()
    }
}

/// A directory `exists` looked into (for `-p`'s directory section).
#[derive(Debug, Clone)]
pub struct DirSeen {
    /// As GNU names it (`.` for the current directory).
    pub name: Vec<u8>,
    /// Its listing (`None`: it could not be read).
    pub listing: Option<Rc<DirList>>,
    /// A name looked up was not there (GNU then read the whole listing).
    pub missed: bool,
    /// The last position in the listing of a name found.
    pub found_max: Option<usize>,
    /// `commands` of the CachedFs when the listing was read.
    pub commands: u64,
    /// A name was looked up in it since (else nothing was read yet).
    pub looked: bool,
    /// Its device, inode and whether it is a directory, as when it was
    /// last looked into anew (`None`: it could not be stat'd then). GNU
    /// keeps what it found until it looks again after commands ran.
    pub stat: Option<(u64, u64, bool)>,
}

/// The device and inode of `p` (following links; `None`: it cannot be
/// stat'd): how GNU's directory cache tells directories apart.
pub fn dir_id(p: &[u8]) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path(p)).ok().map(|m| (m.dev(), m.ino()))
}

/// `dir`'s device, inode and whether it is a directory (`None`: it
/// cannot be stat'd), for [`DirSeen::stat`].
pub fn stat_dir(dir: &[u8]) -> Option<(u64, u64, bool)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path(dir))
        .ok()
        .map(|m| (m.dev(), m.ino(), m.is_dir()))
}

/// Splits `a/b/c` into (`a/b`, `c`), `c` into (`""`, `c`), `/c` into
/// (`/`, `c`).
pub fn split_path(p: &[u8]) -> (&[u8], &[u8]) {
    match p.iter().rposition(|&c| c == b'/') {
        None => (&p[..0], p),
        Some(0) => (&p[..1], &p[1..]),
        Some(i) => (&p[..i], &p[i + 1..]),
    }
}

/// The errno of an I/O error (EIO when it carries none).
pub(crate) fn errno_of(e: &std::io::Error) -> i32 {
    e.raw_os_error().unwrap_or(libc::EIO)
}

/// The time of `p` from its status `m`, reported as GNU does when it is
/// out of GNU's range (`PREFIX: P: Timestamp out of range; substituting
/// TIME`, with the latest time it can hold).
fn checked_mtime_of(m: &std::fs::Metadata, p: &[u8], prefix: &[u8]) -> MTime {
    use std::os::unix::fs::MetadataExt;
    let (t, in_range) = MTime::from_stat(m.mtime(), m.mtime_nsec());
    if !in_range {
        say(prefix, &out_of_range_message(p));
    }
    t
}

/// GNU's report of a time of `p` it cannot hold, replaced by its latest.
pub fn out_of_range_message(p: &[u8]) -> Vec<u8> {
    let mut m = p.to_vec();
    m.extend_from_slice(b": Timestamp out of range; substituting ");
    m.extend_from_slice(crate::dbprint::timestamp_text(MTime::LATEST).as_bytes());
    m
}

/// GNU's `name_mtime`: stat `p`; a missing file (ENOENT/ENOTDIR) is
/// `Missing`; another error is reported as `PREFIX: stat: P: ERROR` and
/// counts as missing, links or not. With `check_symlinks`, the newest time
/// of every link on the way to the file counts too (even when the final
/// target is missing), for names of at most `PATH_MAX` bytes.
pub fn stat_mtime(p: &[u8], check_symlinks: bool, prefix: &[u8]) -> MTime {
    let mut t = match std::fs::metadata(path(p)) {
        Ok(m) => checked_mtime_of(&m, p, prefix),
        Err(e) => {
            let n = errno_of(&e);
            if n != libc::ENOENT && n != libc::ENOTDIR {
                // A link loop, a name too long, no search permission.
                report(prefix, b"stat: ", p, n);
                return MTime::Missing;
            }
            MTime::Missing
        }
    };
    if check_symlinks && p.len() <= PATH_MAX {
        let mut cur = p.to_vec();
        // Bounded, in case of a link loop (stat above would have failed
        // with ELOOP, but the chain is followed regardless).
        for _ in 0..64 {
            let m = match std::fs::symlink_metadata(path(&cur)) {
                Ok(m) => m,
                Err(e) => {
                    let n = errno_of(&e);
                    if n != libc::ENOENT && n != libc::ENOTDIR {
                        report(prefix, b"lstat: ", &cur, n);
                    }
                    break;
                }
            };
            if !m.file_type().is_symlink() {
                break;
            }
            let lt = checked_mtime_of(&m, &cur, prefix);
            if lt > t {
                t = lt;
            }
            let target = match std::fs::read_link(path(&cur)) {
                Ok(t) => t.as_os_str().as_bytes().to_vec(),
                Err(e) => {
                    report(prefix, b"readlink: ", &cur, errno_of(&e));
                    break;
                }
            };
            match cur.iter().rposition(|&c| c == b'/') {
                // The next step would be too long a name: keep what we have.
                Some(i) if !target.starts_with(b"/") && i + target.len() + 2 > PATH_MAX => break,
                Some(i) if !target.starts_with(b"/") => {
                    cur.truncate(i + 1);
                    cur.extend_from_slice(&target);
                }
                _ => cur = target,
            }
        }
    }
    t
}

/// The longest path name the link walk of [`stat_mtime`] follows.
const PATH_MAX: usize = libc::PATH_MAX as usize;
/// The longest name a directory entry can have.
const NAME_MAX: usize = 255;

fn report(prefix: &[u8], call: &[u8], p: &[u8], errno: i32) {
    let mut m = call.to_vec();
    m.extend_from_slice(p);
    m.extend_from_slice(b": ");
    m.extend_from_slice(&crate::exec::strerror(errno));
    say(prefix, &m);
}

/// `PREFIX: MSG` on stderr (`make` when there is no prefix yet).
fn say(prefix: &[u8], msg: &[u8]) {
    let mut m = if prefix.is_empty() {
        b"make".to_vec()
    } else {
        prefix.to_vec()
    };
    m.extend_from_slice(b": ");
    m.extend_from_slice(msg);
    m.push(b'\n');
    crate::output::Output::new(Vec::new(), 0).stderr(&m);
}

/// Lists a real directory (`""` is `.`), in the order the system gives
/// the names (which GNU's -p output reflects).
pub fn list_dir(dir: &[u8]) -> Option<DirList> {
    let d = if dir.is_empty() { &b"."[..] } else { dir };
    let c = std::ffi::CString::new(d).ok()?;
    // SAFETY: c is a NUL-terminated path.
    let dp = unsafe { libc::opendir(c.as_ptr()) };
    if dp.is_null() {
        return None;
    }
    let mut entries = Vec::new();
    let mut dots = Vec::new();
    loop {
        // SAFETY: dp is an open directory stream used only here.
        let e = unsafe { libc::readdir(dp) };
        if e.is_null() {
            break;
        }
        // SAFETY: e points to an entry valid until the next readdir on dp;
        // its name is NUL-terminated. Both are copied out before that.
        let (name, d_type) = unsafe {
            (
                std::ffi::CStr::from_ptr((*e).d_name.as_ptr())
                    .to_bytes()
                    .to_vec(),
                (*e).d_type,
            )
        };
        if name == b"." || name == b".." {
            dots.push(entries.len());
            continue;
        }
        let kind = match d_type {
            libc::DT_LNK => Kind::Symlink,
            libc::DT_DIR => Kind::Dir,
            libc::DT_REG => Kind::File,
            libc::DT_UNKNOWN => {
                let mut p = d.to_vec();
                p.push(b'/');
                p.extend_from_slice(&name);
                match std::fs::symlink_metadata(path(&p)).map(|m| m.file_type()) {
                    Ok(t) if t.is_symlink() => Kind::Symlink,
                    Ok(t) if t.is_dir() => Kind::Dir,
                    Ok(t) if t.is_file() => Kind::File,
                    Ok(_) => Kind::Other,
                    Err(_) => Kind::Unknown,
                }
            }
            _ => Kind::Other,
        };
        entries.push((name, kind));
    }
    // SAFETY: dp is open and closed once.
    unsafe { libc::closedir(dp) };
    Some(DirList::with_dots(entries, dots))
}

/// GNU's directory cache keeps a listing by the name it was read under
/// until a command runs. A directory globbing read before `-C` changed the
/// working directory (a command-line variable's `$(wildcard *)`) therefore
/// still answers, under its relative name (`.`, `sub`), with the names of
/// the directory it was, for globbing and existence checks, until the next
/// command runs.
#[derive(Default)]
struct BeforeChdir {
    /// Noting the directories read (from the start until the change).
    recording: bool,
    /// The directories read since the last command ran.
    read: Vec<Vec<u8>>,
    /// Their listings, kept across the change of directory.
    kept: FxHashMap<Vec<u8>, Rc<DirList>>,
}

thread_local! {
    static BEFORE_CHDIR: std::cell::RefCell<BeforeChdir> = std::cell::RefCell::new(BeforeChdir::default());
}

/// A directory's name as GNU's cache keys it (`.` for the current one).
fn cache_name(dir: &[u8]) -> &[u8] {
    if dir.is_empty() {
        b"."
    } else {
        dir
    }
}

/// From now on until [`keep_listings_across_chdir`], notes the
/// directories globbing reads (make will change directory).
pub fn note_reads_before_chdir() {
    BEFORE_CHDIR.with(|b| b.borrow_mut().recording = true);
}

/// Globbing read directory `dir` (through GNU's directory cache).
pub fn note_dir_read(dir: &[u8]) {
    BEFORE_CHDIR.with(|b| {
        let mut b = b.borrow_mut();
        let d = cache_name(dir);
        if b.recording && !d.starts_with(b"/") && !b.read.iter().any(|x| x == d) {
            b.read.push(d.to_vec());
        }
    });
}

/// Right before make changes directory: the listings of the directories
/// read since the last command ran are kept under their names.
pub fn keep_listings_across_chdir() {
    BEFORE_CHDIR.with(|b| {
        let mut b = b.borrow_mut();
        b.recording = false;
        for d in std::mem::take(&mut b.read) {
            if let Some(l) = list_dir(&d) {
                b.kept.insert(d, Rc::new(l));
            }
        }
    });
}

/// A command ran: GNU reads every directory anew when next looked into.
pub fn forget_listings_before_chdir() {
    BEFORE_CHDIR.with(|b| {
        let mut b = b.borrow_mut();
        b.read.clear();
        b.kept.clear();
    });
}

/// The listing GNU's cache still holds for `dir` from before the change
/// of directory, if any.
pub fn listing_before_chdir(dir: &[u8]) -> Option<Rc<DirList>> {
    BEFORE_CHDIR.with(|b| {
        let b = b.borrow();
        if b.kept.is_empty() {
            return None;
        }
        b.kept.get(cache_name(dir)).cloned()
    })
}

/// The real disk, uncached.
#[derive(Debug, Default)]
pub struct RealFs;

impl Fs for RealFs {
    fn mtime(&mut self, p: &[u8]) -> MTime {
        stat_mtime(p, false, b"make")
    }
    fn invalidate(&mut self, _p: &[u8]) {}
    fn read_dir(&mut self, dir: &[u8]) -> Option<Rc<DirList>> {
        if let Some(l) = listing_before_chdir(dir) {
            return Some(l);
        }
        list_dir(dir).map(Rc::new)
    }
}

/// GNU keeps at most ten directories open for reading as names are looked
/// up (`MAX_OPEN_DIRECTORIES`): one opened when nine others are still being
/// read is read whole at once and closed (`find_directory`). Names of one
/// directory (same device and inode) share its stream.
fn read_whole_if_many_open(seen: &mut [DirSeen], i: usize) {
    const MAX_OPEN_DIRECTORIES: usize = 10;
    let is_open = |d: &DirSeen| d.listing.is_some() && !d.missed;
    if !is_open(&seen[i]) {
        return;
    }
    let key = |d: &DirSeen| dir_id(&d.name);
    let mut open: Vec<(u64, u64)> = Vec::new();
    for (j, d) in seen.iter().enumerate() {
        if j != i && is_open(d) {
            if let Some(k) = key(d).filter(|k| !open.contains(k)) {
                open.push(k);
            }
        }
    }
    if key(&seen[i]).is_some_and(|k| open.contains(&k)) {
        return;
    }
    if open.len() + 1 >= MAX_OPEN_DIRECTORIES {
        seen[i].missed = true;
        seen[i].looked = true;
    }
}

/// What tells whether a directory's entries changed: its modification
/// and change times (an entry made, removed or renamed sets both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DirStamp {
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl DirStamp {
    fn of(dir: &[u8]) -> Option<DirStamp> {
        use std::os::unix::fs::MetadataExt;
        let d: &[u8] = if dir.is_empty() { b"." } else { dir };
        let m = std::fs::metadata(path(d)).ok()?;
        Some(DirStamp {
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        })
    }

    /// Whether a later change is sure to show in the stamp: file system
    /// times are coarse (a clock tick), so two changes in one tick can
    /// leave the same time; a stamp some seconds old cannot be met again.
    fn settled(&self) -> bool {
        const MARGIN_SECS: i64 = 3;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        self.mtime.0.max(self.ctime.0) + MARGIN_SECS < now
    }
}

/// The real disk, with every answer cached until invalidated.
#[derive(Debug, Default)]
pub struct CachedFs {
    /// `-L` / `--check-symlink-times`.
    pub check_symlinks: bool,
    /// Prefix for error messages (`make`, `make[1]`); empty means `make`.
    pub prefix: Vec<u8>,
    times: FxHashMap<Vec<u8>, MTime>,
    dirs: FxHashMap<Vec<u8>, Option<Rc<DirList>>>,
    /// For each listing: the command epoch it was read or last checked
    /// in, and the directory's stamp when that stamp can tell a later
    /// change (see [`DirStamp::settled`]).
    dir_checks: FxHashMap<Vec<u8>, (u64, Option<DirStamp>)>,
    /// Bumped when commands ran (`Fs::commands_ran`): each listing is
    /// checked again before it is used.
    epoch: u64,
    /// Bumped when a listing is forgotten (`Fs::listing_gen`).
    gen: u64,
    /// How many times the disk was asked (stat or directory read): for
    /// tests and statistics.
    pub disk_calls: usize,
    /// For `-p`: the directories looked into, once tracking is on.
    seen: Option<Vec<DirSeen>>,
    /// For `-p`: how many times `commands_ran` was called.
    commands: u64,
}

impl CachedFs {
    /// The entry of `dir` (`""` is `.`) among the directories seen, as
    /// GNU's cache holds it now: read again from its start when commands
    /// ran since it was read. `None` when not tracking.
    fn seen_now(&mut self, dir: &[u8]) -> Option<&mut DirSeen> {
        let commands = self.commands;
        let name: &[u8] = if dir.is_empty() { b"." } else { dir };
        let listing = self.dirs.get(dir).cloned().flatten();
        let seen = self.seen.as_mut()?;
        let (i, mut opened) = match seen.iter().position(|d| d.name == name) {
            Some(i) => (i, false),
            None => {
                seen.push(DirSeen {
                    name: name.to_vec(),
                    listing: None,
                    missed: false,
                    found_max: None,
                    commands,
                    looked: true,
                    stat: stat_dir(name),
                });
                (seen.len() - 1, true)
            }
        };
        let d = &mut seen[i];
        if d.commands != commands {
            // Stat'd and read again from the start, as the disk is now.
            d.commands = commands;
            d.stat = stat_dir(name);
            d.listing = list_dir(dir).map(Rc::new);
            d.missed = false;
            d.found_max = None;
            opened = true;
        } else if d.listing.is_none() {
            d.listing = listing;
        }
        if opened {
            read_whole_if_many_open(seen, i);
        }
        Some(&mut seen[i])
    }

    pub fn new(check_symlinks: bool, prefix: &[u8]) -> CachedFs {
        CachedFs {
            check_symlinks,
            prefix: prefix.to_vec(),
            ..CachedFs::default()
        }
    }

    /// The cached listing of `p`'s directory, if one was read already.
    fn known_absent(&self, p: &[u8]) -> bool {
        if self.check_symlinks {
            return false;
        }
        let (dir, base) = split_path(p);
        if base.is_empty() || base == b"." || base == b".." {
            return false;
        }
        // A name too long is not in any listing, but stat reports it.
        if base.len() > NAME_MAX || p.len() >= PATH_MAX {
            return false;
        }
        // A listing read before commands last ran may miss what they
        // made (a file beside the target, in another directory).
        if self
            .dir_checks
            .get(dir)
            .is_none_or(|(e, _)| *e != self.epoch)
        {
            return false;
        }
        match self.dirs.get(dir) {
            Some(Some(l)) => !l.contains(base),
            // The directory itself could not be read: for a plain missing
            // directory this means the file is missing too, but it may be
            // unreadable (no `r` permission) and still hold the file.
            _ => false,
        }
    }
}

impl Fs for CachedFs {
    fn set_prefix(&mut self, prefix: &[u8]) {
        self.prefix = prefix.to_vec();
    }

    fn mtime(&mut self, p: &[u8]) -> MTime {
        if let Some(&t) = self.times.get(p) {
            return t;
        }
        let t = if self.known_absent(p) {
            MTime::Missing
        } else {
            self.disk_calls += 1;
            let prefix = if self.prefix.is_empty() {
                &b"make"[..]
            } else {
                &self.prefix
            };
            stat_mtime(p, self.check_symlinks, prefix)
        };
        self.times.insert(p.to_vec(), t);
        t
    }

    fn invalidate(&mut self, p: &[u8]) {
        // The file may have come or gone (its recipe ran, make touched or
        // removed it). A listing of its directory that still agrees with
        // the disk about it stays: reading the directory again after each
        // target would make a flat directory of many targets quadratic.
        self.times.remove(p);
        let (dir, base) = split_path(p);
        if let Some(Some(l)) = self.dirs.get(dir) {
            if !base.is_empty() {
                let on_disk = match std::fs::symlink_metadata(path(p)) {
                    Ok(_) => Some(true),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(false),
                    Err(_) => None,
                };
                self.disk_calls += 1;
                if on_disk == Some(l.contains(base)) {
                    return;
                }
            }
        }
        if self.dirs.remove(dir).is_some() {
            self.gen += 1;
        }
    }

    fn restat(&mut self, p: &[u8]) -> MTime {
        self.times.remove(p);
        let t = self.mtime(p);
        let (dir, base) = split_path(p);
        if let Some(Some(l)) = self.dirs.get(dir) {
            if !base.is_empty() && l.contains(base) != t.exists() {
                self.invalidate_dir(dir);
            }
        }
        t
    }

    fn read_dir(&mut self, dir: &[u8]) -> Option<Rc<DirList>> {
        // (Not kept as this directory's listing: it is another's.)
        if let Some(l) = listing_before_chdir(dir) {
            return Some(l);
        }
        if let Some(l) = self.dirs.get(dir) {
            match self.dir_checks.get_mut(dir) {
                Some((e, _)) if *e == self.epoch => return l.clone(),
                // Commands ran since: kept while the directory is as it was.
                Some((e, Some(stamp))) if DirStamp::of(dir).is_some_and(|now| now == *stamp) => {
                    *e = self.epoch;
                    return l.clone();
                }
                _ => {}
            }
        }
        self.disk_calls += 1;
        let stamp = DirStamp::of(dir).filter(|s| s.settled());
        let l = list_dir(dir).map(Rc::new);
        if self.dirs.insert(dir.to_vec(), l.clone()).is_some() {
            self.gen += 1;
        }
        self.dir_checks.insert(dir.to_vec(), (self.epoch, stamp));
        l
    }

    fn invalidate_dir(&mut self, dir: &[u8]) {
        if self.dirs.remove(dir).is_some() {
            self.gen += 1;
        }
    }

    fn invalidate_all(&mut self) {
        self.times.clear();
        self.dirs.clear();
        self.gen += 1;
    }

    fn listing_gen(&self) -> Option<u64> {
        Some(self.gen)
    }

    fn track_dirs(&mut self) {
        self.seen.get_or_insert_with(Vec::new);
    }

    fn commands_ran(&mut self) {
        if self.seen.is_some() {
            self.commands += 1;
        }
        // Any file may have come or gone: listings are checked again
        // before use (GNU reads them again).
        self.epoch += 1;
        self.gen += 1;
    }

    fn note_dir_opened(&mut self, dir: &[u8]) {
        let commands = self.commands;
        let Some(seen) = self.seen.as_mut() else {
            return;
        };
        let fresh = |stat| DirSeen {
            name: dir.to_vec(),
            listing: list_dir(dir).map(Rc::new),
            missed: false,
            found_max: None,
            commands,
            looked: false,
            stat,
        };
        let i = match seen.iter().position(|d| d.name == dir) {
            None => {
                seen.push(fresh(stat_dir(dir)));
                seen.len() - 1
            }
            // Opened again after commands ran: stat'd and read anew.
            Some(i) if seen[i].commands != commands => {
                seen[i] = fresh(stat_dir(dir));
                i
            }
            Some(_) => return,
        };
        read_whole_if_many_open(seen, i);
    }

    fn note_lookup(&mut self, dir: &[u8], base: &[u8], found: bool) {
        let Some(d) = self.seen_now(dir) else {
            return;
        };
        d.looked = true;
        if !found {
            d.missed = true;
        } else if let Some(l) = &d.listing {
            let at = l.entries.iter().position(|(n, _)| n == base);
            d.found_max = d.found_max.max(at);
        }
    }

    fn note_dir_read_whole(&mut self, dir: &[u8]) {
        if let Some(d) = self.seen_now(dir) {
            d.looked = true;
            d.missed = true;
            if d.listing.is_none() {
                d.listing = list_dir(dir).map(Rc::new);
            }
        }
    }

    fn dirs_seen(&self) -> Vec<DirSeen> {
        self.seen.clone().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TempDir(std::path::PathBuf);
    impl TempDir {
        fn new(tag: &str) -> TempDir {
            let d = std::env::temp_dir().join(format!("rmake-fs-{}-{}", tag, std::process::id()));
            let _ = std::fs::remove_dir_all(&d);
            std::fs::create_dir_all(&d).unwrap();
            TempDir(d)
        }
        fn p(&self, name: &str) -> Vec<u8> {
            self.0.join(name).as_os_str().as_bytes().to_vec()
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn split_paths() {
        assert_eq!(split_path(b"a/b/c"), (&b"a/b"[..], &b"c"[..]));
        assert_eq!(split_path(b"c"), (&b""[..], &b"c"[..]));
        assert_eq!(split_path(b"/c"), (&b"/"[..], &b"c"[..]));
        assert_eq!(split_path(b"a/"), (&b"a"[..], &b""[..]));
    }

    #[test]
    fn cached_stats_once_until_invalidated() {
        let t = TempDir::new("cache");
        let f = t.p("f");
        let mut fs = CachedFs::new(false, b"make");
        assert_eq!(fs.mtime(&f), MTime::Missing);
        assert_eq!(fs.mtime(&f), MTime::Missing);
        assert_eq!(fs.disk_calls, 1);
        std::fs::write(path(&f), b"x").unwrap();
        assert_eq!(fs.mtime(&f), MTime::Missing, "cached");
        fs.invalidate(&f);
        let m = fs.mtime(&f);
        assert!(m.exists());
        assert_eq!(fs.disk_calls, 2);
        // Nanosecond precision.
        filetime::set_file_mtime(
            path(&f),
            filetime::FileTime::from_unix_time(1_000_000_000, 123_456_789),
        )
        .unwrap();
        fs.invalidate(&f);
        assert_eq!(fs.mtime(&f), MTime::from_parts(1_000_000_000, 123_456_789));
    }

    #[test]
    fn times_cover_gnus_range() {
        use crate::rules::{NEW_MTIME, OLD_MTIME};
        // Before the epoch or after 2^34-1 s: GNU's latest time, flagged.
        assert_eq!(MTime::from_stat(-1, 5), (MTime::LATEST, false));
        assert_eq!(MTime::from_stat(MAX_SECS + 1, 0), (MTime::LATEST, false));
        let (last, ok) = MTime::from_stat(MAX_SECS, 999_999_999);
        assert!(ok);
        assert_eq!(last, MTime::LATEST);
        // 2446 (ext4's last second) is held exactly.
        let t = MTime::from_parts(15_032_385_535, 7);
        assert_eq!(t.secs_nanos(), Some((15_032_385_535, 7)));
        let epoch = MTime::from_parts(0, 0);
        assert_eq!(epoch.ns(), Some(0));
        assert!(OLD_MTIME < epoch && epoch < t && t < MTime::LATEST && MTime::LATEST < NEW_MTIME);
        assert!(MTime::Missing < OLD_MTIME);
        assert_eq!(NEW_MTIME.ns(), None);
        assert_eq!(OLD_MTIME.ns(), None);
    }

    #[test]
    fn dir_listing_answers_absence() {
        let t = TempDir::new("dir");
        std::fs::write(t.0.join("a"), b"").unwrap();
        std::fs::create_dir(t.0.join("sub")).unwrap();
        let dir = t.0.as_os_str().as_bytes().to_vec();
        let mut fs = CachedFs::new(false, b"make");
        let l = fs.read_dir(&dir).unwrap();
        assert!(l.contains(b"a"));
        assert!(l.contains(b"sub"));
        assert!(!l.contains(b"."));
        assert_eq!(
            l.entries.iter().find(|(n, _)| n == b"sub").map(|e| e.1),
            Some(Kind::Dir)
        );
        let calls = fs.disk_calls;
        assert!(fs.exists(&t.p("a")));
        assert!(!fs.exists(&t.p("b")));
        // Missing files in a listed directory need no stat.
        assert_eq!(fs.mtime(&t.p("b")), MTime::Missing);
        assert_eq!(fs.disk_calls, calls);
        assert!(fs.exists(&t.p("sub/")));
        assert!(fs.read_dir(&t.p("nonexistent")).is_none());
        // A recipe creates b: invalidating it refreshes the listing too.
        std::fs::write(t.0.join("b"), b"").unwrap();
        fs.invalidate(&t.p("b"));
        assert!(fs.exists(&t.p("b")));
        assert!(fs.mtime(&t.p("b")).exists());
        // A target whose recipe changed nothing (`:`) leaves the listing
        // as it was: no directory read per target.
        let gen = fs.listing_gen();
        fs.invalidate(&t.p("c"));
        assert_eq!(fs.listing_gen(), gen);
        assert!(!fs.exists(&t.p("c")));
        assert_eq!(fs.listing_gen(), gen);
    }

    #[test]
    fn listing_from_before_commands_does_not_answer_absence() {
        let t = TempDir::new("epoch");
        std::fs::create_dir(t.0.join("sub")).unwrap();
        let mut fs = CachedFs::new(false, b"make");
        assert!(!fs.exists(&t.p("sub/b")));
        // A command made sub/b beside its own target elsewhere.
        std::fs::write(t.0.join("sub/b"), b"").unwrap();
        fs.commands_ran();
        assert!(fs.mtime(&t.p("sub/b")).exists());
    }

    #[test]
    fn symlink_times() {
        let t = TempDir::new("link");
        let target = t.p("target");
        std::fs::write(path(&target), b"x").unwrap();
        filetime::set_file_mtime(path(&target), filetime::FileTime::from_unix_time(1000, 0))
            .unwrap();
        std::os::unix::fs::symlink("target", t.0.join("link")).unwrap();
        filetime::set_symlink_file_times(
            t.0.join("link"),
            filetime::FileTime::from_unix_time(2000, 0),
            filetime::FileTime::from_unix_time(2000, 0),
        )
        .unwrap();
        let link = t.p("link");
        assert_eq!(
            CachedFs::new(false, b"").mtime(&link),
            MTime::from_parts(1000, 0)
        );
        assert_eq!(
            CachedFs::new(true, b"").mtime(&link),
            MTime::from_parts(2000, 0)
        );
        // A dangling link counts with its own time under -L.
        std::os::unix::fs::symlink("nowhere", t.0.join("dangling")).unwrap();
        assert_eq!(
            CachedFs::new(false, b"").mtime(&t.p("dangling")),
            MTime::Missing
        );
        assert!(CachedFs::new(true, b"").mtime(&t.p("dangling")).exists());
    }

    #[test]
    fn memfs() {
        let mut fs = MemFs::new();
        fs.set_secs(b"a.c", 10);
        fs.set_secs(b"sub/b.c", 20);
        fs.set_secs(b"sub/deep/x", 30);
        assert_eq!(fs.mtime(b"a.c"), MTime::from_parts(10, 0));
        assert_eq!(fs.mtime(b"a.o"), MTime::Missing);
        assert!(fs.mtime(b"sub").exists());
        assert!(fs.exists(b"sub/b.c"));
        assert!(!fs.exists(b"sub/c.c"));
        let l = fs.read_dir(b"sub").unwrap();
        let names: Vec<&[u8]> = l.names().collect();
        assert_eq!(names, vec![&b"b.c"[..], &b"deep"[..]]);
        let top = fs.read_dir(b"").unwrap();
        assert!(top.contains(b"a.c") && top.contains(b"sub"));
        assert!(fs.read_dir(b"nope").is_none());
        assert!(fs.remove(b"a.c"));
        assert_eq!(fs.mtime(b"a.c"), MTime::Missing);
        fs.invalidate(b"a.c");
        assert_eq!(fs.invalidated, vec![b"a.c".to_vec()]);
        assert_eq!(fs.queries.len(), 4);
    }

    #[test]
    fn touch_creates_and_updates() {
        let t = TempDir::new("touch");
        let f = t.p("new");
        touch(&f).unwrap();
        assert_eq!(std::fs::read(path(&f)).unwrap(), b"");
        std::fs::write(path(&f), b"hello").unwrap();
        filetime::set_file_mtime(path(&f), filetime::FileTime::from_unix_time(1000, 0)).unwrap();
        touch(&f).unwrap();
        assert_eq!(std::fs::read(path(&f)).unwrap(), b"hello");
        assert!(stat_mtime(&f, false, b"") > MTime::from_parts(1000, 0));
        let e = touch(&t.p("no/such/dir")).unwrap_err();
        assert_eq!(e.call, "open");
        assert_eq!(e.errno, libc::ENOENT);
        let msg = e.message(b"x");
        assert_eq!(msg, b"touch: open: x: No such file or directory");
        let e = touch(t.0.as_os_str().as_bytes()).unwrap_err();
        assert_eq!(e.errno, libc::EISDIR);
    }
}
