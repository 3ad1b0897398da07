# htop 3.4.1: one non-recursive Makefile.am (subdir-objects, the platform's
# sources chosen by automake conditionals) regenerated with autoreconf
# (Debian's tarball has no configure) and built in the tree: Makefile.am's
# own targets re-invoking `$(MAKE) all` with automake variables
# overridden on the command line (profile, coverage: AM_CPPFLAGS and
# AM_LDFLAGS; debug: CFLAGS rewritten through a backquoted printf|sed of
# $(CFLAGS) with $$ and `#` inside the recipe), `target` echoing the
# sources, the Makefile rebuilt by config.status after a Makefile.am
# change (am--refresh through automake), std-options installcheck, dist
# with the dist-hook's grep of the distributed configure; -n, -q, -pq, -t,
# -W, --trace, V=1, -k -j2 compile error, install, uninstall, clean,
# distclean, -B of one object (which remakes the autotools chain first).
# Needs autoconf, automake and libncurses-dev.
RW_PACKAGE=htop
RW_ORIG=1

# -p output: see rw_normalize_db. The dist tarball holds the files'
# mtimes; -B reruns the autotools chain, whose config.log holds dates and
# pids and autom4te.cache/requests a Perl hash dump in random order.
rw_normalize() {
  rw_normalize_db
}
RW_NOHASH=('./htop-*.tar.*' './config.log' './autom4te.cache/*')

rw_configure() {
  autoreconf -fi && ./configure --disable-unwind --disable-hwloc
}

rw_steps() {
  local inst='DESTDIR=$PWD/_destdir'
  rw_usual_steps
  step target "make target"
  prep 'touch Process.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch htop.c linux/LinuxProcess.c'
  step V "make V=1"
  step W "make -n -W Meter.c"
  step debug-n "make -n debug"
  step debug "make debug; echo status \$?"
  step profile-n "make -n profile"
  step coverage-n "make -n coverage"
  prep 'touch CRT.c Settings.h'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B linux/LinuxMachine.o"
  step install "make install $inst"
  step installcheck "make installcheck $inst; echo status \$?"
  step uninstall "make uninstall $inst"
  prep 'cp Panel.c Panel.c.rw && echo "#error rw: broken" >> Panel.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat Panel.c.rw > Panel.c && rm Panel.c.rw'
  step fixed "make"
  prep 'touch Makefile.am'
  step remake-makefile "make; echo status \$?"
  step dist "make dist; echo status \$?"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
  step distclean "make distclean"
}
