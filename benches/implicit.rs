//! `cargo bench --bench implicit`: times a no-op build of 10,000 up-to-date
//! targets with 3 prerequisites each (no rules for the prerequisites, so
//! each one goes through implicit rule search), with the built-in rules and
//! with `-r`, for rmake and the reference GNU make 4.4.1, median of 5 runs
//! each, and prints `NAME rmake_ms gnu_ms ratio rmake_rss_kb gnu_rss_kb`
//! per variant.

#[path = "common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::path::Path;

const TARGETS: usize = 10000;
const PREREQS: usize = 3;
const RUNS: usize = 5;

/// 10,000 targets with 3 prerequisites each, all files present and every
/// target newer than its prerequisites.
fn generate(dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("out")).unwrap();
    let mut mf = String::from("all:");
    for t in 0..TARGETS {
        write!(mf, " out/t{t}").unwrap();
    }
    mf.push_str("\n\n");
    for t in 0..TARGETS {
        write!(mf, "out/t{t}:").unwrap();
        for p in 0..PREREQS {
            write!(mf, " src/p{}", (t * PREREQS + p) % (TARGETS * 2)).unwrap();
        }
        mf.push_str("\n\tcat $^ > $@\n");
    }
    std::fs::write(dir.join("Makefile"), mf).unwrap();
    for p in 0..TARGETS * 2 {
        let f = dir.join(format!("src/p{p}"));
        std::fs::write(&f, "x\n").unwrap();
        common::age(&f, 3600);
    }
    for t in 0..TARGETS {
        std::fs::write(dir.join(format!("out/t{t}")), "").unwrap();
    }
}

fn main() {
    let dir = common::scratch("implicit");
    generate(&dir);
    let gnu = common::reference();
    if gnu.is_none() {
        eprintln!("reference GNU make not found: timing rmake only");
    }
    for (variant, extra) in [("builtin", &["-s"][..]), ("no-builtin", &["-s", "-r"][..])] {
        let name = format!("implicit-noop-{TARGETS}x{PREREQS}-{variant}");
        common::compare(&name, gnu.as_deref(), &dir, extra, RUNS, 0).print();
    }
    let _ = std::fs::remove_dir_all(&dir);
}
