# Mbed TLS 3.6: its GNU makefiles (the top Makefile forwarding library/%,
# programs/% and tests/% through FORCE to sub-makes, scripts/common.make,
# GEN_FILES switching generated-source dependencies, static and shared
# libraries, ~80 programs each linked by a rule of its own, the test
# suites' .c files generated from .function/.data by python with -n only).
RW_PACKAGE=mbedtls
RW_ORIG=1

rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step n-before 'make -n no_test; echo status $?'
  step lib --sorted 'make -j2 lib'
  step programs --sorted 'make -j2 no_test'
  step noop 'make no_test'
  step q 'make -C library -q; echo status $?'
  step n-after 'make -n no_test'
  step pq 'make -C programs -pq; echo status $?'
  step tests-n 'make -n -C tests; echo status $?'
  prep 'touch include/mbedtls/build_info.h'
  step touch-n 'make -n no_test'
  step touch-trace 'make --trace lib'
  prep 'echo "#error injected" >> library/base64.c; echo "#error injected" >> programs/aes/crypt_and_hash.c'
  step k-fail 'make -k no_test; echo status $?'
  step k-fail-j2 --sorted 'make -k -j2 no_test; echo status $?'
  prep 'sed -i "/^#error injected/d" library/base64.c programs/aes/crypt_and_hash.c'
  step rebuild 'make no_test'
  step generated-n 'make -n generated_files GEN_FILES=1; echo status $?'
  step install 'make install DESTDIR=$PWD/_inst'
  step clean 'make clean'
}
