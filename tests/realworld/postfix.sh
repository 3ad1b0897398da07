# Postfix: no configure: `make makefiles` runs the makedefs shell script and
# writes every directory's Makefile as conf/makedefs.out (the detected
# settings as variable assignments) followed by its Makefile.in, each
# written by `$(MAKE) -f Makefile.in Makefile MAKELEVEL=` (MAKELEVEL
# overridden on the command line); the build recurses through shell for
# loops over $(DIRS) with `$(MAKE) $(OPTS) $@ MAKELEVEL=` ('WARN=...' in
# OPTS quoted), suffix rules written as `.c.o:;` one-liners, the
# `Makefile: Makefile.in` rule in each directory (cat makedefs.out $? >$@,
# then a restart), hard links into libexec/ and meta/ from $?, `make depend`
# rewriting every Makefile.in through mkdep (then the Makefiles are remade),
# non-interactive-package into a staging root; -n, -q, -pq, -t, -W,
# --trace, a compile error with -k, tidy, clean. Built without Berkeley DB
# or NIS (no libdb-dev on the test machine).
RW_PACKAGE=postfix

# -p output: see rw_normalize_db. The installed tree's configuration holds
# the builder's user and group names and the build time.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  local args="CCARGS='-DNO_DB -DNO_NIS' OPT=-O1 DEBUG="
  step makefiles "make makefiles $args"
  step n-before 'make -n'
  step build-j2 --sorted 'make -j2'
  step noop --repeat 2 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -C src/postconf -pq; echo status $?'
  prep 'touch src/smtpd/smtpd.h'
  step touch-q 'make -C src/smtpd -q; echo status $?'
  step touch-n 'make -n'
  step touch-trace 'make --trace'
  prep 'touch src/smtp/smtp_proto.c'
  step W 'make -n -W src/smtpd/smtpd.c'
  step t 'make -t; echo status $?'
  step t-noop 'make'
  # A Makefile.in edited: that directory's Makefile is remade and make restarts.
  prep 'echo "# rw" >> src/postcat/Makefile.in'
  step remake-makefile 'make; echo status $?'
  step depend 'make depend > depend.out 2>&1; echo status $?; tail -3 depend.out'
  step depend-noop 'make'
  prep 'cp src/showq/showq.c src/showq/showq.c.rw && echo "#error rw: broken" >> src/showq/showq.c'
  step broken 'make; echo status $?'
  step broken-k --sorted 'make -C src/showq -k -j2; echo status $?'
  prep 'cat src/showq/showq.c.rw > src/showq/showq.c && rm src/showq/showq.c.rw'
  step fixed 'make'
  step install-n 'make -n install; echo status $?'
  step package "make non-interactive-package install_root=\$PWD/_destdir mail_owner=\$(id -un) setgid_group=\$(id -gn) > package.out 2>&1; echo status \$?; grep -c . package.out"
  step clean 'make clean'
  step tidy 'make tidy'
}
