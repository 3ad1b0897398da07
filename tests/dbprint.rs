//! `rmake -pq` against the reference GNU make 4.4.1 on the makefiles of
//! `testdata/cases` (those without `setup` or `stdin`): the data bases must
//! agree once the date lines, the version banner, the program's path and
//! the numbers GNU derives from its internal lookups (hash collisions,
//! string cache, directory cache) are set aside. Until every makefile
//! agrees, the test holds a floor: the number that agree must not drop.
//! Skipped (with a message) when the reference make is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

const REFERENCE: &str = "/root/.cache/reference-make/bin/make";
/// Makefiles whose data bases agree today; raise it as the printer improves.
const FLOOR: usize = 0;

fn normalize(out: &[u8], prog: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(out).replace(prog, "MAKE");
    let mut lines = Vec::new();
    let mut banner = true;
    let mut skip_dirs = false;
    for l in text.lines() {
        if banner {
            if l.starts_with("# Make data base, printed on") {
                banner = false;
            }
            continue;
        }
        if l.starts_with("# Finished Make data base on") {
            continue;
        }
        if l == "# Directories" {
            skip_dirs = true;
            lines.push(l.to_string());
            continue;
        }
        if skip_dirs {
            if l.starts_with("# Implicit Rules") {
                skip_dirs = false;
            } else {
                continue;
            }
        }
        if l.starts_with("# strcache")
            || l.starts_with("# current buf")
            || l == "# hash-table stats:"
        {
            continue;
        }
        let l = match l.find(", Collisions=") {
            Some(i) => l[..i].to_string(),
            None => l.to_string(),
        };
        lines.push(l);
    }
    // The string cache's stats line follows "# hash-table stats:".
    lines.retain(|l| {
        !(l.starts_with("# Load=") && l.contains("/8192=") || l.contains("MAKE_COMMAND"))
    });
    lines
}

fn run(make: &Path, dir: &Path) -> Vec<u8> {
    Command::new(make)
        .arg("-pq")
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("LC_ALL", "C")
        .output()
        .map(|o| o.stdout)
        .unwrap_or_default()
}

#[test]
fn print_data_base_matches_reference() {
    let reference = Path::new(REFERENCE);
    if !reference.exists() {
        eprintln!("dbprint: skipped: no reference make at {}", REFERENCE);
        return;
    }
    let rmake = PathBuf::from(env!("CARGO_BIN_EXE_rmake"));
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
        let tmp = std::env::temp_dir().join(format!("rmake-dbprint-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        if std::fs::create_dir_all(&tmp).is_err()
            || std::fs::copy(case.join("Makefile"), tmp.join("Makefile")).is_err()
        {
            continue;
        }
        total += 1;
        let want = normalize(&run(reference, &tmp), REFERENCE);
        let got = normalize(&run(&rmake, &tmp), rmake.to_str().unwrap_or(""));
        let _ = std::fs::remove_dir_all(&tmp);
        if want == got {
            same += 1;
        } else {
            let diff = want
                .iter()
                .zip(got.iter())
                .position(|(a, b)| a != b)
                .unwrap_or(want.len().min(got.len()));
            eprintln!(
                "dbprint: {}: first difference at line {}: want {:?} got {:?}",
                case.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                diff,
                want.get(diff),
                got.get(diff)
            );
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
