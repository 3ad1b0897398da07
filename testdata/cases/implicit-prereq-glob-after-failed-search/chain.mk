all: zz.y ab.y
%.y: %.x ; @echo $@ $<
%.x: %*.c ; @echo $@ $<
