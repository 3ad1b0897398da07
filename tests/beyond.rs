//! rmake's own options (`--why`, `--compile-commands`, `--graph`,
//! `--list`): GNU make lacks them, so these cases cannot be recorded from
//! the reference like `testdata/cases`; the expected output is written out
//! here instead. Each case runs in a scratch directory with a clean
//! environment (PATH, TZ=UTC, LC_ALL=C) and rmake invoked as `make`.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::Scratch;

/// 2026-11-23 18:00:01 UTC.
const T0: i64 = 1_795_456_801;

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(p, text).unwrap();
}

fn set_time(dir: &Path, name: &str, secs: i64, nanos: u32) {
    let t = filetime::FileTime::from_unix_time(secs, nanos);
    filetime::set_file_mtime(dir.join(name), t).unwrap();
}

fn make(dir: &Path, args: &[&str]) -> Output {
    make_with_path(dir, args, "/usr/bin:/bin")
}

fn make_with_path(dir: &Path, args: &[&str], path: &str) -> Output {
    let link = common::make_symlink(&dir.join(".bin"), &common::rmake_bin());
    let _ = link;
    let path = format!("{}:{path}", dir.join(".bin").display());
    let out = Command::new(dir.join(".bin/make"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("TZ", "UTC")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .expect("run rmake");
    let _ = fs::remove_dir_all(dir.join(".bin"));
    out
}

fn text(b: &[u8], dir: &Path) -> String {
    String::from_utf8_lossy(b).replace(&dir.display().to_string(), "@DIR@")
}

const WHY_MAKEFILE: &str = "\
.PHONY: all
all: prog
prog: a.o b.o c.o
\t@touch $@
a.o: a.c a.h
\t@touch $@
b.o: b.c
\t@touch $@
c.o: c.c
\t@touch $@
";

fn why_tree(dir: &Path) {
    write(dir, "Makefile", WHY_MAKEFILE);
    for (f, t) in [
        ("a.c", T0),
        ("a.h", T0 + 100),
        ("a.o", T0 + 50),
        ("b.c", T0),
        ("b.o", T0 + 50),
        ("c.c", T0),
        ("prog", T0 + 60),
    ] {
        write(dir, f, "");
        set_time(dir, f, t, 120_000_000);
    }
}

#[test]
fn why_after_a_real_run() {
    let s = Scratch::new("why");
    why_tree(&s.path);
    let out = make(&s.path, &["--why"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(text(&out.stdout, &s.path), "");
    assert_eq!(
        text(&out.stderr, &s.path),
        "a.o: prerequisite a.h is newer (2026-11-23 18:01:41.12 > 2026-11-23 18:00:51.12)\n\
         c.o: does not exist\n\
         prog: prerequisite a.o was remade\n\
         all: phony\n"
    );
    // Everything is up to date now: only the phony target is "remade".
    let out = make(&s.path, &["--why"]);
    assert_eq!(text(&out.stderr, &s.path), "all: phony\n");
    assert_eq!(
        text(&out.stdout, &s.path),
        "make: Nothing to be done for 'all'.\n"
    );
}

#[test]
fn why_with_dry_run_and_one_target() {
    let s = Scratch::new("why-n");
    why_tree(&s.path);
    let out = make(&s.path, &["-n", "--why=prog"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        text(&out.stdout, &s.path),
        "touch a.o\ntouch c.o\ntouch prog\n"
    );
    assert_eq!(
        text(&out.stderr, &s.path),
        "prog: prerequisite a.o was remade\n"
    );
    assert!(!s.path.join("c.o").exists(), "-n ran nothing");
    // -B: the targets that are up to date say so.
    let out = make(&s.path, &["-B", "-n", "--why", "b.o", "a.o"]);
    assert_eq!(
        text(&out.stderr, &s.path),
        "b.o: -B\na.o: prerequisite a.h is newer (2026-11-23 18:01:41.12 > 2026-11-23 18:00:51.12)\n"
    );
}

#[test]
fn why_keeps_gnus_debug_why() {
    let s = Scratch::new("why-debug");
    why_tree(&s.path);
    let out = make(&s.path, &["-n", "--debug=why", "c.o"]);
    assert_eq!(
        text(&out.stdout, &s.path),
        "Makefile:10: update target 'c.o' due to: target does not exist\ntouch c.o\n"
    );
    assert_eq!(text(&out.stderr, &s.path), "");
}

/// A small C project: two objects by a pattern rule, a library in a
/// sub-make that compiles through a `ccache` wrapper and `cd`.
fn c_project(dir: &Path) {
    write(
        dir,
        "Makefile",
        "CC = gcc\n\
         CFLAGS = -O2 -Wall -Iinclude\n\
         OBJS = obj/main.o obj/util.o\n\
         $(info top MAKEFLAGS=[$(MAKEFLAGS)])\n\
         \n\
         .PHONY: all clean\n\
         \n\
         ## Build the program\n\
         all: prog\n\
         \n\
         prog: $(OBJS) lib/libm2.a ## Link the program\n\
         \t$(CC) -o $@ $^\n\
         \n\
         obj/%.o: src/%.c include/util.h | obj\n\
         \t@echo '  CC $@'; $(CC) $(CFLAGS) -DNAME='\"$*\"' -c -o $@ $<\n\
         \n\
         obj:\n\
         \tmkdir -p $@\n\
         \n\
         lib/libm2.a: FORCE\n\
         \t$(MAKE) -C lib\n\
         FORCE:\n\
         \n\
         clean: ## Remove build outputs\n\
         \trm -rf obj prog\n",
    );
    write(
        dir,
        "lib/Makefile",
        "$(info sub MAKEFLAGS=[$(MAKEFLAGS)])\n\
         libm2.a: m2.o\n\
         \tar rcs $@ $^\n\
         m2.o: m2.c\n\
         \tcd .. && cd lib && ccache $(CC) -DM2=1 -c m2.c\n",
    );
    write(dir, "lib/m2.c", "int m2(void) { return 2; }\n");
    write(dir, "include/util.h", "int util(void);\n");
    write(
        dir,
        "src/main.c",
        "#include \"util.h\"\nint m2(void);\nint main(void) { return util() + m2() - 3; }\n",
    );
    write(
        dir,
        "src/util.c",
        "#include \"util.h\"\nint util(void) { return 1; }\n",
    );
    write(dir, "tools/ccache", "#!/bin/sh\nexec \"$@\"\n");
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir.join("tools/ccache"), fs::Permissions::from_mode(0o755)).unwrap();
}

const COMPILE_COMMANDS: &str = r#"[
  {"directory":"@DIR@","file":"@DIR@/src/main.c","output":"@DIR@/obj/main.o","arguments":["gcc","-O2","-Wall","-Iinclude","-DNAME=\"main\"","-c","-o","obj/main.o","src/main.c"]},
  {"directory":"@DIR@","file":"@DIR@/src/util.c","output":"@DIR@/obj/util.o","arguments":["gcc","-O2","-Wall","-Iinclude","-DNAME=\"util\"","-c","-o","obj/util.o","src/util.c"]},
  {"directory":"@DIR@/lib","file":"@DIR@/lib/m2.c","output":"@DIR@/lib/m2.o","arguments":["gcc","-DM2=1","-c","m2.c"]}
]
"#;

fn tools_path(dir: &Path) -> String {
    format!("{}:/usr/bin:/bin", dir.join("tools").display())
}

#[test]
fn compile_commands_dry_run() {
    let s = Scratch::new("cc-n");
    c_project(&s.path);
    let plain = make_with_path(&s.path, &["-n"], &tools_path(&s.path));
    let out = make_with_path(&s.path, &["--compile-commands", "-n"], &tools_path(&s.path));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // Nothing ran, and the output (MAKEFLAGS as the makefiles see it,
    // in the sub-make too) is that of a plain -n.
    assert!(!s.path.join("obj").exists());
    assert!(!s.path.join("lib/m2.o").exists());
    assert_eq!(text(&out.stdout, &s.path), text(&plain.stdout, &s.path));
    assert!(text(&out.stdout, &s.path).contains("sub MAKEFLAGS=[n]"));
    let json = fs::read(s.path.join("compile_commands.json")).expect("compile_commands.json");
    assert_eq!(
        text(&json, &s.path),
        COMPILE_COMMANDS.replace("\"gcc\",\"-DM2", "\"cc\",\"-DM2")
    );
    check_with_clangd(&s.path);
}

#[test]
fn compile_commands_real_build_is_merged() {
    let s = Scratch::new("cc-real");
    c_project(&s.path);
    if Command::new("gcc").arg("--version").output().is_err() {
        eprintln!("no gcc: skipped");
        return;
    }
    let out = make_with_path(
        &s.path,
        &["--compile-commands=build/cc.json", "CC=gcc"],
        &tools_path(&s.path),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(s.path.join("prog").exists());
    let want = COMPILE_COMMANDS.to_string();
    fs::create_dir_all(s.path.join("build")).unwrap();
    let json = fs::read(s.path.join("build/cc.json")).unwrap_or_default();
    // The directory did not exist: rmake said so and wrote nothing.
    assert!(json.is_empty());
    assert!(text(&out.stderr, &s.path).contains("build/cc.json: No such file or directory"));
    // Again with the directory there: only main.c is recompiled, the
    // other entries are kept from the file.
    fs::write(
        s.path.join("build/cc.json"),
        want.replace("@DIR@", &s.path.display().to_string()),
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(
        &s.path,
        "src/main.c",
        "#include \"util.h\"\nint m2(void);\nint main(void) { return util() + m2() - 3 + 0; }\n",
    );
    let out = make_with_path(
        &s.path,
        &["--compile-commands=build/cc.json", "CC=gcc"],
        &tools_path(&s.path),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json = fs::read(s.path.join("build/cc.json")).unwrap();
    assert_eq!(text(&json, &s.path), want);
}

/// `clangd --check` on every source file, when clangd is installed.
fn check_with_clangd(dir: &Path) {
    if Command::new("clangd").arg("--version").output().is_err() {
        eprintln!("no clangd: compile_commands.json checked by content only");
        return;
    }
    for f in ["src/main.c", "src/util.c", "lib/m2.c"] {
        let out = Command::new("clangd")
            .arg(format!("--compile-commands-dir={}", dir.display()))
            .arg(format!("--check={}", dir.join(f).display()))
            .current_dir(dir)
            .output()
            .expect("run clangd");
        let log = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "clangd --check={f} failed:\n{log}");
        assert!(
            log.contains("Compile command from CDB is:"),
            "clangd did not take {f}'s command from compile_commands.json:\n{log}"
        );
    }
}

#[test]
fn graph_json_and_dot() {
    let s = Scratch::new("graph");
    write(
        &s.path,
        "Makefile",
        ".PHONY: all\n\
         all: prog\n\
         prog: main.o gen.o | out\n\
         \ttouch $@\n\
         %.o: %.c\n\
         \ttouch $@\n\
         %.c: %.in\n\
         \tcp $< $@\n\
         out:\n\
         \tmkdir $@\n",
    );
    write(&s.path, "main.c", "");
    write(&s.path, "gen.in", "");
    let out = make(&s.path, &["--graph=json", "-r"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        text(&out.stdout, &s.path),
        r#"{
  "goals": ["all"],
  "targets": [
    {"name": "all", "phony": true, "intermediate": false, "rule": null, "prerequisites": [{"name": "prog", "kind": "normal"}]},
    {"name": "prog", "phony": false, "intermediate": false, "rule": {"kind": "explicit", "location": "Makefile:4"}, "prerequisites": [{"name": "main.o", "kind": "normal"}, {"name": "gen.o", "kind": "normal"}, {"name": "out", "kind": "order-only"}]},
    {"name": "main.o", "phony": false, "intermediate": false, "rule": {"kind": "implicit", "pattern": "%.o: %.c", "location": "Makefile:6"}, "prerequisites": [{"name": "main.c", "kind": "normal"}]},
    {"name": "main.c", "phony": false, "intermediate": false, "rule": null, "prerequisites": []},
    {"name": "gen.o", "phony": false, "intermediate": false, "rule": {"kind": "implicit", "pattern": "%.o: %.c", "location": "Makefile:6"}, "prerequisites": [{"name": "gen.c", "kind": "normal"}]},
    {"name": "gen.c", "phony": false, "intermediate": true, "rule": {"kind": "implicit", "pattern": "%.c: %.in", "location": "Makefile:8"}, "prerequisites": [{"name": "gen.in", "kind": "normal"}]},
    {"name": "gen.in", "phony": false, "intermediate": false, "rule": null, "prerequisites": []},
    {"name": "out", "phony": false, "intermediate": false, "rule": {"kind": "explicit", "location": "Makefile:10"}, "prerequisites": []}
  ]
}
"#
    );
    let out = make(&s.path, &["--graph", "-r", "gen.o"]);
    assert_eq!(
        text(&out.stdout, &s.path),
        "digraph make {\n  \"gen.o\" [tooltip=\"implicit rule %.o: %.c Makefile:6\"];\n  \"gen.c\" [style=dotted, tooltip=\"implicit rule %.c: %.in Makefile:8\"];\n  \"gen.in\";\n  \"gen.o\" -> \"gen.c\";\n  \"gen.c\" -> \"gen.in\";\n}\n"
    );
    // Nothing ran.
    for f in ["prog", "main.o", "gen.c", "out"] {
        assert!(!s.path.join(f).exists(), "{f} was made");
    }
    let out = make(&s.path, &["--graph=svg"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr, &s.path),
        "make: *** unknown graph format 'svg' (dot or json).  Stop.\n"
    );
}

#[test]
fn list_targets() {
    let s = Scratch::new("list");
    c_project(&s.path);
    write(
        &s.path,
        "more.mk",
        "extra: ## not in the top-level makefile\n",
    );
    let mut mf = fs::read_to_string(s.path.join("Makefile")).unwrap();
    mf.push_str("include more.mk\n## Run the tests\ntest: prog\n\t./prog\n%.x: ## patterns are not listed\n.hidden:\n");
    write(&s.path, "Makefile", &mf);
    let out = make(&s.path, &["--list"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        text(&out.stdout, &s.path),
        "top MAKEFLAGS=[]\n\
         Available targets:\n    \
             all         # Build the program\n    \
             prog        # Link the program\n    \
             obj\n    \
             lib/libm2.a\n    \
             FORCE\n    \
             clean       # Remove build outputs\n    \
             test        # Run the tests\n"
    );
    assert!(!s.path.join("obj").exists());
}

#[test]
fn own_options_only_when_spelled_out() {
    let s = Scratch::new("opts");
    write(
        &s.path,
        "Makefile",
        "all:\n\t@echo [$(MAKEFLAGS)] [$(MAKECMDGOALS)]\n",
    );
    // An option's argument is not one of ours.
    let out = make(&s.path, &["-f", "--list"]);
    assert_eq!(text(&out.stderr, &s.path), "make: --list: No such file or directory\nmake: *** No rule to make target '--list'.  Stop.\n");
    // Prefixes stay GNU's (no --li for --list), and MAKEFLAGS never shows ours.
    let out = make(&s.path, &["--li"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr, &s.path).starts_with("@DIR@/.bin/make: unrecognized option '--li'\n"));
    let out = make(&s.path, &["--why", "-k"]);
    assert_eq!(text(&out.stdout, &s.path), "[k] []\n");
    assert_eq!(text(&out.stderr, &s.path), "all: does not exist\n");
    let out = make(&s.path, &["--list=x"]);
    assert_eq!(
        text(&out.stderr, &s.path),
        "make: *** option '--list' doesn't allow an argument.  Stop.\n"
    );
}
