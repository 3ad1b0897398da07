# LZ4: hand-written GNU makefiles sharing Makefile.inc (platform probing
# through $(shell uname) and $(CC) -dumpmachine), lib/ building static and
# shared libraries with version-numbered links, programs/ and examples/
# through sub-makes, the top `list` target parsing `make -pRrq`.
RW_PACKAGE=lz4
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
  step n-after 'make -n all'
  step pq 'make -C programs -pq; echo status $?'
  prep 'touch lib/lz4.h'
  step touch-n 'make -n'
  step touch-trace 'make --trace'
  prep 'echo "#error injected" >> lib/lz4hc.c; echo "#error injected" >> programs/bench.c'
  step k-fail 'make -k; echo status $?'
  step k-fail-j2 --sorted 'make -k -j2; echo status $?'
  prep 'sed -i "/^#error injected/d" lib/lz4hc.c programs/bench.c'
  step examples --sorted 'make -j2 examples'
  step shuffle 'make -B --shuffle=reverse -C programs lz4'
  step install 'make install PREFIX=$PWD/_inst'
  step clean 'make clean'
}
