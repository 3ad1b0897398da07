all: a b
a b: ; @echo $@
