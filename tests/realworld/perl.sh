# Perl 5: Configure (metaconfig, not autoconf) writes config.sh, Makefile.SH
# writes a Makefile, and makedepend (run by Configure) writes `makefile`,
# which GNU make reads first: suffix rules (.c$(OBJ_EXT)), `$&` (Sun
# make's dynamic-dependency macro, empty in GNU make) in prerequisite
# lists, miniperl built first and run to generate headers, lib/Config.pm
# and the Unicode tables, then every extension under cpan/ dist/ ext/
# configured by ExtUtils::MakeMaker (Makefile.PL writes a Makefile per
# extension) and built by make_ext.pl through recursive $(MAKE) calls.
RW_PACKAGE=perl

# Compared by name only: perl.c embeds __DATE__ and __TIME__ (perl -V's
# "Compiled at"), in perl.o and perlmini.o and everything linked from them;
# mktables.lst records the time mktables ran; make_ext.pl appends each
# extension's cleaning commands to realclean.sh and veryclean.sh as it
# builds them, in the order that -j2 happened to build them.
RW_NOHASH=(./perl.o ./perlmini.o ./libperl.a ./perl ./miniperl ./lib/unicore/mktables.lst
  ./realclean.sh ./veryclean.sh './_destdir/*/bin/perl' './_destdir/*/bin/perl5*' './_destdir/*/CORE/libperl.a')

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  sh Configure -des -Dprefix=/usr/local/perl-rw -Dman1dir=none -Dman3dir=none
}

rw_steps() {
  step n-before 'make -n > n.txt; echo status $?; wc -l < n.txt; rm n.txt'
  # -Orecurse: make_ext.pl's configure steps write partial lines
  # ("Looking for clock()... found."), which -j2 would interleave; its
  # recipe lines name $(MAKE), so -Otarget would not hold their output.
  step build --sorted 'make -j2 -Orecurse'
  step noop --repeat 2 'make'
  step n-after --repeat 2 'make -n'
  step q 'make -q; echo status $?'
  step pq 'make -pq; echo status $?'
  prep 'touch pp_sys.c'
  step touch-n 'make -n'
  step touch-make 'make'
  step ext-n 'make -C dist/Data-Dumper -n; make -C dist/Data-Dumper -q; echo status $?'
  step ext-pq 'make -C cpan/Digest-MD5 -pq; echo status $?'
  step ext-touch 'touch dist/Data-Dumper/Dumper.xs && make -C dist/Data-Dumper'
  step test-base 'make test_harness TEST_FILES="base/*.t comp/parser.t" 2>&1 | grep -v "wallclock\|^Files=" | grep -v " ok$"; echo done'
  step install 'make install DESTDIR=$PWD/_destdir > install.log; echo status $?; wc -l < install.log'
  step clean 'make clean > clean.log; echo status $?'
}
