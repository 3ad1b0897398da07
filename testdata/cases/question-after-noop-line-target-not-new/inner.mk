all: y.d
%.b: %.a
	@false
%.c: %.b
	+:
	-printf "%s\n" $@ $^ > $@
%.d: %.c
	echo made $@
