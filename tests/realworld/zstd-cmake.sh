# zstd-cmake: zstd's CMake build (build/cmake, configured in
# build/cmake/builddir) through the "Unix Makefiles" generator: the sources
# live outside the CMake source directory, so the per-object targets of
# builddir/lib/Makefile are named by the sources' absolute paths without
# the leading slash (tmp/.../lib/common/xxhash.o); the programs, the man
# pages and the tests (fuzzer, zstreamtest, ...); see rw_cmake_steps in
# lib.sh. The plain Makefiles are libzstd.sh's.
RW_PACKAGE=libzstd

RW_NOHASH=(
  './build/cmake/builddir/CMakeFiles/*.log'   # cmake's configure logs
)

rw_normalize() { rw_cmake_normalize; }

rw_configure() {
  mkdir build/cmake/builddir && cd build/cmake/builddir &&
    rw_cmake_configure -DZSTD_BUILD_TESTS=ON ..
}

rw_steps() {
  RW_CMAKE_BUILD=build/cmake/builddir RW_CMAKE_TARGET=libzstd_shared
  RW_CMAKE_SRC=lib/common/xxhash.c RW_CMAKE_HEADER=lib/zstd.h
  RW_CMAKE_OBJDIR=lib RW_CMAKE_OBJ="${RW_RUN#/}/lib/common/xxhash.o"
  RW_CMAKE_SUBDIR=programs RW_CMAKE_LISTS=build/cmake/lib/CMakeLists.txt
  rw_cmake_steps
}
