//! Variables set at global scope while makefiles are read: `=`, `:=`,
//! `::=`, `:::=`, `+=`, `?=`, `!=`, `define`/`endef` and `undefine`, with
//! the variables whose setting does more than store a value (`MAKEFLAGS`,
//! `.RECIPEPREFIX`, `.SHELLFLAGS`, `MAKEFILES`, ...), as GNU's
//! `try_variable_definition` and `do_define` do.

use crate::error::{ErrorKind, Loc, MakeError, Result};
use crate::eval::escape_dollars;
use crate::make::Make;
use crate::parser::{self, AssignOp, Modifiers};
use crate::reader::LineReader;
use crate::vars::{Export, Flavor, Origin, Var};

impl Make {
    pub(crate) fn lookup_var_mut(&mut self, name: &[u8]) -> Option<crate::vars::VarMut<'_>> {
        self.vars.global.get_mut(name)
    }

    pub(crate) fn apply_modifiers(&mut self, name: &[u8], mods: &Modifiers) {
        if let Some(mut v) = self.vars.global.get_mut(name) {
            if let Some(e) = mods.export {
                v.export
                    .set(if e { Export::Export } else { Export::Unexport });
            }
            if mods.private {
                v.private = true;
            }
        }
    }

    /// `NAME OP VALUE` at global scope. Returns the variable's name if
    /// `want_name` (for the modifiers).
    pub(crate) fn do_assignment(
        &mut self,
        text: &[u8],
        origin: Origin,
        loc: &Loc,
        want_name: bool,
    ) -> Result<Option<Vec<u8>>> {
        let Some(a) = parser::parse_assignment(text) else {
            return Ok(None);
        };
        // A name without `$` (the common case) is used in place. As in
        // GNU, the text is trimmed (by parse_assignment: `W$ ` keeps its
        // blank, a reference to the variable ` `) but not its expansion:
        // `$(sp) = v` defines the variable named ` `.
        let expanded;
        let literal = a.name;
        let name = if literal.contains(&b'$') {
            expanded = self.expand_text(literal)?;
            &expanded[..]
        } else {
            literal
        };
        if name.is_empty() {
            return Err(MakeError::at(Some(loc), ErrorKind::EmptyVariableName));
        }
        self.define_variable(name, a.value, a.op, origin, Some(*loc))?;
        Ok(want_name.then(|| name.to_vec()))
    }

    /// GNU's do_variable_definition for the global scope.
    pub fn define_variable(
        &mut self,
        name: &[u8],
        value: &[u8],
        op: AssignOp,
        origin: Origin,
        loc: Option<Loc>,
    ) -> Result<()> {
        let (value, flavor) = match op {
            AssignOp::Simple => (self.expand_text(value)?, Flavor::Simple),
            AssignOp::Expand => {
                let e = self.expand_text(value)?;
                (escape_dollars(&e), Flavor::Recursive)
            }
            AssignOp::Shell => {
                let cmd = self.expand_text(value)?;
                (self.shell_result(&cmd)?, Flavor::Recursive)
            }
            AssignOp::Conditional => {
                if self.vars.lookup(name).is_some() {
                    return self.makeflags_set_again(name, origin);
                }
                (value.to_vec(), Flavor::Recursive)
            }
            AssignOp::Recursive => (value.to_vec(), Flavor::Recursive),
            AssignOp::Append => {
                // A variable of a $(let)/$(foreach)/$(call) scope or of the
                // target whose context this is hides the global one: GNU
                // appends to its value and defines the result globally
                // (nothing when there is nothing to add).
                let shadowing = self.vars.lookup(name).filter(|l| {
                    self.vars
                        .global
                        .get(name)
                        .is_none_or(|g| !std::ptr::eq(*l, g))
                });
                if let Some(l) = shadowing {
                    let (recursive, mut base) = (l.is_recursive(), l.value.clone());
                    let add = if recursive {
                        value.to_vec()
                    } else {
                        self.expand_text(value)?
                    };
                    if add.is_empty() {
                        return Ok(());
                    }
                    if !base.is_empty() {
                        base.push(b' ');
                    }
                    base.extend_from_slice(&add);
                    let fl = if recursive {
                        Flavor::Recursive
                    } else {
                        Flavor::Simple
                    };
                    let assigns = self.store_global(name, base, fl, origin, loc)?;
                    return self.define_makeflags_assignments(assigns, origin);
                }
                let old = self.vars.lookup(name).map(|v| (v.is_recursive(), v.origin));
                match old {
                    None => (value.to_vec(), Flavor::Recursive),
                    Some((recursive, old_origin)) => {
                        let add = if recursive {
                            value.to_vec()
                        } else {
                            self.expand_text(value)?
                        };
                        // Under -e, a variable from the environment about
                        // to be redefined becomes an "environment override"
                        // one, which a makefile's += does not change.
                        let env_held = self.opts.environment_overrides
                            && old_origin == Origin::Environment
                            && !add.is_empty();
                        let old_origin = match env_held {
                            true => {
                                if let Some(mut v) = self.vars.global.get_mut(name) {
                                    v.origin = Origin::EnvironmentOverride;
                                }
                                Origin::EnvironmentOverride
                            }
                            false => old_origin,
                        };
                        if (origin as u8) < (old_origin as u8) {
                            // Not appended; GNU decodes MAKEFLAGS again all
                            // the same (the command line's `MAKEFLAGS=k`
                            // takes effect at a makefile's `MAKEFLAGS += x`).
                            return self.makeflags_set_again(name, origin);
                        }
                        if add.is_empty() && self.vars.global.get(name).is_some() {
                            // Nothing to add: GNU leaves the variable as it
                            // is (origin and location too).
                            let assigns = self.special_variable_set(name, origin)?;
                            return self.define_makeflags_assignments(assigns, origin);
                        }
                        let done = if let Some(mut v) = self.vars.global.get_mut(name) {
                            // In MAKEFLAGS, the command-line variables part
                            // is dropped (GNU rebuilds it): what is added
                            // follows the switches after a blank, even when
                            // there are none (an override keeps " -i").
                            let sep = if name == b"MAKEFLAGS" {
                                v.value.windows(4).position(|w| w == b" -- ")
                            } else {
                                None
                            };
                            let cut = match sep {
                                Some(i) => {
                                    let mut head = v.value[..i].to_vec();
                                    head.push(b' ');
                                    head.extend_from_slice(&add);
                                    v.set_value(head);
                                    true
                                }
                                _ => false,
                            };
                            if !cut && !add.is_empty() {
                                v.append_value(&add);
                            }
                            v.origin = origin;
                            if loc.is_some() {
                                v.loc = loc;
                            }
                            true
                        } else {
                            false
                        };
                        if done {
                            let assigns = self.special_variable_set(name, origin)?;
                            return self.define_makeflags_assignments(assigns, origin);
                        }
                        let fl = if recursive {
                            Flavor::Recursive
                        } else {
                            Flavor::Simple
                        };
                        let mut base = self.var_raw(name);
                        if !add.is_empty() {
                            if !base.is_empty() {
                                base.push(b' ');
                            }
                            base.extend_from_slice(&add);
                        }
                        (base, fl)
                    }
                }
            }
        };
        let assigns = self.store_global(name, value, flavor, origin, loc)?;
        self.define_makeflags_assignments(assigns, origin)
    }

    pub(crate) fn var_raw(&self, name: &[u8]) -> Vec<u8> {
        self.vars
            .lookup(name)
            .map(|v| v.value.clone())
            .unwrap_or_default()
    }

    /// Sets a global variable unless a stronger origin holds it, for
    /// start-up definitions (not `MAKEFLAGS`, whose new value is decoded:
    /// see [`Make::store_global`]).
    pub fn set_global(
        &mut self,
        name: &[u8],
        value: Vec<u8>,
        flavor: Flavor,
        origin: Origin,
        loc: Option<Loc>,
    ) {
        self.put_global(name, value, flavor, origin, loc);
        self.recipe_prefix_set(name);
    }

    /// [`Make::set_global`] for any variable: a new `MAKEFLAGS` value is
    /// decoded at once (its switches apply; an error there stops make).
    /// Returns the variable assignments in a new `MAKEFLAGS` value.
    pub(crate) fn store_global(
        &mut self,
        name: &[u8],
        value: Vec<u8>,
        flavor: Flavor,
        origin: Origin,
        loc: Option<Loc>,
    ) -> Result<Vec<Vec<u8>>> {
        let origin = self.put_global(name, value, flavor, origin, loc);
        self.special_variable_set(name, origin)
    }

    /// Stores a global variable unless a stronger origin holds it; the
    /// origin it was given (-e makes the environment's stronger).
    pub(crate) fn put_global(
        &mut self,
        name: &[u8],
        value: Vec<u8>,
        flavor: Flavor,
        origin: Origin,
        loc: Option<Loc>,
    ) -> Origin {
        let env_override = self.opts.environment_overrides;
        let origin = if env_override && origin == Origin::Environment {
            Origin::EnvironmentOverride
        } else {
            origin
        };
        let found = if let Some(mut v) = self.vars.global.get_mut(name) {
            if env_override && v.origin == Origin::Environment {
                v.origin = Origin::EnvironmentOverride;
            }
            if origin >= v.origin {
                v.set_value(value);
                v.flavor = flavor;
                v.origin = origin;
                v.loc = loc;
                v.append = false;
                v.conditional = false;
            }
            None
        } else {
            Some((value, loc))
        };
        if let Some((value, loc)) = found {
            let mut v = Var::new(value, flavor, origin);
            v.loc = loc;
            self.vars.global.set(name, v);
        }
        origin
    }

    /// Effects of setting special variables. For `MAKEFLAGS`, its
    /// switches apply at once, with the origin of the assignment (an
    /// `override` one beats the command line's -s, -k, -w...), and the
    /// variable assignments in it are returned, for the caller to define
    /// (GNU's reset_makeflags).
    pub(crate) fn special_variable_set(
        &mut self,
        name: &[u8],
        origin: Origin,
    ) -> Result<Vec<Vec<u8>>> {
        if name == b"MAKEFLAGS" && self.makeflags_special {
            // GNU expands the new value and decodes it at once: an error in
            // either stops make where the assignment is.
            let value = self.var_value(b"MAKEFLAGS")?;
            let (assigns, empty_name) = self.reapply_makeflags(&value, Some(origin))?;
            if empty_name {
                // Fatal where that word stands, after the words before it
                // and before MAKEFLAGS is made anew (it keeps the text
                // assigned).
                self.define_makeflags_assignments(assigns, origin)?;
                return Err(MakeError::at(None, ErrorKind::EmptyVariableName));
            }
            self.construct_include_path();
            self.refresh_print_dir();
            let rebuilding = self.mkfiles.rebuilding;
            self.define_makeflags_for(rebuilding);
            return Ok(assigns);
        }
        self.recipe_prefix_set(name);
        Ok(Vec::new())
    }

    /// A new `.RECIPEPREFIX` takes effect.
    pub(crate) fn recipe_prefix_set(&mut self, name: &[u8]) {
        if name == b".RECIPEPREFIX" {
            let first = self
                .vars
                .global
                .get(name)
                .and_then(|v| v.value.first().copied());
            self.recipe_prefix = first.unwrap_or(b'\t');
        }
    }

    /// Decodes a `MAKEFLAGS` (or `GNUMAKEFLAGS`) value a makefile gave, as
    /// an assignment with `origin` does or (`None`) as after reading: the
    /// switches take effect, the variable assignments in it are returned,
    /// with whether decoding stopped at one assigning a variable with no
    /// name (fatal: the caller defines those before it, then stops).
    /// What GNU says about a bad switch argument (`-j0`) is printed here,
    /// and its fatal errors (`--debug=x`, `-Ox`) stop make.
    pub fn reapply_makeflags(
        &mut self,
        value: &[u8],
        origin: Option<Origin>,
    ) -> Result<(Vec<Vec<u8>>, bool)> {
        let prog = crate::cli::Prog::new(&self.out.prog);
        let r = match origin {
            Some(o) => crate::cli::reapply_makeflags_as(&prog, value, &mut self.opts, o),
            None => crate::cli::reapply_makeflags(&prog, value, &mut self.opts),
        };
        match r {
            Ok(r) => {
                for m in &r.messages {
                    self.out.error(None, m);
                }
                Ok((r.assigns, r.empty_name))
            }
            Err(crate::cli::CliError::Fatal { msg, notes, .. }) => {
                for m in &notes {
                    self.out.error(None, m);
                }
                Err(MakeError::msg(None, msg))
            }
            Err(e) => {
                self.out.stderr(&e.render());
                Err(MakeError::Exit(e.status()))
            }
        }
    }

    /// An assignment to `MAKEFLAGS` that left it as it was (a stronger
    /// origin holds it, or `?=`): GNU's do_variable_definition still calls
    /// set_special_var, which decodes the value again.
    pub(crate) fn makeflags_set_again(&mut self, name: &[u8], origin: Origin) -> Result<()> {
        if name != b"MAKEFLAGS" {
            return Ok(());
        }
        let assigns = self.special_variable_set(name, origin)?;
        self.define_makeflags_assignments(assigns, origin)
    }

    /// Defines the variable assignments found in a `MAKEFLAGS` a makefile
    /// set, with the origin of that setting and no location, as GNU does
    /// when it decodes the new value (an assignment to `MAKEFLAGS` itself
    /// is left out).
    pub(crate) fn define_makeflags_assignments(
        &mut self,
        assigns: Vec<Vec<u8>>,
        origin: Origin,
    ) -> Result<()> {
        for a in assigns {
            let Some(x) = parser::parse_assignment(&a) else {
                continue;
            };
            let n = self.expand_text(x.name)?;
            if n.is_empty() {
                // As on the command line: a fatal error, with no location.
                return Err(MakeError::at(None, ErrorKind::EmptyVariableName));
            }
            let n = parser::trim_end_blank(parser::skip_ws(&n)).to_vec();
            if n.is_empty() || n == b"MAKEFLAGS" {
                continue;
            }
            self.define_variable(&n, x.value, x.op, origin, None)?;
        }
        Ok(())
    }

    /// `!=` and `$(shell)`: runs a command, returns its output with
    /// newlines turned into spaces (trailing ones removed).
    pub fn shell_result(&mut self, cmd: &[u8]) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        crate::functions::shell_into(self, cmd, &mut out, false)?;
        Ok(out)
    }

    pub(crate) fn do_undefine(&mut self, text: &[u8], origin: Origin, loc: &Loc) -> Result<()> {
        let name = self.expand_text(text)?;
        let name = parser::trim_end_blank(parser::skip_ws(&name)).to_vec();
        if name.is_empty() {
            return Err(MakeError::at(Some(loc), ErrorKind::EmptyVariableName));
        }
        // Under -e, an environment variable becomes an "environment
        // override" one, which only `override undefine` removes (GNU's
        // undefine_variable_in_set).
        let env_held = self.opts.environment_overrides
            && self
                .vars
                .global
                .get(&name)
                .is_some_and(|v| v.origin == Origin::Environment);
        if env_held {
            if let Some(mut v) = self.vars.global.get_mut(&name) {
                v.origin = Origin::EnvironmentOverride;
            }
        }
        if let Some(v) = self.vars.global.get(&name) {
            if origin >= v.origin {
                self.vars.global.remove(&name);
                if name == b"MAKEFLAGS" {
                    self.makeflags_special = false;
                }
            }
        }
        Ok(())
    }

    /// `define NAME [OP]` … `endef`.
    pub(crate) fn do_define(
        &mut self,
        text: &[u8],
        origin: Origin,
        reader: &mut LineReader,
        loc: &Loc,
        base: u32,
    ) -> Result<Option<Vec<u8>>> {
        let (name_text, op) = match parser::parse_assignment(text) {
            Some(a) => {
                if !a.value.is_empty() {
                    self.out
                        .error(Some(loc), b"extraneous text after 'define' directive");
                }
                (a.name.to_vec(), a.op)
            }
            None => (text.to_vec(), AssignOp::Recursive),
        };
        let name = self.expand_text(&name_text)?;
        let name = parser::trim_end_blank(parser::skip_ws(&name)).to_vec();
        if name.is_empty() {
            return Err(MakeError::at(Some(loc), ErrorKind::EmptyVariableName));
        }
        let mut body: Vec<u8> = Vec::new();
        let mut levels = 1;
        let mut first = true;
        let mut endef_line: u32;
        // GNU counts the body's lines from the `define` line on, one per
        // physical line read: a body line is placed at its last physical
        // line, less the `define` line's own continuation lines.
        let body_start = reader.lineno();
        let gnu_line = |reader: &LineReader| {
            loc.line
                .saturating_add(reader.lineno().saturating_sub(body_start))
        };
        loop {
            // (A NUL is reported where the line before it was placed.)
            let before = gnu_line(reader);
            let Some(line) = reader.next_line() else {
                return Err(MakeError::at(Some(loc), ErrorKind::MissingEndef));
            };
            for _ in 0..if base == 0 { line.nul_warnings } else { 0 } {
                self.out.error(
                    Some(&Loc::new(loc.file, before)),
                    b"warning: NUL character seen; rest of line ignored",
                );
            }
            let lineno = if base > 0 { base } else { gnu_line(reader) };
            endef_line = lineno;
            let mut l = parser::collapse_continuations(&line.text, self.db.posix);
            if l.first() != Some(&self.recipe_prefix) {
                let at = parser::next_token(&l, 0);
                let t = &l[at..];
                if t.starts_with(b"define") && (t.len() == 6 || parser::is_blank(t[6])) {
                    levels += 1;
                } else if t.starts_with(b"endef") && (t.len() == 5 || parser::is_blank(t[5])) {
                    let mut rest = t[5..].to_vec();
                    parser::remove_comment(&mut rest);
                    // GNU cuts the comment off the line itself: a nested
                    // `endef`'s line goes into the body without it.
                    let mut cut = l[..at + 5].to_vec();
                    cut.extend_from_slice(&rest);
                    l = cut;
                    if !parser::skip_ws(&rest).is_empty() {
                        let eloc = Loc::new(loc.file, lineno);
                        self.out
                            .error(Some(&eloc), b"extraneous text after 'endef' directive");
                    }
                    levels -= 1;
                    if levels == 0 {
                        break;
                    }
                }
            }
            if !first {
                body.push(b'\n');
            }
            first = false;
            body.extend_from_slice(&l);
        }
        // As in GNU, whose reading position has moved on to the `endef`
        // line: what expanding the body reports (errors, warnings) is
        // located there, while the variable is defined at the `define`.
        self.loc = Some(Loc::new(loc.file, endef_line));
        self.define_variable(&name, &body, op, origin, Some(*loc))?;
        Ok(Some(name))
    }
}
