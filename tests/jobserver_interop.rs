//! Jobserver interoperability with GNU make 4.4.1: a parent at `-j3` and a
//! sub-make of the other implementation never run more than 3 jobs in all
//! (peak concurrency from a log of start/end time stamps), with both
//! jobserver styles; and `rmake -j4` driving `cargo build` of a tiny crate.
//! Skipped, with a message, when the reference make (or cargo) is missing.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::Scratch;

const JOB: &str = "#!/bin/sh\necho \"+ $(date +%s%N)\" >> \"$LOG\"\nsleep 0.3\necho \"- $(date +%s%N)\" >> \"$LOG\"\n";

/// Peak number of overlapping jobs in the log.
fn peak(log: &str) -> usize {
    let mut ev: Vec<(u128, i32)> = log
        .lines()
        .filter_map(|l| {
            let (k, t) = l.split_once(' ')?;
            let t: u128 = t.trim().parse().ok()?;
            Some((t, if k == "+" { 1 } else { -1 }))
        })
        .collect();
    // Ends before starts at the same instant.
    ev.sort();
    let (mut cur, mut max) = (0i32, 0i32);
    for (_, d) in ev {
        cur += d;
        max = max.max(cur);
    }
    max as usize
}

fn scenario(parent: &Path, child: &Path, style: &str) -> usize {
    let s = Scratch::new("jsi");
    let dir = &s.path;
    std::fs::write(dir.join("job.sh"), JOB).unwrap();
    std::fs::write(
        dir.join("top.mk"),
        "all: sub x1 x2 x3 x4\nsub: ; +@$(SUB) -s -f sub.mk\nx%: ; @sh job.sh\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("sub.mk"),
        "all: b1 b2 b3 b4 b5 b6\nb%: ; @sh job.sh\n",
    )
    .unwrap();
    let log = dir.join("log");
    let out = Command::new(parent)
        .current_dir(dir)
        .args(["-s", "-j3", "-f", "top.mk"])
        .arg(format!("--jobserver-style={style}"))
        .arg(format!("SUB={}", child.display()))
        .env("LOG", &log)
        .env_remove("MAKEFLAGS")
        .env_remove("MAKELEVEL")
        .stdin(Stdio::null())
        .output()
        .expect("run make");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 20, "every job ran: {text}");
    peak(&text)
}

#[test]
fn reference_parent_rmake_child_and_back() {
    let Some(gnu) = common::reference_bin() else {
        eprintln!("skipped: no reference GNU make");
        return;
    };
    let rmake = common::rmake_bin();
    for style in ["fifo", "pipe"] {
        let p = scenario(&gnu, &rmake, style);
        assert!((2..=3).contains(&p), "gnu -> rmake ({style}): peak {p}");
        let p = scenario(&rmake, &gnu, style);
        assert!((2..=3).contains(&p), "rmake -> gnu ({style}): peak {p}");
        let p = scenario(&rmake, &rmake, style);
        assert!((2..=3).contains(&p), "rmake -> rmake ({style}): peak {p}");
    }
}

#[test]
fn cargo_build_under_rmake_j4() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let s = Scratch::new("jsc");
    let dir = &s.path;
    // A wrapper around rustc logs each compiler's start and end.
    let wrapper = dir.join("rustc-wrap.sh");
    std::fs::write(
        &wrapper,
        "#!/bin/sh\necho \"+ $(date +%s%N)\" >> \"$LOG\"\n\"$@\"\ns=$?\necho \"- $(date +%s%N)\" >> \"$LOG\"\nexit $s\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut members = String::new();
    let mut deps = String::new();
    for i in 0..6 {
        let c = dir.join(format!("c{i}"));
        std::fs::create_dir_all(c.join("src")).unwrap();
        std::fs::write(
            c.join("Cargo.toml"),
            format!("[package]\nname = \"c{i}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"),
        )
        .unwrap();
        std::fs::write(
            c.join("src/lib.rs"),
            "pub fn f() -> u64 { (0..1000u64).sum() }\n",
        )
        .unwrap();
        members.push_str(&format!("\"c{i}\","));
        deps.push_str(&format!("c{i} = {{ path = \"c{i}\" }}\n"));
    }
    std::fs::create_dir_all(dir.join("top/src")).unwrap();
    std::fs::write(
        dir.join("top/Cargo.toml"),
        format!("[package]\nname = \"top\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[dependencies]\n{deps}"),
    )
    .unwrap();
    std::fs::write(dir.join("top/src/main.rs"), "fn main() {}\n").unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{members}\"top\"]\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("Makefile"),
        "all: ; +@\"$$CARGO_BIN\" build --offline -q --target-dir target\n",
    )
    .unwrap();
    let log = dir.join("log");
    let out = match Command::new(common::rmake_bin())
        .current_dir(dir)
        .arg("-j4")
        .env("CARGO_BIN", &cargo)
        .env("RUSTC_WRAPPER", &wrapper)
        .env("LOG", &log)
        .env_remove("MAKEFLAGS")
        .env_remove("MAKELEVEL")
        .env_remove("CARGO_MAKEFLAGS")
        .stdin(Stdio::null())
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("skipped: {e}");
            return;
        }
    };
    if !out.status.success() {
        eprintln!(
            "skipped: cargo build failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let p = peak(&text);
    assert!(p <= 4, "peak {p} rustc at once under -j4:\n{text}");
}
