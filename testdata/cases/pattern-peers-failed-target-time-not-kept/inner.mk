all: x.a
%.a %.b:
	exit 1
