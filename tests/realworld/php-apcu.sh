# php-apcu: a PHP extension (APCu 5.1.22, from Debian's php-apcu source)
# built the PECL way: phpize copies PHP's build/ files and writes
# configure, whose Makefile is assembled from Makefile.global, the
# extension's Makefile.frag and per-object libtool rules (.lo objects,
# $(LIBTOOL) --mode=compile, the module linked in .libs and copied to
# modules/), with run-tests.php behind `make test` and INSTALL_ROOT for
# install. Needs php-dev.
RW_PACKAGE=php-apcu

# php_apc.c puts __DATE__ and __TIME__ in phpinfo()'s table: its object
# and the module are compared by name only.
RW_NOHASH=('*/php_apc.o' '*/apcu.so')

# run-tests.php prints the host, the date and the time the tests took.
rw_normalize() {
  sed -E -e 's/^(PHP_OS *: Linux - Linux) .*/\1 HOST/' \
    -e 's/^(Date|Started at|Ended at|Time taken) *:.*/\1: X/' \
    -e 's/\(([0-9.]+ s|[0-9]+ ms)\)$//' | rw_normalize_db
}

rw_configure() {
  cd apcu-5.1.22 && phpize && ./configure
}

rw_steps() {
  local d='cd apcu-5.1.22 && '
  step n-before "$d"'make -n'
  step build "$d"'make'
  step noop --repeat 4 "$d"'make'
  step n-after --repeat 4 "$d"'make -n'
  step q "$d"'make -q; echo status $?'
  step pq "$d"'make -pq; echo status $?'
  prep 'touch apcu-5.1.22/apc_cache.h'
  step touch-n "$d"'make -n'
  step touch-make "$d"'make'
  step test "$d"'make test NO_INTERACTION=1 TESTS="tests/apc_001.phpt tests/apc_002.phpt tests/apc_004.phpt"'
  step install "$d"'make install INSTALL_ROOT=$PWD/_destdir'
  step clean "$d"'make clean'
  step build-j2 --sorted "$d"'make -j2'
  step distclean "$d"'make distclean'
}
