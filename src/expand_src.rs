//! Expansion straight from source text, for text expanded once (makefile
//! lines, `:=` values): literal text, variable references and the arguments
//! of eager functions are expanded from slices of the source into the
//! caller's buffer, with no syntax tree. Lazy functions (`foreach`, `if`,
//! ...) still get their arguments parsed, as they expand them selectively.
//!
//! The scan is the one of `ast::parse_into` (same quirks, same errors, in
//! the same order), expanding each reference as soon as it is found.

use crate::ast::{
    find, function_at, matching_close, next_comma, parse_call, split_subst, Expr, VarRef,
};
use crate::error::{ErrorKind, MakeError, Result};
use crate::functions::{self, expanding_loc, FuncId, Imp};
use crate::make::Make;

impl Make {
    fn src_error(&self, kind: ErrorKind) -> MakeError {
        MakeError::at(expanding_loc(self).as_ref(), kind)
    }

    /// Expands text, appending to `out`.
    pub fn expand_src_into(&mut self, s: &[u8], out: &mut Vec<u8>) -> Result<()> {
        let mut i = 0;
        while i < s.len() {
            let Some(d) = find(&s[i..], b'$') else {
                out.extend_from_slice(&s[i..]);
                return Ok(());
            };
            out.extend_from_slice(&s[i..i + d]);
            let p = i + d + 1; // just after '$'
            if p >= s.len() {
                // A `$` at the end of the text stands for itself.
                out.push(b'$');
                return Ok(());
            }
            match s[p] {
                b'$' => {
                    out.push(b'$');
                    i = p + 1;
                }
                open @ (b'(' | b'{') => {
                    let close = if open == b'(' { b')' } else { b'}' };
                    let beg = p + 1;
                    if let Some((func, name_len)) = function_at(&s[beg..]) {
                        let end = self.call_src(s, beg, name_len, open, close, func, out)?;
                        i = end + 1;
                        continue;
                    }
                    let Some(first_close) = find(&s[beg..], close).map(|x| beg + x) else {
                        return Err(self.src_error(ErrorKind::UnterminatedVarRef));
                    };
                    if find(&s[beg..first_close], b'$').is_none() {
                        self.literal_ref_into(&s[beg..first_close], out)?;
                        i = first_close + 1;
                        continue;
                    }
                    match matching_close(s, beg, open, close) {
                        Some(m) => {
                            // A computed name: rare, parsed as before.
                            let r = VarRef::Computed(Expr::parse(&s[beg..m]));
                            self.expand_var_ref(&r, out)?;
                            i = m + 1;
                        }
                        None => {
                            // GNU takes the text up to the first close as a
                            // literal name and drops the rest of the input.
                            return self.literal_ref_into(&s[beg..first_close], out);
                        }
                    }
                }
                c => {
                    self.var_value_into(&[c], out)?;
                    i = p + 1;
                }
            }
        }
        Ok(())
    }

    /// `$(NAME)` or `$(NAME:PAT=REP)` with a literal text.
    fn literal_ref_into(&mut self, name: &[u8], out: &mut Vec<u8>) -> Result<()> {
        match split_subst(name) {
            Some((n, pat, rep)) => self.subst_ref_into(n, pat, rep, out),
            None => self.var_value_into(name, out),
        }
    }

    /// A function call whose name starts at `beg`: eager functions get
    /// their arguments expanded from the source, others a parsed call.
    /// Returns the index of the closing paren.
    #[allow(clippy::too_many_arguments)]
    fn call_src(
        &mut self,
        s: &[u8],
        beg: usize,
        name_len: usize,
        open: u8,
        close: u8,
        func: FuncId,
        out: &mut Vec<u8>,
    ) -> Result<usize> {
        let def = functions::def(func);
        let Imp::Eager(f) = def.imp else {
            return match parse_call(s, beg, name_len, open, close, func, 0) {
                Ok((call, end)) => {
                    self.call_function(&call, out)?;
                    Ok(end)
                }
                Err(kind) => Err(self.src_error(kind)),
            };
        };
        let mut a = beg + name_len;
        while a < s.len() && crate::ast::is_space(s[a]) {
            a += 1;
        }
        let Some(end) = matching_close(s, a, open, close) else {
            return Err(self.src_error(ErrorKind::UnterminatedCall {
                name: def.name.as_bytes().to_vec(),
                close,
            }));
        };
        // Argument boundaries (GNU splits at top-level commas until the
        // last argument, which takes the rest).
        let mut bounds: [(usize, usize); 4] = [(0, 0); 4];
        let mut more: Vec<(usize, usize)> = Vec::new();
        let mut n = 0usize;
        let mut p = a;
        loop {
            let next = if n + 1 == def.max_args && def.max_args != 0 {
                end
            } else {
                next_comma(&s[p..end], open, close)
                    .map(|x| p + x)
                    .unwrap_or(end)
            };
            if n < bounds.len() {
                bounds[n] = (p, next);
            } else {
                more.push((p, next));
            }
            n += 1;
            if next >= end {
                break;
            }
            p = next + 1;
        }
        self.nested(|mk| {
            // All arguments expanded into one buffer, then sliced; GNU
            // counts them only then (their errors come first).
            let mut buf = Vec::new();
            let mut ends = [0usize; 4];
            let mut more_ends = Vec::new();
            for (k, &(x, y)) in bounds.iter().take(n.min(4)).chain(more.iter()).enumerate() {
                mk.expand_src_into(&s[x..y], &mut buf)?;
                if k < 4 {
                    ends[k] = buf.len();
                } else {
                    more_ends.push(buf.len());
                }
            }
            let mut args: [&[u8]; 4] = [b""; 4];
            let mut more_args: Vec<&[u8]> = Vec::new();
            let mut st = 0;
            for (k, &e) in ends
                .iter()
                .take(n.min(4))
                .chain(more_ends.iter())
                .enumerate()
            {
                if k < 4 {
                    args[k] = &buf[st..e];
                } else {
                    if k == 4 {
                        more_args.extend_from_slice(&args);
                    }
                    more_args.push(&buf[st..e]);
                }
                st = e;
            }
            if n < def.min_args {
                return Err(mk.src_error(ErrorKind::TooFewArgs {
                    name: def.name.as_bytes().to_vec(),
                    given: n,
                }));
            }
            if n <= 4 {
                f(mk, &args[..n], out)
            } else {
                f(mk, &more_args, out)
            }
        })?;
        Ok(end)
    }
}
