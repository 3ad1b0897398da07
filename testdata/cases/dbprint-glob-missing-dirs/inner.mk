# $(wildcard) opens each directory of its patterns through GNU's directory
# cache, which keeps one that does not exist ("could not be stat'd") or is
# not a directory ("could not be opened", unless names are impossible in it).
x := $(wildcard ./nodir/*.h ./sub/x86/*.h nodir2/*.h afile/*.c sub/*.c)
y := $(wildcard file2/*.c)
all: file2/x.o
%.o: %.c ; @:
