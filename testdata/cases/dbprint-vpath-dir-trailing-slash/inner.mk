VPATH = src
all: | d// e/ a/b// f//g
all: i/j/ k/x
d// e/ a/b// f//g: ; mkdir -p $@
