# cdbs: Debian's dhelp package, whose debian/rules is a CDBS one (Common
# Debian Build System: `include /usr/share/cdbs/1/rules/debhelper.mk` and
# class/makefile.mk over the upstream Makefile). CDBS is a large library of
# make code: per-package double-colon static pattern rules
# (`$(patsubst %,install/%,$(DEB_PACKAGES)) :: install/%:`), debian/stamp-*
# files, cdbs_curpkg computed from $@ with $(notdir), variables named after
# packages (DEB_INSTALL_MANPAGES_dhelp), $(shell) calls to
# /usr/lib/cdbs scripts at parse time, `$(MAKE) -C` with
# DEB_MAKE_ENVVARS, debhelper's dh_* run from the rules; -n, -q, -pq of
# the rules, build (twice), binary under fakeroot (the .deb contents
# compared), install/PACKAGE (with --trace), clean, parallel=2.
# The rules are run as `make -f debian/rules`, not as `debian/rules`:
# its `#!/usr/bin/make -f` line would run the system's make (and $(MAKE)
# would name it) instead of the make under test.
# Needs cdbs, debhelper, fakeroot and ruby-gettext (rmsgfmt for the po
# files).
RW_PACKAGE=dhelp

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step rules-n 'make -f debian/rules -n build'
  step rules-pq 'make -f debian/rules -pq build; echo status $?'
  step build 'make -f debian/rules build'
  step build-again 'make -f debian/rules build'
  step build-q 'make -f debian/rules -q build; echo status $?'
  step binary-n 'make -f debian/rules -n binary'
  step binary 'fakeroot make -f debian/rules binary && mkdir -p _debs && mv ../*.deb _debs/'
  step contents 'dpkg-deb -c _debs/*.deb | awk "{print \$1, \$6}"'
  step binary-again 'fakeroot make -f debian/rules binary-indep; echo status $?'
  step install-pkg 'fakeroot make -f debian/rules install/dhelp; echo status $?'
  step trace-install 'fakeroot make -f debian/rules --trace install/dhelp; echo status $?'
  step unknown 'make -f debian/rules -k no-such-goal build; echo status $?'
  step clean 'fakeroot make -f debian/rules clean'
  step parallel-j2 --sorted 'DEB_BUILD_OPTIONS="nocheck parallel=2" make -f debian/rules build'
  step clean-again 'fakeroot make -f debian/rules clean; rm -f ../*.deb'
}
