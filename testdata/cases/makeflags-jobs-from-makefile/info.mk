MAKEFLAGS += -j2
$(info reading: $(filter -j%,$(MAKEFLAGS)))
all:; @echo running: $(filter -j%,$(MAKEFLAGS))
