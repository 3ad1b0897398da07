//! Command-line facts that the recorded cases cannot check because rmake's
//! output differs from GNU's on purpose: the version text names rmake, and
//! the last line of the usage text sends bug reports to rmake's developers.

mod common;

use std::process::{Command, Output, Stdio};

#[test]
fn version_first_line() {
    let out = Command::new(common::rmake_bin())
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .expect("run rmake");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "rmake --version failed: {out:?}");
    let mut lines = stdout.lines();
    let first = lines.next().unwrap_or("");
    assert_eq!(
        first, "GNU Make 4.4.1 (rmake)",
        "the first line is GNU's naming rmake, with no other number (scripts parse the version from it)"
    );
    // GNU's order after it; rmake's own version on the copyright line,
    // and no other line that scripts looking for the version would take
    // (`grep 'GNU Make'`, `grep 'Make [0-9]'`).
    let rest: Vec<&str> = lines.collect();
    assert!(
        rest.first().is_some_and(|l| l.starts_with("Built for ")),
        "{rest:?}"
    );
    assert!(
        rest.get(1)
            .is_some_and(|l| l.starts_with("Copyright (C) the rmake developers (rmake ")),
        "{rest:?}"
    );
    assert!(
        !rest
            .iter()
            .any(|l| l.contains("GNU Make") || l.contains("Make ")),
        "{rest:?}"
    );
}

/// Runs BIN through a symlink named `make`; the scratch directory's path
/// (which getopt's messages show in argv[0]) is replaced by `DIR`.
fn run_as_make(bin: &std::path::Path, tag: &str, args: &[&str]) -> Output {
    let dir = common::Scratch::new(tag);
    let link = common::make_symlink(&dir.path.join("bin"), bin);
    let mut out = Command::new(link)
        .args(args)
        .current_dir(&dir.path)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .stdin(Stdio::null())
        .output()
        .expect("run make");
    let d = dir.path.to_string_lossy().into_owned();
    for stream in [&mut out.stdout, &mut out.stderr] {
        *stream = String::from_utf8_lossy(stream)
            .replace(&d, "DIR")
            .into_bytes();
    }
    out
}

/// Everything but the final "Report bugs to" line.
fn without_bug_line(text: &[u8]) -> String {
    let s = String::from_utf8_lossy(text);
    s.lines()
        .filter(|l| !l.starts_with("Report bugs to"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn bad_options_print_gnus_usage() {
    let rmake = common::rmake_bin();
    for args in [&["--frobnicate"][..], &["-Z"], &["-f"], &["--file"]] {
        let ours = run_as_make(&rmake, "usage", args);
        assert_eq!(ours.status.code(), Some(2), "status for {args:?}");
        assert!(ours.stdout.is_empty(), "stdout for {args:?}");
        let text = String::from_utf8_lossy(&ours.stderr);
        assert!(
            text.contains("Usage: make [options] [target] ..."),
            "usage for {args:?}: {text}"
        );
        let Some(reference) = common::reference_bin() else {
            eprintln!("reference make not found: only rmake's side checked");
            continue;
        };
        let theirs = run_as_make(&reference, "usage-ref", args);
        assert_eq!(
            ours.status.code(),
            theirs.status.code(),
            "status for {args:?}"
        );
        assert_eq!(
            without_bug_line(&ours.stderr),
            without_bug_line(&theirs.stderr),
            "stderr for {args:?}"
        );
    }
}

#[test]
fn help_is_gnus_text() {
    let ours = run_as_make(&common::rmake_bin(), "help", &["--help"]);
    assert_eq!(ours.status.code(), Some(0));
    let Some(reference) = common::reference_bin() else {
        eprintln!("reference make not found: skipped the comparison");
        return;
    };
    let theirs = run_as_make(&reference, "help-ref", &["--help"]);
    assert_eq!(
        without_bug_line(&gnu_part(&ours.stdout)),
        without_bug_line(&theirs.stdout)
    );
}

/// `--help` without the section on rmake's own options (which comes after
/// GNU's option list, before "This program built for").
fn gnu_part(help: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(help);
    let start = s
        .find("\nrmake's own options")
        .expect("rmake's own options are listed");
    let end = s
        .find("\nThis program built for")
        .expect("GNU's last lines are there");
    assert!(start < end, "rmake's options come before GNU's last lines");
    format!("{}{}", &s[..start], &s[end..]).into_bytes()
}

#[test]
fn help_lists_rmakes_own_options() {
    let ours = run_as_make(&common::rmake_bin(), "help-own", &["--help"]);
    let text = String::from_utf8_lossy(&ours.stdout);
    for opt in [
        "--why[=TARGET]",
        "--compile-commands[=FILE]",
        "--graph[=dot|json]",
        "--list ",
    ] {
        assert!(text.contains(opt), "--help lists {opt}: {text}");
    }
    // Usage errors print GNU's text alone.
    let bad = run_as_make(&common::rmake_bin(), "usage-own", &["--frobnicate"]);
    assert!(!String::from_utf8_lossy(&bad.stderr).contains("rmake's own options"));
}

/// `--debug=i` traces the implicit search as GNU does (every rule tried,
/// every prerequisite looked for): the same lines as the reference after
/// the version banner, which names rmake.
#[test]
fn implicit_search_trace_is_gnus() {
    let run = |bin: &std::path::Path, tag: &str| -> String {
        let dir = common::Scratch::new(tag);
        std::fs::write(dir.path.join("Makefile"), "all: x.o\n").expect("write Makefile");
        std::fs::write(dir.path.join("x.c"), "").expect("write x.c");
        let link = common::make_symlink(&dir.path.join("bin"), bin);
        let out = Command::new(link)
            .args(["--debug=i", "-n"])
            .current_dir(&dir.path)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .stdin(Stdio::null())
            .output()
            .expect("run make");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines()
            .skip_while(|l| !l.starts_with("There is NO WARRANTY"))
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let ours = run(&common::rmake_bin(), "debug-i");
    for line in [
        "  Looking for an implicit rule for 'x.o'.",
        "   Trying pattern rule '%.o: %.c' with stem 'x'.",
        "   Trying implicit prerequisite 'x.c'.",
        "   Found 'x.c'.",
        "  Found implicit rule '%.o: %.c' for 'x.o'.",
        "    Trying pattern rule '%:: RCS/%' with stem 'x.c'.",
        "    Not found 'RCS/x.c'.",
    ] {
        assert!(
            ours.lines().any(|l| l == line),
            "missing {line:?} in:\n{ours}"
        );
    }
    let Some(reference) = common::reference_bin() else {
        eprintln!("reference make not found: only rmake's side checked");
        return;
    };
    assert_eq!(ours, run(&reference, "debug-i-ref"));
}
