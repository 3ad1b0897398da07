//! Tools that preload a library to watch the programs make starts (Bear's
//! `bear -- make`) must see the same commands under rmake as under GNU
//! make, also when rmake is linked statically (nothing is preloaded into
//! it: src/exec/preload.rs).

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::Scratch;

/// A preload library that appends the arguments of every exec and spawn
/// of the process it is loaded into to the file named by `EXEC_LOG`.
const LOGGER: &str = r#"
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void note(char *const argv[]) {
    const char *f = getenv("EXEC_LOG");
    if (!f) return;
    int fd = open(f, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0) return;
    char buf[4096];
    size_t n = 0;
    for (int i = 0; argv[i]; i++) {
        size_t l = strlen(argv[i]);
        if (n + l + 2 > sizeof buf) break;
        if (i) buf[n++] = ' ';
        memcpy(buf + n, argv[i], l);
        n += l;
    }
    buf[n++] = '\n';
    write(fd, buf, n);
    close(fd);
}

typedef int (*execve_t)(const char *, char *const[], char *const[]);
typedef int (*execvp_t)(const char *, char *const[]);
typedef int (*spawn_t)(pid_t *, const char *, const posix_spawn_file_actions_t *,
                       const posix_spawnattr_t *, char *const[], char *const[]);

int execve(const char *p, char *const a[], char *const e[]) {
    note(a);
    return ((execve_t)dlsym(RTLD_NEXT, "execve"))(p, a, e);
}
int execvp(const char *p, char *const a[]) {
    note(a);
    return ((execvp_t)dlsym(RTLD_NEXT, "execvp"))(p, a);
}
int posix_spawn(pid_t *pid, const char *p, const posix_spawn_file_actions_t *fa,
                const posix_spawnattr_t *at, char *const a[], char *const e[]) {
    note(a);
    return ((spawn_t)dlsym(RTLD_NEXT, "posix_spawn"))(pid, p, fa, at, a, e);
}
int posix_spawnp(pid_t *pid, const char *p, const posix_spawn_file_actions_t *fa,
                 const posix_spawnattr_t *at, char *const a[], char *const e[]) {
    note(a);
    return ((spawn_t)dlsym(RTLD_NEXT, "posix_spawnp"))(pid, p, fa, at, a, e);
}
"#;

const MAKEFILE: &str = "x := $(shell ls -d sh-fn)\n\
    all:\n\
    \t@ls -d direct\n\
    \t@ls -d shell >/dev/null; ls -d line\n\
    \t@$(MAKE) -s -f sub.mk\n";

const SUB: &str = "all: ; @ls -d sub direct\n";

/// Runs `make` (a symlink to `bin` on PATH) under the logging library:
/// the exec log and make's output.
fn run(bin: &Path, lib: &Path) -> (String, String) {
    let scratch = Scratch::new("preload");
    let dir = &scratch.path;
    for f in ["sh-fn", "direct", "shell", "line", "sub"] {
        fs::write(dir.join(f), "").unwrap();
    }
    fs::write(dir.join("Makefile"), MAKEFILE).unwrap();
    fs::write(dir.join("sub.mk"), SUB).unwrap();
    let link = common::make_symlink(&dir.join("bin"), bin);
    let path = format!(
        "{}:{}",
        link.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let log = dir.join("exec.log");
    let o = Command::new("make")
        .current_dir(dir)
        .env("PATH", path)
        .env("EXEC_LOG", &log)
        .env("LD_PRELOAD", lib)
        .env_remove("MAKEFLAGS")
        .env_remove("MAKELEVEL")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned()
        + &String::from_utf8_lossy(&o.stderr)
        + &format!("status {:?}", o.status.code());
    (fs::read_to_string(&log).unwrap_or_default(), out)
}

#[test]
fn preloaded_library_sees_every_command() {
    let scratch = Scratch::new("preload-lib");
    let lib = scratch.path.join("logger.so");
    let src = scratch.path.join("logger.c");
    fs::write(&src, LOGGER).unwrap();
    let built = Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&lib)
        .arg(&src)
        .arg("-ldl")
        .status();
    if !built.is_ok_and(|s| s.success()) {
        eprintln!("no C compiler: skipped");
        return;
    }
    let (log, out) = run(&common::rmake_bin(), &lib);
    assert_eq!(
        out, "direct\nline\ndirect\nsub\nstatus Some(0)",
        "rmake's output"
    );
    // The commands make runs without a shell are seen too.
    for line in ["ls -d sh-fn", "ls -d direct", "ls -d sub direct"] {
        assert!(
            log.lines().any(|l| l == line),
            "the library did not see `{line}`: {log}"
        );
    }
    if let Some(g) = common::reference_bin() {
        let (glog, gout) = run(&g, &lib);
        assert_eq!((log, out), (glog, gout), "rmake (left), GNU make (right)");
    }
}
