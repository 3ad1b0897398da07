b:: d
	@false
b: a
	-touch $@
