# openssl: ./Configure writes one large Makefile (about 19,000 lines:
# every object, generated headers and assembler files, `make help`'s
# self-documenting grep) and `make depend` folds the compilers' .d files
# back into it. To keep the run short: a static build without tests, docs,
# apps, modules or engines, of which only the generated files, libssl.a
# and a few objects of libcrypto are built (libcrypto.a alone has some 800
# objects).
RW_PACKAGE=openssl

# -p output: see rw_normalize_db. --debug output starts with the version
# banner, which rmake words differently on purpose: left out.
rw_normalize() {
  rw_normalize_db | sed '/^GNU Make 4\.4\.1/,/^There is NO WARRANTY/d'
}

rw_configure() {
  ./Configure no-shared no-tests no-docs no-apps no-module no-legacy no-engine no-dso
}

rw_steps() {
  step help 'make help'
  step n-all 'make -n'
  step n-libssl 'make -n libssl.a'
  step generated --sorted 'make -j2 build_generated'
  step generated-noop 'make build_generated'
  step depend-before 'make depend'
  step libssl --sorted 'make -j2 libssl.a'
  step crypto-objs 'make crypto/libcrypto-lib-cryptlib.o crypto/libcrypto-lib-mem.o crypto/bn/libcrypto-lib-bn_add.o'
  step depend 'make depend'
  step noop --repeat 4 'make libssl.a'
  step q --repeat 2 'make -q libssl.a; echo status $?'
  step q-all 'make -q; echo status $?'
  step n-after --repeat 2 'make -n libssl.a'
  step debug-v 'make --debug=v -n libssl.a'
  step pq 'make -pq libssl.a; echo status $?'
  prep 'touch include/internal/quic_wire.h'
  step touch-n 'make -n libssl.a'
  step touch-W 'make -W ssl/ssl_lib.c -n libssl.a'
  step touch-sync --sorted 'make -j2 --output-sync=target libssl.a'
  step touch-noop 'make libssl.a'
  prep 'touch include/openssl/ssl.h'
  step touch-t 'make -t libssl.a; echo status $?'
  step after-t 'make libssl.a'
  step k 'make -k crypto/libcrypto-lib-cryptlib.o no-such-target libssl.a; echo status $?'
  step clean 'make clean'
  step n-clean 'make -n libssl.a'
}
