# sub/a.q is found impossible; a recipe then runs; c's prerequisite names
# sub under a new name, sub/../sub, which GNU first looks into then (the
# built-in %: %,v rules): it finds the contents sub shares read before the
# command and reads them anew, silently, forgetting sub/a.q.
all: a.x c ;
inner.mk: ;
%.x: sub/%.q ; @echo never
%.x: %.zz ; @echo made $@
%.zz: ; @echo zz $@
c: sub/../sub/hdr.h ; @echo made $@
