.EXPORT_ALL_VARIABLES:
t1: w += rr
w = $(shell echo in-shell)
all: t1
t1:
	@echo "$@ w=[$$w]"
