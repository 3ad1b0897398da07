# pcre2: automake's non-recursive Makefile.am with libtool, built out of the
# source tree in build/ (VPATH), 8- and 16-bit libraries, the posix wrapper,
# pcre2grep and pcre2test; src/pcre2_chartables.c made through a two-rule
# target (a prerequisite from one rule, the recipe from the other: ln -s of
# the .dist copy) listed in BUILT_SOURCES, so `all` and `check` recurse into
# `all-am` after making it; the parallel test harness (test-driver, .log
# and .trs files, test-suite.log; TESTS= and recheck), the Makefile
# remade by config.status after Makefile.in changes (am--refresh), libtool
# installs and uninstall, -n, -q, -pq, -t, -W, --trace, V=1, a compile error
# with -k -j2, clean, distclean.
RW_PACKAGE=pcre2
RW_ORIG=1

# -p output: see rw_normalize_db. The test logs hold the tests' times.
rw_normalize() {
  rw_normalize_db
}
RW_NOHASH=('./build/testdata/*' './build/test*.log' './build/*.log' './build/*.trs' './build/testtry' './build/teststdout*' './build/testtemp*')

rw_configure() {
  mkdir build && cd build && ../configure --enable-pcre2-16
}

rw_steps() {
  local b='cd build &&'
  rw_usual_steps "$b "
  prep 'touch src/pcre2_internal.h'
  step touch-q "$b make -q; echo status \$?"
  step touch-n "$b make -n"
  step touch-trace --sorted "$b make -j2 --trace"
  prep 'touch src/pcre2_compile.c'
  step touch-V "$b make V=1"
  step W "$b make -n -W ../src/pcre2_match.c pcre2test"
  prep 'touch src/pcre2grep.c src/pcre2.h.in'
  step t "$b make -t; echo status \$?"
  step t-noop "$b make"
  step check-n "$b make -n check"
  step check "$b make check; echo status \$?"
  step check-q "$b make -q check; echo status \$?"
  step check-one "$b make check TESTS=pcre2posix_test; echo status \$?"
  step recheck "$b make recheck; echo status \$?"
  prep 'touch Makefile.in'
  step remake-makefile "$b make; echo status \$?"
  prep 'cp src/pcre2_xclass.c src/pcre2_xclass.c.rw && echo "#error rw: broken" >> src/pcre2_xclass.c'
  step broken "$b make; echo status \$?"
  step broken-k-j2 --sorted "$b make -k -j2; echo status \$?"
  prep 'cat src/pcre2_xclass.c.rw > src/pcre2_xclass.c && rm src/pcre2_xclass.c.rw'
  step fixed "$b make"
  step install "$b make install DESTDIR=\$PWD/_destdir"
  step uninstall "$b make uninstall DESTDIR=\$PWD/_destdir"
  step clean "$b make clean"
  step build-j2-O --sorted "$b make -j2 -O"
  step distclean "$b make distclean"
}
