# Apache NuttX (a GitHub snapshot: no Debian package): its GNU make build
# for the simulator (sim:nsh), tools/Unix.mk's two dependency passes and
# context phase, kconfig (needs kconfig-frontends-nox) through
# tools/configure.sh, Make.defs and Board.mk included everywhere, recursive
# makes over every OS directory and every application of the apps tree
# (Application.mk, Directory.mk, the registry of builtin apps), genromfs
# (needs genromfs) and a host-linked nuttx executable.
#   git --git-dir=$(fetch github:apache/nuttx) archive HEAD | tar -x -C WS/nuttx
#   git --git-dir=$(fetch github:apache/nuttx-apps) archive HEAD | tar -x -C WS/apps
#   RW_NUTTX_SRC=WS tests/realworld/run nuttx
RW_SOURCE_ENV=RW_NUTTX_SRC

# The simulator's package (nuttx.tgz) holds the build's mtimes; sim:nsh
# compiles with gcov's -fprofile-arcs, whose notes stamp (in the .gcno
# files and the objects, libraries and program made of them) differs from
# one compilation to the next: these are compared by name only.
RW_NOHASH=(./nuttx/nuttx.tgz './nuttx/sim-pac/*' '*.o' '*.gcno' '*.a' ./nuttx/nuttx
  ./nuttx/arch/sim/src/nuttx.rel)

# Its quiet output ends each "CC: x.c" with ESC [1K and no newline: one
# line a command, so that -j2 steps compare as sorted lines.
rw_normalize() {
  rw_normalize_db | sed 's/\x1b\[1K/\n/g' | sed '/^$/d'
}

rw_configure() {
  cd nuttx && ./tools/configure.sh -l sim:nsh
}

rw_steps() {
  step n-before 'cd nuttx && make -n > ../n.txt 2>&1; echo status $?; wc -l < ../n.txt; rm ../n.txt'
  step build --sorted 'cd nuttx && make -j2'
  step noop 'cd nuttx && make'
  step q 'cd nuttx && make -q; echo status $?'
  step n-after 'cd nuttx && make -n'
  step pq 'cd nuttx && make -pq; echo status $?'
  step trace-n 'cd nuttx && make -n --trace'
  prep 'touch nuttx/sched/sched/sched.h apps/examples/hello/hello_main.c'
  step touch-n 'cd nuttx && make -n'
  step touch-build --sorted 'cd nuttx && make -j2'
  prep 'echo "#error injected" >> nuttx/sched/sched/sched_yield.c; echo "#error injected" >> apps/nshlib/nsh_init.c'
  step k-fail 'cd nuttx && make -k; echo status $?'
  step k-fail-j2 --sorted 'cd nuttx && make -k -j2; echo status $?'
  prep 'sed -i "/^#error injected/d" nuttx/sched/sched/sched_yield.c apps/nshlib/nsh_init.c'
  step rebuild 'cd nuttx && make'
  step savedefconfig 'cd nuttx && make savedefconfig && cat defconfig | head -20'
  step clean 'cd nuttx && make clean'
  step distclean 'cd nuttx && make distclean'
}
