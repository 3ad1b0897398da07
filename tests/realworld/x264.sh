# x264 0.164: the H.264 encoder's hand-written Makefile with its own sh
# configure writing config.mak, built out of the tree in _build/ through
# `vpath %.c $(SRCPATH)` (one vpath per suffix): each encoder source
# compiled twice by `%-8.o: %.c` and `%-10.o: %.c` pattern rules beside
# `%.o: %.c` (the stem's rule chosen by the target's suffix), .depend
# written by `$(foreach SRC, ..., $(CC) ... -MM ... 1>> .depend;)` in its
# recipe and included when `$(wildcard .depend)` finds it (remade after
# config.mak changes, then make restarts), target-specific `CFLAGS +=` on
# object lists, `else ifneq` chains, `ifeq (,$(VIDS))` choosing
# fprofiled's rule, `$(if $(RANLIB), ...)` lines, the static and shared
# libraries, checkasm8/checkasm10, example; -B (which remakes config.mak
# too, by `./configure`, missing out of the tree: an error) with and
# without `-o config.mak`; -n, -q, -pq, -t, -W, --trace,
# -j2, -k -j2 compile error, install-cli, install-lib-*, uninstall,
# clean, distclean. Configured with --disable-asm (no nasm).
RW_PACKAGE=x264

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir _build && cd _build && ../configure --prefix=/usr --disable-asm --enable-shared --enable-static
}

rw_steps() {
  local b='cd _build &&' inst='DESTDIR=$PWD/_destdir'
  rw_usual_steps "$b "
  prep 'touch common/frame.h'
  step touch-q "$b make -q; echo status \$?"
  step touch-n "$b make -n"
  step touch-trace --sorted "$b make -j2 --trace"
  prep 'touch encoder/me.c'
  step bitdepths "$b make --trace"
  step W "$b make -n -W ../common/cpu.c"
  step depend-q "$b make -q depend; echo status \$?"
  step fprofiled "$b make fprofiled; echo status \$?"
  step fprofiled-n "$b make -n fprofiled VIDS=in.y4m; echo status \$?"
  step checkasm-j2 --sorted "$b make -j2 checkasm8 checkasm10 example"
  prep 'touch encoder/set.c common/osdep.h'
  step t "$b make -t; echo status \$?"
  step t-noop "$b make"
  step B-one "$b make -B common/base.o common/dct-10.o; echo status \$?"
  step B-one-o "$b make -B -o config.mak common/base.o common/dct-10.o"
  step install "$b make install-cli install-lib-static install-lib-shared $inst"
  step uninstall "$b make uninstall $inst"
  prep 'touch _build/config.mak'
  step depend-trace "$b make --trace"
  prep 'cp common/quant.c quant.c.rw && echo "#error rw: broken" >> common/quant.c'
  step broken "$b make; echo status \$?"
  step broken-k-j2 --sorted "$b make -k -j2; echo status \$?"
  prep 'cat quant.c.rw > common/quant.c && rm quant.c.rw'
  step fixed "$b make"
  step unknown "$b make -k no-such-goal all; echo status \$?"
  step clean "$b make clean"
  step build-j2-O --sorted "$b make -j2 -O"
  step distclean "$b make distclean"
}
