MAKEFLAGS += -j3
all:; @echo sub $(filter -j%,$(MAKEFLAGS))
