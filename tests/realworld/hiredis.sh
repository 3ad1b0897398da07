# hiredis 1.2.0: the Redis C client's hand-written GNU Makefile, in the
# tree: version numbers read from hiredis.h with `$(shell grep ... | awk
# '{print $$3}')`, `CC:=$(shell sh -c 'type $${CC%% *} ...')`, the
# `.c.o` suffix rule beside `hiredis-%: %.o $(STLIBNAME)`, `hiredis-test:
# test.o $(TEST_LIBS)` linking `$^`, a `define`d and exported multi-line
# variable, hiredis.pc written by @echo lines, `$(and ...)` and `ifndef`
# choosing between rules, USE_SSL=1 adding libhiredis_ssl, the
# 32bit-vars target's `$(eval CFLAGS=-m32)` recipe lines changing the
# variables of the targets after it, gcov's `$(MAKE) CFLAGS+="..."`;
# -n, -q, -pq, -t, -W, --trace, -j2, -k -j2 compile error, examples with
# missing libraries under -k, install, clean. check needs a redis-server
# (with -n only). Needs libssl-dev.
#
# gcc writes a time stamp into each .gcno file and the objects compiled
# with -ftest-coverage: the gcov build is cleaned in the same step (its
# .gcno files listed by name).
RW_PACKAGE=hiredis

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  local inst='DESTDIR=$PWD/_destdir PREFIX=/usr'
  rw_usual_steps
  prep 'touch read.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch hiredis.h'
  step hiredis-h "make --trace"
  step W "make -n -W sds.c"
  step dep "make dep"
  step pc-q "make -q hiredis.pc; echo status \$?"
  step check-n "make -n check; echo status \$?"
  step examples-k "make -k examples; echo status \$?"
  step example "make hiredis-example hiredis-example-poll"
  step pattern-n "make -n hiredis-net hiredis-sds; echo status \$?"
  step eval-n "make -n 32bit-vars all; echo status \$?"
  step eval-p "make -p 32bit-vars -q; echo status \$?"
  step ae "make hiredis-example-ae hiredis-example-qt; echo status \$?"
  prep 'touch net.c alloc.h'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B sds.o"
  step ssl-j2 --sorted "make -j2 USE_SSL=1"
  step ssl-q "make -q USE_SSL=1; echo status \$?"
  step install "make install $inst"
  step install-ssl "make install USE_SSL=1 $inst"
  prep 'cp async.c async.c.rw && echo "#error rw: broken" >> async.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat async.c.rw > async.c && rm async.c.rw'
  step fixed "make"
  step unknown "make -k no-such-goal all; echo status \$?"
  step clean "make clean"
  step noopt "make noopt"
  step clean2 "make clean"
  step gcov-j2-clean --sorted "make -j2 gcov && ls *.gcno && make clean"
  step build-j2-O --sorted "make -j2 -O"
}
