# expat: a CMake "Unix Makefiles" build out of the source tree (build/, the
# sources in expat/): the library, xmlwf, the examples and the tests, run
# through ctest by `make test`; see rw_cmake_steps in lib.sh. The targets
# that download the W3C test suite (run-xmltest) are not built.
RW_PACKAGE=expat

RW_NOHASH=(
  './build/CMakeFiles/*.log'   # cmake's configure logs (rewritten by the regeneration)
  './build/Testing/*'          # ctest's logs: dates and timings
)

# rw_cmake_normalize, and ctest's timings.
rw_normalize() {
  rw_cmake_normalize | sed -E 's/ +[0-9]+\.[0-9]+ sec/ N sec/'
}

rw_configure() {
  mkdir build && cd build && rw_cmake_configure -DCMAKE_BUILD_TYPE=RelWithDebInfo ../expat
}

RW_CMAKE_BUILD=build RW_CMAKE_TARGET=expat RW_CMAKE_SRC=expat/lib/xmlparse.c
RW_CMAKE_OBJ=lib/xmlparse.o RW_CMAKE_HEADER=expat/lib/expat.h RW_CMAKE_SUBDIR=
RW_CMAKE_LISTS=expat/CMakeLists.txt

rw_steps() {
  rw_cmake_steps
  step test 'cd build && make test'
  step examples-j2 --sorted 'cd build && make -j2 elements outline xmlwf'
}
