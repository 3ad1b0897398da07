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

impl Make {
    /// Takes the prerequisite at position `i` out of `f`'s list. Under
    /// --shuffle the others' `shuf` name prerequisites, not positions (GNU
    /// links to them): the ones after `i` move up, and one that named the
    /// prerequisite taken out still visits it (GNU unlinks it without
    /// freeing it).
    pub fn unlink_dep(&mut self, f: FileId, i: usize) {
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
