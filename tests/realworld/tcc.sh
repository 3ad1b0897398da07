# Tiny C Compiler: its own configure writes config.mak; one hand-written
# GNU Makefile (VPATH, target-specific cross builds through $(MAKE) with
# CROSS_TARGET, $(or)/$(if)/$(foreach)), lib/Makefile builds libtcc1.a with
# the new tcc, tests/ recurse with -k and -s -r.
RW_PACKAGE=tcc
RW_ORIG=1

# tcctest.c prints $PATH (its getenv test), which names the make's own bin
# directory: the test's outputs are compared by name only.
RW_NOHASH=(./tests/test.ref ./tests/test.out3)

rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  ./configure --prefix="$PWD/_inst"
}

rw_steps() {
  step n-before 'make -n'
  step q-before 'make -q; echo status $?'
  step trace --sorted 'make -j2 --trace'
  step noop 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step pq-lib 'make -C lib -pq; echo status $?'
  prep 'touch tcc.h'
  step touch-n 'make -n'
  step touch-build 'make'
  step cross-n 'make -n cross-arm64 cross-riscv64'
  step cross 'make cross-i386 cross-arm64'
  prep 'echo "#error injected" >> tccasm.c'
  step k-fail 'make -k; echo status $?'
  step k-fail-j2 --sorted 'make -k -j2; echo status $?'
  prep 'sed -i "/^#error injected/d" tccasm.c'
  step pp-test 'make -C tests/pp; echo status $?'
  step test3 'make -C tests test3; echo status $?'
  step install 'make install'
  step clean 'make clean'
  step distclean 'make distclean'
}
