# json-c: a CMake project, built with CMake's "Unix Makefiles" generator
# (recursive $(MAKE) -f CMakeFiles/Makefile2, progress reports, depend
# files, `make help`, VERBOSE=1, per-object targets, install, test).
RW_PACKAGE=json-c

# CMake records the time it last checked the build system and the
# compiler-generated dependency files name the objects' absolute paths:
# compared by name only.
RW_NOHASH=(
  './CMakeFiles/*.log'
  './Testing/*'
  './tests/testSubDir/*'    # the tests' valgrind-wrapper logs name pids
)

# Test timings; with -j2 the progress percentages follow the order in which
# jobs start, which varies from run to run for either make.
rw_normalize() {
  sed -E -e 's/[0-9]+\.[0-9]+ sec/N sec/' -e 's/^\[ *[0-9]+%\] //'
}

rw_configure() {
  cmake -G 'Unix Makefiles' -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON . >/dev/null
}

rw_steps() {
  step help 'make help'
  step n-before 'make -n'
  step build 'make'
  step noop --repeat 4 'make'
  step n-after --repeat 4 'make -n'
  step q 'make -q'
  step verbose-noop 'make VERBOSE=1'
  prep 'touch json_object.h'
  step touch-n 'make -n'
  step touch-make 'make'
  step obj 'make json_util.o'
  step pre 'make json_tokener.i'
  step test 'make test'
  step install 'make install DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step build-j2 --sorted 'make -j2'
  step clean2 'make clean'
  step build-j2-O --sorted 'make -j2 -O'
  step k 'make -k nonexistent all'
}
