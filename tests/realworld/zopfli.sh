# zopfli 1.0.3: a short hand-written Makefile in the tree: `CC ?=` and
# `CXX ?=`, `override CFLAGS := ... $(CFLAGS)` (a command-line or
# environment CFLAGS appended, not replacing), object lists made with
# `$(patsubst %.c,obj/%.o,...)` and three `obj/%.o` pattern rules for
# .c, .cc and .cpp sources, each recipe starting with "@mkdir -p
# \`dirname $@\`", `$^` in the link and `ar rcs` recipes, the phony
# libzopfli and libzopflipng targets that always relink their shared
# library (so there is no up-to-date no-op), a C++ link of C objects.
# -n, -q, -pq, -r, --eval, -t, -W, --trace, -j2, -B, CFLAGS on the command line and
# in the environment, -k -j2 compile error, clean.
RW_PACKAGE=zopfli
RW_ORIG=1

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  rw_usual_steps
  prep 'touch src/zopfli/util.c'
  step touch-q "make -q zopfli libzopfli.a; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  step noop-files "make zopfli libzopfli.a zopflipng libzopflipng.a"
  prep 'touch src/zopfli/util.h'
  step header-not-a-prerequisite "make -q zopfli; echo status \$?"
  step W "make -n -W src/zopfli/hash.c zopfli"
  step W-cpp "make -n -W src/zopflipng/lodepng/lodepng_util.cpp"
  step one-obj "rm obj/src/zopfli/tree.o && make obj/src/zopfli/tree.o"
  step no-source "make obj/src/zopfli/nothing.o; echo status \$?"
  prep 'touch src/zopflipng/zopflipng_lib.cc'
  step t "make -t; echo status \$?"
  step t-q "make -q zopflipng libzopflipng.a; echo status \$?"
  step B-one "make -B obj/src/zopfli/cache.o"
  step cflags "make -B CFLAGS=-O0 zopfli"
  step env-n "CFLAGS=-g make -n -B zopfli"
  step env-e-n "CFLAGS=-g CC=clang make -e -n -B libzopfli.a"
  step cc-cmd-n "make -n -B CC=c99 zopfli"
  prep 'cp src/zopfli/lz77.c lz77.c.rw && echo "#error rw: broken" >> src/zopfli/lz77.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat lz77.c.rw > src/zopfli/lz77.c && rm lz77.c.rw'
  step fixed "make"
  step r-n "make -r -n -B zopfli"
  step eval-n "make --eval 'CFLAGS = -O3' -n -B obj/src/zopfli/hash.o"
  step unknown "make -k no-such-goal zopfli; echo status \$?"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
  step clean2 "make clean; ls -a obj/src/*"
}
