# Zstandard: hand-written GNU makefiles (lib/libzstd.mk shared by lib/ and
# programs/; objects in obj/conf_<hash of the flags>/ through a sub-make
# with BUILD_DIR; .d files as prerequisites with an empty pattern rule;
# $(shell) hashing the binaries to decide a copy; the top `list` target,
# which parses `$(MAKE) -pRrq -f Makefile :` with awk).
RW_PACKAGE=libzstd
RW_ORIG=1

rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step list 'make list'
  step n-before 'make -n; echo status $?'
  step build --sorted 'make -j2'
  step noop 'make'
  step q 'make -C lib -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -C programs -pq; echo status $?'
  step trace-n 'make -n --trace'
  prep 'touch lib/common/zstd_internal.h'
  step touch-n 'make -n'
  step touch-build --sorted 'make -j2'
  prep 'echo "#error injected" >> lib/common/xxhash.c; echo "#error injected" >> programs/util.c'
  step k-fail 'make -k; echo status $?'
  step k-fail-j2 --sorted 'make -k -j2; echo status $?'
  prep 'sed -i "/^#error injected/d" lib/common/xxhash.c programs/util.c'
  step rebuild 'make V=1'
  step zstd-small 'make -C programs zstd-small; echo status $?'
  step pc 'make -C lib libzstd.pc PREFIX=/usr'
  step shuffle-n 'make -n -B --shuffle=reverse -C programs'
  step install 'make install PREFIX=$PWD/_inst'
  step clean 'make clean'
}
