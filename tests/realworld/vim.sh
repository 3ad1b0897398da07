# Vim 9.0: a large hand-written src/Makefile over its own autoconf output
# (auto/config.mk is included, and rebuilt by running configure from a rule
# when configure.ac's output is older), objects under objects/ with an
# order-only directory prerequisite, generated auto/pathdef.c and
# osdef.h, the top Makefile forwarding goals to src/, and an install of
# the runtime files (thousands, through many shell loops).
RW_PACKAGE=vim

# version.c puts __DATE__ and __TIME__ into :version: its object and the
# programs linking it compared by name only.
RW_NOHASH=(./src/objects/version.o ./src/vim ./_destdir/usr/local/bin/vim)

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  ./configure --with-features=normal --enable-gui=no --without-x --disable-nls \
    --disable-canberra --disable-libsodium --with-tlib=ncurses
}

rw_steps() {
  step n-before 'make -n'
  step build --sorted 'make -j2'
  step version 'src/vim --version | sed -n "1s/ (.*//p;/^Normal version/p"'
  step noop --repeat 2 'make'
  step n-after --repeat 2 'make -n'
  step pq 'make -C src -pq; echo status $?'
  prep 'touch src/version.c'
  step touch-c 'make'
  prep 'touch src/Makefile'
  step touch-makefile 'make'
  step install --sorted 'make install DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step distclean 'make distclean'
}
