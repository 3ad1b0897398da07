//! Build script: the rmake binary exports the `gmk_*` API dynamically, so
//! shared objects loaded with `load` can call it. Only those symbols are
//! exported (`-rdynamic` would export thousands, which the dynamic linker
//! then sifts through at every start); libraries the binary takes nothing
//! from (libm) are not loaded.

fn main() {
    println!("cargo:rustc-link-arg-bins=-Wl,--export-dynamic-symbol=gmk_*");
    println!("cargo:rustc-link-arg-bins=-Wl,--as-needed");
}
