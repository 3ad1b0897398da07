all: ; @echo "sub [$(MAKEFILES)] $(origin MAKEFILES) [$$MAKEFILES]"
