.EXTRA_PREREQS := e.h
x.o: ; @:
%.o: %.c | dir ; @echo $@ from $^
%.a:: %.o
	@:
