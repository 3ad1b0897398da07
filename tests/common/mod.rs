//! Helpers shared by the integration tests: scratch directories, the
//! `make`-named symlink to a binary, the reference make, and the
//! known-failures ratchet (`testdata/known-failures`).
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Files of a case directory that describe the case rather than being
/// copied into the scratch tree.
pub const RESERVED: &[&str] = &[
    "args",
    "setup",
    "stdin",
    "files",
    "desc",
    "stdout",
    "stderr",
    "status",
    "filestate",
];

/// The repository root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The rmake binary built by cargo for this test run.
pub fn rmake_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_rmake"))
}

/// The reference GNU make 4.4.1, if present: `$REFERENCE_MAKE`, else the
/// path that `shared/tools/reference-make` builds it at. Never /usr/bin/make.
pub fn reference_bin() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("REFERENCE_MAKE") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let cache = match std::env::var_os("REFERENCE_MAKE_CACHE") {
        Some(c) => PathBuf::from(c),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".cache/reference-make"),
    };
    let p = cache.join("bin/make");
    p.is_file().then_some(p)
}

/// A fresh, empty directory under the system temp dir, removed on drop.
/// Its path is canonical (symlinks resolved), like make's `getcwd`.
pub struct Scratch {
    pub path: PathBuf,
}

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let base = std::env::temp_dir().canonicalize().expect("temp dir");
        loop {
            let n = N.fetch_add(1, Ordering::SeqCst);
            let p = base.join(format!("rmake-{}-{}-{}", tag, std::process::id(), n));
            match std::fs::create_dir(&p) {
                Ok(()) => return Scratch { path: p },
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => panic!("cannot create {}: {e}", p.display()),
            }
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::env::var_os("TESTDATA_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Makes `dir/make`, a symlink to `bin`, so the program names itself `make`
/// in its messages exactly as the reference does; returns its path.
pub fn make_symlink(dir: &Path, bin: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let link = dir.join("make");
    std::os::unix::fs::symlink(bin, &link).unwrap();
    link
}

/// Case names listed in `testdata/known-failures` (blank lines and `#`
/// comments ignored). Rust tests are listed as `rust:NAME`.
pub fn known_failures() -> BTreeSet<String> {
    let path = root().join("testdata/known-failures");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    text.lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The ratchet for a plain Rust test named `rust:NAME`: runs `body`, which
/// panics on failure. Unlisted: a failure fails. Listed: a failure is
/// reported and tolerated, but a pass fails (remove the line from
/// `testdata/known-failures`, so the list only shrinks).
pub fn ratchet(name: &str, body: impl FnOnce()) {
    let key = format!("rust:{name}");
    let listed = known_failures().contains(&key);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(body));
    match (result, listed) {
        (Ok(()), false) => {}
        (Err(e), false) => std::panic::resume_unwind(e),
        (Err(_), true) => eprintln!("{key}: fails, as listed in testdata/known-failures"),
        (Ok(()), true) => panic!(
            "{key} now passes: remove it from testdata/known-failures (the list only shrinks)"
        ),
    }
}
