# figlet 2.2.5: a tiny hand-written Makefile in the tree: a `.c.o` suffix
# rule with `-o $*.o $<` and quoted -D strings, every object depending on
# Makefile through a multi-target prerequisite line (`$(OBJS) chkfont.o
# getopt.o: Makefile`), scripts listed in `all` with no rule (figlist,
# showfigfonts), check's run-tests.sh, vercheck, dist (tar and gzip, then
# a literal `(cd $(DIST); make all check vercheck)` in the unpacked copy);
# -n, -q, -pq, -t, -W, --trace, -j2, -k -j2 and -i compile error,
# --eval, MAKEFLAGS from the environment, install, clean.
RW_PACKAGE=figlet

# -p output: see rw_normalize_db. dist's `ls -l` shows the tarball's date
# and size (tar stores the files' mtimes): dates and sizes masked, the
# tarball compared by name.
rw_normalize() {
  case "${name-}" in
    dist) sed -E 's/^(-[rwx-]+) +[0-9]+ +[a-z]+ +[a-z]+ +[0-9]+ .* (figlet-)/\1 N \2/' ;;
    *) rw_normalize_db ;;
  esac
}
RW_NOHASH=('./figlet-2.2.5.tar.gz' './tests.log')

rw_steps() {
  local inst='DESTDIR=$PWD/_destdir prefix=/usr'
  rw_usual_steps
  prep 'touch zipio.h'
  step touch-q "make -q; echo status \$?"
  step touch-n "make -n"
  step touch-trace --sorted "make -j2 --trace"
  prep 'touch Makefile'
  step makefile "make --trace"
  step W "make -n -W crc.c"
  step check "make check; echo status \$?"
  step vercheck "make vercheck; echo status \$?"
  step getopt "make getopt.o"
  prep 'touch figlet.c inflate.h'
  step t "make -t; echo status \$?"
  step t-noop "make"
  step B-one "make -B chkfont"
  step install "make install $inst"
  prep 'cp utf8.c utf8.c.rw && echo "#error rw: broken" >> utf8.c'
  step broken "make; echo status \$?"
  step broken-k-j2 --sorted "make -k -j2; echo status \$?"
  step broken-i "make -i; echo status \$?"
  prep 'cat utf8.c.rw > utf8.c && rm utf8.c.rw'
  step fixed "make"
  step eval "make --eval='\$(info CC=\$(CC) OBJS=\$(OBJS))' -q; echo status \$?"
  step makeflags-env "MAKEFLAGS='-s DEFAULTFONTDIR=fonts' make -B figlet.o -w; echo status \$?"
  step unknown "make -k no-such-goal all; echo status \$?"
  step dist "make dist; echo status \$?"
  step clean "make clean"
  step build-j2-O --sorted "make -j2 -O"
  step clean2 "make clean"
}
