//! Conditionals (`ifdef`, `ifndef`, `ifeq`, `ifneq`, `else`, `endif`)
//! as the evaluator meets them: GNU's `conditional_line`. Each level
//! records whether its branch is taken; the lines of a branch not taken
//! are skipped by the evaluator (`eval`), which still counts nested
//! conditionals in them.

use crate::error::{ErrorKind, Loc, MakeError, Result};
use crate::eval::State;
use crate::make::Make;
use crate::parser::{self, CondKind};

/// One level of `if…`/`else`/`endif`: 0 = taking this branch, 1 = skipping
/// it, 2 = skipping because an earlier branch was taken.
pub(crate) struct Cond {
    pub(crate) ignoring: u8,
    pub(crate) seen_else: bool,
}

impl Make {
    pub(crate) fn conditional(
        &mut self,
        st: &mut State,
        kind: CondKind,
        args: &[u8],
        loc: &Loc,
    ) -> Result<()> {
        let name: &[u8] = match kind {
            CondKind::Ifdef => b"ifdef",
            CondKind::Ifndef => b"ifndef",
            CondKind::Ifeq => b"ifeq",
            CondKind::Ifneq => b"ifneq",
            CondKind::Else => b"else",
            CondKind::Endif => b"endif",
        };
        let extratext = |mk: &mut Make| {
            let mut m = b"extraneous text after '".to_vec();
            m.extend_from_slice(name);
            m.extend_from_slice(b"' directive");
            mk.out.error(Some(loc), &m);
        };
        match kind {
            CondKind::Endif => {
                if !args.is_empty() {
                    extratext(self);
                }
                if st.conds.pop().is_none() {
                    return Err(MakeError::at(
                        Some(loc),
                        ErrorKind::Extraneous(name.to_vec()),
                    ));
                }
                Ok(())
            }
            CondKind::Else => {
                let Some(o) = st.conds.len().checked_sub(1) else {
                    return Err(MakeError::at(
                        Some(loc),
                        ErrorKind::Extraneous(name.to_vec()),
                    ));
                };
                if st.conds[o].seen_else {
                    return Err(MakeError::msg(Some(loc), "only one 'else' per conditional"));
                }
                st.conds[o].ignoring = match st.conds[o].ignoring {
                    0 => 2,
                    1 => 0,
                    x => x,
                };
                if args.is_empty() {
                    st.conds[o].seen_else = true;
                    return Ok(());
                }
                let wend = parser::end_of_token(args, 0);
                let w = &args[..wend];
                let sub = parser::cond_kind(w);
                match sub {
                    Some(
                        k @ (CondKind::Ifdef | CondKind::Ifndef | CondKind::Ifeq | CondKind::Ifneq),
                    ) => {
                        let rest = args[parser::next_token(args, wend)..].to_vec();
                        match self.open_conditional(st, k, &rest, loc)? {
                            true => {
                                let inner = st.conds.pop().map(|c| c.ignoring).unwrap_or(1);
                                if st.conds[o].ignoring < 2 {
                                    st.conds[o].ignoring = inner;
                                }
                            }
                            false => {
                                // GNU pushed the new level before it found
                                // the syntax bad, and leaves it there (its
                                // state unset; the lines up to its `endif`
                                // are ignored): it needs an `endif` of its
                                // own, or reading ends in "missing 'endif'".
                                st.conds.push(Cond {
                                    ignoring: 2,
                                    seen_else: false,
                                });
                                extratext(self)
                            }
                        }
                    }
                    _ => extratext(self),
                }
                Ok(())
            }
            _ => {
                if !self.open_conditional(st, kind, args, loc)? {
                    return Err(MakeError::msg(Some(loc), "invalid syntax in conditional"));
                }
                Ok(())
            }
        }
    }

    /// Pushes a new conditional level. Returns false on invalid syntax.
    pub(crate) fn open_conditional(
        &mut self,
        st: &mut State,
        kind: CondKind,
        args: &[u8],
        loc: &Loc,
    ) -> Result<bool> {
        if st.ignoring() {
            st.conds.push(Cond {
                ignoring: 1,
                seen_else: false,
            });
            return Ok(true);
        }
        let ignoring = match kind {
            CondKind::Ifdef | CondKind::Ifndef => {
                let v = self.expand_text(args)?;
                let e = parser::end_of_token(&v, 0);
                if parser::next_token(&v, e) < v.len() {
                    return Ok(false);
                }
                self.refresh_special(&v[..e]);
                let defined = self
                    .vars
                    .lookup(&v[..e])
                    .is_some_and(|x| !x.value.is_empty());
                defined == (kind == CondKind::Ifndef)
            }
            _ => {
                // As GNU: the first operand is expanded before the second
                // is looked for (its errors come first).
                let Some((a, next)) = parser::eq_first_arg(args) else {
                    return Ok(false);
                };
                let a = self.expand_text(a)?;
                let Some((b, extra)) = parser::eq_second_arg(args, next) else {
                    return Ok(false);
                };
                if extra {
                    let mut m = b"extraneous text after '".to_vec();
                    m.extend_from_slice(if kind == CondKind::Ifeq {
                        b"ifeq"
                    } else {
                        b"ifneq"
                    });
                    m.extend_from_slice(b"' directive");
                    self.out.error(Some(loc), &m);
                }
                let b = self.expand_text(b)?;
                (a == b) == (kind == CondKind::Ifneq)
            }
        };
        st.conds.push(Cond {
            ignoring: ignoring as u8,
            seen_else: false,
        });
        Ok(true)
    }
}
