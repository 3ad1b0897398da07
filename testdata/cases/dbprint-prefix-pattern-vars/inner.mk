%.o: X = 1
a%: V = v
%.o: Y = 2
%.x: %.y
	cp $< $@
.RECIPEPREFIX = >
all: ; @:
