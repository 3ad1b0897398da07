# iPXE: src/Makefile and its 1750-line Makefile.housekeeping: BIN
# directories parsed from the goals ($(BIN)/ipxe.lkrn, bin-x86_64-efi/...),
# about 960 sources found with $(wildcard) over SRCDIRS, for each a
# dependency file made by the C preprocessor (-M -MG) and included with
# `-include` (all remade, and make re-executed, before the first goal, under
# -n too), per-object rules generated with $(eval $(call rules_template,...))
# (and their .d's `foo_DEPS +=` lists as prerequisites), compile flags
# stored in $(BIN)/.xxx.list files rewritten only when they change (config
# and debug lists remaking named.h, assert.h, profile.h, compiler.h, all
# .PRECIOUS), DEBUG= objects through dbg%.o patterns, host tools in util/
# (zbin, with liblzma), ROM images through objcopy and perl. Built for the
# bin (i386 PC BIOS) platform: ipxe.lkrn, undionly.kpxe, a ROM.
#
# iPXE's Debian package is not on the test machine's mirror: fetch a
# snapshot of its repository and export its tree, then name it in
# RW_IPXE_SRC, e.g.
#   git --git-dir=DIR archive HEAD | tar -x -C /tmp/rw-ipxe-src
#   RW_IPXE_SRC=/tmp/rw-ipxe-src tests/realworld/run ipxe
# Without it the project is skipped. Needs liblzma-dev, perl.
RW_SOURCE_ENV=RW_IPXE_SRC

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

# The link stamps _build_timestamp with $(shell date +%s) unless
# SOURCE_DATE_EPOCH is set.
M='make -C src SOURCE_DATE_EPOCH=1700000000'

rw_steps() {
  step version "$M version"
  step arch "$M bin-x86_64-efi arch platform"
  step srcdirs "$M srcdirs incdirs"
  # Every dependency file made before the first goal is considered.
  step n-before "$M -n bin/ipxe.lkrn"
  step build-j2 --sorted "$M -j2 bin/ipxe.lkrn bin/undionly.kpxe"
  step noop --repeat 2 "$M bin/ipxe.lkrn bin/undionly.kpxe"
  step q "$M -q bin/ipxe.lkrn; echo status \$?"
  step n-after "$M -n bin/ipxe.lkrn bin/undionly.kpxe"
  step pq "$M -pq bin/ipxe.lkrn; echo status \$?"
  # A header a few dozen sources include, through their .d files.
  prep 'touch src/include/ipxe/tcp.h'
  step touch-q "$M -q bin/ipxe.lkrn; echo status \$?"
  step touch-n "$M -n bin/ipxe.lkrn"
  step touch-build --sorted "$M -j2 bin/ipxe.lkrn bin/undionly.kpxe"
  prep 'touch src/net/udp.c'
  step touch-c-V "$M V=1 bin/ipxe.lkrn"
  prep 'touch src/core/string.c'
  step t "$M -t bin/ipxe.lkrn; echo status \$?"
  step t-noop "$M bin/ipxe.lkrn"
  step W "$M -n -W net/ipv4.c bin/ipxe.lkrn"
  # -t made the missing intermediates (bin/version.ipxe.lkrn.o and the
  # like) as empty files, which the next links would take: removed.
  prep 'rm -f src/bin/version.*.o'
  # A ROM image: objects shared, its own link and the perl fixups.
  step rom "$M bin/8086100e.mrom"
  # DEBUG= adds dbg objects and rewrites the debug list.
  step debug-n "$M -n DEBUG=tcp bin/ipxe.lkrn"
  step debug --sorted "$M -j2 DEBUG=tcp bin/ipxe.lkrn"
  step debug-off "$M bin/ipxe.lkrn"
  prep 'cp src/net/tcp.c src/net/tcp.c.rw && echo "#error rw: broken" >> src/net/tcp.c'
  step broken "$M bin/ipxe.lkrn; echo status \$?"
  step broken-k-j2 --sorted "$M -k -j2 bin/ipxe.lkrn bin/undionly.kpxe; echo status \$?"
  prep 'cat src/net/tcp.c.rw > src/net/tcp.c && rm src/net/tcp.c.rw'
  step fixed "$M bin/ipxe.lkrn"
  step clean "$M clean"
  step veryclean "$M veryclean"
}
