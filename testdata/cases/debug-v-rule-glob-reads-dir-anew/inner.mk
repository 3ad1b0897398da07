W := $(wildcard *.none)
X := $(shell true)
all: [ab]x
	@echo $^
y: z
$(info after)
$(error stop)
