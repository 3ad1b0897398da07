X = 1
all: ; @:
t: X ?= 2
