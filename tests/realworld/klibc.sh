# klibc: an early copy of the Linux Kbuild (scripts/Kbuild.include's
# if_changed and .cmd files, Kbuild.klibc, the fixdep-less dependency
# handling), run out of tree the way Debian builds it: -C build -f
# $PWD/Makefile KBUILD_SRC=$PWD, with the kernel's UAPI headers linked
# from /usr/include.
RW_PACKAGE=klibc
RW_ORIG=1

rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir -p build/linux/include
  for x in /usr/include/linux /usr/include/asm-generic /usr/include/x86_64-linux-gnu/asm; do
    ln -s "$x" build/linux/include || exit
  done
}

K='-C build -f $PWD/Makefile KBUILD_SRC=$PWD ARCH=x86_64 INSTALLROOT=$PWD/_inst'

rw_steps() {
  step n-before "make $K -n all; echo status \$?"
  step build --sorted "make $K -j2 all"
  step noop "make $K all"
  step q "make $K -q all; echo status \$?"
  step n-after "make $K -n all"
  step pq "make $K -pq all; echo status \$?"
  step trace-v "make $K --trace KBUILD_VERBOSE=1 all"
  prep 'touch usr/include/string.h'
  step touch-n "make $K -n all"
  step touch-build --sorted "make $K -j2 all"
  prep 'echo "#error injected" >> usr/klibc/strlen.c; echo "#error injected" >> usr/utils/cat.c'
  step k-fail "make $K -k all; echo status \$?"
  step k-fail-j2 --sorted "make $K -k -j2 all; echo status \$?"
  prep 'sed -i "/^#error injected/d" usr/klibc/strlen.c usr/utils/cat.c'
  step rebuild "make $K all"
  step test-n "make $K -n test; echo status \$?"
  step install "make $K install"
  step help "make $K help"
  step clean "make $K clean"
  step mrproper "make $K mrproper"
}
