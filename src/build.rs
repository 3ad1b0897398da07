//! Build script: how the rmake binary is linked, and the small shared
//! object through which objects loaded with `load` reach make.
//!
//! On GNU/Linux with glibc's static archives installed (Debian's libc6-dev
//! has them), the binary is linked statically and position-dependent: no
//! dynamic loader, no libc.so to map and relocate, no symbol binding at
//! start. A recursive sub-make's start-up is most of what it costs, and a
//! static binary starts in about a fifth less time (bench submake-200:
//! 0.86 -> 0.69 of GNU's time). rustc links the standard library's system
//! libraries with `-Bdynamic` unless the `crt-static` target feature is set
//! (which cargo would then also apply to proc-macro crates, which cannot be
//! static), so the binary's link is given `-static` and a directory of
//! linker scripts named like the shared libraries (`libc.so`, ...) that
//! stand for glibc's archives. `RMAKE_LINK=dynamic` in the environment of
//! the build, or missing archives, give the dynamic link of before:
//! position-dependent (`-no-pie`: no relative relocations applied at each
//! start) and loading only libc.
//!
//! The unwinder comes from the C compiler's static `libgcc_eh.a` in both
//! cases (a `libgcc_s.so` linker script standing for it), so no binary
//! loads `libgcc_s.so.1`, whose constructor probes the CPU with `cpuid`
//! (slow in a virtual machine).
//!
//! `src/load_shim.c` is compiled into a shared object that the binary
//! embeds (`OUT_DIR/load_shim.so`): a static binary has no dynamic symbol
//! table for loaded objects to find `gmk_*` in, so the shim defines them
//! and forwards to make (see src/load.rs). Without a C compiler able to
//! build it the file is empty and `load` reports that it is unavailable.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=src/build.rs");
    println!("cargo:rerun-if-changed=src/load_shim.c");
    println!("cargo:rerun-if-env-changed=RMAKE_LINK");
    println!("cargo:rerun-if-env-changed=CC");
    // Set when the binary is linked statically (src/passwd.rs,
    // src/exec/preload.rs).
    println!("cargo:rustc-check-cfg=cfg(rmake_static)");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    build_shim(&cc, &out);
    println!("cargo:rustc-link-arg-bins=-Wl,--as-needed");
    println!("cargo:rustc-link-arg-bins=-no-pie");
    let target = std::env::var("TARGET").unwrap_or_default();
    if !target.ends_with("linux-gnu") {
        return;
    }
    let Some(gcc_eh) = archive(&cc, "libgcc_eh.a") else {
        return;
    };
    let Some(gcc) = archive(&cc, "libgcc.a") else {
        return;
    };
    if let Some(dir) = gcc_eh.parent() {
        println!("cargo:rustc-link-search=native={}", dir.display());
        println!("cargo:rustc-link-lib=static:-bundle,+whole-archive=gcc_eh");
    }
    let unwind = out.join("unwind");
    let script = format!("INPUT ( {} {} )\n", gcc_eh.display(), gcc.display());
    if write_scripts(&unwind, &[("libgcc_s.so".into(), script)]) {
        println!("cargo:rustc-link-search=native={}", unwind.display());
    }
    if std::env::var("RMAKE_LINK").is_ok_and(|v| v == "dynamic") {
        return;
    }
    let Some(libc) = archive(&cc, "libc.a") else {
        return;
    };
    let mut scripts = vec![(
        "libc.so".to_string(),
        format!(
            "GROUP ( {} {} {} )\n",
            libc.display(),
            gcc.display(),
            gcc_eh.display()
        ),
    )];
    for lib in ["m", "dl", "rt", "util", "pthread"] {
        let Some(a) = archive(&cc, &format!("lib{lib}.a")) else {
            return;
        };
        scripts.push((
            format!("lib{lib}.so"),
            format!("INPUT ( {} )\n", a.display()),
        ));
    }
    let dir = out.join("static");
    if write_scripts(&dir, &scripts) {
        println!("cargo:rustc-link-arg-bins=-static");
        println!("cargo:rustc-cfg=rmake_static");
        println!("cargo:rustc-link-arg-bins=-L{}", dir.display());
    }
}

/// The absolute path of a library the C compiler links, if it has it.
fn archive(cc: &str, name: &str) -> Option<PathBuf> {
    let out = Command::new(cc)
        .arg(format!("-print-file-name={name}"))
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (out.status.success() && path.is_absolute() && path.is_file()).then_some(path)
}

fn write_scripts(dir: &Path, scripts: &[(String, String)]) -> bool {
    std::fs::create_dir_all(dir).is_ok()
        && scripts
            .iter()
            .all(|(name, text)| std::fs::write(dir.join(name), text).is_ok())
}

/// Compiles src/load_shim.c into OUT_DIR/load_shim.so (empty on failure).
fn build_shim(cc: &str, out: &Path) {
    let so = out.join("load_shim.so");
    let ok = Command::new(cc)
        .args(["-shared", "-fPIC", "-O2", "-s", "-o"])
        .arg(&so)
        .arg("src/load_shim.c")
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        println!("cargo:warning=src/load_shim.c did not compile: `load` will be unavailable");
        let _ = std::fs::write(&so, b"");
    }
}
