all: future ; @echo $@
future: ; @echo $@
