//! SIGINT while a recipe runs: make deletes the half-written target, unless
//! it is `.PRECIOUS`. The same scenario runs on rmake and, when present, on
//! the reference GNU make 4.4.1, and the observations must agree.

mod common;

use std::fs;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Scratch;

#[derive(Debug, PartialEq)]
struct Observed {
    /// Contents of the target after make exited, None if deleted.
    target: Option<String>,
    /// make's stderr, scratch path replaced by @DIR@.
    stderr: String,
    /// Exit code, or 128 + signal number.
    status: i32,
}

fn wait_for(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Runs `bin` (as `make`) on a makefile whose recipe writes `out`, then
/// sleeps; once `out` is written, SIGINT goes to make's process group, as a
/// terminal's ^C would.
fn observe(bin: &Path, precious: bool) -> Observed {
    let scratch = Scratch::new("sig");
    let dir = &scratch.path;
    let link = common::make_symlink(&dir.join("bin"), bin);
    let work = dir.join("work");
    fs::create_dir(&work).unwrap();
    let mut mf = String::new();
    if precious {
        mf.push_str(".PRECIOUS: out\n");
    }
    mf.push_str("out:\n\t@echo partial > $@; sleep 30; echo done >> $@\n");
    fs::write(work.join("Makefile"), mf).unwrap();

    let mut child = Command::new(&link)
        .arg0("make")
        .current_dir(&work)
        .env_clear()
        .env(
            "PATH",
            format!("{}:/usr/local/bin:/usr/bin:/bin", dir.join("bin").display()),
        )
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(fs::File::create(dir.join("stdout")).unwrap())
        .stderr(fs::File::create(dir.join("stderr")).unwrap())
        .process_group(0)
        .spawn()
        .expect("spawn make");
    let pgid = child.id() as i32;
    let target = work.join("out");
    let written = || {
        fs::read_to_string(&target)
            .map(|s| s == "partial\n")
            .unwrap_or(false)
    };
    let start = Instant::now();
    while !written() {
        if start.elapsed() > Duration::from_secs(10) || child.try_wait().unwrap().is_some() {
            unsafe { libc::kill(-pgid, libc::SIGKILL) };
            let _ = child.wait();
            panic!(
                "the recipe never wrote the target; stderr: {}",
                fs::read_to_string(dir.join("stderr")).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200)); // let the shell reach `sleep`
    unsafe { libc::kill(-pgid, libc::SIGINT) };
    let mut status = None;
    wait_for("make to exit after SIGINT", Duration::from_secs(10), || {
        status = child.try_wait().unwrap();
        status.is_some()
    });
    unsafe { libc::kill(-pgid, libc::SIGKILL) }; // any leftover
    let st = status.unwrap();
    let stderr = fs::read_to_string(dir.join("stderr"))
        .unwrap_or_default()
        .replace(work.to_str().unwrap(), "@DIR@");
    Observed {
        target: fs::read_to_string(&target).ok(),
        stderr,
        status: st.code().unwrap_or_else(|| 128 + st.signal().unwrap_or(0)),
    }
}

fn check(name: &str, precious: bool, expect: impl Fn(&Observed)) {
    let reference = match common::reference_bin() {
        Some(r) => {
            let o = observe(&r, precious);
            expect(&o); // the expectations themselves must hold for GNU make
            Some(o)
        }
        None => {
            eprintln!("{name}: reference GNU make not found: skipping the reference half");
            None
        }
    };
    common::ratchet(name, || {
        let o = observe(&common::rmake_bin(), precious);
        expect(&o);
        if let Some(r) = &reference {
            assert_eq!(&o, r, "rmake (left) and GNU make (right) differ");
        }
    });
}

#[test]
fn sigint_deletes_partial_target() {
    check("sigint-deletes-target", false, |o| {
        assert_eq!(o.target, None, "the partial target must be deleted: {o:?}");
        assert!(o.stderr.contains("make: *** Deleting file 'out'"), "{o:?}");
        assert_eq!(
            o.status,
            128 + libc::SIGINT,
            "make must die of SIGINT: {o:?}"
        );
    });
}

#[test]
fn sigint_keeps_precious_target() {
    check("sigint-precious-keeps-target", true, |o| {
        assert_eq!(o.target.as_deref(), Some("partial\n"), "{o:?}");
        assert!(!o.stderr.contains("Deleting"), "{o:?}");
        assert_eq!(
            o.status,
            128 + libc::SIGINT,
            "make must die of SIGINT: {o:?}"
        );
    });
}
