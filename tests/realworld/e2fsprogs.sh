# e2fsprogs: autoconf without automake: MCONFIG and hand-written Makefile.in
# files, recursive make through all-libs-recursive/all-progs-recursive loops
# over SUBDIRS, suffix rules (.c.o with $(E)/$(Q) quiet echoes), generated
# sources (the compile_et error tables, subst, gen_crc32ctable), "make
# depend" editing Makefiles in place, and the static/shared/profiled library
# variants of lib/Makefile.library.
RW_PACKAGE=e2fsprogs
RW_ORIG=1

# -B remakes the Makefiles, rerunning configure (config.status --recheck),
# whose config.log holds PATH (each make's own bin directory) and dates.
RW_NOHASH=(./config.log)

rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  ./configure --prefix="$PWD/_inst" --disable-nls --disable-fuse2fs
}

rw_steps() {
  step n-before 'make -n; echo status $?'
  step libs --sorted 'make -j2 libs'
  step build --sorted 'make -j2'
  step noop 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step pq-ext2fs 'make -C lib/ext2fs -pq; echo status $?'
  prep 'touch lib/ext2fs/ext2fs.h'
  step touch-n 'make -n'
  step touch-trace 'make --trace'
  prep 'echo "#error injected" >> lib/ext2fs/bitmaps.c; echo "#error injected" >> misc/chattr.c'
  step k-fail 'make -k; echo status $?'
  step k-fail-j2 --sorted 'make -k -j2; echo status $?'
  prep 'sed -i "/^#error injected/d" lib/ext2fs/bitmaps.c misc/chattr.c'
  step rebuild 'make V=1'
  step shuffle-n 'make -n -B --shuffle=reverse -C lib/ext2fs'
  step W-n 'make -n -W lib/ext2fs/ext2fs.h'
  step touch-t 'make -t; echo status $?'
  step osync --sorted 'make -j2 -Otarget -B -C misc'
  step check-n 'make -n check; echo status $?'
  step install 'make install'
  step clean 'make clean'
  step distclean 'make distclean'
}
