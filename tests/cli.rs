//! Command-line facts that the recorded cases cannot check because rmake's
//! output differs from GNU's on purpose (it names itself).

mod common;

use std::process::{Command, Stdio};

#[test]
fn version_first_line() {
    common::ratchet("version-first-line", || {
        let out = Command::new(common::rmake_bin())
            .arg("--version")
            .stdin(Stdio::null())
            .output()
            .expect("run rmake");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "rmake --version failed: {out:?}");
        assert!(
            stdout.starts_with("GNU Make 4.4.1\n"),
            "first line must be `GNU Make 4.4.1` (GNU's test suite reads it); got {stdout:?}"
        );
        assert!(
            stdout.contains("rmake"),
            "the version text should name rmake: {stdout:?}"
        );
    });
}
