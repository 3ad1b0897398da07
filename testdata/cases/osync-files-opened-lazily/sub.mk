$(if $(INC),$(eval include inc.mk))
$(if $(SAY),$(info said while reading))
$(if $(SHELL_ERR),$(shell echo from shell >&2))
quiet loud:
	@echo "$@: $$MAKEFLAGS" | sed 's/Gm[A-Za-z0-9]*/GmX/g'
