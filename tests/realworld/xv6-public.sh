# xv6 (x86): one hand-written Makefile: TOOLPREFIX and QEMU probed with
# $(shell) at parse time (QEMU recursively expanded, its "Couldn't find a
# working QEMU" messages printed at each use), -MD dependency files
# included with `-include *.d`, user programs linked by a `_%: %.o $(ULIB)`
# pattern rule with `.PRECIOUS: %.o`, fs.img made by the host-built mkfs,
# the boot block, kernel and disk image through ld/objcopy/dd, dist's
# $(shell grep runoff.list) loop; print and qemu with -n only.
#
# The kernel is compiled with gcc -m32 -c and linked with ld -m elf_i386,
# so no 32-bit libc is needed. gcc 12 warns about mp.c (an array-bounds
# warning) and the Makefile has -Werror: rw_configure drops -Werror.
#
# xv6 is no Debian source package on the test machine's mirror: export a
# snapshot of its repository and name it in RW_XV6_SRC, e.g.
#   git --git-dir=/work/.mirror/mit-pdos+xv6-public/repo archive HEAD | tar -x -C /tmp/rw-xv6-src
#   RW_XV6_SRC=/tmp/rw-xv6-src tests/realworld/run xv6-public
# Without it the project is skipped.
RW_SOURCE_ENV=RW_XV6_SRC

# -p output: see rw_normalize_db. dd reports its time and rate.
rw_normalize() {
  rw_normalize_db | sed -E 's/ copied, [0-9.e+-]+ s, .*/ copied (time)/'
}

rw_configure() {
  sed -i 's/ -Werror / /' Makefile
}

rw_steps() {
  step n-before 'make -n'
  step build-j2 --sorted 'make -j2'
  step noop --repeat 4 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step fs-n 'make -n fs.img'
  step fs-j2 --sorted 'make -j2 fs.img'
  step fs-q 'make -q fs.img xv6.img; echo status $?'
  step memfs 'make xv6memfs.img'
  prep 'touch proc.h'
  step touch-q 'make -q xv6.img; echo status $?'
  step touch-trace 'make --trace xv6.img fs.img'
  prep 'touch ulib.c'
  step touch-n 'make -n fs.img'
  step W 'make -n -W sh.c fs.img'
  step t 'make -t fs.img; echo status $?'
  step t-noop 'make fs.img xv6.img'
  prep 'rm -f cat.o'
  step intermediate 'make _cat fs.img; echo status $?'
  step qemu-n 'make -n qemu qemu-nox; echo status $?'
  step qemu-gdb-n 'make -n qemu-gdb; echo status $?'
  step gdbinit 'make .gdbinit'
  step print-n 'make -n print; echo status $?'
  step dist 'make dist'
  prep 'cp sysproc.c sysproc.c.rw && echo "#error rw: broken" >> sysproc.c'
  step broken-k-j2 --sorted 'make -k -j2 xv6.img fs.img; echo status $?'
  prep 'cat sysproc.c.rw > sysproc.c && rm sysproc.c.rw'
  step fixed 'make xv6.img fs.img'
  step clean 'make clean'
  step build-j2-O --sorted 'make -j2 -O xv6.img fs.img'
  step clean2 'make clean'
}
