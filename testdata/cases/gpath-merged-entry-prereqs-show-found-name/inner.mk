GPATH = src
VPATH = src
all: x.c
t: x.c
u: y.c
src/x.c: ; @:
src/y.c:: ; @:
all: y.c
