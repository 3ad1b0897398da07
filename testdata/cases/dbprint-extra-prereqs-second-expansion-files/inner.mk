n :=
.EXTRA_PREREQS = e$(words $(n))$(eval n += x)
%.o: %.c ; :
all: a b
a b: ; :
