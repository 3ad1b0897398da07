lib.a: lib.a(c.o)
