all: ; @echo "sub [$(MAKEFLAGS)]"
