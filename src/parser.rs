//! The parser: the syntax of one logical makefile line.
//!
//! GNU make interleaves parsing and expansion for rule lines (a target list
//! is expanded word by word until its colon is found), so the evaluator
//! drives the parse; this module holds the pure, context-free pieces:
//! continuation collapsing, comment removal, assignment recognition,
//! directive recognition, conditional syntax, and make-word scanning.

use crate::patterns::is_ws;

pub use crate::patterns::is_blank;

/// GNU's ISSPACE: blanks and newline.
pub use crate::patterns::is_ws as is_space;

pub fn skip_ws(s: &[u8]) -> &[u8] {
    let i = s.iter().position(|&c| !is_ws(c)).unwrap_or(s.len());
    &s[i..]
}

/// Index of the first non-space (GNU's NEXT_TOKEN) from `i`.
pub fn next_token(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    i
}

/// End of the token starting at `i` (GNU's end_of_token).
pub fn end_of_token(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && !is_space(s[i]) {
        i += 1;
    }
    i
}

pub fn trim_end_blank(s: &[u8]) -> &[u8] {
    let mut e = s.len();
    while e > 0 && is_blank(s[e - 1]) {
        e -= 1;
    }
    &s[..e]
}

/// Collapses backslash-newlines in a makefile (non-recipe) line: the
/// backslash-newline, blanks before it and leading blanks of the next line
/// become one space (with `.POSIX`, blanks before it are kept). Of an even
/// run of backslashes before a newline, half are kept and the newline too.
pub fn collapse_continuations(line: &[u8], posix: bool) -> Vec<u8> {
    if !line.contains(&b'\n') {
        return line.to_vec();
    }
    let mut out = Vec::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        let Some(q) = line[i..].iter().position(|&c| c == b'\n').map(|x| x + i) else {
            out.extend_from_slice(&line[i..]);
            break;
        };
        let mut nb = 0;
        while nb < q - i && line[q - 1 - nb] == b'\\' {
            nb += 1;
        }
        // Keep the text before the backslashes, and half of them.
        out.extend_from_slice(&line[i..q - nb]);
        out.extend(std::iter::repeat_n(b'\\', nb / 2));
        i = q + 1;
        if nb % 2 == 1 {
            while i < line.len() && is_blank(line[i]) {
                i += 1;
            }
            if !posix {
                while out.last().is_some_and(|&c| is_blank(c)) {
                    out.pop();
                }
            }
            out.push(b' ');
        } else {
            out.push(b'\n');
        }
    }
    out
}

/// Finds the first of `stops` in `s` that is not inside a variable
/// reference and not quoted by an odd number of backslashes. Backslashes
/// quoting a stop character are halved in `s` (as GNU does in place).
/// Returns the index of the stop character in the updated `s`.
pub fn find_unquote(s: &mut Vec<u8>, stops: &[u8], skip_vars: bool) -> Option<usize> {
    find_unquote_from(s, 0, stops, skip_vars)
}

/// [`find_unquote`] over `s[start..]` (backslashes before `start` are not
/// looked at).
pub fn find_unquote_from(
    s: &mut Vec<u8>,
    start: usize,
    stops: &[u8],
    skip_vars: bool,
) -> Option<usize> {
    // Up to three characters to look for (the usual case): found with
    // memchr's vector search; more are compared one by one (no 256-byte
    // table to build for each short text).
    let mut needles = [0u8; 3];
    let mut n = 0;
    for &c in stops.iter().chain(skip_vars.then_some(&b'$')) {
        if n == needles.len() {
            n = usize::MAX;
            break;
        }
        if !needles[..n].contains(&c) {
            needles[n] = c;
            n += 1;
        }
    }
    let [a, b, c] = needles;
    // Short texts (most words and lines) are scanned byte by byte: the
    // vector search costs more to set up than it saves there.
    const SHORT: usize = 24;
    let near = |s: &[u8], p: usize, hit: &dyn Fn(u8) -> bool| {
        s[p..].iter().position(|&x| hit(x)).map(|i| p + i)
    };
    match n {
        0 => None,
        1 => find_unquote_by(
            s,
            start,
            |s, p| match s.len() - p < SHORT {
                true => near(s, p, &|x| x == a),
                false => memchr::memchr(a, &s[p..]).map(|i| p + i),
            },
            skip_vars,
        ),
        2 => find_unquote_by(
            s,
            start,
            |s, p| match s.len() - p < SHORT {
                true => near(s, p, &|x| x == a || x == b),
                false => memchr::memchr2(a, b, &s[p..]).map(|i| p + i),
            },
            skip_vars,
        ),
        3 => find_unquote_by(
            s,
            start,
            |s, p| match s.len() - p < SHORT {
                true => near(s, p, &|x| x == a || x == b || x == c),
                false => memchr::memchr3(a, b, c, &s[p..]).map(|i| p + i),
            },
            skip_vars,
        ),
        _ => find_unquote_by(
            s,
            start,
            |s, p| {
                s[p..]
                    .iter()
                    .position(|&c| stops.contains(&c) || (skip_vars && c == b'$'))
                    .map(|i| p + i)
            },
            skip_vars,
        ),
    }
}

/// The stop characters as a table (one lookup per byte scanned).
fn stop_table(stops: &[u8]) -> [bool; 256] {
    let mut stop = [false; 256];
    for &c in stops {
        stop[c as usize] = true;
    }
    stop
}

/// [`find_unquote_from`] with the stops as a [`stop_table`].
fn find_unquote_table(
    s: &mut Vec<u8>,
    start: usize,
    stops: &[bool; 256],
    skip_vars: bool,
) -> Option<usize> {
    find_unquote_by(
        s,
        start,
        |s, p| {
            s[p..]
                .iter()
                .position(|&c| stops[c as usize] || (skip_vars && c == b'$'))
                .map(|i| p + i)
        },
        skip_vars,
    )
}

/// [`find_unquote_from`] with a search for the next stop (including `$`
/// when `skip_vars`) at or after a position.
fn find_unquote_by(
    s: &mut Vec<u8>,
    start: usize,
    next_stop: impl Fn(&[u8], usize) -> Option<usize>,
    skip_vars: bool,
) -> Option<usize> {
    let mut p = start;
    loop {
        if p >= s.len() {
            return None;
        }
        p = next_stop(s, p)?;
        if skip_vars && s[p] == b'$' {
            if p + 1 >= s.len() {
                return None;
            }
            let open = s[p + 1];
            p += 2;
            if open == b'(' || open == b'{' {
                let close = if open == b'(' { b')' } else { b'}' };
                let mut count = 1;
                while p < s.len() {
                    if s[p] == open {
                        count += 1;
                    } else if s[p] == close {
                        count -= 1;
                        if count == 0 {
                            p += 1;
                            break;
                        }
                    }
                    p += 1;
                }
            }
            continue;
        }
        let mut nb = 0;
        while nb < p - start && s[p - 1 - nb] == b'\\' {
            nb += 1;
        }
        if nb == 0 {
            return Some(p);
        }
        // Swallow half of the backslashes (rounding the removal up).
        let removed = nb - nb / 2;
        s.drain(p - removed..p);
        p -= removed;
        if nb % 2 == 0 {
            return Some(p);
        }
        p += 1;
    }
}

/// A list of words in one buffer (a rule's prerequisites: hundreds of
/// names without an allocation each).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    text: Vec<u8>,
    ends: Vec<usize>,
}

impl Words {
    pub fn push(&mut self, w: &[u8]) {
        self.text.extend_from_slice(w);
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// All the words' bytes, one after the other.
    pub fn text(&self) -> &[u8] {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(s, e)| &self.text[s..e])
    }
}

impl<'a> FromIterator<&'a [u8]> for Words {
    fn from_iter<I: IntoIterator<Item = &'a [u8]>>(it: I) -> Words {
        let mut w = Words::default();
        for x in it {
            w.push(x);
        }
        w
    }
}

/// [`split_file_seq_words`], each name in a vector of its own.
pub fn split_file_seq(s: &[u8], stops: &[u8]) -> (Vec<Vec<u8>>, usize) {
    let mut names = Vec::new();
    let end = split_file_seq_with(s, stops, |w| names.push(w.to_vec()));
    (names, end)
}

/// Splits a list of file names as GNU's parse_file_seq does: names end
/// at an unquoted blank or one of `stops` (whose quoting backslashes are
/// removed); a leading `./` is dropped. Returns the names and the index in
/// `s` where a stop character ended the list (or `s.len()`).
pub fn split_file_seq_words(s: &[u8], stops: &[u8]) -> (Words, usize) {
    // (The names' bytes are never more than the text's.)
    let mut names = Words {
        text: Vec::with_capacity(s.len()),
        ends: Vec::new(),
    };
    let end = split_file_seq_with(s, stops, |w| names.push(w));
    (names, end)
}

/// The splitting of [`split_file_seq_words`], handing each name to `name`.
fn split_file_seq_with(s: &[u8], stops: &[u8], mut name_found: impl FnMut(&[u8])) -> usize {
    // Without backslashes nothing is unquoted: read `s` in place.
    let quoted = memchr::memchr(b'\\', s).is_some();
    let mut owned = if quoted { s.to_vec() } else { Vec::new() };
    let mut findmap = stop_table(stops);
    // A name ends at a blank proper: GNU skips any white space before a
    // name but keeps a carriage return, vertical tab or form feed inside one.
    for c in [b' ', b'\t'] {
        findmap[c as usize] = true;
    }
    let mut p = 0;
    loop {
        let buf: &[u8] = if quoted { &owned } else { s };
        while p < buf.len() && is_space(buf[p]) {
            p += 1;
        }
        if p >= buf.len() || stops.contains(&buf[p]) {
            break;
        }
        let start = p;
        let end = if quoted {
            find_unquote_table(&mut owned, start, &findmap, false).unwrap_or(owned.len())
        } else {
            // (The common case: a long list of plain names, searched a
            // vector at a time.)
            let rest = &s[start..];
            match stops {
                [] => memchr::memchr2(b' ', b'\t', rest),
                [c] => memchr::memchr3(b' ', b'\t', *c, rest),
                _ => rest.iter().position(|&c| findmap[c as usize]),
            }
            .map_or(s.len(), |e| start + e)
        };
        let buf: &[u8] = if quoted { &owned } else { s };
        let mut name = &buf[start..end];
        while name.len() > 2 && name.starts_with(b"./") {
            name = &name[2..];
            while name.first() == Some(&b'/') {
                name = &name[1..];
            }
        }
        if name.is_empty() {
            name_found(b"./");
        } else {
            name_found(name);
        }
        p = end;
    }
    // Map the stop position back to the caller's text: quoting backslashes
    // removed from `owned` shift it, so count from the end.
    let len = if quoted { owned.len() } else { s.len() };
    s.len() - (len - p)
}

/// GNU's unescape_char: `\c` becomes `c` (halving runs of backslashes
/// before `c`); other backslashes are kept.
pub fn unescape_char(s: &[u8], c: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'\\' {
            let mut e = i;
            while e < s.len() && s[e] == b'\\' {
                e += 1;
            }
            let l = e - i;
            if e >= s.len() || s[e] != c || l % 2 == 0 {
                out.extend_from_slice(&s[i..e]);
            } else if l > 1 {
                out.extend(std::iter::repeat_n(b'\\', l / 2));
            }
            i = e;
            if i >= s.len() {
                break;
            }
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

/// Removes a comment (an unquoted `#` outside variable references).
pub fn remove_comment(s: &mut Vec<u8>) {
    if let Some(i) = find_unquote(s, b"#", true) {
        s.truncate(i);
    }
}

/// An assignment operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`
    Recursive,
    /// `:=` or `::=`
    Simple,
    /// `:::=`
    Expand,
    /// `+=`
    Append,
    /// `?=`
    Conditional,
    /// `!=`
    Shell,
}

/// A recognized `NAME OP VALUE`: the name text (unexpanded, untrimmed of
/// nothing but surrounding blanks) and the value (leading blanks removed).
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment<'a> {
    pub name: &'a [u8],
    pub op: AssignOp,
    pub value: &'a [u8],
}

/// Recognizes a variable assignment (GNU's parse_variable_definition).
pub fn parse_assignment(s: &[u8]) -> Option<Assignment<'_>> {
    let start = next_token(s, 0);
    let mut p = start;
    let mut end: Option<usize> = None;
    loop {
        if p >= s.len() {
            return None;
        }
        let c = s[p];
        p += 1;
        if c == b'#' {
            return None;
        }
        if is_blank(c) {
            if end.is_some() {
                return None;
            }
            end = Some(p - 1);
            p = next_token(s, p);
            continue;
        }
        if c == b'=' {
            let e = end.unwrap_or(p - 1);
            return Some(finish(s, start, e, AssignOp::Recursive, p));
        }
        if c == b':' {
            let e = end.unwrap_or(p - 1);
            let at = |i: usize| s.get(i).copied();
            if at(p) == Some(b'=') {
                return Some(finish(s, start, e, AssignOp::Simple, p + 1));
            }
            if at(p) == Some(b':') {
                if at(p + 1) == Some(b'=') {
                    return Some(finish(s, start, e, AssignOp::Simple, p + 2));
                }
                if at(p + 1) == Some(b':') && at(p + 2) == Some(b'=') {
                    return Some(finish(s, start, e, AssignOp::Expand, p + 3));
                }
            }
            return None;
        }
        if s.get(p) == Some(&b'=') {
            let op = match c {
                b'+' => Some(AssignOp::Append),
                b'?' => Some(AssignOp::Conditional),
                b'!' => Some(AssignOp::Shell),
                _ => None,
            };
            if let Some(op) = op {
                let e = end.unwrap_or(p - 1);
                return Some(finish(s, start, e, op, p + 1));
            }
        }
        if end.is_some() {
            return None;
        }
        if c == b'$' {
            let &open = s.get(p)?;
            p += 1;
            let close = match open {
                b'(' => b')',
                b'{' => b'}',
                _ => continue,
            };
            let mut count = 1;
            while p < s.len() {
                if s[p] == close {
                    count -= 1;
                    if count == 0 {
                        p += 1;
                        break;
                    }
                }
                if s[p] == open {
                    count += 1;
                }
                p += 1;
            }
        }
    }
}

fn finish(s: &[u8], start: usize, end: usize, op: AssignOp, after: usize) -> Assignment<'_> {
    let v = next_token(s, after.min(s.len()));
    Assignment {
        name: &s[start..end],
        op,
        value: &s[v..],
    }
}

/// Modifiers in front of an assignment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Modifiers {
    /// Some(true) `export`, Some(false) `unexport`.
    pub export: Option<bool>,
    pub override_: bool,
    pub private: bool,
    pub define: bool,
    pub undefine: bool,
}

/// GNU's parse_var_assignment: modifiers followed by an assignment (or
/// `define`/`undefine`). Returns the modifiers and the rest of the line
/// (the assignment, or the name after define/undefine), or None.
pub fn parse_var_assignment(s: &[u8], target_var: bool) -> Option<(Modifiers, &[u8])> {
    let mut m = Modifiers::default();
    let mut p = next_token(s, 0);
    if p >= s.len() {
        return None;
    }
    loop {
        if parse_assignment(&s[p..]).is_some() {
            return Some((m, &s[p..]));
        }
        let e = end_of_token(s, p);
        let w = &s[p..e];
        match w {
            b"export" => m.export = Some(true),
            b"unexport" => m.export = Some(false),
            b"override" => m.override_ = true,
            b"private" => m.private = true,
            b"define" if !target_var => {
                m.define = true;
                return Some((m, &s[next_token(s, e)..]));
            }
            b"undefine" if !target_var => {
                m.undefine = true;
                return Some((m, &s[next_token(s, e)..]));
            }
            _ => return None,
        }
        p = next_token(s, e);
        if p >= s.len() {
            return None;
        }
    }
}

/// The kinds of make-word (GNU's get_next_mword).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MWord {
    Eol,
    Static,
    Variable,
    Colon,
    DColon,
    AmpColon,
    AmpDColon,
    Semicolon,
    VarAssign,
}

/// Scans the next make-word from `i`: its kind, start and end.
pub fn next_mword(s: &[u8], i: usize) -> (MWord, usize, usize) {
    let mut p = i;
    while p < s.len() && is_space(s[p]) {
        p += 1;
    }
    let beg = p;
    let at = |j: usize| s.get(j).copied().unwrap_or(0);
    if p >= s.len() {
        return (MWord::Eol, beg, beg);
    }
    let c = s[p];
    p += 1;
    match c {
        b';' => return (MWord::Semicolon, beg, p),
        b'=' => return (MWord::VarAssign, beg, p),
        b':' => {
            if at(p) == b'=' {
                return (MWord::VarAssign, beg, p + 1);
            }
            if at(p) == b':' {
                if at(p + 1) == b'=' {
                    return (MWord::VarAssign, beg, p + 2);
                }
                return (MWord::DColon, beg, p + 1);
            }
            return (MWord::Colon, beg, p);
        }
        b'&' if at(p) == b':' => {
            if at(p + 1) == b':' {
                return (MWord::AmpDColon, beg, p + 2);
            }
            return (MWord::AmpColon, beg, p + 1);
        }
        b'+' | b'?' | b'!' if at(p) == b'=' => return (MWord::VarAssign, beg, p + 1),
        _ => {}
    }
    let mut kind = MWord::Static;
    let mut c = c;
    loop {
        if c == 0 && p > s.len() {
            break;
        }
        if is_space(c) {
            break;
        }
        match c {
            b'=' | b':' => break,
            b'$' => {
                let n = at(p);
                p += 1;
                if n == b'$' {
                } else if p > s.len() {
                    break;
                } else {
                    kind = MWord::Variable;
                    let close = match n {
                        b'(' => Some(b')'),
                        b'{' => Some(b'}'),
                        _ => None,
                    };
                    if let Some(close) = close {
                        let mut count = 0;
                        while p < s.len() {
                            if s[p] == n {
                                count += 1;
                            } else if s[p] == close {
                                count -= 1;
                                if count < 0 {
                                    p += 1;
                                    break;
                                }
                            }
                            p += 1;
                        }
                    }
                }
            }
            b'?' | b'+' if at(p) == b'=' => break,
            b'\\' => {
                if matches!(at(p), b':' | b';' | b'=' | b'\\') {
                    p += 1;
                }
            }
            b'&' if at(p) == b':' => break,
            _ => {}
        }
        if p >= s.len() {
            p += 1;
            break;
        }
        c = s[p];
        p += 1;
    }
    (kind, beg, (p - 1).min(s.len()))
}

/// A conditional directive word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CondKind {
    Ifdef,
    Ifndef,
    Ifeq,
    Ifneq,
    Else,
    Endif,
}

pub fn cond_kind(word: &[u8]) -> Option<CondKind> {
    Some(match word {
        b"ifdef" => CondKind::Ifdef,
        b"ifndef" => CondKind::Ifndef,
        b"ifeq" => CondKind::Ifeq,
        b"ifneq" => CondKind::Ifneq,
        b"else" => CondKind::Else,
        b"endif" => CondKind::Endif,
        _ => return None,
    })
}

/// The two unexpanded operands of `ifeq`/`ifneq`, and whether text follows
/// them. None: invalid syntax.
pub fn parse_eq_args(s: &[u8]) -> Option<(&[u8], &[u8], bool)> {
    let (s1, next) = eq_first_arg(s)?;
    let (s2, extra) = eq_second_arg(s, next)?;
    Some((s1, s2, extra))
}

/// Where the second operand of `ifeq`/`ifneq` is looked for (GNU
/// expands the first operand before it looks there).
#[derive(Debug, Clone, Copy)]
pub struct EqNext {
    i: usize,
    comma: bool,
}

/// The first unexpanded operand of `ifeq`/`ifneq`. None: invalid syntax.
pub fn eq_first_arg(s: &[u8]) -> Option<(&[u8], EqNext)> {
    let first = *s.first()?;
    let termin = if first == b'(' { b',' } else { first };
    if termin != b',' && termin != b'"' && termin != b'\'' {
        return None;
    }
    let mut i = 1;
    let s1_start = 1;
    if termin == b',' {
        let mut count = 0i32;
        while i < s.len() {
            match s[i] {
                b'(' => count += 1,
                b')' => count -= 1,
                b',' if count <= 0 => break,
                _ => {}
            }
            i += 1;
        }
    } else {
        while i < s.len() && s[i] != termin {
            i += 1;
        }
    }
    if i >= s.len() {
        return None;
    }
    let s1 = if termin == b',' {
        trim_end_blank(&s[s1_start..i])
    } else {
        &s[s1_start..i]
    };
    let next = EqNext {
        i: i + 1,
        comma: termin == b',',
    };
    Some((s1, next))
}

/// The second unexpanded operand of `ifeq`/`ifneq`, and whether text
/// follows it. None: invalid syntax.
pub fn eq_second_arg(s: &[u8], next: EqNext) -> Option<(&[u8], bool)> {
    let mut i = next.i;
    if !next.comma {
        i = next_token(s, i);
    }
    let termin2 = if next.comma { b')' } else { *s.get(i)? };
    if termin2 != b')' && termin2 != b'"' && termin2 != b'\'' {
        return None;
    }
    let s2_start;
    if termin2 == b')' {
        let mut count = 0i32;
        s2_start = next_token(s, i);
        i = s2_start;
        while i < s.len() {
            if s[i] == b'(' {
                count += 1;
            } else if s[i] == b')' {
                if count <= 0 {
                    break;
                }
                count -= 1;
            }
            i += 1;
        }
    } else {
        i += 1;
        s2_start = i;
        while i < s.len() && s[i] != termin2 {
            i += 1;
        }
    }
    if i >= s.len() {
        return None;
    }
    let s2 = &s[s2_start..i];
    let rest = next_token(s, i + 1);
    Some((s2, rest < s.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_continuations() {
        assert_eq!(collapse_continuations(b"a  \\\n   b", false), b"a b");
        assert_eq!(collapse_continuations(b"a  \\\n   b", true), b"a   b");
        assert_eq!(collapse_continuations(b"a\\\\\nb", false), b"a\\\nb");
    }

    #[test]
    fn removes_comments() {
        let mut s = b"a = b # c".to_vec();
        remove_comment(&mut s);
        assert_eq!(s, b"a = b ");
        let mut s = b"a = b \\# c".to_vec();
        remove_comment(&mut s);
        assert_eq!(s, b"a = b # c");
        let mut s = b"a = $(x #) # y".to_vec();
        remove_comment(&mut s);
        assert_eq!(s, b"a = $(x #) ");
        let mut s = b"a\\\\# y".to_vec();
        remove_comment(&mut s);
        assert_eq!(s, b"a\\");
    }

    #[test]
    fn file_seq() {
        let (n, e) = split_file_seq(b"a\\ b ./c d|e", b"|");
        assert_eq!(n, vec![b"a b".to_vec(), b"c".to_vec(), b"d".to_vec()]);
        assert_eq!(e, 10);
        assert_eq!(
            unescape_char(b"a\\:b c\\\\:d e\\\\\\:f \\x", b':'),
            b"a:b c\\\\:d e\\:f \\x"
        );
    }

    #[test]
    fn recognizes_assignments() {
        let a = parse_assignment(b"x = 1").unwrap();
        assert_eq!(
            (a.name, a.op, a.value),
            (&b"x"[..], AssignOp::Recursive, &b"1"[..])
        );
        let a = parse_assignment(b"x:=1 ").unwrap();
        assert_eq!(
            (a.name, a.op, a.value),
            (&b"x"[..], AssignOp::Simple, &b"1 "[..])
        );
        assert_eq!(parse_assignment(b"x ::= 1").unwrap().op, AssignOp::Simple);
        assert_eq!(parse_assignment(b"x :::= 1").unwrap().op, AssignOp::Expand);
        assert_eq!(parse_assignment(b"x += 1").unwrap().op, AssignOp::Append);
        assert_eq!(parse_assignment(b"x != 1").unwrap().op, AssignOp::Shell);
        assert_eq!(parse_assignment(b"$(a:b=c) = 1").unwrap().name, b"$(a:b=c)");
        assert!(parse_assignment(b"a b = 1").is_none());
        assert!(parse_assignment(b"a: b").is_none());
        assert!(parse_assignment(b"a # = b").is_none());
    }

    #[test]
    fn modifiers() {
        let (m, rest) = parse_var_assignment(b"override export x = 1", false).unwrap();
        assert!(m.override_ && m.export == Some(true));
        assert_eq!(rest, b"x = 1");
        let (m, rest) = parse_var_assignment(b"define foo", false).unwrap();
        assert!(m.define);
        assert_eq!(rest, b"foo");
        assert!(parse_var_assignment(b"export", false).is_none());
        assert!(parse_var_assignment(b"export foo", false).is_none());
    }

    #[test]
    fn mwords() {
        let s = b"a $(x y): b";
        let (k, b, e) = next_mword(s, 0);
        assert_eq!((k, &s[b..e]), (MWord::Static, &b"a"[..]));
        let (k, b, e) = next_mword(s, e);
        assert_eq!((k, &s[b..e]), (MWord::Variable, &b"$(x y)"[..]));
        let (k, _, e) = next_mword(s, e);
        assert_eq!(k, MWord::Colon);
        let (k, b, e2) = next_mword(s, e);
        assert_eq!((k, &s[b..e2]), (MWord::Static, &b"b"[..]));
        assert_eq!(next_mword(s, e2).0, MWord::Eol);
        assert_eq!(next_mword(b"a&:b", 1).0, MWord::AmpColon);
        assert_eq!(next_mword(b"::", 0).0, MWord::DColon);
    }

    #[test]
    fn eq_args() {
        assert_eq!(
            parse_eq_args(b"(a ,b)"),
            Some((&b"a"[..], &b"b"[..], false))
        );
        assert_eq!(
            parse_eq_args(b"\"a\" 'b' x"),
            Some((&b"a"[..], &b"b"[..], true))
        );
        assert_eq!(
            parse_eq_args(b"(a,(b))"),
            Some((&b"a"[..], &b"(b)"[..], false))
        );
        assert_eq!(parse_eq_args(b"a b"), None);
    }
}
