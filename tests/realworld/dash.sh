# dash: automake with a src/Makefile.am full of generated sources:
# explicit rules with two targets each (`token.h token_vars.h: mktokens`,
# `builtins.c builtins.h: ...`, `nodes.c nodes.h: ...` with `./$^`), host
# helpers made by a static pattern rule (`$(HELPERS): %: %.c`), init.c
# made from every C file, builtins.def preprocessed from builtins.def.in
# and config.h; recursive make through src/, AM_V_GEN silent rules and
# V=1, depcomp's .deps/*.Po included. The first build is serial: with -j2
# either make may run a two-target rule's recipe once per target (GNU
# make runs the recipe of an explicit rule with several targets for each
# target it needs), as timing has it.
RW_PACKAGE=dash

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  ./configure
}

rw_steps() {
  step n-before 'make -n'
  step build 'make'
  step version 'src/dash -c "echo \$((6 * 7))"'
  step noop --repeat 2 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step src-pq 'make -C src -pq; echo status $?'
  prep 'touch src/shell.h'
  step touch-q 'make -C src -q; echo status $?'
  step touch-n 'make -n'
  step touch-j2 --sorted 'make -j2'
  # A generator's input: nodes.c and nodes.h remade, then what includes them.
  prep 'touch src/nodetypes'
  step nodes-trace 'make -C src --trace'
  prep 'touch src/builtins.def.in'
  step builtins-V 'make V=1'
  prep 'touch src/eval.c'
  step t 'make -t; echo status $?'
  step t-noop 'make'
  step W 'make -C src -n -W jobs.c'
  # -B without remaking the Makefile and config.h (whose rules would run
  # aclocal-1.16 and autoheader after -B has made them out of date).
  step B 'make -C src -B -o Makefile -o ../config.h mksyntax mktokens token.h'
  prep 'cp src/var.c src/var.c.rw && echo "#error rw: broken" >> src/var.c'
  step broken 'make; echo status $?'
  step broken-k-j2 --sorted 'make -k -j2; echo status $?'
  prep 'cat src/var.c.rw > src/var.c && rm src/var.c.rw'
  step fixed 'make'
  step check 'make check; echo status $?'
  step install --sorted 'make -j2 install DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step distclean 'make distclean'
}
