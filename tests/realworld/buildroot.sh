# buildroot: the embedded Linux build system, written in make alone: a
# top-level Makefile that re-runs itself for O=, kconfig built with the host
# compiler, thousands of package/*/*.mk files instantiated through
# $(eval $(call ...)) of generic-package templates, $(foreach) over every
# package for the introspection targets (show-info's JSON, printvars,
# show-build-order, <pkg>-show-depends). No step downloads: there is no
# network, so the checks are the configuration, introspection, -n, -q, -p
# and clean targets. `make -n` runs the recipe lines marked `+` (the first
# package's install commands), which fail on the missing build tree, the
# same with both makes. Needs gcc, g++, cpio, rsync, file, bc, unzip
# (support/dependencies/dependencies.sh checks them, under -n too).
#
# Buildroot is not a Debian package: fetch a snapshot of its repository and
# export its tree, then name it in RW_BUILDROOT_SRC, e.g.
#   git --git-dir=DIR archive HEAD | tar -x -C /tmp/rw-br-src
#   RW_BUILDROOT_SRC=/tmp/rw-br-src tests/realworld/run buildroot
# Without it the project is skipped.
RW_SOURCE_ENV=RW_BUILDROOT_SRC

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  true
}

rw_steps() {
  step help 'make help'
  step list-defconfigs 'make list-defconfigs'
  step q-unconfigured 'make -q show-targets; echo status $?'
  step defconfig --sorted 'make -j2 qemu_x86_64_defconfig'
  step savedefconfig 'make savedefconfig BR2_DEFCONFIG=$PWD/qemu.defconfig'
  step show-targets --repeat 2 'make show-targets'
  step show-info 'make show-info'
  step printvars "make printvars VARS='BUSYBOX_% LINUX_VERSION%'"
  step printvars-raw "make printvars VARS='BUSYBOX_SOURCE BUSYBOX_SITE BUSYBOX_INSTALL_TARGET_CMDS BUSYBOX_FINAL_DEPENDENCIES' RAW_VARS=YES QUOTED_VARS=YES"
  step show-depends 'make busybox-show-depends busybox-show-rdepends busybox-show-recursive-depends linux-headers-show-recursive-rdepends'
  step show-version 'make busybox-show-version linux-show-info host-tar-show-info'
  step show-build-order 'make show-build-order'
  step external-deps 'make external-deps'
  step trace 'make --trace busybox-show-depends'
  step q 'make -q; echo status $?'
  step n-source 'make -n busybox-source linux-headers-source'
  step n-dirclean 'make -n busybox-dirclean host-tar-dirclean'
  step n 'make -n; echo status $?'
  step pq 'make -pq; echo status $?'
  step j2-show-info 'make -j2 busybox-show-info'
  step o-defconfig --sorted 'make -j2 O=$PWD/output-rpi raspberrypi4_64_defconfig'
  step o-show-info 'make -C output-rpi show-info'
  step o-printvars "make O=\$PWD/output-rpi printvars VARS='LINUX_KCONFIG_% BR2_ROOTFS%'"
  step o-savedefconfig 'make -C output-rpi savedefconfig BR2_DEFCONFIG=$PWD/rpi.defconfig'
  step o-n 'make -n O=$PWD/output-rpi busybox-rebuild; echo status $?'
  step clean 'make clean'
  step distclean 'make distclean'
  step help-after 'make -s help | head -5'
}
