%.x: %.m %.h ; @echo one $@
%.x: %.m ; @echo two $@
%.m: %.y ; @echo m $@
%.y: ; @echo y $@
