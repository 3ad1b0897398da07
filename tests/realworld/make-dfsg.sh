# GNU make's own source (Debian's make-dfsg): automake with `.deps` includes,
# configured and built in a VPATH subdirectory (mkdir build && cd build &&
# ../configure && make).
RW_PACKAGE=make-dfsg

rw_configure() {
  # Debian's package drops the manual (doc/): configure still expects its
  # Makefile, and the top Makefile installs doc/make.1.
  mkdir -p doc && printf 'all:\ninstall:\nclean:\ndistclean:\ncheck:\n' > doc/Makefile.in
  printf '.TH MAKE 1\n.SH NAME\nmake\n' > doc/make.1
  mkdir build && cd build && ../configure
}

rw_steps() {
  step n-before 'cd build && make -n'
  step build 'cd build && make'
  step version 'build/make --version | head -1'
  step n-after --repeat 4 'cd build && make -n'
  step q --repeat 4 'cd build && make -q'
  step noop --repeat 4 'cd build && make'
  prep 'touch src/filedef.h'
  step touch-n --repeat 4 'cd build && make -n'
  step touch-make 'cd build && make'
  step install 'cd build && make install DESTDIR=$PWD/../_destdir'
  step clean 'cd build && make clean'
  step build-j2 --sorted 'cd build && make -j2'
  step distclean 'cd build && make distclean'
}
