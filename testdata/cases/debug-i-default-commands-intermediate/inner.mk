# a.c, entered by -W and not mentioned in a rule, becomes intermediate
# when %.o: %.c finds it for a.o: GNU's check_dep gives it .DEFAULT's
# recipe, "Using default commands" (update_file_1 says "default recipe").
prog: a.o
	@echo "prog ?$?"
%.o: %.c
	@echo "cc $< -> $@"
.DEFAULT: ; @echo "default $@"
