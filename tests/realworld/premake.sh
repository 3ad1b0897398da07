# premake: a small project written by the script, its makefiles generated
# by premake4's gmake action (build/Makefile calling $(MAKE) -f for each
# project's .make file; `ifndef config`, `ifeq ($(config),...)` blocks,
# define'd pre-/post-build commands, $(SILENT) and verbose=1, a precompiled
# header through an order-only-free $(GCH) rule, -MMD -MP dependency files
# -include'd): debug and release builds, help, -n, -q, -p, --trace after
# touching a header, one project as a goal, clean, -j2 and -k. Needs
# premake4.
RW_PACKAGE=

# GCC's precompiled headers differ from one compilation to the next. The
# objects' dependency files: premake4 orders nothing between the $(GCH) rule
# (which copies pch.h into $(OBJDIR), then compiles it) and the objects
# (compiled with -include $(OBJDIR)/pch.h), so under -j whether the copy is
# there when main.cpp is compiled, and named in main.d, is a race for either
# make.
RW_NOHASH=('./build/obj/*.gch' './build/obj/*.d')

# -p output: see rw_normalize_db.
rw_normalize() { rw_normalize_db; }

rw_configure() {
  command -v premake4 >/dev/null || { echo "premake: needs premake4"; return 1; }
  mkdir -p lib app
  cat > premake4.lua <<'EOF'
solution "demo"
  configurations { "Debug", "Release" }
  location "build"
  project "demo"
    kind "StaticLib"
    language "C"
    files { "lib/*.c", "lib/*.h" }
    includedirs { "lib" }
    configuration "Debug"
      defines { "DEBUG" }
      flags { "Symbols" }
    configuration "Release"
      defines { "NDEBUG" }
      flags { "Optimize" }
  project "hello"
    kind "ConsoleApp"
    language "C++"
    files { "app/*.cpp", "app/*.h" }
    includedirs { "lib" }
    links { "demo" }
    targetdir "bin"
    prebuildcommands { "@echo prebuild of hello" }
    postbuildcommands { "@echo built $(TARGET)", "@ls $(TARGETDIR)" }
    pchheader "app/pch.h"
    pchsource "app/pch.cpp"
    configuration "Debug"
      flags { "Symbols" }
EOF
  printf 'int greet(const char *who);\nint count(int n);\n' > lib/demo.h
  printf '#include <stdio.h>\n#include "demo.h"\nint greet(const char *who) { return printf("hello, %%s\\n", who); }\n' > lib/greet.c
  printf '#include "demo.h"\nint count(int n) { int s = 0; while (n > 0) s += n--; return s; }\n' > lib/count.c
  printf '#include <cstdio>\n' > app/pch.h
  printf '#include "pch.h"\n' > app/pch.cpp
  printf '#include "pch.h"\nextern "C" {\n#include "demo.h"\n}\nint main() { greet("premake"); std::printf("%%d\\n", count(10)); }\n' > app/main.cpp
  premake4 gmake
}

rw_steps() {
  step help 'cd build && make help'
  step n-before 'cd build && make -n'
  step build 'cd build && make'
  step noop 'cd build && make'
  step n-after 'cd build && make -n'
  step q 'cd build && make -q; echo status $?'
  step pq 'cd build && make -pq; echo status $?'
  step project-pq 'cd build && make -pq -f hello.make; echo status $?'
  prep 'touch lib/demo.h'
  step touch-q 'cd build && make -q -f hello.make; echo status $?'
  step touch-trace 'cd build && make --trace'
  step run 'bin/hello'
  prep 'touch app/pch.h'
  step pch-verbose 'cd build && make verbose=1 hello'
  step release 'cd build && make config=release'
  step release-noop 'cd build && make config=release'
  step clean 'cd build && make clean'
  # premake4's $(GCH) rule copies the header into $(OBJDIR) (`cp $< $(OBJDIR)`)
  # with nothing ordering it after the rule creating $(OBJDIR), both being
  # started by `all` under -j: when the copy wins, it makes a file named
  # like the directory and the build fails, with either make (1 in 20 runs
  # of GNU make here). The object directories are made beforehand.
  prep 'mkdir -p build/obj/Debug/hello build/obj/Release/hello'
  step build-j2 --sorted 'cd build && make -j2'
  step release-clean 'cd build && make config=release clean'
  prep 'mkdir -p build/obj/Release/hello'
  step release-j2 --sorted 'cd build && make -j2 config=release verbose=1'
  step k 'cd build && make -k nonexistent all; echo status $?'
}
