# GNU's directory entries for two names of one directory (sub and ./sub,
# gen and ./gen) share the directory's contents: each shows the names read
# through either one and the names impossible in either.
x := $(wildcard ./sub/*.h)
G = $(wildcard ./gen/*.cl)
.SECONDARY: $(G:.cl=.c)
gen/%.c: ./gen/%.cl ; @:
all: sub/x.o
%.o: %.c ; @:
