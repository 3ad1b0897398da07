# nettle 3.10: a hand-written Makefile.in family (autoconf without
# automake) built out of the tree in _build/: config.make included by every
# Makefile, the top Makefile's `all check install uninstall:` recursing
# with `$(MAKE) $@-here` then a shell loop over SUBDIRS (clean the other
# way round), x86_64 assembly objects from `%.o: %.asm` pattern rules
# through m4 over sources found with VPATH in subdirectories of the
# source tree, gcc's `-MT $@ -MD -MP -MF $@.d` files read with
# `-include $(DEP_FILES)`, headers generated into $(srcdir) by helper
# programs that a stamp rule builds with a sub-make (`$(des_headers):
# desdata.stamp`, `%$(EXEEXT_FOR_BUILD): %.c` with an empty suffix),
# shared libraries linked into .lib/ by `$(LIBNETTLE_FORLINK)` rules; the
# testsuite (its own Makefile.in with -include'd .d files, a check target
# running run-tests) and examples; -n, -q, -pq, -t, -W, --trace, -j2,
# -k -j2 compile error, install, uninstall, clean, distclean.
# Needs libgmp-dev (libhogweed).
RW_PACKAGE=nettle

# -p output: see rw_normalize_db. -B of one object remakes configure and
# reruns config.status --recheck first (the Makefile's own rules): its
# config.log holds dates and pids, autom4te.cache/requests a Perl hash dump
# in random order.
rw_normalize() {
  rw_normalize_db
}
RW_NOHASH=('./_build/config.log' './autom4te.cache/*')

rw_configure() {
  mkdir _build && cd _build && ../configure --disable-documentation
}

rw_steps() {
  local b='cd _build &&' inst='DESTDIR=$PWD/_destdir'
  rw_usual_steps "$b "
  step q-here "$b make -q all-here; echo status \$?"
  prep 'touch sha2.h'
  step touch-q "$b make -q all-here; echo status \$?"
  step touch-n "$b make -n"
  step touch-trace --sorted "$b make -j2 --trace"
  prep 'touch desdata.c'
  step desdata-trace "$b make --trace all-here"
  prep 'touch x86_64/sha256-compress-n.asm asm.m4'
  step asm "$b make all-here"
  step W "$b make -n -W ../aes-encrypt.c all-here"
  prep 'touch sha1.c nettle-types.h'
  step t "$b make -t all-here; echo status \$?"
  step t-noop "$b make all-here"
  step B-one "$b make -B sha1.o"
  step check "$b make check; echo status \$?"
  step check-q "$b make -q check; echo status \$?"
  step install "$b make install $inst"
  step uninstall "$b make uninstall $inst"
  prep 'cp md5.c md5.c.rw && echo "#error rw: broken" >> md5.c'
  step broken "$b make; echo status \$?"
  step broken-k-j2 --sorted "$b make -k -j2; echo status \$?"
  prep 'cat md5.c.rw > md5.c && rm md5.c.rw'
  step fixed "$b make"
  step unknown "$b make -k no-such-goal all-here; echo status \$?"
  step clean "$b make clean"
  step build-j2-O --sorted "$b make -j2 -O"
  step distclean "$b make distclean"
}
