# coreutils: non-recursive automake with gnulib (hundreds of `.deps`
# includes in one Makefile), GNUmakefile and maint.mk (dense GNU make), the
# parallel test harness, check and distcheck under -n.
RW_PACKAGE=coreutils

# The tests' logs name their random temporary directories.
RW_NOHASH=('./tests/misc/*.log')

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  # The test machine builds as root.
  FORCE_UNSAFE_CONFIGURE=1 ./configure
}

rw_steps() {
  step n-before 'make -n'
  step build --sorted 'make -j2'
  step noop --repeat 4 'make'
  step q --repeat 2 'make -q; echo status $?'
  step n-after --repeat 2 'make -n'
  step pq 'make -pq; echo status $?'
  step check-n 'make -n check'
  step distcheck-n 'make -n distcheck; echo status $?'
  step syntax-check-n 'make -n syntax-check; echo status $?'
  step check 'make check TESTS="tests/misc/echo.sh tests/misc/false-status.sh tests/misc/nl.sh" SUBDIRS=.'
  prep 'touch src/system.h'
  step touch-n 'make -n'
  step touch-W 'make -W src/true.c -n src/true'
  step touch-o 'make -o src/system.h -n'
  step touch-sync --sorted 'make -j2 --output-sync=target'
  step touch-noop 'make'
  prep 'touch src/echo.c'
  step touch-t 'make -t; echo status $?'
  step after-t 'make'
  step k 'make -k -j2 all no-such-target; echo status $?'
  step install --sorted 'make -j2 install DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step distclean 'make distclean'
}
