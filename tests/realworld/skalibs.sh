# skalibs: skarnet.org's C library (the base of execline and s6), a single
# hand-written GNU Makefile over a generated package/deps.mak (every object's
# header prerequisites) and the -include'd config.mak that the sh-only
# configure writes: a recursive $(call deduprec) for the system libraries,
# $(MAKE_VERSION) checked with $(sort)/$(firstword), the shared and static
# libraries made from `.xyzzy` targets, a pattern rule with three targets
# for the installed libskarnet.so* links (lib%.so lib%.so.M lib%.so.V:
# lib%.so.xyzzy, $(*F) and $(@D)), install-* goals as substitution
# references over pattern targets under $(DESTDIR), headers generated from
# sysdeps by tools/*.sh, .DELETE_ON_ERROR, `exec` in every recipe;
# -n, -q, -pq, -t, -W, --trace, -B, -j2, -k -j2 compile error.
#
# The skalibs release Debian has is older than the one execline needs
# (execline.sh): both are taken from skarnet's repositories. Export a
# snapshot and name it in RW_SKALIBS_SRC, e.g.
#   git --git-dir=/work/.mirror/skarnet+skalibs/repo archive HEAD | tar -x -C /tmp/rw-skalibs-src
#   RW_SKALIBS_SRC=/tmp/rw-skalibs-src tests/realworld/run skalibs
# Without it the project is skipped.
RW_SOURCE_ENV=RW_SKALIBS_SRC

# -p output: see rw_normalize_db. tools/install.sh -l names its temporary
# link after its pid.
rw_normalize() {
  rw_normalize_db | sed -E 's/\.tmp\.[0-9]+/.tmp.PID/g'
}

rw_configure() {
  ./configure --prefix=/usr --enable-pkgconfig
}

rw_steps() {
  local inst='DESTDIR=$PWD/_destdir'
  rw_usual_steps
  prep 'touch src/include/skalibs/stralloc.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch sysdeps.cfg/sysdeps'
  step sysdeps-trace "make --trace"
  step W "make -n -W src/libstddjb/openb_read.c"
  prep 'touch src/libstddjb/stralloc_catb.c src/include/skalibs/buffer.h'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B src/libstddjb/stralloc_catb.o"
  step install-n "make -n install $inst"
  step install "make install $inst"
  step install-q "make -q install $inst; echo status \$?"
  prep 'rm -f _destdir/usr/lib/libskarnet.so*'
  step install-dynlib-n "make -n install-dynlib $inst"
  step install-dynlib "make install-dynlib $inst"
  step global-links-nodir "make global-links $inst exthome=/opt/skalibs home=/usr sproot=/opt; echo status \$?"
  prep 'mkdir -p _destdir/opt'
  step global-links "make global-links $inst exthome=/opt/skalibs home=/usr sproot=/opt; echo status \$?"
  step global-links-q "make -q global-links $inst exthome=/opt/skalibs home=/usr sproot=/opt; echo status \$?"
  step strip "make strip"
  step unknown "make -k no-such-goal all; echo status \$?"
  prep 'cp src/libstddjb/openb_read.c rw.c && echo "#error rw: broken" >> src/libstddjb/openb_read.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  prep 'cat rw.c > src/libstddjb/openb_read.c && rm rw.c'
  step fixed "make"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O libskarnet.a.xyzzy"
  step distclean "make distclean"
  step after-distclean "make; echo status \$?"
}
