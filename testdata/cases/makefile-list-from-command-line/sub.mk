sub:
	@echo "sub [$(MAKEFILE_LIST)] $(origin MAKEFILE_LIST)"
