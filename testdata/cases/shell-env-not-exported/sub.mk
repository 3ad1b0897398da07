ifdef X
export SHELL
endif
all:; @echo '$(origin SHELL) [$(SHELL)]' "[$$SHELL]"
