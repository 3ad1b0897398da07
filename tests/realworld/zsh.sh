# zsh 5.9: autoconf without automake, built out of the tree in _build/:
# the Makefiles pasted from Config/defs.mk, clean.mk and config.mk by
# configure's @DEFS_MK@ substitutions, every sub-make run as `$(MAKE)
# $(MAKEDEFS)` (a variable list passed on the command line), and the
# module system: Src/Makemod generated from each directory's *.mdd files by
# mkmakemod.sh (with its Makefile fragments between `:<<\Make` lines),
# `prep` re-running it, the link driven by `$(MAKE) -f Makemod $@` over a
# FORCE'd entry object, .mdh/.epro/.pro/.syms headers and prototypes made
# by awk with `cmp -s ... || mv` stamps, stamp-modobjs listing the objects
# for a `cat`-substituted link line, the dynamic modules as .so files;
# Test's check with TESTNUM= (one test script, after a
# `$(MAKE) MODDIR=... install.modules`), install with the prebuilt man
# pages found through VPATH; -n, -q, -pq, -t, -W, --trace, -j2, -k -j2
# compile error, clean, distclean. Needs libncurses-dev.
RW_PACKAGE=zsh
RW_ORIG=1

# -p output: see rw_normalize_db. The test harness prints its times.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir _build && cd _build && ../configure --prefix=/usr --enable-dynamic \
    --disable-gdbm --disable-pcre --disable-cap --with-tcsetpgrp
}

rw_steps() {
  local b='cd _build &&' inst='DESTDIR=$PWD/_destdir'
  rw_usual_steps "$b "
  step src-pq "$b cd Src && make -pq -f Makemod; echo status \$?"
  prep 'touch Src/zsh.h'
  step touch-q "$b make -q; echo status \$?"
  step touch-n "$b make -n"
  step touch-trace --sorted "$b make -j2 --trace"
  prep 'touch Src/Zle/zle_main.c Src/Modules/parameter.c'
  step modules-trace "$b make --trace"
  prep 'touch Src/Modules/datetime.mdd'
  step mdd "$b make; echo status \$?"
  step prep "$b make prep"
  step W "$b make -n -W ../Src/params.c"
  prep 'touch Src/exec.c Src/Zle/zle.h'
  step t "$b make -t; echo status \$?"
  step t-noop "$b make"
  step check "$b make check TESTNUM=A01; echo status \$?"
  step install "$b make install $inst"
  step install-q "$b make -q install $inst; echo status \$?"
  step uninstall "$b make uninstall $inst"
  prep 'cp Src/glob.c Src/glob.c.rw && echo "#error rw: broken" >> Src/glob.c'
  step broken "$b make; echo status \$?"
  step broken-k-j2 --sorted "$b make -k -j2; echo status \$?"
  prep 'cat Src/glob.c.rw > Src/glob.c && rm Src/glob.c.rw'
  step fixed "$b make"
  step unknown "$b make -k no-such-goal all; echo status \$?"
  step clean "$b make clean"
  step build-j2-O --sorted "$b make -j2 -O"
  step distclean "$b make distclean"
}
