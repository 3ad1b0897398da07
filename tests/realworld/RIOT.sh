# RIOT OS: an application Makefile including Makefile.include (about 30
# makefiles under makefiles/: dependency resolution by iterating
# Makefile.dep includes until USEMODULE stops changing, features and
# board/CPU selection, `BOARD ?= native` mapped to native64 on a 64-bit
# host, each module built by a recursive $(MAKE) -C into its directory
# with Makefile.base, riotbuild.h written only when its content changes,
# FORCE prerequisites, info-* targets printing variables, `help` listing
# targets through a nested `$(MAKE) -pRrq`). examples/basic/hello-world and
# examples/networking/gnrc/networking (the GNRC IPv6 stack, ~70 modules)
# built for BOARD=native with the host gcc; an ARM board (samr21-xpro, no
# arm-none-eabi-gcc) with -n and -q only.
#
# RIOT is no Debian source package on the test machine's mirror: export a
# snapshot of its repository and name it in RW_RIOT_SRC, e.g.
#   git --git-dir=/work/.mirror/RIOT-OS+RIOT/repo archive HEAD | tar -x -C /tmp/rw-riot-src
#   RW_RIOT_SRC=/tmp/rw-riot-src tests/realworld/run RIOT
# Without it the project is skipped.
RW_SOURCE_ENV=RW_RIOT_SRC

# info-build runs `$(MAKE) info-boards-supported -j`: one sub-make per
# board, all at once, each appending its name to bin/.INFO_BOARDS_SUPPORTED
# (which the recipe prints sorted): the file's order varies from run to
# run, compared by name.
RW_NOHASH=('./examples/*/*/bin/.INFO_BOARDS_*')

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

H='cd examples/basic/hello-world && make BOARD=native'
G='cd examples/networking/gnrc/networking && make BOARD=native'

rw_steps() {
  step help "$H help"
  step info-build "$H info-build"
  step info-modules "$H info-modules info-debug-variable-USEMODULE"
  step n-before "$H -n; echo status \$?"
  step build-j2 --sorted "$H -j2"
  step noop --repeat 2 "$H"
  step q "$H -q; echo status \$?"
  step n-after "$H -n"
  step pq "$H -pq; echo status \$?"
  prep 'touch core/include/thread.h'
  step touch-trace "$H --trace"
  prep 'touch sys/stdio/stdio.c'
  step touch-quiet0 "$H QUIET=0"
  step t "$H -t; echo status \$?"
  step t-noop "$H"
  step W "$H -n -W main.c"
  step clean "$H clean"
  step gnrc-n "$G -n; echo status \$?"
  step gnrc-j2 --sorted "$G -j2"
  step gnrc-q "$G -q; echo status \$?"
  step gnrc-pq "$G -pq; echo status \$?"
  prep 'touch sys/include/net/gnrc/pkt.h'
  step gnrc-touch-j2-O --sorted "$G -j2 -Orecurse"
  step arm-n "cd examples/basic/hello-world && make BOARD=samr21-xpro -n; echo status \$?"
  step arm-q "cd examples/basic/hello-world && make BOARD=samr21-xpro -q; echo status \$?"
  step arm-pq "cd examples/basic/hello-world && make BOARD=samr21-xpro -pq; echo status \$?"
  prep 'cp examples/networking/gnrc/networking/main.c main.c.rw && echo "#error rw: broken" >> examples/networking/gnrc/networking/main.c'
  step gnrc-broken-k "$G -k; echo status \$?"
  prep 'cat main.c.rw > examples/networking/gnrc/networking/main.c && rm main.c.rw'
  step gnrc-fixed "$G"
  step gnrc-clean "$G clean"
}
