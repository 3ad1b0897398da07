# Emacs 28 (a partial build: dumping Emacs and compiling the Lisp files
# takes too long here): a GNUmakefile, read first, that includes the
# configured Makefile or explains how to make one, and answers `help`
# through $(filter help,$(MAKECMDGOALS)); autoconf-configured makefiles
# written for GNU make alone: gnulib's lib/ (gnulib.mk with its
# conditionals), lib-src/ (its programs, with $(foreach)-built rules), src/
# with AUTO_DEPEND dependency files included with -include from deps/,
# and the subdirectories' clean targets built by $(dirs:=_clean) pattern
# substitution. The C part (lib, lib-src, temacs) is built; the rest is
# checked with -n, -q and -p. Debian's source has no configure script:
# autogen.sh makes it, so this needs autoconf and automake (and texinfo,
# which configure requires).
RW_PACKAGE=emacs

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

# Debian's patches are applied here (the manuals that Debian's source
# leaves out are taken out of configure.ac and Makefile.in by them).
rw_configure() {
  sed -n '/^[^#]/p' debian/patches/series | while read -r p; do
    patch -p1 -s < "debian/patches/$p" || exit 1
  done &&
  ./autogen.sh autoconf && ./configure --without-all --without-x --without-native-compilation --with-gnutls=no \
    --prefix=/usr
}

rw_steps() {
  step help 'make help'
  step n-before 'make -n > n.txt 2>&1; echo status $?; wc -l < n.txt; rm n.txt'
  step q-before 'make -q; echo status $?'
  step lib --sorted 'make -j2 -C lib all'
  step lib-src --sorted 'make -j2 -C lib-src all'
  step temacs --sorted 'make -j2 -C src temacs'
  step noop --repeat 2 'make -C lib all && make -C lib-src all && make -C src temacs'
  step q 'make -C lib -q all; echo status $?; make -C src -q temacs; echo status $?'
  step n-after 'make -n 2>&1 | head -200'
  step pq 'make -pq; echo status $?'
  step pq-src 'make -C src -pq temacs; echo status $?'
  step pq-lisp 'make -C lisp -pq; echo status $?'
  prep 'touch src/buffer.h'
  step touch-n 'make -C src -n temacs'
  step touch-make --sorted 'make -j2 -C src temacs'
  step lisp-n 'make -C lisp -n compile-main 2>&1 | head -100'
  step W 'make -C src -n -W ../lib/verify.h temacs | sort'
  step install-n 'make -n install DESTDIR=$PWD/_destdir > i.txt 2>&1; echo status $?; wc -l < i.txt; rm i.txt'
  step mostlyclean 'make mostlyclean'
  step clean 'make clean'
  step distclean 'make distclean'
  step no-makefile 'make -n; echo status $?; make clean; echo status $?; make -q; echo status $?'
}
