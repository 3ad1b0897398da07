# wireguard-tools: src/Makefile, a single hand-written Makefile building wg
# from $(wildcard *.c) with built-in rules whose LINK.o and COMPILE.c are
# rewritten with := and += to echo a quiet line first, RM as a shell
# function, -MMD -MP dependency files included with `-include *.d`,
# `.DEFAULT_GOAL: all` written as a rule, install's options probed with
# $(wildcard) and ?=, and the Windows platform's $(file <) and extra objects
# (with -n only: no cross compiler).
#
# wireguard-tools is no Debian source package on the test machine's
# mirror: export a snapshot of its repository and name it in
# RW_WIREGUARD_TOOLS_SRC, e.g.
#   git --git-dir=/work/.mirror/WireGuard+wireguard-tools/repo archive HEAD | tar -x -C /tmp/rw-wg-src
#   RW_WIREGUARD_TOOLS_SRC=/tmp/rw-wg-src tests/realworld/run wireguard-tools
# Without it the project is skipped.
RW_SOURCE_ENV=RW_WIREGUARD_TOOLS_SRC

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

M='make -C src'

rw_steps() {
  step n-before "$M -n"
  step build-j2 --sorted "$M -j2"
  step noop --repeat 4 "$M"
  step q "$M -q; echo status \$?"
  step n-after "$M -n"
  step pq "$M -pq; echo status \$?"
  prep 'touch src/containers.h'
  step touch-q "$M -q wg; echo status \$?"
  step touch-n "$M -n"
  step touch-V1 "$M V=1"
  prep 'touch src/ipc.c'
  step touch-trace "$M --trace"
  step W "$M -n -W config.c"
  prep 'touch src/curve25519.c'
  step t "$M -t; echo status \$?"
  step t-noop "$M"
  step debug-B --sorted "$M -B -j2 DEBUG=yes"
  step windows-n "$M -n PLATFORM=windows; echo status \$?"
  step install "$M install DESTDIR=\$PWD/_destdir PREFIX=/usr WITH_WGQUICK=yes WITH_BASHCOMPLETION=yes WITH_SYSTEMDUNITS=yes SYSTEMDUNITDIR=/lib/systemd/system"
  step install-default "$M install DESTDIR=\$PWD/_destdir2"
  step check-n "$M -n check"
  prep 'rm src/encoding.d'
  step missing-d "$M"
  prep 'cp src/terminal.c src/terminal.c.rw && echo "#error rw: broken" >> src/terminal.c'
  step broken-k "$M -k; echo status \$?"
  prep 'cat src/terminal.c.rw > src/terminal.c && rm src/terminal.c.rw'
  step clean "$M clean"
  step build-j2-O --sorted "$M -j2 -O"
  step clean-V1 "$M clean V=1"
}
