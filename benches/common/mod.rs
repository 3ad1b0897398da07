//! The timing harness shared by the benches: finds the reference GNU make,
//! makes a scratch directory (on /dev/shm when present), runs a make binary
//! with a clean environment and measures its wall time and peak RSS (from
//! `wait4`), and times rmake and the reference alternately.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The reference GNU make 4.4.1: `$REFERENCE_MAKE` or
/// `~/.cache/reference-make/bin/make` (see shared/tools/reference-make).
pub fn reference() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("REFERENCE_MAKE") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let p = PathBuf::from(std::env::var_os("HOME")?).join(".cache/reference-make/bin/make");
    p.is_file().then_some(p)
}

/// The rmake binary built with the bench.
pub fn rmake() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_rmake"))
}

/// A fresh scratch directory `rmake-bench-TAG-PID`, on /dev/shm when present.
pub fn scratch(tag: &str) -> PathBuf {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("rmake-bench-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create bench directory");
    dir
}

/// One run: wall time, peak RSS of the child (and its waited-for
/// descendants) in KiB, exit status, and the first line of its stderr.
pub struct Run {
    pub ms: f64,
    pub rss_kb: i64,
    pub status: i32,
    pub stderr: String,
}

/// Runs `bin ARGS` in `dir` with a minimal environment; stdout is discarded.
pub fn run_once(bin: &Path, dir: &Path, args: &[&str]) -> Run {
    let err_path = dir.join(".bench-stderr");
    let err = std::fs::File::create(&err_path).expect("create stderr file");
    let start = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err)
        .spawn()
        .expect("run make");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it in.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let r = loop {
        // SAFETY: plain system call on our own child.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
        if r >= 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            break r;
        }
    };
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    std::mem::forget(child); // reaped above
    let code = if r < 0 {
        -1
    } else if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    let stderr = std::fs::read_to_string(&err_path)
        .unwrap_or_default()
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    Run {
        ms,
        rss_kb: ru.ru_maxrss,
        status: code,
        stderr,
    }
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Medians for one workload; the `gnu_*` fields are `None` without the
/// reference.
pub struct Row {
    pub name: String,
    pub rmake_ms: f64,
    pub gnu_ms: Option<f64>,
    pub rmake_rss_kb: f64,
    pub gnu_rss_kb: Option<f64>,
}

impl Row {
    pub fn ratio(&self) -> Option<f64> {
        self.gnu_ms.map(|g| self.rmake_ms / g)
    }

    pub fn rss_ratio(&self) -> Option<f64> {
        self.gnu_rss_kb.map(|g| self.rmake_rss_kb / g)
    }

    /// `NAME rmake_ms gnu_ms ratio rmake_rss_kb gnu_rss_kb`.
    pub fn print(&self) {
        match (self.gnu_ms, self.gnu_rss_kb) {
            (Some(g), Some(gr)) => println!(
                "{} {:.1} {:.1} {:.3} {:.0} {:.0}",
                self.name,
                self.rmake_ms,
                g,
                self.rmake_ms / g,
                self.rmake_rss_kb,
                gr
            ),
            _ => println!(
                "{} {:.1} - - {:.0} -",
                self.name, self.rmake_ms, self.rmake_rss_kb
            ),
        }
    }
}

/// Times rmake and the reference alternately, `runs` times each, in `dir`
/// with `args`; warns when a run's exit status is not `want`.
pub fn compare(
    name: &str,
    gnu: Option<&Path>,
    dir: &Path,
    args: &[&str],
    runs: usize,
    want: i32,
) -> Row {
    let rmake = rmake();
    let (mut rt, mut rr, mut gt, mut gr) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let check = |bin: &Path, r: &Run| {
        if r.status != want {
            eprintln!(
                "warning: {name}: {} exited {} (wanted {want}): {}",
                bin.display(),
                r.status,
                r.stderr
            );
        }
    };
    for _ in 0..runs {
        let r = run_once(&rmake, dir, args);
        check(&rmake, &r);
        rt.push(r.ms);
        rr.push(r.rss_kb as f64);
        if let Some(g) = gnu {
            let r = run_once(g, dir, args);
            check(g, &r);
            gt.push(r.ms);
            gr.push(r.rss_kb as f64);
        }
    }
    let has_gnu = !gt.is_empty();
    Row {
        name: name.to_string(),
        rmake_ms: median(rt),
        gnu_ms: has_gnu.then(|| median(gt)),
        rmake_rss_kb: median(rr),
        gnu_rss_kb: has_gnu.then(|| median(gr)),
    }
}

/// Sets a file's modification time to `secs_ago` seconds in the past.
pub fn age(path: &Path, secs_ago: u64) {
    let t = std::time::SystemTime::now() - std::time::Duration::from_secs(secs_ago);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(t))
        .expect("set mtime");
}
