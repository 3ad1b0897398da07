//! Wildcards match and sort file names by the user's locale, as GNU make's
//! (glibc's glob after `setlocale(LC_ALL, "")`) do: src/locale.rs.

mod common;

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command;

use common::Scratch;

const NAMES: [&[u8]; 10] = [
    b"a.c",
    b"B.c",
    b"_x.c",
    b"b.c",
    b"Z.c",
    "\u{e9}.c".as_bytes(),
    b"e.c",
    b"10.c",
    b"9.c",
    b"x\xff.c",
];

const MAKEFILE: &str = "all:\n\
    \t@echo '$(wildcard *.c)'\n\
    \t@echo '$(wildcard ?.c)'\n\
    \t@echo '$(wildcard [[:alpha:]].c)'\n\
    \t@echo '$(wildcard [a-z].c)'\n\
    \t@echo '$(wildcard ??.c)'\n\
    \t@echo '$(wildcard [!a].c)'\n";

/// Whether glibc can load `locale` here.
fn installed(locale: &str) -> bool {
    let Ok(o) = Command::new("locale").arg("-a").output() else {
        return false;
    };
    let want = locale.to_ascii_lowercase().replace("-", "");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .any(|l| l.to_ascii_lowercase().replace("-", "") == want)
}

fn run(bin: &Path, lang: &str) -> String {
    let scratch = Scratch::new("locale");
    let dir = &scratch.path;
    for n in NAMES {
        fs::write(dir.join(std::ffi::OsStr::from_bytes(n)), "").unwrap();
    }
    fs::write(dir.join("Makefile"), MAKEFILE).unwrap();
    let o = Command::new(bin)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .env_remove("LC_COLLATE")
        .env("LANG", lang)
        .env_remove("MAKEFLAGS")
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

#[test]
fn wildcards_follow_the_locale() {
    let c = run(&common::rmake_bin(), "C");
    assert_eq!(
        c.lines().next(),
        Some("10.c 9.c B.c Z.c _x.c a.c b.c e.c x\u{fffd}.c \u{e9}.c")
    );
    if installed("C.utf8") {
        let u = run(&common::rmake_bin(), "C.UTF-8");
        // `?` is one character there, also one of two bytes.
        assert_eq!(u.lines().nth(1), Some("9.c B.c Z.c a.c b.c e.c \u{e9}.c"));
    }
    let Some(g) = common::reference_bin() else {
        return;
    };
    for lang in ["C", "C.UTF-8", "en_US.UTF-8", "de_DE"] {
        if lang == "C" || installed(lang) {
            assert_eq!(
                run(&common::rmake_bin(), lang),
                run(&g, lang),
                "LANG={lang}: rmake (left), GNU make (right)"
            );
        }
    }
}

/// `-l`'s load as MAKEFLAGS gives it and the sub-make reads it, and `-p`'s
/// share of terminal rules, under `lang`.
fn numbers(bin: &Path, lang: &str) -> String {
    let scratch = Scratch::new("locale-num");
    let dir = &scratch.path;
    fs::write(
        dir.join("Makefile"),
        "all:;@echo '[$(MAKEFLAGS)]'; $(MAKE) -s -f sub.mk\n",
    )
    .unwrap();
    fs::write(dir.join("sub.mk"), "all:;@echo 'sub [$(MAKEFLAGS)]'\n").unwrap();
    let mut out = String::new();
    for args in [&["-l", "2.5"][..], &["-l", "2,5"], &["-s", "-pq", "-l3"]] {
        let o = Command::new(bin)
            .current_dir(dir)
            .args(args)
            .env("LC_ALL", lang)
            .env_remove("MAKEFLAGS")
            .env_remove("MAKELEVEL")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        out.extend(
            text.lines()
                .filter(|l| l.contains("MAKEFLAGS") || l.contains('[') || l.contains("terminal"))
                .map(|l| format!("{l}\n")),
        );
    }
    out
}

#[test]
fn numbers_follow_the_locale() {
    let c = numbers(&common::rmake_bin(), "C");
    assert!(c.contains("[ -l2.5]\nsub [s -l2.5]\n[ -l2]\n"), "{c}");
    let Some(g) = common::reference_bin() else {
        return;
    };
    for lang in ["C", "C.UTF-8", "de_DE", "de_DE.ISO-8859-1"] {
        if lang == "C" || installed(lang) {
            assert_eq!(
                numbers(&common::rmake_bin(), lang),
                numbers(&g, lang),
                "LC_ALL={lang}: rmake (left), GNU make (right)"
            );
        }
    }
}

/// The C library's messages: `strerror`'s and `strsignal`'s.
fn messages(bin: &Path, lang: &str) -> String {
    let scratch = Scratch::new("locale-msg");
    let dir = &scratch.path;
    fs::write(
        dir.join("Makefile"),
        "all: a b\n\t@nosuchcommand_for_locale\na:;-@kill -34 $$$$\nb:;-@kill -TERM $$$$\n",
    )
    .unwrap();
    let name = bin.file_name().unwrap().to_string_lossy().into_owned();
    let mut out = String::new();
    for args in [&["-f", "missing.mk"][..], &["-k"]] {
        let o = Command::new(bin)
            .current_dir(dir)
            .args(args)
            .env("LC_ALL", lang)
            .env_remove("MAKEFLAGS")
            .env_remove("MAKELEVEL")
            .output()
            .unwrap();
        out += &String::from_utf8_lossy(&o.stderr).replace(&name, "make");
    }
    out
}

#[test]
fn messages_follow_the_locale() {
    let c = messages(&common::rmake_bin(), "C");
    assert!(c.contains("missing.mk: No such file or directory"), "{c}");
    assert!(c.contains("Real-time signal 0 (ignored)"), "{c}");
    let Some(g) = common::reference_bin() else {
        return;
    };
    for lang in ["C", "C.UTF-8", "de_DE"] {
        if lang == "C" || installed(lang) {
            assert_eq!(
                messages(&common::rmake_bin(), lang),
                messages(&g, lang),
                "LC_ALL={lang}: rmake (left), GNU make (right)"
            );
        }
    }
}
