//! GNU's directory cache as `-d` shows it. GNU reads a directory's
//! listing into a cache when it first looks into it, noting how many
//! commands had run (its `command_count`: 1 at the start, one more for
//! each finished child or file written by `$(file)`); looking into the
//! directory again after more commands ran, it reads the listing anew and,
//! at `--debug=v`, says "Directory D cache invalidated (count N != command
//! M)". rmake's own caches work differently (see `fs`); this only tells
//! when GNU would say so, and forgets the names found impossible in a
//! directory when GNU reads it anew (only `-d` and `-p` can tell). The
//! places GNU looks into directories: the
//! search for a default makefile, the directories in pattern rules'
//! prerequisites (when the rules are counted), `vpath` directories, each
//! prerequisite implicit search tries, vpath searches and globbing.

use crate::hash::FxHashMap;

/// The directories GNU looked into, with its command count then. GNU
/// keeps the count with a directory's contents, which all the names of one
/// directory (same device and inode: `.` and its absolute name) share: a
/// name looked into after another name of the same directory read it anew
/// finds it fresh. A name that could not be stat'd keeps its own count.
#[derive(Debug, Default)]
pub struct DirEpochs {
    names: FxHashMap<Vec<u8>, Seen>,
    /// The command count of each directory's contents, by device and inode.
    contents: FxHashMap<(u64, u64), u64>,
}

#[derive(Debug, Clone, Copy)]
struct Seen {
    /// Its device and inode when it could be stat'd.
    contents: Option<(u64, u64)>,
    /// The count of a name without contents.
    counter: u64,
}

impl DirEpochs {
    /// GNU looks into `dir` when its command count is `command`. Returns
    /// None when its cached listing is fresh, else that GNU reads it anew
    /// (forgetting the names found impossible in it): with the count it
    /// was read at when GNU says so at `--debug=v` (a name looked into
    /// before), or without when GNU does so silently (a name looked into
    /// for the first time, whose directory another name read before more
    /// commands ran: `sub/../sub` after `sub`).
    pub fn look(&mut self, dir: &[u8], command: u64) -> Option<Option<u64>> {
        let old = match self.names.get(dir) {
            None => None,
            Some(seen) => {
                let count = match seen.contents {
                    Some(k) => self.contents.get(&k).copied().unwrap_or(0),
                    None => seen.counter,
                };
                if count == command {
                    return None;
                }
                Some(count)
            }
        };
        // GNU stats the name again and points it at the contents of the
        // directory it is now, read anew unless read at this count.
        let contents = crate::fs::dir_id(dir);
        let mut reread = old.is_some();
        if let Some(k) = contents {
            if let Some(c) = self.contents.insert(k, command) {
                reread |= c != command;
            }
        }
        self.names.insert(
            dir.to_vec(),
            Seen {
                contents,
                counter: command,
            },
        );
        reread.then_some(old)
    }

    /// The device and inode `dir` had when GNU last looked into it (None:
    /// never looked into, or it could not be stat'd).
    pub fn contents_of(&self, dir: &[u8]) -> Option<(u64, u64)> {
        self.names.get(dir).and_then(|seen| seen.contents)
    }

    /// Whether GNU read `dir` (its contents) at command count `command`
    /// already: a look now would not read it anew (a name not looked into
    /// yet finds the contents another name of the directory read).
    pub fn read_at(&self, dir: &[u8], command: u64) -> bool {
        match self.names.get(dir) {
            Some(seen) => {
                let count = match seen.contents {
                    Some(k) => self.contents.get(&k).copied().unwrap_or(0),
                    None => seen.counter,
                };
                count == command
            }
            None => crate::fs::dir_id(dir)
                .is_some_and(|k| self.contents.get(&k).copied() == Some(command)),
        }
    }

    /// A name in `dir`, which could not be stat'd, was found impossible:
    /// GNU gives the directory a table for such names that looks read
    /// before any command ran, so the next look into it reads it anew
    /// (forgetting the names).
    pub fn impossible_in_missing(&mut self, dir: &[u8]) {
        self.names.insert(
            dir.to_vec(),
            Seen {
                contents: None,
                counter: 0,
            },
        );
    }
}

/// The directory GNU looks into to tell whether `name` exists (or was
/// found impossible): what is before the last slash (`/` for a name right
/// under the root), `.` for a name without one.
pub fn dir_of(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&c| c == b'/') {
        None => b".",
        Some(0) => b"/",
        Some(i) => &name[..i],
    }
}

/// The directory of a pattern rule's prerequisite GNU looks into when it
/// counts the rules: the part before the last slash when a `%` follows it.
pub fn pattern_dep_dir(dep: &[u8]) -> Option<&[u8]> {
    let slash = dep.iter().rposition(|&c| c == b'/')?;
    if !dep[slash..].contains(&b'%') {
        return None;
    }
    Some(if slash == 0 { &dep[..1] } else { &dep[..slash] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_is_read_anew_after_commands_ran() {
        let mut e = DirEpochs::default();
        assert_eq!(e.look(b".", 1), None);
        assert_eq!(e.look(b".", 1), None);
        assert_eq!(e.look(b"RCS", 1), None);
        assert_eq!(e.look(b".", 2), Some(Some(1)));
        assert_eq!(e.look(b".", 2), None);
        assert_eq!(e.look(b"RCS", 3), Some(Some(1)));
        e.impossible_in_missing(b"sub");
        assert_eq!(e.look(b"sub", 3), Some(Some(0)));
        assert_eq!(e.look(b"sub", 3), None);
    }

    #[test]
    fn names_of_one_directory_share_its_count() {
        let mut e = DirEpochs::default();
        let here = std::env::current_dir().unwrap();
        let abs = here.as_os_str().as_encoded_bytes().to_vec();
        assert_eq!(e.look(b".", 1), None);
        assert_eq!(e.look(&abs, 1), None);
        // Read anew through its absolute name: `.` is fresh.
        assert_eq!(e.look(&abs, 4), Some(Some(1)));
        assert_eq!(e.look(b".", 4), None);
        assert_eq!(e.look(b"./", 4), None);
        // A new name of it after more commands: read anew, silently.
        assert_eq!(e.look(b"./.", 5), Some(None));
        assert_eq!(e.look(b".", 5), None);
    }

    #[test]
    fn directories_of_names() {
        assert_eq!(dir_of(b"a.c"), b".");
        assert_eq!(dir_of(b"/a.c"), b"/");
        assert_eq!(dir_of(b"src/sub/a.c"), b"src/sub");
        assert_eq!(pattern_dep_dir(b"RCS/%,v"), Some(&b"RCS"[..]));
        assert_eq!(pattern_dep_dir(b"/%.c"), Some(&b"/"[..]));
        assert_eq!(pattern_dep_dir(b"%/x.c"), None);
        assert_eq!(pattern_dep_dir(b"%.c"), None);
    }
}
