# glibc: configured out of tree (_build; glibc refuses to build in its
# source directory). The build directory's Makefile passes every goal on as
# `$(MAKE) -r -C $(srcdir) objdir=$PWD GOAL` (`all .DEFAULT:`); the
# top-level Makefile then reads Makeconfig and Makerules, which remake the
# generated makefiles (sysd-dirs, sysd-rules, sysd-sorted, ...) with real
# commands even under -n and -q, restarting make three times, and run each
# subdirectory as `$(MAKE) subdir=DIR -C DIR ..=../ TARGET`. A full build
# takes too long here: the checks are -n, -k -n (every subdirectory; also
# with -j2, whose sub-makes' lines interleave: compared sorted), -q,
# -pq, and real builds of a few subdirectories' objects (DIR/subdir_lib),
# rebuilt after touching a header, plus install-headers into a DESTDIR.
# The upstream tarball has no manual/ (Debian removes it), so whatever
# walks every subdirectory stops there: those steps run with -k.
RW_PACKAGE=glibc
# Only the upstream tarball is used (Debian's patches are not applied and
# the mirror may lack debian/).
RW_ORIG=1

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir _build && cd _build && ../configure --prefix=/usr --disable-werror
}

# A generated header X.h has the rule `X.h: X.stmp; @:`, and X.stmp's
# recipe moves a new X.h into place only if it changed, then touches
# X.stmp. When both get the same mtime (the kernel's file times are coarse)
# X.h is up to date, otherwise its `@:` runs: under -n it prints `:` and
# every object depending on X.h is listed as rebuilt, under -q the status
# is 1. Which happens depends on the clock for either make, so after each
# real build every .stmp is touched: the headers are then always older.
stamps='find _build -name "*.stmp" -exec touch {} +'

rw_steps() {
  step help 'cd _build && make help'
  step n 'cd _build && make -n; echo status $?'
  step kn 'cd _build && make -k -n; echo status $?'
  step kn-j2 --sorted 'cd _build && make -k -n -j2; echo status $?'
  step q 'cd _build && make -q; echo status $?'
  step pq 'cd _build && make -pq; echo status $?'
  # Two sub-makes' data bases under -n: nss (vpath-found sources that are
  # also static pattern prerequisites) and csu's others (prerequisites of
  # pattern rules sharing a slot in the table of files). The whole tree's
  # `make -k -n -p` (3.3 million lines, 237 MB) is identical too.
  step pn-subdirs 'cd _build && make -n -p nss/subdir_lib csu/others; echo status $?'
  step wctype 'cd _build && make wctype/subdir_lib'
  prep "$stamps"
  step wctype-noop --repeat 2 'cd _build && make wctype/subdir_lib'
  step wctype-q 'cd _build && make -q wctype/subdir_lib; echo status $?'
  prep 'touch wctype/wctype.h'
  step wctype-touch-n 'cd _build && make -n wctype/subdir_lib'
  step wctype-touch 'cd _build && make wctype/subdir_lib'
  prep "$stamps"
  step csu-j2 --sorted 'cd _build && make -j2 csu/subdir_lib'
  prep "$stamps"
  step csu-noop-j2 --sorted 'cd _build && make -j2 csu/subdir_lib'
  step assert-pq 'cd _build && make -pq assert/subdir_lib; echo status $?'
  step install-headers 'cd _build && make -k install-headers install_root=$PWD/_dest; echo status $?'
  prep "$stamps"
  step kn-after --repeat 2 'cd _build && make -k -n; echo status $?'
  # `make clean` would take minutes: each subdirectory's clean removes and
  # regenerates libc-modules.h and sysd-syscalls (make-syscalls.sh). One
  # subdirectory's clean:
  step wctype-clean 'cd _build && make wctype/subdir_clean'
}
