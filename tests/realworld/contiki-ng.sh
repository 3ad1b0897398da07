# Contiki-NG: the examples' two-line Makefiles including Makefile.include
# (750 lines: modules found with $(wildcard) over directories, sources
# filtered with _EXCLUDES lists, dependency files named with $(notdir) and
# included through $(wildcard $(DEPFILES)) with an empty rule each, a
# target-specific `LIBNAME ?= $@` on the link pattern rule, `%.$(TARGET)`
# and match-anything `%:` pattern rules with an empty `@` recipe to reach
# build/$(TARGET)/%.$(TARGET), order-only object and dependency
# directories, TARGET defaulting to native with a message, savetarget
# writing Makefile.target, viewconf, distclean's $(MAKE) loop over the
# target directories). examples/hello-world and examples/rpl-udp (the IPv6
# stack, RPL, two projects) built for TARGET=native with the host gcc; an
# embedded target (zoul, no arm-none-eabi-gcc) with -n and -q only.
#
# Contiki-NG is no Debian source package on the test machine's mirror:
# export a snapshot of its repository and name it in RW_CONTIKI_NG_SRC, e.g.
#   git --git-dir=/work/.mirror/contiki-ng+contiki-ng/repo archive HEAD | tar -x -C /tmp/rw-contiki-ng-src
#   RW_CONTIKI_NG_SRC=/tmp/rw-contiki-ng-src tests/realworld/run contiki-ng
# Without it the project is skipped.
RW_SOURCE_ENV=RW_CONTIKI_NG_SRC

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

H='cd examples/hello-world && make'
R='cd examples/rpl-udp && make'

rw_steps() {
  step help "$H help"
  step targets "$H targets"
  step viewconf "$H viewconf"
  step n-before "$H -n"
  step build-j2 --sorted "$H -j2 TARGET=native"
  step noop --repeat 2 "$H TARGET=native"
  step q "$H -q; echo status \$?"
  step n-after "$H -n"
  step pq "$H -pq; echo status \$?"
  step savetarget "$H savetarget"
  step after-savetarget "$H -q; echo status \$?"
  prep 'touch os/sys/process.h'
  step touch-q "$H -q hello-world; echo status \$?"
  step touch-trace "$H --trace"
  prep 'touch os/sys/etimer.c'
  step touch-V1 "$H V=1"
  step W "$H -n -W ../../os/sys/ctimer.c"
  step t "$H -t; echo status \$?"
  step t-noop "$H"
  step ramprof "$H hello-world.ramprof"
  step preprocess "$H build/native/obj/hello-world.e"
  step match-anything "$H hello-world.native && make hello-world"
  step rpl-n "$R -n TARGET=native"
  step rpl-j2 --sorted "$R -j2 TARGET=native"
  step rpl-q "$R -q; echo status \$?"
  step rpl-pq "$R -pq udp-client; echo status \$?"
  prep 'touch os/net/routing/rpl-lite/rpl.h'
  step rpl-touch-n "$R -n udp-server"
  step rpl-touch-j2-O --sorted "$R -j2 -Otarget"
  step rpl-zoul-n "$R -n TARGET=zoul; echo status \$?"
  step rpl-zoul-q "$R -q TARGET=zoul; echo status \$?"
  prep 'cp examples/rpl-udp/udp-client.c examples/rpl-udp/udp-client.c.rw && echo "#error rw: broken" >> examples/rpl-udp/udp-client.c && touch os/net/ipv6/uip.h'
  # Serial: under -j the line a failure is reported at is the one the
  # recipe's jobs last took (shared by the pattern rule's jobs), which
  # depends on timing.
  step rpl-broken-k "$R -k; echo status \$?"
  prep 'cd examples/rpl-udp && cat udp-client.c.rw > udp-client.c && rm udp-client.c.rw'
  step rpl-fixed "$R"
  step clean "$H clean"
  step distclean "$H distclean"
  step rpl-distclean "$R distclean"
}
