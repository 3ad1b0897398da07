export K = $(shell echo k)
export C
x := $(K) $(C)
all: ; @echo $(K) $$K
