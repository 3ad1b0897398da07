//! `rmake -d` against the reference GNU make 4.4.1: on small projects
//! where recipes run between implicit searches, vpath searches and
//! globbing, the debug traces must agree line for line, GNU's directory
//! cache messages ("Directory D cache invalidated (count N != command M)")
//! and the searches it makes after forgetting impossible names included.
//! Set aside: the version banner (each make names itself) and the lines
//! about children, which hold addresses and process ids. Skipped (with a
//! message) when the reference make is absent.

mod common;

use std::path::Path;
use std::process::Command;

/// One project: its files (name, contents) and make's arguments.
struct Project {
    files: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
}

const PROJECTS: &[Project] = &[
    // A command runs, then a prerequisite is searched for: `.` and `RCS`
    // (from the built-in rules) are read anew.
    Project {
        files: &[
            ("Makefile", "all: a b\na: ; @touch a.x\nb: b.c ; @echo b\n"),
            ("b.c", ""),
        ],
        args: &["-d"],
    },
    // vpath and VPATH directories, $(wildcard) after a command, and a
    // pattern rule whose prerequisite lies in a missing directory (GNU
    // forgets the names found impossible there at its next look).
    Project {
        files: &[
            (
                "Makefile",
                "vpath %.c src\nVPATH = obj\nall: a prog.o c\na: ; @touch src/new.c\n\
                 prog.o: prog.c ; @echo $@ from $<\n\
                 c: ; @echo $(wildcard src/*.c) $(wildcard *.mk)\n\
                 %.o: sub/%.c ; @echo sub\n",
            ),
            ("src/prog.c", ""),
            ("obj/.keep", ""),
            ("x.mk", ""),
        ],
        args: &["-d"],
    },
    Project {
        files: &[
            (
                "Makefile",
                "%.o: sub/%.c ; @echo sub\nall: y x.o\ny: ; @true\n",
            ),
            ("x.c", ""),
        ],
        args: &["--debug=v,i", "-r"],
    },
    // A $(shell) child counts as a command too: the directory read before
    // it is read anew by the implicit search after it.
    Project {
        files: &[
            (
                "Makefile",
                "X := $(wildcard *.c)\nY := $(shell true)\nZ != true\nall: foo.x\n",
            ),
            ("x.c", ""),
        ],
        args: &["-d", "-n"],
    },
    // --shuffle: the mode is told before "Updating makefiles....".
    Project {
        files: &[
            (
                "Makefile",
                "X := $(wildcard *.c)\nY := $(shell true)\nall: b.x a.x\n",
            ),
            ("x.c", ""),
        ],
        args: &["-d", "-n", "--shuffle=reverse"],
    },
    // A $(shell) whose program cannot be started runs no child: it does
    // not count as a command.
    Project {
        files: &[(
            "Makefile",
            "X := $(wildcard *.mk)\nY := $(shell exit 3)\nZ := $(shell no-such-program-here --x)\nall: foo.x\n",
        )],
        args: &["-d", "-n"],
    },
];

/// The lines that must agree: the banner (up to GNU's warranty line) and
/// the lines about children are dropped.
fn normalize(out: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(out);
    let mut lines = Vec::new();
    let mut in_banner = true;
    for l in text.lines() {
        if in_banner {
            if l.starts_with("There is NO WARRANTY") {
                in_banner = false;
            }
            continue;
        }
        if l.contains(" PID ") || l.contains("child 0x") || l.contains("Child 0x") {
            continue;
        }
        lines.push(l.to_string());
    }
    lines
}

fn run(bin: &Path, dir: &Path, args: &[&str]) -> (Vec<String>, Vec<u8>, Option<i32>) {
    let out = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("LC_ALL", "C")
        .output()
        .expect("run make");
    (normalize(&out.stdout), out.stderr, out.status.code())
}

#[test]
fn debug_traces_match_the_reference() {
    let Some(reference) = common::reference_bin() else {
        eprintln!("debug_trace: no reference make; skipped");
        return;
    };
    for (i, p) in PROJECTS.iter().enumerate() {
        let scratch = common::Scratch::new("debug-trace");
        let bin_dir = scratch.path.join("bin");
        let mut results = Vec::new();
        for (who, bin) in [
            ("reference", reference.clone()),
            ("rmake", common::rmake_bin()),
        ] {
            let make = common::make_symlink(&bin_dir.join(who), &bin);
            let dir = scratch.path.join(who);
            for (name, text) in p.files {
                let f = dir.join(name);
                std::fs::create_dir_all(f.parent().unwrap()).unwrap();
                std::fs::write(&f, text).unwrap();
            }
            results.push(run(&make, &dir, p.args));
        }
        let (want, got) = (&results[0], &results[1]);
        assert_eq!(got.1, want.1, "project {i}: stderr");
        assert_eq!(got.2, want.2, "project {i}: status");
        if got.0 != want.0 {
            let first = got.0.iter().zip(&want.0).position(|(a, b)| a != b);
            panic!(
                "project {i}: stdout differs at line {:?}:\n  rmake:     {:?}\n  reference: {:?}",
                first,
                first.and_then(|k| got.0.get(k)),
                first.and_then(|k| want.0.get(k)),
            );
        }
        assert!(
            want.0.iter().any(|l| l.starts_with("Directory ")),
            "project {i}: the reference printed no directory cache line"
        );
    }
}
