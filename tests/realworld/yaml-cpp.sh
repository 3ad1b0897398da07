# yaml-cpp: a C++ library (src/*.cpp, src/contrib) with the parse tools
# (util/), built out of the source tree with CMake's "Unix Makefiles"
# generator: per-object targets named src/foo.o, each tool's own Makefile
# under build/util; see rw_cmake_steps in lib.sh. Its tests need googletest
# sources, which Debian's tarball leaves out: not built.
RW_PACKAGE=yaml-cpp

RW_NOHASH=(
  './build/CMakeFiles/*.log'   # cmake's configure logs
)

rw_normalize() { rw_cmake_normalize; }

rw_configure() {
  mkdir build && cd build &&
    rw_cmake_configure -DYAML_CPP_BUILD_TESTS=OFF -DYAML_BUILD_SHARED_LIBS=ON -DYAML_CPP_FORMAT_SOURCE=OFF ..
}

RW_CMAKE_BUILD=build RW_CMAKE_TARGET=yaml-cpp RW_CMAKE_SRC=src/null.cpp
RW_CMAKE_OBJ=src/null.o RW_CMAKE_HEADER=src/ptr_vector.h RW_CMAKE_SUBDIR=util

rw_steps() {
  rw_cmake_steps
}
