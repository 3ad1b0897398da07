//! The data-driven test runner: every directory under `testdata/cases/` is a
//! case recorded from GNU make 4.4.1 by `testdata/record`. See
//! `testdata/README.md` for the case format.
//!
//! Each case runs in a fresh scratch copy with the built rmake invoked as
//! `make` (argv[0] "make", through a symlink named `make` that is first on
//! PATH), a clean environment (only PATH, LC_ALL=C and TMPDIR, the scratch's
//! `tmp`), stdin from the
//! case's `stdin` file or /dev/null, and a timeout. Outputs are compared byte
//! for byte after the scratch paths are replaced by `@DIR@` (the case's work
//! directory) and `@TMP@` (the scratch root).
//!
//! Ratchet: `testdata/known-failures` lists cases that are allowed to fail;
//! an unlisted failing case fails the run, and so does a listed case that
//! passes (the list only shrinks). `TESTDATA_SHRINK=1` rewrites the list
//! without the cases that now pass.
//!
//! Environment knobs: TESTDATA_FILTER=substr[,substr] runs only matching
//! cases; TESTDATA_VERBOSE=1 prints diffs for known failures too;
//! TESTDATA_TIMEOUT=secs (default 20); TESTDATA_KEEP=1 keeps scratch dirs;
//! TESTDATA_MAKE=path runs another make instead of rmake, without the ratchet
//! (`TESTDATA_MAKE=$(../shared/tools/reference-make) cargo test --test
//! testdata` checks that every recording reproduces).

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::Scratch;

use common::RESERVED;

/// The PATH a case runs with; `{BIN}` is the directory holding `make`.
/// Must stay identical to testdata/record.
const PATH_TAIL: &str = "/usr/local/bin:/usr/bin:/bin";

struct Outcome {
    name: String,
    passed: bool,
    report: String,
}

fn main() {
    let root = common::root();
    let cases_dir = root.join("testdata/cases");
    let mut names: Vec<String> = fs::read_dir(&cases_dir)
        .expect("testdata/cases")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let filter: Vec<String> = std::env::var("TESTDATA_FILTER")
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    // cargo test passes its own filter words as arguments: honour them too.
    // Options of libtest that take a value are skipped with their value.
    let mut arg_filter: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if matches!(
            a.as_str(),
            "--test-threads"
                | "--skip"
                | "--color"
                | "--format"
                | "--logfile"
                | "-Z"
                | "--shuffle-seed"
        ) {
            args.next();
        } else if !a.starts_with('-') {
            arg_filter.push(a);
        }
    }
    let filtered = !filter.is_empty() || !arg_filter.is_empty();
    if filtered {
        names.retain(|n| {
            filter
                .iter()
                .chain(arg_filter.iter())
                .any(|f| n.contains(f.as_str()))
        });
    }

    // TESTDATA_MAKE=/path/to/make runs the cases with another make (e.g. the
    // reference, to check that recordings reproduce); the ratchet is then off
    // and every case must pass.
    let other = std::env::var_os("TESTDATA_MAKE").map(std::path::PathBuf::from);
    let known = if other.is_some() {
        Default::default()
    } else {
        common::known_failures()
    };
    let verbose = std::env::var_os("TESTDATA_VERBOSE").is_some();
    let timeout = Duration::from_secs(
        std::env::var("TESTDATA_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(20),
    );
    let bin = other.clone().unwrap_or_else(common::rmake_bin);

    // Run the cases on a few threads; report in name order.
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(4);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: std::sync::Mutex<Vec<Option<Outcome>>> =
        std::sync::Mutex::new((0..names.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if i >= names.len() {
                    break;
                }
                let out = run_case(&cases_dir.join(&names[i]), &names[i], &bin, timeout);
                results.lock().unwrap()[i] = Some(out);
            });
        }
    });
    let results: Vec<Outcome> = results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|o| o.unwrap())
        .collect();

    let mut passed = 0;
    let mut failed = 0;
    let mut unexpected_fail = Vec::new();
    let mut unexpected_pass = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for r in &results {
        let listed = known.contains(&r.name);
        if r.passed {
            passed += 1;
            if listed {
                unexpected_pass.push(r.name.clone());
                writeln!(out, "PASS {} (listed in known-failures: remove it)", r.name).unwrap();
            } else {
                writeln!(out, "ok   {}", r.name).unwrap();
            }
        } else {
            failed += 1;
            if listed {
                writeln!(out, "fail {} (known)", r.name).unwrap();
                // A crash is never a known failure: show it (CI looks for it).
                if verbose || r.report.contains(CRASH) {
                    writeln!(out, "{}", r.report).unwrap();
                }
            } else {
                unexpected_fail.push(r.name.clone());
                writeln!(out, "FAIL {}\n{}", r.name, r.report).unwrap();
            }
        }
    }

    // Entries of known-failures that name no case (only checked on full runs).
    let mut stale = Vec::new();
    if !filtered {
        for k in &known {
            if !k.starts_with("rust:") && !names.contains(k) {
                stale.push(k.clone());
            }
        }
    }

    if other.is_some() {
        stale.clear();
    }
    if std::env::var_os("TESTDATA_SHRINK").is_some() && !filtered && other.is_none() {
        shrink_known_failures(&root, &unexpected_pass, &stale);
        writeln!(
            out,
            "testdata/known-failures rewritten without {} passing and {} stale entries",
            unexpected_pass.len(),
            stale.len()
        )
        .unwrap();
        unexpected_pass.clear();
        stale.clear();
    }

    let ok = unexpected_fail.is_empty() && unexpected_pass.is_empty() && stale.is_empty();
    if !unexpected_fail.is_empty() {
        writeln!(
            out,
            "\nunexpected failures (not in testdata/known-failures): {}",
            unexpected_fail.join(" ")
        )
        .unwrap();
    }
    if !unexpected_pass.is_empty() {
        writeln!(out, "\nlisted in testdata/known-failures but passing (remove them, or run with TESTDATA_SHRINK=1): {}",
            unexpected_pass.join(" ")).unwrap();
    }
    if !stale.is_empty() {
        writeln!(
            out,
            "\ntestdata/known-failures names cases that do not exist: {}",
            stale.join(" ")
        )
        .unwrap();
    }
    writeln!(
        out,
        "testdata ratchet: {}",
        if ok { "ok" } else { "FAILED" }
    )
    .unwrap();
    writeln!(out, "testdata: {passed} passed, {failed} failed").unwrap();
    drop(out);
    std::process::exit(if ok { 0 } else { 1 });
}

fn shrink_known_failures(root: &Path, drop: &[String], stale: &[String]) {
    let path = root.join("testdata/known-failures");
    let text = fs::read_to_string(&path).unwrap_or_default();
    let mut kept = String::new();
    for line in text.lines() {
        let name = line.split('#').next().unwrap().trim();
        if drop.iter().any(|d| d == name) || stale.iter().any(|d| d == name) {
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    fs::write(&path, kept).unwrap();
}

/// Splits a file into lines the way bash's `mapfile -t` does.
fn lines_of(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut v: Vec<String> = text.split('\n').map(str::to_string).collect();
    if text.ends_with('\n') || text.is_empty() {
        v.pop();
    }
    v
}

fn copy_tree(from: &Path, to: &Path, top: bool) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for e in fs::read_dir(from)? {
        let e = e?;
        let name = e.file_name();
        if top && RESERVED.contains(&name.to_string_lossy().as_ref()) {
            continue;
        }
        let ty = e.file_type()?;
        let dest = to.join(&name);
        if ty.is_dir() {
            copy_tree(&e.path(), &dest, false)?;
        } else if ty.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(e.path())?, &dest)?;
        } else {
            fs::copy(e.path(), &dest)?;
        }
    }
    Ok(())
}

/// Gives every file and directory under `dir` (and `dir` itself) the same
/// mtime, so that no make decision depends on copy order.
fn set_times(dir: &Path, t: SystemTime) -> std::io::Result<()> {
    for e in fs::read_dir(dir)? {
        let e = e?;
        let ty = e.file_type()?;
        if ty.is_dir() {
            set_times(&e.path(), t)?;
        } else if ty.is_file() {
            fs::File::open(e.path())?.set_modified(t)?;
        }
    }
    fs::File::open(dir)?.set_modified(t)
}

/// The environment every case runs in: PATH, LC_ALL=C and a TMPDIR of the
/// case's own (the scratch's `tmp`), so that temporary files and jobserver
/// fifos of other runs (a killed make leaves its fifo) never meet a case's.
fn base_command(program: &Path, bin_dir: &Path, work: &Path, tmp: &Path) -> Command {
    let mut c = Command::new(program);
    c.current_dir(work)
        .env_clear()
        .env("PATH", format!("{}:{}", bin_dir.display(), PATH_TAIL))
        .env("LC_ALL", "C")
        .env("TMPDIR", tmp);
    c
}

/// Runs a command with stdout/stderr going to files (not pipes, so that a
/// leftover grandchild cannot block us), in its own process group, killed
/// with the group after `timeout`. Returns the status or None on timeout.
fn run_with_timeout(
    mut cmd: Command,
    stdout: &Path,
    stderr: &Path,
    timeout: Duration,
) -> std::io::Result<Option<i32>> {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    cmd.stdout(fs::File::create(stdout)?)
        .stderr(fs::File::create(stderr)?)
        .process_group(0);
    let mut child = cmd.spawn()?;
    let start = Instant::now();
    loop {
        if let Some(st) = child.try_wait()? {
            // Clean up anything left in the group (background jobs).
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            return Ok(Some(
                st.code().unwrap_or_else(|| 128 + st.signal().unwrap_or(0)),
            ));
        }
        if start.elapsed() > timeout {
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn replace_all(hay: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if !needle.is_empty() && hay[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

fn normalize(bytes: &[u8], work: &Path, scratch: &Path) -> Vec<u8> {
    let b = replace_all(bytes, work.as_os_str().as_encoded_bytes(), b"@DIR@");
    replace_all(&b, scratch.as_os_str().as_encoded_bytes(), b"@TMP@")
}

/// The state of the files a case lists in `files`, in the format that
/// testdata/record writes to `filestate`.
fn file_state(work: &Path, list: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in list.iter().filter(|p| !p.is_empty()) {
        let full = work.join(p);
        match fs::symlink_metadata(&full) {
            Err(_) => out.extend_from_slice(format!("== {p}: absent\n").as_bytes()),
            Ok(m) if m.is_dir() => out.extend_from_slice(format!("== {p}: directory\n").as_bytes()),
            Ok(_) => {
                let data = fs::read(&full).unwrap_or_default();
                out.extend_from_slice(format!("== {p}: {} bytes\n", data.len()).as_bytes());
                out.extend_from_slice(&data);
                out.push(b'\n');
            }
        }
    }
    out
}

fn run_case(case: &Path, name: &str, bin: &Path, timeout: Duration) -> Outcome {
    let fail = |report: String| Outcome {
        name: name.to_string(),
        passed: false,
        report,
    };
    let Ok(expected_status) = fs::read_to_string(case.join("status")) else {
        return fail("  not recorded: run testdata/record ".to_string() + name);
    };
    let scratch = Scratch::new("td");
    let root = &scratch.path;
    let bin_dir = root.join("bin");
    let work = root.join("work");
    let tmp = root.join("tmp");
    if let Err(e) = fs::create_dir(&tmp) {
        return fail(format!("  cannot create {}: {e}", tmp.display()));
    }
    let link = common::make_symlink(&bin_dir, bin);
    if let Err(e) = copy_tree(case, &work, true) {
        return fail(format!("  cannot copy the case: {e}"));
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    if let Err(e) = set_times(&work, UNIX_EPOCH + Duration::from_secs(now - 3600)) {
        return fail(format!("  cannot set times: {e}"));
    }

    if case.join("setup").is_file() {
        let mut c = base_command(Path::new("/bin/sh"), &bin_dir, &work, &tmp);
        c.arg(case.join("setup")).stdin(Stdio::null());
        let (o, e) = (root.join("setup.out"), root.join("setup.err"));
        match run_with_timeout(c, &o, &e, timeout) {
            Ok(Some(0)) => {}
            r => {
                return fail(format!(
                    "  setup failed ({r:?}): {}",
                    String::from_utf8_lossy(&fs::read(&e).unwrap_or_default())
                ))
            }
        }
    }

    let args = fs::read(case.join("args"))
        .map(|b| lines_of(&b))
        .unwrap_or_default();
    let mut c = base_command(&link, &bin_dir, &work, &tmp);
    {
        use std::os::unix::process::CommandExt;
        c.arg0("make");
    }
    c.args(&args);
    let stdin_file = case.join("stdin");
    if stdin_file.is_file() {
        c.stdin(fs::File::open(&stdin_file).unwrap());
    } else {
        c.stdin(Stdio::null());
    }
    let (o, e) = (root.join("out.stdout"), root.join("out.stderr"));
    let status = match run_with_timeout(c, &o, &e, timeout) {
        Ok(Some(s)) => s,
        Ok(None) => return fail(format!("  timed out after {}s", timeout.as_secs())),
        Err(err) => return fail(format!("  cannot run rmake: {err}")),
    };

    let mut report = String::new();
    let raw_stderr = fs::read(&e).unwrap_or_default();
    if let Some(line) = crash_line(&raw_stderr) {
        report += &format!("  {CRASH}: {line}\n");
    }
    let actual_stdout = normalize(&fs::read(&o).unwrap_or_default(), &work, root);
    let actual_stderr = normalize(&fs::read(&e).unwrap_or_default(), &work, root);
    let expected_stdout = fs::read(case.join("stdout")).unwrap_or_default();
    let expected_stderr = fs::read(case.join("stderr")).unwrap_or_default();
    let expected_status = expected_status.trim();
    if expected_status != status.to_string() {
        report += &format!("  status: expected {expected_status}, got {status}\n");
    }
    if actual_stdout != expected_stdout {
        report += &format!(
            "  stdout differs (-expected +actual):\n{}",
            diff(&expected_stdout, &actual_stdout)
        );
    }
    if actual_stderr != expected_stderr {
        report += &format!(
            "  stderr differs (-expected +actual):\n{}",
            diff(&expected_stderr, &actual_stderr)
        );
    }
    if case.join("files").is_file() {
        let list = lines_of(&fs::read(case.join("files")).unwrap());
        let actual = normalize(&file_state(&work, &list), &work, root);
        let expected = fs::read(case.join("filestate")).unwrap_or_default();
        if actual != expected {
            report += &format!(
                "  files differ (-expected +actual):\n{}",
                diff(&expected, &actual)
            );
        }
    }
    if report.is_empty() {
        Outcome {
            name: name.to_string(),
            passed: true,
            report,
        }
    } else {
        let args_shown = args
            .iter()
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(" ");
        report = format!("  (make {args_shown} in {})\n{report}", case.display());
        fail(report)
    }
}

/// How a report says rmake crashed (a panic or a stack overflow).
const CRASH: &str = "rmake crashed";

/// The line of rmake's stderr telling of a panic or a stack overflow.
fn crash_line(stderr: &[u8]) -> Option<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .find(|l| l.contains("panicked at") || l.contains("has overflowed its stack"))
        .map(str::to_string)
}

/// A line diff (longest common subsequence), each line prefixed with
/// `    -`, `    +` or `     `; a line without its final newline is marked.
fn diff(expected: &[u8], actual: &[u8]) -> String {
    fn split(b: &[u8]) -> Vec<String> {
        let s = String::from_utf8_lossy(b);
        s.split_inclusive('\n')
            .map(|l| match l.strip_suffix('\n') {
                Some(x) => x.to_string(),
                None => format!("{l}\\ (no newline)"),
            })
            .collect()
    }
    let a = split(expected);
    let b = split(actual);
    let (n, m) = (a.len(), b.len());
    if n * m > 4_000_000 {
        return format!("    (too long to diff: {n} vs {m} lines)\n");
    }
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j, mut shown) = (0, 0, 0);
    while (i < n || j < m) && shown < 80 {
        if i < n && j < m && a[i] == b[j] {
            out += &format!("     {}\n", a[i]);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out += &format!("    +{}\n", b[j]);
            j += 1;
        } else {
            out += &format!("    -{}\n", a[i]);
            i += 1;
        }
        shown += 1;
    }
    if i < n || j < m {
        out += "    ...\n";
    }
    out
}
