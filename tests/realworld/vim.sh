# vim: a top Makefile handing every target to src/Makefile (`cd src &&
# $(MAKE) $@`), which includes the configure output auto/config.mk, with
# generated auto/osdef.h and auto/pathdef.c, link.sh, a `depend` target
# that rewrites src/Makefile, and a large install of runtime files. Tiny
# features, no GUI, X or NLS, to keep it short.
RW_PACKAGE=vim

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

# SOURCE_DATE_EPOCH: configure then fixes the build date vim shows (else
# __DATE__ and __TIME__ make version.o and the binary differ).
rw_configure() {
  SOURCE_DATE_EPOCH=1700000000 ./configure --with-features=tiny --disable-gui --without-x \
    --disable-nls --disable-canberra --disable-libsodium --disable-gpm --disable-sysmouse \
    --disable-selinux --disable-smack
}

rw_steps() {
  step n-before 'make -n'
  step build --sorted 'make -j2'
  step version './src/vim --version | head -n 3'
  step noop --repeat 4 'make'
  step q 'make -q; echo status $?'
  step q-src 'make -C src -q; echo status $?'
  step n-after --repeat 2 'make -n'
  step pq 'make -C src -pq; echo status $?'
  prep 'touch src/vim.h'
  step touch-n 'make -n'
  step touch-W 'make -C src -W evalfunc.c -n'
  step touch-sync --sorted 'make -j2 --output-sync=target'
  step touch-noop 'make'
  prep 'touch src/structs.h'
  step touch-t 'make -C src -t; echo status $?'
  step after-t 'make'
  step k 'make -k -C src vim no-such-target; echo status $?'
  step depend 'make depend'
  step install 'make install DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step distclean 'make distclean'
}
