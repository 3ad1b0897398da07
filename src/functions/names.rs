//! File-name functions: dir, notdir, suffix, basename, addprefix,
//! addsuffix, abspath, realpath.

use std::os::unix::ffi::OsStrExt;

use super::text::Joiner;
use crate::error::Result;
use crate::make::Make;
use crate::patterns::words;

/// GNU's `PATH_MAX` limit on names given to abspath/realpath.
const PATH_MAX: usize = 4096;

pub fn dir(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let mut j = Joiner::new();
    for w in words(args[0]) {
        j.sep(out);
        match w.iter().rposition(|&c| c == b'/') {
            Some(i) => out.extend_from_slice(&w[..=i]),
            None => out.extend_from_slice(b"./"),
        }
    }
    Ok(())
}

pub fn notdir(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let mut j = Joiner::new();
    for w in words(args[0]) {
        // A name ending in '/' gives an empty word (and still its space).
        let i = w.iter().rposition(|&c| c == b'/').map_or(0, |i| i + 1);
        j.push(out, &w[i..]);
    }
    Ok(())
}

pub fn suffix(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let mut j = Joiner::new();
    for w in words(args[0]) {
        if let Some(i) = w.iter().rposition(|&c| c == b'/' || c == b'.') {
            if w[i] == b'.' {
                j.push(out, &w[i..]);
            }
        }
    }
    Ok(())
}

pub fn basename(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let mut j = Joiner::new();
    for w in words(args[0]) {
        match w.iter().rposition(|&c| c == b'/' || c == b'.') {
            Some(i) if w[i] == b'.' => j.push(out, &w[..i]),
            _ => j.push(out, w),
        }
    }
    Ok(())
}

pub fn addprefix(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let mut j = Joiner::new();
    for w in words(args[1]) {
        j.push(out, args[0]);
        out.extend_from_slice(w);
    }
    Ok(())
}

pub fn addsuffix(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let mut j = Joiner::new();
    for w in words(args[1]) {
        j.push(out, w);
        out.extend_from_slice(args[0]);
    }
    Ok(())
}

/// The absolute form of `name` relative to `cwd`, with `.`, `..` and
/// repeated slashes removed (no symlinks resolved), or None for an empty
/// name. Appends to `out`.
pub(crate) fn abspath_into(name: &[u8], cwd: &[u8], out: &mut Vec<u8>) -> bool {
    if name.is_empty() {
        return false;
    }
    let base = out.len();
    let rest = if name[0] == b'/' {
        out.push(b'/');
        &name[1..]
    } else {
        if cwd.first() != Some(&b'/') {
            return false;
        }
        out.extend_from_slice(cwd);
        name
    };
    let root = base + 1;
    for comp in rest.split(|&c| c == b'/') {
        match comp {
            b"" | b"." => {}
            b".." => {
                if out.len() > root {
                    // Back up to just after the previous slash.
                    while out.len() > root && out[out.len() - 1] != b'/' {
                        out.pop();
                    }
                    if out.len() > root {
                        out.pop();
                    }
                }
            }
            c => {
                if out[out.len() - 1] != b'/' {
                    out.push(b'/');
                }
                out.extend_from_slice(c);
            }
        }
    }
    if out.len() > root && out[out.len() - 1] == b'/' {
        out.pop();
    }
    if out.len() - base >= PATH_MAX {
        out.truncate(base);
        return false;
    }
    true
}

fn current_dir() -> Vec<u8> {
    std::env::current_dir()
        .map(|p| p.as_os_str().as_bytes().to_vec())
        .unwrap_or_default()
}

pub fn abspath(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let mut cwd: Option<Vec<u8>> = None;
    let mut first = true;
    for w in words(args[0]) {
        if w.len() >= PATH_MAX {
            continue;
        }
        let cwd = cwd.get_or_insert_with(current_dir);
        let mark = out.len();
        if !first {
            out.push(b' ');
        }
        if abspath_into(w, cwd, out) {
            first = false;
        } else {
            out.truncate(mark);
        }
    }
    Ok(())
}

pub fn realpath(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let mut j = Joiner::new();
    for w in words(args[0]) {
        if w.len() >= PATH_MAX {
            continue;
        }
        let p = crate::fs::path(w);
        if let Ok(r) = std::fs::canonicalize(p) {
            if std::fs::metadata(&r).is_ok() {
                j.push(out, r.as_os_str().as_bytes());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::text::tests::{ex, mk};

    fn e(s: &str) -> String {
        ex(&mut mk(), s)
    }

    #[test]
    fn dir_notdir() {
        assert_eq!(e("[$(dir a/b /c d a/)]"), "[a/ / ./ a/]");
        assert_eq!(e("[$(notdir a/b a/ c)]"), "[b  c]");
        assert_eq!(e("[$(dir )][$(notdir )]"), "[][]");
    }

    #[test]
    fn suffix_basename() {
        assert_eq!(e("[$(suffix a.c b c.d/e f.g.h .x)]"), "[.c .h .x]");
        assert_eq!(
            e("[$(basename a.c b c.d/e f.g.h /x.y/z)]"),
            "[a b c.d/e f.g /x.y/z]"
        );
    }

    #[test]
    fn add_prefix_suffix() {
        assert_eq!(
            e("[$(addprefix p,a  b)][$(addsuffix ,a)][$(addsuffix .c,a b)][$(addprefix x,)]"),
            "[pa pb][a][a.c b.c][]"
        );
    }

    #[test]
    fn abspath_cleans() {
        let mut o = Vec::new();
        assert!(super::abspath_into(b"a/../../b", b"/tmp/fx", &mut o));
        assert_eq!(o, b"/tmp/b");
        for (name, want) in [
            ("./c/", "/tmp/fx/c"),
            ("/x/./y//", "/x/y"),
            ("..", "/tmp"),
            ("/../..", "/"),
            ("/", "/"),
            ("//a", "/a"),
        ] {
            let mut o = Vec::new();
            assert!(super::abspath_into(name.as_bytes(), b"/tmp/fx", &mut o));
            assert_eq!(String::from_utf8_lossy(&o), want, "{}", name);
        }
        assert!(!super::abspath_into(b"", b"/tmp", &mut Vec::new()));
    }

    #[test]
    fn abspath_and_realpath_use_cwd() {
        let cwd = std::env::current_dir()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        assert_eq!(e("$(abspath x)"), format!("{}/x", cwd));
        let real = std::fs::canonicalize(&cwd)
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        assert_eq!(e("[$(realpath . /nonexistent/zz)]"), format!("[{}]", real));
    }
}
