//! `cargo bench --bench jobs`: 2,000 trivial `@true` jobs at `-j1` and
//! `-j2`, rmake against the reference GNU make 4.4.1 (median of 3 runs
//! each); prints `NAME rmake_ms gnu_ms ratio`. Without the reference only
//! rmake is timed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const JOBS: usize = 2000;
const RUNS: usize = 3;

fn reference() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("REFERENCE_MAKE") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let p = PathBuf::from(std::env::var_os("HOME")?).join(".cache/reference-make/bin/make");
    p.is_file().then_some(p)
}

fn generate(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
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

fn time_once(bin: &Path, dir: &Path, j: &str) -> f64 {
    let start = Instant::now();
    let out = Command::new(bin)
        .args(["-s", j, "-C"])
        .arg(dir)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .stdin(Stdio::null())
        .output()
        .expect("run make");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    start.elapsed().as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let rmake = PathBuf::from(env!("CARGO_BIN_EXE_rmake"));
    let gnu = reference();
    let dir = std::env::temp_dir().join(format!("rmake-bench-jobs-{}", std::process::id()));
    generate(&dir);
    for j in ["-j1", "-j2"] {
        let (mut r, mut g) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            r.push(time_once(&rmake, &dir, j));
            if let Some(gp) = &gnu {
                g.push(time_once(gp, &dir, j));
            }
        }
        let rm = median(r);
        let name = format!("true_jobs{}", j);
        match g.is_empty() {
            true => println!("{name} {rm:.1} - -"),
            false => {
                let gm = median(g);
                println!("{name} {rm:.1} {gm:.1} {:.2}", rm / gm);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
