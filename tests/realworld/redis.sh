# Redis 7: hand-written makefiles. The top one hands every goal to src/
# through .DEFAULT; src/Makefile keeps its settings in .make-settings
# (persist-settings, compared with the current ones to force a rebuild of
# the bundled deps/: hiredis, lua, linenoise, hdr_histogram, fpconv, each
# its own make), prints "CC x.o" through printf with colour escapes, and
# includes the compiler's .d files. MALLOC=libc keeps jemalloc (and its
# configure) out.
RW_PACKAGE=redis

# src/mkreleasehdr.sh (run by $(shell) on every read of src/Makefile)
# writes the host name and the time into release.h: it, release.o and the
# programs linking it are compared by name only.
RW_NOHASH=(./src/release.h ./src/release.o './src/redis-*' './_inst/bin/redis-*')

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step n-before 'make -n MALLOC=libc'
  # -j1: deps/ is built by one recursive make whose children's output
  # interleaves with the compiler's warnings.
  step build 'make MALLOC=libc'
  step version 'src/redis-server --version | cut -d" " -f1-3'
  step noop --repeat 4 'make MALLOC=libc'
  step q 'make -C src -q MALLOC=libc; echo status $?'
  step n-after --repeat 2 'make -n MALLOC=libc'
  step pq 'make -C src -pq MALLOC=libc; echo status $?'
  prep 'touch src/adlist.c'
  step touch-n 'make -n MALLOC=libc'
  step touch-build 'make MALLOC=libc'
  prep 'touch src/sds.h'
  step touch-h-sync --sorted 'make -j2 -Otarget MALLOC=libc'
  step touch-noop 'make MALLOC=libc'
  step settings 'make MALLOC=libc OPT=-O1 -n | head -30'
  step install 'make install MALLOC=libc PREFIX=$PWD/_inst'
  step clean 'make clean'
  step distclean 'make distclean'
}
