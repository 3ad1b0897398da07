VPATH = src
all: out c
out::
x.o::
lib c &: x.o
	@-touch $@
