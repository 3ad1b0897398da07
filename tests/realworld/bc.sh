# bc 1.07.1: GNU bc and dc, recursive automake (lib, bc, dc, doc) built in
# the tree: bc/libmath.h made by a rule that compiles a first bc (fbc)
# from the objects it depends on, running `$(MAKE) global.o` in the middle
# of its recipe after writing a placeholder libmath.h (global.o itself
# depends on libmath.h: the sub-make finds it up to date), then fbc
# compiling libmath.b into the header; `$(PROGRAMS): libmath.h $(LIBBC)`,
# the distributed bc.c/scan.c from bc.y/scan.l through ylwrap rules, the
# Texinfo manuals shipped prebuilt; lib's specialnumber with -n only (its
# testmul times multiplications for minutes); -n, -q, -pq, -t, -W,
# --trace, -j2, -B, -k -j2 compile error, install, installcheck,
# uninstall, clean, distclean. check stops in doc/ (bc.info is remade
# there, and makeinfo is not installed).
#
# No -n, -t, -W or -B step runs while bc/libmath.h is out of date (after
# libmath.b, a bc object or a header they include changes): the
# `$(MAKE) global.o` line runs under those options too, and the sub-make,
# finding libmath.h still out of date (the placeholder was not written),
# runs the same recipe again, without end (GNU make does so: thousands of
# makes in a few minutes). The -n, -W and -B steps touch dc's files, -t
# runs in dc/ only (at the top, -t touches config.h, then every object).
RW_PACKAGE=bc
RW_ORIG=1

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  ./configure --prefix=/usr
}

rw_steps() {
  local inst='DESTDIR=$PWD/_destdir'
  rw_usual_steps
  step bc-pq "make -C bc -pq; echo status \$?"
  prep 'touch bc/libmath.b'
  step libmath-q "make -C bc -q; echo status \$?"
  step libmath "make --trace"
  prep 'touch h/number.h'
  step touch-q "make -q; echo status \$?"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch dc/dc.h'
  step dc-q "make -q; echo status \$?"
  step dc-n "make -n"
  step dc-trace "make --trace"
  step W "make -n -W dc/eval.c"
  prep 'touch dc/stack.c dc/dc-proto.h'
  step t "make -C dc -t; echo status \$?"
  step t-noop "make"
  step B-one "make -C dc -B eval.o"
  step specialnumber-n "make -C lib -n specialnumber; echo status \$?"
  step check "make check; echo status \$?"
  step install "make install $inst"
  step installcheck "make installcheck $inst; echo status \$?"
  step uninstall "make uninstall $inst"
  prep 'cp dc/eval.c eval.c.rw && echo "#error rw: broken" >> dc/eval.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat eval.c.rw > dc/eval.c && rm eval.c.rw'
  step fixed "make"
  step unknown "make -k no-such-goal all; echo status \$?"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
  step distclean "make distclean"
}
