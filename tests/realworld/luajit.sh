# LuaJIT: hand-written makefiles (top level and src/) that probe the target
# with $(shell $(TARGET_CC) -E -dM lj_arch.h) and pick the architecture,
# build mode and flags through deeply nested ifeq/ifneq with $(findstring);
# host tools (minilua, buildvm) built first and run to generate headers and
# the VM's assembler; one %.o rule with two recipe lines (static and _dyn
# objects), a static pattern rule for the host objects, an included
# Makefile.dep with wildcard-like prerequisites, `make amalg` recursing
# with a variable on the command line, and quiet/verbose switches (Q=, E=).
RW_PACKAGE=luajit

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step n-before 'make -n PREFIX=/usr'
  step build --sorted 'make -j2 PREFIX=/usr'
  step noop --repeat 4 'make PREFIX=/usr'
  step n-after --repeat 4 'make -n PREFIX=/usr'
  step q 'make -q PREFIX=/usr; echo status $?; make -C src -q; echo status $?'
  step pq 'make -pq PREFIX=/usr; echo status $?'
  step pq-src 'make -C src -pq; echo status $?'
  prep 'touch src/lj_obj.h'
  step touch-n 'make -n PREFIX=/usr'
  step touch-make --sorted 'make -j2 -Otarget PREFIX=/usr'
  prep 'touch src/lj_opt_fold.c'
  step touch-verbose 'make -C src Q= E=@:'
  step W 'make -C src -n -W vm_x64.dasc'
  step install 'make install PREFIX=/usr DESTDIR=$PWD/_destdir LDCONFIG=:'
  step uninstall 'make uninstall PREFIX=/usr DESTDIR=$PWD/_destdir LDCONFIG=:'
  step clean 'make clean'
  step amalg --sorted 'make -j2 amalg PREFIX=/usr'
  step amalg-q 'make -C src -q LJCORE_O=ljamalg.o; echo status $?'
  step static-n 'make -C src -n BUILDMODE=static XCFLAGS=-DLUAJIT_DISABLE_FFI'
  step clean-after 'make clean'
  step build-shuffle --sorted 'make -C src -j2 --shuffle=31 libluajit.a'
  step clean-shuffle 'make clean'
}
