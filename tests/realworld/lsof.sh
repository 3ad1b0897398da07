# lsof 4.99.4: lsof's classic build (its automake one aside), in the tree:
# `./Configure -n linux` writes the Makefile as a header of variables
# followed by the dialect's Makefile (src/dialects/linux, whose sources it
# copies to the top) and lib/Makefile from Makefile.skel (LIB defined
# twice, the later value winning; `AR= ar cr ${LIB} ${OBJ}` as a whole
# command), `${VAR}` references throughout, a FRC force target making
# version.h (remade on every run: usage.o and lsof rebuilt, -q never
# succeeds) and `${LIB}: FRC` running `(cd lib; ${MAKE} DEBUG="${DEBUG}"
# CFGF="${CFGF}")`, makedepend-style `obj: ${HDR} src` lines after the
# "DO NOT DELETE" marker; the tests' Makefile (LT test programs depending
# on config.* files Configure wrote, -n of its all); `./Configure
# -clean` running `which make` -f Makefile clean and tests' spotless;
# -n, -q, -pq, -t, -W, --trace, -j2, -k -j2 compile error, install (a
# message), clean. Needs libtirpc-dev.
RW_PACKAGE=lsof

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  ./Configure -n linux
}

rw_steps() {
  rw_usual_steps
  step lib-q "cd lib && make -q; echo status \$?"
  step version "make version.h && cat version.h"
  prep 'touch lib/common.h'
  step touch-q "cd lib && make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch dlsof.h'
  step header "make --trace"
  step W "make -n -W dproc.c"
  step tests-n "make -C tests -n all; echo status \$?"
  step tests "make -C tests LTbasic LTsock LTunix"
  step tests-q "make -C tests -q LTbasic; echo status \$?"
  prep 'touch main.c lib/misc.c'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B arg.o"
  step install "make install"
  prep 'cp dsock.c dsock.c.rw && echo "#error rw: broken" >> dsock.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat dsock.c.rw > dsock.c && rm dsock.c.rw'
  step fixed "make"
  step unknown "make -k no-such-goal all; echo status \$?"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
  step configure-clean "./Configure -clean"
}
