VPATH = libs
prog: lib.a(*.o)
%.o: %.c
	echo no object $@
.DELETE_ON_ERROR:
