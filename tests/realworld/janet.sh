# Janet: a Lisp whose plain GNU Makefile bootstraps itself: janet_boot
# built from every core source (build/%.boot.o pattern rule with the
# Makefile itself as a prerequisite), run to write the amalgamated
# build/c/janet.c, compiled into build/janet, libjanet.so and libjanet.a;
# `sinclude config.mk`, `?=` defaults, a $(shell git log ...) fallback,
# $(shell mkdir -p ...) at parse time, `else ifeq` chains on $(shell uname),
# `all:` extended under ifeq, the dist tarball from a pattern rule
# (build/janet-%.tar.gz) plus a recipe-less pattern rule adding a
# prerequisite, `.INTERMEDIATE: build/janet.pc` (made for install, then
# deleted), $(eval JANET_VERSION := $(shell ...)) inside the install
# recipe, `-rm` ignored errors in uninstall and clean; JANET_NO_AMALG=1
# (per-file build/%.bin.o objects) with -n; -n, -q, -pq, -t, -W, --trace,
# -B, -j2, the test suite, -k -j2 compile error.
#
# Debian has no janet source package: export a snapshot of its repository
# and name it in RW_JANET_SRC, e.g.
#   git --git-dir=/work/.mirror/janet-lang+janet/repo archive HEAD | tar -x -C /tmp/rw-janet-src
#   RW_JANET_SRC=/tmp/rw-janet-src tests/realworld/run janet
# Without it the project is skipped.
RW_SOURCE_ENV=RW_JANET_SRC

# -p output: see rw_normalize_db. `cksum build/c/janet.c` prints the
# amalgamation's checksum and size, the same on both sides; the test
# suites print their run times. The generated doc.html holds the build
# date, the dist tarball its files' mtimes.
rw_normalize() {
  rw_normalize_db | sed -E 's/ in [0-9.]+ seconds - / in N seconds - /'
}
RW_NOHASH=('./build/doc.html' './build/janet-dist.tar.gz')

rw_steps() {
  local inst='DESTDIR=$PWD/_destdir PREFIX=/usr'
  step help "make help"
  rw_usual_steps
  step no-amalg-n "make -n JANET_NO_AMALG=1"
  prep 'touch src/core/util.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch src/mainclient/shell.c'
  step W "make -n -W src/include/janet.h"
  step shell "make --trace"
  prep 'touch src/boot/boot.janet'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B build/janet"
  step docs "make docs"
  step grammar "make grammar"
  step dist "make dist"
  step dist-q "make -q dist; echo status \$?"
  step install-n "make -n install $inst"
  step install "make install $inst"
  step install-pc "ls build/janet.pc; make -q install $inst; echo status \$?"
  step uninstall "make uninstall $inst; echo status \$?"
  step test "make test; echo status \$?"
  step unknown "make -k no-such-goal all; echo status \$?"
  prep 'cp src/core/math.c rw.c && echo "#error rw: broken" >> src/core/math.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat rw.c > src/core/math.c && rm rw.c'
  step fixed "make"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
}
