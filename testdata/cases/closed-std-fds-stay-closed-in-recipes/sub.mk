all:
	echo hi
	@echo to-stderr >&2
