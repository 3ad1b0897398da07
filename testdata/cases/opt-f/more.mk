more: ; @echo more
