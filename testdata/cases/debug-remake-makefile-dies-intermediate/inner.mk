all: ; @echo all
%.c: %.y ; false
%.y: ; echo $@ > $@
include x.c
