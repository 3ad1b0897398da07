# OpenSSH portable 10.0p1: autoconf's configure with a hand-written
# Makefile.in, built out of the tree in build/ (VPATH=@srcdir@): `.c.o:`
# suffix rule over VPATH-found sources, openbsd-compat/libopenbsd-compat.a
# made by a `(cd openbsd-compat && $(MAKE))` recipe behind an empty
# `always:` target (remade every run), config files and man pages through
# sed pipelines with $$ in the recipes, regress-prep linking
# regress/Makefile into the build tree, the unit test binaries built and
# the BSD-flavoured regress/Makefile run with `.CURDIR=`/`.OBJDIR=`
# variables on the command line (names with a dot) and ${VAR} references
# (with SKIP_UNIT=1 passed down: the tests themselves take many
# minutes), a suffix rule with prerequisites (GNU's warning that it
# ignores them), `make depend` (failing out of the tree: its mv of
# .depend runs in the build directory), installs into a DESTDIR with
# `host-key` skipped (install-nokeys); -n, -q, -pq, -t, -W, --trace, -B,
# -j2, -k -j2 compile error, clean, distclean. Built without PAM,
# Kerberos, libedit and security keys (no libfido2); needs libssl-dev and
# zlib1g-dev.
RW_PACKAGE=openssh

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir build && cd build && ../configure --without-pam --without-security-key-builtin \
    --with-privsep-path=/tmp/rw-empty --sysconfdir=/etc/ssh
}

rw_steps() {
  local b='cd build &&' inst='DESTDIR=$PWD/_destdir'
  rw_usual_steps "$b "
  prep 'touch atomicio.h'
  step touch-q "$b make -q ssh; echo status \$?"
  step touch-n "$b make -n"
  step touch-trace --sorted "$b make -j2 --trace"
  prep 'touch sshd_config ssh.1'
  step W "$b make -n -W ../ssh-keygen.c ssh-keygen"
  step conf-trace "$b make --trace"
  prep 'touch ssh.c openbsd-compat/strlcpy.c'
  step t "$b make -t; echo status \$?"
  step t-noop "$b make"
  step B-one "$b make -B scp"
  step compat "$b make -C openbsd-compat; echo status \$?"
  step unit-n "$b make -n unit; echo status \$?"
  step unit "$b make unit SKIP_UNIT=1; echo status \$?"
  step compat-tests "$b make compat-tests; echo status \$?"
  step install-n "$b make -n install-nokeys $inst"
  step install "$b make install-nokeys $inst; echo status \$?"
  step uninstall "$b make uninstall $inst; echo status \$?"
  prep 'cp sshbuf-misc.c sshbuf-misc.c.rw && echo "#error rw: broken" >> sshbuf-misc.c'
  step broken "$b make; echo status \$?"
  step broken-k-j2 --sorted "$b make -k -j2; echo status \$?"
  prep 'cat sshbuf-misc.c.rw > sshbuf-misc.c && rm sshbuf-misc.c.rw'
  step fixed "$b make"
  step depend "$b make depend; echo status \$?"
  step clean "$b make clean"
  step n-clean "$b make -n"
  step distclean "$b make distclean"
}
