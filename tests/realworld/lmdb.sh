# lmdb 0.9.31: liblmdb's small hand-written Makefile (libraries/liblmdb),
# in the tree: a match-anything `%: %.o` link rule (non-terminal) beside
# `%.o: %.c lmdb.h` and explicit object rules, programs declared by
# prerequisite-only lines (`mdb_stat: mdb_stat.o liblmdb.a`) that the
# pattern rule's `$^` links, `.lo` objects for the shared library,
# install's shell loops, coverage's `$(MAKE) $$j.o` in a loop; goals
# with no rule going through the implicit rule search (a source file, a
# header, a missing program, mtest6 outside `all`, with -d and
# --debug=v,i), -r, -R, --shuffle; -n, -q, -pq, -t, -W, --trace, -j2,
# -k -j2 compile error, test, install, clean.
RW_PACKAGE=lmdb

# -p output: see rw_normalize_db. mtest seeds rand() with the time: the
# number and the contents of the records test's output lists vary from run
# to run (filtered out, numbers masked), and so does testdb. gcc writes a
# time stamp into xmtest's .gcno files and objects: removed in the step
# that makes them. --debug output: rw_normalize_version, and GNU's child
# structures and the children's pids.
rw_normalize() {
  case "${name-}" in
    test) grep -v '^key: ' | sed -E 's/[0-9]+/N/g' ;;
    *) rw_normalize_db | rw_normalize_version | sed -E -e 's/0x[0-9a-f]+/0xADDR/g; s/PID [0-9]+/PID N/g' ;;
  esac
}
RW_NOHASH=('./libraries/liblmdb/testdb/*')

rw_steps() {
  local b='cd libraries/liblmdb &&' inst='DESTDIR=$PWD/_destdir prefix=/usr'
  rw_usual_steps "$b "
  prep 'touch libraries/liblmdb/midl.h'
  step touch-q "$b make -q; echo status \$?"
  step touch-n "$b make -n"
  step touch-trace --sorted "$b make -j2 --trace"
  prep 'touch libraries/liblmdb/lmdb.h'
  step lmdb-h "$b make --trace"
  step W "$b make -n -W mdb_dump.c"
  step goals "$b make lmdb.h mdb.c Makefile; echo status \$?"
  step goals-q "$b make -q lmdb.h mdb.c Makefile; echo status \$?"
  step missing "$b make no-such-program; echo status \$?"
  step debug-goals "$b make -d lmdb.h mdb.c no-such-program; echo status \$?"
  step debug-v-n "$b make --debug=v,i -n mdb_stat.o mtest; echo status \$?"
  step r-n "$b make -r -n -B mtest2; echo status \$?"
  step R-p "$b make -R -pq; echo status \$?"
  step shuffle-n "$b make --shuffle=reverse -n -B; echo status \$?"
  step mtest6 "$b make mtest6"
  step coverage-n "$b make -n coverage; echo status \$?"
  step xmtest "$b make xmtest && rm xmtest xmdb.o xmidl.o xmdb.gcno xmidl.gcno"
  prep 'touch libraries/liblmdb/mdb_copy.c libraries/liblmdb/midl.c'
  step t "$b make -t; echo status \$?"
  step t-noop "$b make"
  step B-one "$b make -B mdb_load"
  step test "$b make test; echo status \$?"
  step install "$b make install $inst"
  prep 'cp libraries/liblmdb/mdb_dump.c mdb_dump.c.rw && echo "#error rw: broken" >> libraries/liblmdb/mdb_dump.c'
  step broken "$b make; echo status \$?"
  step broken-k-j2 --sorted "$b make -k -j2; echo status \$?"
  prep 'cat mdb_dump.c.rw > libraries/liblmdb/mdb_dump.c && rm mdb_dump.c.rw'
  step fixed "$b make"
  step unknown "$b make -k no-such-goal all; echo status \$?"
  step clean "$b make clean"
  step build-j2-O --sorted "$b make -j2 -O"
  step clean2 "$b make clean"
}
