vpath %.h src
all: x.h
x.h::
	@echo dc $@
.LOW_RESOLUTION_TIME: src/x.h
