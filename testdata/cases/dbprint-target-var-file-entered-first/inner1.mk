t: y := $(filter a,$(foo)
