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
    let first = stdout.lines().next().unwrap_or("");
    assert!(
        first.starts_with("GNU Make 4.4.1"),
        "first line must start with `GNU Make 4.4.1` (scripts and GNU's test suite read it); got {first:?}"
    );
    assert!(first.contains("rmake"), "the first line should name rmake: {first:?}");
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
        *stream = String::from_utf8_lossy(stream).replace(&d, "DIR").into_bytes();
    }
    out
}

/// Everything but the final "Report bugs to" line.
fn without_bug_line(text: &[u8]) -> String {
    let s = String::from_utf8_lossy(text);
    s.lines().filter(|l| !l.starts_with("Report bugs to")).collect::<Vec<_>>().join("\n")
}

#[test]
fn bad_options_print_gnus_usage() {
    let rmake = common::rmake_bin();
    for args in [&["--frobnicate"][..], &["-Z"], &["-f"], &["--file"]] {
        let ours = run_as_make(&rmake, "usage", args);
        assert_eq!(ours.status.code(), Some(2), "status for {args:?}");
        assert!(ours.stdout.is_empty(), "stdout for {args:?}");
        let text = String::from_utf8_lossy(&ours.stderr);
        assert!(text.contains("Usage: make [options] [target] ..."), "usage for {args:?}: {text}");
        let Some(reference) = common::reference_bin() else {
            eprintln!("reference make not found: only rmake's side checked");
            continue;
        };
        let theirs = run_as_make(&reference, "usage-ref", args);
        assert_eq!(ours.status.code(), theirs.status.code(), "status for {args:?}");
        assert_eq!(without_bug_line(&ours.stderr), without_bug_line(&theirs.stderr), "stderr for {args:?}");
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
    assert_eq!(without_bug_line(&ours.stdout), without_bug_line(&theirs.stdout));
}
