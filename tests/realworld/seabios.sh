# SeaBIOS: a Kconfig build (-include .config, remade by a sub-make running
# scripts/kconfig/Makefile from $(OUT) with -f; autoconf.h by silentoldconfig),
# 16-bit and 32-bit objects from one source list through $(call)'d recipes,
# python tools (checkrom, layoutrom, encodeint) and -MD dependency files.
RW_PACKAGE=seabios
RW_ORIG=1

# The ROM and the files derived from it embed the build's host name, date
# and time (version.c) and a random id: compared by name only.
RW_NOHASH=('./out/*')

rw_normalize() {
  rw_normalize_db | sed -E 's/(Version: |version ")[^ "]*-[0-9]{8}_[0-9]{6}-[^ "]*/\1V/g'
}

# The Makefile runs its scripts with "python", which Debian lacks.
rw_steps() {
  step n-fresh 'make PYTHON=python3 -n; echo status $?'
  step q-fresh 'make PYTHON=python3 -q; echo status $?'
  step build --sorted 'make PYTHON=python3 -j2'
  step noop 'make PYTHON=python3'
  step q 'make PYTHON=python3 -q; echo status $?'
  step n-after 'make PYTHON=python3 -n'
  step pq 'make PYTHON=python3 -pq; echo status $?'
  step trace-n 'make PYTHON=python3 -n --trace'
  prep 'touch src/util.h'
  step touch-n 'make PYTHON=python3 -n'
  step touch-build 'make PYTHON=python3'
  prep 'echo "CONFIG_BUILD_VGABIOS=y" >> .config; echo "CONFIG_VGA_CIRRUS=y" >> .config'
  step vga-config 'make PYTHON=python3 olddefconfig'
  step vga-n 'make PYTHON=python3 -n'
  prep 'echo "#error injected" >> src/vgahooks.c'
  step k-fail 'make PYTHON=python3 -k; echo status $?'
  step k-fail-j2 --sorted 'make PYTHON=python3 -k -j2; echo status $?'
  prep 'sed -i "/^#error injected/d" src/vgahooks.c'
  step vga-build 'make PYTHON=python3'
  step shuffle-n 'make PYTHON=python3 -n -B --shuffle=reverse'
  step W-n 'make PYTHON=python3 -n -W src/string.c'
  step touch-t 'make PYTHON=python3 -t; echo status $?'
  step osync --sorted 'make PYTHON=python3 -j2 -Otarget -B'
  step help 'make PYTHON=python3 help'
  step clean 'make PYTHON=python3 clean'
  step distclean 'make PYTHON=python3 distclean'
}
