-include a.mk b.mk c.mk
b.mk: ; @touch $@
all: ; @echo all
