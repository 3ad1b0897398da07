//! Remembered failures of the implicit search, for makefiles with
//! thousands of files no rule can make (see `Memo`): the search of one
//! name answers for every name of the same shape, until a name that would
//! change the answer appears (a directory listing changes, the database
//! learns a name, a name is found impossible). A make that searches once
//! never builds any of this (see `Index::searched_once`).

use std::rc::Rc;

use crate::archive;
use crate::hash::{FxHashMap, FxHashSet};
use crate::implicit::Index;
use crate::make::Make;
use crate::rules::{FileId, PatternRule};

/// The names the database knows and the names found impossible, by
/// directory, in the order they were learnt (a memo takes in those it has
/// not seen yet): a file's id, or `IMPOSSIBLE` + an index in `impossible`.
#[derive(Debug, Default)]
pub(crate) struct Known {
    /// `db.files` taken in.
    files_seen: usize,
    /// The name index's generation when made (a rename or alias makes
    /// everything anew).
    aliases: u64,
    dirs: FxHashMap<Vec<u8>, usize>,
    lists: Vec<Vec<u32>>,
    impossible: Vec<Box<[u8]>>,
    /// The directory of the last name added and its list.
    last: Option<(Vec<u8>, usize)>,
}

const IMPOSSIBLE: u32 = 1 << 31;

impl Known {
    fn of(db: &crate::rules::Db) -> Known {
        let mut k = Known {
            aliases: db.names.generation(),
            ..Known::default()
        };
        for n in db.impossible.iter() {
            k.add(n);
        }
        k.sync(db);
        k
    }

    fn list_of(&mut self, dir: &[u8]) -> usize {
        if let Some((d, i)) = &self.last {
            if d == dir {
                return *i;
            }
        }
        let i = match self.dirs.get(dir) {
            Some(&i) => i,
            None => {
                self.lists.push(Vec::new());
                self.dirs.insert(dir.to_vec(), self.lists.len() - 1);
                self.lists.len() - 1
            }
        };
        match &mut self.last {
            Some((d, li)) => {
                d.clear();
                d.extend_from_slice(dir);
                *li = i;
            }
            None => self.last = Some((dir.to_vec(), i)),
        }
        i
    }

    /// A name found impossible.
    pub(crate) fn add(&mut self, name: &[u8]) {
        let (dir, _) = crate::fs::split_path(name);
        let l = self.list_of(dir);
        self.lists[l].push(IMPOSSIBLE + self.impossible.len() as u32);
        self.impossible.push(name.into());
    }

    /// Takes in the names the database learnt since the last call.
    fn sync(&mut self, db: &crate::rules::Db) {
        while self.files_seen < db.files.len() {
            let id = self.files_seen;
            self.files_seen += 1;
            let (dir, _) = crate::fs::split_path(db.files[id].name);
            let l = self.list_of(dir);
            self.lists[l].push(id as u32);
        }
    }

    fn list(&self, dir: &[u8]) -> Option<&[u32]> {
        self.dirs.get(dir).map(|&i| self.lists[i].as_slice())
    }

    /// The base name of an entry of a list.
    fn base<'a>(&'a self, db: &'a crate::rules::Db, e: u32) -> &'a [u8] {
        let name: &[u8] = if e >= IMPOSSIBLE {
            &self.impossible[(e - IMPOSSIBLE) as usize]
        } else {
            db.files[e as usize].name
        };
        crate::fs::split_path(name).1
    }
}

/// Nonempty substrings / heads of the target suffixes, substrings / tails
/// of the target prefixes (for `Index::shape_safe`).
#[derive(Debug)]
pub(crate) struct Affixes {
    suffix_subs: FxHashSet<Vec<u8>>,
    suffix_heads: FxHashSet<Vec<u8>>,
    prefix_subs: FxHashSet<Vec<u8>>,
    prefix_tails: FxHashSet<Vec<u8>>,
    max_affix: usize,
    /// The first bytes of the target suffixes, the last bytes of the
    /// target prefixes (only names with one there need a look-up).
    suffix_first: [bool; 256],
    prefix_last: [bool; 256],
}

impl Default for Affixes {
    fn default() -> Affixes {
        Affixes {
            suffix_subs: FxHashSet::default(),
            suffix_heads: FxHashSet::default(),
            prefix_subs: FxHashSet::default(),
            prefix_tails: FxHashSet::default(),
            max_affix: 0,
            suffix_first: [false; 256],
            prefix_last: [false; 256],
        }
    }
}

impl Affixes {
    fn of(rules: &[Rc<PatternRule>]) -> Affixes {
        let mut a = Affixes::default();
        for r in rules {
            for t in &r.targets {
                let Some(p) = t.iter().position(|&c| c == b'%') else {
                    continue;
                };
                let (pre, suf) = (&t[..p], &t[p + 1..]);
                a.max_affix = a.max_affix.max(pre.len()).max(suf.len());
                if let Some(&c) = suf.first() {
                    a.suffix_first[c as usize] = true;
                }
                if let Some(&c) = pre.last() {
                    a.prefix_last[c as usize] = true;
                }
                for i in 0..suf.len() {
                    a.suffix_heads.insert(suf[..i + 1].to_vec());
                    for j in i + 1..=suf.len() {
                        a.suffix_subs.insert(suf[i..j].to_vec());
                    }
                }
                for i in 0..pre.len() {
                    a.prefix_tails.insert(pre[i..].to_vec());
                    for j in i + 1..=pre.len() {
                        a.prefix_subs.insert(pre[i..j].to_vec());
                    }
                }
            }
        }
        a
    }
}

/// A failed top-level search of `D/X+T` (base name `X + T`), kept as
/// templates `Q + X + S` of every name it looked at. For a name `D/X2+T` of
/// the same shape (no part of `X2` can take part in matching a rule's
/// target: `Index::shape_safe`), the search visits `Q + X2 + S` for the
/// same templates in the same order, and fails the same way unless one of
/// those names exists, is known to make or was found impossible before;
/// `danger` holds the stems `X2` for which one is (from the directory
/// listings, the names the database knows and the names found impossible).
/// Answering does not enter the names the search would have found
/// impossible (see `memo_fails`), only `impossible`, the templates
/// they are made from.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    groups: Vec<Group>,
    impossible: Option<Rc<[crate::impossible::Template]>>,
    danger: FxHashSet<Vec<u8>>,
    listings: Vec<Option<Rc<crate::fs::DirList>>>,
    /// The groups' directories with how many of their `Known` names were
    /// taken in.
    known_seen: Vec<(Vec<u8>, usize)>,
    aliases: u64,
    /// `Fs::listing_gen` when `listings` were last compared.
    fs_gen: Option<u64>,
    built: bool,
    stale: usize,
}

impl Memo {
    /// Takes in the names learnt since the last call; whether none of them
    /// endangers `x`.
    fn known_clear(&mut self, known: &Known, db: &crate::rules::Db, x: &[u8]) -> bool {
        for (dir, seen) in self.known_seen.iter_mut() {
            let Some(list) = known.list(dir) else {
                continue;
            };
            if *seen < list.len() {
                for &e in &list[*seen..] {
                    let base = known.base(db, e);
                    for g in &self.groups {
                        if g.dir == *dir {
                            g.dangers(base, &mut self.danger);
                        }
                    }
                }
                *seen = list.len();
            }
        }
        !self.danger.contains(x)
    }
}

/// Templates sharing a directory and a base-name prefix `q`.
#[derive(Debug)]
pub(crate) struct Group {
    dir: Vec<u8>,
    q: Vec<u8>,
    /// The suffixes `S`, by their last byte; `empty`: `S` can be "".
    by_last: FxHashMap<u8, Vec<Vec<u8>>>,
    empty: bool,
}

impl Group {
    /// Adds to `danger` the stems for which `q + stem + S` is `base`.
    fn dangers(&self, base: &[u8], danger: &mut FxHashSet<Vec<u8>>) {
        let Some(rest) = base.strip_prefix(&self.q[..]) else {
            return;
        };
        if rest.is_empty() {
            return;
        }
        if self.empty {
            danger.insert(rest.to_vec());
        }
        if let Some(list) = rest.last().and_then(|c| self.by_last.get(c)) {
            for suf in list {
                if rest.len() > suf.len() && rest.ends_with(suf) {
                    danger.insert(rest[..rest.len() - suf.len()].to_vec());
                }
            }
        }
    }
}

/// The names one search looked at, while it may become a `Memo`.
#[derive(Debug, Default)]
pub(crate) struct Trace {
    /// The names, one after the other in `buf`, ending at `ends`
    /// (repeats included).
    buf: Vec<u8>,
    ends: Vec<usize>,
    /// The names found impossible, in order.
    pub(crate) impossible: Vec<Vec<u8>>,
    pub(crate) ok: bool,
}

impl Trace {
    /// A trace that may still become a memory.
    pub(crate) fn start() -> Trace {
        Trace {
            ok: true,
            ..Trace::default()
        }
    }

    pub(crate) fn consult(
        &mut self,
        name: &[u8],
        impossible: &mut crate::impossible::Impossible,
        epoch: u64,
    ) {
        if !self.ok {
            return;
        }
        // A name found impossible before the search (not by it) makes the
        // search take a shorter way than it would for another stem.
        if archive::split_member(name).is_some()
            || (impossible.contains(name, epoch) && !self.impossible.iter().any(|n| n == name))
        {
            self.ok = false;
            return;
        }
        self.buf.extend_from_slice(name);
        self.ends.push(self.buf.len());
    }

    fn names(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter()).map(|(s, &e)| &self.buf[s..e])
    }
}

/// Whether `needle` (not empty) occurs in `hay`.
fn contains_sub(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    if hay.len() < needle.len() {
        return false;
    }
    let last = hay.len() - needle.len();
    let mut i = 0;
    while i <= last {
        match hay[i..=last].iter().position(|&c| c == first) {
            None => return false,
            Some(p) => {
                i += p;
                if hay[i + 1..i + needle.len()] == *rest {
                    return true;
                }
                i += 1;
            }
        }
    }
    false
}

/// Splits a template's `Q` as `split_path` splits `Q + B + S`.
fn split_q(q: &[u8]) -> (&[u8], &[u8]) {
    match q.iter().rposition(|&c| c == b'/') {
        None => (&q[..0], q),
        Some(0) => (&q[..1], &q[1..]),
        Some(i) => (&q[..i], &q[i + 1..]),
    }
}

impl Index {
    /// Whether no part of `b` (a base name) can take part in matching a
    /// rule's target in any name `Q + b + S`: `b` neither ends with a head
    /// of a target suffix nor starts with a tail of a target prefix, nor
    /// lies inside one.
    fn shape_safe(&self, b: &[u8]) -> bool {
        let a = self.affixes.get_or_init(|| Affixes::of(&self.rules));
        if b.is_empty() || a.suffix_subs.contains(b) || a.prefix_subs.contains(b) {
            return false;
        }
        for l in 1..=b.len().min(a.max_affix) {
            if (a.suffix_first[b[b.len() - l] as usize]
                && a.suffix_heads.contains(&b[b.len() - l..]))
                || (a.prefix_last[b[l - 1] as usize] && a.prefix_tails.contains(&b[..l]))
            {
                return false;
            }
        }
        true
    }

    /// How much of base name `b` can stand for any text in a memory
    /// (`Memo`): the length of the longest head `X` of `b` that is
    /// `shape_safe` (the rest, `T`, is part of the memory's key).
    fn safe_head(&self, b: &[u8]) -> Option<usize> {
        let a = self.affixes.get_or_init(|| Affixes::of(&self.rules));
        let most = a.max_affix.min(b.len().saturating_sub(1));
        (0..=most)
            .map(|t| b.len() - t)
            .find(|&x| self.shape_safe(&b[..x]))
    }
}

/// How a search of a name may be remembered or answered from memory: the
/// name is `D/` + `X` + `T`, `X` standing for any text (`Memo`).
pub(crate) struct Shape {
    pub(crate) ix: Rc<Index>,
    /// The lengths of `D/` and `X`.
    dlen: usize,
    xlen: usize,
    /// `D/`, a NUL, `T`: the memory's key.
    pub(crate) key: Vec<u8>,
}

impl Shape {
    fn x<'a>(&self, name: &'a [u8]) -> &'a [u8] {
        &name[self.dlen..self.dlen + self.xlen]
    }
}

impl Make {
    /// Whether a failed search of `name` may be remembered or answered from
    /// memory, and how.
    pub(crate) fn memo_shape(&mut self, name: &[u8], file: FileId) -> Option<Shape> {
        // -p prints the names GNU's searches found impossible, -d the
        // searches, --debug=v the directories they read anew: search as
        // GNU does, every time.
        if self.opts.print_data_base
            || self.isdb(crate::cli::db::IMPLICIT)
            || self.dir_epochs.is_some()
            || !self.vpath.entries.is_empty()
            || !self.vpath.general.is_empty()
            || name.last() == Some(&b'/')
            || archive::is_member_ref(name)
            // Prerequisite names made from it are globbed (or start with
            // `~`): another name of its shape may find other files.
            || name.first() == Some(&b'~')
            || name.iter().any(|c| matches!(c, b'*' | b'?' | b'['))
            // A stem may start with white space, which prerequisite names
            // made from it lose.
            || name
                .iter()
                .any(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        {
            return None;
        }
        let ix = self.pattern_index();
        if ix.any_second {
            return None;
        }
        if !ix.searched_once.replace(true) {
            // The first search: not remembered (see `Index::searched_once`).
            return None;
        }
        let dlen = name.iter().rposition(|&c| c == b'/').map_or(0, |i| i + 1);
        let xlen = ix.safe_head(&name[dlen..])?;
        let mut key = Vec::with_capacity(name.len() + 1 - xlen);
        key.extend_from_slice(&name[..dlen]);
        key.push(0);
        key.extend_from_slice(&name[dlen + xlen..]);
        let x = &name[dlen..dlen + xlen];
        let f = self.db.file(file);
        if f.deps
            .iter()
            .any(|d| contains_sub(self.db.file(d.file).name, x))
        {
            return None;
        }
        Some(Shape {
            ix,
            dlen,
            xlen,
            key,
        })
    }

    /// Whether the memory of `sh.key` says the search of `name` fails.
    pub(crate) fn memo_fails(&mut self, sh: &Shape, name: &[u8]) -> bool {
        let ix = &sh.ix;
        let x = sh.x(name);
        let mut memo = ix.memo.borrow_mut();
        let Some(m) = memo.get_mut(&sh.key) else {
            return false;
        };
        let aliases = self.db.names.generation();
        let mut known_cell = ix.known.borrow_mut();
        let known = match known_cell.take() {
            Some(mut k) if k.aliases == aliases => {
                k.sync(&self.db);
                known_cell.insert(k)
            }
            _ => known_cell.insert(Known::of(&self.db)),
        };
        let gen = self.fs.listing_gen();
        let fails = if m.built && aliases == m.aliases && gen.is_some() && gen == m.fs_gen {
            !m.danger.contains(x) && m.known_clear(known, &self.db, x)
        } else {
            let mut fresh = m.built && aliases == m.aliases;
            let mut listings = Vec::with_capacity(m.groups.len());
            for (g, old) in m.groups.iter().zip(&m.listings) {
                let l = self.fs.read_dir(&g.dir);
                let same = match (&l, old) {
                    (None, None) => true,
                    (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                    _ => false,
                };
                fresh &= same;
                listings.push(l);
            }
            if !fresh {
                // Rebuilding costs a pass over the listings and the names:
                // only after as many plain searches as it is worth.
                let size = self.db.files.len()
                    + listings
                        .iter()
                        .flatten()
                        .map(|l| l.entries.len())
                        .sum::<usize>();
                m.stale += 1;
                if m.built && m.stale * 256 < size {
                    return false;
                }
                m.stale = 0;
                m.danger.clear();
                for (_, seen) in m.known_seen.iter_mut() {
                    *seen = 0;
                }
                m.aliases = aliases;
                for (g, l) in m.groups.iter().zip(&listings) {
                    if let Some(l) = l {
                        for n in l.names() {
                            g.dangers(n, &mut m.danger);
                        }
                    }
                }
                m.listings = listings;
                m.built = true;
            }
            m.fs_gen = gen;
            !m.danger.contains(x) && m.known_clear(known, &self.db, x)
        };
        // The names the full search would have found impossible are not
        // entered: a later search under the same spelling of their
        // directory cannot tell (one that looks at such a name finds it
        // impossible again; -p and -d, which show them, answer nothing
        // from memory), and entering them costs as much as the searches
        // saved where thousands of names share a memory. One under
        // another spelling can (GNU keys them by the directory's device
        // and inode): they are deferred, made when such a look-up comes.
        if fails {
            if let Some(t) = &m.impossible {
                self.db.impossible.defer(t, x);
            }
        }
        fails
    }

    /// Remembers a failed search of `name` (all it looked at was missing).
    pub(crate) fn memo_store(&mut self, sh: &Shape, name: &[u8], t: Trace) {
        let b = sh.x(name);
        // Where `b` is in a name the search looked at: `(Q, S)`.
        let split = |c: &[u8]| -> Option<(usize, usize)> {
            let mut at = None;
            let mut count = 0;
            for (i, w) in c.windows(b.len()).enumerate() {
                if w[0] == b[0] && w == b {
                    at = Some(i);
                    count += 1;
                }
            }
            let at = at.filter(|_| count == 1)?;
            if c[at + b.len()..].contains(&b'/') {
                return None;
            }
            Some((at, at + b.len()))
        };
        let mut groups: Vec<Group> = Vec::new();
        for c in t.names() {
            let Some((at, end)) = split(c) else {
                return;
            };
            let (q, suf) = (&c[..at], &c[end..]);
            let (dir, q) = split_q(q);
            let gi = match groups.iter().position(|g| g.dir == dir && g.q == q) {
                Some(i) => i,
                None => {
                    groups.push(Group {
                        dir: dir.to_vec(),
                        q: q.to_vec(),
                        by_last: FxHashMap::default(),
                        empty: false,
                    });
                    groups.len() - 1
                }
            };
            let g = &mut groups[gi];
            match suf.last() {
                None => g.empty = true,
                Some(&l) => {
                    let list = g.by_last.entry(l).or_default();
                    if !list.iter().any(|x| x == suf) {
                        list.push(suf.to_vec());
                    }
                }
            }
        }
        let mut known_seen: Vec<(Vec<u8>, usize)> = Vec::new();
        for g in &groups {
            if !known_seen.iter().any(|(d, _)| *d == g.dir) {
                known_seen.push((g.dir.clone(), 0));
            }
        }
        let mut impossible = Vec::with_capacity(t.impossible.len());
        for c in &t.impossible {
            let Some((at, end)) = split(c) else {
                return;
            };
            impossible.push(crate::impossible::Template {
                head: c[..at].into(),
                tail: c[end..].into(),
            });
        }
        let listings = vec![None; groups.len()];
        sh.ix.memo.borrow_mut().insert(
            sh.key.clone(),
            Memo {
                groups,
                impossible: (!impossible.is_empty()).then(|| impossible.into()),
                listings,
                known_seen,
                ..Memo::default()
            },
        );
    }
}
