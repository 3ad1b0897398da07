# rsync: a handwritten Makefile.in (configure substitutes it), built out of
# the source tree in build/ through VPATH=$(srcdir): `.SUFFIXES:` cleared
# then .c.o alone, prerequisites from wildcards ($(srcdir)/*.c for the
# proto.h-tstamp stamp, whose recipe writes proto.h found in the source
# directory by VPATH), multi-target rules written by one awk command
# (help-rsync.h help-rsyncd.h), rounding.h from a compile-and-run loop,
# git-version.h remade every run through a phony ALWAYS_RUN prerequisite,
# the Makefile's own rule (config.status, then "Makefile updated -- rerun
# your make command." and status 1 when it changed), symlinked test names
# made by ln, and `check` running runtests.sh; -n, -q, -pq, -t, -W, --trace,
# -B, a compile error with -k -j2, install, clean, distclean.
RW_PACKAGE=rsync

# The test suite's scratch trees (testtmp/) hold times and are removed by
# cleantests: left out. -p output: see rw_normalize_db.
RW_EXCLUDE=('./build/testtmp')
# -B remakes configure.sh through autoconf: autom4te.cache/requests is a
# Perl hash dump whose key order varies from run to run.
RW_NOHASH=('./build/autom4te.cache/requests')
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir build && cd build &&
    ../configure --disable-openssl --disable-xxhash --disable-zstd --disable-lz4 \
      --with-included-popt --with-included-zlib --disable-md2man
}

# mkproto.awk writes proto.h, then runs `touch proto.h-tstamp`: from run to
# run the two mtimes are equal (the same clock tick) or proto.h is older,
# and then every later make sees proto.h out of date (its recipe does
# nothing, but under -n everything that depends on $(HEADERS) is shown
# remade). After the steps that can run it, an older proto.h gets the
# stamp's mtime.
rw_proto() {
  prep 'cd build && if [ proto.h-tstamp -nt proto.h ]; then touch -r proto.h-tstamp proto.h; fi'
}

rw_steps() {
  local b='cd build &&'
  step n-before "$b make -n"
  step build-j2 --sorted "$b make -j2"
  rw_proto
  step noop --repeat 2 "$b make"
  step q "$b make -q; echo status \$?"
  step n-after "$b make -n"
  step pq "$b make -pq; echo status \$?"
  step check-n "$b make -n check"
  step check "$b make check 2>&1 | grep -v -e '^Running' -e 'rsync_bin=' -e '^ *[0-9.]* *seconds'; echo status \$?"
  step check-q "$b make -q check; echo status \$?"
  prep 'touch rsync.h'
  step touch-q "$b make -q; echo status \$?"
  step touch-n "$b make -n"
  step touch-W "$b make -W ../flist.c -n rsync"
  step touch-trace --sorted "$b make -j2 --trace"
  # A source edited: proto.h-tstamp depends on every *.c through a wildcard.
  prep 'touch util1.c'
  step proto-trace "$b make --trace proto.h"
  rw_proto
  prep 'touch rsync.1.md daemon-parm.txt'
  step md-headers "$b make"
  rw_proto
  prep 'touch main.c'
  step t "$b make -t; echo status \$?"
  step t-noop "$b make"
  step B "$b make -B tls testrun"
  rw_proto
  # The Makefile remade from Makefile.in: config.status reruns, the
  # Makefile is unchanged and the build goes on.
  prep 'touch Makefile.in'
  step remake-makefile "$b make; echo status \$?"
  prep 'cp main.c main.c.rw && echo "#error rw: broken" >> main.c'
  step broken "$b make; echo status \$?"
  rw_proto
  step broken-k-j2 --sorted "$b make -k -j2 all tls; echo status \$?"
  rw_proto
  prep 'cat main.c.rw > main.c && rm main.c.rw'
  step fixed "$b make"
  rw_proto
  step install "$b make install DESTDIR=\$PWD/_destdir"
  step install-strip "$b make install-strip DESTDIR=\$PWD/_destdir2"
  step clean "$b make clean"
  step build-j2-O --sorted "$b make -j2 -O"
  rw_proto
  step distclean "$b make distclean"
}
