all:
	@echo sub ran
