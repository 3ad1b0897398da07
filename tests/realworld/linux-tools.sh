# The Linux kernel's tools/ build system (Debian's linux source package,
# tools/ plus the headers and scripts it reads; the kernel itself is
# linux.sh): tools/Makefile's descend dispatch with `%_install`/`%_clean`
# style targets, tools/build's Makefile.build (Build files with obj-y/
# prog-y lists, fixdep rewriting .cmd files, $(build)= recursion through
# `FORCE` prerequisites, the `-in.o` partial links), `MAKEFLAGS += -r` set
# inside the makefile, gpio/iio/spi/counter, objtool (libsubcmd built by a
# sub-make and installed into its output directory, O= out of tree),
# libperf, turbostat, and perf with -n only: its wrapper Makefile (whose
# sub-make hides behind a variable, so -n prints it), Makefile.perf's
# feature detection (a $(MAKE) of tools/build/feature run through $(shell)
# at parse time, compiling test programs even under -n), check-headers.sh,
# fixdep made through a $(MAKE) recipe under -n; -q, -t, -W, --trace, V=1,
# a compile error with -k -j2, install, clean.
RW_PACKAGE=linux

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

# Only the tools and what they read: the rest of the 1.7 GB tree goes.
rw_configure() {
  find . -mindepth 1 -maxdepth 1 ! -name tools ! -name include ! -name arch ! -name scripts \
    ! -name lib ! -name kernel ! -name Makefile ! -name COPYING -exec rm -rf {} + &&
    find arch -mindepth 1 -maxdepth 1 ! -name x86 ! -name Kconfig -exec rm -rf {} +
}

rw_steps() {
  local perf='NO_LIBPYTHON=1 NO_LIBTRACEEVENT=1 NO_JEVENTS=1'
  step help 'make -C tools help'
  step gpio-n 'make -C tools -n gpio'
  step build-j2 --sorted 'make -C tools -j2 gpio iio spi counter'
  step noop --repeat 2 'make -C tools gpio iio spi counter'
  step q 'make -C tools/gpio -q; echo status $?'
  step n-after 'make -C tools/iio -n'
  step pq 'make -C tools/gpio -pq; echo status $?'
  prep 'touch tools/gpio/gpio-utils.h'
  step touch-n 'make -C tools/gpio -n'
  step touch-trace 'make -C tools/gpio --trace'
  prep 'touch tools/iio/iio_utils.c'
  step touch-V 'make -C tools/iio V=1'
  step W 'make -C tools/spi -n -W spidev_test.c'
  prep 'touch tools/counter/counter_example.c'
  step t 'make -C tools/counter -t; echo status $?'
  step t-noop 'make -C tools/counter'
  step install 'make -C tools gpio_install iio_install DESTDIR=$PWD/_destdir'
  step objtool-n 'make -C tools/objtool -n'
  step objtool-j2 --sorted 'make -C tools/objtool -j2'
  step objtool-noop 'make -C tools/objtool'
  step objtool-q 'make -C tools/objtool -q; echo status $?'
  prep 'touch tools/objtool/include/objtool/elf.h'
  step objtool-trace 'make -C tools/objtool --trace'
  step objtool-O 'mkdir -p _objtool && make -C tools/objtool O=$PWD/_objtool'
  step libperf-j2 --sorted 'make -C tools/lib/perf -j2'
  step libperf-q 'make -C tools/lib/perf -q; echo status $?'
  step turbostat 'make -C tools turbostat'
  prep 'cp tools/spi/spidev_fdx.c tools/spi/rw.c && echo "#error rw: broken" >> tools/spi/spidev_fdx.c'
  step broken 'make -C tools spi; echo status $?'
  step broken-k-j2 --sorted 'make -C tools/spi -k -j2; echo status $?'
  prep 'cat tools/spi/rw.c > tools/spi/spidev_fdx.c && rm tools/spi/rw.c'
  step fixed 'make -C tools spi'
  step perf-wrapper-n "make -C tools/perf -n $perf; echo status \$?"
  step perf-n "cd tools/perf && make -f Makefile.perf -n $perf; echo status \$?"
  step perf-help "cd tools/perf && make -f Makefile.perf help $perf | head -20"
  step clean 'make -C tools gpio_clean iio_clean spi_clean counter_clean objtool_clean turbostat_clean'
  step clean-libperf 'make -C tools/lib/perf clean'
}
