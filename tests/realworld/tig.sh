# tig: a hand-written Makefile (no configure run: its defaults and the
# kernel-specific contrib/config.make-Linux, included with -include), quiet
# rules through $(Q)/$(QUIET_CC) and V=, per-target CFLAGS += for the
# all-debug variant, the test suite's $(TESTS) from $(shell find) with a
# target-specific `PATH :=` and an exported MAKE_TEST_OPTS (each test needs
# /dev/tty, which the harness has none of: they all fail, run with -k;
# with -j2 under -Otarget, as the two failing jobs write their messages at
# once),
# compile_commands.json through GENERATE_COMPILATION_DATABASE, doc targets
# (no asciidoc: -n only).
#
# tig is no Debian source package on the test machine's mirror: export a
# snapshot of its repository and name it in RW_TIG_SRC, e.g.
#   git --git-dir=/work/.mirror/jonas+tig/repo archive HEAD | tar -x -C /tmp/rw-tig-src
#   RW_TIG_SRC=/tmp/rw-tig-src tests/realworld/run tig
# Without it the project is skipped. Needs libncurses-dev.
RW_SOURCE_ENV=RW_TIG_SRC

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step n-before 'make -n'
  step build-j2 --sorted 'make -j2'
  step noop --repeat 4 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  prep 'touch src/tig.h'
  step touch-q 'make -q; echo status $?'
  step touch-trace 'make --trace'
  prep 'touch src/view.c'
  step touch-V 'make V=1'
  step W 'make -n -W src/util.c'
  prep 'touch src/refdb.c'
  step t 'make -t; echo status $?'
  step t-noop 'make'
  step debug-n 'make -n all-debug'
  step B-j2 --sorted 'make -B -j2 all-debug'
  step compdb 'make GENERATE_COMPILATION_DATABASE=yes'
  step compdb-bad 'make GENERATE_COMPILATION_DATABASE=maybe; echo status $?'
  step doc-n 'make -n doc-man install-doc-man; echo status $?'
  step test-n 'make -n test'
  step test-k 'make -k test; echo status $?'
  step test-k-j2-O --sorted 'make -k -j2 -Otarget test; echo status $?'
  step install 'make install prefix=$PWD/_destdir'
  step install-strip 'make strip'
  step uninstall 'make uninstall prefix=$PWD/_destdir'
  step clean 'make clean'
  step build-j2-O --sorted 'make -j2 -O'
  step distclean 'make distclean'
}
