# tinyxml2: a small C++ CMake project built in the source tree with its
# test (xmltest, run by `make test` through ctest, in the source directory's
# resources/); see rw_cmake_steps in lib.sh.
RW_PACKAGE=tinyxml2

RW_NOHASH=(
  './CMakeFiles/*.log'   # cmake's configure logs
  './Testing/*'          # ctest's logs: dates and timings
)

rw_normalize() {
  rw_cmake_normalize | sed -E 's/ +[0-9]+\.[0-9]+ sec/ N sec/'
}

rw_configure() {
  rw_cmake_configure -DBUILD_TESTING=ON
}

RW_CMAKE_TARGET=tinyxml2 RW_CMAKE_SRC=tinyxml2.cpp RW_CMAKE_OBJ=tinyxml2.o
RW_CMAKE_HEADER=tinyxml2.h RW_CMAKE_SUBDIR=

rw_steps() {
  rw_cmake_steps
  step test 'make test'
}
