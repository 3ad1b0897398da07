//! Placeholder implementations; filled in by the function library work.
#![allow(unused_variables)]

use crate::ast::Expr;
use crate::error::Result;
use crate::make::Make;

macro_rules! stub_eager {
    ($($n:ident),*) => {$(
        pub fn $n(mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> { Ok(()) }
    )*};
}
macro_rules! stub_lazy {
    ($($n:ident),*) => {$(
        pub fn $n(mk: &mut Make, args: &[Expr], out: &mut Vec<u8>) -> Result<()> { Ok(()) }
    )*};
}
stub_eager!(abspath, addprefix, addsuffix, basename, dir, notdir, subst, suffix, filter, filter_out,
    findstring, firstword, flavor, join, lastword, patsubst, realpath, shell, sort, strip, wildcard,
    word, wordlist, words, origin, call, info, error, warning, value, eval, file);
stub_lazy!(foreach, let_, intcmp, if_, or, and);
