VPATH = libs
lib.a: lib.a(a.o)
lib.a(a.o): a.c
	@echo "member $@"
