# tree 2.1.0: a one-page hand-written Makefile in the tree: a static
# pattern rule for every object (`$(OBJS): %.o: %.c tree.h`), `CFLAGS+=`
# added to a value given on the command line or not, `${PREFIX}`
# references, DESTDIR naming the bin directory itself, an install recipe
# with a `; \` continued line, dist writing outside the tree (with -n
# only); command-line CFLAGS=, CFLAGS in the environment with and
# without -e, -d, --debug=b,m, -n, -q, -pq, -t, -W, --trace, -j2, -k -j2
# compile error, install, clean, distclean.
RW_PACKAGE=tree

# -p output: see rw_normalize_db; --debug output: rw_normalize_version.
rw_normalize() {
  rw_normalize_db | rw_normalize_version
}

rw_steps() {
  local inst='PREFIX=$PWD/_destdir/usr DESTDIR=$PWD/_destdir/usr/bin'
  rw_usual_steps
  prep 'touch tree.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  step W "make -n -W json.c"
  step static-pattern "make xml.o html.o color.c; echo status \$?"
  step not-an-object "make tree.o2 strverscmp.c; echo status \$?"
  step cflags-B "make -B CFLAGS=-O0 hash.o"
  step env-n "CFLAGS=-O1 make -n -B hash.o"
  step env-e-n "CFLAGS=-O1 make -e -n -B hash.o"
  step debug-n "make -d -n xml.o tree.h; echo status \$?"
  step debug-b "make --debug=b,m -n; echo status \$?"
  prep 'touch list.c unix.c'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B file.o"
  step install "make install $inst"
  step dist-n "make -n dist; echo status \$?"
  prep 'cp filter.c filter.c.rw && echo "#error rw: broken" >> filter.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat filter.c.rw > filter.c && rm filter.c.rw'
  step fixed "make"
  step unknown "make -k no-such-goal all; echo status \$?"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
  step distclean "make distclean"
}
