# xz-utils: automake, libtool, recursive make (sequential and -j2).
RW_PACKAGE=xz-utils

rw_configure() {
  ./configure
}

rw_steps() {
  step n-before 'make -n'
  step build 'make'
  step n-after --repeat 4 'make -n'
  step q --repeat 4 'make -q'
  step noop --repeat 4 'make'
  prep 'touch src/liblzma/common/common.h'
  step touch-n --repeat 4 'make -n'
  step touch-make 'make'
  step check 'make check'
  step install 'make install DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step build-j2 --sorted 'make -j2'
  step distclean 'make distclean'
}
