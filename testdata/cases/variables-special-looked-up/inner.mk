X := $(origin .VARIABLES)
all: ; @:
