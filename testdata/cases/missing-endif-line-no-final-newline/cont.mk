ifdef y
foo: \
bar