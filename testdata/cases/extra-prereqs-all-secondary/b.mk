all: dep_b.mk
dep_%: ; @echo $@
