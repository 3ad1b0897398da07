$(info reading sub.mk)
all: ; @echo sub
