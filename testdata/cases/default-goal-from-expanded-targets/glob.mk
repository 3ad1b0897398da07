*.mk:: ; @echo "[$@]"
