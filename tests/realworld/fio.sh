# fio 3.33: the I/O tester's hand-written GNU Makefile with its own sh
# configure, in the tree: `include config-host.mak` (unless the goal is
# clean) with a rule remaking it by rerunning the configure line it
# records (make restarts), `FIO-VERSION-FILE: FORCE` remade and read with
# `-include` on every run, engines added through `$(foreach eng,...,$(eval
# $(call engine_template,$(eng))))` with a `define ... =` template doing
# `override CFLAGS +=`, `override CFLAGS := ... $(CFLAGS)`, quiet
# QUIET_CC/QUIET_LINK prefixes chosen by `ifneq ($(findstring
# $(MAKEFLAGS),s),s)` and `ifndef V` (-s and V=1 change the output), a
# `%.o : %.c` rule writing its own .d file with sed and fmt after the
# compile (`-include $(OBJS:.o=.d)`), objects in subdirectories,
# `all: ... FORCE`, test programs under t/, the bison/flex arithmetic
# parser; -n, -q, -pq, -t, -W, --trace, -j2, -k -j2 compile error,
# install, clean, distclean. test runs fio (timings in its output): -n
# only. Configured with --disable-optimizations (-O0, for time).
RW_PACKAGE=fio

# -p output: see rw_normalize_db. Every -B step remakes the included
# config-host.mak too, rerunning configure, whose config.log holds the
# date and the shell's pid.
rw_normalize() {
  rw_normalize_db
}
RW_NOHASH=('./config.log')

rw_configure() {
  ./configure --disable-optimizations --disable-native --prefix=/usr
}

rw_steps() {
  local inst='DESTDIR=$PWD/_destdir'
  rw_usual_steps
  prep 'touch lib/rand.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch exp/expression-parser.y'
  step parser "make --trace"
  step W "make -n -W lib/zipf.c"
  step s "make -s -B t/axmap; echo status \$?"
  step s-j2 --sorted "make -s -j2 -B t/axmap; echo status \$?"
  step V "make V=1 -B t/ieee754 lib/ieee754.o"
  step test-n "make -n test; echo status \$?"
  step version-q "make -q FIO-VERSION-FILE; echo status \$?"
  prep 'touch engines/null.c os/os-linux.h'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B gettime.o"
  step install "make install $inst; echo status \$?"
  prep 'cp crc/sha1.c sha1.c.rw && echo "#error rw: broken" >> crc/sha1.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat sha1.c.rw > crc/sha1.c && rm sha1.c.rw'
  step fixed "make"
  step unknown "make -k no-such-goal all; echo status \$?"
  prep 'touch configure'
  step configure-q "make -q; echo status \$?"
  step configure-j2 --sorted "make -j2"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
  step distclean "make distclean"
}
