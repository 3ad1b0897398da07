# zlib: its own configure script (not autoconf) writes the Makefile from
# Makefile.in: static and shared library (with the .lo objects for the
# shared one built in the same rules), the example programs and their
# tests (test, check, the 64-bit variants), install with DESTDIR, clean and
# distclean (which puts back the original Makefile).
RW_PACKAGE=zlib

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  ./configure
}

rw_steps() {
  step n-before 'make -n'
  step build 'make'
  step noop --repeat 4 'make'
  step n-after --repeat 4 'make -n'
  step q 'make -q; echo status $?'
  step pq 'make -pq; echo status $?'
  step test 'make test'
  prep 'touch zutil.h'
  step touch-n 'make -n'
  step touch-make 'make'
  step check 'make check'
  step install 'make install DESTDIR=$PWD/_destdir'
  step uninstall-n 'make -n uninstall DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step build-j2 --sorted 'make -j2 all'
  step k 'make -k nonexistent all'
  step distclean 'make distclean'
}
