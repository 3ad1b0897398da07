# The Linux kernel (Debian's linux source package, upstream tree only):
# kbuild, the heaviest GNU make user: defconfig, a few top-level targets,
# `make prepare` and two directories built with -j2, then no-op, -q, -n,
# --trace, -W, -t, -p and clean. A full build is too long for the test
# machine. Needs flex, bison, bc, libelf-dev and libssl-dev.
RW_PACKAGE=linux

# -p output: see rw_normalize_db. objtool's libsubcmd.a depends on its
# output directory, which ar's rename updates in the same clock tick as the
# archive or the next one, as timing has it: --trace's "due to" may name it.
rw_normalize() {
  rw_normalize_db | sed -E 's#(due to: fixdep) [^ ]*/tools/objtool/libsubcmd FORCE$#\1 FORCE#'
}

rw_steps() {
  step defconfig 'make defconfig'
  step kernelversion 'make kernelversion'
  step help 'make help'
  step prepare --sorted 'make -j2 prepare'
  step prepare-noop --repeat 2 'make prepare'
  step init-sync --sorted 'make -j2 --output-sync init/'
  step lib --sorted 'make -j2 lib/'
  step noop --repeat 4 'make init/ lib/'
  step q --repeat 2 'make -q init/ lib/; echo status $?'
  step n --repeat 2 'make -n init/ lib/'
  step trace 'make --trace init/'
  step W 'make -W init/main.c -n init/'
  step o 'make -o include/generated/autoconf.h -n lib/'
  step pq 'make -pq; echo status $?'
  step pq-init 'make -pq init/; echo status $?'
  step n-all 'make -n'
  step k 'make -k -j2 init/ lib/ no-such-dir/; echo status $?'
  prep 'touch include/linux/kernel.h'
  step touch-n 'make -n init/'
  step touch-t 'make -t init/'
  step touch-noop 'make init/'
  step clean 'make clean'
}
