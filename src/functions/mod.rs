//! The built-in functions: one table of name, arity, how the arguments are
//! expanded, and the implementation.
//!
//! Eager functions receive their arguments expanded; lazy ones (`if`, `and`,
//! `or`, `foreach`, `let`, `intcmp`) receive the unexpanded expressions and
//! expand what they need.
//!
//! The implementations, by theme: `text` (string and word functions),
//! `names` (file names), `control` (conditionals, loops, `call`, variable
//! queries, `eval`), `io` (messages, `shell`, `file`, `wildcard`) and
//! `glob` (the glob engine, also meant for wildcards in rules).

use crate::ast::Expr;
use crate::error::Result;
use crate::make::Make;

mod control;
pub use crate::glob;
mod io;
mod names;
mod text;

/// GNU's patsubst on a text (also what `$(VAR:PAT=REP)` needs, with `%`
/// prefixed to both sides when PAT has none).
pub use io::shell_into;
pub(crate) use text::find_percent;
pub use text::patsubst_into;

pub type FuncId = u16;
pub type EagerFn = fn(&mut Make, &[&[u8]], &mut Vec<u8>) -> Result<()>;
pub type LazyFn = fn(&mut Make, &[Expr], &mut Vec<u8>) -> Result<()>;

#[derive(Clone, Copy)]
pub enum Imp {
    Eager(EagerFn),
    Lazy(LazyFn),
    /// A function defined by a loaded object (`gmk_add_function`).
    Loaded(LoadedFn),
}

/// A function a loaded object defined, and whether its arguments are
/// expanded before it is called (not with GMK_FUNC_NOEXPAND).
#[derive(Clone, Copy)]
pub struct LoadedFn {
    pub func: crate::load::GmkFunc,
    pub expand: bool,
}

/// Functions defined by loaded objects, after the built-in ones in the id
/// space. Definitions are leaked: there are few, and ids must stay valid.
static LOADED: std::sync::RwLock<Vec<&'static FuncDef>> = std::sync::RwLock::new(Vec::new());
/// Whether `LOADED` has any entry (looked at without taking the lock).
static ANY_LOADED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn loaded_table() -> std::sync::RwLockReadGuard<'static, Vec<&'static FuncDef>> {
    LOADED.read().unwrap_or_else(|e| e.into_inner())
}

/// Defines (or redefines) a function implemented by a loaded object.
pub fn add_loaded(name: String, min_args: usize, max_args: usize, f: LoadedFn) {
    let def: &'static FuncDef = Box::leak(Box::new(FuncDef {
        name: Box::leak(name.into_boxed_str()),
        min_args,
        max_args,
        imp: Imp::Loaded(f),
    }));
    let mut t = LOADED.write().unwrap_or_else(|e| e.into_inner());
    match t.iter().position(|d| d.name == def.name) {
        Some(i) => t[i] = def,
        None => t.push(def),
    }
    ANY_LOADED.store(true, std::sync::atomic::Ordering::Release);
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
        FuncDef {
            name: $name,
            min_args: $min,
            max_args: $max,
            imp: Imp::Eager($f),
        }
    };
}
macro_rules! lazy {
    ($name:expr, $min:expr, $max:expr, $f:path) => {
        FuncDef {
            name: $name,
            min_args: $min,
            max_args: $max,
            imp: Imp::Lazy($f),
        }
    };
}

/// Every function of GNU make 4.4.1 (without Guile).
pub static FUNCTIONS: &[FuncDef] = &[
    eager!("abspath", 0, 1, names::abspath),
    eager!("addprefix", 2, 2, names::addprefix),
    eager!("addsuffix", 2, 2, names::addsuffix),
    eager!("basename", 0, 1, names::basename),
    eager!("dir", 0, 1, names::dir),
    eager!("notdir", 0, 1, names::notdir),
    eager!("subst", 3, 3, text::subst),
    eager!("suffix", 0, 1, names::suffix),
    eager!("filter", 2, 2, text::filter),
    eager!("filter-out", 2, 2, text::filter_out),
    eager!("findstring", 2, 2, text::findstring),
    eager!("firstword", 0, 1, text::firstword),
    eager!("flavor", 0, 1, control::flavor),
    eager!("join", 2, 2, text::join),
    eager!("lastword", 0, 1, text::lastword),
    eager!("patsubst", 3, 3, text::patsubst),
    eager!("realpath", 0, 1, names::realpath),
    eager!("shell", 0, 1, io::shell),
    eager!("sort", 0, 1, text::sort),
    eager!("strip", 0, 1, text::strip),
    eager!("wildcard", 0, 1, io::wildcard),
    eager!("word", 2, 2, text::word),
    eager!("wordlist", 3, 3, text::wordlist),
    eager!("words", 0, 1, text::words_),
    eager!("origin", 0, 1, control::origin),
    lazy!("foreach", 3, 3, control::foreach),
    lazy!("let", 3, 3, control::let_),
    eager!("call", 1, 0, control::call),
    eager!("info", 0, 1, io::info),
    eager!("error", 0, 1, io::error),
    eager!("warning", 0, 1, io::warning),
    lazy!("intcmp", 2, 5, control::intcmp),
    lazy!("if", 2, 3, control::if_),
    lazy!("or", 1, 0, control::or),
    lazy!("and", 1, 0, control::and),
    eager!("value", 0, 1, control::value),
    eager!("eval", 0, 1, control::eval),
    eager!("file", 1, 2, io::file),
];

/// The function called `name`, if any.
pub fn lookup(name: &[u8]) -> Option<FuncId> {
    if ANY_LOADED.load(std::sync::atomic::Ordering::Acquire) {
        if let Some(i) = loaded_table()
            .iter()
            .position(|f| f.name.as_bytes() == name)
        {
            return Some((FUNCTIONS.len() + i) as FuncId);
        }
    }
    // Names differ mostly in length or first byte: compared first, no
    // memcmp call for most entries.
    let first = *name.first()?;
    FUNCTIONS
        .iter()
        .position(|f| {
            let n = f.name.as_bytes();
            n.len() == name.len() && n[0] == first && n == name
        })
        .map(|i| i as FuncId)
}

pub fn def(id: FuncId) -> &'static FuncDef {
    let i = id as usize;
    match FUNCTIONS.get(i) {
        Some(d) => d,
        None => loaded_table()
            .get(i - FUNCTIONS.len())
            .copied()
            .unwrap_or(&FUNCTIONS[0]),
    }
}

/// Where GNU reports most errors raised inside functions (its
/// `*expanding_var`): the definition of the innermost variable being
/// expanded that has one, else the current location. `$(error)`,
/// `$(warning)` and I/O errors use the current location instead.
pub fn expanding_loc(mk: &Make) -> Option<crate::error::Loc> {
    for name in mk.expanding.iter_rev() {
        if let Some(l) = mk.vars.lookup(name).and_then(|v| v.loc.as_ref()) {
            return Some(*l);
        }
    }
    mk.loc
}
