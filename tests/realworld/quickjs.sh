# QuickJS: one hand-written GNU Makefile (ifdef'd configuration, obj/ with
# order-only directories, -MMD dependency files included with -include,
# $(wildcard), qjsc compiling the REPL and calculator to C, pattern rules
# per object flavour).
RW_PACKAGE=quickjs
RW_ORIG=1

# qjsc compiles examples/hello_module through /tmp/out<its pid>.c, a name
# the binary keeps: compared by name only.
RW_NOHASH=(./examples/hello_module)

rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step n-before 'make -n; echo status $?'
  step q-before 'make -q; echo status $?'
  step build --sorted 'make -j2'
  step noop 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step trace-n 'make -n --trace'
  prep 'touch cutils.h'
  step touch-n 'make -n'
  step touch-build --sorted 'make -j2'
  prep 'echo "#error injected" >> libregexp.c; echo "#error injected" >> qjs.c'
  step k-fail 'make -k; echo status $?'
  step k-fail-j2 --sorted 'make -k -j2; echo status $?'
  prep 'sed -i "/^#error injected/d" libregexp.c qjs.c'
  step rebuild 'make'
  step shuffle 'make -B --shuffle=reverse libquickjs.a'
  step W-n 'make -n -W cutils.c'
  step touch-t 'make -t; echo status $?'
  step osync --sorted 'make -j2 -Oline -B qjs'
  step test-n 'make -n test; echo status $?'
  step install 'make install PREFIX=$PWD/_inst'
  step clean 'make clean'
}
