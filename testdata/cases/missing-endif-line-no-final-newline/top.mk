all:
	@-$(MAKE) --no-print-directory -f last.mk
	@-$(MAKE) --no-print-directory -f one.mk
	@-$(MAKE) --no-print-directory -f cont.mk
