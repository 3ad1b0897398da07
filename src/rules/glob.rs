//! Wildcard expansion of file names in rules (GNU uses the C library's
//! `glob`): `*`, `?`, `[...]`, backslash quoting, and a leading `~`.
//! Results are sorted; a word matching nothing is kept as written.

use std::os::unix::ffi::OsStrExt;

/// `fnmatch` without flags other than "leading dot must match explicitly".
pub fn fnmatch(pat: &[u8], s: &[u8]) -> bool {
    if s.first() == Some(&b'.') && pat.first() != Some(&b'.') {
        return false;
    }
    matches(pat, s)
}

fn matches(pat: &[u8], s: &[u8]) -> bool {
    let (mut p, mut i) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p < pat.len() {
            match pat[p] {
                b'*' => {
                    star = Some((p, i));
                    p += 1;
                    continue;
                }
                b'?' if i < s.len() => {
                    p += 1;
                    i += 1;
                    continue;
                }
                b'[' if i < s.len() => {
                    if let Some((ok, next)) = bracket(&pat[p..], s[i]) {
                        if ok {
                            p += next;
                            i += 1;
                            continue;
                        }
                    } else if s[i] == b'[' {
                        p += 1;
                        i += 1;
                        continue;
                    }
                }
                b'\\' if p + 1 < pat.len() && i < s.len() && pat[p + 1] == s[i] => {
                    p += 2;
                    i += 1;
                    continue;
                }
                c if c != b'\\' && c != b'?' && c != b'[' && i < s.len() && c == s[i] => {
                    p += 1;
                    i += 1;
                    continue;
                }
                _ => {}
            }
        } else if i == s.len() {
            return true;
        }
        match star {
            Some((sp, si)) if si < s.len() => {
                star = Some((sp, si + 1));
                p = sp + 1;
                i = si + 1;
            }
            _ => return false,
        }
    }
}

/// Matches one character against `[...]` at the start of `pat`; returns
/// (matched, length of the bracket expression), or None if unterminated.
fn bracket(pat: &[u8], c: u8) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(pat.get(i), Some(b'!') | Some(b'^'));
    if negate {
        i += 1;
    }
    let mut ok = false;
    let mut first = true;
    loop {
        let mut lo = *pat.get(i)?;
        if lo == b']' && !first {
            break;
        }
        first = false;
        if lo == b'\\' {
            i += 1;
            lo = *pat.get(i)?;
        }
        i += 1;
        if pat.get(i) == Some(&b'-') && pat.get(i + 1).is_some_and(|&h| h != b']') {
            let mut hi = pat[i + 1];
            i += 2;
            if hi == b'\\' {
                hi = *pat.get(i)?;
                i += 1;
            }
            if lo <= c && c <= hi {
                ok = true;
            }
        } else if lo == c {
            ok = true;
        }
    }
    Some((ok != negate, i + 1))
}

fn has_magic(s: &[u8]) -> bool {
    s.iter().any(|c| matches!(c, b'*' | b'?' | b'['))
}

fn unquote(s: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'\\' && i + 1 < s.len() {
            i += 1;
        }
        v.push(s[i]);
        i += 1;
    }
    v
}

fn tilde(word: &[u8]) -> Vec<u8> {
    if word.first() != Some(&b'~') {
        return word.to_vec();
    }
    let end = word.iter().position(|&c| c == b'/').unwrap_or(word.len());
    let user = &word[1..end];
    let home: Option<Vec<u8>> = if user.is_empty() {
        std::env::var_os("HOME").map(|h| h.as_bytes().to_vec())
    } else {
        None
    };
    match home {
        Some(mut h) => {
            h.extend_from_slice(&word[end..]);
            h
        }
        None => word.to_vec(),
    }
}

/// The file names matching `pattern`, sorted; empty if none.
pub fn glob(pattern: &[u8]) -> Vec<Vec<u8>> {
    let absolute = pattern.first() == Some(&b'/');
    let comps: Vec<&[u8]> = pattern
        .split(|&c| c == b'/')
        .filter(|c| !c.is_empty())
        .collect();
    let mut cur: Vec<Vec<u8>> = vec![if absolute { b"/".to_vec() } else { Vec::new() }];
    let trailing_slash = pattern.len() > 1 && pattern.last() == Some(&b'/');
    for (k, comp) in comps.iter().enumerate() {
        let last = k + 1 == comps.len();
        let mut next = Vec::new();
        for base in &cur {
            let join = |name: &[u8]| {
                let mut p = base.clone();
                if !p.is_empty() && p.last() != Some(&b'/') {
                    p.push(b'/');
                }
                p.extend_from_slice(name);
                p
            };
            if !has_magic(comp) {
                let p = join(&unquote(comp));
                let ok = if last {
                    crate::fs::path(&p).symlink_metadata().is_ok()
                } else {
                    crate::fs::path(&p).is_dir()
                };
                if ok {
                    next.push(p);
                }
                continue;
            }
            let dir = if base.is_empty() {
                b".".to_vec()
            } else {
                base.clone()
            };
            let rd = match std::fs::read_dir(crate::fs::path(&dir)) {
                Ok(rd) => rd,
                Err(_) => continue,
            };
            let mut names: Vec<Vec<u8>> = rd
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().as_bytes().to_vec())
                .collect();
            names.sort();
            for n in names {
                if fnmatch(comp, &n) {
                    let p = join(&n);
                    if last || crate::fs::path(&p).is_dir() {
                        next.push(p);
                    }
                }
            }
        }
        cur = next;
        if cur.is_empty() {
            break;
        }
    }
    if trailing_slash {
        cur.retain(|p| crate::fs::path(p).is_dir());
        for p in &mut cur {
            p.push(b'/');
        }
    }
    if comps.is_empty() {
        return Vec::new();
    }
    cur.sort();
    cur
}

/// One word of a rule: its matches, or the word itself when it has no
/// wildcard or matches nothing.
pub fn expand_word(word: &[u8]) -> Vec<Vec<u8>> {
    let w = tilde(word);
    if !has_magic(&w) {
        return vec![w];
    }
    let found = glob(&w);
    if found.is_empty() {
        vec![w]
    } else {
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnmatch_basics() {
        assert!(fnmatch(b"*.c", b"a.c"));
        assert!(!fnmatch(b"*.c", b".a.c"));
        assert!(fnmatch(b"a?c", b"abc"));
        assert!(fnmatch(b"[a-c]x", b"bx"));
        assert!(!fnmatch(b"[!a-c]x", b"bx"));
        assert!(fnmatch(b"a\\*", b"a*"));
        assert!(!fnmatch(b"a\\*", b"ab"));
        assert!(fnmatch(b"*", b"anything"));
    }
}
