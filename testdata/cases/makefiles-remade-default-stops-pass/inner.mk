include a.mk b.none
a.mk: a.mk
	+@touch $@
