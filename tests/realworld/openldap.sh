# OpenLDAP (libraries and clients; slapd disabled): its own make framework
# rather than automake: each Makefile is its Makefile.in with
# build/top.mk, build/dir.mk or build/lib.mk + lib-shared.mk/lib-static.mk
# and build/rules.mk pasted in by config.status, recursion by shell loops
# over $(SUBDIRS) with `FORCE` targets (all-common, depend-common, ...),
# libtool compiling and linking through $(LTCOMPILE_LIB)/$(LTLINK), version
# files made by build/mkversion, symlinked shared sources in libldap, `make
# depend` rewriting each Makefile through build/mkdep; -n, -q, -pq, -t,
# --trace, -W, a compile error with -k -j2, install, clean, veryclean.
RW_PACKAGE=openldap

# -p output: see rw_normalize_db. Version files and include/ldap_config.h
# embed the build time (and user and host).
rw_normalize() {
  rw_normalize_db
}
RW_NOHASH=('./include/ldap_config.h' './*/version.c' './*/*/version.c' './*/*/*version.o' './*/*/*/*version.o'
  './*/*/*version.lo' './*/*/.libs/*' './*/*/*.la' './*/*/*.a' './*/*/*.so*'
  './clients/tools/ldap*' './clients/tools/.libs/*' './_destdir/*')

rw_configure() {
  ./configure --disable-slapd --without-cyrus-sasl --with-tls=openssl --without-systemd
}

rw_steps() {
  step n-before 'make -n; echo status $?'
  step depend 'make depend'
  step depend-again 'make depend'
  step build-j2 --sorted 'make -j2'
  step noop --repeat 2 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -C libraries/liblber -pq; echo status $?'
  prep 'touch include/ldap.h'
  step touch-q 'make -C libraries/libldap -q; echo status $?'
  step touch-n 'make -n'
  step touch-trace --sorted 'make -j2 --trace'
  prep 'touch libraries/libldap/search.c'
  step W 'make -n -W libraries/liblber/io.c'
  step t 'make -C libraries/libldap -t; echo status $?'
  step t-noop 'make'
  prep 'cp clients/tools/common.c clients/tools/common.c.rw && echo "#error rw: broken" >> clients/tools/common.c'
  step broken 'make; echo status $?'
  step broken-k-j2 --sorted 'make -k -j2; echo status $?'
  prep 'cat clients/tools/common.c.rw > clients/tools/common.c && rm clients/tools/common.c.rw'
  step fixed 'make'
  step install 'make install DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step build-j2-O --sorted 'make -j2 -O'
  step veryclean 'make veryclean'
}
