//! The syntax tree: unexpanded expressions and makefile statements.
//!
//! An [`Expr`] is the parsed form of text that may contain `$` references. It
//! is built once (per makefile line, per recursive variable value) and
//! expanded many times by `expand`. The parse follows GNU make's scanner
//! exactly, including its quirks: a plain `$(name)` ends at the first closing
//! paren, a function's arguments are split on commas outside parens of the
//! same kind, and unterminated references are only an error when expanded.

use crate::error::ErrorKind;
use crate::functions::{self, FuncId};

/// An expression: a concatenation of parts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expr {
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Literal bytes (`$$` already turned into `$`).
    Lit(Vec<u8>),
    /// A variable reference `$(..)`, `${..}` or `$c`.
    Var(Box<VarRef>),
    /// A call of a built-in function.
    Call(Box<Call>),
    /// An unterminated reference or call: an error if ever expanded.
    /// Everything after it in the source is discarded, as GNU does.
    Error(ErrorKind),
}

#[derive(Debug, Clone, PartialEq)]
pub enum VarRef {
    /// `$(NAME)` with a literal name.
    Plain(Vec<u8>),
    /// `$(NAME:PAT=REP)` with literal parts.
    Subst {
        name: Vec<u8>,
        pat: Vec<u8>,
        rep: Vec<u8>,
    },
    /// `$($(x)...)`: the name is expanded first; the result is then split
    /// at `:` and `=` exactly like a literal one.
    Computed(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub func: FuncId,
    /// The arguments, unexpanded. There is always at least one (possibly
    /// empty), as in GNU; the last one takes the rest once `max` is reached.
    pub args: Vec<Expr>,
}

impl Expr {
    /// Parses text as an expression.
    pub fn parse(s: &[u8]) -> Expr {
        Expr::parse_at(s, 0)
    }

    /// Parses text nested `depth` references deep; too deep a nesting
    /// becomes an error part (reported only if expanded).
    fn parse_at(s: &[u8], depth: u32) -> Expr {
        let mut parts = Vec::new();
        if depth > crate::error::MAX_DEPTH {
            parts.push(Part::Error(ErrorKind::TooDeep));
            return Expr { parts };
        }
        parse_into(s, &mut parts, depth);
        Expr { parts }
    }

    /// A literal expression (no `$` interpretation).
    pub fn literal(s: &[u8]) -> Expr {
        if s.is_empty() {
            Expr::default()
        } else {
            Expr {
                parts: vec![Part::Lit(s.to_vec())],
            }
        }
    }

    /// The text, if the expression has no references at all.
    pub fn as_literal(&self) -> Option<&[u8]> {
        match self.parts.as_slice() {
            [] => Some(b""),
            [Part::Lit(l)] => Some(l),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

fn push_lit(parts: &mut Vec<Part>, s: &[u8]) {
    if s.is_empty() {
        return;
    }
    if let Some(Part::Lit(l)) = parts.last_mut() {
        l.extend_from_slice(s);
    } else {
        parts.push(Part::Lit(s.to_vec()));
    }
}

pub(crate) fn find(s: &[u8], c: u8) -> Option<usize> {
    s.iter().position(|&b| b == c)
}

fn parse_into(s: &[u8], parts: &mut Vec<Part>, depth: u32) {
    let mut i = 0;
    while i < s.len() {
        let Some(d) = find(&s[i..], b'$') else {
            push_lit(parts, &s[i..]);
            return;
        };
        push_lit(parts, &s[i..i + d]);
        let p = i + d + 1; // just after '$'
        if p >= s.len() {
            // A `$` at the end of the text stands for itself.
            push_lit(parts, b"$");
            return;
        }
        match s[p] {
            b'$' => {
                push_lit(parts, b"$");
                i = p + 1;
            }
            open @ (b'(' | b'{') => {
                let close = if open == b'(' { b')' } else { b'}' };
                let beg = p + 1;
                if let Some((func, name_end)) = function_at(&s[beg..]) {
                    match parse_call(s, beg, name_end, open, close, func, depth) {
                        Ok((call, end)) => {
                            parts.push(Part::Call(Box::new(call)));
                            i = end + 1;
                        }
                        Err(kind) => {
                            parts.push(Part::Error(kind));
                            return;
                        }
                    }
                    continue;
                }
                let Some(first_close) = find(&s[beg..], close).map(|x| beg + x) else {
                    parts.push(Part::Error(ErrorKind::UnterminatedVarRef));
                    return;
                };
                if find(&s[beg..first_close], b'$').is_some() {
                    // Count parens of this kind to find the matching close.
                    let mut count = 0i32;
                    let mut q = beg;
                    let mut matched = None;
                    while q < s.len() {
                        if s[q] == open {
                            count += 1;
                        } else if s[q] == close {
                            count -= 1;
                            if count < 0 {
                                matched = Some(q);
                                break;
                            }
                        }
                        q += 1;
                    }
                    match matched {
                        Some(m) => {
                            let name = Expr::parse_at(&s[beg..m], depth + 1);
                            parts.push(Part::Var(Box::new(VarRef::Computed(name))));
                            i = m + 1;
                        }
                        None => {
                            // GNU takes the text up to the first close as a
                            // literal name and drops the rest of the input.
                            parts.push(Part::Var(Box::new(literal_ref(&s[beg..first_close]))));
                            return;
                        }
                    }
                } else {
                    parts.push(Part::Var(Box::new(literal_ref(&s[beg..first_close]))));
                    i = first_close + 1;
                }
            }
            c => {
                parts.push(Part::Var(Box::new(VarRef::Plain(vec![c]))));
                i = p + 1;
            }
        }
    }
}

/// Splits a literal reference into a plain or substitution reference.
pub fn literal_ref(name: &[u8]) -> VarRef {
    match split_subst(name) {
        Some((n, pat, rep)) => VarRef::Subst {
            name: n.to_vec(),
            pat: pat.to_vec(),
            rep: rep.to_vec(),
        },
        None => VarRef::Plain(name.to_vec()),
    }
}

/// `NAME:PAT=REP` split at the first `:` and the first `=` after it.
pub fn split_subst(name: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let colon = find(name, b':')?;
    let eq = find(&name[colon + 1..], b'=')? + colon + 1;
    Some((&name[..colon], &name[colon + 1..eq], &name[eq + 1..]))
}

fn is_func_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.'
}

pub use crate::patterns::is_ws as is_space;

/// If `s` starts with a built-in function's name followed by whitespace or
/// the end of text, the function and the length of its name.
pub(crate) fn function_at(s: &[u8]) -> Option<(FuncId, usize)> {
    let e = s.iter().position(|&c| !is_func_char(c)).unwrap_or(s.len());
    if e == 0 || (e < s.len() && !is_space(s[e])) {
        return None;
    }
    functions::lookup(&s[..e]).map(|f| (f, e))
}

/// Parses the arguments of a function call whose name starts at `beg` in
/// `s`. Returns the call and the index of its closing paren.
pub(crate) fn parse_call(
    s: &[u8],
    beg: usize,
    name_len: usize,
    open: u8,
    close: u8,
    func: FuncId,
    depth: u32,
) -> Result<(Call, usize), ErrorKind> {
    let def = functions::def(func);
    let mut a = beg + name_len;
    while a < s.len() && is_space(s[a]) {
        a += 1;
    }
    let Some(end) = matching_close(s, a, open, close) else {
        return Err(ErrorKind::UnterminatedCall {
            name: def.name.as_bytes().to_vec(),
            close,
        });
    };
    let mut args = Vec::new();
    let mut p = a;
    // GNU strips the text of a condition before expanding it (the first
    // argument of `if`, every one of `or` and `and`): `$ ` is then a lone
    // `$`, not the variable named ` `.
    let strip_all = matches!(def.name, "or" | "and");
    let strip_first = strip_all || def.name == "if";
    loop {
        let n = args.len() + 1;
        let next = if n == def.max_args && def.max_args != 0 {
            end
        } else {
            next_comma(&s[p..end], open, close)
                .map(|x| p + x)
                .unwrap_or(end)
        };
        let text = match strip_all || (strip_first && n == 1) {
            true => strip_space(&s[p..next]),
            false => &s[p..next],
        };
        args.push(match def.imp {
            functions::Imp::Loaded(l) if !l.expand => Expr::literal(text),
            _ => Expr::parse_at(text, depth + 1),
        });
        if next >= end {
            break;
        }
        p = next + 1;
    }
    Ok((Call { func, args }, end))
}

/// `s` without leading and trailing white space (C's isspace, as GNU's
/// strip_whitespace).
fn strip_space(s: &[u8]) -> &[u8] {
    let sp = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let b = s.iter().position(|c| !sp(c)).unwrap_or(s.len());
    let e = s.iter().rposition(|c| !sp(c)).map_or(b, |i| i + 1);
    &s[b..e]
}

/// The next top-level comma (parens of the call's kind counted).
pub(crate) fn next_comma(s: &[u8], open: u8, close: u8) -> Option<usize> {
    let mut count = 0i32;
    for (i, &c) in s.iter().enumerate() {
        if c == open {
            count += 1;
        } else if c == close {
            count -= 1;
            if count < 0 {
                return None;
            }
        } else if c == b',' && count == 0 {
            return Some(i);
        }
    }
    None
}

/// The index of the close paren matching an open one just before `from`
/// (parens of that kind counted).
pub fn matching_close(s: &[u8], from: usize, open: u8, close: u8) -> Option<usize> {
    let mut count = 0i32;
    for (q, &c) in s.iter().enumerate().skip(from) {
        if c == open {
            count += 1;
        } else if c == close {
            count -= 1;
            if count < 0 {
                return Some(q);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Part {
        Part::Lit(s.as_bytes().to_vec())
    }
    fn var(s: &str) -> Part {
        Part::Var(Box::new(VarRef::Plain(s.as_bytes().to_vec())))
    }

    #[test]
    fn literal_and_dollars() {
        assert_eq!(Expr::parse(b"abc").parts, vec![lit("abc")]);
        assert_eq!(Expr::parse(b"a$$b").parts, vec![lit("a$b")]);
        assert_eq!(Expr::parse(b"a$").parts, vec![lit("a$")]);
        assert!(Expr::parse(b"").parts.is_empty());
    }

    #[test]
    fn variable_references() {
        assert_eq!(Expr::parse(b"$(foo)x").parts, vec![var("foo"), lit("x")]);
        assert_eq!(Expr::parse(b"${foo}").parts, vec![var("foo")]);
        assert_eq!(Expr::parse(b"$ab").parts, vec![var("a"), lit("b")]);
        // A plain reference ends at the first close paren.
        assert_eq!(Expr::parse(b"$(a(b)").parts, vec![var("a(b")]);
        assert_eq!(
            Expr::parse(b"$(foo").parts,
            vec![Part::Error(ErrorKind::UnterminatedVarRef)]
        );
    }

    #[test]
    fn substitution_reference() {
        let e = Expr::parse(b"$(x:.c=.o)");
        assert_eq!(
            e.parts,
            vec![Part::Var(Box::new(VarRef::Subst {
                name: b"x".to_vec(),
                pat: b".c".to_vec(),
                rep: b".o".to_vec()
            }))]
        );
        // A colon with no `=` is part of the name.
        assert_eq!(Expr::parse(b"$(a:b)").parts, vec![var("a:b")]);
    }

    #[test]
    fn computed_names() {
        let e = Expr::parse(b"$($(a)_b)");
        match &e.parts[0] {
            Part::Var(v) => match &**v {
                VarRef::Computed(n) => assert_eq!(n.parts, vec![var("a"), lit("_b")]),
                other => panic!("unexpected {:?}", other),
            },
            other => panic!("unexpected {:?}", other),
        }
    }

    #[test]
    fn function_calls_split_arguments() {
        let e = Expr::parse(b"$(subst a,b,c,d)");
        match &e.parts[0] {
            Part::Call(c) => {
                // subst takes 3 arguments: the last keeps its commas.
                assert_eq!(c.args.len(), 3);
                assert_eq!(c.args[2].parts, vec![lit("c,d")]);
            }
            other => panic!("unexpected {:?}", other),
        }
        // Commas inside nested parens of the same kind do not split.
        let e = Expr::parse(b"$(if $(a,b),x)");
        match &e.parts[0] {
            Part::Call(c) => assert_eq!(c.args.len(), 2),
            other => panic!("unexpected {:?}", other),
        }
        // A name not followed by whitespace is a variable.
        assert_eq!(Expr::parse(b"$(info)").parts, vec![var("info")]);
    }

    #[test]
    fn unterminated_call() {
        let e = Expr::parse(b"x$(info a");
        assert_eq!(e.parts[0], lit("x"));
        assert!(matches!(
            e.parts[1],
            Part::Error(ErrorKind::UnterminatedCall { .. })
        ));
    }
}
