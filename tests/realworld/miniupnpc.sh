# miniupnpc 2.2.8: the UPnP client library's hand-written GNU Makefile, in
# the tree with objects in build/: `OS = $(shell $(CC) -dumpmachine)`
# tested with `$(findstring)` in nested ifeq/ifneq (also inside recipes),
# `CC ?= gcc`/`CFLAGS ?= -O` then `+=`, sources from `$(wildcard)`, gcc
# -MM -MG dependency files made by a `$(BUILD)/%.d` pattern rule,
# depending on a generated header (`$(DEPS): $(BUILDINCLUDES)`), read
# with `-include $(DEPS)` unless `$(MAKECMDGOALS)` is clean (remade,
# then make restarts) and also prerequisites of their objects
# (`$(BUILD)/%.o: $(SRCDIR)/%.c $(BUILD)/%.d`), the archive built from
# `$?`, test programs with prerequisite lists only, linked by the built-in
# `%: %.o` rule, validate* stamp targets running `./$<`, `print-%`,
# miniupnpc.pc written by echo lines, updateversion rewriting a header
# with sed on install; -n, -q, -pq, -t, -W, --trace, -j2, -k -j2 compile
# error, install, install-static, cleaninstall, clean, distclean.
# validateminiwget (a local HTTP server) is left out.
RW_PACKAGE=miniupnpc

# -p output: see rw_normalize_db. updateminiupnpcstrings.sh works in a
# mktemp file whose name it prints; install gzips the man page, whose
# header holds the installed copy's mtime.
rw_normalize() {
  rw_normalize_db | sed -E 's#/tmp/miniupnpcstrings[A-Za-z0-9]+#/tmp/miniupnpcstringsXXXXXX#'
}
RW_NOHASH=('./_destdir/usr/share/man/man3/miniupnpc.3.gz')

rw_steps() {
  local inst='DESTDIR=$PWD/_destdir'
  local checks='validateminixml validateupnpreplyparse validateportlistingparse validateigddescparse validateaddr_is_reserved'
  rw_usual_steps
  step print "make print-OS print-LIBOBJS print-CFLAGS print-SONAME"
  prep 'touch include/miniupnpc.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch VERSION'
  step version "make --trace"
  step W "make -n -W src/minixml.c"
  prep 'touch src/upnpcommands.c'
  step dep-q "make -q build/upnpcommands.d; echo status \$?"
  step dep-trace "make --trace build/upnpcommands.o"
  step rm-dep "rm build/minisoap.d && make"
  step everything-j2 --sorted "make -j2 everything"
  step check "make $checks; echo status \$?"
  step check-again "make $checks; echo status \$?"
  step check-n "make -n check; echo status \$?"
  prep 'touch src/receivedata.c include/portlistingparse.h'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B build/upnperrors.o"
  step install "make install $inst"
  step install-static "make install-static DESTDIR=\$PWD/_destdir2"
  step cleaninstall "make cleaninstall $inst"
  prep 'cp src/minisoap.c minisoap.c.rw && echo "#error rw: broken" >> src/minisoap.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat minisoap.c.rw > src/minisoap.c && rm minisoap.c.rw'
  step fixed "make"
  step unknown "make -k no-such-goal all; echo status \$?"
  step clean "make clean"
  step depend "make depend"
  step build-j2-O --sorted "make -j2 -O"
  step distclean "make distclean"
}
