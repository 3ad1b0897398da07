x%: b = fine
t% u%: private b := $(filter a,$(foo)
