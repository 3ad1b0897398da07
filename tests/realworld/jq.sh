# jq 1.7.1: automake's non-recursive Makefile.am (subdir-objects, libtool
# libjq, the parallel test harness over shell-script tests) regenerated
# with autoreconf (Debian's tarball is the git tag, without configure) and
# built out of the tree in _build/: the distributed src/parser.c and
# src/lexer.c found through VPATH, with maintainer mode off `.y.c:` and
# `.l.c:` suffix rules whose recipes only echo (touching src/parser.y runs
# one for the VPATH-found target), BUILT_SOURCES (builtin.inc from
# builtin.jq by sed, config_opts.inc, version.h from scripts/version)
# making `all` and `check` recurse into all-am, install-binaries running
# $(MAKE) $(AM_MAKEFLAGS) install-exec, jq.1 copied from jq.1.prebuilt,
# check_DATA; -n, -q, -pq, -t, -W, --trace, V=1, check (TESTS= one test,
# recheck), install, -k -j2 compile error, clean, distclean. Built without
# oniguruma (no library, and Debian's tarball leaves modules/oniguruma
# empty), and with the tests not run under valgrind.
RW_PACKAGE=jq
RW_ORIG=1

# -p output: see rw_normalize_db. The test logs hold the tests' times.
rw_normalize() {
  rw_normalize_db
}
RW_NOHASH=('./_build/tests/*.log' './_build/tests/*.trs' './_build/test-suite.log')

rw_configure() {
  autoreconf -fi && mkdir _build && cd _build && ../configure --without-oniguruma --disable-docs --disable-valgrind
}

rw_steps() {
  local b='cd _build &&'
  rw_usual_steps "$b "
  prep 'touch src/jv.h'
  step touch-q "$b make -q; echo status \$?"
  step touch-n "$b make -n"
  step touch-trace --sorted "$b make -j2 --trace"
  prep 'touch src/parser.y src/lexer.l'
  step yacc-q "$b make -q; echo status \$?"
  step yacc "$b make --trace; echo status \$?"
  step yacc-again "$b make; echo status \$?"
  prep 'touch src/builtin.jq'
  step builtin-V "$b make V=1"
  step W "$b make -n -W ../src/execute.c jq"
  prep 'touch src/main.c src/jv_print.c'
  step t "$b make -t; echo status \$?"
  step t-noop "$b make"
  step check "$b make check; echo status \$?"
  step check-q "$b make -q check; echo status \$?"
  step check-one "$b make check TESTS=tests/base64test; echo status \$?"
  step recheck "$b make recheck; echo status \$?"
  step install-binaries "$b make install-binaries DESTDIR=\$PWD/_destdir1"
  step install "$b make install DESTDIR=\$PWD/_destdir"
  step uninstall "$b make uninstall DESTDIR=\$PWD/_destdir"
  prep 'cp src/jv_aux.c src/jv_aux.c.rw && echo "#error rw: broken" >> src/jv_aux.c'
  step broken "$b make; echo status \$?"
  step broken-k-j2 --sorted "$b make -k -j2; echo status \$?"
  prep 'cat src/jv_aux.c.rw > src/jv_aux.c && rm src/jv_aux.c.rw'
  step fixed "$b make"
  step clean "$b make clean"
  step build-j2-O --sorted "$b make -j2 -O"
  step distclean "$b make distclean"
}
