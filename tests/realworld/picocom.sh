# picocom 3.1: a hand-written Makefile in the tree: `CPPFLAGS +=` lines
# spread through it with escaped quotes (-DVERSION_STR=\"$(VERSION)\"),
# `LDFLAGS ?=` and `LDLIBS ?=`, OBJS built up with `+=` after the rule
# that uses it is read, a `.c.o` suffix rule writing `-o $@` for an object
# in a subdirectory (linenoise-1.0/linenoise.o), prerequisite-only rules
# with a space before the colon, doc rules using `$?` and pandoc (-n
# only), `rm -f \#*\#` in clean, distclean and realclean chained. -n, -q,
# -pq, -r, -t, -W, --trace, -j2, -B, LDFLAGS in the environment and on the
# command line, CPPFLAGS+= on the command line, -k -j2 compile error,
# clean, distclean.
RW_PACKAGE=picocom

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  rw_usual_steps
  prep 'touch custbaud.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch linenoise-1.0/linenoise.h'
  step linenoise-h "make --trace"
  step W "make -n -W split.c"
  step doc-n "make -n doc; echo status \$?"
  step doc-q "make -q picocom.1; echo status \$?"
  step suffix-n "make -n -B fdio.o linenoise-1.0/linenoise.o; echo status \$?"
  step no-rule "make nothing.o; echo status \$?"
  prep 'touch term.c termbits2.h'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B split.o"
  step ldflags-env-n "LDFLAGS=-s make -n -B picocom"
  step ldflags-env "LDFLAGS=-s LDLIBS=-lc make -B picocom"
  step ldflags-cmd-n "make -n LDFLAGS=-O1 picocom -W fdio.o"
  step cppflags-n "make -n -B CPPFLAGS+=-DNO_HELP term.o"
  step cppflags "make -B CPPFLAGS+=-DNO_HELP TTY_Q_SZ=32768"
  step cflags-e-n "CFLAGS=-O2 make -e -n -B split.o"
  prep 'cp fdio.c fdio.c.rw && echo "#error rw: broken" >> fdio.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat fdio.c.rw > fdio.c && rm fdio.c.rw'
  step fixed "make"
  # -r: no built-in suffixes, so `.c.o` is an ordinary target.
  step r-n "make -r -n -B; echo status \$?"
  step r-pq "make -r -pq picocom; echo status \$?"
  step unknown "make -k no-such-goal all; echo status \$?"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
  step distclean "make distclean; ls"
  step realclean-n "make -n realclean"
}
