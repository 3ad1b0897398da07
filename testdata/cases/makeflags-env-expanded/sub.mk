all:;@echo "[$(MAKEFLAGS)] [$(x)]"
