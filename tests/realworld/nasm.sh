# nasm: a hand-written Makefile.in (configure substitutes it) with every
# suffix rule behind an emptied `.SUFFIXES:`, `.SECONDARY:` and
# `.DELETE_ON_ERROR:` with no prerequisites (at the end of the makefile),
# `all` re-invoking $(MAKE) for the programs after `dirs`, Perl-generated
# sources, the warnings pipeline (asm/warnings.time made by an empty
# recipe that runs $(MAKE) on the *.time stamps, each header made by a
# `@: Side effect` rule on its stamp), perlbreq.si from an immediate
# $(shell find) of every Perl file, nasm.spec, Makefile.dep from mkdep.pl,
# the Makefile's own rule through config.status; -n, -q, -pq, -t, -W,
# --trace, -B (stopped by the makefile's own remake failing), a compile error with -k -j2, install, strip, clean,
# distclean, spotless; doc (needs asciidoc and friends) with -n only.
RW_PACKAGE=nasm

# -p output: see rw_normalize_db.
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
  prep 'touch include/nasm.h'
  step touch-q 'make -q nasm ndisasm; echo status $?'
  step touch-n 'make -n'
  step touch-trace --sorted 'make -j2 --trace'
  # A data file: the Perl-generated x86 tables are remade.
  prep 'touch x86/insns.dat'
  step insns-trace 'make --trace'
  prep 'touch asm/preproc.c'
  step warnings 'make warnings'
  step warnings-again 'make warnings'
  # No -n (nor -t) while a C file of $(WARNSRCS) is newer than
  # asm/warnings.time: its recipe's $(MAKE) runs anyway, and the sub-make
  # finds asm/warnings.time still out of date and runs that recipe again,
  # forever (GNU make as rmake): the steps below touch headers only.
  step W 'make -n -W disasm/ndisasm.c ndisasm'
  prep 'touch include/nasmlib.h'
  step t 'make -t; echo status $?'
  step t-noop 'make'
  step spec 'make spec'
  step spec-again 'make spec; echo status $?'
  step dep 'make dep'
  step doc-n 'make -n doc; echo status $?'
  step everything-n 'make -n everything; echo status $?'
  step test 'make test >/dev/null 2>test.err; echo status $?; sort test.err | uniq -c | sort -rn | head -5'
  # -B remakes the makefile first: configure through autogen.sh, which
  # fails (no automake on the test machine), and make stops there.
  step B 'make -B ndisasm'
  prep 'touch Makefile.in'
  step remake-makefile 'make; echo status $?'
  prep 'cp asm/parser.c asm/parser.c.rw && echo "#error rw: broken" >> asm/parser.c'
  step broken 'make; echo status $?'
  step broken-k-j2 --sorted 'make -k -j2 nasm ndisasm; echo status $?'
  prep 'cat asm/parser.c.rw > asm/parser.c && rm asm/parser.c.rw'
  step fixed 'make'
  step install 'make install prefix=$PWD/_destdir'
  step strip 'make strip'
  step clean 'make clean'
  step build-j2-O --sorted 'make -j2 -O'
  step spotless-n 'make -n spotless; echo status $?'
  step distclean 'make distclean'
}
