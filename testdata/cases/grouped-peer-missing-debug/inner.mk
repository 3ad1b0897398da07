all: a
a b &:
	@echo $@
