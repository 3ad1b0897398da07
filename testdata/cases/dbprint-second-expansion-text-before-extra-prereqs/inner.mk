.EXTRA_PREREQS = e1
.SECONDEXPANSION:
SUF = .c
b.o d.o: %.o: %$$(SUF) | dirs
	@echo $@
dirs: ; @:
e1: ; @:
