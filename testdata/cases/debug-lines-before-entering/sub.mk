all: ; @echo hi
