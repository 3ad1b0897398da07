# FreeType 2: its GNU make build system (builds/toplevel.mk, which the top
# Makefile includes; the configure wrapper runs `make setup unix`, whose
# detection includes builds/unix/detect.mk and runs builds/unix/configure),
# modules.cfg read through $(eval)-free include chains, the objs/ and
# libtool rules of builds/freetype.mk, builds/modules.mk writing
# ftmodule.h, and the apinames host tool.
RW_PACKAGE=freetype
RW_ORIG=1

rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  ./configure --prefix="$PWD/_inst" --without-harfbuzz --without-brotli --without-png
}

rw_steps() {
  step n-before 'make -n'
  step q-before 'make -q; echo status $?'
  step pq-before 'make -pq; echo status $?'
  step build-part 'make $PWD/objs/ftsystem.lo $PWD/objs/ftinit.lo $PWD/objs/autofit.lo'
  step build-trace --sorted 'make -j2 --trace'
  step noop 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  prep 'touch include/freetype/freetype.h'
  step touch-n 'make -n'
  step touch-build --sorted 'make -j2'
  prep 'echo "#error injected" >> src/truetype/truetype.c'
  step k-fail 'make -k; echo status $?'
  step k-fail-j2 --sorted 'make -k -j2; echo status $?'
  prep 'sed -i "/^#error injected/d" src/truetype/truetype.c'
  step refdoc-n 'make -n refdoc'
  step install 'make install'
  step clean 'make clean'
  step distclean 'make distclean'
}
