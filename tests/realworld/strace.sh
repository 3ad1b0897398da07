# strace: a large automake tree whose src/Makefile generates many headers
# before compiling (BUILT_SOURCES: ioctl tables through pattern rules
# with the stem in the middle, `ioctlsort%$(BUILD_EXEEXT): ioctlsort%.o`
# and `ioctls_all%.h: $(srcdir)/$(OS)/$(ARCH)/ioctls_inc%.h ...` with
# `cat $^`, printers.h and sys_func.h from sed scripts over
# $(patsubst ...) lists, scno.h from an included scno.am), mpers.am,
# `$(strace_OBJECTS): scno.h`; tests/Makefile includes gen_tests.am (a
# rule per generated test, `$(srcdir)/X.gen.test: $(abs_srcdir)/gen_tests.sh
# ...`) and pure_executables.am; a few tests run with TESTS and
# check_PROGRAMS overridden on the command line (passed down to
# check-am's sub-make); the usual build with -j2, no-op, -q, -n, -pq,
# --trace, -W, -t, a compile error with -k, install, clean, distclean.
RW_PACKAGE=strace

# The tests' expected and actual outputs (tests/X.dir/) hold addresses
# of the stack (getcwd's buffer) and random values. -p output: see
# rw_normalize_db.
RW_NOHASH=('./tests/*.dir/*')
rw_normalize() {
  rw_normalize_db
}

# strace 6.1 predates the kernel headers installed here (6.1.192's
# linux/nexthop.h names struct nexthop_grp's resvd1 weight_high): the one
# source using it is edited to match. mpers (m32/mx32 builds) needs a
# multilib compiler: off.
rw_configure() {
  sed -i 's/resvd1/weight_high/g' src/rtnl_nh.c && ./configure --enable-mpers=no
}

rw_steps() {
  local t='TESTS="strace-V.test chdir.gen.test umask.gen.test getcwd.gen.test" check_PROGRAMS="chdir umask getcwd"'
  step n-before 'make -n'
  step build-j2 --sorted 'make -j2'
  step noop --repeat 2 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step src-pq 'make -C src -pq; echo status $?'
  step tests-pq "make -C tests -pq check $t; echo status \$?"
  step check-n "make -C tests -n check $t"
  step check "make -C tests check $t; echo status \$?"
  step check-q "make -C tests -q check $t; echo status \$?"
  # A generated test's inputs: the .gen.test rule reruns gen_tests.sh.
  prep 'touch tests/gen_tests.in'
  step gen-test-n 'make -C tests -n chdir.gen.test'
  prep 'touch src/linux/x86_64/ioctls_inc0.h'
  step ioctl-trace 'make -C src --trace'
  prep 'touch src/defs.h'
  step touch-q 'make -q; echo status $?'
  step touch-W 'make -C src -W strace.c -n strace'
  step touch-trace --sorted 'make -j2 --trace'
  prep 'touch src/util.c'
  step t 'make -t; echo status $?'
  step t-noop 'make'
  prep 'cp src/util.c src/util.c.rw && echo "#error rw: broken" >> src/util.c'
  step broken 'make; echo status $?'
  step broken-k-j2 --sorted 'make -k -j2; echo status $?'
  prep 'cat src/util.c.rw > src/util.c && rm src/util.c.rw'
  step fixed 'make'
  step install --sorted 'make -j2 install DESTDIR=$PWD/_destdir'
  step dist-n 'make -n dist; echo status $?'
  step clean 'make clean'
  step distclean 'make distclean'
}
