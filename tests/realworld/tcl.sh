# Tcl 8.6: autoconf's configure (TEA's tcl.m4, not automake) substitutes a
# hand-written, largely portable Makefile.in: one explicit rule per object
# naming its source under $(GENERIC_DIR)/$(UNIX_DIR) (no VPATH), a .c.o
# suffix rule, recursion through `(cd dir; $(MAKE) ...)` subshells and
# `$(MAKE) tcltest-real LIB_RUNTIME_DIR="`pwd`"`, the dltest/ sub-makefile
# writing a marker file in its parent, and installs driven by shell loops.
# Built out of tree (configure run from build/).
RW_PACKAGE=tcl8.6

# -p output: see rw_normalize_db. The test runs print when they started and
# ended, and tcltest reports its process id in temporary file names.
rw_normalize() {
  rw_normalize_db | sed -E -e 's/^(Tests (began|ended) at ).*/\1DATE/' \
    -e 's/(all\.tcl:.*)[0-9]+ *$/\1/'
}

rw_configure() {
  mkdir build && cd build && ../unix/configure --prefix=/usr --enable-shared --disable-zipfs
}

rw_steps() {
  step n-before 'cd build && make -n'
  step build --sorted 'cd build && make -j2'
  step noop --repeat 4 'cd build && make'
  step n-after --repeat 4 'cd build && make -n'
  step q 'cd build && make -q; echo status $?; make -q binaries; echo status $?'
  step pq 'cd build && make -pq; echo status $?'
  prep 'touch generic/tclInt.h'
  step touch-n 'cd build && make -n'
  step touch-make --sorted 'cd build && make -j2 -Otarget'
  step objs 'cd build && make tclLibObjs'
  step tcltest 'cd build && make tcltest'
  step test "cd build && make test-tcl TESTFLAGS='-file \"append.test string.test\"' 2>&1 | grep -v '^Test files exiting\|Temporary files\|^Sourced'"
  step tcltest-noop 'cd build && make tcltest && make -q tcltest; echo status $?'
  step install 'cd build && make install DESTDIR=$PWD/../_destdir > ../install.log; echo status $?; wc -l < ../install.log'
  step install-strip-n 'cd build && make -n install-strip DESTDIR=$PWD/../_destdir2 | wc -l'
  step clean 'cd build && make clean'
  step distclean 'cd build && make distclean'
}
