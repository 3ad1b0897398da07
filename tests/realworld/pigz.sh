# pigz 2.8: a single hand-written Makefile with no variables beyond CC,
# CFLAGS, LDFLAGS, LIBS and the ZOPFLI directory prefix: explicit rules
# for every zopfli object compiled from zopfli/src/zopfli/ into the top
# directory, objects with prerequisites only (pigz.o, yarn.o, try.o: the
# built-in %.o: %.c rule), `ln -f` making unpigz in the link recipe, the
# debug variants (pigzj, pigzt, pigzn: -o and -D flags in their own
# recipes), a test recipe of shell pipelines with a `-@if ... fi`
# continued line, docs needing groff and ps2pdf (-n and -q only: pigz.pdf
# is shipped) and `@rm -f` in clean. -n, -q, -pq, -t, -W, --trace, -j2,
# -B, -r, --debug=v,i, CFLAGS= on the command line, -k -j2 compile error, clean.
RW_PACKAGE=pigz

# -p output: see rw_normalize_db; --debug output: rw_normalize_version.
rw_normalize() {
  rw_normalize_db | rw_normalize_version
}

rw_steps() {
  rw_usual_steps
  prep 'touch yarn.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch zopfli/src/zopfli/util.h'
  step zopfli-h "make --trace"
  step W "make -n -W zopfli/src/zopfli/hash.c"
  step W-header "make -n -W zopfli/src/zopfli/deflate.h pigz.o"
  step dev-j2 --sorted "make -j2 dev"
  step dev-q "make -q dev; echo status \$?"
  step test "make test"
  step docs-n "make -n docs; echo status \$?"
  step docs-q "make -q docs pigz.pdf; echo status \$?"
  step all-n "make -n all; echo status \$?"
  prep 'touch try.c zopfli/src/zopfli/tree.c'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B try.o"
  step cflags "make -B CFLAGS=-O0 yarn.o pigz"
  step env-n "CFLAGS=-O1 make -n -B yarn.o"
  step env-e-n "CFLAGS=-O1 make -e -n -B yarn.o"
  prep 'cp yarn.c yarn.c.rw && echo "#error rw: broken" >> yarn.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2 dev; echo status \$?"
  prep 'cat yarn.c.rw > yarn.c && rm yarn.c.rw'
  step fixed "make"
  # -r: pigz.o, yarn.o and try.o have no recipe without the built-in rule.
  step r-n "make -r -n -B pigz; echo status \$?"
  step debug-v "make --debug=v,i -n yarn.o; echo status \$?"
  step unknown "make -k no-such-goal pigz; echo status \$?"
  step tests-j2 --sorted "make -j2 tests"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
  step clean2 "make clean; ls"
}
