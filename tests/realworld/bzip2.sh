# bzip2: the classic hand-written Makefile (explicit rules per object,
# `all` ending in the `test` target that compresses the samples and
# compares them, @cat banners) and Makefile-libbz2_so (used with -f, its
# `all` recipe making the shared library and a symlink); `dist` run with
# -n (it depends on `check` and on the manual, whose xsltproc rules are
# not run while the shipped manuals are newer than their sources).
RW_PACKAGE=bzip2

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step n-before 'make -n'
  step build-j2 --sorted 'make -j2'
  step noop --repeat 2 'make'
  step q 'make -q bzip2 bzip2recover; echo status $?'
  step q-all 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step so 'make -f Makefile-libbz2_so'
  step so-noop 'make -f Makefile-libbz2_so; echo status $?'
  step so-clean 'make -f Makefile-libbz2_so clean'
  step build-again 'make libbz2.a bzip2'
  prep 'touch bzlib.c'
  step touch-q 'make -q bzip2; echo status $?'
  step touch-n 'make -n'
  step touch-trace 'make --trace bzip2'
  prep 'touch compress.c'
  step t 'make -t; echo status $?'
  step t-noop 'make bzip2 bzip2recover'
  step W 'make -n -W huffman.c bzip2'
  step B 'make -B bzip2recover'
  step dist-n 'make -n dist'
  step manual-q 'make -q manual; echo status $?'
  prep 'cp decompress.c decompress.c.rw && echo "#error rw: broken" >> decompress.c'
  step broken 'make; echo status $?'
  step broken-k-j2 --sorted 'make -k -j2; echo status $?'
  prep 'cat decompress.c.rw > decompress.c && rm decompress.c.rw'
  step fixed 'make'
  step install 'make install PREFIX=$PWD/_inst'
  step clean 'make clean'
  step distclean-n 'make -n distclean'
}
