all: a
a: b
a b: ; @echo $@
