# Little Kernel (lk): a veneer makefile re-invoking make with -rR -f
# engine.mk and -I include paths for whatever goals were given (a
# `$(MAKECMDGOALS): _top` rule with `@:`), engine.mk turning the goal into
# PROJECT, including project/target/platform/arch rules.mk files and every
# module's rules.mk through a MODULES worklist loop, compiler flags probed
# with $(shell) (cached in make variables with $(eval)), config.h and each
# module's module_config.h written only when their content changes,
# generated makefiles (make-make) remade and re-executed, under -n too.
# Cross projects (arm64, riscv64: no cross compilers here) with -n, -q and
# -pq only; the x86-64 PC project compiled with the host gcc under -k
# (the host headers lack what dlmalloc wants, so some objects fail
# and the link is never reached).
#
# lk is no Debian source package on the test machine's mirror: export a
# snapshot of its repository and name it in RW_LK_SRC, e.g.
#   git --git-dir=/work/.mirror/littlekernel+lk/repo archive HEAD | tar -x -C /tmp/rw-lk-src
#   RW_LK_SRC=/tmp/rw-lk-src tests/realworld/run littlekernel
# (the mirror lacks one large blob, an .svd register description: archive
# with the pathspec ':!external/platform/pico/rp2350/hardware_regs/RP2350.svd').
# Without it the project is skipped.
RW_SOURCE_ENV=RW_LK_SRC

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

# lib/version makes BUILDID from the time unless it is set: given on the
# command line (it reaches the inner make through MAKEFLAGS).
M='make BUILDID=rw'
X='TOOLCHAIN_PREFIX=x86_64-linux-gnu-'

rw_steps() {
  step list "$M list"
  step help "$M help"
  step arm64-n "$M -n qemu-virt-arm64-test; echo status \$?"
  step arm64-q "$M -q qemu-virt-arm64-test; echo status \$?"
  step arm64-n-again "$M -n qemu-virt-arm64-test; echo status \$?"
  step arm64-pq "$M -pq qemu-virt-arm64-test; echo status \$?"
  step riscv64-n "$M -n PROJECT=qemu-virt-riscv64-test; echo status \$?"
  step riscv64-q "$M -q qemu-virt-riscv64-test; echo status \$?"
  step arm32-build "$M qemu-virt-arm32-minimal; echo status \$?"
  step arm32-pq "$M -pq qemu-virt-arm32-minimal; echo status \$?"
  step x86-n "$M -n pc-x86-64-test $X; echo status \$?"
  # Serial: under -j the line a failure is reported at is the one the
  # recipe's jobs last took (shared by a module's objects), which depends
  # on timing.
  step x86-k "$M -k pc-x86-64-test $X; echo status \$?"
  step x86-q "$M -q pc-x86-64-test $X; echo status \$?"
  step x86-n-after "$M -n pc-x86-64-test $X; echo status \$?"
  prep 'touch lib/cbuf/include/lib/cbuf.h'
  step x86-touch-trace-k "$M -k --trace pc-x86-64-test $X; echo status \$?"
  step x86-pq "$M -pq pc-x86-64-test $X; echo status \$?"
  step clean "$M clean pc-x86-64-test; echo status \$?"
  step spotless "$M spotless; echo status \$?"
}
