# toybox: a small Makefile wrapping shell scripts (scripts/make.sh builds
# everything), with globbed prerequisites (*.[ch] lib/*.[ch] toys/*/*.c),
# `export KCONFIG_CONFIG ?= .config`, double-colon clean:: and help:: rules
# spread over the Makefile and the included kconfig/Makefile, `.SUFFIXES:`
# emptied, a %.c: %.c_shipped pattern rule, and the generated .singlemake
# (-include'd: a rule per command, e.g. `make seq` builds it standalone and
# `make test_seq` runs its tests), target-specific `tests: ASAN=1`.
#
# toybox is no Debian source package on the test machine's mirror: export
# a snapshot of its repository and name it in RW_TOYBOX_SRC, e.g.
#   git --git-dir=/work/.mirror/landley+toybox/repo archive HEAD | tar -x -C /tmp/rw-toybox-src
#   RW_TOYBOX_SRC=/tmp/rw-toybox-src tests/realworld/run toybox
# Without it the project is skipped.
RW_SOURCE_ENV=RW_TOYBOX_SRC

# scripts/kconfig.c writes the time into .config (and single.sh into
# .singleconfig), and make.sh records $PATH (each side's make directory
# comes first) in generated/build.sh: compared by name.
RW_NOHASH=('./.config' './.singleconfig' './generated/build.sh')

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step not-configured 'make; echo status $?'
  step help 'make help'
  step defconfig 'make defconfig'
  step n-before 'make -n'
  step build 'make'
  step run './toybox echo hello; ./toybox seq 3 | ./toybox wc -l'
  step q 'make -q; echo status $?'
  step trace 'make --trace'
  step noop --repeat 2 'make'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step single-n 'make -n seq test_seq echo'
  step single 'make seq'
  step single-q 'make -q seq; echo status $?'
  step test-seq 'make test_seq'
  prep 'touch lib/lib.h'
  step touch-q 'make -q toybox seq; echo status $?'
  step touch-n 'make -n toybox seq'
  step touch-W 'make -n -W toys/posix/cat.c'
  step t 'make -t; echo status $?'
  step t-noop 'make'
  step shipped-n 'make -n kconfig/conf'
  step clean 'make clean'
  step silentoldconfig 'make silentoldconfig'
  step k-j2 --sorted 'make -k -j2 nonexistent toybox; echo status $?'
  step distclean 'make distclean'
}
