# Text::CSV_XS: a Perl module with XS code, built through the Makefile that
# ExtUtils::MakeMaker writes (perl Makefile.PL): xsubpp generating the C
# source, pm_to_blib and the blib/ tree, $(NOECHO) and $(ABSPERLRUN)
# one-liners, the Makefile rebuilt from Makefile.PL ("Please rerun the make
# command" and a failing exit), make test, install with DESTDIR, clean
# (which renames the Makefile to Makefile.old) and realclean.
RW_PACKAGE=libtext-csv-xs-perl

# make install appends to perllocal.pod a record headed with the date and
# time: compared by name only.
RW_NOHASH=('./_destdir/*/perllocal.pod')

# Test timings; -p output: see rw_normalize_db.
rw_normalize() {
  sed -E -e 's/[0-9]+ wallclock secs \(.*\)$/N wallclock secs/' | rw_normalize_db
}

rw_configure() {
  perl Makefile.PL
}

rw_steps() {
  step n-before 'make -n'
  step build 'make'
  step noop --repeat 4 'make'
  step n-after --repeat 4 'make -n'
  step q 'make -q; echo status $?'
  step pq 'make -pq; echo status $?'
  step test 'make test'
  step test-one 'make test TEST_FILES=t/10_base.t TEST_VERBOSE=1'
  prep 'touch CSV_XS.xs'
  step touch-xs-n 'make -n'
  step touch-xs 'make'
  prep 'touch CSV_XS.pm'
  step touch-pm 'make'
  step install 'make install DESTDIR=$PWD/_destdir'
  step pure-install-n 'make -n pure_install DESTDIR=$PWD/_destdir2'
  step distcheck 'make distcheck'
  prep 'touch Makefile.PL'
  step makefile-pl 'make'
  step makefile-pl-again 'make'
  step clean 'make clean'
  step reconfigure-j2 --sorted 'perl Makefile.PL && make -j2'
  step realclean 'make realclean'
}
