x := $(subst ${a)
