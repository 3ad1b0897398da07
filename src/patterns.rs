//! Word splitting and `%` pattern matching, shared by functions, rules and
//! substitution references.

/// Whitespace as make splits words (GNU's ISSPACE): newline and the blanks.
#[inline]
pub fn is_ws(c: u8) -> bool {
    c == b'\n' || is_blank(c)
}

/// GNU's ISBLANK: every C `isspace` character but newline (space, tab,
/// carriage return, vertical tab, form feed).
#[inline]
pub fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c')
}

/// Iterates over the whitespace-separated words of `s`.
pub fn words(s: &[u8]) -> impl Iterator<Item = &[u8]> {
    s.split(|&c| is_ws(c)).filter(|w| !w.is_empty())
}

/// Matches `word` against a pattern with at most one `%` (the first one;
/// GNU does not treat backslash-quoted `%` here). Returns the stem.
pub fn match_pattern<'a>(pat: &[u8], word: &'a [u8]) -> Option<&'a [u8]> {
    match pat.iter().position(|&c| c == b'%') {
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

#[cfg(test)]
mod tests {
    use super::*;

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
