//! File-name globbing as GNU make gets it from glibc's `glob` (no
//! `GLOB_PERIOD`, `GLOB_NOSORT` or `GLOB_NOESCAPE`): `*`, `?`, `[...]`
//! (with `!`/`^`, ranges and `[:class:]`), backslash escapes, patterns
//! with directories, a leading `.` only matched explicitly, a trailing `/`
//! selecting directories. Results of one pattern are sorted, bytewise
//! or by the locale's collating order (see [`crate::locale`]).
//! Also the word splitting and `~` expansion GNU applies before globbing.

use crate::fs::path;

/// Whether `p` has an unescaped `*`, `?`, or a `[` with a later `]`.
pub fn has_magic(p: &[u8]) -> bool {
    let mut bracket = false;
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            b'?' | b'*' => return true,
            b'\\' => i += 1,
            b'[' => bracket = true,
            b']' if bracket => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// glibc's `__glob_pattern_type`: `SPECIAL` for a `*`, `?` or `[` with a
/// later `]`; else the union of `BACKSLASH` (an escape) and `BRACKET` (a
/// `[` left open, which glob takes as a pattern too, matched by fnmatch).
fn pattern_type(p: &[u8]) -> u8 {
    let mut ret = 0;
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            b'?' | b'*' => return SPECIAL,
            b'\\' => {
                if i + 1 < p.len() {
                    i += 1;
                }
                ret |= BACKSLASH;
            }
            b'[' => ret |= BRACKET,
            b']' if ret & BRACKET != 0 => return SPECIAL,
            _ => {}
        }
        i += 1;
    }
    ret
}

const SPECIAL: u8 = 1;
const BACKSLASH: u8 = 2;
const BRACKET: u8 = 4;

/// Removes backslash escapes.
pub fn unescape(p: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(p.len());
    let mut i = 0;
    while i < p.len() {
        if p[i] == b'\\' && i + 1 < p.len() {
            i += 1;
        }
        v.push(p[i]);
        i += 1;
    }
    v
}

fn class_matches(class: &[u8], c: u8) -> Option<bool> {
    Some(match class {
        b"alnum" => c.is_ascii_alphanumeric(),
        b"alpha" => c.is_ascii_alphabetic(),
        b"blank" => c == b' ' || c == b'\t',
        b"cntrl" => c.is_ascii_control(),
        b"digit" => c.is_ascii_digit(),
        b"graph" => c.is_ascii_graphic(),
        b"lower" => c.is_ascii_lowercase(),
        b"print" => c.is_ascii_graphic() || c == b' ',
        b"punct" => c.is_ascii_punctuation(),
        b"space" => matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c'),
        b"upper" => c.is_ascii_uppercase(),
        b"xdigit" => c.is_ascii_hexdigit(),
        _ => return None,
    })
}

/// Matches a bracket expression starting at `p[0] == b'['` against `c`.
/// Returns whether it matched and its length, or None if it is not a
/// complete bracket expression (then `[` is an ordinary character).
fn bracket(p: &[u8], c: u8) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(p.get(i), Some(b'!' | b'^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let mut lo = *p.get(i)?;
        if lo == b']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if lo == b'[' && p.get(i + 1) == Some(&b':') {
            if let Some(end) = p[i + 2..].windows(2).position(|w| w == b":]") {
                let name = &p[i + 2..i + 2 + end];
                if let Some(m) = class_matches(name, c) {
                    matched |= m;
                    i += end + 4;
                    continue;
                }
            }
        }
        if lo == b'\\' {
            i += 1;
            lo = *p.get(i)?;
        }
        i += 1;
        if p.get(i) == Some(&b'-') && p.get(i + 1).is_some_and(|&h| h != b']') {
            let mut hi = p[i + 1];
            i += 2;
            if hi == b'\\' {
                hi = *p.get(i)?;
                i += 1;
            }
            matched |= lo <= c && c <= hi;
        } else {
            matched |= lo == c;
        }
    }
}

/// Matches one file-name component against a pattern component. A leading
/// `.` in `name` must be matched by a literal `.`.
pub fn fnmatch(pat: &[u8], name: &[u8]) -> bool {
    if let Some(m) = crate::locale::fnmatch(pat, name) {
        return m;
    }
    if name.first() == Some(&b'.') && !matches!(pat.first(), Some(b'.')) {
        // Only an escaped dot could still match.
        if !(pat.len() >= 2 && pat[0] == b'\\' && pat[1] == b'.') {
            return false;
        }
    }
    match_from(pat, name)
}

fn match_from(pat: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0usize, 0usize);
    // Backtracking point for the last `*`: (pattern index after it, name index).
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p < pat.len() && pat[p] == b'*' {
            while p < pat.len() && pat[p] == b'*' {
                p += 1;
            }
            star = Some((p, n));
            continue;
        }
        // How far the pattern advances if it matches `name[n]`.
        let step = match (pat.get(p), name.get(n)) {
            (None, None) => return true,
            (Some(_), None) | (None, Some(_)) => None,
            (Some(b'?'), Some(_)) => Some(1),
            (Some(b'['), Some(&c)) => match bracket(&pat[p..], c) {
                Some((true, len)) => Some(len),
                Some((false, _)) => None,
                None => (c == b'[').then_some(1),
            },
            (Some(b'\\'), Some(&c)) if p + 1 < pat.len() => (pat[p + 1] == c).then_some(2),
            (Some(&pc), Some(&c)) => (pc == c).then_some(1),
        };
        if let Some(len) = step {
            p += len;
            n += 1;
            continue;
        }
        // Mismatch: let the last `*` swallow one more character.
        match star {
            Some((sp, sn)) if sn < name.len() => {
                star = Some((sp, sn + 1));
                p = sp;
                n = sn + 1;
            }
            _ => return false,
        }
    }
}

fn lexists(p: &[u8]) -> bool {
    std::fs::symlink_metadata(path(p)).is_ok()
}

fn is_dir(p: &[u8]) -> bool {
    std::fs::metadata(path(p)).is_ok_and(|m| m.is_dir())
}

/// `dir` joined with `name` as glob builds result names.
fn join(dir: Option<&[u8]>, name: &[u8]) -> Vec<u8> {
    match dir {
        None => name.to_vec(),
        Some(b"/") => {
            let mut v = b"/".to_vec();
            v.extend_from_slice(name);
            v
        }
        Some(d) => {
            let mut v = Vec::with_capacity(d.len() + 1 + name.len());
            v.extend_from_slice(d);
            v.push(b'/');
            v.extend_from_slice(name);
            v
        }
    }
}

thread_local! {
    /// For `-p`: the directories globbing read or tried to (GNU's glob
    /// reads them through its directory cache, whole), once recording is on.
    static DIRS_READ: std::cell::RefCell<Option<Vec<Vec<u8>>>> = const { std::cell::RefCell::new(None) };
}

/// Starts noting the directories globbing reads (see [`dirs_read`]).
pub fn record_dirs_read() {
    start_log(&DIRS_READ);
}

/// The directories globbing read since last taken (recording on), as
/// GNU names them (`.` for the current one), first read first, each once.
pub fn take_dirs_read() -> Vec<Vec<u8>> {
    take_log(&DIRS_READ)
}

thread_local! {
    /// For `-d`: every directory globbing looked into, in order, since
    /// last taken (see `crate::dir_epochs`), once logging is on.
    static DIRS_LOOKED: std::cell::RefCell<Option<Vec<Vec<u8>>>> = const { std::cell::RefCell::new(None) };
}

/// Starts logging the directories globbing looks into.
pub fn log_dirs_looked() {
    start_log(&DIRS_LOOKED);
}

/// The directories globbing looked into since the last call, in order.
pub fn take_dirs_looked() -> Vec<Vec<u8>> {
    take_log(&DIRS_LOOKED)
}

thread_local! {
    /// The listings of directories as GNU's directory cache held them
    /// before `-t` made a file in them (no command ran since): GNU's glob
    /// reads that cache, so a name only `-t` made is not matched. Kept by
    /// device and inode, as GNU keeps a directory's contents: every name
    /// of the directory (`sub`, `./sub`, `sub/../sub`) sees the listing.
    static BEFORE_TOUCH: std::cell::RefCell<crate::hash::FxHashMap<DirKey, Option<std::rc::Rc<crate::fs::DirList>>>> =
        std::cell::RefCell::new(Default::default());
}

/// A directory as GNU's cache tells directories apart: its device and
/// inode, or its name when it cannot be stat'd.
#[derive(PartialEq, Eq, Hash)]
enum DirKey {
    Inode(u64, u64),
    Name(Vec<u8>),
}

fn dir_key(dir: &[u8]) -> DirKey {
    match crate::fs::dir_id(dir) {
        Some((dev, ino)) => DirKey::Inode(dev, ino),
        None => DirKey::Name(dir.to_vec()),
    }
}

/// `-t` is about to make a file in `dir`, which GNU's directory cache
/// read since the last command ran: globbing keeps seeing the listing of
/// now, without the file, until a command runs.
pub fn keep_listing_before_touch(dir: &[u8]) {
    BEFORE_TOUCH.with(|b| {
        let mut b = b.borrow_mut();
        let key = dir_key(dir);
        b.entry(key)
            .or_insert_with(|| crate::fs::list_dir(dir).map(std::rc::Rc::new));
    });
}

/// A command ran: GNU reads directories anew when next looked into.
pub fn forget_listings_before_touch() {
    BEFORE_TOUCH.with(|b| {
        let mut b = b.borrow_mut();
        if !b.is_empty() {
            b.clear();
        }
    });
}

fn listing_before_touch(dir: &[u8]) -> Option<Option<std::rc::Rc<crate::fs::DirList>>> {
    BEFORE_TOUCH.with(|b| {
        let b = b.borrow();
        if b.is_empty() {
            return None;
        }
        b.get(&dir_key(dir)).cloned()
    })
}

thread_local! {
    /// The last listing globbing read of each directory.
    static LAST_READ: std::cell::RefCell<crate::hash::FxHashMap<Vec<u8>, std::rc::Rc<crate::fs::DirList>>> =
        std::cell::RefCell::new(Default::default());
}

/// Lists `dir` for globbing; when no descriptor is left to open it, its
/// last listing: GNU's glob reads its directory cache, which opens a
/// directory once, so a makefile including `*.mk` (itself among them)
/// until descriptors run out stops where opening the next makefile
/// fails, not where listing the directory would.
fn list_dir_or_last(d: &[u8]) -> Option<std::rc::Rc<crate::fs::DirList>> {
    match crate::fs::list_dir(d) {
        Some(l) => {
            let l = std::rc::Rc::new(l);
            LAST_READ.with(|k| k.borrow_mut().insert(d.to_vec(), l.clone()));
            Some(l)
        }
        None => {
            let errno = std::io::Error::last_os_error().raw_os_error();
            if !matches!(errno, Some(libc::EMFILE | libc::ENFILE)) {
                return None;
            }
            LAST_READ.with(|k| k.borrow().get(d).cloned())
        }
    }
}

/// A log of directory names, kept only once started.
type DirLog = std::thread::LocalKey<std::cell::RefCell<Option<Vec<Vec<u8>>>>>;

fn start_log(log: &'static DirLog) {
    log.with(|d| {
        d.borrow_mut().get_or_insert_with(Vec::new);
    });
}

/// What `log` holds, leaving it empty (and still started).
fn take_log(log: &'static DirLog) -> Vec<Vec<u8>> {
    log.with(|d| {
        d.borrow_mut()
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    })
}

fn note_dir_read(d: &[u8]) {
    DIRS_READ.with(|r| {
        if let Some(v) = r.borrow_mut().as_mut() {
            if !v.iter().any(|x| x == d) {
                v.push(d.to_vec());
            }
        }
    });
}

/// Appends the names in `dir` (None: the current directory) matching `pat`.
fn glob_in_dir(dir: Option<&[u8]>, pat: &[u8], only_dirs: bool, out: &mut Vec<Vec<u8>>) {
    let d: &[u8] = match dir {
        None => b".",
        Some(d) => d,
    };
    // (A name with an escape or an open `[` is read for in the directory
    // too.)
    if pattern_type(pat) == 0 {
        let full = join(dir, &unescape(pat));
        if if only_dirs {
            is_dir(&full)
        } else {
            lexists(&full)
        } {
            out.push(full);
        }
        return;
    }
    DIRS_LOOKED.with(|l| {
        if let Some(v) = l.borrow_mut().as_mut() {
            v.push(d.to_vec());
        }
    });
    // GNU's glob opens it through the directory cache, which keeps an
    // entry for a directory that cannot be read too.
    note_dir_read(d);
    crate::fs::note_dir_read(d);
    let list = match listing_before_touch(d) {
        Some(kept) => kept,
        None => crate::fs::listing_before_chdir(d).or_else(|| list_dir_or_last(d)),
    };
    let Some(list) = list else {
        return;
    };
    let start = out.len();
    for name in list.read_order() {
        if fnmatch(pat, name) {
            let full = join(dir, name);
            if !only_dirs || is_dir(&full) {
                out.push(full);
            }
        }
    }
    if only_dirs && out.len() - start > 1 {
        // Directories to look into next: their order is the order GNU's
        // glob opens them in, which `-p` shows.
        gnu_read_order(&list, &mut out[start..]);
    }
}

/// Puts `found`, names read from `list` in the order the system listed
/// them, in the order glibc's `glob_in_dir` gives them through GNU's
/// directory cache: GNU hands glob the names of a directory in the slot
/// order of its table of the directory's names (107 slots to begin with,
/// filled in the order the system listed them), and glibc keeps matches in
/// blocks of 64, 128, 256... names, returning the last block first.
fn gnu_read_order(list: &crate::fs::DirList, found: &mut [Vec<u8>]) {
    let hashes: Vec<u32> = list
        .read_order()
        .map(crate::gnuhash::jhash_string)
        .collect();
    // The names of one listing are distinct.
    let slots = crate::gnuhash::table_order(&hashes, 107, |_, _| false);
    let mut rank = vec![0usize; hashes.len()];
    for (r, &i) in slots.iter().enumerate() {
        rank[i] = r;
    }
    // `found` follows the listing: pair each with its place there.
    let mut keyed: Vec<(usize, Vec<u8>)> = Vec::with_capacity(found.len());
    let mut names = list.read_order().enumerate();
    for f in found.iter_mut() {
        let base = crate::fs::split_path(f).1;
        let i = names
            .by_ref()
            .find(|(_, n)| *n == base)
            .map_or(0, |(i, _)| i);
        keyed.push((rank[i], std::mem::take(f)));
    }
    keyed.sort_unstable_by_key(|k| k.0);
    let mut blocks = Vec::new();
    let (mut at, mut size) = (0, 64);
    while at < keyed.len() {
        blocks.push(at..(at + size).min(keyed.len()));
        at += size;
        size *= 2;
    }
    let mut i = 0;
    for b in blocks.into_iter().rev() {
        for k in &mut keyed[b] {
            found[i] = std::mem::take(&mut k.1);
            i += 1;
        }
    }
}

/// Globs `pat` (no `~` expansion), unsorted. `only_dirs` keeps
/// directories only.
fn glob_unsorted(pat: &[u8], only_dirs: bool, out: &mut Vec<Vec<u8>>) {
    if pattern_type(pat) == 0 {
        let mut name = unescape(pat);
        if name.len() > 1 && name.last() == Some(&b'/') && !only_dirs {
            // glibc globs `NAME/` as NAME marked with a slash if it is a
            // directory: an existing file loses the slash.
            while name.len() > 1 && name.last() == Some(&b'/') {
                name.pop();
            }
            if name == b"/" {
                out.push(name);
                return;
            }
            if lexists(&name) {
                if is_dir(&name) {
                    name.push(b'/');
                }
                out.push(name);
            }
            return;
        }
        if if only_dirs {
            is_dir(&name)
        } else {
            lexists(&name)
        } {
            out.push(name);
        }
        return;
    }
    let Some(slash) = pat.iter().rposition(|&c| c == b'/') else {
        glob_in_dir(None, pat, only_dirs, out);
        return;
    };
    let (dpat, fpat) = (&pat[..slash], &pat[slash + 1..]);
    if fpat.is_empty() {
        // `DIR/`: the directories matching DIR, with a slash appended.
        let mut dirs = Vec::new();
        glob_unsorted(dpat, true, &mut dirs);
        for mut d in dirs {
            d.push(b'/');
            out.push(d);
        }
        return;
    }
    if dpat.is_empty() {
        glob_in_dir(Some(b"/"), fpat, only_dirs, out);
        return;
    }
    // A directory part with an open `[` is globbed for as well: it names
    // the entries of its parent that match it, not itself.
    if pattern_type(dpat) & (SPECIAL | BRACKET) == 0 {
        let d = unescape(dpat);
        glob_in_dir(Some(&d), fpat, only_dirs, out);
        return;
    }
    let mut dirs = Vec::new();
    glob_unsorted(dpat, true, &mut dirs);
    for d in dirs {
        glob_in_dir(Some(&d), fpat, only_dirs, out);
    }
}

/// The existing names matching `pat`, sorted (see [`crate::locale`]). A pattern without
/// wildcards gives its unescaped self if it exists (as `lstat` sees it).
pub fn glob(pat: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    glob_unsorted(pat, false, &mut out);
    crate::locale::sort_names(&mut out);
    out
}

/// Splits text into file names as GNU's `parse_file_seq` does: at blanks
/// not quoted by a backslash (a newline does not split a name). Backslashes
/// before a blank are halved; an odd count quotes the blank.
pub fn split_names(s: &[u8]) -> Vec<Vec<u8>> {
    let mut names = Vec::new();
    let mut i = 0;
    loop {
        while i < s.len() && crate::patterns::is_ws(s[i]) {
            i += 1;
        }
        if i >= s.len() {
            return names;
        }
        let mut w = Vec::new();
        while i < s.len() {
            let c = s[i];
            if c == b' ' || c == b'\t' {
                let n = w.iter().rev().take_while(|&&b| b == b'\\').count();
                w.truncate(w.len() - (n - n / 2));
                if n % 2 == 0 {
                    break;
                }
            }
            w.push(c);
            i += 1;
        }
        names.push(w);
    }
}

/// `~` or `~/...` with `home`; `~user...` from the password database.
/// None if it cannot be expanded.
pub fn expand_tilde(name: &[u8], home: Option<&[u8]>) -> Option<Vec<u8>> {
    if name.first() != Some(&b'~') {
        return None;
    }
    let rest = &name[1..];
    if rest.is_empty() || rest[0] == b'/' {
        let mut v = home?.to_vec();
        v.extend_from_slice(rest);
        return Some(v);
    }
    let end = rest.iter().position(|&c| c == b'/').unwrap_or(rest.len());
    let dir = crate::passwd::user_home(&rest[..end])?;
    let mut v = dir;
    v.extend_from_slice(&rest[end..]);
    Some(v)
}

/// GNU's tilde_expand for file names: `~` and `~/...` use `$HOME` (the
/// login name's home when HOME is unset or empty), `~user` the password
/// database. None if it cannot be expanded.
pub fn tilde_expand(name: &[u8]) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStringExt;
    let home = std::env::var_os("HOME")
        .map(|h| h.into_vec())
        .filter(|h| !h.is_empty());
    let home = match home {
        Some(h) => Some(h),
        None if name.get(1).is_none_or(|&c| c == b'/') => login_home(),
        None => None,
    };
    expand_tilde(name, home.as_deref())
}

/// One word of a rule's targets or prerequisites: `~` expanded, then its
/// matches if it has wildcards and any exist, else the word itself.
pub fn expand_word(word: &[u8]) -> Vec<Vec<u8>> {
    let w = if word.first() == Some(&b'~') {
        tilde_expand(word).unwrap_or_else(|| word.to_vec())
    } else {
        word.to_vec()
    };
    // GNU globs a name with any of `?*[` (glob then tells).
    if !w.iter().any(|c| matches!(c, b'?' | b'*' | b'[')) {
        return vec![w];
    }
    let found = glob(&w);
    if found.is_empty() {
        vec![w]
    } else {
        found
    }
}

/// The login name's home directory (GNU's fallback for `~` without HOME).
pub fn login_home() -> Option<Vec<u8>> {
    crate::passwd::user_home(&crate::passwd::login_name()?)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn magic() {
        assert!(has_magic(b"*.c"));
        assert!(has_magic(b"a?"));
        assert!(has_magic(b"[ab]"));
        assert!(!has_magic(b"["));
        assert!(!has_magic(b"[ab.o"));
        assert!(!has_magic(b"]["));
        assert!(!has_magic(b"a\\*"));
        assert!(!has_magic(b"plain"));
        assert_eq!(unescape(b"a\\*b\\\\c\\"), b"a*b\\c\\");
    }

    #[test]
    fn matching() {
        assert!(fnmatch(b"*.c", b"a.c"));
        assert!(!fnmatch(b"*.c", b".a.c"));
        assert!(fnmatch(b".*", b".a"));
        assert!(fnmatch(b"\\.*", b".a"));
        assert!(!fnmatch(b"?a", b".a"));
        assert!(fnmatch(b"a*b*c", b"aXXbYbZc"));
        assert!(!fnmatch(b"a*b*c", b"aXXbYbZ"));
        assert!(fnmatch(b"[ab].c", b"b.c"));
        assert!(fnmatch(b"[!a].c", b"b.c"));
        assert!(fnmatch(b"[^a].c", b"b.c"));
        assert!(!fnmatch(b"[!a].c", b"a.c"));
        assert!(fnmatch(b"[a-c]", b"b"));
        assert!(fnmatch(b"[]]", b"]"));
        assert!(fnmatch(b"[!]]", b"a"));
        assert!(fnmatch(b"[a-]", b"-"));
        assert!(fnmatch(b"[[:digit:]]x", b"7x"));
        assert!(fnmatch(b"[", b"["));
        assert!(fnmatch(b"a[b", b"a[b"));
        assert!(fnmatch(b"\\*", b"*"));
        assert!(!fnmatch(b"\\*", b"a"));
        assert!(fnmatch(b"**", b""));
        assert!(fnmatch(b"*", b"\xff\xfe"));
    }

    #[test]
    fn splitting() {
        assert_eq!(
            split_names(b" a\\ b  c\td\ne "),
            vec![b"a b".to_vec(), b"c".to_vec(), b"d\ne".to_vec()]
        );
        assert_eq!(
            split_names(b"a\\\\ b"),
            vec![b"a\\".to_vec(), b"b".to_vec()]
        );
        assert_eq!(split_names(b"x\\y"), vec![b"x\\y".to_vec()]);
        assert!(split_names(b"  ").is_empty());
    }

    #[test]
    fn tilde() {
        assert_eq!(expand_tilde(b"~/x", Some(b"/h")), Some(b"/h/x".to_vec()));
        assert_eq!(expand_tilde(b"~", Some(b"/h")), Some(b"/h".to_vec()));
        assert_eq!(expand_tilde(b"~", None), None);
        assert_eq!(expand_tilde(b"x~", Some(b"/h")), None);
        assert_eq!(expand_tilde(b"~no-such-user-xyz/a", Some(b"/h")), None);
        assert_eq!(
            expand_tilde(b"~root/a", None),
            crate::passwd::user_home(b"root").map(|mut h| {
                h.extend_from_slice(b"/a");
                h
            })
        );
    }

    /// A scratch directory tree, removed on drop.
    pub(crate) struct Tree(pub std::path::PathBuf);
    impl Tree {
        pub(crate) fn new(tag: &str) -> Tree {
            let d = std::env::temp_dir().join(format!("rmake-glob-{}-{}", tag, std::process::id()));
            let _ = std::fs::remove_dir_all(&d);
            for sub in ["d1/sub", "d2", ".hid"] {
                let _ = std::fs::create_dir_all(d.join(sub));
            }
            for f in [
                "a.c",
                "b.c",
                "c.h",
                "d1/x.c",
                "d1/y.c",
                "d2/z.c",
                ".dot",
                "sp ace.c",
                "d1/sub/q.c",
            ] {
                let _ = std::fs::write(d.join(f), b"");
            }
            let _ = std::os::unix::fs::symlink("nowhere", d.join("dangling"));
            Tree(d)
        }
        pub(crate) fn p(&self, rel: &str) -> Vec<u8> {
            let mut v = self.0.as_os_str().as_bytes().to_vec();
            v.push(b'/');
            v.extend_from_slice(rel.as_bytes());
            v
        }
        /// Globs `rel` under the tree; results relative to it.
        pub(crate) fn glob(&self, rel: &str) -> Vec<String> {
            let base = self.0.as_os_str().as_bytes().len() + 1;
            glob(&self.p(rel))
                .into_iter()
                .map(|r| String::from_utf8_lossy(&r[base..]).into_owned())
                .collect()
        }
    }
    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn globbing_a_tree() {
        let t = Tree::new("unit");
        assert_eq!(t.glob("*.c"), ["a.c", "b.c", "sp ace.c"]);
        assert_eq!(t.glob(".*"), [".", "..", ".dot", ".hid"]);
        assert_eq!(t.glob("*/"), ["d1/", "d2/"]);
        assert_eq!(t.glob("d*/*.c"), ["d1/x.c", "d1/y.c", "d2/z.c"]);
        assert_eq!(t.glob("*/*/*.c"), ["d1/sub/q.c"]);
        assert_eq!(t.glob("d1//*.c"), ["d1//x.c", "d1//y.c"]);
        assert_eq!(
            t.glob("*"),
            ["a.c", "b.c", "c.h", "d1", "d2", "dangling", "sp ace.c"]
        );
        assert_eq!(t.glob("dangling"), ["dangling"]);
        assert_eq!(t.glob("\\a.c"), ["a.c"]);
        assert_eq!(t.glob("[!a].c"), ["b.c"]);
        assert_eq!(t.glob("*/x.c"), ["d1/x.c"]);
        assert!(t.glob("nonexistent").is_empty());
        assert!(t.glob("*.zz").is_empty());
        assert!(t.glob("a.c/*").is_empty());
        assert_eq!(t.glob("a.c/"), ["a.c"]);
        assert_eq!(t.glob("d1/"), ["d1/"]);
        assert_eq!(t.glob("d1//"), ["d1/"]);
        assert_eq!(glob(b"//"), [b"/".to_vec()]);
        assert_eq!(t.glob("d1/x.c/"), ["d1/x.c"]);
        assert_eq!(t.glob("dangling/"), ["dangling"]);
        assert!(t.glob("zz/").is_empty());
    }
}
