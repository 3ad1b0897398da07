vpath %.c src
src/x.c:
	@echo make $@
y: lib
	@echo y
lib: x.c
	@echo lib
.INTERMEDIATE: lib
