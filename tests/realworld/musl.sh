# musl: a hand-written GNU makefile (no automake): the object list is
# computed with $(wildcard) over src/*, arch-specific .s/.S/.c files replace
# the generic ones through $(subst)/$(filter-out), every object has a .o and
# a .lo (PIC) pattern rule with three candidate sources, target-specific
# `CFLAGS_ALL +=` on computed object lists, an order-only prerequisite on
# every object directory, and install rules whose targets are
# $(DESTDIR)$(includedir)/bits/% with three pattern rules to choose from.
# An out-of-tree build (configure run from another directory, srcdir=..)
# is checked with -n and a partial build. Debian's configure makes one set
# of objects (.lo) for both libc.a and libc.so (AOBJS = $(LOBJS)).
RW_PACKAGE=musl

# -p output: see rw_normalize_db; --debug output: rw_normalize_version.
rw_normalize() {
  rw_normalize_db | rw_normalize_version
}

rw_configure() {
  ./configure --prefix=/usr/lib/musl --exec-prefix=/usr --syslibdir=/usr/lib/musl-ld
}

rw_steps() {
  step n-before 'make -n'
  step q-before 'make -q; echo status $?'
  step build --sorted 'make -j2'
  step noop --repeat 4 'make'
  step n-after --repeat 4 'make -n'
  step q --repeat 4 'make -q; echo status $?'
  step shuffle-n 'make -n -B --shuffle=reverse lib/libc.a > r.txt && make -n -B --shuffle=4242 lib/libc.a > s.txt; echo status $?; md5sum r.txt s.txt; head -5 r.txt s.txt; rm r.txt s.txt'
  step pq 'make -pq; echo status $?'
  prep 'touch src/string/strlen.c'
  step touch-n 'make -n'
  step touch-make 'make'
  step W 'make -n -W src/stdio/printf.c -W arch/x86_64/bits/alltypes.h.in'
  prep 'touch config.mak'
  step touch-config 'make'
  step install 'make install DESTDIR=$PWD/_destdir'
  step install-noop 'make install DESTDIR=$PWD/_destdir'
  step install-headers-n 'make -n install-headers DESTDIR=$PWD/_destdir2'
  step one-object 'rm obj/src/string/strlen.lo obj/src/string/x86_64/memcpy.lo && make obj/src/string/strlen.lo obj/src/string/x86_64/memcpy.lo obj/src/string/strlen.o'
  step trace 'make --trace -B obj/src/string/strlen.lo obj/crt/crt1.o'
  step why-db 'touch src/internal/libc.h && make --debug=b -n lib/libc.a | grep -v "^ *Considering\|^ *Finished\|^ *Pruning\|^ *No need" | head -300'
  step add-cfi-n 'make -n -B ADD_CFI=yes obj/src/string/x86_64/memcpy.lo obj/crt/x86_64/crti.o'
  step q-after 'make -q; echo status $?'
  step oot-configure 'mkdir oot && cd oot && ../configure --disable-shared > /dev/null && make -n > ../oot-n.txt; echo status $?; wc -l < ../oot-n.txt'
  step oot-pq 'cd oot && make -pq lib/libc.a; echo status $?'
  step oot-part --sorted 'cd oot && make -j2 lib/crt1.o lib/libm.a obj/src/internal/version.h && make -q lib/crt1.o; echo status $?'
  step clean 'make clean'
  step k 'make -k nonexistent lib/libdl.a; echo status $?'
  step distclean 'make distclean'
  step unconfigured 'make; echo status $?'
}
