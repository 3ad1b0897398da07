# execline: skarnet.org's scripting language, built against skalibs
# (skalibs.sh) with the same hand-written GNU Makefile family, here with
# $(foreach)/$(eval $(call ...)) templates: library_definition (a define
# with its own pattern-free rules and $$ escapes), binary_installation_rule
# and symlink_installation_rule with $$$$ shell variables, a recursive
# $(call uniq); `-lskarnet` prerequisites of the programs in
# package/deps.mak found through directory search for libraries (-lNAME
# with .LIBPATTERNS and the vpath lines config.mak writes; an explicit
# `-lskarnet:` rule with $(error) when not found), target-specific
# EXTRA_LIBS, one recipe for $(ALL_BINS) $(TEST_BINS) over $^, lib%.a.xyzzy
# pattern rule without prerequisites (the deps come from deps.mak; static
# libraries only, skalibs being built static), the multicall variant
# (MULTICALL=1: generated source, symlink rules) with -n and -pq; -n, -q,
# -pq, -t, -W, --trace, -B, -j2, check, install, -k -j2 compile error.
#
# Neither execline nor a skalibs recent enough for it is in Debian: export
# snapshots of both repositories and name them in RW_EXECLINE_SRC and
# RW_SKALIBS_SRC (skalibs is built with the reference make when the tree is
# configured, in _skalibs, and installed in _sk, both left out of the
# comparison), e.g.
#   git --git-dir=/work/.mirror/skarnet+execline/repo archive HEAD | tar -x -C /tmp/rw-execline-src
#   git --git-dir=/work/.mirror/skarnet+skalibs/repo archive HEAD | tar -x -C /tmp/rw-skalibs-src
#   RW_EXECLINE_SRC=/tmp/rw-execline-src RW_SKALIBS_SRC=/tmp/rw-skalibs-src tests/realworld/run execline
# Without them the project is skipped.
RW_SOURCE_ENV=RW_EXECLINE_SRC
RW_EXCLUDE=('./_skalibs' './_sk')

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  [[ -d "${RW_SKALIBS_SRC:-}" ]] || { echo "set RW_SKALIBS_SRC to a skalibs source tree" >&2; return 1; }
  cp -a "$RW_SKALIBS_SRC" _skalibs &&
  (cd _skalibs && ./configure --prefix=/ --disable-shared && make -j2 &&
    make install-lib install-include install-sysdeps DESTDIR="$PWD/../_sk") &&
  ./configure --enable-pkgconfig --with-sysdeps=_sk/lib/skalibs/sysdeps \
    --with-include=_sk/include --with-lib=_sk/lib
}

rw_steps() {
  local inst='DESTDIR=$PWD/_destdir'
  rw_usual_steps
  prep 'touch src/include/execline/execline.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch _sk/lib/libskarnet.a'
  step lib-trace "make --trace"
  step W "make -n -W src/execline/execlineb.c"
  prep 'touch src/execline/forx.c src/libexecline/el_popenv.c'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B ifte"
  step multicall-n "make -n MULTICALL=1; echo status \$?"
  step multicall-pq "make -pq MULTICALL=1; echo status \$?"
  step tests "make tests; echo status \$?"
  step check "make check; echo status \$?"
  step install-n "make -n install $inst"
  step install "make install $inst"
  step install-q "make -q install $inst; echo status \$?"
  prep 'rm -f _destdir/bin/cd _destdir/bin/execline-cd _destdir/lib/libexecline.a'
  step install-symlinks "make install-symlinks install-lib $inst"
  step strip "make strip"
  step no-skalibs "make -n execlineb .LIBPATTERNS=lib%.none; echo status \$?"
  step unknown "make -k no-such-goal all; echo status \$?"
  prep 'cp src/execline/forx.c rw.c && echo "#error rw: broken" >> src/execline/forx.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat rw.c > src/execline/forx.c && rm rw.c'
  step fixed "make"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
  step distclean "make distclean"
  step after-distclean "make; echo status \$?"
}
