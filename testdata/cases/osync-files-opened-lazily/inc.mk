$(info in inc.mk)
