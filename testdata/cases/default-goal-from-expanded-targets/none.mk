*.none b.mk: ; @echo "[$@]"
