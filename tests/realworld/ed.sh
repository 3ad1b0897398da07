# ed 1.19: GNU ed's build, in the style of Antonio Diaz Diaz's packages
# (lzip and friends): a hand-written sh configure (no autoconf) that
# writes the Makefile as a header of variables followed by Makefile.in,
# built out of the tree in _build/ with VPATH = .. used as a path prefix in
# targets and recipes ($(VPATH)/doc/ed.info, `cat $(VPATH)/red.in`), a
# pattern rule beside an explicit rule with its own recipe for main.o,
# every object depending on Makefile, `Makefile : $(VPATH)/configure
# $(VPATH)/Makefile.in` rerunning ./config.status (remade and re-read
# after the configure script is touched), install-bin-strip through
# `$(MAKE) INSTALL_PROGRAM='... -s' install-bin`, check's testsuite
# script; -n, -q, -pq, -t, -W, --trace, -j2, -k -j2 compile error,
# install, uninstall, clean, distclean.
RW_PACKAGE=ed
RW_ORIG=1

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir _build && cd _build && ../configure --prefix=/usr
}

rw_steps() {
  local b='cd _build &&' inst='DESTDIR=$PWD/_destdir'
  rw_usual_steps "$b "
  prep 'touch ed.h'
  step touch-q "$b make -q; echo status \$?"
  step touch-n "$b make -n"
  step touch-trace --sorted "$b make -j2 --trace"
  prep 'touch red.in main.c'
  step trace "$b make --trace"
  step W "$b make -n -W ../io.c"
  prep 'touch configure'
  step configure-q "$b make -q; echo status \$?"
  step configure-n "$b make -n; echo status \$?"
  step configure "$b make; echo status \$?"
  prep 'touch global.c carg_parser.h'
  step t "$b make -t; echo status \$?"
  step t-noop "$b make"
  step B-one "$b make -B buffer.o; echo status \$?"
  step check "$b make check; echo status \$?"
  step install "$b make install $inst; echo status \$?"
  step install-strip "$b make install-bin-strip $inst"
  step uninstall "$b make uninstall $inst"
  prep 'cp regex.c regex.c.rw && echo "#error rw: broken" >> regex.c'
  step broken "$b make; echo status \$?"
  step broken-k-j2 --sorted "$b make -k -j2; echo status \$?"
  prep 'cat regex.c.rw > regex.c && rm regex.c.rw'
  step fixed "$b make"
  step unknown "$b make -k no-such-goal all; echo status \$?"
  step clean "$b make clean"
  step build-j2-O --sorted "$b make -j2 -O"
  step distclean "$b make distclean"
}
