//! `cargo bench --bench implicit`: times a no-op build of 10,000 up-to-date
//! targets with 3 prerequisites each (no rules for the prerequisites, so
//! each one goes through implicit rule search), with the built-in rules and
//! with `-r`, for rmake and the reference GNU make 4.4.1, median of 5 runs
//! each, and prints `NAME rmake_ms gnu_ms ratio` per variant. The reference is `$REFERENCE_MAKE` or
//! `~/.cache/reference-make/bin/make` (see shared/tools/reference-make);
//! without it only rmake is timed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

const TARGETS: usize = 10000;
const PREREQS: usize = 3;
const RUNS: usize = 5;

fn reference() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("REFERENCE_MAKE") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let p = PathBuf::from(std::env::var_os("HOME")?).join(".cache/reference-make/bin/make");
    p.is_file().then_some(p)
}

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
    let old = SystemTime::now() - Duration::from_secs(3600);
    for p in 0..TARGETS * 2 {
        let f = dir.join(format!("src/p{p}"));
        std::fs::write(&f, "x\n").unwrap();
        std::fs::File::open(&f).unwrap().set_modified(old).unwrap();
    }
    for t in 0..TARGETS {
        std::fs::write(dir.join(format!("out/t{t}")), "").unwrap();
    }
}

fn time_once(bin: &Path, dir: &Path, extra: &[&str]) -> f64 {
    let start = Instant::now();
    let out = Command::new(bin)
        .args(extra)
        .args(["-s", "-C"])
        .arg(dir)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .stdin(Stdio::null())
        .output()
        .expect("run make");
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    if !out.status.success() || !out.stdout.is_empty() {
        eprintln!(
            "warning: {} did not do a clean no-op run (status {:?}, stdout {} bytes, stderr: {})",
            bin.display(),
            out.status.code(),
            out.stdout.len(),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .next()
                .unwrap_or("")
        );
    }
    ms
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would too: ignore args.
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("rmake-bench-{}", std::process::id()));
    generate(&dir);
    let rmake = PathBuf::from(env!("CARGO_BIN_EXE_rmake"));
    let gnu = reference();
    if gnu.is_none() {
        eprintln!("reference GNU make not found: timing rmake only");
    }
    for (variant, extra) in [("builtin", &[][..]), ("no-builtin", &["-r"][..])] {
        let (mut r, mut g) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            r.push(time_once(&rmake, &dir, extra));
            if let Some(gnu) = &gnu {
                g.push(time_once(gnu, &dir, extra));
            }
        }
        let name = format!("implicit-noop-{TARGETS}x{PREREQS}-{variant}");
        let rm = median(r);
        if g.is_empty() {
            println!("{name} {rm:.1} - -");
        } else {
            let gm = median(g);
            println!("{name} {rm:.1} {gm:.1} {:.3}", rm / gm);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
