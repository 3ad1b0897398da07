%.x: %.y ; @echo x $@
%.y: %.z ; @echo y $@
all: a.x sub/../a.x nodir/../a.x
