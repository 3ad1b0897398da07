all: a b
a:
	@true
	@true
b:
	@exit 1
