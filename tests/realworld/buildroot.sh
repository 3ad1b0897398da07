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

# -p output: see rw_normalize_db. -d output: the version text it starts
# with (rw_normalize_version: each make names itself), the addresses of
# GNU's child structures and the children's pids.
rw_normalize() {
  rw_normalize_db | rw_normalize_version | sed -E -e 's/0x[0-9a-f]+/0xADDR/g; s/PID [0-9]+/PID N/g'
}

# A BR2_EXTERNAL tree with one package (a local site, its own Config.in and
# defconfig), for the external-tree machinery: external.desc parsed by
# support/scripts/br2-external, its Config.in and .mk files included.
rw_configure() {
  mkdir -p ext/configs ext/package/hello/src
  printf 'name: RWEXT\ndesc: rmake test external tree\n' > ext/external.desc
  echo 'source "$BR2_EXTERNAL_RWEXT_PATH/package/hello/Config.in"' > ext/Config.in
  echo 'include $(sort $(wildcard $(BR2_EXTERNAL_RWEXT_PATH)/package/*/*.mk))' > ext/external.mk
  printf 'config BR2_PACKAGE_HELLO\n\tbool "hello"\n\tselect BR2_PACKAGE_ZLIB\n\thelp\n\t  A test package.\n' \
    > ext/package/hello/Config.in
  cat > ext/package/hello/hello.mk <<'EOF'
HELLO_VERSION = 1.0
HELLO_SITE = $(BR2_EXTERNAL_RWEXT_PATH)/package/hello/src
HELLO_SITE_METHOD = local
HELLO_LICENSE = MIT
HELLO_DEPENDENCIES = zlib

define HELLO_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) CC="$(TARGET_CC)" -C $(@D) hello
endef

define HELLO_INSTALL_TARGET_CMDS
	$(INSTALL) -D -m 0755 $(@D)/hello $(TARGET_DIR)/usr/bin/hello
endef

$(eval $(generic-package))
EOF
  printf 'int main(void) { return 0; }\n' > ext/package/hello/src/hello.c
  printf 'BR2_x86_64=y\nBR2_PACKAGE_HELLO=y\nBR2_TARGET_ROOTFS_TAR=y\n' > ext/configs/rwext_defconfig
}

rw_steps() {
  step help 'make help'
  step list-defconfigs 'make list-defconfigs'
  step q-unconfigured 'make -q show-targets; echo status $?'
  step defconfig --sorted 'make -j2 qemu_x86_64_defconfig'
  step savedefconfig 'make savedefconfig BR2_DEFCONFIG=$PWD/qemu.defconfig'
  step show-targets --repeat 2 'make show-targets'
  step show-info 'make show-info'
  step show-info-all 'make show-info-all'
  step show-vars "make show-vars VARS='BR2_TARGET% BUSYBOX_%'"
  step print-version 'make print-version'
  step printvars "make printvars VARS='BUSYBOX_% LINUX_VERSION%'"
  step printvars-raw "make printvars VARS='BUSYBOX_SOURCE BUSYBOX_SITE BUSYBOX_INSTALL_TARGET_CMDS BUSYBOX_FINAL_DEPENDENCIES' RAW_VARS=YES QUOTED_VARS=YES"
  step show-depends 'make busybox-show-depends busybox-show-rdepends busybox-show-recursive-depends linux-headers-show-recursive-rdepends'
  step show-version 'make busybox-show-version linux-show-info host-tar-show-info'
  step show-build-order 'make show-build-order'
  step external-deps 'make external-deps'
  step trace 'make --trace busybox-show-depends'
  step warn-undefined 'make --warn-undefined-variables busybox-show-version'
  step debug 'make -d busybox-show-version'
  step q 'make -q; echo status $?'
  step n-source 'make -n busybox-source linux-headers-source'
  step n-dirclean 'make -n busybox-dirclean host-tar-dirclean'
  step n 'make -n; echo status $?'
  step k-n 'make -k -n; echo status $?'
  step pq 'make -pq; echo status $?'
  step syncconfig 'make syncconfig'
  prep 'touch .config'
  step prepare-n 'make -n prepare'
  step prepare-q 'make -q prepare; echo status $?'
  step prepare 'make prepare'
  step prepare-noop 'make prepare'
  step j2-show-info 'make -j2 busybox-show-info'
  step o-defconfig --sorted 'make -j2 O=$PWD/output-rpi raspberrypi4_64_defconfig'
  step o-show-info 'make -C output-rpi show-info'
  step o-printvars "make O=\$PWD/output-rpi printvars VARS='LINUX_KCONFIG_% BR2_ROOTFS%'"
  step o-savedefconfig 'make -C output-rpi savedefconfig BR2_DEFCONFIG=$PWD/rpi.defconfig'
  step o-n 'make -n O=$PWD/output-rpi busybox-rebuild; echo status $?'
  step ext-defconfig --sorted 'make -j2 BR2_EXTERNAL=$PWD/ext O=$PWD/output-ext rwext_defconfig'
  step ext-list-defconfigs 'make -C output-ext list-defconfigs'
  step ext-show-info 'make -C output-ext hello-show-info hello-show-recursive-depends'
  step ext-printvars "make -C output-ext printvars VARS='HELLO_% BR2_EXTERNAL%'"
  step ext-n 'make -C output-ext -n hello-rebuild; echo status $?'
  step ext-savedefconfig 'make -C output-ext savedefconfig BR2_DEFCONFIG=$PWD/ext.defconfig'
  # Per-package directories: no .NOTPARALLEL at the top level, so -j2
  # runs the package steps in parallel (the outputs' order varies: the
  # status is compared).
  step ppd-j2-k-n 'echo BR2_PER_PACKAGE_DIRECTORIES=y >> .config && make -s olddefconfig && make -j2 -k -n > /dev/null 2>&1; echo status $?'
  step allyesconfig 'make -s allyesconfig'
  step allyes-show-info 'make show-info; echo status $?'
  step clean 'make clean'
  step distclean 'make distclean'
  step help-after 'make -s help | tail -3'
}
