# minimap2: Heng Li's hand-written Makefile in the tree: tab-aligned
# `VAR=<tab>value` assignments, nested `ifeq ($(arm_neon),)` /
# `ifeq ($(sse2only),)` choosing the SSE objects (with `OBJS+=` and
# `CFLAGS+=` indented by a tab inside the conditionals), `ifneq
# ($(asan),)`, `.SUFFIXES:.c .o` with a `.c.o` rule, the same source
# compiled into two objects with different -m flags, libminimap2.a made by
# `ar -csru`, sdust linking `$<` with an object, makedepend output after
# `# DO NOT DELETE` (headers only, split over two lines for one object).
# -n, -q, -pq, -r, -R, -t, -W, --trace, -j2, -B, sse2only=1 and arm_neon=1
# aarch64=1 (-n), extra, -k -j2 compile error, clean.
RW_PACKAGE=minimap2

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  rw_usual_steps
  prep 'touch kseq.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch ksw2.h'
  step ksw2-h "make --trace"
  step W "make -n -W ksw2_extz2_sse.c"
  step W-lib "make -q -W kalloc.c minimap2; echo status \$?"
  step extra-j2 --sorted "make -j2 extra"
  step extra-q "make -q extra; echo status \$?"
  step sse2only-n "make -n -B sse2only=1 libminimap2.a"
  step neon-n "make -n -B arm_neon=1 aarch64=1 libminimap2.a"
  step asan-n "make -n -B asan=1 tsan=1 main.o"
  step depend-n "make -n depend"
  prep 'touch bseq.c khash.h'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B kthread.o"
  step cflags "make -B CFLAGS=-O1 sdust"
  step env-e-n "CFLAGS=-O0 make -e -n -B misc.o"
  prep 'cp hit.c hit.c.rw && echo "#error rw: broken" >> hit.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2 extra; echo status \$?"
  prep 'cat hit.c.rw > hit.c && rm hit.c.rw'
  step fixed "make"
  # -r and -R: the Makefile's own `.SUFFIXES:.c .o` keeps `.c.o` a rule.
  step r-n "make -r -n -B libminimap2.a"
  step R-pq "make -R -pq; echo status \$?"
  step unknown "make -k no-such-goal all; echo status \$?"
  step clean "make clean"
  step sse2only-j2 --sorted "make -j2 sse2only=1"
  step clean2 "make clean"
  step build-j2-O --sorted "make -j2 -O extra"
}
