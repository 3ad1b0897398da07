//! Build script: the rmake binary exports its symbols dynamically, so
//! shared objects loaded with `load` can call the `gmk_*` API in it.

fn main() {
    println!("cargo:rustc-link-arg-bins=-rdynamic");
}
