# m4 (GNU m4 1.4.19): automake with gnulib (lib, tests with a few hundred
# test programs run by automake's parallel harness under -k -j2,
# GNUmakefile and maint.mk),
# and checks/, whose tests are extracted from the manual: a stamp file in
# $(srcdir) made by get-them from doc/m4.texi (`all-local:
# $(srcdir)/stamp-checks`), the extracted files named by a variable holding
# a shell glob ($(srcdir)/*[0-9][0-9][0-9].*), check-local running them
# with the built m4 first on PATH; the manual edited (stamp-checks and
# m4.info remade), single gnulib tests, the usual build with -j2, no-op,
# -q, -n, -pq, --trace, -W, -t, a compile error with -k, install, clean,
# distclean.
RW_PACKAGE=m4

# check-them shows the diff -u of a failing check (198.sysval fails here),
# whose headers name its m4-tmp.$$ directory and the files' mtimes. -p
# output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db | sed -E -e 's/m4-tmp\.[0-9]+/m4-tmp.PID/g' \
    -e 's/^((\+\+\+|---) [^\t]*)\t.*/\1\tDATE/'
}

rw_configure() {
  ./configure
}

rw_steps() {
  step n-before 'make -n'
  step build-j2 --sorted 'make -j2'
  step noop --repeat 2 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step checks-pq 'make -C checks -pq check; echo status $?'
  step check-n 'make -n check'
  # -k: a failing check in checks/ would stop the recursion before tests/.
  step check-j2 --sorted 'make -k -j2 check; echo status $?'
  step check-q 'make -q check; echo status $?'
  step tests-one 'make -C tests check TESTS="test-c-stack.sh test-verify test-xalloc-die.sh"; echo status $?'
  # The manual edited: the checks are extracted again, and m4.info remade.
  prep 'sed -i "s/^@bye/@c rw: an edit\n@bye/" doc/m4.texi'
  step texi-n 'make -n'
  step texi-trace 'make --trace'
  step checks 'make -C checks check; echo status $?'
  prep 'touch src/m4.h'
  step touch-q 'make -q; echo status $?'
  step touch-W 'make -C src -W builtin.c -n m4'
  step touch-trace --sorted 'make -j2 --trace'
  prep 'touch src/macro.c lib/xalloc-die.c'
  step t 'make -t; echo status $?'
  step t-noop 'make'
  step B 'make -C src -B -o Makefile m4'
  prep 'cp src/macro.c src/macro.c.rw && echo "#error rw: broken" >> src/macro.c'
  step broken 'make; echo status $?'
  step broken-k-j2 --sorted 'make -k -j2; echo status $?'
  prep 'cat src/macro.c.rw > src/macro.c && rm src/macro.c.rw'
  step fixed 'make'
  step install --sorted 'make -j2 install DESTDIR=$PWD/_destdir'
  step dist-n 'make -n dist; echo status $?'
  step clean 'make clean'
  step distclean 'make distclean'
}
