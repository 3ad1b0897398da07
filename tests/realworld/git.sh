# git: one dense Makefile (functions, generated includes such as
# GIT-VERSION-FILE and GIT-CFLAGS, computed header dependencies) with
# recursive makes for gitk, git-gui, templates and po. No curl headers on
# the test machine: NO_CURL.
RW_PACKAGE=git

# templates/Makefile writes the date into its stamp file.
RW_NOHASH=(./templates/boilerplates.made)

# -p output: see rw_normalize_db. msgfmt's statistics (on stderr) and the
# MSGFMT lines of the two -j2 jobs share lines in any order: split them.
rw_normalize() {
  rw_normalize_db | sed -E 's/(MSGFMT +po\/[a-z_]+\.msg) +/\1\n/g; s/ +(MSGFMT)/\n\1/g' | grep -v '^$'
}

rw_configure() {
  printf 'NO_CURL = 1\n' > config.mak
}

rw_steps() {
  step n-before 'make -n'
  step build --sorted 'make -j2'
  step version './git --version'
  step noop --repeat 4 'make'
  step q --repeat 2 'make -q; echo status $?'
  step n-after --repeat 2 'make -n'
  step pq 'make -pq; echo status $?'
  step install-n 'make -n install prefix=/usr DESTDIR=$PWD/_destdir'
  prep 'touch strvec.h'
  step touch-n 'make -n'
  step touch-W 'make -W strvec.c -n strvec.o'
  step touch-o 'make -o strvec.h -n'
  step touch-sync --sorted 'make -j2 --output-sync=target'
  step touch-noop 'make'
  prep 'touch strbuf.c'
  step touch-t 'make -t; echo status $?'
  step after-t 'make'
  step k 'make -k -j2 all no-such-target; echo status $?'
  step install --sorted 'make -j2 install prefix=/usr DESTDIR=$PWD/_destdir'
  step clean 'make clean'
}
