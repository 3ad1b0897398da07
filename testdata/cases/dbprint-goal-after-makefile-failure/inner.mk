include d.mk
all: ; @echo all
d.mk: ; @exit 1
