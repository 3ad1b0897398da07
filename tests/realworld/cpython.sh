# CPython (Debian's python3.13 source package): configure, a -j2 build,
# then no-op, -n, -q, rebuild-after-touch, platform, test, install, clean and
# distclean, all in one tree per make.
RW_PACKAGE=python3.13

# Compared by name only: contents embedding the build date
# (Modules/getbuildinfo.c uses __DATE__ and __TIME__) or build-time mtimes.
RW_NOHASH=(
  ./Modules/getbuildinfo.o      # __DATE__ __TIME__
  '*/libpython3.13.a'           # contains getbuildinfo.o (built and installed)
  ./python                      # these link getbuildinfo.o
  ./_destdir/usr/local/bin/python3.13
  ./_bootstrap_python
  ./Programs/_freeze_module
  ./Programs/_testembed
  '*.pyc'                       # timestamp pycs record the source's mtime; generated sources
                                # (e.g. _sysconfigdata) get a fresh mtime on each build
)
# The test run's scratch files (named after the test process's pid).
RW_EXCLUDE=('./build/test_python_*')

rw_configure() {
  ./configure
}

# Test output carries timings, load averages and a random seed (and the
# order in which the two test workers finish varies: that step is --sorted).
# `make install` runs compileall with parallel workers whose "Compiling ..."
# lines interleave, even within a line (--sorted, lines split again and
# blank lines dropped), and pip
# installs from a random temporary directory.
rw_normalize() {
  sed -E -e 's/[0-9]+(\.[0-9]+)? (sec|ms)\b/N TIME/g' \
    -e 's/^0:[0-9]{2}:[0-9]{2} /0:00:00 /' \
    -e 's/load avg: [0-9.]+/load avg: N/' \
    -e 's/(random seed:?) [0-9]+/\1 N/; s/-r? ?--randseed=[0-9]+/--randseed=N/' \
    -e 's/(build|[Tt]est[a-z_]*)_[0-9]+(_|\b)/\1_PID\2/g' \
    -e "s/\.\.\.Compiling '/...\nCompiling '/g" \
    -e 's#/tmp/tmp[a-z0-9_]{8}#/tmp/tmpXXXXXXXX#g' | grep -v '^$'
}

rw_steps() {
  step n-before 'make -n'
  step build --sorted 'make -j2'
  step import './python -c "import sys; print(sys.version_info[:2])"'
  step n-after --repeat 4 'make -n'
  step q --repeat 4 'make -q'
  step noop --repeat 4 'make'
  prep 'touch Modules/_math.h'
  step touch-n --repeat 4 'make -n'
  step touch-make 'make'
  step platform 'make platform'
  step test --sorted 'make test TESTOPTS="-j2 test_int test_list"'
  step install --sorted 'make install DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step distclean 'make distclean'
}
