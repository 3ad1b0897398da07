.SUFFIXES:
all: codes.c captab.c
codes.c: tinfo/a.awk ; @echo codes
captab.c: h.h tinfo/b.sh ; @echo captab
h.h:
	+true
