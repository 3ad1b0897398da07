# Lua 5.4: a small hand-written Makefile pair (top-level and src/), with
# platform targets that recurse with variables on the command line.
RW_PACKAGE=lua5.4

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step n-before 'make -n linux'
  step build --sorted 'make -j2 linux'
  step noop --repeat 4 'make linux'
  step q 'make -q linux; echo status $?; make -C src -q lua; echo status $?'
  step n-after 'make -n linux'
  step pq 'make -pq linux; echo status $?'
  step pq-src 'make -C src -pq; echo status $?'
  prep 'touch src/lobject.h'
  step touch-n 'make -n linux'
  step touch-sync --sorted 'make -j2 -Otarget linux'
  step W 'make -C src -W lapi.c -n lua'
  step t 'touch src/ltm.h; make -C src -t; echo status $?'
  step echo 'make echo'
  step test 'make test'
  step install 'make install INSTALL_TOP=$PWD/_destdir'
  step local 'make local'
  step clean 'make clean'
}
