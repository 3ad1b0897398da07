//! `--shuffle`: prerequisites (and goals) visited in another order than
//! written, to expose missing dependencies (GNU's `shuffle.c`). The written
//! order stays for the automatic variables; each `Dep::shuf` names the
//! position whose prerequisite is visited instead.

use crate::cli::ShuffleMode;
use crate::make::Make;
use crate::rules::{Dep, FileId};

/// The shuffle mode in effect and the generator's state.
#[derive(Debug, Clone, Default)]
pub struct Shuffle {
    pub mode: Option<ShuffleMode>,
    pub seed: u32,
    state: u32,
}

impl Shuffle {
    /// GNU's xorshift `make_rand`.
    fn rand(&mut self) -> u32 {
        if self.state == 0 {
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as u32)
                .unwrap_or(1);
            self.state = (t ^ std::process::id()).wrapping_add(1);
        }
        self.state ^= self.state << 13;
        self.state ^= self.state >> 17;
        self.state ^= self.state << 5;
        self.state
    }

    /// A fresh random seed (for `--shuffle=random`).
    pub fn pick_seed(&mut self) -> u32 {
        self.rand()
    }

    /// The permutation of `len` positions for one prerequisite list.
    fn permutation(&mut self, len: usize) -> Vec<usize> {
        let mut a: Vec<usize> = (0..len).collect();
        match self.mode {
            Some(ShuffleMode::Reverse) => a.reverse(),
            Some(ShuffleMode::Random) | Some(ShuffleMode::Seed(_)) => {
                for i in 0..len {
                    let j = (self.rand() % len as u32) as usize;
                    if i != j {
                        a.swap(i, j);
                    }
                }
            }
            _ => {}
        }
        a
    }

    /// The mode as GNU names it after start-up (`reverse`, `identity`, the
    /// seed), `None` without shuffling: failed commands' messages end with
    /// ` shuffle=NAME`.
    pub fn mode_name(&self) -> Option<Vec<u8>> {
        match self.mode {
            Some(ShuffleMode::Reverse) => Some(b"reverse".to_vec()),
            Some(ShuffleMode::Identity) => Some(b"identity".to_vec()),
            Some(ShuffleMode::Seed(n)) => Some(n.to_string().into_bytes()),
            _ => None,
        }
    }

    fn active(&self) -> bool {
        matches!(
            self.mode,
            Some(ShuffleMode::Reverse)
                | Some(ShuffleMode::Identity)
                | Some(ShuffleMode::Random)
                | Some(ShuffleMode::Seed(_))
        )
    }
}

impl Make {
    /// Shuffles a list of goals (returned reordered) and the prerequisites
    /// of everything reachable from them.
    pub fn shuffle_goals(&mut self, goals: &mut [FileId]) {
        if !self.shuffle.active() || self.db.not_parallel {
            return;
        }
        self.shuffle.state = self.shuffle.seed;
        let perm = self.shuffle.permutation(goals.len());
        let orig = goals.to_vec();
        for (i, p) in perm.iter().enumerate() {
            goals[i] = orig[*p];
        }
        for g in orig {
            self.shuffle_file(g);
        }
    }

    /// Shuffles `f`'s prerequisites again (after they changed), from the
    /// seed, and those of the files they name not shuffled yet.
    pub fn shuffle_deps_of(&mut self, f: FileId) {
        if !self.shuffle.active() || self.db.not_parallel {
            return;
        }
        self.shuffle.state = self.shuffle.seed;
        self.shuffle_list(f);
        let deps: Vec<FileId> = self.db.file(f).deps.iter().map(|d| d.file).collect();
        for d in deps {
            self.shuffle_file(d);
        }
    }

    /// After an implicit rule was found for `f` (`added`: it gave `f`
    /// prerequisites): GNU shuffles the list again if the rule added
    /// some, or if `f` had not been shuffled yet.
    pub fn shuffle_after_implicit(&mut self, f: FileId, added: bool) {
        if !self.shuffle.active() {
            return;
        }
        if added {
            self.db.file_mut(f).ext_mut().was_shuffled = false;
        }
        if !self.db.file(f).ext().was_shuffled {
            self.shuffle_deps_of(f);
        }
    }

    /// An intermediate file an implicit search found a rule for: GNU's
    /// search for it (on a new, unshuffled entry) shuffles the
    /// prerequisites it found, from the seed; they are only names there,
    /// so nothing below them is shuffled. The file keeps its own mark of
    /// having been shuffled (a later walk may shuffle the list again).
    pub fn shuffle_intermediate(&mut self, f: FileId) {
        if !self.shuffle.active() || self.db.not_parallel {
            return;
        }
        self.shuffle.state = self.shuffle.seed;
        self.shuffle_list(f);
    }

    fn shuffle_list(&mut self, f: FileId) {
        let file = self.db.file(f);
        let deps = &file.deps;
        // A rule's prerequisite text waiting for its second expansion is
        // one entry of GNU's list (a name not yet a file): it counts in
        // the shuffle, which the expansion redoes.
        let pending = &file.ext().second_deps;
        if (deps.is_empty() && pending.is_empty()) || deps.iter().any(|d| d.wait_here) {
            return;
        }
        if pending.is_empty() {
            let perm = self.shuffle.permutation(deps.len());
            for (i, p) in perm.into_iter().enumerate() {
                self.db.file_mut(f).deps[i].shuf = u32::try_from(p).ok();
            }
            return;
        }
        // GNU's list: each pending text at its place among the names.
        let mut at: Vec<Option<usize>> = Vec::with_capacity(deps.len() + pending.len());
        for i in 0..=deps.len() {
            at.extend(
                pending
                    .iter()
                    .filter(|sd| sd.pos.min(deps.len()) == i)
                    .map(|_| None),
            );
            if i < deps.len() {
                at.push(Some(i));
            }
        }
        let perm = self.shuffle.permutation(at.len());
        for (k, p) in perm.into_iter().enumerate() {
            if let Some(Some(i)) = at.get(k) {
                let to = at.get(p).copied().flatten().unwrap_or(*i);
                self.db.file_mut(f).deps[*i].shuf = u32::try_from(to).ok();
            }
        }
    }

    fn shuffle_file(&mut self, f: FileId) {
        let mut stack = vec![f];
        while let Some(f) = stack.pop() {
            if self.db.file(f).ext().was_shuffled {
                continue;
            }
            self.db.file_mut(f).ext_mut().was_shuffled = true;
            self.shuffle_list(f);
            let deps: Vec<FileId> = self.db.file(f).deps.iter().map(|d| d.file).collect();
            // Depth first, in list order, as GNU recurses.
            stack.extend(deps.into_iter().rev());
        }
    }
}

/// The flag of a `shuf` naming an unlinked prerequisite.
pub const UNLINKED: u32 = 1 << 31;

/// The prerequisite visited at position `i` of `f`'s list, and its
/// position in the list (None: one taken out of the list, see [`unlink`]).
pub fn visit(f: &crate::rules::File, i: usize) -> (Option<usize>, &Dep) {
    let deps = &f.deps;
    match deps[i].shuf {
        Some(j) if j & UNLINKED != 0 => match f.ext().unlinked_deps.get((j & !UNLINKED) as usize) {
            Some(d) => (None, d),
            None => (Some(i), &deps[i]),
        },
        Some(j) if (j as usize) < deps.len() => (Some(j as usize), &deps[j as usize]),
        _ => (Some(i), &deps[i]),
    }
}

/// GNU's prerequisite lists are chains of links, and a grouped target's
/// list can become the tail of a peer's (a peer's leading prerequisite
/// dropped as circular is unlinked from the head of the target's own
/// list: GNU's `file->deps = du->next`). From then on both lists share
/// those links: a prerequisite unlinked after a shared link leaves both,
/// and a prerequisite found changed is changed for both (`$?`). A walk
/// over a group's lists goes on from the link it looked at, even when that
/// link was unlinked meanwhile (its `next` still leads on). Each list that
/// is followed so has here the identities of its links, position by
/// position, and each link its prerequisite and the link after it; a list
/// whose length no longer matches (its prerequisites were redone since)
/// is followed no more.
#[derive(Debug, Default)]
pub struct SharedDeps {
    lists: crate::hash::FxHashMap<FileId, Vec<u32>>,
    links: Vec<Link>,
    /// Some list took over another's links (until then each list's links
    /// are its own).
    shared: bool,
    /// The files whose lists took over another's links, and those whose
    /// links were taken: besides a group's peers, the lists that can share
    /// links (a peer vpath merged into another entry may be walked under
    /// that entry's name, outside the group).
    sharers: Vec<FileId>,
}

#[derive(Debug)]
struct Link {
    dep: Dep,
    next: Option<u32>,
}

impl SharedDeps {
    /// New links for `deps`, each leading to the next, the last to none;
    /// returns their identities.
    fn chain<'a>(&mut self, deps: impl ExactSizeIterator<Item = &'a Dep>) -> Vec<u32> {
        let first = self.links.len() as u32;
        let n = deps.len() as u32;
        for (k, d) in (0u32..).zip(deps) {
            self.links.push(Link {
                dep: d.clone(),
                next: (k + 1 < n).then_some(first + k + 1),
            });
        }
        (first..first + n).collect()
    }
}

impl Make {
    /// The identities of `f`'s links (made up when it has none yet).
    pub fn dep_links(&mut self, f: FileId) -> Vec<u32> {
        let deps = &self.db.files[f as usize].deps;
        let sd = &mut self.db.shared_deps;
        if let Some(v) = sd.lists.get(&f).filter(|v| v.len() == deps.len()) {
            return v.clone();
        }
        let v = sd.chain(deps.iter());
        sd.lists.insert(f, v.clone());
        v
    }

    /// `f`'s list, followed link by link with `old_len` prerequisites,
    /// has grown by the ones after them (a vpath merge appends the merged
    /// entry's list to the end of the found one's: GNU's `deps->next =
    /// from_file->deps`): they get links, chained after its last one, so
    /// that a walk under way goes on into them.
    pub fn extend_links(&mut self, f: FileId, old_len: usize) {
        let deps = &self.db.files[f as usize].deps;
        let sd = &mut self.db.shared_deps;
        let Some(tail) = sd
            .lists
            .get(&f)
            .filter(|v| v.len() == old_len)
            .map(|v| v.last().copied())
        else {
            return;
        };
        let new = sd.chain(deps.iter().skip(old_len));
        if let Some(l) = tail.and_then(|l| sd.links.get_mut(l as usize)) {
            l.next = new.first().copied().or(l.next);
        }
        if let Some(v) = sd.lists.get_mut(&f) {
            v.extend(new);
        }
        if let Some(t) = tail {
            self.lists_go_on(t, &[f]);
        }
    }

    /// Link `tail` was the end of a chain and now leads on (a vpath merge
    /// appended a list after it): every other list followed link by link
    /// that ends there (one that took over the rest of a peer's, GNU's
    /// `file->deps = du->next`) goes on into those links too, as GNU's
    /// chains do. `skip`: the lists the merge already extended.
    fn lists_go_on(&mut self, tail: u32, skip: &[FileId]) {
        let sd = &self.db.shared_deps;
        if !sd.shared {
            return;
        }
        let files = &self.db.files;
        let ends: Vec<FileId> = sd
            .lists
            .iter()
            .filter(|(g, v)| {
                !skip.contains(g)
                    && v.last() == Some(&tail)
                    && v.len() == files[**g as usize].deps.len()
                    && files[**g as usize].deps.iter().all(|d| d.shuf.is_none())
            })
            .map(|(g, _)| *g)
            .collect();
        for g in ends {
            let mut more = Vec::new();
            let mut ids = Vec::new();
            let mut l = self.link_next(tail);
            while let Some(k) = l {
                let Some(link) = self.db.shared_deps.links.get(k as usize) else {
                    break;
                };
                if ids.contains(&k) || k == tail {
                    break;
                }
                more.push(link.dep.clone());
                ids.push(k);
                l = link.next;
            }
            self.db.file_mut(g).deps.extend(more);
            if let Some(v) = self.db.shared_deps.lists.get_mut(&g) {
                v.extend(ids);
            }
        }
    }

    /// `f`'s list, followed link by link, is now the tail of its list: a
    /// vpath merge kept `f` for the found entry `found`, whose `front`
    /// prerequisites come first (GNU appends the searched entry's chain to
    /// the found one's, `deps->next = from_file->deps`). They get
    /// `found`'s links if it is followed, else new ones, the last chained
    /// to `f`'s old first link: a walk under way of the old list and a
    /// walk of the merged one share the old links.
    pub fn prepend_links(&mut self, f: FileId, found: FileId, front: usize) {
        let deps = &self.db.files[f as usize].deps;
        let sd = &mut self.db.shared_deps;
        let old = match sd.lists.get(&f).filter(|v| v.len() + front == deps.len()) {
            Some(old) => old.clone(),
            // `f`'s own list was never followed, but `found`'s is (a walk
            // of it may be under way): `f`'s prerequisites get links of
            // their own, for that walk to go on into.
            None if sd.lists.get(&found).is_some_and(|v| v.len() == front) => {
                sd.chain(deps.iter().skip(front))
            }
            None => return,
        };
        let mut v = match sd.lists.get(&found).filter(|v| v.len() == front) {
            Some(head) => head.clone(),
            None => sd.chain(deps.iter().take(front)),
        };
        let tail = v.last().copied();
        if let Some(l) = tail.and_then(|l| sd.links.get_mut(l as usize)) {
            l.next = old.first().copied();
        }
        v.extend(old);
        sd.lists.insert(f, v);
        if let Some(t) = tail {
            self.lists_go_on(t, &[f, found]);
        }
    }

    /// The identities of `f`'s links if it is followed link by link.
    pub fn followed_links(&self, f: FileId) -> Option<&Vec<u32>> {
        let n = self.db.files[f as usize].deps.len();
        self.db.shared_deps.lists.get(&f).filter(|v| v.len() == n)
    }

    /// Where link `l` is in `f`'s list followed link by link (none: it
    /// was unlinked, or the list is no longer followed).
    pub fn link_position(&self, f: FileId, l: u32) -> Option<usize> {
        self.followed_links(f)?.iter().position(|&x| x == l)
    }

    /// The link after link `l` (GNU's `l->next`).
    pub fn link_next(&self, l: u32) -> Option<u32> {
        self.db
            .shared_deps
            .links
            .get(l as usize)
            .and_then(|x| x.next)
    }

    /// The prerequisite of link `l`.
    pub fn link_dep(&self, l: u32) -> Option<Dep> {
        self.db
            .shared_deps
            .links
            .get(l as usize)
            .map(|x| x.dep.clone())
    }

    /// The lists of `f`, its group's peers and the lists sharing links
    /// (the only ones that can share links with `f`'s) followed link by
    /// link, each with its links.
    fn group_lists(&self, f: FileId) -> Vec<(FileId, Vec<u32>)> {
        let mut all: Vec<(FileId, Vec<u32>)> = Vec::new();
        let mut members = vec![f];
        members.extend(self.db.also_makes(f));
        members.extend(self.db.shared_deps.sharers.iter().copied());
        for g in members {
            if all.iter().any(|(x, _)| *x == g) {
                continue;
            }
            if let Some(v) = self.followed_links(g) {
                all.push((g, v.clone()));
            }
        }
        all
    }

    /// `file`'s list becomes the rest of `owner`'s after position `i`,
    /// sharing its links (GNU's `file->deps = du->next` while walking a
    /// group peer's list).
    pub fn take_rest_of_deps(&mut self, file: FileId, owner: FileId, i: usize) {
        let links = self.dep_links(owner);
        let mut rest = self.db.file(owner).deps[i + 1..].to_vec();
        for r in &mut rest {
            r.shuf = r.shuf.and_then(|j| j.checked_sub(i as u32 + 1));
        }
        self.db.file_mut(file).deps = rest;
        if !self.db.stale_dep_names.is_empty() {
            self.share_stale_dep_names(file, owner, i + 1);
        }
        self.db
            .shared_deps
            .lists
            .insert(file, links[i + 1..].to_vec());
        self.db.shared_deps.shared = true;
        self.note_sharer(file);
        self.note_sharer(owner);
    }

    /// `file`'s list became `owner`'s from position `from` on: the names
    /// its prerequisites still show (a vpath merge renamed their entries,
    /// see `Db::stale_dep_names`) are those links' in `owner`'s list (GNU's
    /// links hold the renamed entries until make looks at them).
    fn share_stale_dep_names(&mut self, file: FileId, owner: FileId, from: usize) {
        let names = &mut self.db.stale_dep_names;
        names.retain(|&(o, _), _| o != file);
        let moved: Vec<_> = names
            .iter()
            .filter(|&(&(o, p), _)| o == owner && p >= from)
            .map(|(&(_, p), &v)| ((file, p - from), v))
            .collect();
        names.extend(moved);
    }

    /// `f`'s list shares links with another's (see `SharedDeps::sharers`).
    fn note_sharer(&mut self, f: FileId) {
        let sd = &mut self.db.shared_deps;
        if !sd.sharers.contains(&f) {
            sd.sharers.push(f);
        }
    }

    /// `file`'s list becomes the chain of links from `from` on (GNU's
    /// `file->deps = du->next`), `from` being no link of a list followed:
    /// the prerequisites as the links hold them.
    pub fn take_chain_of_deps(&mut self, file: FileId, from: Option<u32>) {
        let mut deps = Vec::new();
        let mut ids = Vec::new();
        let mut l = from;
        while let Some(k) = l {
            let Some(link) = self.db.shared_deps.links.get(k as usize) else {
                break;
            };
            if ids.contains(&k) {
                break;
            }
            deps.push(link.dep.clone());
            ids.push(k);
            l = link.next;
        }
        self.db.file_mut(file).deps = deps;
        self.db.shared_deps.lists.insert(file, ids);
        self.db.shared_deps.shared = true;
        self.note_sharer(file);
    }

    /// The prerequisite at position `pos` of `f`'s list changed or not
    /// (`$?`): so it did in every list sharing its link.
    #[inline]
    pub fn set_dep_changed(&mut self, f: FileId, pos: usize, changed: bool) {
        if let Some(d) = self.db.file_mut(f).deps.get_mut(pos) {
            d.changed = changed;
        }
        if !self.db.shared_deps.lists.is_empty() {
            self.set_shared_dep_changed(f, pos, changed);
        }
    }

    /// [`Make::set_dep_changed`] in the lists shared between group peers.
    #[inline(never)]
    fn set_shared_dep_changed(&mut self, f: FileId, pos: usize, changed: bool) {
        if let Some(link) = self.followed_links(f).and_then(|v| v.get(pos).copied()) {
            self.set_link_changed(f, link, changed, Some(pos));
        }
    }

    /// Link `link`'s prerequisite changed or not, in every list of `f`'s
    /// group holding it.
    /// (`at`: where in `f`'s list the link was last seen.)
    pub fn set_link_changed(&mut self, f: FileId, link: u32, changed: bool, at: Option<usize>) {
        if let Some(l) = self.db.shared_deps.links.get_mut(link as usize) {
            l.dep.changed = changed;
        }
        if !self.db.shared_deps.shared {
            // (Only `f`'s list can hold it.)
            let at = self.followed_links(f).and_then(|v| match at {
                Some(p) if v.get(p) == Some(&link) => Some(p),
                _ => v.iter().position(|&l| l == link),
            });
            if let Some(x) = at {
                self.db.file_mut(f).deps[x].changed = changed;
            }
            return;
        }
        for (g, links) in self.group_lists(f) {
            if let Some(x) = links.iter().position(|&l| l == link) {
                self.db.file_mut(g).deps[x].changed = changed;
            }
        }
    }

    /// The order-only prerequisite at position `pos` of `f`'s list was
    /// upgraded to a normal one (it is also listed as normal, see
    /// `automatic_vars`): so it is in every list sharing its link, as GNU
    /// changes the link itself.
    pub fn set_dep_upgraded(&mut self, f: FileId, pos: usize) {
        if !self.db.shared_deps.shared {
            return;
        }
        let Some(link) = self.followed_links(f).and_then(|v| v.get(pos).copied()) else {
            return;
        };
        if let Some(l) = self.db.shared_deps.links.get_mut(link as usize) {
            l.dep.order_only = false;
        }
        for (g, links) in self.group_lists(f) {
            if g == f {
                continue;
            }
            if let Some(x) = links.iter().position(|&l| l == link) {
                self.db.file_mut(g).deps[x].order_only = false;
            }
        }
    }

    /// GNU's `lastd->next = du->next`: link `gone` leaves every list of
    /// `f`'s group where it follows link `before` (which need not be in any
    /// list any more).
    pub fn unlink_after(&mut self, f: FileId, before: u32, gone: u32) {
        let lists = if self.db.shared_deps.shared {
            self.group_lists(f)
        } else {
            self.followed_links(f)
                .map(|v| vec![(f, v.clone())])
                .unwrap_or_default()
        };
        for (g, links) in lists {
            let at = links.windows(2).position(|w| w == [before, gone]);
            if let Some(x) = at {
                self.unlink_one(g, x + 1);
            }
        }
        let next = self.link_next(gone);
        if let Some(l) = self.db.shared_deps.links.get_mut(before as usize) {
            l.next = next;
        }
    }

    /// Takes the prerequisite at position `i` out of `f`'s list, and out of
    /// every list sharing the link before it (GNU's `lastd->next =
    /// du->next`; the first one is unlinked from `f`'s head alone).
    pub fn unlink_dep(&mut self, f: FileId, i: usize) {
        if i > 0 && !self.db.shared_deps.lists.is_empty() {
            if let Some(links) = self.followed_links(f) {
                let (before, gone) = (links[i - 1], links[i]);
                self.unlink_after(f, before, gone);
                return;
            }
        }
        self.unlink_one(f, i);
    }

    /// Takes the prerequisite at position `i` out of `f`'s list. Under
    /// --shuffle the others' `shuf` name prerequisites, not positions (GNU
    /// links to them): the ones after `i` move up, and one that named the
    /// prerequisite taken out still visits it (GNU unlinks it without
    /// freeing it).
    fn unlink_one(&mut self, f: FileId, i: usize) {
        if !self.db.stale_dep_names.is_empty() {
            self.shift_stale_dep_names(f, i);
        }
        if let Some(v) = self.db.shared_deps.lists.get_mut(&f) {
            if v.len() == self.db.files[f as usize].deps.len() {
                v.remove(i);
            }
        }
        let file = self.db.file_mut(f);
        let gone = file.deps.remove(i);
        if !file.deps.iter().any(|d| d.shuf.is_some()) {
            return;
        }
        let i = i as u32;
        let t = file.ext().unlinked_deps.len() as u32 | UNLINKED;
        let mut named = false;
        for d in file.deps.iter_mut() {
            match d.shuf {
                Some(j) if j & UNLINKED == 0 && j > i => d.shuf = Some(j - 1),
                Some(j) if j == i => {
                    d.shuf = Some(t);
                    named = true;
                }
                _ => {}
            }
        }
        if named {
            file.ext_mut().unlinked_deps.push(gone);
        }
    }
}
