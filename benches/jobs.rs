//! `cargo bench --bench jobs`: 2,000 trivial `@true` jobs at `-j1` and
//! `-j2`, rmake against the reference GNU make 4.4.1 (median of 3 runs
//! each); prints `NAME rmake_ms gnu_ms ratio rmake_rss_kb gnu_rss_kb`.

#[path = "common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::path::Path;

const JOBS: usize = 2000;
const RUNS: usize = 3;

fn generate(dir: &Path) {
    let mut mf = String::from(".PHONY: all");
    for t in 0..JOBS {
        write!(mf, " t{t}").unwrap();
    }
    mf.push_str("\nall:");
    for t in 0..JOBS {
        write!(mf, " t{t}").unwrap();
    }
    mf.push('\n');
    for t in 0..JOBS {
        writeln!(mf, "t{t}: ; @true").unwrap();
    }
    std::fs::write(dir.join("Makefile"), mf).unwrap();
}

fn main() {
    let gnu = common::reference();
    let dir = common::scratch("jobs");
    generate(&dir);
    for j in ["-j1", "-j2"] {
        let name = format!("true_jobs{j}");
        common::compare(&name, gnu.as_deref(), &dir, &["-s", j], RUNS, 0).print();
    }
    let _ = std::fs::remove_dir_all(&dir);
}
