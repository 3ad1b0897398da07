vpath %.c src
y.c: lib x.c
src/x.c: lib
lib: x.c
.INTERMEDIATE: lib
