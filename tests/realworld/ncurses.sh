# ncurses: autoconf with generated makefiles (double-colon rules in the top
# Makefile looping over include ncurses progs panel menu form misc with
# `cd DIR && $(MAKE)`), generated sources and headers (awk and sh
# scripts), static libraries. No C++, Ada, tests, debug or shared
# libraries, to keep it short.
RW_PACKAGE=ncurses

# -p output: see rw_normalize_db. --debug output starts with the version
# banner, which rmake words differently on purpose: left out.
rw_normalize() {
  rw_normalize_db | sed '/^GNU Make 4\.4\.1/,/^There is NO WARRANTY/d'
}

# configure picks `ar -curvU` (U: members keep their mtimes, uid and mode,
# which differ from run to run): ARFLAGS=-curv gives deterministic archives.
rw_configure() {
  ARFLAGS=-curv ./configure --without-cxx --without-cxx-binding --without-ada --without-tests \
    --without-debug --without-shared --without-manpages
}

rw_steps() {
  step n-before 'make -n'
  step debug-v-before 'make --debug=v -n'
  step build --sorted 'make -j2'
  step noop --repeat 2 'make'
  step q 'make -q; echo status $?'
  step n-after --repeat 2 'make -n'
  step pq 'make -pq; echo status $?'
  step pq-sub 'make -C ncurses -pq; echo status $?'
  step sources 'make sources'
  prep 'touch ncurses/curses.priv.h'
  step touch-n 'make -n'
  step touch-W 'make -C ncurses -W ../ncurses/base/lib_addch.c -n'
  step touch-sync --sorted 'make -j2 --output-sync=target'
  step touch-noop 'make'
  prep 'touch include/curses.h'
  step touch-t 'make -C panel -t; echo status $?'
  step after-t 'make'
  step k 'make -k -C form all no-such-target; echo status $?'
  step install --sorted 'make -j2 install DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step distclean 'make distclean'
}
