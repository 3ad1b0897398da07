# OP-TEE OS: its mk/ framework (mk/subdir.mk walking sub.mk files with a
# directory stack in variables, per-source flags through computed names,
# mk/compile.mk's $(eval $(call ...)) per object with .cmd files compared
# through $(filter-out) to force rebuilds, mk/lib.mk, conf.mk generating
# conf.h/conf.mk from every CFG_ variable, $(call cfg-depends-all,...)
# and friends, ta_dev_kit export rules) for several platforms; no aarch64
# or arm cross compiler on the test machine, so -n, -q, -pq, and one -k
# run whose generated headers (Python scripts) are made and whose every
# compile fails.
#
# OP-TEE is no Debian source package: export a snapshot of its repository
# and name it in RW_OPTEE_OS_SRC, e.g.
#   git --git-dir=/work/.mirror/OP-TEE+optee_os/repo archive HEAD | tar -x -C /tmp/rw-optee-src
#   RW_OPTEE_OS_SRC=/tmp/rw-optee-src tests/realworld/run optee_os
# Without it the project is skipped.
RW_SOURCE_ENV=RW_OPTEE_OS_SRC

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  local a64='PLATFORM=vexpress-qemu_armv8a CFG_ARM64_core=y'
  step n-arm64 "make -n $a64; echo status \$?"
  step n-arm32 'make -n PLATFORM=vexpress-qemu_virt; echo status $?'
  step n-stm32mp1 'make -n PLATFORM=stm32mp1; echo status $?'
  step n-rpi3 'make -n PLATFORM=rpi3 CFG_ARM64_core=y; echo status $?'
  step n-imx 'make -n PLATFORM=imx-mx6qsabrelite; echo status $?'
  step q "make -q $a64; echo status \$?"
  step pq "make -pq $a64; echo status \$?"
  step k "make -k $a64; echo status \$?"
  step k-again-n "make -n $a64; echo status \$?"
  step k-q "make -q $a64; echo status \$?"
  step clean-n "make -n clean $a64; echo status \$?"
  step clean "make clean $a64; echo status \$?"
}
