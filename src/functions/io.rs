//! Functions that talk to the outside: info, warning, error, shell, file,
//! wildcard.

use std::io::{Read, Write};

use super::glob;
use super::text::Joiner;
use crate::error::{MakeError, Result};
use crate::exec::Status;
use crate::make::Make;
use crate::patterns::is_ws;
use crate::vars::{Flavor, Origin, Var};

pub fn info(mk: &mut Make, args: &[&[u8]], _out: &mut Vec<u8>) -> Result<()> {
    let mut v = Vec::with_capacity(args[0].len() + 1);
    v.extend_from_slice(args[0]);
    v.push(b'\n');
    mk.out.stdout(&v);
    Ok(())
}

pub fn warning(mk: &mut Make, args: &[&[u8]], _out: &mut Vec<u8>) -> Result<()> {
    let loc = mk.loc;
    mk.out.error(loc.as_ref(), args[0]);
    Ok(())
}

pub fn error(mk: &mut Make, args: &[&[u8]], _out: &mut Vec<u8>) -> Result<()> {
    Err(MakeError::msg(mk.loc.as_ref(), args[0]))
}

/// GNU's treatment of `$(shell)` output: stop at a NUL byte, drop `\r`
/// before `\n`, turn newlines into spaces, and drop the trailing ones
/// (with `trim`; otherwise only the last one, as for `!=`).
pub(crate) fn fold_newlines(data: &[u8], out: &mut Vec<u8>, trim: bool) {
    let data = match data.iter().position(|&c| c == 0) {
        Some(z) => &data[..z],
        None => data,
    };
    let start = out.len();
    let mut keep = start; // the length up to the last non-newline
    for (i, &c) in data.iter().enumerate() {
        if c == b'\r' && data.get(i + 1) == Some(&b'\n') {
            continue;
        }
        if c == b'\n' {
            out.push(b' ');
        } else {
            out.push(c);
            keep = out.len();
        }
    }
    if !trim && out.len() > start {
        keep = keep.max(out.len() - 1);
    }
    out.truncate(keep);
}

fn set_shell_status(mk: &mut Make, code: i32) -> Result<()> {
    let v = Var::new(
        code.to_string().into_bytes(),
        Flavor::Simple,
        Origin::Override,
    );
    // GNU defines it in the current set: inside $(foreach), $(let) or
    // $(call), their scope (so it is gone when they end); while a
    // target-specific variable is defined, or a target's recipe (or second
    // expansion) is expanded, the target's own.
    let depth = mk.vars.locals.depth();
    if depth > mk.defining_target_var.as_ref().map_or(0, |d| d.1) {
        mk.vars.locals.set(b".SHELLSTATUS", v);
        return Ok(());
    }
    if let Some((t, _)) = mk.defining_target_var.clone() {
        if let Some((set, _)) = mk.vars.target_chain.first_mut() {
            std::rc::Rc::make_mut(set).set(b".SHELLSTATUS", v.clone());
        }
        return mk.record_target_var(&[t], b".SHELLSTATUS", v, None);
    }
    match mk.vars.auto.as_mut() {
        Some(a) => std::rc::Rc::make_mut(a).set(b".SHELLSTATUS", v),
        None => mk.vars.global.set(b".SHELLSTATUS", v),
    }
    Ok(())
}

pub fn shell(mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    shell_into(mk, args[0], out, true)
}

/// Runs a command for `$(shell)` (`trim`) or `!=` and appends its folded
/// output; sets `.SHELLSTATUS`.
pub fn shell_into(mk: &mut Make, line: &[u8], out: &mut Vec<u8>, trim: bool) -> Result<()> {
    if mk.sandbox {
        return Ok(());
    }
    // No SHELL yet (a command-line `!=` without SHELL in the environment):
    // GNU runs the empty program, without a warning about it.
    let (sh, flags, ifs) = mk.without_undefined_warnings(|mk| {
        let sh = match mk.vars.lookup(b"SHELL") {
            Some(_) => mk.var_value(b"SHELL")?,
            None => Vec::new(),
        };
        let flags = mk.shell_flags_value()?;
        Ok::<_, crate::error::MakeError>((sh, flags, mk.ifs_value()?))
    })?;
    let spec = crate::exec::ShellSpec {
        shell: &sh,
        flags: &flags,
        ifs: ifs.as_deref(),
        one_shell: mk.db.one_shell,
        // GNU's $(shell) passes no line flags: under .POSIX, -ec.
        posix_errexit: mk.db.posix,
    };
    let argv = match crate::exec::command_argv(line, &spec, false).argv {
        Some(argv) if !argv.is_empty() => argv,
        // No command (a blank line): GNU runs nothing, and builds no
        // environment, once it has expanded SHELL, .SHELLFLAGS and IFS.
        _ => return Ok(()),
    };
    // GNU sets up the output (held output's files, else "Entering
    // directory") before it builds the environment, whose expansions may
    // print (--debug=v).
    mk.out.hold_reading();
    mk.out.start();
    mk.env_recursion += 1;
    let env = mk.child_env();
    mk.env_recursion -= 1;
    let env = mk.non_recursive_env(env?);
    let prefix = mk.out.prefix();
    // Under output sync, make's own output is held: so is the child's
    // stderr.
    let stderr = mk.out.capture.map(|(_, e)| e);
    match crate::exec::capture_argv(&prefix, &argv, &env, stderr) {
        // GNU builds no command: .SHELLSTATUS is left as it was.
        Ok(crate::exec::Captured::NoCommand) => {}
        // GNU could not start the program: no child to count.
        Ok(crate::exec::Captured::NotStarted) => set_shell_status(mk, 127)?,
        // GNU says so where it reads (or expands a recipe) and goes on
        // with an empty result, .SHELLSTATUS left as it was.
        Ok(crate::exec::Captured::NoPipe(e)) => {
            let mut m = b"pipe: ".to_vec();
            m.extend_from_slice(&crate::exec::strerror(e));
            let loc = mk.loc;
            mk.out.error(loc.as_ref(), &m);
        }
        Ok(crate::exec::Captured::Ran(data, status)) => {
            // GNU counts the child when it reaps it, as any command.
            mk.commands_ran();
            fold_newlines(&data, out, trim);
            let code = match status {
                Status::Exited(c) => c,
                Status::Signaled(s) => 128 + s,
            };
            set_shell_status(mk, code)?;
        }
        Err(e) => {
            if e.kind() == std::io::ErrorKind::Interrupted {
                // A fatal signal came while the command ran: make acts on
                // it at once, as GNU's handler does.
                if let Some(sig) = crate::signals::pending() {
                    mk.die_of_signal(sig, None);
                }
            }
            let mut m = sh.clone();
            m.extend_from_slice(b": ");
            m.extend_from_slice(&crate::exec::error_text(&e));
            mk.out.error(None, &m);
            set_shell_status(mk, 127)?;
        }
    }
    Ok(())
}

/// The first word of `s` after leading whitespace (GNU's next_token and
/// end_of_token).
fn first_token(s: &[u8]) -> &[u8] {
    let b = s.iter().position(|&c| !is_ws(c)).unwrap_or(s.len());
    let e = s[b..]
        .iter()
        .position(|&c| is_ws(c))
        .map_or(s.len(), |x| b + x);
    &s[b..e]
}

fn io_error(mk: &Make, op: &str, name: &[u8], e: &std::io::Error) -> MakeError {
    let mut m = op.as_bytes().to_vec();
    m.extend_from_slice(b": ");
    m.extend_from_slice(name);
    m.extend_from_slice(b": ");
    m.extend_from_slice(&crate::exec::error_text(e));
    MakeError::msg(mk.loc.as_ref(), m)
}

pub fn file(mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let op = args[0];
    match op.first() {
        Some(b'>') => {
            let append = op.get(1) == Some(&b'>');
            let name = first_token(&op[if append { 2 } else { 1 }..]);
            if name.is_empty() {
                return Err(MakeError::msg(
                    super::expanding_loc(mk).as_ref(),
                    "file: missing filename",
                ));
            }
            if mk.sandbox {
                return Ok(());
            }
            let mut oo = std::fs::OpenOptions::new();
            if append {
                oo.append(true).create(true);
            } else {
                oo.write(true).create(true).truncate(true);
            }
            let mut f = oo
                .open(crate::fs::path(name))
                .map_err(|e| io_error(mk, "open", name, &e))?;
            mk.commands_ran();
            if let Some(text) = args.get(1) {
                let mut data = text.to_vec();
                if data.last() != Some(&b'\n') {
                    data.push(b'\n');
                }
                // stdio buffers small writes: their errors show at close.
                let op = if data.len() < 4096 { "close" } else { "write" };
                f.write_all(&data).map_err(|e| io_error(mk, op, name, &e))?;
            }
            f.flush().map_err(|e| io_error(mk, "close", name, &e))?;
        }
        Some(b'<') => {
            let name = first_token(&op[1..]);
            if name.is_empty() {
                return Err(MakeError::msg(
                    super::expanding_loc(mk).as_ref(),
                    "file: missing filename",
                ));
            }
            if args.len() > 1 {
                return Err(MakeError::msg(
                    super::expanding_loc(mk).as_ref(),
                    "file: too many arguments",
                ));
            }
            if mk.sandbox {
                return Ok(());
            }
            let mut f = match std::fs::File::open(crate::fs::path(name)) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if mk.isdb(crate::cli::db::VERBOSE) {
                        let mut m = b"file: Failed to open '".to_vec();
                        m.extend_from_slice(name);
                        m.extend_from_slice(b"': ");
                        m.extend_from_slice(&crate::exec::error_text(&e));
                        m.push(b'\n');
                        mk.out.debug(&m);
                    }
                    return Ok(());
                }
                Err(e) => return Err(io_error(mk, "open", name, &e)),
            };
            let start = out.len();
            f.read_to_end(out)
                .map_err(|e| io_error(mk, "read", name, &e))?;
            if out.len() > start && out.last() == Some(&b'\n') {
                out.pop();
                if out.len() > start && out.last() == Some(&b'\r') {
                    out.pop();
                }
            }
        }
        _ => {
            let mut m = b"file: invalid file operation: ".to_vec();
            m.extend_from_slice(op);
            return Err(MakeError::msg(super::expanding_loc(mk).as_ref(), m));
        }
    }
    Ok(())
}

/// The home directory for `~`: `$(HOME)`, else the environment's HOME,
/// else the login name's.
fn home_dir(mk: &mut Make) -> Option<Vec<u8>> {
    let save = mk.opts.warn_undefined_variables;
    mk.opts.warn_undefined_variables = false;
    let h = mk.var_value(b"HOME").unwrap_or_default();
    mk.opts.warn_undefined_variables = save;
    if !h.is_empty() {
        return Some(h);
    }
    use std::os::unix::ffi::OsStrExt;
    match std::env::var_os("HOME") {
        Some(h) if !h.is_empty() => Some(h.as_bytes().to_vec()),
        _ => glob::login_home(),
    }
}

/// An archive member reference `ARCHIVE(MEMBER)`, split.
fn archive_member(name: &[u8]) -> Option<(&[u8], &[u8])> {
    let p = name.iter().position(|&c| c == b'(')?;
    if p == 0 || name.last() != Some(&b')') || name.len() == p + 2 {
        return None;
    }
    Some((&name[..p], &name[p + 1..name.len() - 1]))
}

pub fn wildcard(mk: &mut Make, args: &[&[u8]], out: &mut Vec<u8>) -> Result<()> {
    let mut j = Joiner::new();
    let mut home: Option<Option<Vec<u8>>> = None;
    for name in glob::split_names(args[0]) {
        let name = if name.first() == Some(&b'~') {
            let h = home.get_or_insert_with(|| home_dir(mk)).clone();
            glob::expand_tilde(&name, h.as_deref()).unwrap_or(name)
        } else {
            name
        };
        if let Some((ar, mem)) = archive_member(&name) {
            for a in glob::glob(ar) {
                j.push(out, &a);
                out.push(b'(');
                out.extend_from_slice(mem);
                out.push(b')');
            }
            continue;
        }
        for m in glob::glob(&name) {
            j.push(out, &m);
        }
    }
    mk.look_in_dirs_globbed();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::glob::tests::Tree;
    use super::super::text::tests::{ex, mk};
    use crate::vars::{Flavor, Origin, Var};

    #[test]
    fn fold() {
        let f = |s: &[u8]| {
            let mut o = Vec::new();
            super::fold_newlines(s, &mut o, true);
            o
        };
        assert_eq!(f(b"a\r\nb\n\n\nc\n\n"), b"a b   c");
        assert_eq!(f(b"a\rb\r"), b"a\rb\r");
        assert_eq!(f(b" x \n \n"), b" x   ");
        assert_eq!(f(b"a\0b"), b"a");
        assert_eq!(f(b"a\r\n\r\n"), b"a");
        assert_eq!(f(b"\n\n"), b"");
    }

    fn with_sh() -> crate::make::Make {
        let mut m = mk();
        m.vars.global.set(
            b"SHELL",
            Var::new(b"/bin/sh".to_vec(), Flavor::Simple, Origin::Default),
        );
        m.vars.global.set(
            b".SHELLFLAGS",
            Var::new(b"-c".to_vec(), Flavor::Simple, Origin::Default),
        );
        m
    }

    #[test]
    fn shell_output_and_status() {
        let mut m = with_sh();
        assert_eq!(
            ex(&mut m, "[$(shell printf 'a\\nb\\n\\n')] $(.SHELLSTATUS)"),
            "[a b] 0"
        );
        assert_eq!(
            ex(
                &mut m,
                "[$(shell exit 3)] $(.SHELLSTATUS) $(origin .SHELLSTATUS) $(flavor .SHELLSTATUS)"
            ),
            "[] 3 override simple"
        );
        assert_eq!(
            ex(&mut m, "[$(shell printf x; kill -9 $$$$)] $(.SHELLSTATUS)"),
            "[x] 137"
        );
        // A blank command runs nothing and leaves the status alone.
        assert_eq!(ex(&mut m, "[$(shell   )] $(.SHELLSTATUS)"), "[] 137");
    }

    #[test]
    fn shell_spawn_failure() {
        let mut m = with_sh();
        m.vars.global.set(
            b"SHELL",
            Var::new(b"/nonexistent/sh".to_vec(), Flavor::Simple, Origin::File),
        );
        assert_eq!(ex(&mut m, "[$(shell echo hi)] $(.SHELLSTATUS)"), "[] 127");
    }

    #[test]
    fn error_and_warning() {
        let mut m = mk();
        assert_eq!(ex(&mut m, "$(error bad thing)"), "ERR:bad thing");
        assert_eq!(ex(&mut m, "[$(warning careful)][$(info )]"), "[][]");
    }

    #[test]
    fn file_write_append_read() {
        let t = Tree::new("file");
        let p = String::from_utf8_lossy(&t.p("out.txt")).into_owned();
        let mut m = mk();
        assert_eq!(ex(&mut m, &format!("[$(file >{},hello)]", p)), "[]");
        assert_eq!(ex(&mut m, &format!("$(file >> {} junk,more\n)", p)), "");
        assert_eq!(std::fs::read(&p).unwrap_or_default(), b"hello\nmore\n");
        assert_eq!(ex(&mut m, &format!("[$(file <{})]", p)), "[hello\nmore]");
        assert_eq!(ex(&mut m, &format!("$(file >{},)", p)), "");
        assert_eq!(std::fs::read(&p).unwrap_or_default(), b"\n");
        assert_eq!(ex(&mut m, &format!("$(file >{})", p)), "");
        assert_eq!(std::fs::read(&p).unwrap_or_default(), b"");
        let _ = std::fs::write(&p, b"a\r\n");
        assert_eq!(ex(&mut m, &format!("[$(file < {})]", p)), "[a]");
        assert_eq!(ex(&mut m, "[$(file <no/such/file)]"), "[]");
        assert_eq!(
            ex(&mut m, &format!("$(file <{},x)", p)),
            "ERR:file: too many arguments"
        );
        assert_eq!(ex(&mut m, "$(file >)"), "ERR:file: missing filename");
        assert_eq!(ex(&mut m, "$(file >>  )"), "ERR:file: missing filename");
        assert_eq!(ex(&mut m, "$(file <)"), "ERR:file: missing filename");
        assert_eq!(
            ex(&mut m, "$(file foo)"),
            "ERR:file: invalid file operation: foo"
        );
        assert_eq!(
            ex(&mut m, "$(file >/nonexistent-dir/x,a)"),
            "ERR:open: /nonexistent-dir/x: No such file or directory"
        );
        let d = String::from_utf8_lossy(&t.p("d1")).into_owned();
        assert_eq!(
            ex(&mut m, &format!("$(file <{})", d)),
            format!("ERR:read: {}: Is a directory", d)
        );
    }

    #[test]
    fn wildcard_function() {
        let t = Tree::new("wild");
        let mut m = mk();
        let root = String::from_utf8_lossy(t.0.as_os_str().as_encoded_bytes()).into_owned();
        let got = ex(
            &mut m,
            &format!(
                "$(wildcard {r}/*.c {r}/*.c {r}/b.c {r}/nonexist {r}/sp\\ ace.c)",
                r = root
            ),
        );
        let want = format!(
            "{r}/a.c {r}/b.c {r}/sp ace.c {r}/a.c {r}/b.c {r}/sp ace.c {r}/b.c {r}/sp ace.c",
            r = root
        );
        assert_eq!(got, want);
        assert_eq!(
            ex(&mut m, &format!("[$(wildcard {}/lib.a(x.o))]", root)),
            "[]"
        );
        let _ = std::fs::write(t.0.join("lib.a"), b"");
        assert_eq!(
            ex(&mut m, &format!("$(wildcard {}/lib.a(x.o))", root)),
            format!("{}/lib.a(x.o)", root)
        );
        m.vars.global.set(
            b"HOME",
            Var::new(root.clone().into_bytes(), Flavor::Simple, Origin::File),
        );
        assert_eq!(
            ex(&mut m, "$(wildcard ~/d1/x.c ~)"),
            format!("{r}/d1/x.c {r}", r = root)
        );
        assert_eq!(ex(&mut m, "[$(wildcard ~no-such-user-q)]"), "[]");
    }
}
