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

/// Runs `bin` in `dir` with `args` under the locale `lang` (given as
/// `var`, the other locale variables unset): its stdout and stderr, the
/// program's name in them written `make`.
fn make(bin: &Path, dir: &Path, args: &[&str], var: &str, lang: &str) -> (String, String) {
    let mut c = Command::new(bin);
    for v in [
        "LC_ALL",
        "LC_CTYPE",
        "LC_COLLATE",
        "LC_NUMERIC",
        "LC_MESSAGES",
        "LANG",
    ] {
        c.env_remove(v);
    }
    let o = c
        .current_dir(dir)
        .args(args)
        .env(var, lang)
        .env_remove("MAKEFLAGS")
        .env_remove("MAKELEVEL")
        .output()
        .unwrap();
    let name = format!("{}:", bin.file_name().unwrap().to_string_lossy());
    let text = |b: &[u8]| String::from_utf8_lossy(b).replace(&name, "make:");
    (text(&o.stdout), text(&o.stderr))
}

/// `f` gives the same for rmake and the reference under each of `langs`
/// that is installed (C always is).
fn same_as_gnu(langs: &[&str], f: fn(&Path, &str) -> String) {
    let Some(g) = common::reference_bin() else {
        return;
    };
    for &lang in langs {
        if lang == "C" || installed(lang) {
            assert_eq!(
                f(&common::rmake_bin(), lang),
                f(&g, lang),
                "{lang}: rmake (left), GNU make (right)"
            );
        }
    }
}

fn run(bin: &Path, lang: &str) -> String {
    let scratch = Scratch::new("locale");
    let dir = &scratch.path;
    for n in NAMES {
        fs::write(dir.join(std::ffi::OsStr::from_bytes(n)), "").unwrap();
    }
    fs::write(dir.join("Makefile"), MAKEFILE).unwrap();
    let (out, err) = make(bin, dir, &[], "LANG", lang);
    out + &err
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
    same_as_gnu(&["C", "C.UTF-8", "en_US.UTF-8", "de_DE"], run);
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
        let (text, _) = make(bin, dir, args, "LC_ALL", lang);
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
    same_as_gnu(&["C", "C.UTF-8", "de_DE", "de_DE.ISO-8859-1"], numbers);
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
    let mut out = String::new();
    for args in [&["-f", "missing.mk"][..], &["-k"]] {
        out += &make(bin, dir, args, "LC_ALL", lang).1;
    }
    out
}

#[test]
fn messages_follow_the_locale() {
    let c = messages(&common::rmake_bin(), "C");
    assert!(c.contains("missing.mk: No such file or directory"), "{c}");
    assert!(c.contains("Real-time signal 0 (ignored)"), "{c}");
    same_as_gnu(&["C", "C.UTF-8", "de_DE"], messages);
}
