all:
	@echo "sub [$(MFLAGS)] $(origin MFLAGS)"
