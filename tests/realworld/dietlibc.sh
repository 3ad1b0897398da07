# dietlibc: one large hand-written GNU Makefile (per-architecture object
# lists from $(wildcard) and $(patsubst) over syscall stubs, pattern rules
# redefined later in the file with other recipes, order-only object
# directories, target-specific CFLAGS += for single objects, static and
# PIC variants of each library, the diet wrapper). Built with -k: some
# objects may not build with today's compilers, and how both makes carry
# on is compared too.
RW_PACKAGE=dietlibc
RW_ORIG=1

rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step n-before 'make -n; echo status $?'
  step q-before 'make -q; echo status $?'
  step pq-before 'make -pq; echo status $?'
  step build --sorted 'make -k -j2 >/dev/null 2>&1; echo status $?'
  step rest 'make -k; echo status $?'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  prep 'touch dietfeatures.h'
  step touch-n 'make -n'
  step touch-trace 'make -k --trace; echo status $?'
  step dyn-n 'make -n dyn; echo status $?'
  step shuffle-n 'make -n -B --shuffle=reverse'
  step clean 'make clean'
}
