$(foreach v,.SHELLFLAGS .RECIPEPREFIX .VARIABLES .LOADED .FEATURES MAKE_VERSION,$(info $v: $(origin $v)))
x:;@:
