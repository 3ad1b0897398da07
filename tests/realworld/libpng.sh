# libpng (Debian's libpng1.6): automake with libtool, generated headers
# (pnglibconf.h through awk scripts from scripts/*.dfa, with intermediate
# files), symbol checks, and automake's parallel test harness (test-driver,
# .log/.trs files, test-suite.log): check with -j2, -n, -q after check,
# recheck, a failing and a skipped test written by rw_configure (named
# *.test: TEST_EXTENSIONS' suffix rule runs them, while the project's own
# tests each have their own rule) with -k, then as XFAIL_TESTS, distcheck
# with -n; the usual build, -n, -q, -pq, --trace, -W, -t, -B (which remakes
# Makefile.in, configure and config.status), a compile error with -k,
# install, clean, distclean.
RW_PACKAGE=libpng1.6

# -B remakes Makefile.in, configure and config.status (config.status
# --recheck reruns configure): config.log holds PATH (each make's own bin
# directory), and autom4te.cache/requests is a Perl hash dump whose key order
# varies from run to run.
RW_NOHASH=(./config.log ./autom4te.cache/requests)

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  ./configure
  # A failing test and a skipped one (exit 77), for TESTS=... below.
  printf '#!/bin/sh\necho "rw: this test fails"\nexit 1\n' > tests/rw-fail.test
  printf '#!/bin/sh\necho "rw: this test is skipped"\nexit 77\n' > tests/rw-skip.test
  chmod +x tests/rw-fail.test tests/rw-skip.test
}

rw_steps() {
  # A few of the real tests (the pngvalid ones take minutes).
  local tests='TESTS="tests/pngtest-all tests/pngstest-sRGB tests/pngunknown-IDAT tests/pngunknown-save tests/pngimage-quick"'
  local failing='TESTS="tests/pngtest-all tests/rw-fail.test tests/rw-skip.test tests/pngunknown-vpAg"'
  step n-before 'make -n'
  step build-j2 --sorted 'make -j2'
  step noop --repeat 2 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step check-n 'make -n check'
  step check-j2 --sorted "make -j2 check $tests"
  step check-q "make -q check $tests; echo status \$?"
  step check-again "make check $tests"
  step recheck "make recheck $tests"
  step fail "make check $failing; echo status \$?"
  step fail-k "make -k check $failing; echo status \$?"
  step recheck-fail-j2 --sorted "make -j2 recheck $failing; echo status \$?"
  step xfail "make check $failing XFAIL_TESTS=tests/rw-fail.test; echo status \$?"
  step distcheck-n 'make -n distcheck; echo status $?'
  prep 'touch png.h'
  step touch-q 'make -q; echo status $?'
  step touch-n 'make -n'
  step touch-W 'make -W pngrutil.c -n libpng16.la'
  step touch-trace 'make --trace'
  prep 'touch pngget.c'
  step t 'make -t; echo status $?'
  step t-noop 'make'
  step B 'make -B pngtest'
  prep 'cp pngget.c pngget.c.rw && echo "#error rw: broken" >> pngget.c'
  step broken 'make; echo status $?'
  step broken-k-j2 --sorted 'make -k -j2 all pngtest; echo status $?'
  prep 'cat pngget.c.rw > pngget.c && rm pngget.c.rw'
  step fixed-Otarget --sorted 'make -j2 -Otarget'
  step install --sorted 'make -j2 install DESTDIR=$PWD/_destdir'
  step uninstall 'make uninstall DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step distclean 'make distclean'
}
