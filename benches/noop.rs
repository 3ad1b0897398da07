//! `cargo bench --bench noop`: times a no-op build (everything up to date,
//! 2,000 targets with 3 prerequisites each) with rmake and with the
//! reference GNU make 4.4.1, alternately, median of 5 runs each, and prints
//! `NAME rmake_ms gnu_ms ratio rmake_rss_kb gnu_rss_kb`. See `benches/perf.rs`
//! for the full set of workloads.

#[path = "common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::path::Path;

const TARGETS: usize = 2000;
const PREREQS: usize = 3;
const RUNS: usize = 5;

/// 2,000 targets with 3 prerequisites each, all files present and every
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
    let dir = common::scratch("noop");
    generate(&dir);
    let gnu = common::reference();
    if gnu.is_none() {
        eprintln!("reference GNU make not found: timing rmake only");
    }
    let name = format!("noop-{TARGETS}x{PREREQS}");
    common::compare(&name, gnu.as_deref(), &dir, &["-s"], RUNS, 0).print();
    let _ = std::fs::remove_dir_all(&dir);
}
