# U-Boot: its fork of Kbuild (older than Linux's, with its own
# scripts/Makefile.build, Makefile.lib, Kconfig and the SPL/TPL machinery in
# scripts/Makefile.spl), for the sandbox board: defconfig and savedefconfig
# (kconfig's conf built from flex and bison sources), the host tools
# (`tools-only`, `envtools`: tools/Makefile's hostprogs with per-object
# HOSTCFLAGS_x.o, dtc and libfdt sources shared through wrapper files), the
# preprocessed u-boot.cfg, and the whole image with -n, -q and -p (its
# build needs SDL and minutes). Needs flex and bison.
RW_PACKAGE=u-boot

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

# timestamp.h takes the build date from SOURCE_DATE_EPOCH when it is set.
D='env SOURCE_DATE_EPOCH=1700000000'

rw_steps() {
  step help "$D make help"
  step n-unconfigured "$D make -n tools-only; echo status \$?"
  step defconfig "$D make sandbox_defconfig"
  step savedefconfig "$D make savedefconfig && cmp defconfig configs/sandbox_defconfig; echo cmp \$?"
  step tools-only --sorted "$D make -j2 tools-only"
  step tools-noop --repeat 2 "$D make tools-only"
  step tools-q "$D make -q tools-only; echo status \$?"
  step envtools --sorted "$D make -j2 envtools"
  prep 'touch tools/mkimage.c include/image.h'
  step touch-n "$D make -n tools-only"
  step touch-make "$D make tools-only V=1"
  step cfg "$D make u-boot.cfg"
  step n "$D make -n NO_SDL=1 > n.txt 2>&1; echo status \$?; wc -l < n.txt; rm n.txt"
  step k-n "$D make -k -n NO_SDL=1 2>&1 | tail -20; echo status \$?"
  step q "$D make -q NO_SDL=1; echo status \$?"
  step pq "$D make -pq NO_SDL=1; echo status \$?"
  step pq-tools "$D make -pq -f scripts/Makefile.build obj=tools; echo status \$?"
  step olddefconfig "echo CONFIG_CMD_BOOTEFI_HELLO=n >> .config && $D make olddefconfig"
  step tools-after-config "$D make tools-only"
  step clean "$D make clean"
  step mrproper "$D make mrproper"
}
