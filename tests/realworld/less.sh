# less: autoconf without automake, one hand-written Makefile.in, built out
# of tree (VPATH = the source directory, `${srcdir}/less.h` prerequisites
# of all objects found through it), `.c.o` suffix rule, an `ifneq` on a
# variable given on the command line (LESSTEST=1 adds -DLESSTEST),
# defines.h through stamp-h and config.status, help.c generated from
# less.hlp by mkhelp.pl in the source directory... when it is out of date.
RW_PACKAGE=less

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir _build && cd _build && ../configure
}

rw_steps() {
  local b='cd _build &&'
  step n-before "$b make -n"
  step build-j2 --sorted "$b make -j2"
  step version "$b ./less -V | head -1"
  step noop --repeat 2 "$b make"
  step q "$b make -q; echo status \$?"
  step n-after "$b make -n"
  step pq "$b make -pq; echo status \$?"
  # A header of every object, found through VPATH.
  prep 'touch less.h'
  step touch-q "$b make -q; echo status \$?"
  step touch-n "$b make -n"
  step touch-trace "$b make --trace lesskey"
  step touch-j2 --sorted "$b make -j2"
  prep 'touch charset.c'
  step t "$b make -t; echo status \$?"
  step t-noop "$b make"
  step W "$b make -n -W ../ch.c"
  step lesstest-n "$b make -n LESSTEST=1 less"
  prep 'touch defines.h.in'
  step stamp "$b make; echo status \$?"
  step stamp-noop "$b make"
  prep 'cp screen.c screen.c.rw && echo "#error rw: broken" >> screen.c'
  step broken "$b make; echo status \$?"
  step broken-k-j2 --sorted "$b make -k -j2; echo status \$?"
  prep 'cat screen.c.rw > screen.c && rm screen.c.rw'
  step fixed "$b make"
  step install "$b make install DESTDIR=\$PWD/_destdir"
  step install-strip-n "$b make -n install-strip DESTDIR=\$PWD/_destdir"
  step clean "$b make clean"
  step distclean "$b make distclean"
}
