all: a
a &: d
	@echo $@
d:
	@echo d
