MAKEFLAGS += -j3
all: a b
a b:; @echo $@ $(filter -j%,$(MAKEFLAGS))
