VPATH = src
b:
%.o: %.h
	@echo make $@ from $<
src/x.h x.h: x.o
x.h src/y.c: x.h
	@echo make $@
b &: src/x.h
	@echo make $@
.SECONDARY: src/x.h
