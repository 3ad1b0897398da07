MAKEFLAGS += $(X)
$(info sub [$(X)])
all: ; @echo sub done
