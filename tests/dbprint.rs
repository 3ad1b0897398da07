//! `rmake -pq` against the reference GNU make 4.4.1: on the makefiles of
//! `testdata/cases` (those without `setup` or `stdin`, with their `args`)
//! and on an automake-generated Makefile (`tests/data/automake-hello`,
//! with its `.deps/*.Po` includes), the data bases must agree line for
//! line. Both makes run in the same scratch directories (device and inode
//! numbers, directory counts and impossible names are compared). Set
//! aside: the date lines, the version banner, and the figures GNU derives
//! from its internal lookups, which rmake does not replay: the lookup and
//! collision counts of its hash tables (`Collisions=`) and its string
//! cache statistics. Times of files the run itself wrote differ between
//! two runs and are masked too. Skipped (with a message) when the
//! reference make is absent.

mod common;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

const REFERENCE: &str = "/root/.cache/reference-make/bin/make";
/// Makefiles of testdata/cases whose data bases agree today (all but the
/// ones the README lists).
const FLOOR: usize = 455;

/// The version banner starts with this line and ends with the date line.
const BANNER_START: &str = "# GNU Make ";
const DATE_LINES: &[&str] = &[
    "# Make data base, printed on ",
    "# Finished Make data base on ",
];

/// The lines that must agree (see the module's comment). `start` is the
/// time the inputs were given, as GNU prints it.
fn normalize(out: &[u8], scratch: &str, start: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(out).replace(scratch, "@TMP@");
    let mut lines: Vec<String> = Vec::new();
    let mut in_banner = false;
    for l in text.lines() {
        if l.starts_with(BANNER_START) {
            in_banner = true;
        }
        if DATE_LINES.iter().any(|d| l.starts_with(d)) {
            in_banner = false;
            continue;
        }
        if in_banner {
            continue;
        }
        // GNU's string cache statistics, after a blank line.
        // (Or the line saying it has none: GNU's buffer was just full.)
        let no_buffers = l == "# No strcache buffers";
        if (l.starts_with("# strcache buffers:") || no_buffers)
            && lines.last().is_some_and(|p| p.is_empty())
        {
            lines.pop();
        }
        if no_buffers
            || l.starts_with("# strcache")
            || l.starts_with("# current buf:")
            || l.starts_with("# other used:")
            || l.starts_with("# other free:")
            || l == "# hash-table stats:"
            || (l.starts_with("# Load=") && l.contains("/8192="))
        {
            continue;
        }
        if let Some(t) = l.strip_prefix("#  Last modified ") {
            if !t.starts_with(start) {
                lines.push("#  Last modified (during the run)".to_string());
                continue;
            }
        }
        let l = mask_temp_names(l);
        match l.find(", Collisions=") {
            Some(i) => lines.push(l[..i].to_string()),
            None => lines.push(l.to_string()),
        }
    }
    lines
}

/// The names of the jobserver fifo and the output-sync mutex, which each
/// make picks at random, masked (`MAKEFLAGS` holds them).
fn mask_temp_names(l: &str) -> String {
    let mut out = l.to_string();
    for prefix in ["fifo:/tmp/GMfifo", "fnm:/tmp/Gm"] {
        if let Some(i) = out.find(prefix) {
            let start = i + prefix.len();
            let end = out[start..]
                .find(|c: char| c.is_whitespace())
                .map_or(out.len(), |e| start + e);
            out.replace_range(start..end, "@TEMP@");
        }
    }
    out
}

/// Makes `to` hold a copy of `from` (recursively, leaving out the case's
/// control files): what is in `to` but not in `from` is removed, files
/// are rewritten in place, and directories that already exist are kept
/// (with their inode numbers).
fn restore_inputs(from: &Path, to: &Path, top: bool) -> std::io::Result<()> {
    let keep = |name: &std::ffi::OsStr| !(top && common::RESERVED.iter().any(|r| name == *r));
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(to)? {
        let e = e?;
        let name = e.file_name();
        let src = from.join(&name);
        let is_dir = e.file_type()?.is_dir();
        let wanted = keep(&name) && src.symlink_metadata().is_ok_and(|m| m.is_dir() == is_dir);
        if !wanted {
            if is_dir {
                std::fs::remove_dir_all(e.path())?;
            } else {
                std::fs::remove_file(e.path())?;
            }
        }
    }
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let name = e.file_name();
        if !keep(&name) {
            continue;
        }
        let (src, dst) = (e.path(), to.join(&name));
        if e.file_type()?.is_dir() {
            restore_inputs(&src, &dst, false)?;
        } else {
            std::fs::write(&dst, std::fs::read(&src)?)?;
        }
    }
    Ok(())
}

struct Runner {
    rmake: PathBuf,
    scratch: PathBuf,
    /// Seconds since the epoch given to every input file.
    when: i64,
    /// `when` as GNU prints it (local time).
    when_text: String,
}

impl Runner {
    fn new(tag: &str) -> Runner {
        let when = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
            - 3600;
        let when_text = Command::new("date")
            .arg("-d")
            .arg(format!("@{}", when))
            .arg("+%Y-%m-%d %H:%M:%S")
            .env_clear()
            .env("LC_ALL", "C")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        Runner {
            rmake: PathBuf::from(env!("CARGO_BIN_EXE_rmake")),
            scratch: std::env::temp_dir().join(format!(
                "rmake-dbprint-{}-{}",
                tag,
                std::process::id()
            )),
            when,
            when_text,
        }
    }

    /// Runs `make -pq ARGS` in the scratch copy of `inputs`, as the
    /// testdata runner runs a case (argv[0] `make` found on PATH, PATH and
    /// LC_ALL only). Both makes run in the same directories (their device
    /// and inode numbers are printed): before each run the inputs are put
    /// back in place, and what a run created is removed.
    fn run(&self, make: &Path, inputs: &Path, args: &[String]) -> Vec<String> {
        let s = &self.scratch;
        let work = s.join("work");
        let bin = s.join("bin");
        let _ = std::fs::remove_file(bin.join("make"));
        if std::fs::create_dir_all(&bin).is_err()
            || std::os::unix::fs::symlink(make, bin.join("make")).is_err()
            || restore_inputs(inputs, &work, true).is_err()
        {
            return vec!["(could not set up the scratch directory)".to_string()];
        }
        let _ = Command::new("sh")
            .arg("-c")
            .arg(format!("find . -exec touch -h -d @{} {{}} +", self.when))
            .current_dir(&work)
            .status();
        let path = format!("{}:/usr/local/bin:/usr/bin:/bin", bin.display());
        let out = Command::new(bin.join("make"))
            .arg0("make")
            .arg("-pq")
            .args(args)
            .current_dir(&work)
            .env_clear()
            .env("PATH", &path)
            .env("LC_ALL", "C")
            .stdin(std::process::Stdio::null())
            .output()
            .map(|o| o.stdout)
            .unwrap_or_default();
        normalize(&out, &s.to_string_lossy(), &self.when_text)
    }

    /// Whether rmake and the reference agree on `inputs`; says where not.
    fn agree(&self, label: &str, inputs: &Path, args: &[String]) -> bool {
        let _ = std::fs::remove_dir_all(&self.scratch);
        let want = self.run(Path::new(REFERENCE), inputs, args);
        let got = self.run(&self.rmake, inputs, args);
        let _ = std::fs::remove_dir_all(&self.scratch);
        if want == got {
            return true;
        }
        let at = want
            .iter()
            .zip(got.iter())
            .position(|(a, b)| a != b)
            .unwrap_or(want.len().min(got.len()));
        eprintln!(
            "dbprint: {}: first difference at line {}: want {:?} got {:?}",
            label,
            at,
            want.get(at),
            got.get(at)
        );
        false
    }
}

fn case_args(case: &Path) -> Vec<String> {
    std::fs::read_to_string(case.join("args"))
        .map(|t| t.lines().map(|l| l.to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn print_data_base_matches_reference() {
    if !Path::new(REFERENCE).exists() {
        eprintln!("dbprint: skipped: no reference make at {}", REFERENCE);
        return;
    }
    let runner = Runner::new("cases");
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cases");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&cases)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.sort();
    let (mut same, mut total) = (0, 0);
    for case in names {
        if case.join("setup").exists()
            || case.join("stdin").exists()
            || !case.join("Makefile").exists()
        {
            continue;
        }
        total += 1;
        let label = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if runner.agree(&label, &case, &case_args(&case)) {
            same += 1;
        }
    }
    eprintln!("dbprint: {}/{} makefiles agree", same, total);
    assert!(
        same >= FLOOR,
        "fewer makefiles agree than before: {} < {}",
        same,
        FLOOR
    );
}

/// An automake Makefile (automake 1.16, `bin_PROGRAMS = hello` from two
/// sources, configured and built once so its `.deps/*.Po` hold real
/// dependencies). The generated scripts it depends on (configure,
/// config.status, aclocal.m4, Makefile.in) are stubs: with every file of
/// the same age nothing is remade, only their presence matters.
#[test]
fn automake_makefile_matches_reference() {
    if !Path::new(REFERENCE).exists() {
        eprintln!("dbprint: skipped: no reference make at {}", REFERENCE);
        return;
    }
    let runner = Runner::new("automake");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/automake-hello");
    assert!(runner.agree("automake-hello", &dir, &[]));
    assert!(runner.agree("automake-hello (hello)", &dir, &["hello".to_string()]));
}
