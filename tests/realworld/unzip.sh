# unzip 6.0: Info-ZIP's portable unix/Makefile, run from the top of the
# tree with `-f unix/Makefile` (no configure step): help as the default
# goal, `generic: flags` running unix/configure (which compiles test
# programs) into a flags file of variable assignments, then `eval $(MAKE)
# $(MAKEF) unzips ACONF_DEP=flags \`cat flags\`` (run under -n too, its
# flags not written yet), every object depending on flags through
# $(UNZIP_H); `.SUFFIXES: .c .o .obj .pic.o` with a `.c.pic.o` suffix
# rule (generic_shlib's objsdll), comments after prerequisites
# (`unzip$E: $(OBJS) $(LIBBZ2)  # add ...`), `-@2>&1 $(LN) unix/Makefile
# .` linking a Makefile into the top directory for the old targets that
# run a literal `make $(MAKEF) unzips CF="$(CF) -DBSD"`, clean running
# `$(MAKE) -f Makebz2.iz` in bzip2/; the check target's extraction tests,
# zipinfo, the nroff'd docs, install with prefix= (no DESTDIR), uninstall;
# -n, -q, -pq, -t, -W, --trace, -j2, -k -j2 compile error.
RW_PACKAGE=unzip
RW_ORIG=1

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  local m='make -f unix/Makefile' inst='prefix=$PWD/_destdir/usr'
  step help "$m"
  step list "$m list"
  step n-before "$m -n generic; echo status \$?"
  step build-j2 --sorted "$m -j2 generic"
  step noop --repeat 2 "$m generic"
  step q "$m -q generic; echo status \$?"
  step q-unzips "eval $m -q unzips ACONF_DEP=flags \`cat flags\`; echo status \$?"
  step n-after "$m -n generic"
  step pq "$m -pq generic; echo status \$?"
  step pq-unzips "eval $m -pq unzips ACONF_DEP=flags \`cat flags\`; echo status \$?"
  prep 'touch unzpriv.h'
  step touch-q "eval $m -q unzips ACONF_DEP=flags \`cat flags\`; echo status \$?"
  step touch-n "$m -n generic"
  step touch-trace --sorted "$m -j2 --trace generic"
  prep 'touch unix/configure'
  step flags-trace "$m --trace generic"
  step W "$m -n -W extract.c generic"
  step check "$m check; echo status \$?"
  step zipinfo "$m zipinfo; echo status \$?"
  prep 'touch man/unzip.1 man/zipgrep.1'
  step docs-q "$m -q docs; echo status \$?"
  step docs "$m docs; echo status \$?"
  prep 'touch fileio.c crypt.h'
  step t "eval $m -t unzips ACONF_DEP=flags \`cat flags\`; echo status \$?"
  step t-noop "$m generic"
  step B-one "$m -B list.o; echo status \$?"
  step install "$m install $inst; echo status \$?"
  step uninstall "$m uninstall $inst"
  prep 'cp inflate.c inflate.c.rw && echo "#error rw: broken" >> inflate.c'
  step broken "$m generic; echo status \$?"
  step broken-k-j2 --sorted "$m -k -j2 generic; echo status \$?"
  prep 'cat inflate.c.rw > inflate.c && rm inflate.c.rw'
  step fixed "$m generic"
  step unknown "$m -k no-such-goal generic; echo status \$?"
  step gcc-n "$m -n generic_gcc; echo status \$?"
  step zlib-n "$m -n generic_zlib; echo status \$?"
  step clean "$m clean"
  step generic2 "$m generic2"
  step linked-list "make list"
  step linked-q "make -q unzips; echo status \$?"
  step clean2 "make clean"
  step shlib-j2 --sorted "$m -j2 generic_shlib; echo status \$?"
  step clean3 "$m clean"
  step build-j2-O --sorted "$m -j2 -O generic"
  step clean4 "$m clean"
}
