# SQLite 3.46 (full source tree, autoconf + libtool): configured in bld/
# (a vpath build: TOP points at the sources), its Makefile generates the
# parser (lemon), keyword hash and opcodes with built host tools, then the
# amalgamation sqlite3.c through tclsh, and links the shell with libtool.
RW_PACKAGE=sqlite3

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir bld && cd bld && ../configure --disable-tcl --disable-readline
}

rw_steps() {
  step n-before 'cd bld && make -n sqlite3'
  step build --sorted 'cd bld && make -j2 sqlite3'
  step version 'bld/sqlite3 -version | cut -c1-6'
  step noop --repeat 4 'cd bld && make sqlite3'
  step q --repeat 2 'cd bld && make -q sqlite3; echo status $?'
  step n-after --repeat 2 'cd bld && make -n sqlite3'
  step pq 'cd bld && make -pq sqlite3; echo status $?'
  prep 'touch src/date.c'
  step touch-q 'cd bld && make -q sqlite3; echo status $?'
  step touch-n 'cd bld && make -n sqlite3'
  step touch-build 'cd bld && make sqlite3'
  step touch-noop 'cd bld && make sqlite3'
  step install-n 'cd bld && make -n install DESTDIR=$PWD/_destdir'
  step clean 'cd bld && make clean'
  step distclean 'cd bld && make distclean'
}
