//! Word splitting and `%` pattern matching, shared by functions, rules and
//! substitution references.

use std::borrow::Cow;

/// Whitespace as make splits words (GNU's ISSPACE): every C `isspace`
/// character (space, tab, newline, carriage return, vertical tab, form
/// feed).
#[inline]
pub fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// GNU's ISBLANK: space and tab only (GNU's other white space counts as
/// "newline" there): what separates a variable's name from its operator,
/// and what is trimmed around a backslash-newline.
#[inline]
pub fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

/// Iterates over the whitespace-separated words of `s`.
pub fn words(s: &[u8]) -> impl DoubleEndedIterator<Item = &[u8]> {
    s.split(|&c| is_ws(c)).filter(|w| !w.is_empty())
}

/// GNU's `find_percent`: the position of the first `%` not quoted by a
/// backslash, with the backslashes before each `%` up to and including
/// that one halved (an odd count quotes the `%`). Returns the rewritten
/// pattern (borrowed when it has no backslash).
pub fn unquote_percent(pat: &[u8]) -> (Cow<'_, [u8]>, Option<usize>) {
    if !pat.contains(&b'\\') {
        return (Cow::Borrowed(pat), pat.iter().position(|&c| c == b'%'));
    }
    let mut out: Vec<u8> = Vec::with_capacity(pat.len());
    let mut i = 0;
    while i < pat.len() {
        let c = pat[i];
        if c == b'%' {
            let n = out.iter().rev().take_while(|&&b| b == b'\\').count();
            out.truncate(out.len() - (n - n / 2));
            if n % 2 == 0 {
                let at = out.len();
                out.extend_from_slice(&pat[i..]);
                return (Cow::Owned(out), Some(at));
            }
        }
        out.push(c);
        i += 1;
    }
    (Cow::Owned(out), None)
}

/// `pat` with its first `%` replaced by `with` (unchanged without one).
pub fn subst_first_percent(pat: &[u8], with: &[u8]) -> Vec<u8> {
    replace_at(pat, pat.iter().position(|&c| c == b'%'), with)
}

/// `pat` with the byte at `at` (its `%`) replaced by `with`; `pat` itself
/// when `at` is None.
pub fn replace_at(pat: &[u8], at: Option<usize>, with: &[u8]) -> Vec<u8> {
    match at {
        None => pat.to_vec(),
        Some(i) => {
            let mut v = Vec::with_capacity(pat.len() + with.len());
            v.extend_from_slice(&pat[..i]);
            v.extend_from_slice(with);
            v.extend_from_slice(&pat[i + 1..]);
            v
        }
    }
}

/// Matches `word` against `pat` whose `%` is at `percent` (the one
/// [`unquote_percent`] found); without one, `word` must equal `pat`.
/// Returns the stem.
pub fn match_at<'a>(pat: &[u8], percent: Option<usize>, word: &'a [u8]) -> Option<&'a [u8]> {
    match percent {
        None => (pat == word).then_some(&word[..0]),
        Some(i) => {
            let (pre, suf) = (&pat[..i], &pat[i + 1..]);
            if word.len() >= pre.len() + suf.len() && word.starts_with(pre) && word.ends_with(suf) {
                Some(&word[pre.len()..word.len() - suf.len()])
            } else {
                None
            }
        }
    }
}

/// GNU's `patsubst_expand_pat`: each word of `text` that matches `pat`
/// (its `%` at `pp`) becomes `rep` with its `%` (at `rp`, if any) replaced
/// by the stem; the other words are kept; the results are joined by
/// single spaces. An empty replacement drops the word and its space.
pub fn patsubst_at(
    out: &mut Vec<u8>,
    text: &[u8],
    pat: &[u8],
    pp: usize,
    rep: &[u8],
    rp: Option<usize>,
) {
    let (pre, suf) = (&pat[..pp], &pat[pp + 1..]);
    let mark = out.len();
    let mut any = false;
    for w in words(text) {
        let matched = w.len() >= pre.len() + suf.len() && w.starts_with(pre) && w.ends_with(suf);
        if !matched {
            out.extend_from_slice(w);
        } else {
            match rp {
                None => out.extend_from_slice(rep),
                Some(r) => {
                    out.extend_from_slice(&rep[..r]);
                    out.extend_from_slice(&w[pre.len()..w.len() - suf.len()]);
                    out.extend_from_slice(&rep[r + 1..]);
                }
            }
        }
        if !matched || !rep.is_empty() {
            out.push(b' ');
            any = true;
        }
    }
    if any && out.len() > mark {
        out.pop();
    }
}

/// The stem of a static pattern rule's target `name` (its pattern `pat`
/// has its `%` at `pct`): GNU computes it as `$(patsubst PAT,%,NAME)`, so
/// a name holding white space gives the stems (or the words) of its
/// words joined by single spaces.
pub fn static_stem(pat: &[u8], pct: usize, name: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len());
    patsubst_at(&mut out, name, pat, pct, b"%", Some(0));
    out
}

/// A static pattern rule's prerequisite `pat` (its `%` at `at`) for a
/// target of stem `stem`: GNU's `$(patsubst %,PAT,STEM)`, so a stem of
/// several words gives one name of as many substitutions joined by
/// spaces; an empty stem just drops the `%`.
pub fn static_prereq(pat: &[u8], at: usize, stem: &[u8]) -> Vec<u8> {
    if stem.is_empty() {
        return replace_at(pat, Some(at), stem);
    }
    let mut out = Vec::with_capacity(pat.len() + stem.len());
    patsubst_at(&mut out, stem, b"%", 0, pat, Some(at));
    out
}

/// Matches `word` against a pattern with at most one `%` (the first one;
/// GNU does not treat backslash-quoted `%` here). Returns the stem.
pub fn match_pattern<'a>(pat: &[u8], word: &'a [u8]) -> Option<&'a [u8]> {
    match_at(pat, pat.iter().position(|&c| c == b'%'), word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_quoting() {
        let uq = |s: &[u8]| {
            let (p, i) = unquote_percent(s);
            (p.into_owned(), i)
        };
        assert_eq!(uq(b"%.c"), (b"%.c".to_vec(), Some(0)));
        assert_eq!(uq(b"a\\%b%c"), (b"a%b%c".to_vec(), Some(3)));
        assert_eq!(uq(b"a\\\\%b"), (b"a\\%b".to_vec(), Some(2)));
        assert_eq!(uq(b"a\\\\\\%b"), (b"a\\%b".to_vec(), None));
        assert_eq!(uq(b"a\\b%\\%"), (b"a\\b%\\%".to_vec(), Some(3)));
        assert_eq!(uq(b"abc"), (b"abc".to_vec(), None));
        assert_eq!(match_at(b"a%b%c", Some(3), b"a%bXc"), Some(&b"X"[..]));
        assert_eq!(match_at(b"abc", None, b"abc"), Some(&b""[..]));
    }

    #[test]
    fn splits_words() {
        let w: Vec<&[u8]> = words(b"  a\tb \n c ").collect();
        assert_eq!(w, vec![&b"a"[..], b"b", b"c"]);
    }

    #[test]
    fn matches_patterns() {
        assert_eq!(match_pattern(b"%.c", b"foo.c"), Some(&b"foo"[..]));
        assert_eq!(match_pattern(b"a%b", b"ab"), Some(&b""[..]));
        assert_eq!(match_pattern(b"a%b", b"a"), None);
        assert_eq!(match_pattern(b"x", b"x"), Some(&b""[..]));
    }
}
