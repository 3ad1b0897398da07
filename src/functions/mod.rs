//! The built-in functions: one table of name, arity, how the arguments are
//! expanded, and the implementation.
//!
//! Eager functions receive their arguments expanded; lazy ones (`if`, `and`,
//! `or`, `foreach`, `let`, `intcmp`) receive the unexpanded expressions and
//! expand what they need.

use crate::ast::Expr;
use crate::error::Result;
use crate::make::Make;

mod text;

pub type FuncId = u16;
pub type EagerFn = fn(&mut Make, &[&[u8]], &mut Vec<u8>) -> Result<()>;
pub type LazyFn = fn(&mut Make, &[Expr], &mut Vec<u8>) -> Result<()>;

#[derive(Clone, Copy)]
pub enum Imp {
    Eager(EagerFn),
    Lazy(LazyFn),
}

pub struct FuncDef {
    pub name: &'static str,
    pub min_args: usize,
    /// 0: no maximum. Once reached, the last argument keeps its commas.
    pub max_args: usize,
    pub imp: Imp,
}

macro_rules! eager {
    ($name:expr, $min:expr, $max:expr, $f:path) => {
        FuncDef { name: $name, min_args: $min, max_args: $max, imp: Imp::Eager($f) }
    };
}
macro_rules! lazy {
    ($name:expr, $min:expr, $max:expr, $f:path) => {
        FuncDef { name: $name, min_args: $min, max_args: $max, imp: Imp::Lazy($f) }
    };
}

/// Every function of GNU make 4.4.1 (without Guile).
pub static FUNCTIONS: &[FuncDef] = &[
    eager!("abspath", 0, 1, text::abspath),
    eager!("addprefix", 2, 2, text::addprefix),
    eager!("addsuffix", 2, 2, text::addsuffix),
    eager!("basename", 0, 1, text::basename),
    eager!("dir", 0, 1, text::dir),
    eager!("notdir", 0, 1, text::notdir),
    eager!("subst", 3, 3, text::subst),
    eager!("suffix", 0, 1, text::suffix),
    eager!("filter", 2, 2, text::filter),
    eager!("filter-out", 2, 2, text::filter_out),
    eager!("findstring", 2, 2, text::findstring),
    eager!("firstword", 0, 1, text::firstword),
    eager!("flavor", 0, 1, text::flavor),
    eager!("join", 2, 2, text::join),
    eager!("lastword", 0, 1, text::lastword),
    eager!("patsubst", 3, 3, text::patsubst),
    eager!("realpath", 0, 1, text::realpath),
    eager!("shell", 0, 1, text::shell),
    eager!("sort", 0, 1, text::sort),
    eager!("strip", 0, 1, text::strip),
    eager!("wildcard", 0, 1, text::wildcard),
    eager!("word", 2, 2, text::word),
    eager!("wordlist", 3, 3, text::wordlist),
    eager!("words", 0, 1, text::words),
    eager!("origin", 0, 1, text::origin),
    lazy!("foreach", 3, 3, text::foreach),
    lazy!("let", 3, 3, text::let_),
    eager!("call", 1, 0, text::call),
    eager!("info", 0, 1, text::info),
    eager!("error", 0, 1, text::error),
    eager!("warning", 0, 1, text::warning),
    lazy!("intcmp", 2, 5, text::intcmp),
    lazy!("if", 2, 3, text::if_),
    lazy!("or", 1, 0, text::or),
    lazy!("and", 1, 0, text::and),
    eager!("value", 0, 1, text::value),
    eager!("eval", 0, 1, text::eval),
    eager!("file", 1, 2, text::file),
];

/// The function called `name`, if any.
pub fn lookup(name: &[u8]) -> Option<FuncId> {
    FUNCTIONS.iter().position(|f| f.name.as_bytes() == name).map(|i| i as FuncId)
}

pub fn def(id: FuncId) -> &'static FuncDef {
    &FUNCTIONS[id as usize]
}
