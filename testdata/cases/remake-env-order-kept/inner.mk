include gen.mk
gen.mk: ; @touch $@
