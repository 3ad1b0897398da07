# busybox: kbuild's older sibling (Kbuild/Makefile per directory, kconfig
# with generated Config.in and Kbuild files, fixdep, split-include into
# include/config/*.h, lib-y archives, the final link via a shell script).
# To keep the build short: allnoconfig, then a handful of applets turned on
# in .config and `make oldconfig` (busybox's allnoconfig sets everything to
# "n" even when KCONFIG_ALLCONFIG names a file).
RW_PACKAGE=busybox

# kconfig writes the time into .config and include/autoconf.h (and so into
# libbb/messages.o and the binary) unless KCONFIG_NOTIMESTAMP is set: every
# make runs with it in the environment.
M='KCONFIG_NOTIMESTAMP=1 make'

# -p output: see rw_normalize_db. --debug output starts with the version
# banner, which rmake words differently on purpose: left out.
rw_normalize() {
  rw_normalize_db | sed '/^GNU Make 4\.4\.1/,/^There is NO WARRANTY/d'
}

RW_APPLETS='CAT ECHO LS WC SEQ TRUE FALSE BASENAME SED GREP'

rw_steps() {
  step defconfig "$M defconfig"
  step allnoconfig "$M allnoconfig"
  prep "for a in $RW_APPLETS; do sed -i \"s/^# CONFIG_\$a is not set\$/CONFIG_\$a=y/\" .config; done"
  step oldconfig "yes '' | $M oldconfig"
  step help "$M help"
  step n-before "$M -n"
  step build --sorted "$M -j2"
  step version './busybox echo hello; ./busybox seq 3 | ./busybox wc -l'
  step noop --repeat 4 "$M"
  step q --repeat 2 "$M -q; echo status \$?"
  step n-after --repeat 2 "$M -n"
  step debug-v "$M --debug=v -n"
  step pq "$M -pq; echo status \$?"
  prep 'touch include/libbb.h'
  step touch-n "$M -n"
  step touch-V1 "$M V=1"
  prep 'touch coreutils/cat.c'
  step touch-W "$M -W coreutils/echo.c -n"
  step touch-t "$M -t; echo status \$?"
  step after-t "$M"
  step k "$M -k -j2 all no-such-target; echo status \$?"
  step clean "$M clean"
  step build-j2-O --sorted "$M -j2 -O"
  step install "$M install CONFIG_PREFIX=\$PWD/_install"
  step distclean "$M distclean"
}
