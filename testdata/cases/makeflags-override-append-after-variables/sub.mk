override MAKEFLAGS += -s
$(info sub [$(MAKEFLAGS)] [$(value MAKEFLAGS)])
all: ; @echo "sub [$$MAKEFLAGS]"
