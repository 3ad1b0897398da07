# hello (GNU Hello): non-recursive automake with gnulib, GNUmakefile and
# maint.mk, the parallel test harness, texinfo, and gettext's po/Makefile
# (from po/Makefile.in.in, made by config.status at make time: stamp-po,
# $(DOMAIN).pot-update with remove-potcdate.sed, $(POFILES) remade from the
# .pot, update-po's loop over the catalogs, update-gmo, .po.gmo suffix
# rules) with -n, -q, -t, after a source edit changing a message, and the
# usual build, -j2, no-op, -pq, --trace, check, install, dist with -n,
# clean, distclean.
RW_PACKAGE=hello

# msgmerge and xgettext write POT-Creation-Date/PO-Revision-Date (the
# minute of the run) into the .pot and .po files, and msgfmt carries the
# header into the .gmo files: compared by name.
RW_NOHASH=('./po/*.po' './po/*.pot' './po/*.gmo' './po/stamp-po')

# -p output: see rw_normalize_db. msgmerge's progress dots (it is built
# with OpenMP) vary from run to run under load: ga.po got 5 dots in one run
# and 6 in the other, from the same input to the same output.
rw_normalize() {
  rw_normalize_db | sed -E 's/^\.+ done\.$/(dots) done./'
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
  step po-pq 'make -C po -pq; echo status $?'
  step po-n 'make -C po -n update-po'
  step po-q 'make -C po -q update-gmo; echo status $?'
  step check-j2 --sorted 'make -j2 check'
  step check-q 'make -q check; echo status $?'
  step info 'make info pdf -n'
  # A message changed in a source: the .pot is regenerated, then the
  # catalogs are merged with it.
  prep 'sed -i "s/Hello, world!/Hello, rmake world!/" src/hello.c'
  step edit-trace 'make --trace'
  step pot-n 'make -C po hello.pot-update -n'
  step pot 'make -C po hello.pot-update'
  step update-po-n 'make -C po update-po -n'
  step update-po 'make -C po update-po'
  step update-gmo 'make -C po update-gmo'
  # In parallel: msgmerge writes its dots without a newline, so the jobs'
  # output is only comparable synchronised: -Otarget for update-po (each
  # .po-update target), -Orecurse for update-gmo (whose $(POFILES) recipe
  # holds $(MAKE), which -Otarget leaves unsynchronised).
  prep 'sed -i "s/Hello, rmake world!/Hello, parallel world!/" src/hello.c'
  step update-po-j2 --sorted 'make -C po -j2 -Otarget update-po'
  prep 'touch po/hello.pot'
  step update-gmo-j2 --sorted 'make -C po -j2 -Orecurse -k update-gmo'
  prep 'touch po/de.po'
  step po-t 'make -C po -t; echo status $?'
  step po-noop 'make -C po'
  prep 'touch src/system.h'
  step touch-W 'make -W src/hello.c -n'
  step touch-k 'make -k all nonexistent; echo status $?'
  step install --sorted 'make -j2 install DESTDIR=$PWD/_destdir'
  step dist-n 'make -n dist; echo status $?'
  step distcheck-n 'make -n distcheck; echo status $?'
  step clean 'make clean'
  step distclean 'make distclean'
}
