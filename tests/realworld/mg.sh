# mg 20240709: Han Boetes's portable mg, whose tree holds both OpenBSD's
# BSD make Makefile and a GNUmakefile, which GNU make reads first; the
# GNUmakefile runs pkg-config through `$(shell)` in `:=` assignments and
# stops with `$(error ...)` at parse time when a library is missing
# (PKG_CONFIG=false on the command line), `CC?=`/`CFLAGS?=` then `+=`,
# `ifdef STATIC`, a `.c.o` suffix rule, `rebuild:` running a literal
# `make clean all`; the BSD Makefile read with -f (`.include
# <bsd.prog.mk>`: GNU make's error for it); -n, -q, -pq, -t, -W,
# --trace, -j2, -k -j2 compile error, install, install-strip, uninstall,
# clean, distclean (objects depend on their source only: a header touched
# with a source). Needs libbsd-dev and libncurses-dev.
RW_PACKAGE=mg
RW_ORIG=1

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  local inst='DESTDIR=$PWD/_destdir prefix=/usr'
  rw_usual_steps
  prep 'touch def.h cmode.c'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch funmap.h funmap.c'
  step funmap-h "make --trace"
  step W "make -n -W main.c"
  step bsd-makefile "make -f Makefile; echo status \$?"
  step error "make PKG_CONFIG=false; echo status \$?"
  step error-clean "make PKG_CONFIG=false clean; echo status \$?"
  step static-n "make -n STATIC=1 -B mg; echo status \$?"
  prep 'touch echo.c kbd.h'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B yank.o"
  step install "make install $inst"
  step install-strip "make install-strip $inst"
  step uninstall "make uninstall $inst"
  prep 'cp grep.c grep.c.rw && echo "#error rw: broken" >> grep.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat grep.c.rw > grep.c && rm grep.c.rw'
  step fixed "make"
  step unknown "make -k no-such-goal all; echo status \$?"
  step rebuild "make rebuild"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
  step distclean "make distclean"
}
