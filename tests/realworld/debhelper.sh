# debhelper: Debian's packaging of Text::CSV_XS built through its
# debian/rules, a makefile run as a script (`%: dh $@` plus an override
# target). dh finds which override_ targets the rules define by parsing
# `make -Rrnpsf debian/rules debhelper-fail-me` (the -p data base), runs
# them with `make -f debian/rules`, and its dh_auto_* helpers run the
# MakeMaker Makefile with make (a second build runs the sequence again,
# the MakeMaker build then up to date). The rules are run as
# `make -f debian/rules`: run as a script, their `#!/usr/bin/make -f` line
# would start the system's make on both sides.
# Needs debhelper and fakeroot.
RW_PACKAGE=libtext-csv-xs-perl

# Test timings and the addresses of Perl references that the verbose tests
# print; -p output: see rw_normalize_db.
rw_normalize() {
  sed -E -e 's/[0-9]+ wallclock secs \(.*\)$/N wallclock secs/' \
    -e 's/(ARRAY|HASH|SCALAR|CODE)\(0x[0-9a-f]+\)/\1(0xADDR)/g' | rw_normalize_db
}

rw_steps() {
  step rules-n 'make -f debian/rules -n build'
  step rules-p 'make -Rrnpsf debian/rules debhelper-fail-me; echo status $?'
  step dh-no-act 'dh build --no-act'
  step build 'make -f debian/rules build'
  step build-again 'make -f debian/rules build'
  step binary 'fakeroot make -f debian/rules binary && mkdir -p _debs && mv ../*.deb _debs/'
  step contents 'dpkg-deb -c _debs/*.deb | awk "{print \$1, \$6}"'
  step clean 'make -f debian/rules clean'
  step nocheck-j2 --sorted 'DEB_BUILD_OPTIONS="nocheck parallel=2" make -f debian/rules build'
  step clean-again 'fakeroot make -f debian/rules clean'
}
