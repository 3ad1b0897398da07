MAKEFLAGS += $(subst a,b -s
all: ; @:
