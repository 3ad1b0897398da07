//! Control and variable functions: if, and, or, intcmp, foreach, let, call,
//! value, origin, flavor, eval.

use std::borrow::Cow;
use std::cell::Cell;

use super::text::Joiner;
use super::{def, lookup, Imp};
use crate::ast::{Expr, Part};
use crate::error::{ErrorKind, MakeError, Result};
use crate::make::Make;
use crate::patterns::{is_ws, words};

/// The expression with leading and trailing whitespace of its source text
/// removed, as GNU strips the conditions of `if`, `and` and `or` before
/// expanding them.
fn stripped(e: &Expr) -> Cow<'_, Expr> {
    let lead =
        matches!(e.parts.first(), Some(Part::Lit(l)) if l.first().is_some_and(|&c| is_ws(c)));
    let trail = matches!(e.parts.last(), Some(Part::Lit(l)) if l.last().is_some_and(|&c| is_ws(c)));
    if !lead && !trail {
        return Cow::Borrowed(e);
    }
    let mut e = e.clone();
    if let Some(Part::Lit(l)) = e.parts.first_mut() {
        let n = l.iter().take_while(|&&c| is_ws(c)).count();
        l.drain(..n);
    }
    if let Some(Part::Lit(l)) = e.parts.last_mut() {
        let n = l.iter().rev().take_while(|&&c| is_ws(c)).count();
        l.truncate(l.len() - n);
    }
    e.parts
        .retain(|p| !matches!(p, Part::Lit(l) if l.is_empty()));
    Cow::Owned(e)
}

pub fn if_(mk: &mut Make, args: &[Expr], out: &mut Vec<u8>) -> Result<()> {
    let cond = stripped(&args[0]);
    let truth = !cond.is_empty() && !mk.expand(&cond)?.is_empty();
    let branch = if truth { args.get(1) } else { args.get(2) };
    if let Some(b) = branch {
        mk.expand_into(b, out)?;
    }
    Ok(())
}

pub fn or(mk: &mut Make, args: &[Expr], out: &mut Vec<u8>) -> Result<()> {
    for a in args {
        let c = stripped(a);
        if c.is_empty() {
            continue;
        }
        let mark = out.len();
        mk.expand_into(&c, out)?;
        if out.len() > mark {
            break;
        }
    }
    Ok(())
}

pub fn and(mk: &mut Make, args: &[Expr], out: &mut Vec<u8>) -> Result<()> {
    let mut buf = Vec::new();
    for a in args {
        let c = stripped(a);
        if c.is_empty() {
            return Ok(());
        }
        buf.clear();
        mk.expand_into(&c, &mut buf)?;
        if buf.is_empty() {
            return Ok(());
        }
    }
    out.extend_from_slice(&buf);
    Ok(())
}

/// GNU's `parse_textint`: an integer of any size. Returns the sign (-1, 0,
/// 1) and the digits without leading zeros.
fn parse_textint<'a>(mk: &Make, s: &'a [u8], which: &str) -> Result<(i32, &'a [u8])> {
    let msg = format!("non-numeric {} argument to 'intcmp' function", which);
    let t = &s[s.iter().take_while(|&&c| is_ws(c)).count()..];
    if t.is_empty() {
        return Err(MakeError::msg(
            super::expanding_loc(mk).as_ref(),
            format!("{}: empty value", msg),
        ));
    }
    let neg = t[0] == b'-';
    let body = if neg || t[0] == b'+' { &t[1..] } else { t };
    let ndig = body.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = &body[ndig..];
    if ndig == 0 || !rest.iter().all(|&c| is_ws(c)) {
        let mut m = msg.into_bytes();
        m.extend_from_slice(b": '");
        m.extend_from_slice(s);
        m.push(b'\'');
        return Err(MakeError::msg(super::expanding_loc(mk).as_ref(), m));
    }
    let digits = &body[..ndig];
    let digits = &digits[digits.iter().take_while(|&&c| c == b'0').count()..];
    let sign = if digits.is_empty() {
        0
    } else if neg {
        -1
    } else {
        1
    };
    Ok((sign, digits))
}

pub fn intcmp(mk: &mut Make, args: &[Expr], out: &mut Vec<u8>) -> Result<()> {
    let lhs = mk.expand(&args[0])?;
    let rhs = mk.expand(&args[1])?;
    let (ls, ld) = parse_textint(mk, &lhs, "first")?;
    let (rs, rd) = parse_textint(mk, &rhs, "second")?;
    use std::cmp::Ordering;
    let mut ord = ls.cmp(&rs);
    if ord == Ordering::Equal {
        // GNU 4.4.1 compares the magnitudes even for negative numbers,
        // so -10 > -9 there: kept for compatibility.
        ord = ld.len().cmp(&rd.len()).then_with(|| ld.cmp(rd));
    }
    let branch = match ord {
        Ordering::Less => args.get(2),
        Ordering::Equal => {
            if args.len() == 2 {
                if ls < 0 {
                    out.push(b'-');
                }
                out.extend_from_slice(if ls == 0 { b"0" } else { ld });
                return Ok(());
            }
            args.get(3)
        }
        Ordering::Greater => args.get(4).or(args.get(3)),
    };
    if let Some(b) = branch {
        mk.expand_into(b, out)?;
    }
    Ok(())
}

pub fn foreach(mk: &mut Make, args: &[Expr], out: &mut Vec<u8>) -> Result<()> {
    let names = mk.expand(&args[0])?;
    let list = mk.expand(&args[1])?;
    let name = words(&names).next().unwrap_or(b"");
    mk.vars.push_local();
    mk.vars.set_local_value(name, b"");
    let mut j = Joiner::new();
    let mut r = Ok(());
    for w in words(&list) {
        mk.vars.set_local_value(name, w);
        j.sep(out);
        r = mk.expand_into(&args[2], out);
        if r.is_err() {
            break;
        }
    }
    mk.vars.pop_local();
    r
}

pub fn let_(mk: &mut Make, args: &[Expr], out: &mut Vec<u8>) -> Result<()> {
    let names = mk.expand(&args[0])?;
    let list = mk.expand(&args[1])?;
    let names: Vec<&[u8]> = words(&names).collect();
    mk.vars.push_local();
    let mut rest: &[u8] = &list;
    if let Some((last, init)) = names.split_last() {
        for n in init {
            let b = rest.iter().position(|&c| !is_ws(c)).unwrap_or(rest.len());
            let e = rest[b..]
                .iter()
                .position(|&c| is_ws(c))
                .map_or(rest.len(), |x| b + x);
            mk.vars.set_local_value(n, &rest[b..e]);
            // Skip the one character that ended the word.
            rest = &rest[(e + 1).min(rest.len())..];
        }
        let b = rest.iter().position(|&c| !is_ws(c)).unwrap_or(rest.len());
        mk.vars.set_local_value(last, &rest[b..]);
    }
    let r = mk.expand_into(&args[2], out);
    mk.vars.pop_local();
    r
}

thread_local! {
    /// The number of arguments ($0 included) of the innermost `call` being
    /// expanded: nested calls with fewer arguments hide the outer ones.
    static CALL_ARGS: Cell<usize> = const { Cell::new(0) };
    /// The bytes held by the arguments of the `call`s being expanded.
    static CALL_BYTES: Cell<usize> = const { Cell::new(0) };
}

/// Runs a built-in function on already-expanded arguments, as `$(call)`
/// does when its first argument names one.
fn call_builtin(mk: &mut Make, id: super::FuncId, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let d = def(id);
    if args.len() < d.min_args {
        return Err(MakeError::at(
            super::expanding_loc(mk).as_ref(),
            ErrorKind::TooFewArgs {
                name: d.name.as_bytes().to_vec(),
                given: args.len(),
            },
        ));
    }
    if args.is_empty() {
        return Ok(());
    }
    match d.imp {
        Imp::Eager(f) => f(mk, args, out),
        Imp::Loaded(l) => crate::load::call_loaded(mk, d.name, l, args, out),
        Imp::Lazy(f) => {
            // The arguments were expanded once already; a lazy function
            // expands them again.
            let exprs: Vec<Expr> = args.iter().map(|a| Expr::parse(a)).collect();
            f(mk, &exprs, out)
        }
    }
}

pub fn call(mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    // The name is the first word; GNU cuts the argument after it in
    // place, so $(0) keeps any white space before it.
    let sp = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let Some(start) = args[0].iter().position(|c| !sp(c)) else {
        return Ok(());
    };
    let end = args[0][start..]
        .iter()
        .position(sp)
        .map_or(args[0].len(), |n| start + n);
    let zero = &args[0][..end];
    let fname = &args[0][start..end];
    if let Some(id) = lookup(fname) {
        return call_builtin(mk, id, &args[1..], out);
    }
    match mk.vars.lookup(fname) {
        None => {
            // Undefined: only the --warn-undefined-variables warning.
            let mut scratch = Vec::new();
            return mk.var_value_into(fname, &mut scratch);
        }
        Some(v) if v.value.is_empty() => return Ok(()),
        Some(_) => {}
    }
    let bytes: usize = args.iter().map(|a| a.len()).sum();
    let held = CALL_BYTES.with(|c| c.get());
    if held + bytes > crate::error::MAX_CALL_ARG_BYTES {
        return Err(crate::error::MakeError::at(
            mk.loc.as_ref(),
            crate::error::ErrorKind::CallArgsTooBig,
        ));
    }
    mk.vars.push_local();
    let mut n = 0usize;
    let mut num = Vec::new();
    for (i, a) in args.iter().enumerate() {
        let a: &[u8] = if i == 0 { zero } else { a };
        num.clear();
        push_decimal(&mut num, i);
        mk.vars.set_local_value(&num, a);
        n = i + 1;
    }
    let outer = CALL_ARGS.with(|c| c.get());
    while n < outer {
        num.clear();
        push_decimal(&mut num, n);
        mk.vars.set_local_value(&num, b"");
        n += 1;
    }
    CALL_ARGS.with(|c| c.set(n));
    CALL_BYTES.with(|c| c.set(held + bytes));
    // The function may call itself: it is not a self-reference. (Except
    // while the environment of a $(shell) is built: GNU checks for that
    // first, and a function calling itself then stops there.)
    let hidden = match mk.env_recursion {
        0 => mk.expanding.hide(fname),
        _ => Vec::new(),
    };
    let r = mk.var_value_into(fname, out);
    mk.expanding.unhide(fname, &hidden);
    CALL_ARGS.with(|c| c.set(outer));
    CALL_BYTES.with(|c| c.set(held));
    mk.vars.pop_local();
    r
}

/// Appends `n` in decimal (no temporary String).
fn push_decimal(out: &mut Vec<u8>, n: usize) {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    let mut n = n;
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[k..]);
}

pub fn value(mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    if args[0] == b".VARIABLES" && mk.vars.lookup(args[0]).is_some() {
        // Special: its value is computed whenever it is looked up.
        mk.all_variable_names_into(out);
        return Ok(());
    }
    if let Some(v) = mk.vars.lookup(args[0]) {
        out.extend_from_slice(&v.value);
    }
    Ok(())
}

pub fn origin(mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    mk.refresh_special(args[0]);
    let o = mk
        .vars
        .lookup(args[0])
        .map_or("undefined", |v| v.origin.name());
    out.extend_from_slice(o.as_bytes());
    Ok(())
}

pub fn flavor(mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    mk.refresh_special(args[0]);
    let f = match mk.vars.lookup(args[0]) {
        None => "undefined",
        Some(v) if v.is_recursive() => "recursive",
        Some(_) => "simple",
    };
    out.extend_from_slice(f.as_bytes());
    Ok(())
}

pub fn eval(mk: &mut Make, args: &[&[u8]], _out: &mut Vec<u8>) -> Result<()> {
    mk.eval_text(args[0])
}

#[cfg(test)]
mod tests {
    use super::super::text::tests::{ex, mk};
    use crate::make::Make;
    use crate::vars::{Flavor, Origin, Var};

    fn e(s: &str) -> String {
        ex(&mut mk(), s)
    }

    fn set(m: &mut Make, name: &str, value: &str, flavor: Flavor) {
        m.vars.global.set(
            name.as_bytes(),
            Var::new(value.as_bytes().to_vec(), flavor, Origin::File),
        );
    }

    #[test]
    fn if_strips_condition_source() {
        assert_eq!(
            e("[$(if  ,a,b)][$(if x,a,b)][$(if ,a)][$(if x ,a)]"),
            "[b][a][][a]"
        );
        let mut m = mk();
        set(&mut m, "sp", " ", Flavor::Simple);
        // The expansion is not stripped: a space is true.
        assert_eq!(
            ex(&mut m, "[$(if $(sp),a,b)][$(if $(undef) ,a,b)]"),
            "[a][b]"
        );
        // Only the chosen branch is expanded.
        assert_eq!(ex(&mut m, "$(if x,a,$(word 0,x))"), "a");
    }

    #[test]
    fn and_or() {
        assert_eq!(e("[$(or , ,x)][$(or ,)][$(or a,$(word 0,a))]"), "[x][][a]");
        assert_eq!(
            e("[$(and a, b ,)][$(and a,b )][$(and ,$(word 0,a))][$(and a)]"),
            "[][b][][a]"
        );
    }

    #[test]
    fn intcmp() {
        assert_eq!(
            e("[$(intcmp 1,2)][$(intcmp 002,2)][$(intcmp -0,+0)][$(intcmp -05,-5)]"),
            "[][2][0][-5]"
        );
        assert_eq!(
            e("[$(intcmp 3,2,lt,eq)][$(intcmp 3,2,lt,eq,gt)][$(intcmp 1,2,lt,eq,gt)]"),
            "[eq][gt][lt]"
        );
        // GNU 4.4.1 orders negative numbers by magnitude.
        assert_eq!(
            e("[$(intcmp 2,2,lt)][$(intcmp -10,-9,lt,eq,gt)][$(intcmp -9,-10,lt,eq,gt)]"),
            "[][gt][lt]"
        );
        assert_eq!(
            e("[$(intcmp -1,1,lt,eq,gt)][$(intcmp 0,-1,lt,eq,gt)]"),
            "[lt][gt]"
        );
        assert_eq!(
            e("$(intcmp  99999999999999999999999 , 99999999999999999999998,lt,eq,gt)"),
            "gt"
        );
        assert_eq!(
            e("$(intcmp 12a,1)"),
            "ERR:non-numeric first argument to 'intcmp' function: '12a'"
        );
        assert_eq!(
            e("$(intcmp 1,)"),
            "ERR:non-numeric second argument to 'intcmp' function: empty value"
        );
        assert_eq!(
            e("$(intcmp 1, -)"),
            "ERR:non-numeric second argument to 'intcmp' function: ' -'"
        );
    }

    #[test]
    fn foreach_and_let() {
        assert_eq!(
            e("[$(foreach ,a b,x)][$(foreach x y,a b,$x)][$(foreach x,a b c,)]"),
            "[x x][a b][  ]"
        );
        assert_eq!(
            e("[$(foreach x,a b,$(foreach y,1 2,$x$y))]"),
            "[a1 a2 b1 b2]"
        );
        assert_eq!(
            e("[$(let a b,1 2 3 ,[$a][$b])][$(let a b c,1,[$a][$b][$c])]"),
            "[[1][2 3 ]][[1][][]]"
        );
        assert_eq!(e("[$(let ,1 2,x)][$(let a,  1  2 ,[$a])]"), "[x][[1  2 ]]");
        assert_eq!(
            e("$(foreach x,a,$(origin x) $(flavor x))"),
            "automatic simple"
        );
        // The loop variable is gone afterwards, also after an error.
        let mut m = mk();
        assert!(ex(&mut m, "$(foreach x,a,$(word 0,x))").starts_with("ERR:"));
        assert!(m.vars.locals.is_empty());
        assert_eq!(ex(&mut m, "[$(x)]"), "[]");
    }

    #[test]
    fn let_from_gnu_suite() {
        let mut m = mk();
        assert_eq!(
            ex(
                &mut m,
                "[$(let a b,1 2,$a $b)][$(let a,1 2,$a)][$(let a b,1,$a $b)]"
            ),
            "[1 2][1 2][1 ]"
        );
        assert_eq!(
            ex(&mut m, "[$(let a b,   1   2   ,+$a+$b+)][$(let a,   1  2   ,+$a+)][$(let a b,  1   ,+$a+$b+)]"),
            "[+1+2   +][+1  2   +][+1++]"
        );
        assert_eq!(
            ex(&mut m, "[$(let    ,x,abc)][$(let y,,$ydef)]"),
            "[abc][def]"
        );
        set(
            &mut m,
            "reverse",
            "$(let first rest,$1,$(if $(rest),$(call reverse,$(rest)) )$(first))",
            Flavor::Recursive,
        );
        assert_eq!(
            ex(&mut m, "$(call reverse,  moe   miny  meeny eeny  )"),
            "eeny meeny miny moe"
        );
    }

    #[test]
    fn call_sets_arguments() {
        let mut m = mk();
        set(
            &mut m,
            "f",
            "[$0][$1][$2][$(flavor 1)][$(origin 1)]",
            Flavor::Recursive,
        );
        set(&mut m, "g", "$(call f,$1)", Flavor::Recursive);
        assert_eq!(ex(&mut m, "$(call f,a,b)"), "[f][a][b][simple][automatic]");
        assert_eq!(ex(&mut m, "$(call g,x,y)"), "[f][x][][simple][automatic]");
        assert_eq!(ex(&mut m, "$(call  f ,q)"), "[f][q][][simple][automatic]");
        assert_eq!(ex(&mut m, "[$(call )][$(call undefined,a)]"), "[][]");
        assert_eq!(
            ex(
                &mut m,
                "[$(call if,,a,b,c)][$(call info)][$(call subst,a,b,a,c)]"
            ),
            "[b][][b]"
        );
        assert_eq!(
            ex(&mut m, "$(call word,1)"),
            "ERR:insufficient number of arguments (1) to function 'word'"
        );
        assert_eq!(ex(&mut m, "$(call foreach,x,a b,$$x-)"), "a- b-");
    }

    #[test]
    fn call_recursion() {
        let mut m = mk();
        set(
            &mut m,
            "f",
            "$1$(if $(filter 3,$1),,$(call f,$(words x $(wordlist 1,$1,x x x))))",
            Flavor::Recursive,
        );
        assert_eq!(ex(&mut m, "$(call f,1)"), "123");
        set(&mut m, "a", "[$1$2$3]", Flavor::Recursive);
        set(&mut m, "b", "$(call a,$1)", Flavor::Recursive);
        set(&mut m, "c", "$(call b,a)", Flavor::Recursive);
        assert_eq!(ex(&mut m, "$(call c,x,y,z) $(call a,q)"), "[a] [q]");
        set(&mut m, "s", "$1", Flavor::Simple);
        assert_eq!(ex(&mut m, "[$(call s,x)]"), "[$1]");
    }

    #[test]
    fn errors_located_at_expanding_variable() {
        use crate::error::{Loc, MakeError};
        let mut m = mk();
        let at = |line| Some(Loc::new(crate::error::SrcName::intern(b"M"), line));
        m.loc = at(9);
        let mut f = Var::new(b"$(word 0,a)".to_vec(), Flavor::Recursive, Origin::File);
        f.loc = at(1);
        m.vars.global.set(b"f", f);
        let mut g = Var::new(b"$(error boom)".to_vec(), Flavor::Recursive, Origin::File);
        g.loc = at(2);
        m.vars.global.set(b"g", g);
        let loc_of = |r: crate::error::Result<Vec<u8>>| match r {
            Err(MakeError::Fatal { loc, .. }) => loc.map(|l| l.line),
            _ => None,
        };
        assert_eq!(loc_of(m.expand_text(b"$(f)")), Some(1));
        assert_eq!(loc_of(m.expand_text(b"$(g)")), Some(9));
        assert_eq!(loc_of(m.expand_text(b"$(word 0,a)")), Some(9));
    }

    #[test]
    fn value_origin_flavor() {
        let mut m = mk();
        set(&mut m, "x", "$(y)", Flavor::Recursive);
        set(&mut m, "s", "v", Flavor::Simple);
        assert_eq!(
            ex(&mut m, "[$(value x)][$(value x )][$(value nope)]"),
            "[$(y)][][]"
        );
        assert_eq!(
            ex(&mut m, "[$(origin x)][$(origin x )][$(origin nope)]"),
            "[file][undefined][undefined]"
        );
        assert_eq!(
            ex(&mut m, "[$(flavor x)][$(flavor s)][$(flavor nope)]"),
            "[recursive][simple][undefined]"
        );
    }
}
