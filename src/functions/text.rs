//! String and word functions: subst, patsubst, strip, findstring, filter,
//! filter-out, sort, word, wordlist, words, firstword, lastword, join.

use crate::error::{MakeError, Result};
use crate::make::Make;
use crate::patterns::{is_ws, words};

/// Appends words separated by single spaces (GNU's "add a space after each
/// item, then kill the last one").
pub(crate) struct Joiner {
    first: bool,
}

impl Joiner {
    pub(crate) fn new() -> Joiner {
        Joiner { first: true }
    }
    /// Starts a new item: writes the separating space if needed.
    #[inline]
    pub(crate) fn sep(&mut self, out: &mut Vec<u8>) {
        if !self.first {
            out.push(b' ');
        }
        self.first = false;
    }
    #[inline]
    pub(crate) fn push(&mut self, out: &mut Vec<u8>, w: &[u8]) {
        self.sep(out);
        out.extend_from_slice(w);
    }
}

/// The first occurrence of `needle` (non-empty) in `hay`.
pub(crate) fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    if needle.len() > hay.len() {
        return None;
    }
    let last_start = hay.len() - needle.len();
    let mut i = 0;
    while i <= last_start {
        let p = hay[i..=last_start].iter().position(|&c| c == first)? + i;
        if &hay[p + 1..p + needle.len()] == rest {
            return Some(p);
        }
        i = p + 1;
    }
    None
}

/// GNU's `find_percent`: the first `%` not quoted by a backslash. Backslashes
/// directly before each `%` up to and including that one are halved (an odd
/// count quotes the `%`). Returns the unescaped text and the index of the
/// active `%` in it.
pub(crate) fn find_percent(s: &[u8]) -> (std::borrow::Cow<'_, [u8]>, Option<usize>) {
    use std::borrow::Cow;
    let Some(first) = s.iter().position(|&c| c == b'%') else {
        return (Cow::Borrowed(s), None);
    };
    if first == 0 || s[first - 1] != b'\\' {
        return (Cow::Borrowed(s), Some(first));
    }
    let mut v: Vec<u8> = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c != b'%' {
            v.push(c);
            i += 1;
            continue;
        }
        let n = v.iter().rev().take_while(|&&b| b == b'\\').count();
        let remove = n - n / 2;
        v.truncate(v.len() - remove);
        v.push(b'%');
        i += 1;
        if n % 2 == 0 {
            let at = v.len() - 1;
            v.extend_from_slice(&s[i..]);
            return (Cow::Owned(v), Some(at));
        }
    }
    (Cow::Owned(v), None)
}

/// GNU's `subst_expand`. With `by_word`, only whole words are replaced.
fn subst_expand(out: &mut Vec<u8>, text: &[u8], from: &[u8], to: &[u8], by_word: bool) {
    if from.is_empty() && !by_word {
        out.extend_from_slice(text);
        out.extend_from_slice(to);
        return;
    }
    let mut t = 0;
    loop {
        let p = if from.is_empty() {
            // By word: the empty string matches at the end of each word.
            let mut q = t;
            while q < text.len() && is_ws(text[q]) {
                q += 1;
            }
            while q < text.len() && !is_ws(text[q]) {
                q += 1;
            }
            q
        } else {
            match find_bytes(&text[t..], from) {
                Some(x) => t + x,
                None => {
                    out.extend_from_slice(&text[t..]);
                    return;
                }
            }
        };
        out.extend_from_slice(&text[t..p]);
        let end = p + from.len();
        let struck =
            by_word && ((p > 0 && !is_ws(text[p - 1])) || (end < text.len() && !is_ws(text[end])));
        if struck {
            out.extend_from_slice(from);
        } else {
            out.extend_from_slice(to);
        }
        t = end;
        if t >= text.len() {
            return;
        }
    }
}

pub fn subst(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    subst_expand(out, args[2], args[0], args[1], false);
    Ok(())
}

/// `patsubst` with GNU's quirks: a pattern without `%` replaces whole words
/// in the raw text; an empty replacement drops the word and its space.
pub fn patsubst_into(out: &mut Vec<u8>, text: &[u8], pat: &[u8], rep: &[u8]) {
    let (pat, pp) = find_percent(pat);
    let (rep, rp) = find_percent(rep);
    let Some(pp) = pp else {
        subst_expand(out, text, &pat, &rep, true);
        return;
    };
    crate::patterns::patsubst_at(out, text, &pat, pp, &rep, rp);
}

pub fn patsubst(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    patsubst_into(out, args[2], args[0], args[1]);
    Ok(())
}

pub fn strip(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let mut j = Joiner::new();
    for w in words(args[0]) {
        j.push(out, w);
    }
    Ok(())
}

pub fn findstring(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    if args[0].is_empty() || find_bytes(args[1], args[0]).is_some() {
        out.extend_from_slice(args[0]);
    }
    Ok(())
}

fn filter_common(args: &[&[u8]], out: &mut Vec<u8>, keep_matching: bool) {
    let pats: Vec<(std::borrow::Cow<'_, [u8]>, Option<usize>)> =
        words(args[0]).map(find_percent).collect();
    // Patterns with a `%` are tried one by one; literal ones, when there
    // are many, are looked up in a set instead of scanned for each word.
    let wild: Vec<(&[u8], &[u8])> = pats
        .iter()
        .filter_map(|(p, pc)| pc.map(|i| (&p[..i], &p[i + 1..])))
        .collect();
    let literal: Vec<&[u8]> = pats
        .iter()
        .filter(|p| p.1.is_none())
        .map(|p| &*p.0)
        .collect();
    let set: Option<crate::hash::FxHashSet<&[u8]>> =
        (literal.len() > 8).then(|| literal.iter().copied().collect());
    let mut j = Joiner::new();
    for w in words(args[1]) {
        let m = match &set {
            Some(s) => s.contains(w),
            None => literal.contains(&w),
        } || wild.iter().any(|(pre, suf)| {
            w.len() >= pre.len() + suf.len() && w.starts_with(pre) && w.ends_with(suf)
        });
        if m == keep_matching {
            j.push(out, w);
        }
    }
}

pub fn filter(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    filter_common(args, out, true);
    Ok(())
}

pub fn filter_out(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    filter_common(args, out, false);
    Ok(())
}

pub fn sort(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let mut v: Vec<&[u8]> = words(args[0]).collect();
    v.sort_unstable();
    v.dedup();
    let mut j = Joiner::new();
    for w in v {
        j.push(out, w);
    }
    Ok(())
}

fn strip_ws(s: &[u8]) -> &[u8] {
    let b = s.iter().position(|&c| !is_ws(c)).unwrap_or(s.len());
    let e = s.iter().rposition(|&c| !is_ws(c)).map_or(b, |x| x + 1);
    &s[b..e.max(b)]
}

/// GNU's `parse_numeric`: a decimal `long long`, surrounding whitespace
/// allowed. `msg` starts the error message.
pub(crate) fn parse_numeric(mk: &Make, s: &[u8], msg: &str) -> Result<i64> {
    let t = strip_ws(s);
    let quoted = |extra: &str| {
        let mut m = msg.as_bytes().to_vec();
        m.extend_from_slice(b": '");
        m.extend_from_slice(s);
        m.push(b'\'');
        m.extend_from_slice(extra.as_bytes());
        MakeError::msg(super::expanding_loc(mk).as_ref(), m)
    };
    if t.is_empty() {
        return Err(MakeError::msg(
            super::expanding_loc(mk).as_ref(),
            format!("{}: empty value", msg),
        ));
    }
    let (neg, digits) = match t[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(quoted(""));
    }
    let mut n: i64 = 0;
    for &d in digits {
        let d = (d - b'0') as i64;
        let next = n.checked_mul(10).and_then(|x| {
            if neg {
                x.checked_sub(d)
            } else {
                x.checked_add(d)
            }
        });
        match next {
            Some(x) => n = x,
            None => return Err(quoted(" out of range")),
        }
    }
    Ok(n)
}

pub fn word(mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let n = parse_numeric(mk, args[0], "invalid first argument to 'word' function")?;
    if n < 1 {
        return Err(MakeError::msg(
            super::expanding_loc(mk).as_ref(),
            "first argument to 'word' function must be greater than 0",
        ));
    }
    if let Some(w) = words(args[1]).nth((n - 1) as usize) {
        out.extend_from_slice(w);
    }
    Ok(())
}

/// Byte ranges of the words of `s`.
fn word_spans(s: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < s.len() && is_ws(s[i]) {
            i += 1;
        }
        if i >= s.len() {
            return None;
        }
        let b = i;
        while i < s.len() && !is_ws(s[i]) {
            i += 1;
        }
        Some((b, i))
    })
}

pub fn wordlist(mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let bad1 = "invalid first argument to 'wordlist' function";
    let bad2 = "invalid second argument to 'wordlist' function";
    let start = parse_numeric(mk, args[0], bad1)?;
    if start < 1 {
        return Err(MakeError::msg(
            super::expanding_loc(mk).as_ref(),
            format!("{}: '{}'", bad1, start),
        ));
    }
    let stop = parse_numeric(mk, args[1], bad2)?;
    if stop < 0 {
        return Err(MakeError::msg(
            super::expanding_loc(mk).as_ref(),
            format!("{}: '{}'", bad2, stop),
        ));
    }
    if stop < start {
        return Ok(());
    }
    let text = args[2];
    let mut spans = word_spans(text).skip((start - 1) as usize);
    if let Some((b, mut e)) = spans.next() {
        let count = (stop - start) as u64;
        for (_, we) in spans.take(count.min(usize::MAX as u64) as usize) {
            e = we;
        }
        out.extend_from_slice(&text[b..e]);
    }
    Ok(())
}

pub fn words_(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    out.extend_from_slice(words(args[0]).count().to_string().as_bytes());
    Ok(())
}

pub fn firstword(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    if let Some(w) = words(args[0]).next() {
        out.extend_from_slice(w);
    }
    Ok(())
}

pub fn lastword(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    // From the end: a long list (a growing MAKEFILE_LIST) is not walked.
    if let Some(w) = words(args[0]).next_back() {
        out.extend_from_slice(w);
    }
    Ok(())
}

pub fn join(_mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let mut a = words(args[0]);
    let mut b = words(args[1]);
    let mut j = Joiner::new();
    loop {
        let (x, y) = (a.next(), b.next());
        if x.is_none() && y.is_none() {
            return Ok(());
        }
        j.sep(out);
        out.extend_from_slice(x.unwrap_or(b""));
        out.extend_from_slice(y.unwrap_or(b""));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::make::Make;

    pub(crate) fn mk() -> Make {
        Make::new(
            crate::cli::Options::default(),
            crate::output::Output::new(b"make".to_vec(), 0),
        )
    }

    /// Expands `s` and returns the text, or the error message.
    pub(crate) fn ex(m: &mut Make, s: &str) -> String {
        match m.expand_text(s.as_bytes()) {
            Ok(v) => String::from_utf8_lossy(&v).into_owned(),
            Err(crate::error::MakeError::Fatal { kind, .. }) => {
                format!("ERR:{}", String::from_utf8_lossy(&kind.message()))
            }
            Err(e) => format!("ERR:{}", e),
        }
    }

    fn e(s: &str) -> String {
        ex(&mut mk(), s)
    }

    #[test]
    fn subst() {
        assert_eq!(e("$(subst ee,EE,feet on the street)"), "fEEt on the strEEt");
        assert_eq!(e("$(subst ,x,ab)"), "abx");
        assert_eq!(e("$(subst a,,aaa b)"), " b");
        assert_eq!(e("$(subst a,b,)"), "");
        assert_eq!(e("$(subst aa,b,aaa)"), "ba");
    }

    #[test]
    fn patsubst() {
        assert_eq!(e("$(patsubst %.c,%.o,x.c.c bar.c)"), "x.c.o bar.o");
        assert_eq!(e("$(patsubst ,x,)"), "x");
        assert_eq!(e("$(patsubst ,x,a b )"), "a b x");
        assert_eq!(e("$(patsubst a,x,  a   b  a)"), "  x   b  x");
        assert_eq!(e("$(patsubst %.c,,a.c b c.c)"), "b");
        assert_eq!(e("$(patsubst a\\%,<\\%%>,a% a\\%b a%c)"), "<%%> a\\%b a%c");
        assert_eq!(e("$(patsubst \\\\%,X%,\\a)"), "Xa");
        assert_eq!(e("$(patsubst %,[%],  a  b )"), "[a] [b]");
        assert_eq!(e("$(patsubst a%,b,a ab c)"), "b b c");
    }

    #[test]
    fn patsubst_for_substitution_references() {
        let mut o = Vec::new();
        super::patsubst_into(&mut o, b"a.c b.c  d", b"%.c", b"");
        assert_eq!(o, b"d");
        o.clear();
        super::patsubst_into(&mut o, b"a.c b.c  d", b"%.c", b"%");
        assert_eq!(o, b"a b d");
    }

    #[test]
    fn find_percent_unescapes() {
        let (s, p) = super::find_percent(b"a\\\\\\%b\\\\%c%");
        assert_eq!(&*s, b"a\\%b\\%c%");
        assert_eq!(p, Some(5));
    }

    #[test]
    fn strip_findstring() {
        assert_eq!(e("[$(strip  a \t b\n  c  )]"), "[a b c]");
        assert_eq!(e("[$(strip )]"), "[]");
        assert_eq!(
            e("$(findstring a,b a c)|$(findstring x,abc)|$(findstring ,abc)"),
            "a||"
        );
    }

    #[test]
    fn filters() {
        assert_eq!(
            e("$(filter %.c %.s,foo.c bar.c baz.s ugh.h)"),
            "foo.c bar.c baz.s"
        );
        assert_eq!(e("$(filter-out %.c %.s,foo.c bar.c baz.s ugh.h)"), "ugh.h");
        assert_eq!(e("$(filter a\\%,a% a\\%)"), "a%");
        assert_eq!(e("$(filter a b c d e f g h i j k,x a k z a)"), "a k a");
        assert_eq!(e("$(filter-out a b c d e f g h i j k,x a k z a)"), "x z");
        // Many literal patterns (a set) together with `%` ones.
        assert_eq!(
            e("$(filter a b c d e f g h i %.o j k,x.o a y k.c z a)"),
            "x.o a a"
        );
        assert_eq!(
            e("$(filter-out a b c d e f g h %.o j k,x.o a y k.c)"),
            "y k.c"
        );
        assert_eq!(e("[$(filter a,)]"), "[]");
        assert_eq!(e("[$(filter ,a b)]"), "[]");
    }

    #[test]
    fn sort_words() {
        assert_eq!(e("$(sort b a  b c A)"), "A a b c");
        assert_eq!(e("[$(sort )]"), "[]");
    }

    #[test]
    fn word_and_wordlist() {
        assert_eq!(
            e("$(word 2, a  b )|$(word +2,a b c)|$(word 4,a b c)"),
            "b|b|"
        );
        assert_eq!(
            e("$(word 0,a)"),
            "ERR:first argument to 'word' function must be greater than 0"
        );
        assert_eq!(
            e("$(word ,a)"),
            "ERR:invalid first argument to 'word' function: empty value"
        );
        assert_eq!(
            e("$(word abc ,a)"),
            "ERR:invalid first argument to 'word' function: 'abc '"
        );
        assert_eq!(
            e("$(word 1a,a)"),
            "ERR:invalid first argument to 'word' function: '1a'"
        );
        assert_eq!(
            e("$(word 9999999999999999999,a)"),
            "ERR:invalid first argument to 'word' function: '9999999999999999999' out of range"
        );
        assert_eq!(e("[$(wordlist 2,3,a  b   c  d)]"), "[b   c]");
        assert_eq!(e("[$(wordlist 3,2,a b c)]"), "[]");
        assert_eq!(e("[$(wordlist 2,9,a b  c )]"), "[b  c]");
        assert_eq!(e("[$(wordlist 4,9,a b c)]"), "[]");
        assert_eq!(
            e("$(wordlist 0,1,a)"),
            "ERR:invalid first argument to 'wordlist' function: '0'"
        );
        assert_eq!(
            e("$(wordlist 1,-1,a)"),
            "ERR:invalid second argument to 'wordlist' function: '-1'"
        );
        assert_eq!(
            e("$(wordlist 1, 12a ,a)"),
            "ERR:invalid second argument to 'wordlist' function: ' 12a '"
        );
    }

    #[test]
    fn words_first_last_join() {
        assert_eq!(e("$(words a b  c )|$(words )"), "3|0");
        assert_eq!(
            e("[$(firstword  a b)][$(lastword a b )][$(lastword )]"),
            "[a][b][]"
        );
        assert_eq!(
            e("[$(join a b c,1 2)][$(join a,1 2 3)][$(join ,)]"),
            "[a1 b2 c][a1 2 3][]"
        );
    }
}
