sinclude $(wildcard *.mk)
-include a.mk
inner: ; @echo depth $(words $(MAKEFILE_LIST))
