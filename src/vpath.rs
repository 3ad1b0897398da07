//! Directory search: the `vpath PATTERN DIRS` directive, the `VPATH` and
//! `GPATH` variables, and the `-lNAME` library search built on them, as in
//! GNU make 4.4.1.
//!
//! How GNU uses it: the `vpath` directive is applied while reading, in
//! makefile order ([`VpathSet::directive`]). After all makefiles are read,
//! `$(strip $(VPATH))` and `$(strip $(GPATH))` are expanded once and given
//! to [`VpathSet::set_vpath`] and [`VpathSet::set_gpath`]. When the update
//! engine first needs the mtime of a file that does not exist under its
//! own name (and the file is not marked to ignore vpath), it calls
//! [`VpathSet::search`]; a found name whose directory is in `GPATH`
//! ([`VpathSet::in_gpath`]) replaces the file's name at once (the target is
//! remade there), otherwise the found name is used for the file's mtime and
//! `$<`/`$^` but is dropped again if the target has to be remade.
//! Implicit rule search also calls `search` on prerequisite names.

use crate::patterns::{is_ws, match_at, unquote_percent as find_percent};

/// Blanks as GNU's `MAP_BLANK`: space and tab only.
fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

/// Separators between `vpath` directories: blanks and `:`.
fn is_dir_sep(c: u8) -> bool {
    is_blank(c) || c == b':'
}

/// GNU's `pattern_matches` with a pattern kept as `vpath` keeps it: when
/// no `%` was found at definition, the (already unescaped) pattern is
/// searched for one again, so `a\%b` ends up matching like `a%b`.
fn pattern_matches(pat: &[u8], percent: Option<usize>, name: &[u8]) -> bool {
    match percent {
        Some(_) => match_at(pat, percent, name).is_some(),
        None => {
            let (p, pct) = find_percent(pat);
            match_at(&p, pct, name).is_some()
        }
    }
}

/// Splits a search path as GNU's `construct_vpath_list`: entries end at
/// blanks or `:`; one trailing `/` is dropped (but `/` stays); `.` is
/// skipped (the current directory is always searched first anyway).
pub fn split_dirs(dirs: &[u8]) -> Vec<Vec<u8>> {
    dirs.split(|&c| is_dir_sep(c))
        .filter(|d| !d.is_empty())
        .map(|d| {
            if d.len() > 1 && d.last() == Some(&b'/') {
                &d[..d.len() - 1]
            } else {
                d
            }
        })
        .filter(|d| d.len() > 1 || d.first() != Some(&b'.'))
        .map(|d| d.to_vec())
        .collect()
}

/// One `vpath PATTERN DIRS` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpathEntry {
    /// The pattern with backslash quoting of its `%` resolved.
    pub pattern: Vec<u8>,
    /// Where its `%` is, if it has an unquoted one.
    pub percent: Option<usize>,
    pub dirs: Vec<Vec<u8>>,
}

impl VpathEntry {
    pub fn matches(&self, name: &[u8]) -> bool {
        pattern_matches(&self.pattern, self.percent, name)
    }
}

/// Where [`VpathSet::search_indexed`] found a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The directory joined with the name.
    pub name: Vec<u8>,
    /// How many `vpath` entries come before the one used (all of them for
    /// the general `VPATH`).
    pub vpath_index: usize,
    /// The position of the directory in that entry's list.
    pub path_index: usize,
}

/// The search paths of a makefile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VpathSet {
    /// `vpath` entries in makefile order.
    pub entries: Vec<VpathEntry>,
    /// The directories of `VPATH` (none if empty or unset).
    pub general: Vec<Vec<u8>>,
    /// The directories of `GPATH`.
    pub gpath: Vec<Vec<u8>>,
    /// Reading is done and the lists are made (GNU's
    /// `build_vpath_lists`, which puts its entries, kept newest first
    /// while reading, in makefile order).
    pub built: bool,
}

impl VpathSet {
    pub fn new() -> VpathSet {
        VpathSet::default()
    }

    /// The `vpath` directive, given the expanded text after the keyword:
    /// no words clears every entry; one word clears the entries with that
    /// pattern; otherwise the rest of the text is the directory list.
    /// Returns the directories a new entry searches.
    pub fn directive(&mut self, args: &[u8]) -> &[Vec<u8>] {
        let start = match args.iter().position(|&c| !is_ws(c)) {
            None => {
                self.clear_all();
                return &[];
            }
            Some(s) => s,
        };
        let end = args[start..]
            .iter()
            .position(|&c| is_ws(c))
            .map_or(args.len(), |e| start + e);
        let pattern = &args[start..end];
        let rest = &args[end..];
        if rest.iter().all(|&c| is_ws(c)) {
            self.clear_pattern(pattern);
            return &[];
        }
        let first = rest.iter().position(|&c| !is_ws(c)).unwrap_or(rest.len());
        let before = self.entries.len();
        self.add(pattern, &rest[first..]);
        match self.entries.get(before) {
            Some(e) => &e.dirs,
            None => &[],
        }
    }

    /// `vpath PATTERN DIRS`. A list with no usable directory (only `.`,
    /// say) adds nothing.
    pub fn add(&mut self, pattern: &[u8], dirs: &[u8]) {
        let dirs = split_dirs(dirs);
        if dirs.is_empty() {
            return;
        }
        let (pattern, percent) = find_percent(pattern);
        self.entries.push(VpathEntry {
            pattern: pattern.into_owned(),
            percent,
            dirs,
        });
    }

    /// `vpath PATTERN`: removes every entry with the same pattern.
    pub fn clear_pattern(&mut self, pattern: &[u8]) {
        let (pattern, percent) = find_percent(pattern);
        self.entries
            .retain(|e| !(e.percent == percent && e.pattern[..] == pattern[..]));
    }

    /// `vpath` alone.
    pub fn clear_all(&mut self) {
        self.entries.clear();
    }

    /// The general search path from the value of `$(strip $(VPATH))` once
    /// reading is done.
    pub fn set_vpath(&mut self, value: &[u8]) {
        self.general = split_dirs(value);
        self.built = true;
    }

    /// `GPATH`, set like `VPATH`.
    pub fn set_gpath(&mut self, value: &[u8]) {
        self.gpath = split_dirs(value);
    }

    /// GNU's `vpath_search`: looks for `name` in the directories of each
    /// `vpath` entry whose pattern matches it, in makefile order, then in
    /// `VPATH`. Absolute names are never searched. A name with a directory
    /// part keeps it under the search directory (`src` + `sub/x.c` is
    /// `src/sub/x.c`); the pattern is matched against the whole name.
    ///
    /// `exists(candidate)` decides whether a candidate is the one. For
    /// GNU's behaviour it must answer true when `candidate.name` is in the
    /// file database and either `name` is not a target or the candidate
    /// is one (files mentioned in the makefile count even if absent), and
    /// otherwise when `candidate.base` is in directory `candidate.dir` and,
    /// if `candidate.stat_name` is set, that name exists too (`stat`).
    /// The name returned is `candidate.found_name()`.
    pub fn search(
        &self,
        name: &[u8],
        exists: &mut dyn FnMut(&Candidate) -> bool,
    ) -> Option<Vec<u8>> {
        self.search_indexed(name, exists).map(|f| f.name)
    }

    /// [`VpathSet::search`], also telling where the name was found.
    pub fn search_indexed(
        &self,
        name: &[u8],
        exists: &mut dyn FnMut(&Candidate) -> bool,
    ) -> Option<Found> {
        if name.first() == Some(&b'/') || (self.entries.is_empty() && self.general.is_empty()) {
            return None;
        }
        for (vi, e) in self.entries.iter().enumerate() {
            if e.matches(name) {
                if let Some((name, pi)) = search_dirs(&e.dirs, name, exists) {
                    return Some(Found {
                        name,
                        vpath_index: vi,
                        path_index: pi,
                    });
                }
            }
        }
        if !self.general.is_empty() {
            if let Some((name, pi)) = search_dirs(&self.general, name, exists) {
                return Some(Found {
                    name,
                    vpath_index: self.entries.len(),
                    path_index: pi,
                });
            }
        }
        None
    }

    /// GNU's GPATH rule: whether `found`, which a search returned for
    /// `name`, is in a `GPATH` directory (the search directory, the part of
    /// `found` before `/NAME`, is one of them). Such a target is remade in
    /// place: its name becomes `found` for good.
    pub fn in_gpath(&self, found: &[u8], name: &[u8]) -> bool {
        let len = match found.len().checked_sub(name.len() + 1) {
            Some(l) => l,
            None => return false,
        };
        let dir = &found[..len];
        self.gpath.iter().any(|g| g.as_slice() == dir)
    }

    /// The `# VPATH Search Paths` section of `make -p`.
    pub fn print_data_base(&self) -> Vec<u8> {
        let mut o = b"\n# VPATH Search Paths\n\n".to_vec();
        // (A fatal error while reading shows GNU's list newest first.)
        let entries: Vec<&VpathEntry> = match self.built {
            true => self.entries.iter().collect(),
            false => self.entries.iter().rev().collect(),
        };
        for e in entries {
            o.extend_from_slice(b"vpath ");
            o.extend_from_slice(&e.pattern);
            o.push(b' ');
            o.extend_from_slice(&e.dirs.join(&b':'));
            o.push(b'\n');
        }
        if self.entries.is_empty() {
            o.extend_from_slice(b"# No 'vpath' search paths.\n");
        } else {
            o.extend_from_slice(
                format!("\n# {} 'vpath' search paths.\n", self.entries.len()).as_bytes(),
            );
        }
        if self.general.is_empty() {
            o.extend_from_slice(b"\n# No general ('VPATH' variable) search path.\n");
        } else {
            o.extend_from_slice(b"\n# General ('VPATH' variable) search path:\n# ");
            o.extend_from_slice(&self.general.join(&b':'));
            o.push(b'\n');
        }
        o
    }
}

/// `dir` joined with `name` as GNU does it: the name's own directory part
/// follows `dir` after a `/`, and a `/` separates the file name unless the
/// result already ends in one.
pub fn join(dir: &[u8], name: &[u8]) -> Vec<u8> {
    let (prefix, file) = match name.iter().rposition(|&c| c == b'/') {
        Some(i) if i > 0 => (&name[..i], &name[i + 1..]),
        _ => (&name[..0], name),
    };
    let mut v = Vec::with_capacity(dir.len() + name.len() + 2);
    v.extend_from_slice(dir);
    if !prefix.is_empty() {
        v.push(b'/');
        v.extend_from_slice(prefix);
    }
    if !v.is_empty() && v.last() != Some(&b'/') {
        v.push(b'/');
    }
    v.extend_from_slice(file);
    v
}

/// One place a vpath search looks for a name: a search directory joined
/// with the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// The joined name ([`join`]), looked up in the file database.
    pub name: &'a [u8],
    /// The directory GNU's directory cache is asked about, named as GNU
    /// names it: the search directory, then `/` and the name's own
    /// directory part kept as written (`d//x` looks into `DIR/d/`).
    pub dir: &'a [u8],
    /// The file name looked up in `dir`: what follows the name's last
    /// `/` (empty for `d/`, when GNU asks only whether `dir` exists).
    pub base: &'a [u8],
    /// When `dir` ends in `/`, GNU marks the end of the directory by
    /// overwriting the first byte of `base` and puts a `/` (not that
    /// byte) back: it then checks that this mangled name exists, and a
    /// hit is known by it (`src/` + `b` is `src//`, `a//zz` in `src`
    /// is `src/a//z`).
    pub stat_name: Option<&'a [u8]>,
}

impl Candidate<'_> {
    /// The name a search that stops here returns.
    pub fn found_name(&self) -> &[u8] {
        self.stat_name.unwrap_or(self.name)
    }
}

fn search_dirs(
    dirs: &[Vec<u8>],
    name: &[u8],
    exists: &mut dyn FnMut(&Candidate) -> bool,
) -> Option<(Vec<u8>, usize)> {
    let (prefix, base) = match name.iter().rposition(|&c| c == b'/') {
        Some(i) if i > 0 => (&name[..i], &name[i + 1..]),
        _ => (&name[..0], name),
    };
    let mut mangled = Vec::new();
    for (i, d) in dirs.iter().enumerate() {
        let cand = join(d, name);
        // `join` wrote the directory GNU looks into first.
        let dir_len = d.len()
            + if prefix.is_empty() {
                0
            } else {
                prefix.len() + 1
            };
        let dir = &cand[..dir_len.min(cand.len())];
        let stat_name = if dir.last() == Some(&b'/') && !base.is_empty() {
            mangled.clear();
            mangled.extend_from_slice(dir);
            mangled.push(b'/');
            mangled.extend_from_slice(&base[1..]);
            Some(&mangled[..])
        } else {
            None
        };
        let c = Candidate {
            name: &cand,
            dir,
            base,
            stat_name,
        };
        if exists(&c) {
            return Some((c.found_name().to_vec(), i));
        }
    }
    None
}

/// The standard library directories GNU make searches for `-lNAME` after
/// the current directory and vpath (before its configured `LIBDIR`, which
/// the caller may add).
pub const STD_LIB_DIRS: &[&[u8]] = &[b"/lib", b"/usr/lib", b"/usr/local/lib"];

/// The result of [`library_search`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LibSearch {
    pub found: Option<Vec<u8>>,
    /// Whether `found` came from a vpath search (not from the current
    /// directory or a standard directory, which are stat'ed).
    pub by_vpath: bool,
    /// `.LIBPATTERNS element 'X' is not a pattern` messages (errors
    /// printed without stopping).
    pub warnings: Vec<Vec<u8>>,
}

/// GNU's `library_search` for a prerequisite `-lNAME` that does not exist
/// and was not found by vpath: each `.LIBPATTERNS` word with its `%`
/// replaced by NAME is tried in the current directory (the first hit
/// there wins at once), by vpath search, and in `std_dirs`; among the
/// rest the earliest vpath entry and directory wins, and any vpath hit
/// beats the standard directories. `stat` tells whether a file exists on
/// disk; `vpath_exists(name, candidate)` is the `exists` of
/// [`VpathSet::search`] for the name searched (a pattern with NAME in it).
pub fn library_search(
    lib: &[u8],
    libpatterns: &[u8],
    vpaths: &VpathSet,
    std_dirs: &[&[u8]],
    stat: &mut dyn FnMut(&[u8]) -> bool,
    vpath_exists: &mut dyn FnMut(&[u8], &Candidate) -> bool,
) -> LibSearch {
    let mut r = LibSearch::default();
    let name = lib.strip_prefix(b"-l").unwrap_or(lib);
    // (vpath index, path index) of the best so far; the standard
    // directories rank after every vpath entry.
    let mut best: Option<(usize, usize)> = None;
    for pat in crate::patterns::words(libpatterns) {
        let (p, pct) = find_percent(pat);
        let pct = match pct {
            Some(i) => i,
            None => {
                let mut w = b".LIBPATTERNS element '".to_vec();
                w.extend_from_slice(&p);
                w.extend_from_slice(b"' is not a pattern");
                r.warnings.push(w);
                continue;
            }
        };
        let mut libbuf = p[..pct].to_vec();
        libbuf.extend_from_slice(name);
        libbuf.extend_from_slice(&p[pct + 1..]);
        if stat(&libbuf) {
            r.found = Some(libbuf);
            r.by_vpath = false;
            return r;
        }
        if let Some(f) =
            vpaths.search_indexed(&libbuf, &mut |c: &Candidate| vpath_exists(&libbuf, c))
        {
            let rank = (f.vpath_index, f.path_index);
            if best.is_none_or(|b| rank < b) {
                r.found = Some(f.name);
                r.by_vpath = true;
                best = Some(rank);
            }
        }
        for (i, d) in std_dirs.iter().enumerate() {
            let mut cand = d.to_vec();
            cand.push(b'/');
            cand.extend_from_slice(&libbuf);
            if stat(&cand) {
                // GNU compares only the entry index here, ranked after vpath.
                let rank = (usize::MAX - std_dirs.len() + i, 0);
                if best.is_none_or(|b| rank.0 < b.0) {
                    r.found = Some(cand);
                    r.by_vpath = false;
                    best = Some(rank);
                }
            }
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn set(v: &[&str]) -> HashSet<Vec<u8>> {
        v.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    /// Searches with a fake disk holding `files`; also returns the
    /// candidates tried, in order.
    fn find(vs: &VpathSet, name: &str, files: &[&str]) -> (Option<String>, Vec<String>) {
        let disk = set(files);
        let mut tried = Vec::new();
        let r = vs.search(name.as_bytes(), &mut |c: &Candidate| {
            tried.push(String::from_utf8(c.name.to_vec()).unwrap());
            disk.contains(c.name) && c.stat_name.is_none_or(|m| disk.contains(m))
        });
        (r.map(|n| String::from_utf8(n).unwrap()), tried)
    }

    fn dirs(v: &[Vec<u8>]) -> Vec<String> {
        v.iter()
            .map(|d| String::from_utf8(d.clone()).unwrap())
            .collect()
    }

    #[test]
    fn splits_directory_lists() {
        assert_eq!(dirs(&split_dirs(b"a:b c\td")), ["a", "b", "c", "d"]);
        assert_eq!(
            dirs(&split_dirs(b"::a:: :b/ /: .:./:..:./x")),
            ["a", "b", "/", "..", "./x"]
        );
        assert_eq!(dirs(&split_dirs(b"a//")), ["a/"]);
        assert_eq!(dirs(&split_dirs(b".")), Vec::<String>::new());
        assert_eq!(dirs(&split_dirs(b"")), Vec::<String>::new());
        assert_eq!(dirs(&split_dirs(b".x")), [".x"]);
        // A newline is not a separator (MAP_BLANK is space and tab).
        assert_eq!(dirs(&split_dirs(b"a\nb")), ["a\nb"]);
    }

    #[test]
    fn percent_quoting() {
        assert!(pattern_matches(b"%.c", Some(0), b"x.c"));
        assert!(pattern_matches(b"%.c", Some(0), b".c"));
        assert!(!pattern_matches(b"%.c", Some(0), b"x.h"));
        assert!(pattern_matches(b"foo", None, b"foo"));
        assert!(!pattern_matches(b"foo", None, b"foox"));
        // GNU looks for a `%` again in a pattern that had only a quoted one.
        assert!(pattern_matches(b"a%b", None, b"aXYb"));
    }

    #[test]
    fn directive_add_and_clear() {
        let mut vs = VpathSet::new();
        vs.directive(b"%.c src:lib  other");
        vs.directive(b"  %.h   inc/  ");
        vs.directive(b"%.c more");
        vs.directive(b"foo .");
        assert_eq!(vs.entries.len(), 3);
        assert_eq!(dirs(&vs.entries[0].dirs), ["src", "lib", "other"]);
        assert_eq!(dirs(&vs.entries[1].dirs), ["inc"]);
        vs.directive(b"%.c");
        assert_eq!(vs.entries.len(), 1);
        assert_eq!(vs.entries[0].pattern, b"%.h");
        vs.directive(b"%.x");
        assert_eq!(vs.entries.len(), 1);
        vs.directive(b"  ");
        assert!(vs.entries.is_empty());
        // Clearing compares the pattern after quoting is resolved.
        vs.directive(b"a\\%b d1");
        vs.directive(b"a%b d2");
        vs.clear_pattern(b"a\\%b");
        assert_eq!(vs.entries.len(), 1);
        assert_eq!(dirs(&vs.entries[0].dirs), ["d2"]);
        vs.add(b"x", b"d");
        vs.clear_all();
        assert!(vs.entries.is_empty());
    }

    #[test]
    fn search_order() {
        let mut vs = VpathSet::new();
        vs.directive(b"%.c src1 src2");
        vs.directive(b"%.h inc");
        vs.directive(b"%.c src3");
        vs.set_vpath(b"gen:other");
        let (r, tried) = find(&vs, "x.c", &[]);
        assert_eq!(r, None);
        assert_eq!(
            tried,
            ["src1/x.c", "src2/x.c", "src3/x.c", "gen/x.c", "other/x.c"]
        );
        assert_eq!(
            find(&vs, "x.c", &["src3/x.c", "other/x.c"]).0.as_deref(),
            Some("src3/x.c")
        );
        assert_eq!(
            find(&vs, "x.c", &["src2/x.c", "src3/x.c"]).0.as_deref(),
            Some("src2/x.c")
        );
        let (r, tried) = find(&vs, "x.h", &["other/x.h"]);
        assert_eq!(r.as_deref(), Some("other/x.h"));
        assert_eq!(tried, ["inc/x.h", "gen/x.h", "other/x.h"]);
        // Non-matching patterns are skipped; VPATH applies to everything.
        let (_, tried) = find(&vs, "Makefile", &[]);
        assert_eq!(tried, ["gen/Makefile", "other/Makefile"]);
        let f = vs
            .search_indexed(b"x.c", &mut |c: &Candidate| c.name == b"src3/x.c")
            .unwrap();
        assert_eq!((f.vpath_index, f.path_index), (2, 0));
        let f = vs
            .search_indexed(b"x.c", &mut |c: &Candidate| c.name == b"other/x.c")
            .unwrap();
        assert_eq!((f.vpath_index, f.path_index), (3, 1));
    }

    #[test]
    fn names_with_directories() {
        let mut vs = VpathSet::new();
        vs.set_vpath(b"src /abs/ / d//");
        let (r, tried) = find(&vs, "sub/x.c", &[]);
        assert_eq!(r, None);
        // Checked against GNU make 4.4.1: `/` + `sub/x.c` is `//sub/x.c`.
        assert_eq!(
            tried,
            ["src/sub/x.c", "/abs/sub/x.c", "//sub/x.c", "d//sub/x.c"]
        );
        // In `/` and in `d//` (cut to `d/`) GNU also needs the mangled
        // name (see Candidate::stat_name), and a hit is known by it.
        let (r, tried) = find(&vs, "x.c", &["/x.c", "d/x.c"]);
        assert_eq!(r, None);
        assert_eq!(tried, ["src/x.c", "/abs/x.c", "/x.c", "d/x.c"]);
        assert_eq!(find(&vs, "b", &["d/b", "d//"]).0.as_deref(), Some("d//"));
        assert_eq!(find(&vs, "xb", &["/xb", "//b"]).0.as_deref(), Some("//b"));
        assert_eq!(
            find(&vs, "a//zz", &["src/a/zz", "src/a//z"]).0.as_deref(),
            Some("src/a//z")
        );
        assert_eq!(find(&vs, "a//zz", &["src/a/zz"]).0, None);
        let (_, tried) = find(&vs, "a//b", &[]);
        assert_eq!(tried[0], "src/a/b");
        let (_, tried) = find(&vs, "../up.c", &[]);
        assert_eq!(tried[0], "src/../up.c");
        // Absolute names are never searched.
        let (r, tried) = find(&vs, "/x.c", &["src//x.c", "src/x.c"]);
        assert_eq!(r, None);
        assert!(tried.is_empty());
        // The pattern sees the whole name.
        let mut vs = VpathSet::new();
        vs.directive(b"sub/% there");
        assert_eq!(
            find(&vs, "sub/x.c", &["there/sub/x.c"]).0.as_deref(),
            Some("there/sub/x.c")
        );
        assert_eq!(find(&vs, "x.c", &["there/x.c"]).0, None);
        assert_eq!(join(b"d", b"x"), b"d/x");
        assert_eq!(join(b"/", b"x"), b"/x");
        assert_eq!(join(b"d/", b"s/x"), b"d//s/x");
        assert_eq!(join(b"d", b"s/"), b"d/s/");
    }

    #[test]
    fn nothing_to_search() {
        let vs = VpathSet::new();
        let (r, tried) = find(&vs, "x.c", &["x.c"]);
        assert_eq!(r, None);
        assert!(tried.is_empty());
        let mut vs = VpathSet::new();
        vs.set_vpath(b". ./ :");
        vs.directive(b"% .");
        assert!(vs.general.is_empty() && vs.entries.is_empty());
    }

    #[test]
    fn gpath() {
        let mut vs = VpathSet::new();
        vs.set_vpath(b"src obj/");
        vs.set_gpath(b"src/ other");
        assert!(vs.in_gpath(b"src/x.c", b"x.c"));
        assert!(vs.in_gpath(b"src/sub/x.c", b"sub/x.c"));
        assert!(!vs.in_gpath(b"obj/x.o", b"x.o"));
        assert!(!vs.in_gpath(b"x.c", b"x.c"));
        assert!(!vs.in_gpath(b"", b"x.c"));
        assert!(!vs.in_gpath(b"srcx/x.c", b"x.c"));
        // `/` as GPATH never matches (GNU compares an empty prefix).
        vs.set_gpath(b"/");
        assert!(!vs.in_gpath(b"/x.c", b"x.c"));
    }

    #[test]
    fn data_base_listing() {
        let mut vs = VpathSet::new();
        assert_eq!(
            vs.print_data_base(),
            b"\n# VPATH Search Paths\n\n# No 'vpath' search paths.\n\n# No general ('VPATH' variable) search path.\n"
        );
        vs.directive(b"%.c a b");
        vs.directive(b"%.h c");
        vs.set_vpath(b"x y");
        assert_eq!(
            String::from_utf8(vs.print_data_base()).unwrap(),
            "\n# VPATH Search Paths\n\nvpath %.c a:b\nvpath %.h c\n\n# 2 'vpath' search paths.\n\n# General ('VPATH' variable) search path:\n# x:y\n"
        );
    }

    #[test]
    fn libraries() {
        let mut vs = VpathSet::new();
        vs.directive(b"lib%.a v1 v2");
        vs.set_vpath(b"gen");
        let pats = b"lib%.so lib%.a";
        let run = |files: &[&str]| {
            let disk = set(files);
            let mut stat = |c: &[u8]| disk.contains(c);
            let mut vex = |_: &[u8], c: &Candidate| disk.contains(c.name);
            let r = library_search(b"-lfoo", pats, &vs, STD_LIB_DIRS, &mut stat, &mut vex);
            r.found.map(|f| String::from_utf8(f).unwrap())
        };
        assert_eq!(run(&[]), None);
        assert_eq!(
            run(&["libfoo.a", "libfoo.so"]).as_deref(),
            Some("libfoo.so")
        );
        assert_eq!(
            run(&["libfoo.a", "/usr/lib/libfoo.so"]).as_deref(),
            Some("libfoo.a")
        );
        assert_eq!(
            run(&["/usr/lib/libfoo.so"]).as_deref(),
            Some("/usr/lib/libfoo.so")
        );
        // A vpath hit beats the standard directories; earlier entries win.
        assert_eq!(
            run(&["/lib/libfoo.so", "v2/libfoo.a"]).as_deref(),
            Some("v2/libfoo.a")
        );
        assert_eq!(
            run(&["gen/libfoo.so", "v1/libfoo.a"]).as_deref(),
            Some("v1/libfoo.a")
        );
        assert_eq!(
            run(&["gen/libfoo.so", "gen/libfoo.a"]).as_deref(),
            Some("gen/libfoo.so")
        );
        assert_eq!(
            run(&["/usr/local/lib/libfoo.a", "/usr/lib/libfoo.so"]).as_deref(),
            Some("/usr/lib/libfoo.so")
        );
        let mut no = |_: &[u8]| false;
        let mut no2 = |_: &[u8], _: &Candidate| false;
        let r = library_search(
            b"-lfoo",
            b"lib%.a nopattern",
            &vs,
            STD_LIB_DIRS,
            &mut no,
            &mut no2,
        );
        assert_eq!(
            r.warnings,
            [b".LIBPATTERNS element 'nopattern' is not a pattern".to_vec()]
        );
    }
}
