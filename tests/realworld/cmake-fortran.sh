# cmake-fortran: a Fortran project written by the script, through CMake's
# "Unix Makefiles" generator, whose Fortran support differs from C's:
# module dependencies (a module's users wait for its .mod.stamp, the
# per-target `requires` rules, cmake_depends scanning the sources for
# `use` and `include` at build time, cmake_copy_f90_mod), a shared module
# directory, preprocessed .F90 sources with an included file, a module used
# from a subdirectory's program, and C called through bind(C); see
# rw_cmake_steps in lib.sh. Needs gfortran and cmake.
RW_PACKAGE=

RW_NOHASH=(
  './build/CMakeFiles/*.log'   # cmake's configure logs (rewritten by the regeneration)
)

rw_normalize() {
  rw_cmake_normalize
}

rw_configure() {
  mkdir -p src/tools build && cd src
  cat > CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.16)
project(fmods Fortran C)
set(CMAKE_Fortran_MODULE_DIRECTORY ${CMAKE_BINARY_DIR}/mod)
add_library(geom STATIC consts.F90 geom.F90 cbits.c)
target_include_directories(geom PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
add_executable(area main.F90)
target_link_libraries(area geom)
add_subdirectory(tools)
install(TARGETS area geom DESTINATION bin)
CM
  cat > tools/CMakeLists.txt <<'CM'
add_executable(report report.F90)
target_link_libraries(report geom)
CM
  cat > precision.inc <<'F'
      integer, parameter :: dp = kind(1.0d0)
F
  cat > consts.F90 <<'F'
module consts
  implicit none
  include 'precision.inc'
#ifdef RW_BIG
  real(dp), parameter :: scale = 1000.0_dp
#else
  real(dp), parameter :: scale = 1.0_dp
#endif
  real(dp), parameter :: pi = 3.14159265358979_dp
end module consts
F
  cat > geom.F90 <<'F'
module geom
  use consts
  use, intrinsic :: iso_c_binding
  implicit none
  interface
    function c_twice(x) bind(C, name='c_twice')
      import :: c_double
      real(c_double), value :: x
      real(c_double) :: c_twice
    end function c_twice
  end interface
contains
  function area(r) result(a)
    real(dp), intent(in) :: r
    real(dp) :: a
    a = c_twice(pi * r * r * scale) / 2
  end function area
end module geom
F
  printf 'double c_twice(double x) { return 2 * x; }\n' > cbits.c
  cat > main.F90 <<'F'
program main
  use geom
  implicit none
  print '(F8.3)', area(2.0_dp)
end program main
F
  cat > tools/report.F90 <<'F'
program report
  use geom
  use consts, only: pi
  implicit none
  print '(A,F8.5)', 'pi=', pi
  print '(F8.3)', area(1.0_dp)
end program report
F
  cd ../build && rw_cmake_configure ../src
}

RW_CMAKE_BUILD=build RW_CMAKE_TARGET=geom RW_CMAKE_SRC=src/geom.F90
RW_CMAKE_OBJ=geom.o RW_CMAKE_HEADER=src/precision.inc RW_CMAKE_SUBDIR=tools
RW_CMAKE_LISTS=src/CMakeLists.txt

rw_steps() {
  rw_cmake_steps
  step run 'build/area && build/tools/report'
  # A module's interface changes: its users are recompiled.
  prep 'sed -i "s/1.0_dp$/2.0_dp/" src/consts.F90'
  step module-changed 'cd build && make'
  prep 'touch src/consts.F90'
  step module-touched-trace 'cd build && make --trace'
  step module-q 'cd build && make -q; echo status $?'
  step tools-only 'cd build && make report'
}
