all: ; touch ran
