//! Turning a recipe line into an argument vector, the way GNU make's job
//! runner does: a line without shell syntax is split into words here and
//! exec'ed directly; anything else is handed to `SHELL SHELLFLAGS LINE`.
//!
//! The rules (GNU make 4.4.1 on a POSIX system):
//! * the direct route is only tried when `SHELL` is exactly `/bin/sh`,
//!   `.SHELLFLAGS` is exactly `-c` or `-ec`, and `IFS` holds nothing but
//!   blanks and newlines;
//! * any of ``#;"*?[]&|<>(){}$`^~!`` outside single quotes, an `=` in the
//!   first word, an unterminated quote, or a first word that is a shell
//!   builtin or keyword sends the line to the shell;
//! * when splitting: blanks separate words, single quotes group (and a `''`
//!   word is kept), a backslash quotes the next character (it is dropped,
//!   and the character taken literally), backslash-newline is removed (with the blanks after it when it starts a word; kept verbatim
//!   inside single quotes);
//! * when the shell is used, SHELL and `.SHELLFLAGS` are split into words
//!   like a command line (so both may hold several words), and the line is
//!   passed as one argument with its backslash-newlines kept.
//!
//! When asked to stop at a newline (recipe lines, whose expansion may hold
//! several lines: each is its own command), the index of that newline is
//! returned so the caller can run the rest as the next command.

/// Characters that make a line need the shell.
pub const SH_CHARS: &[u8] = b"#;\"*?[]&|<>(){}$`^~!";

/// First words that are shell builtins or reserved words: lines starting
/// with them need the shell.
pub const SH_CMDS: &[&[u8]] = &[
    b".",
    b":",
    b"alias",
    b"bg",
    b"break",
    b"case",
    b"cd",
    b"command",
    b"continue",
    b"eval",
    b"exec",
    b"exit",
    b"export",
    b"fc",
    b"fg",
    b"for",
    b"getopts",
    b"hash",
    b"if",
    b"jobs",
    b"login",
    b"logout",
    b"read",
    b"readonly",
    b"return",
    b"set",
    b"shift",
    b"test",
    b"times",
    b"trap",
    b"type",
    b"ulimit",
    b"umask",
    b"unalias",
    b"unset",
    b"wait",
    b"while",
];

/// The shell GNU make uses when `SHELL` is not changed.
pub const DEFAULT_SHELL: &[u8] = b"/bin/sh";

/// Shells GNU treats as Bourne-compatible (by the last path component).
const BOURNE_SHELLS: &[&[u8]] = &[b"sh", b"bash", b"dash", b"ksh", b"rksh", b"zsh", b"ash"];

#[inline]
fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

#[inline]
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

#[inline]
fn is_sh_char(c: u8) -> bool {
    SH_CHARS.contains(&c)
}

fn is_sh_cmd(w: &[u8]) -> bool {
    SH_CMDS.contains(&w)
}

/// Whether the last path component of `path` names a Bourne-like shell.
pub fn is_bourne_compatible_shell(path: &[u8]) -> bool {
    let base = match path.iter().rposition(|&c| c == b'/') {
        Some(i) => &path[i + 1..],
        None => path,
    };
    BOURNE_SHELLS.contains(&base)
}

/// Whether `argv` is `SH -c :` (or `-ec`) for a Bourne-like shell: GNU
/// skips running such a command (it is the classic empty recipe).
pub fn is_noop(argv: &[Vec<u8>]) -> bool {
    argv.len() == 3
        && is_bourne_compatible_shell(&argv[0])
        && (argv[1] == b"-c" || argv[1] == b"-ec")
        && argv[2] == b":"
}

/// The result of splitting one command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The program and arguments to exec, or `None` when the command is
    /// empty (nothing to run).
    pub argv: Option<Vec<Vec<u8>>>,
    /// When splitting stopped at a newline: its index in the line given.
    /// The next command starts right after it.
    pub end: Option<usize>,
    /// Whether `argv` runs the line directly (without the shell).
    pub direct: bool,
}

/// The settings that decide how a line is run.
#[derive(Debug, Clone, Copy)]
pub struct ShellSpec<'a> {
    /// `$(SHELL)`.
    pub shell: &'a [u8],
    /// `$(.SHELLFLAGS)`.
    pub flags: &'a [u8],
    /// `$(IFS)` when set.
    pub ifs: Option<&'a [u8]>,
    /// `.ONESHELL` is in effect (`line` is a whole recipe).
    pub one_shell: bool,
    /// `.POSIX` is in effect and the command's recipe line (as written,
    /// before expansion) has no `-` prefix; `$(shell)` counts as such a
    /// line. When `SHELL SHELLFLAGS LINE` itself needs a shell (SHELL or
    /// the flags hold shell syntax, or SHELL is a builtin's name), GNU
    /// runs it with `/bin/sh -ec` instead of `/bin/sh -c`.
    pub posix_errexit: bool,
}

impl Default for ShellSpec<'_> {
    fn default() -> Self {
        ShellSpec {
            shell: DEFAULT_SHELL,
            flags: b"-c",
            ifs: None,
            one_shell: false,
            posix_errexit: false,
        }
    }
}

/// Splits a line that needs no shell, as GNU would with the default shell
/// and `-c`: `None` when the shell is needed; `Some(vec![])` when the line
/// is blank.
pub fn simple_argv(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    let line = until_nul(line);
    let start = line
        .iter()
        .position(|&c| !is_blank(c))
        .unwrap_or(line.len());
    match fast_split(&line[start..], false, false) {
        Fast::Shell(_) => None,
        Fast::Done(argv, _) => Some(argv),
    }
}

/// Splits the first command of `line` (all of it unless `stop_at_newline`)
/// into the argument vector GNU make would exec.
pub fn command_argv(line: &[u8], spec: &ShellSpec<'_>, stop_at_newline: bool) -> Split {
    construct(
        until_nul(line),
        Some(spec.shell),
        Some(spec.flags),
        spec.ifs,
        spec.one_shell,
        stop_at_newline,
        Inner {
            depth: 0,
            errexit: spec.posix_errexit,
        },
    )
}

/// What GNU's recursive calls carry: how deep they are (a guard for the
/// stack), and whether their default flags are `-ec` (see
/// [`ShellSpec::posix_errexit`]).
#[derive(Clone, Copy)]
struct Inner {
    depth: u32,
    errexit: bool,
}

impl Inner {
    fn next(self) -> Inner {
        Inner {
            depth: self.depth + 1,
            ..self
        }
    }
}

/// GNU works on C strings: a NUL byte ends the line.
pub(crate) fn until_nul(line: &[u8]) -> &[u8] {
    match line.iter().position(|&c| c == 0) {
        Some(i) => &line[..i],
        None => line,
    }
}

enum Fast {
    /// The shell is needed. When splitting had already stopped at a newline
    /// inside quotes, its index (GNU keeps it even in `.ONESHELL` mode).
    Shell(Option<usize>),
    /// The words, and where a stopping newline was (relative index).
    Done(Vec<Vec<u8>>, Option<usize>),
}

/// The word splitter of the direct route; `line` has no leading blanks.
fn fast_split(line: &[u8], stop_at_newline: bool, one_shell: bool) -> Fast {
    let mut args: Vec<Vec<u8>> = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut quote: u8 = 0;
    let mut word_has_equals = false;
    let mut seen_nonequals = false;
    let mut last_was_empty = false;
    let mut end = None;
    let n = line.len();
    let at = |i: usize| -> u8 {
        if i < n {
            line[i]
        } else {
            0
        }
    };
    let mut i = 0;
    while i < n {
        let c = line[i];
        if quote != 0 {
            if c == quote {
                quote = 0;
                if cur.is_empty() {
                    last_was_empty = true;
                }
            } else if c == b'\\' && at(i + 1) == b'\n' {
                if quote == b'"' {
                    i += 1;
                } else {
                    cur.push(b'\\');
                    cur.push(b'\n');
                    i += 1;
                }
            } else if c == b'\n' && stop_at_newline {
                end = Some(i);
                break;
            } else if quote == b'"' && matches!(c, b'\\' | b'$' | b'`') {
                return Fast::Shell(None);
            } else {
                cur.push(c);
            }
        } else if is_sh_char(c) || (one_shell && c == b'\n') {
            return Fast::Shell(None);
        } else {
            match c {
                b'=' => {
                    if !seen_nonequals {
                        return Fast::Shell(None);
                    }
                    word_has_equals = true;
                    cur.push(c);
                }
                b'\\' => {
                    let d = at(i + 1);
                    if d == b'\n' {
                        i += 1;
                        if cur.is_empty() {
                            while is_blank(at(i + 1)) {
                                i += 1;
                            }
                        }
                    } else if d != 0 {
                        // Any other character is taken literally and the
                        // backslash dropped (a trailing one is dropped too).
                        cur.push(d);
                        i += 1;
                    }
                }
                b'\'' | b'"' => quote = c,
                b'\n' if stop_at_newline => {
                    end = Some(i);
                    break;
                }
                b' ' | b'\t' => {
                    args.push(std::mem::take(&mut cur));
                    last_was_empty = false;
                    seen_nonequals |= !word_has_equals;
                    if word_has_equals && !seen_nonequals {
                        return Fast::Shell(None);
                    }
                    word_has_equals = false;
                    if args.len() == 1 && is_sh_cmd(&args[0]) {
                        return Fast::Shell(None);
                    }
                    while is_blank(at(i + 1)) {
                        i += 1;
                    }
                }
                _ => cur.push(c),
            }
        }
        i += 1;
    }
    if quote != 0 {
        return Fast::Shell(end);
    }
    if !cur.is_empty() || last_was_empty {
        args.push(cur);
    }
    if args.len() == 1 && is_sh_cmd(&args[0]) {
        return Fast::Shell(None);
    }
    Fast::Done(args, end)
}

/// The whole decision. `shell`/`flags` `None` mean the defaults (as in
/// GNU's recursive call).
fn construct(
    line: &[u8],
    shell: Option<&[u8]>,
    flags: Option<&[u8]>,
    ifs: Option<&[u8]>,
    one_shell: bool,
    stop_at_newline: bool,
    inner: Inner,
) -> Split {
    let start = line
        .iter()
        .position(|&c| !is_blank(c))
        .unwrap_or(line.len());
    let body = &line[start..];
    if body.is_empty() {
        return Split {
            argv: None,
            end: None,
            direct: false,
        };
    }
    let flags = flags.unwrap_or(if inner.errexit { b"-ec" } else { b"-c" });
    let shell = shell.unwrap_or(DEFAULT_SHELL);

    let mut slow = shell != DEFAULT_SHELL;
    if let Some(ifs) = ifs {
        if ifs.iter().any(|&c| c != b' ' && c != b'\t' && c != b'\n') {
            slow = true;
        }
    }
    if flags != b"-c" && flags != b"-ec" {
        slow = true;
    }
    // Past a few levels every special character has been escaped, so the
    // direct route always succeeds; the limit only protects the stack.
    let mut quoted_end = None;
    if !slow || inner.depth > 8 {
        match fast_split(body, stop_at_newline, one_shell) {
            Fast::Done(argv, end) => {
                let end = end.map(|e| e + start);
                if argv.is_empty() {
                    return Split {
                        argv: None,
                        end,
                        direct: false,
                    };
                }
                return Split {
                    argv: Some(argv),
                    end,
                    direct: true,
                };
            }
            Fast::Shell(e) => quoted_end = e.map(|e| e + start),
        }
    }

    if one_shell {
        // GNU runs the whole recipe, yet (a quirk) still reports the end
        // found inside quotes, so the rest runs again as another command.
        let mut s = one_shell_argv(body, shell, flags, inner);
        s.end = quoted_end;
        return s;
    }

    // Build `SHELL FLAGS LINE` with LINE's special characters escaped, and
    // split that (SHELL and FLAGS may hold several words).
    let mut cmd = Vec::with_capacity(shell.len() * 2 + flags.len() + body.len() * 2 + 2);
    for &c in shell {
        if is_sh_char(c) {
            cmd.push(b'\\');
        }
        cmd.push(c);
    }
    cmd.push(b' ');
    cmd.extend_from_slice(flags);
    cmd.push(b' ');
    let mut end = None;
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if stop_at_newline && c == b'\n' {
            end = Some(start + i);
            break;
        }
        if c == b'\\' && body.get(i + 1) == Some(&b'\n') {
            cmd.extend_from_slice(b"\\\\\n");
            i += 2;
            continue;
        }
        if c == b'\\' || c == b'\'' || c == b'"' || is_space(c) || is_sh_char(c) {
            cmd.push(b'\\');
        }
        cmd.push(c);
        i += 1;
    }
    // GNU's emptiness test compares against the unescaped lengths.
    if cmd.len() == shell.len() + flags.len() + 2 {
        return Split {
            argv: None,
            end,
            direct: false,
        };
    }
    let split = construct(&cmd, None, None, None, one_shell, false, inner.next());
    Split {
        argv: split.argv,
        end,
        direct: false,
    }
}

/// `.ONESHELL`: `SHELL FLAGS... RECIPE`, with the recipe's interior `@-+`
/// prefixes dropped when the shell is Bourne-like.
fn one_shell_argv(body: &[u8], shell: &[u8], flags: &[u8], inner: Inner) -> Split {
    let script = if is_bourne_compatible_shell(shell) {
        strip_interior_prefixes(body)
    } else {
        body.to_vec()
    };
    let mut argv = vec![shell.to_vec()];
    if let Some(words) = construct(flags, None, None, None, true, false, inner.next()).argv {
        argv.extend(words);
    }
    argv.push(script);
    Split {
        argv: Some(argv),
        end: None,
        direct: false,
    }
}

/// Removes blanks and `@`, `-`, `+` at the start of every logical line
/// (a newline escaped by an odd number of backslashes continues a line).
pub(crate) fn strip_interior_prefixes(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        while i < s.len() && (is_blank(s[i]) || matches!(s[i], b'-' | b'@' | b'+')) {
            i += 1;
        }
        let mut esc = false;
        while i < s.len() {
            let c = s[i];
            out.push(c);
            i += 1;
            if c == b'\\' {
                esc = !esc;
            } else {
                if c == b'\n' && !esc {
                    break;
                }
                esc = false;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(words: &[&str]) -> Vec<Vec<u8>> {
        words.iter().map(|w| w.as_bytes().to_vec()).collect()
    }

    fn simple(s: &str) -> Option<Vec<Vec<u8>>> {
        simple_argv(s.as_bytes())
    }

    #[test]
    fn plain_words() {
        assert_eq!(simple("echo hi"), Some(v(&["echo", "hi"])));
        assert_eq!(simple("  echo \t hi  "), Some(v(&["echo", "hi"])));
        assert_eq!(
            simple("cc -c -o foo.o foo.c"),
            Some(v(&["cc", "-c", "-o", "foo.o", "foo.c"]))
        );
        assert_eq!(simple(""), Some(vec![]));
        assert_eq!(simple("   \t"), Some(vec![]));
    }

    #[test]
    fn metacharacters_need_shell() {
        for s in [
            "echo a; echo b",
            "echo a | cat",
            "echo $HOME",
            "echo *.c",
            "echo a?",
            "echo [ab]",
            "echo a && b",
            "echo a > f",
            "echo a < f",
            "echo `x`",
            "echo (x)",
            "echo {a,b}",
            "echo ~",
            "echo !x",
            "echo a^b",
            "echo # c",
            "echo \"a b\"",
        ] {
            assert_eq!(simple(s), None, "{s}");
        }
    }

    #[test]
    fn builtins_need_shell() {
        for s in [
            "cd dir",
            "exit 3",
            ":",
            ": foo",
            "exec ls",
            "test -f x",
            "set -e",
            ".",
        ] {
            assert_eq!(simple(s), None, "{s}");
        }
        // Not in GNU's list: run directly.
        assert_eq!(simple("echo"), Some(v(&["echo"])));
        assert_eq!(simple("true"), Some(v(&["true"])));
        assert_eq!(simple("printf x"), Some(v(&["printf", "x"])));
        // Only the first word matters.
        assert_eq!(simple("env cd"), Some(v(&["env", "cd"])));
    }

    #[test]
    fn assignments() {
        assert_eq!(simple("X=1 env"), None);
        assert_eq!(simple("./a=b"), None);
        assert_eq!(simple("env X=1 true"), Some(v(&["env", "X=1", "true"])));
    }

    #[test]
    fn single_quotes() {
        assert_eq!(simple("echo 'a b'"), Some(v(&["echo", "a b"])));
        assert_eq!(simple("echo a'b c'd"), Some(v(&["echo", "ab cd"])));
        assert_eq!(simple("echo '$x;*'"), Some(v(&["echo", "$x;*"])));
        assert_eq!(simple("echo '' x"), Some(v(&["echo", "", "x"])));
        assert_eq!(simple("echo ''"), Some(v(&["echo", ""])));
        assert_eq!(simple("echo 'a"), None);
        assert_eq!(simple("echo 'a\\\nb'"), Some(v(&["echo", "a\\\nb"])));
    }

    #[test]
    fn backslashes() {
        assert_eq!(simple("echo a\\ b"), Some(v(&["echo", "a b"])));
        assert_eq!(simple("echo \\$x"), Some(v(&["echo", "$x"])));
        assert_eq!(simple("echo \\\\"), Some(v(&["echo", "\\"])));
        assert_eq!(simple("echo \\'"), Some(v(&["echo", "'"])));
        assert_eq!(simple("echo a\\b"), Some(v(&["echo", "ab"])));
        assert_eq!(simple("echo a\\"), Some(v(&["echo", "a"])));
        // Backslash-newline: removed, with following blanks at a word start.
        assert_eq!(simple("echo a\\\nb"), Some(v(&["echo", "ab"])));
        assert_eq!(simple("echo a \\\n  b"), Some(v(&["echo", "a", "b"])));
        assert_eq!(simple("echo a\\\n  b"), Some(v(&["echo", "a", "b"])));
        // `\=` is a literal `=`: no assignment.
        assert_eq!(simple("a\\=b"), Some(v(&["a=b"])));
    }

    #[test]
    fn newlines() {
        // Without stopping, a newline is an ordinary character.
        assert_eq!(simple("echo a\necho b"), Some(v(&["echo", "a\necho", "b"])));
        let spec = ShellSpec::default();
        let s = command_argv(b"echo a\necho b", &spec, true);
        assert_eq!(s.argv, Some(v(&["echo", "a"])));
        assert_eq!(s.end, Some(6));
        assert!(s.direct);
        let s = command_argv(b"  echo a;\n echo b", &spec, true);
        assert_eq!(s.argv, Some(v(&["/bin/sh", "-c", "echo a;"])));
        assert_eq!(s.end, Some(9));
        let s = command_argv(b"\necho b", &spec, true);
        assert_eq!(s.argv, None);
        assert_eq!(s.end, Some(0));
    }

    #[test]
    fn shell_route() {
        let spec = ShellSpec::default();
        let s = command_argv(b"echo \"a b\" c\\\nd", &spec, true);
        assert_eq!(s.argv, Some(v(&["/bin/sh", "-c", "echo \"a b\" c\\\nd"])));
        assert!(!s.direct);
        assert_eq!(s.end, None);
        // A bare newline without stopping disappears on the shell route.
        let s = command_argv(b"echo a\necho b;", &spec, false);
        assert_eq!(s.argv, Some(v(&["/bin/sh", "-c", "echo aecho b;"])));
        let s = command_argv(b"exit 3", &spec, false);
        assert_eq!(s.argv, Some(v(&["/bin/sh", "-c", "exit 3"])));
    }

    #[test]
    fn other_shells_and_flags() {
        let spec = ShellSpec {
            shell: b"/bin/bash",
            ..ShellSpec::default()
        };
        assert_eq!(
            command_argv(b"echo hi", &spec, false).argv,
            Some(v(&["/bin/bash", "-c", "echo hi"]))
        );
        let spec = ShellSpec {
            shell: b"/bin/bash -x",
            flags: b"-e -c",
            ..ShellSpec::default()
        };
        assert_eq!(
            command_argv(b"echo 'a b'", &spec, false).argv,
            Some(v(&["/bin/bash", "-x", "-e", "-c", "echo 'a b'"]))
        );
        let spec = ShellSpec {
            flags: b"-ec",
            ..ShellSpec::default()
        };
        assert_eq!(
            command_argv(b"echo hi", &spec, false).argv,
            Some(v(&["echo", "hi"]))
        );
        let spec = ShellSpec {
            flags: b"-xc",
            ..ShellSpec::default()
        };
        assert_eq!(
            command_argv(b"echo hi", &spec, false).argv,
            Some(v(&["/bin/sh", "-xc", "echo hi"]))
        );
        let spec = ShellSpec {
            flags: b"",
            ..ShellSpec::default()
        };
        assert_eq!(
            command_argv(b"echo hi", &spec, false).argv,
            Some(v(&["/bin/sh", "echo hi"]))
        );
        let spec = ShellSpec {
            ifs: Some(b" \t\n"),
            ..ShellSpec::default()
        };
        assert!(command_argv(b"echo hi", &spec, false).direct);
        let spec = ShellSpec {
            ifs: Some(b":"),
            ..ShellSpec::default()
        };
        assert!(!command_argv(b"echo hi", &spec, false).direct);
        let spec = ShellSpec {
            flags: b"-c 'x y'",
            ..ShellSpec::default()
        };
        assert_eq!(
            command_argv(b"ls", &spec, false).argv,
            Some(v(&["/bin/sh", "-c", "x y", "ls"]))
        );
        // Flags holding shell syntax: `SHELL FLAGS LINE` goes through the
        // default shell, with -ec under .POSIX.
        let spec = ShellSpec {
            flags: b"\"-e\" -c",
            ..ShellSpec::default()
        };
        assert_eq!(
            command_argv(b"ls", &spec, false).argv,
            Some(v(&["/bin/sh", "-c", "/bin/sh \"-e\" -c ls"]))
        );
        let spec = ShellSpec {
            posix_errexit: true,
            ..spec
        };
        assert_eq!(
            command_argv(b"ls", &spec, false).argv,
            Some(v(&["/bin/sh", "-ec", "/bin/sh \"-e\" -c ls"]))
        );
    }

    #[test]
    fn one_shell() {
        let spec = ShellSpec {
            one_shell: true,
            ..ShellSpec::default()
        };
        let s = command_argv(b"@echo a\n  -echo b\\\n-x\n+echo c", &spec, false);
        assert_eq!(
            s.argv,
            Some(v(&["/bin/sh", "-c", "echo a\necho b\\\n-x\necho c"]))
        );
        // A single plain line still runs directly.
        assert_eq!(
            command_argv(b"echo a", &spec, false).argv,
            Some(v(&["echo", "a"]))
        );
        let spec = ShellSpec {
            one_shell: true,
            shell: b"/usr/bin/python3",
            ..ShellSpec::default()
        };
        let s = command_argv(b"print(1)\n@x", &spec, false);
        assert_eq!(s.argv, Some(v(&["/usr/bin/python3", "-c", "print(1)\n@x"])));
    }

    #[test]
    fn noop_and_nul() {
        assert!(is_noop(&v(&["/bin/sh", "-c", ":"])));
        assert!(is_noop(&v(&["/usr/bin/bash", "-ec", ":"])));
        assert!(!is_noop(&v(&["/bin/sh", "-c", ": x"])));
        assert!(!is_noop(&v(&["/bin/fish", "-c", ":"])));
        assert_eq!(simple("echo a\0; rm"), Some(v(&["echo", "a"])));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let pieces: &[&[u8]] = &[
            b"\\", b"'", b"\"", b"\n", b" ", b"=", b"a", b"$", b"\\\n", b"\t", b"cd", b"\xff",
        ];
        let spec = ShellSpec::default();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let line = [*a, *b, *c].concat();
                    let _ = simple_argv(&line);
                    let _ = command_argv(&line, &spec, true);
                    let s = command_argv(&line, &spec, false);
                    if let Some(argv) = s.argv {
                        assert!(!argv.is_empty());
                    }
                }
            }
        }
    }
}
