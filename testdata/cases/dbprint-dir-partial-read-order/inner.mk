%.o: src/%.c ; @:
