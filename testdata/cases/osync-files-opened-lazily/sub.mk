quiet:
	@echo "$@: $$MAKEFLAGS" | sed 's/Gm[A-Za-z0-9]*/GmX/g'
