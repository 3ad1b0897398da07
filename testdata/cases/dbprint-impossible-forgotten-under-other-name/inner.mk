# a.q, b.q and the like are found impossible in `.`; after the recipes ran,
# vpath looks into ../work, the same directory, which GNU reads anew: the
# names found impossible under `.` are forgotten with it.
VPATH = ../work
all: a.x b.x
%.x: %.q ; @touch $@
%.x: %.c ; @touch $@
%.q: %.r ;
a.c b.c: ; @touch $@
