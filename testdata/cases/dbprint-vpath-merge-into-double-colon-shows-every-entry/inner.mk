vpath % src
all: x.h
src/x.h:: lib
	@echo one $@
src/x.h:: lib
	@echo two $@
lib: ; @:
