all: ; @echo sub [$(MAKEFLAGS)]
