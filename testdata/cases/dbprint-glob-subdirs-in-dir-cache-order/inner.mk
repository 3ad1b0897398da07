x := $(wildcard s/x28/*.c)
y := $(wildcard */*.c)
all: ; @:
