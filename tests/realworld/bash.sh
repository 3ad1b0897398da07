# GNU bash: autoconf, one big Makefile with recursive makes into lib/*
# (readline, glob, sh, malloc, tilde, intl) and builtins (mkbuiltins, a
# generated-source pipeline), a build counter (.build), -j2 and sequential.
RW_PACKAGE=bash

# -p output: see rw_normalize_db. The build lists the new binary with
# `ls -l` (its time).
rw_normalize() {
  rw_normalize_db | sed -E 's/ [A-Z][a-z]{2} [ 0-9]{2} [0-9]{2}:[0-9]{2} bash$/ DATE bash/'
}

rw_configure() {
  ./configure
}

rw_steps() {
  step n-before 'make -n'
  step build --sorted 'make -j2'
  step version './bash --version | head -1'
  step noop --repeat 4 'make'
  step q --repeat 2 'make -q; echo status $?'
  step n-after --repeat 2 'make -n'
  step pq 'make -pq; echo status $?'
  prep 'touch lib/readline/readline.h'
  step touch-n 'make -n'
  step touch-W 'make -W shell.c -n'
  step touch-o 'make -o lib/readline/readline.h -n'
  step touch-sync --sorted 'make -j2 --output-sync=target'
  step touch-noop 'make'
  prep 'touch builtins/echo.def'
  step touch-t 'make -t; echo status $?'
  step after-t 'make'
  # The parent's error and a sub-make's start-up warning race (with GNU
  # too): --sorted.
  step k --sorted 'make -k -j2 all no-such-target; echo status $?'
  step install 'make install DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step build-seq 'make'
  step distclean 'make distclean'
}
