all:
	@cat; echo "cat $$?"
	@echo $(shell cat; echo " shell $$?")
