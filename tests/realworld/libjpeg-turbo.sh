# libjpeg-turbo: a CMake "Unix Makefiles" build out of the source tree
# (build/), without the SIMD extensions (they need nasm) nor the static
# libraries: libjpeg, libturbojpeg, the programs and the test programs, with
# configure_file headers and a custom command; see rw_cmake_steps in lib.sh.
RW_PACKAGE=libjpeg-turbo

RW_NOHASH=(
  './build/CMakeFiles/*.log'   # cmake's configure logs
)

rw_normalize() { rw_cmake_normalize; }

rw_configure() {
  mkdir build && cd build && rw_cmake_configure -DWITH_SIMD=0 -DENABLE_STATIC=0 ..
}

RW_CMAKE_BUILD=build RW_CMAKE_TARGET=jpeg RW_CMAKE_SRC=jdhuff.c
RW_CMAKE_OBJ=jdhuff.o RW_CMAKE_HEADER=jdhuff.h RW_CMAKE_SUBDIR=sharedlib

rw_steps() {
  rw_cmake_steps
}
