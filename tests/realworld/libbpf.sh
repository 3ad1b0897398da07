# libbpf: one hand-written src/Makefile: $(call allow-override,...) that
# $(eval)s a default only when the variable's origin is neither the
# environment nor the command line, a $(shell) version check against
# libbpf.map with $(error), static and shared objects from two pattern
# rules into directories made through order-only prerequisites, OBJDIR=
# out of tree, BUILD_STATIC_ONLY, symlinked sonames with $(^F), a .pc file
# forced by an empty `force` target, install through $(call) of multi-line
# `define`s, V=1. Needs libelf-dev.
RW_PACKAGE=libbpf

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step n-before 'make -C src -n'
  step build-j2 --sorted 'make -C src -j2'
  step noop --repeat 2 'make -C src'
  step q 'make -C src -q; echo status $?'
  step q-lib 'make -C src -q libbpf.a; echo status $?'
  step n-after 'make -C src -n'
  step pq 'make -C src -pq; echo status $?'
  prep 'touch src/btf.c'
  step touch-q 'make -C src -q libbpf.a libbpf.so; echo status $?'
  step touch-n 'make -C src -n'
  step touch-trace 'make -C src --trace'
  prep 'touch src/hashmap.c'
  step touch-V 'make -C src V=1'
  prep 'touch src/ringbuf.c'
  step t 'make -C src -t; echo status $?'
  step t-noop 'make -C src'
  step W 'make -C src -n -W zip.c'
  step B-static 'make -C src -B staticobjs/zip.o staticobjs/elf.o'
  # The overridable CC: from the environment and from the command line.
  step cc-env 'CC=gcc make -C src -n OBJDIR=$PWD/_env'
  step cc-cmdline 'make -C src -n CC=gcc CROSS_COMPILE=x86_64-linux-gnu-'
  step objdir --sorted 'mkdir -p _out && make -C src -j2 OBJDIR=$PWD/_out BUILD_STATIC_ONLY=1'
  step objdir-noop 'make -C src OBJDIR=$PWD/_out BUILD_STATIC_ONLY=1'
  prep 'cp src/netlink.c src/netlink.c.rw && echo "#error rw: broken" >> src/netlink.c'
  step broken 'make -C src; echo status $?'
  step broken-k-j2 --sorted 'make -C src -k -j2; echo status $?'
  prep 'cat src/netlink.c.rw > src/netlink.c && rm src/netlink.c.rw'
  step fixed 'make -C src'
  step install 'make -C src install install_uapi_headers DESTDIR=$PWD/_destdir'
  step install-n 'make -C src -n install DESTDIR=$PWD/_destdir LIBDIR=/usr/lib/x86_64-linux-gnu'
  step clean 'make -C src clean'
  step clean-objdir 'make -C src clean OBJDIR=$PWD/_out'
}
