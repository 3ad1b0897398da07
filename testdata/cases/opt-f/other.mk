all: ; @echo from $(MAKEFILE_LIST)
