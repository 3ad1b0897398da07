.NOTPARALLEL:
all: a b
a: ; @echo a
b: ; @echo b
