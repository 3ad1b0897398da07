# Trusted Firmware-A: a large non-recursive GNU make build written with
# $(eval $(call MAKE_BL,...)) over make_helpers/*.mk (build_macros.mk's
# per-image object lists, linker-script preprocessing, .d files, the
# build-option defaults and assert_boolean checks through $(foreach)/$(eval),
# toolchain.mk's tool probing with $(shell)), for an AArch64 target with
# Debian's cross compiler (needs gcc-aarch64-linux-gnu and, for the device
# trees, device-tree-compiler). Built as Debian builds it: bl31 for fvp;
# the other images, qemu and the host tools with -n.
RW_PACKAGE=arm-trusted-firmware
RW_ORIG=1

# The images and bl31_main.o embed the build's time (__DATE__ and __TIME__
# through BUILD_MESSAGE_TIMESTAMP).
RW_NOHASH=('./build/*/bl31.bin' './build/*/bl31/bl31_main.o' './build/*/bl31/bl31.elf' './build/*/bl31/bl31.dump'
  './build/*/bl31/build_message.o' './build/*/bl31/bl31.map')

# -p shows GCC_MARCH_OUTPUT, gcc -v's output naming a random temporary file.
rw_normalize() {
  rw_normalize_db | sed -E 's#/tmp/cc[A-Za-z0-9]{6}\.s#/tmp/ccXXXXXX.s#g'
}

A='CROSS_COMPILE=aarch64-linux-gnu- CFLAGS=--param=min-pagesize=0 LDFLAGS= PLAT=fvp'

rw_steps() {
  step n-before "make $A -n bl31; echo status \$?"
  step q-before "make $A -q bl31; echo status \$?"
  step build --sorted "make $A -j2 bl31"
  step noop "make $A bl31"
  step q "make $A -q bl31; echo status \$?"
  step n-after "make $A -n bl31"
  step pq "make $A -pq bl31; echo status \$?"
  step n-all "make $A -n all fip; echo status \$?"
  step n-qemu "make CROSS_COMPILE=aarch64-linux-gnu- PLAT=qemu -n all; echo status \$?"
  step n-debug "make $A DEBUG=1 -n bl31; echo status \$?"
  prep 'touch include/lib/utils_def.h'
  step touch-n "make $A -n bl31"
  step touch-trace "make $A --trace bl31"
  prep 'echo "#error injected" >> lib/libc/memcpy.c; echo "#error injected" >> bl31/bl31_main.c'
  step k-fail "make $A -k bl31; echo status \$?"
  step k-fail-j2 --sorted "make $A -k -j2 bl31; echo status \$?"
  prep 'sed -i "/^#error injected/d" lib/libc/memcpy.c bl31/bl31_main.c'
  step rebuild "make $A bl31 V=1"
  step shuffle-n "make $A -n -B --shuffle=reverse bl31"
  step help "make help"
  step clean "make $A clean"
  step realclean "make $A realclean"
}
