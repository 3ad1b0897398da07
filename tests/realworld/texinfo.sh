# texinfo: a wide recursive automake tree (gnulib/lib, info, install-info
# and its tests subdirectory, po, po_document, tp with its Perl XS
# modules in tp/Texinfo/XS (a nested configure'd tree built with libtool),
# Pod-Simple-Texinfo, texindex (an awk program generated from a .w source
# through texi2any's own tangle), util, doc (Texinfo manuals built by the
# just-built texi2any through pre-inst-env), man, js), gettext's po/ and
# po_document/ Makefiles; checks in install-info/tests and texindex with
# automake's harness, single manuals remade after edits, the usual build
# with -j2, no-op, -q, -n, -pq, --trace, -t, a compile error with -k,
# install, clean, distclean.
RW_PACKAGE=texinfo

# install-info's tests run under `sh -x` with mktemp'd file names, which
# their logs show. -p output: see rw_normalize_db.
RW_NOHASH=('./install-info/tests/ii-*-test.log')
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  ./configure
}

rw_steps() {
  step n-before 'make -n'
  step build-j2 --sorted 'make -j2'
  step noop --repeat 2 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step xs-pq 'make -C tp/Texinfo/XS -pq; echo status $?'
  step doc-pq 'make -C doc -pq; echo status $?'
  step ii-check-j2 --sorted 'make -C install-info -j2 check; echo status $?'
  step texindex-check 'make -C texindex check; echo status $?'
  step check-q 'make -C install-info -q check; echo status $?'
  # A manual edited: makeinfo through the tree's own texi2any.
  prep 'echo "@c rw: an edit" >> doc/info-stnd.texi'
  step doc-n 'make -C doc -n'
  step doc 'make -C doc'
  step doc-html-n 'make -C doc -n html'
  prep 'touch info/info.h'
  step touch-q 'make -q; echo status $?'
  step touch-n 'make -C info -n'
  step touch-W 'make -C info -W session.c -n ginfo'
  step touch-trace --sorted 'make -j2 --trace'
  prep 'touch install-info/install-info.c tp/Texinfo/XS/parsetexi/parser.c'
  step t 'make -t; echo status $?'
  step t-noop 'make'
  step B 'make -C install-info -B -o Makefile ginstall-info'
  prep 'cp info/echo-area.c info/echo-area.c.rw && echo "#error rw: broken" >> info/echo-area.c'
  step broken 'make; echo status $?'
  step broken-k-j2 --sorted 'make -k -j2; echo status $?'
  prep 'cat info/echo-area.c.rw > info/echo-area.c && rm info/echo-area.c.rw'
  step fixed 'make'
  step install --sorted 'make -j2 install DESTDIR=$PWD/_destdir'
  step dist-n 'make -n dist; echo status $?'
  step clean 'make clean'
  step distclean 'make distclean'
}
