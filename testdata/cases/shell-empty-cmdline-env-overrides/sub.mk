all:
	@echo "sub [$(MAKEOVERRIDES)] [$(SHELL)] $(origin SHELL)"
