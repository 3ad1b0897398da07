//! Expansion of parsed expressions: variable references, substitution
//! references and function calls, appending into one output buffer.

use crate::ast::{split_subst, Call, Expr, Part, VarRef};
use crate::error::{ErrorKind, MakeError, Result, MAX_DEPTH};
use crate::functions::{self, Imp};
use crate::functions::{expanding_loc, patsubst_into};
use crate::make::Make;
use crate::vars::Var;

impl Make {
    /// Expands an expression into a new buffer.
    pub fn expand(&mut self, e: &Expr) -> Result<Vec<u8>> {
        if let Some(l) = e.as_literal() {
            return Ok(l.to_vec());
        }
        let mut out = Vec::new();
        self.expand_into(e, &mut out)?;
        Ok(out)
    }

    /// A scratch buffer, empty, from the pool (see [`Make::give_buffer`]).
    pub fn take_buffer(&mut self) -> Vec<u8> {
        let mut b = self.arg_buffers.pop().unwrap_or_default();
        b.clear();
        b
    }

    /// Returns a scratch buffer to the pool (unless it grew big or the
    /// pool is full).
    pub fn give_buffer(&mut self, b: Vec<u8>) {
        if b.capacity() <= 1 << 16 && self.arg_buffers.len() < 64 {
            self.arg_buffers.push(b);
        }
    }

    /// Parses and expands text.
    pub fn expand_text(&mut self, s: &[u8]) -> Result<Vec<u8>> {
        if !s.contains(&b'$') {
            return Ok(s.to_vec());
        }
        // Expanded in a reused buffer, then copied out at its size: no
        // growing by reallocation, no spare room in what is kept.
        let mut buf = std::mem::take(&mut self.expand_scratch);
        buf.clear();
        let r = self.expand_src_into(s, &mut buf);
        let out = buf.as_slice().to_vec();
        if buf.capacity() <= 1 << 20 {
            self.expand_scratch = buf;
        }
        r.map(|()| out)
    }

    /// Expands an expression, appending to `out`.
    pub fn expand_into(&mut self, e: &Expr, out: &mut Vec<u8>) -> Result<()> {
        for part in &e.parts {
            match part {
                Part::Lit(l) => out.extend_from_slice(l),
                Part::Var(r) => self.expand_var_ref(r, out)?,
                Part::Call(c) => self.call_function(c, out)?,
                Part::Error(k) => {
                    return Err(MakeError::at(expanding_loc(self).as_ref(), k.clone()))
                }
            }
        }
        Ok(())
    }

    pub(crate) fn expand_var_ref(&mut self, r: &VarRef, out: &mut Vec<u8>) -> Result<()> {
        match r {
            VarRef::Plain(name) => self.var_value_into(name, out),
            VarRef::Subst { name, pat, rep } => self.subst_ref_into(name, pat, rep, out),
            VarRef::Computed(e) => {
                let name = self.expand(e)?;
                match split_subst(&name) {
                    Some((n, p, r)) => self.subst_ref_into(n, p, r, out),
                    None => self.var_value_into(&name, out),
                }
            }
        }
    }

    /// `$(NAME:PAT=REP)`: patsubst, where a PAT without `%` means a suffix.
    pub(crate) fn subst_ref_into(
        &mut self,
        name: &[u8],
        pat: &[u8],
        rep: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<()> {
        let value = self.var_value(name)?;
        if value.is_empty() {
            return Ok(());
        }
        // GNU's find_percent unescapes the pattern; without a `%` left, the
        // reference replaces the suffix of each word: `%` is put before the
        // unescaped pattern and before the replacement (kept as written).
        let (upat, pp) = crate::functions::find_percent(pat);
        if pp.is_some() {
            patsubst_into(out, &value, pat, rep);
        } else {
            let mut p = Vec::with_capacity(upat.len() + 1);
            p.push(b'%');
            p.extend_from_slice(&upat);
            let mut r = Vec::with_capacity(rep.len() + 1);
            r.push(b'%');
            r.extend_from_slice(rep);
            patsubst_into(out, &value, &p, &r);
        }
        Ok(())
    }

    /// The expanded value of a variable (empty if undefined).
    pub fn var_value(&mut self, name: &[u8]) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.var_value_into(name, &mut out)?;
        Ok(out)
    }

    /// Runs `f` with --warn-undefined-variables off: GNU expands SHELL,
    /// `.SHELLFLAGS` and IFS so when it builds a command (a recipe's
    /// line, `$(shell)`, `!=`).
    pub fn without_undefined_warnings<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let save = std::mem::replace(&mut self.opts.warn_undefined_variables, false);
        let r = f(self);
        self.opts.warn_undefined_variables = save;
        r
    }

    /// `$(IFS)` when the variable is defined (it decides how command
    /// lines are split), `None` when it is not.
    pub fn ifs_value(&mut self) -> Result<Option<Vec<u8>>> {
        match self.vars.lookup(b"IFS") {
            Some(_) => self.var_value(b"IFS").map(Some),
            None => Ok(None),
        }
    }

    /// Appends the expanded value of a variable.
    pub fn var_value_into(&mut self, name: &[u8], out: &mut Vec<u8>) -> Result<()> {
        if name == b".VARIABLES" {
            self.all_variable_names_into(out);
            return Ok(());
        }
        let expr = match self.vars.lookup(name) {
            None => {
                self.warn_undefined(name);
                return Ok(());
            }
            // A simple variable (its value as it stands, even when it
            // appends in a chain of target-specific definitions: GNU only
            // looks further for recursive ones), or a recursive one with
            // no reference in it (nothing to expand, it cannot refer to
            // itself).
            Some(v) if !v.is_recursive() || (!v.append && !v.value.contains(&b'$')) => {
                out.extend_from_slice(&v.value);
                return Ok(());
            }
            Some(v) if v.append => None,
            Some(v) => Some(v.expr()),
        };
        match expr {
            Some(expr) => self.expand_recursive(name, &expr, out),
            None => self.append_value_into(name, out),
        }
    }

    /// Expands a recursive variable's value, detecting self-reference.
    pub(crate) fn expand_recursive(
        &mut self,
        name: &[u8],
        expr: &Expr,
        out: &mut Vec<u8>,
    ) -> Result<()> {
        self.expand_guarded(name, out, |mk, out| mk.expand_into(expr, out))
    }

    /// Expands variable `name`'s value with `f`, the variable marked as
    /// being expanded meanwhile (GNU's `v->expanding`), detecting
    /// self-reference.
    fn expand_guarded(
        &mut self,
        name: &[u8],
        out: &mut Vec<u8>,
        f: impl FnOnce(&mut Make, &mut Vec<u8>) -> Result<()>,
    ) -> Result<()> {
        if self.expanding.contains(name) {
            if self.env_recursion > 0 {
                // Building a `$(shell)` environment: GNU uses the value the
                // variable had in make's own environment, and says so
                // under --debug=v.
                use std::os::unix::ffi::{OsStrExt, OsStringExt};
                if self.isdb(crate::cli::db::VERBOSE) {
                    self.db_not_expanding_for_shell(name);
                }
                let v = std::env::var_os(std::ffi::OsStr::from_bytes(name)).map(|v| v.into_vec());
                out.extend_from_slice(&v.unwrap_or_default());
                return Ok(());
            }
            // GNU reports it where the variable was defined; for one
            // defined elsewhere (command line, environment), where the
            // innermost variable being expanded was, else where make is.
            let loc = std::iter::once(name)
                .chain(self.expanding.iter_rev())
                .find_map(|n| self.vars.lookup(n).and_then(|v| v.loc))
                .or(self.loc);
            return Err(MakeError::at(
                loc.as_ref(),
                ErrorKind::RecursiveVariable(name.to_vec()),
            ));
        }
        // Outside any reading context (GNU's reading_file unset), what the
        // expansion reports is located at the variable's definition (none
        // for one make defined), also inside the variables it refers to.
        let outside = self.loc.is_none() && !self.in_var_context;
        if outside {
            self.loc = self.vars.lookup(name).and_then(|v| v.loc);
            self.in_var_context = true;
        }
        self.expanding.push(name);
        let r = self.nested(|mk| f(mk, out));
        self.expanding.pop();
        if outside {
            self.loc = None;
            self.in_var_context = false;
        }
        r
    }

    /// Runs `f` one level deeper in expansions, calls and includes; past
    /// [`MAX_DEPTH`] levels, fails instead (GNU overflows its stack).
    pub fn nested<T>(&mut self, f: impl FnOnce(&mut Make) -> Result<T>) -> Result<T> {
        if self.depth >= MAX_DEPTH {
            return Err(MakeError::at(self.loc.as_ref(), ErrorKind::TooDeep));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    /// A target-specific `+=` variable: the values of every definition from
    /// the outermost up to this one, joined by spaces.
    /// The variable is marked as being expanded once, around the whole
    /// chain (GNU's variable_append expands the outer values' text as it
    /// stands): met again while a `$(shell)`'s environment is built, it is
    /// passed over once.
    pub(crate) fn append_value_into(&mut self, name: &[u8], out: &mut Vec<u8>) -> Result<()> {
        let chain: Vec<Var> = self.vars.definitions(name).into_iter().cloned().collect();
        self.expand_guarded(name, out, |mk, out| {
            let start = out.len();
            // A space goes before each value once something has been
            // written, even when the value expands to nothing (as GNU's
            // variable_append does).
            for v in chain.iter().rev() {
                if out.len() > start {
                    out.push(b' ');
                }
                if v.is_recursive() {
                    let e = v.expr();
                    mk.nested(|mk| mk.expand_into(&e, out))?;
                } else {
                    out.extend_from_slice(&v.value);
                }
            }
            Ok(())
        })
    }

    fn warn_undefined(&mut self, name: &[u8]) {
        // Variables GNU never warns about.
        const DEFINED: &[&[u8]] = &[
            b"MAKECMDGOALS",
            b"MAKE_RESTARTS",
            b"MAKE_TERMOUT",
            b"MAKE_TERMERR",
            b"MAKEOVERRIDES",
            b".DEFAULT",
            b"-*-command-variables-*-",
            b"-*-eval-flags-*-",
            b"VPATH",
            b"GPATH",
        ];
        if self.opts.warn_undefined_variables && !DEFINED.contains(&name) {
            let mut m = b"warning: undefined variable '".to_vec();
            m.extend_from_slice(name);
            m.push(b'\'');
            let loc = self.loc;
            self.out.error(loc.as_ref(), &m);
        }
    }

    /// GNU's `lookup_variable` computes `.VARIABLES` anew whenever it
    /// finds it (for `$(origin)`, `$(flavor)`, `ifdef`...): its kept value,
    /// which `-p` and `ifdef` see, is brought up to date.
    pub(crate) fn refresh_special(&mut self, name: &[u8]) {
        if name == b".VARIABLES" && self.vars.lookup(name).is_some() {
            let mut scratch = Vec::new();
            self.all_variable_names_into(&mut scratch);
        }
    }

    /// `$(.VARIABLES)`; the list is also kept as the variable's value,
    /// which is what `-p` shows (GNU computes it on use and stores it).
    /// The list depends only on the names the global set's log recorded
    /// entering and leaving (not on values), so it is computed again only
    /// once the log has grown.
    pub(crate) fn all_variable_names_into(&mut self, out: &mut Vec<u8>) {
        let key = self
            .vars
            .global
            .log
            .as_ref()
            .map(|log| crate::make::VariablesKey {
                events: log.len(),
                marks: self.var_log_marks,
                command_vars: self.command_vars.len(),
            });
        let list = match self.variables_memo.take() {
            Some((k, list)) if Some(k) == key => list,
            _ => {
                let mut list = Vec::new();
                for name in self.global_variable_names() {
                    if !list.is_empty() {
                        list.push(b' ');
                    }
                    list.extend_from_slice(name);
                }
                list
            }
        };
        out.extend_from_slice(&list);
        if let Some(mut v) = self.vars.global.get_mut(b".VARIABLES") {
            v.set_value_from(&list);
        }
        self.variables_memo = key.map(|k| (k, list));
    }

    /// Calls a built-in function.
    pub fn call_function(&mut self, c: &Call, out: &mut Vec<u8>) -> Result<()> {
        self.nested(|mk| mk.call_function_here(c, out))
    }

    fn call_function_here(&mut self, c: &Call, out: &mut Vec<u8>) -> Result<()> {
        let def = functions::def(c.func);
        let too_few = |mk: &Make| {
            MakeError::at(
                expanding_loc(mk).as_ref(),
                ErrorKind::TooFewArgs {
                    name: def.name.as_bytes().to_vec(),
                    given: c.args.len(),
                },
            )
        };
        match def.imp {
            Imp::Lazy(_) if c.args.len() < def.min_args => Err(too_few(self)),
            Imp::Lazy(f) => f(self, &c.args, out),
            Imp::Eager(_) | Imp::Loaded(_) => {
                // Expand all arguments into one buffer (from a pool: calls
                // nest), then slice it; a few arguments need no vectors.
                const FEW: usize = 8;
                let mut buf = self.take_buffer();
                let n = c.args.len();
                let mut few_ends = [0usize; FEW];
                let mut many_ends = Vec::new();
                let ends: &mut [usize] = if n <= FEW {
                    &mut few_ends[..n]
                } else {
                    many_ends.resize(n, 0);
                    &mut many_ends
                };
                for (a, end) in c.args.iter().zip(ends.iter_mut()) {
                    self.expand_into(a, &mut buf)?;
                    *end = buf.len();
                }
                let mut few_args: [&[u8]; FEW] = [&[]; FEW];
                let mut many_args: Vec<&[u8]> = Vec::new();
                let mut s = 0;
                for (i, &e) in ends.iter().enumerate() {
                    if n <= FEW {
                        few_args[i] = &buf[s..e];
                    } else {
                        many_args.push(&buf[s..e]);
                    }
                    s = e;
                }
                let args: &[&[u8]] = if n <= FEW { &few_args[..n] } else { &many_args };
                // GNU counts the arguments once they are expanded (their
                // errors come first).
                let r = match def.imp {
                    _ if n < def.min_args => Err(too_few(self)),
                    Imp::Loaded(l) => crate::load::call_loaded(self, def.name, l, args, out),
                    Imp::Eager(f) => f(self, args, out),
                    Imp::Lazy(_) => Ok(()),
                };
                self.give_buffer(buf);
                r
            }
        }
    }
}

/// The recursive variables being expanded, innermost last (self-reference
/// detection). The name buffers are reused, so expanding a variable
/// allocates nothing once the stack has grown.
#[derive(Debug, Default)]
pub struct ExpandStack {
    names: Vec<Vec<u8>>,
    len: usize,
    /// How many visible entries each name has: `contains` in O(1), so a
    /// deep recursion is not quadratic. Names stay in the map at zero, so
    /// that expanding a variable again allocates no key.
    counts: crate::hash::FxHashMap<Vec<u8>, u32>,
}

impl ExpandStack {
    pub fn contains(&self, name: &[u8]) -> bool {
        self.counts.get(name).is_some_and(|&n| n > 0)
    }

    pub fn push(&mut self, name: &[u8]) {
        if self.len < self.names.len() {
            let slot = &mut self.names[self.len];
            slot.clear();
            slot.extend_from_slice(name);
        } else {
            self.names.push(name.to_vec());
        }
        self.len += 1;
        match self.counts.get_mut(name) {
            Some(n) => *n += 1,
            None => {
                self.counts.insert(name.to_vec(), 1);
            }
        }
    }

    pub fn pop(&mut self) {
        if self.len == 0 {
            return;
        }
        self.len -= 1;
        let name = &self.names[self.len];
        if let Some(n) = self.counts.get_mut(name.as_slice()) {
            *n = n.saturating_sub(1);
        }
    }

    /// Innermost first.
    pub fn iter_rev(&self) -> impl Iterator<Item = &[u8]> {
        self.names[..self.len].iter().rev().map(|n| n.as_slice())
    }

    /// Hides the entries named `name` (a `$(call)` of a function being
    /// expanded is not a self-reference); `unhide` puts them back.
    pub fn hide(&mut self, name: &[u8]) -> Vec<usize> {
        let mut hidden = Vec::new();
        let count = match self.counts.get_mut(name) {
            Some(n) if *n > 0 => std::mem::take(n),
            _ => return hidden,
        };
        // From the top: in a recursion the entries are the latest ones.
        for (i, n) in self.names[..self.len].iter_mut().enumerate().rev() {
            if n.as_slice() == name {
                n.clear();
                hidden.push(i);
                if hidden.len() as u32 == count {
                    break;
                }
            }
        }
        hidden
    }

    pub fn unhide(&mut self, name: &[u8], hidden: &[usize]) {
        for &i in hidden {
            if let Some(n) = self.names.get_mut(i) {
                n.clear();
                n.extend_from_slice(name);
            }
        }
        if !hidden.is_empty() {
            let k = hidden.len() as u32;
            match self.counts.get_mut(name) {
                Some(n) => *n += k,
                None => {
                    self.counts.insert(name.to_vec(), k);
                }
            }
        }
    }
}
