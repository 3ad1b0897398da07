# cjson: cJSON and cJSON_Utils through CMake's "Unix Makefiles" generator
# (see rw_cmake_steps in lib.sh), with its tests (unity) built, the
# uninstall target and the pkg-config/CMake package files installed.
RW_PACKAGE=cjson

RW_NOHASH=(
  './CMakeFiles/*.log'   # cmake's configure logs (rewritten by the regeneration)
)

rw_normalize() { rw_cmake_normalize; }

rw_configure() {
  rw_cmake_configure -DENABLE_CJSON_UTILS=ON -DENABLE_CJSON_TEST=ON
}

RW_CMAKE_BUILD= RW_CMAKE_OBJDIR= RW_CMAKE_LISTS=
RW_CMAKE_TARGET=cjson RW_CMAKE_SRC=cJSON.c RW_CMAKE_OBJ=cJSON.o RW_CMAKE_HEADER=cJSON.h
RW_CMAKE_SUBDIR=tests

rw_steps() {
  rw_cmake_steps
  step uninstall 'make install DESTDIR=$PWD/_destdir && make uninstall DESTDIR=$PWD/_destdir'
}
