# coreboot: the top-level Makefile and Makefile.mk (kconfig from
# util/kconfig, the generated .xcompile toolchain description, sconfig
# built and run to make static.c from the devicetree, the
# "classes"/"special classes" machinery: every subdirectory's Makefile.mk
# included through evaluate_subdirs, per-stage object lists turned into
# rules with $(eval $(call ...)), cbfs-files processors whose temporary
# names come from $(shell mktemp)), configured for the QEMU i440fx board.
# No coreboot cross toolchain and no iasl here: the build stops in
# toolchain.mk with $(warning)s and an $(error) unless CONFIG_ANY_TOOLCHAIN
# is set and IASL is given (IASL=false on the command line); the checks
# compare what make decides (-n, -q, -pq, --trace under -n), not a build.
#
# coreboot is no Debian source package on the test machine's mirror:
# export a snapshot of its repository and name it in RW_COREBOOT_SRC, e.g.
#   git --git-dir=/work/.mirror/coreboot+coreboot/repo archive refs/heads/main | tar -x -C /tmp/rw-coreboot-src
#   RW_COREBOOT_SRC=/tmp/rw-coreboot-src tests/realworld/run coreboot
# (the mirror also has a branch named HEAD, hence refs/heads/main). Its
# 3rdparty submodules are not needed. Without it the project is skipped.
RW_SOURCE_ENV=RW_COREBOOT_SRC

# The cbfs-files processors write to files named by mktemp, which differ
# from run to run: their names are masked in the outputs and the files
# left out of the comparison. -p output: see rw_normalize_db.
RW_EXCLUDE=('./build/mainboard/*/cbfs-file.*')
# Their hashes also place them differently in -p's file table: -pq is
# compared with its lines sorted.
rw_normalize() {
  rw_normalize_db | sed -E 's/cbfs-file\.[A-Za-z0-9]{6}/cbfs-file.XXXXXX/g'
}

# Without git, util/genbuild_h takes the build time from `date` (into
# SOURCE_DATE_EPOCH and build/build.h) unless BUILD_TIMELESS=1.
M='BUILD_TIMELESS=1 make'

rw_steps() {
  step help "$M help"
  step help-toolchain "$M help_toolchain"
  step n-unconfigured "$M -n; echo status \$?"
  step defconfig "$M defconfig KBUILD_DEFCONFIG=configs/config.emulation_qemu_x86_i440fx"
  step no-toolchain-n "$M -n; echo status \$?"
  step no-toolchain-q "$M -q; echo status \$?"
  prep 'echo CONFIG_ANY_TOOLCHAIN=y >> .config'
  step olddefconfig "$M olddefconfig"
  step no-iasl-n "$M -n; echo status \$?"
  step n "$M -n IASL=false; echo status \$?"
  step q "$M -q IASL=false; echo status \$?"
  step n-again "$M -n IASL=false; echo status \$?"
  step pq --sorted "$M -pq IASL=false; echo status \$?"
  step trace-n "$M -n --trace IASL=false; echo status \$?"
  step n-k "$M -n -k IASL=false; echo status \$?"
  step n-target "$M -n IASL=false build/ramstage/lib/malloc.o build/bootblock/lib/halt.o; echo status \$?"
  step savedefconfig "$M savedefconfig"
  step crossgcc-n "$M -n crossgcc-i386; echo status \$?"
  step clean "$M clean"
  step distclean "$M distclean"
  # Other boards and architectures: x86 boards with their own devicetrees
  # and CMOS option tables, and QEMU for aarch64, riscv64 and power9,
  # whose missing compilers stop toolchain.mk.
  for c in emulation_qemu_x86_q35_smm_tseg asus_p2b_ramdebug pcengines_apu2 \
    emulation_qemu_aarch64_zstd emulation_qemu_riscv_rv64 emulation_qemu_power9; do
    step "$c-defconfig" "$M defconfig KBUILD_DEFCONFIG=configs/config.$c"
    prep 'echo CONFIG_ANY_TOOLCHAIN=y >> .config'
    step "$c-olddefconfig" "$M olddefconfig"
    step "$c-n-k" "$M -n -k IASL=false; echo status \$?"
    step "$c-q" "$M -q IASL=false; echo status \$?"
    step "$c-distclean" "$M distclean"
  done
}
