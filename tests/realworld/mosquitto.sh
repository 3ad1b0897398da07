# mosquitto 2.0.21: the MQTT broker's hand-written Makefiles (its CMake
# build aside), in the tree: every Makefile includes the top config.mk
# (WITH_* switches set with `:=` and overridden on the command line,
# `$(or $(findstring ...))`, nested ifeq on `$(shell uname)`), the top
# Makefile looping `set -e; for d in ${DIRS}; do $(MAKE) -C $${d}; done`
# with `${VAR}` references, an ifeq holding `$(error ...)` inside a
# recipe followed by a blank line, `all : $(MAKE_ALL)`; lib/ with
# `${R}`-less object lists and `.so.${SOVERSION}`, the broker in src/
# compiling objects from ../lib/ sources by explicit rules, clients,
# apps, plugins, test/'s clean; WITH_CJSON=no and WITH_DOCS=no on every
# command line (no libcjson-dev, no xsltproc: docs with -n only), so they
# reach the sub-makes through MAKEFLAGS; -n, -q, -pq, -t, -W, --trace,
# -j2 (-O, -Oline with --jobserver-style=pipe, -Orecurse), -s with
# --no-print-directory, MAKEFLAGS from the environment, -k -j2 compile
# error, install, uninstall, clean, reallyclean.
# Needs libssl-dev.
RW_PACKAGE=mosquitto

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  local v='WITH_CJSON=no WITH_DOCS=no' inst='DESTDIR=$PWD/_destdir prefix=/usr'
  step n-before "make $v -n"
  step build-j2 --sorted "make $v -j2"
  step noop --repeat 2 "make $v"
  step q "make $v -q; echo status \$?"
  step n-after "make $v -n"
  step pq "make $v -pq; echo status \$?"
  step lib-q "make -C lib $v -q; echo status \$?"
  step lib-pq "make -C lib $v -pq; echo status \$?"
  prep 'touch lib/mosquitto_internal.h'
  step touch-q "make -C lib $v -q; echo status \$?"
  step touch-n "make $v -n"
  step touch-trace --sorted "make $v -j2 --trace"
  prep 'touch include/mosquitto.h'
  step header "make $v --trace"
  step W "make -C src $v -n -W ../lib/packet_mosq.c"
  step binary "make $v binary"
  step docs-n "make -n docs; echo status \$?"
  step test-n "make $v -n -C test utest; echo status \$?"
  prep 'touch src/bridge.c lib/util_mosq.c'
  step t "make $v -t; echo status \$?"
  step t-noop "make $v"
  step B-one "make -C client $v -B pub_client.o"
  step install "make $v install $inst"
  step uninstall "make $v uninstall $inst"
  step static-j2 --sorted "make -C lib $v WITH_STATIC_LIBRARIES=yes -j2"
  prep 'cp src/retain.c retain.c.rw && echo "#error rw: broken" >> src/retain.c'
  step broken "make $v; echo status \$?"
  step broken-k-j2 --sorted "make $v -k -j2; echo status \$?"
  prep 'cat retain.c.rw > src/retain.c && rm retain.c.rw'
  step fixed "make $v"
  step unknown "make $v -k no-such-goal all; echo status \$?"
  step clean "make $v clean"
  step build-j2-Oline --sorted "make $v -j2 -Oline --jobserver-style=pipe"
  step clean2 "make $v clean"
  step build-j2-Orecurse --sorted "make $v -j2 -Orecurse"
  step s-no-print "make $v -s --no-print-directory -B -C client; echo status \$?"
  step makeflags-env "MAKEFLAGS='-s WITH_DOCS=no' make -C lib WITH_CJSON=no -w; echo status \$?"
  step clean3 "make $v clean"
  step build-j2-O --sorted "make $v -j2 -O"
  step reallyclean "make $v reallyclean"
}
