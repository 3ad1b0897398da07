# flex: automake building its own scanner generator in two stages
# (stage1flex from the shipped scan.c, then src/stage1scan.c made by
# running it on scan.l, with target-specific CC/CFLAGS variables on
# $(stage1flex_OBJECTS)), skel.c made by a shell script, parse.y through
# ylwrap and bison (parse.y touched), and a test suite of about 100
# generated scanners: suffix rules with a prerequisite, `.l.c: $(FLEX)` and
# `.ll.cc: $(FLEX)` (GNU warns that it ignores the prerequisites), headers
# remade by a recursive $(MAKE) of their .c, many TEST_EXTENSIONS each
# with its own LOG_COMPILER in automake's parallel harness; the usual
# build with -j2, no-op, -q, -pq, --trace, -t, a compile error with -k,
# install, clean, distclean.
RW_PACKAGE=flex

# Debian's source is in format 1.0: its .diff.gz, applied when unpacked,
# edits configure.ac and the Makefile.am files (Debian's build reruns
# autoreconf), so automake's rules would want aclocal-1.15: the upstream
# tarball is unpacked over the tree instead.

# The mem_nr and mem_r tests log the addresses their allocator is given.
# -p output: see rw_normalize_db.
RW_NOHASH=('./tests/mem_*.log')
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  find . -mindepth 1 -maxdepth 1 -exec rm -rf {} + &&
    tar xzf "$RW_ROOT/src/$RW_PACKAGE"/flex_*.orig.tar.gz --strip-components=1 &&
    ./configure
}

# flex writes a scanner's header X.h (whose rule `X.h: X.c` remakes X.c
# through a sub-make when X.h is missing) and X.c in one run; from run to
# run the header's mtime is equal to the .c's or a few microseconds older
# (then its silent recipe runs and the test program is relinked). After
# the steps that make scanners, an older header gets its .c's mtime.
rw_headers() {
  prep 'for h in tests/*.h; do c=${h%.h}.c; if [ -f "$c" ] && [ "$c" -nt "$h" ]; then touch -r "$c" "$h"; fi; done'
}

rw_steps() {
  step n-before 'make -n'
  step build-j2 --sorted 'make -j2'
  step noop --repeat 2 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step tests-pq 'make -C tests -pq check; echo status $?'
  step check-n 'make -C tests -n check'
  step check-j2 --sorted 'make -j2 check; echo status $?'
  rw_headers
  step check-q 'make -C tests -q check; echo status $?'
  step check-again 'make -C tests check; echo status $?'
  # A scanner test's .l edited: its .c comes from the suffix rule.
  prep 'touch tests/alloc_extra.l'
  step test-l-n 'make -C tests -n check TESTS=alloc_extra'
  step test-l 'make -C tests check TESTS=alloc_extra; echo status $?'
  prep 'touch tests/bison_nr_scanner.l'
  step test-nr-trace 'make -C tests --trace bison_nr_scanner.h bison_nr_main.o'
  rw_headers
  # The grammar and the scanner edited: bison through ylwrap, and the
  # stage1 scanner remade by stage1flex.
  prep 'touch src/parse.y'
  step parse-y-n 'make -C src -n'
  step parse-y 'make -C src'
  prep 'touch src/scan.l'
  step scan-l-trace 'make -C src --trace'
  prep 'touch src/flexdef.h'
  step touch-q 'make -q; echo status $?'
  step touch-W 'make -C src -W misc.c -n flex'
  step touch-trace --sorted 'make -j2 --trace'
  prep 'touch src/misc.c'
  step t 'make -t; echo status $?'
  step t-noop 'make'
  # -B without remaking the Makefile and config.h (whose rules would run
  # aclocal-1.15 after -B has made them out of date).
  step B 'make -C src -B -o Makefile -o config.h stage1flex'
  prep 'cp src/misc.c src/misc.c.rw && echo "#error rw: broken" >> src/misc.c'
  step broken 'make; echo status $?'
  step broken-k-j2 --sorted 'make -k -j2; echo status $?'
  prep 'cat src/misc.c.rw > src/misc.c && rm src/misc.c.rw'
  step fixed 'make'
  step install --sorted 'make -j2 install DESTDIR=$PWD/_destdir'
  step dist-n 'make -n dist; echo status $?'
  step clean 'make clean'
  step distclean 'make distclean'
}
