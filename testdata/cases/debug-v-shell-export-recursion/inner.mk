export x
y = $(shell echo $$x)
export y
all:
	@echo "[$(y)] [$(z)]"
