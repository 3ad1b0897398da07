//! Mutation test: makefiles from the `testdata/` corpus, randomly mutated,
//! run with `-n` in a scratch directory. rmake must never die of a signal
//! or panic, and its exit status must equal the reference GNU make's in at
//! least 99% of the runs (when the reference is present).
//! `MUTATION_COUNT` (default 200) and `MUTATION_SEED` tune the run.

mod common;

use std::fs;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Scratch;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&[u8]] = &[
    b"$(",
    b")",
    b"${",
    b"}",
    b"$",
    b"$$",
    b":",
    b"::",
    b"=",
    b":=",
    b"+=",
    b"?=",
    b"!=",
    b"\n",
    b"\t",
    b"\\\n",
    b"%",
    b",",
    b"#",
    b" ",
    b";",
    b"|",
    b"&:",
    b"ifeq (a,b)\n",
    b"ifdef X\n",
    b"else\n",
    b"endif\n",
    b"define V\n",
    b"endef\n",
    b"export ",
    b"override ",
    b"$(call ",
    b"$(eval ",
    b"$(foreach v,",
    b"$(if ",
    b"$(patsubst %,",
    b"$(word ",
    b"$(error x)",
    b"$(warning w)",
    b".PHONY:",
    b".SECONDEXPANSION:",
    b"$$@",
    b"$@",
    b"$<",
    b"\0",
    b"\xff",
    b".RECIPEPREFIX = >\n",
    b"vpath % d\n",
    b"-include nothere\n",
];

fn mutate(rng: &mut Rng, src: &[u8]) -> Vec<u8> {
    let mut m = src.to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(m.len() + 1);
        match rng.below(5) {
            0 => {
                // Delete a short range.
                let end = (at + 1 + rng.below(8)).min(m.len());
                if at < end {
                    m.drain(at..end);
                }
            }
            1 => {
                // Flip a byte.
                if at < m.len() {
                    m[at] = rng.next() as u8;
                }
            }
            2 => {
                // Duplicate a range.
                let end = (at + 1 + rng.below(40)).min(m.len());
                if at < end {
                    let piece = m[at..end].to_vec();
                    let to = rng.below(m.len() + 1);
                    m.splice(to..to, piece);
                }
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())];
                m.splice(at..at, t.iter().copied());
            }
        }
    }
    m
}

/// Runs `bin` as `make -n` in `work`; `None` on timeout.
fn run(bin: &Path, dir: &Path, work: &Path) -> Option<(i32, String)> {
    let link = dir.join(format!("bin-{}", bin.to_string_lossy().len()));
    let link = if link.join("make").exists() {
        link.join("make")
    } else {
        common::make_symlink(&link, bin)
    };
    let mut child = Command::new(&link)
        .arg0("make")
        .arg("-n")
        .current_dir(work)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(dir.join("stderr")).unwrap())
        .process_group(0)
        .spawn()
        .ok()?;
    let pg = child.id() as i32;
    let start = Instant::now();
    let st = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break Some(st);
        }
        if start.elapsed() > Duration::from_secs(10) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    unsafe { libc::kill(-pg, libc::SIGKILL) };
    let _ = child.wait();
    let st = st?;
    let err =
        String::from_utf8_lossy(&fs::read(dir.join("stderr")).unwrap_or_default()).into_owned();
    Some((
        st.code().unwrap_or_else(|| 128 + st.signal().unwrap_or(0)),
        err,
    ))
}

fn corpus() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(common::root().join("testdata/cases"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("Makefile"))
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

#[test]
fn mutated_makefiles() {
    let count: usize = std::env::var("MUTATION_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("MUTATION_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1234_abcd_0001);
    let files = corpus();
    assert!(!files.is_empty());
    let reference = common::reference_bin();
    let mut rng = Rng(seed | 1);
    let (mut compared, mut same) = (0usize, 0usize);
    let mut differ = Vec::new();
    for i in 0..count {
        let src = fs::read(&files[rng.below(files.len())]).unwrap();
        let mf = mutate(&mut rng, &src);
        let scratch = Scratch::new("mut");
        let work = scratch.path.join("work");
        fs::create_dir(&work).unwrap();
        fs::write(work.join("Makefile"), &mf).unwrap();
        let mine = run(&common::rmake_bin(), &scratch.path, &work);
        if let Some((status, err)) = &mine {
            // A makefile may kill make with SIGTERM or SIGINT on purpose;
            // a crash is a panic, an abort or a fault.
            let crash_signals = [libc::SIGABRT, libc::SIGSEGV, libc::SIGBUS, libc::SIGILL];
            assert!(
                !crash_signals.iter().any(|s| *status == 128 + s)
                    && !err.contains("panicked at")
                    && !err.contains("overflowed its stack"),
                "mutant {i} (seed {seed}): rmake crashed (status {status}): {err}\n--- makefile:\n{}",
                String::from_utf8_lossy(&mf)
            );
        }
        let Some(r) = &reference else {
            assert!(mine.is_some(), "mutant {i} (seed {seed}): rmake timed out");
            continue;
        };
        // Work afresh: the first run may have made files ($(file), !=).
        let _ = fs::remove_dir_all(&work);
        fs::create_dir(&work).unwrap();
        fs::write(work.join("Makefile"), &mf).unwrap();
        let theirs = run(r, &scratch.path, &work);
        if matches!(&theirs, Some((gs, _)) if *gs >= 128) {
            continue; // GNU crashed (deep recursion): nothing to compare
        }
        compared += 1;
        let show = |x: &Option<(i32, String)>| match x {
            Some((s, e)) => format!("{s}: {}", e.trim_end()),
            None => "timeout".to_string(),
        };
        if mine.as_ref().map(|m| m.0) == theirs.as_ref().map(|t| t.0) {
            same += 1;
        } else {
            differ.push(format!(
                "mutant {i}:\n  rmake {}\n  GNU   {}\n--- makefile:\n{}",
                show(&mine),
                show(&theirs),
                String::from_utf8_lossy(&mf)
            ));
        }
    }
    if reference.is_none() {
        eprintln!("reference GNU make not found: only crashes checked ({count} mutants)");
        return;
    }
    let rate = same as f64 / compared.max(1) as f64;
    eprintln!(
        "mutation test: {same}/{compared} exit statuses equal GNU's ({:.2}%)",
        rate * 100.0
    );
    for d in &differ {
        eprintln!("{d}\n");
    }
    assert!(
        rate >= 0.99,
        "exit status agreement {:.2}% < 99%",
        rate * 100.0
    );
}
