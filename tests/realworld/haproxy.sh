# HAProxy 3.0: one hand-written GNU Makefile (include/make/*.mk: verbose.mk's
# cmd_CC/cmd_LD with $(Q), options.mk's USE_* features through $(foreach)
# and $(call), compiler flag probing through $(shell $(CC) ...)), the
# .build_opts file rewritten by a $(shell) in a prerequisite list, a target
# without TARGET that fails with a help text, and dev/ tools made by sub-makes.
# The full program is not built (a few hundred objects): halog and flags
# are, and the rest is compared with -n, -q and -p.
RW_PACKAGE=haproxy
RW_ORIG=1

rw_normalize() {
  rw_normalize_db
}

T='TARGET=linux-glibc USE_OPENSSL= USE_PCRE2= USE_LUA='

rw_steps() {
  step no-target 'make; echo status $?'
  step help "make help $T"
  step opts "make opts $T"
  step n-before "make -n $T"
  step q-before "make -q $T; echo status \$?"
  step pq-before "make -pq $T; echo status \$?"
  step halog --sorted "make -j2 $T admin/halog/halog dev/flags/flags"
  step halog-noop "make $T admin/halog/halog dev/flags/flags"
  step halog-q "make -q $T admin/halog/halog dev/flags/flags; echo status \$?"
  step poll "make $T dev/poll/poll dev/tcploop/tcploop V=1"
  step n-trace "make -n --trace $T"
  prep 'touch include/haproxy/api.h'
  step touch-n "make -n $T admin/halog/halog"
  step opts-changed-n "make -n $T admin/halog/halog DEBUG=-DDEBUG_X"
  prep 'echo "#error injected" >> src/ebtree.c'
  step k-fail "make -k $T admin/halog/halog dev/flags/flags; echo status \$?"
  step k-fail-j2 --sorted "make -k -j2 $T admin/halog/halog dev/flags/flags; echo status \$?"
  prep 'sed -i "/^#error injected/d" src/ebtree.c'
  step install-n "make -n install $T PREFIX=/usr"
  step clean 'make clean'
}
