# mandoc 1.14.6 (Debian's mdocml): a hand-written Makefile for both BSD
# make and GNU make, configured by mandoc's own ./configure (no autoconf:
# it writes config.h and Makefile.local, pulled in with `include`, and
# Makefile.depend is included too); `.SUFFIXES:` listing double suffixes
# (.1.html, .h.html) with `.1.1.html` style suffix rules turning the
# manuals into HTML with the just-built ./mandoc (the www target; the
# .h.html pages need highlight, usually missing), a
# `$(WWW_MANS) $(WWW_INCS): mandoc` rule, `Makefile.local config.h:
# configure ...` with `@exit 1`, base-install `cd $(DESTDIR)$(BINDIR) &&
# $(LN) ...`, `${BIN_FROM_SBIN}` beside `$(...)`, .PHONY lists. -n, -q,
# -pq, -r, -t, -W, --trace, -j2, -B, install with DESTDIR, www, -k -j2
# compile error, the out-of-date configure message, clean, distclean.
RW_PACKAGE=mandoc

rw_configure() {
  printf 'PREFIX=/usr\nMANDIR=/usr/share/man\n' > configure.local
  ./configure
}

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  rw_usual_steps
  prep 'touch mandoc.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch roff_int.h'
  step roff-h "make --trace"
  step W "make -n -W mdoc_validate.c"
  # highlight (for the .h.html pages) is usually not installed; without
  # -k, whether "Waiting for unfinished jobs...." follows its failure
  # depends on whether a ./mandoc job is still running (for either make).
  step www-j2-k --sorted "make -j2 -k www; echo status \$?"
  step www-q "make -q www; echo status \$?"
  step one-html "rm -f mandoc.1.html && make mandoc.1.html man.1.html"
  step h-html-n "make -n mandoc.h.html; echo status \$?"
  step regress-n "make -n regress; echo status \$?"
  step depend-n "make -n depend; echo status \$?"
  step dist-n "make -n dist; echo status \$?"
  prep 'touch tbl.c eqn.c'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B mansearch.o soelim"
  step install "make install DESTDIR=\$PWD/_destdir"
  step lib-install "make lib-install DESTDIR=\$PWD/_destdir; echo status \$?"
  step uninstall "make uninstall DESTDIR=\$PWD/_destdir; echo status \$?"
  prep 'cp man_term.c man_term.c.rw && echo "#error rw: broken" >> man_term.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat man_term.c.rw > man_term.c && rm man_term.c.rw'
  step fixed "make"
  # -r: only the Makefile's own .SUFFIXES lines (.1 .1.html ... .h.html);
  # -W, not -B (which would remake Makefile.local through its `@exit 1`).
  step r-n "make -r -n -W mandoc.1 -W soelim.c mandoc.1.html soelim.o; echo status \$?"
  step unknown "make -k no-such-goal all; echo status \$?"
  prep 'touch configure'
  step configure-stale "make; echo status \$?"
  step configure-stale-k "make -k mandoc; echo status \$?"
  prep 'touch Makefile.local config.h'
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
  step distclean "make distclean; ls config.* Makefile.*"
}
