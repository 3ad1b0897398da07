# rust-cargo: a Rust library exported to C (a staticlib) and a C program
# linking it, driven by a Makefile that runs cargo, in the way of projects
# that ship a Rust core behind a C build (the project is written here: no
# Debian source package builds that way offline). The cargo commands
# carry `+` (so they run under -n, -q and -t, and cargo joins make's
# jobserver, passed as MAKEFLAGS --jobserver-auth under -j2); the static
# library is a grouped target with the rlib (`&:`) whose prerequisites
# are the Rust sources found with $(shell find) and Cargo.lock;
# PROFILE=debug/release chooses cargo's flags and output directory through
# computed variable names; the C objects have -MMD dependency files; check
# runs cargo test and the C program; install, uninstall, -n, -q, -pq, -t,
# -W, --trace, -B, -j2, -k -j2 with a compile error on each side, clean.
# Needs cargo (found on PATH or in ~/.cargo/bin when the tree is
# configured).
RW_PACKAGE=

# Cargo prints its elapsed times; the test harness its own; -p output: see
# rw_normalize_db. Cargo's target directory holds fingerprints and
# dep-info files whose contents depend on mtimes.
rw_normalize() {
  sed -E -e 's/ in [0-9]+(\.[0-9]+)?m?s$/ in Ts/' -e 's/finished in [0-9.]+s/finished in Ts/' | rw_normalize_db
}
RW_NOHASH=('./target/*')

rw_configure() {
  local cargo
  cargo="$(command -v cargo || echo "$HOME/.cargo/bin/cargo")"
  [[ -x "$cargo" ]] || { echo "rust-cargo: needs cargo (on PATH or in ~/.cargo/bin)"; return 1; }
  echo "CARGO = $cargo" > config.mk
  mkdir -p src/codec include csrc tests
  cat > Makefile <<'EOF'
# rwhash: a Rust core with a C front end.
include config.mk

PROFILE ?= release
cargo_flags_release = --release
cargo_flags_debug =
CARGO_FLAGS = --offline --locked $(cargo_flags_$(PROFILE))
TARGET_DIR = target/$(PROFILE)
RUST_LIB = $(TARGET_DIR)/librwhash.a
RUST_RLIB = $(TARGET_DIR)/librwhash.rlib
RUST_SRCS := $(shell find src -name '*.rs' | LC_ALL=C sort) Cargo.toml

CFLAGS ?= -O2 -Wall
CPPFLAGS = -Iinclude
LDLIBS = -lpthread -ldl -lm
COBJS = obj/main.o obj/util.o
PREFIX ?= /usr/local

.PHONY: all check install uninstall clean
all: bin/rwsum

bin/rwsum: $(COBJS) $(RUST_LIB) | bin
	$(CC) $(LDFLAGS) -o $@ $(COBJS) $(RUST_LIB) $(LDLIBS)

# Cargo decides what to rebuild inside; make reruns it when a Rust source
# changes. Both libraries come from one cargo run.
$(RUST_LIB) $(RUST_RLIB) &: $(RUST_SRCS) Cargo.lock
	+$(CARGO) build $(CARGO_FLAGS)
	@touch $(RUST_LIB) $(RUST_RLIB)

Cargo.lock: Cargo.toml
	+$(CARGO) generate-lockfile --offline

obj/%.o: csrc/%.c | obj
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

bin obj:
	mkdir -p $@

check: bin/rwsum
	+$(CARGO) test $(CARGO_FLAGS) -q
	printf 'make\n' | ./bin/rwsum
	./bin/rwsum < tests/input.txt | cmp - tests/expected.txt

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include
	install -m 755 bin/rwsum $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(RUST_LIB) $(DESTDIR)$(PREFIX)/lib
	install -m 644 include/rwhash.h $(DESTDIR)$(PREFIX)/include

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/rwsum $(DESTDIR)$(PREFIX)/lib/librwhash.a \
	  $(DESTDIR)$(PREFIX)/include/rwhash.h

clean:
	+$(CARGO) clean --offline -q
	rm -rf bin obj

-include $(COBJS:.o=.d)
EOF
  cat > Cargo.toml <<'EOF'
[package]
name = "rwhash"
version = "0.1.0"
edition = "2021"

[lib]
crate-type = ["staticlib", "rlib"]

[profile.release]
panic = "abort"

[profile.dev]
panic = "abort"
EOF
  cat > src/lib.rs <<'EOF'
//! FNV-1a and Adler-32 over C buffers.
pub mod codec;
use std::os::raw::c_char;

#[no_mangle]
pub extern "C" fn rwhash_fnv1a(data: *const u8, len: usize) -> u64 {
    if data.is_null() { return codec::fnv::OFFSET; }
    let bytes = unsafe { std::slice::from_raw_parts(data, len) };
    codec::fnv::hash(bytes)
}

#[no_mangle]
pub extern "C" fn rwhash_adler32(data: *const u8, len: usize) -> u32 {
    if data.is_null() { return 1; }
    let bytes = unsafe { std::slice::from_raw_parts(data, len) };
    codec::adler::hash(bytes)
}

/// Writes the hex digits of `v` and a NUL into `out` (17 bytes).
#[no_mangle]
pub extern "C" fn rwhash_hex(v: u64, out: *mut c_char) {
    if out.is_null() { return; }
    let s = format!("{:016x}", v);
    for (i, b) in s.bytes().enumerate() {
        unsafe { *out.add(i) = b as c_char; }
    }
    unsafe { *out.add(16) = 0; }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fnv_empty() { assert_eq!(super::codec::fnv::hash(b""), super::codec::fnv::OFFSET); }
    #[test]
    fn adler_wikipedia() { assert_eq!(super::codec::adler::hash(b"Wikipedia"), 0x11E60398); }
}
EOF
  cat > src/codec/mod.rs <<'EOF'
pub mod adler;
pub mod fnv;
EOF
  cat > src/codec/fnv.rs <<'EOF'
pub const OFFSET: u64 = 0xcbf29ce484222325;
const PRIME: u64 = 0x100000001b3;
pub fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(OFFSET, |h, &b| (h ^ b as u64).wrapping_mul(PRIME))
}
EOF
  cat > src/codec/adler.rs <<'EOF'
const MOD: u32 = 65521;
pub fn hash(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in bytes { a = (a + x as u32) % MOD; b = (b + a) % MOD; }
    (b << 16) | a
}
EOF
  cat > include/rwhash.h <<'EOF'
#ifndef RWHASH_H
#define RWHASH_H
#include <stddef.h>
#include <stdint.h>
uint64_t rwhash_fnv1a(const unsigned char *data, size_t len);
uint32_t rwhash_adler32(const unsigned char *data, size_t len);
void rwhash_hex(uint64_t v, char *out);
#endif
EOF
  cat > csrc/util.h <<'EOF'
#include <stddef.h>
size_t read_all(unsigned char *buf, size_t cap);
EOF
  cat > csrc/util.c <<'EOF'
#include <stdio.h>
#include "util.h"
size_t read_all(unsigned char *buf, size_t cap) { return fread(buf, 1, cap, stdin); }
EOF
  cat > csrc/main.c <<'EOF'
#include <stdio.h>
#include "rwhash.h"
#include "util.h"
int main(void) {
  static unsigned char buf[1 << 16];
  char hex[17];
  size_t n = read_all(buf, sizeof buf);
  rwhash_hex(rwhash_fnv1a(buf, n), hex);
  printf("fnv1a %s adler32 %08x bytes %zu\n", hex, (unsigned)rwhash_adler32(buf, n), n);
  return 0;
}
EOF
  printf 'hello, world\n' > tests/input.txt
  # The expected output, from a build with the reference make (then
  # cleaned: each side builds from scratch).
  make -s bin/rwsum && ./bin/rwsum < tests/input.txt > tests/expected.txt && make -s clean
}

rw_steps() {
  local inst='DESTDIR=$PWD/_destdir'
  step n-before "make -n; echo status \$?"
  # -n ran cargo (a + line): build-j2 runs it again under the jobserver.
  prep "rm -rf target"
  step build-j2 --sorted "make -j2"
  step noop --repeat 2 "make"
  step q "make -q; echo status \$?"
  step n-after "make -n"
  step pq "make -pq; echo status \$?"
  step check "make check; echo status \$?"
  prep 'touch src/codec/fnv.rs'
  step rust-q "make -q; echo status \$?"
  step rust-n "make -n; echo status \$?"
  step rust-trace "make --trace"
  prep 'touch include/rwhash.h'
  step touch-q "make -q; echo status \$?"
  step touch-trace --sorted "make -j2 --trace"
  step W "make -n -W csrc/util.c"
  prep 'touch src/lib.rs csrc/util.h'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step debug-j2 --sorted "make -j2 PROFILE=debug"
  step debug-check "make check PROFILE=debug; echo status \$?"
  step B "make -B bin/rwsum; echo status \$?"
  step install "make install $inst"
  step uninstall "make uninstall $inst"
  prep 'cp src/codec/adler.rs adler.rs.rw && echo "fn broken() -> u32 { \"rw\" }" >> src/codec/adler.rs'
  step rust-broken "make; echo status \$?"
  prep 'cat adler.rs.rw > src/codec/adler.rs && rm adler.rs.rw && cp csrc/util.c util.c.rw && echo "#error rw: broken" >> csrc/util.c'
  step c-broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat util.c.rw > csrc/util.c && rm util.c.rw'
  step fixed "make"
  step unknown "make -k no-such-goal all; echo status \$?"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
}
