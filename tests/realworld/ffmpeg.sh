# FFmpeg 7.1: its own configure (out of tree, in build/: vpath %.c to the
# sources), one non-recursive Makefile including each library's Makefile
# through ffbuild/common.mk and library.mak (foreach/eval/call templates,
# $(OBJS:%=...) lists, .d files from the compiler), quiet "CC x.o" echoes
# with V=1 for the full commands. A minimal configuration
# (--disable-everything: the libraries' cores and the three programs).
RW_PACKAGE=ffmpeg

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir build && cd build &&
    ../configure --disable-everything --disable-x86asm --disable-doc --disable-autodetect \
      --enable-small --prefix=/usr
}

rw_steps() {
  step n-before 'cd build && make -n'
  step n-V 'cd build && make -n V=1 libavutil/libavutil.a'
  step build --sorted 'cd build && make -j2'
  step version 'build/ffmpeg -version | head -1'
  step noop --repeat 4 'cd build && make'
  step q --repeat 2 'cd build && make -q; echo status $?'
  step n-after --repeat 2 'cd build && make -n'
  step pq 'cd build && make -pq; echo status $?'
  prep 'touch libavutil/mem.c'
  step touch-q 'cd build && make -q; echo status $?'
  step touch-n 'cd build && make -n'
  step touch-build 'cd build && make'
  prep 'touch libavcodec/codec_id.h'
  step touch-h-n 'cd build && make -n V=1'
  step touch-h-sync --sorted 'cd build && make -j2 -Otarget'
  step touch-noop 'cd build && make'
  step fate-list 'cd build && make fate-list | head -20'
  step checkheaders-n 'cd build && make -n checkheaders | tail -5'
  step install --sorted 'cd build && make -j2 install DESTDIR=$PWD/_destdir'
  step uninstall-n 'cd build && make -n uninstall DESTDIR=$PWD/_destdir'
  step clean 'cd build && make clean'
  step distclean 'cd build && make distclean'
}
