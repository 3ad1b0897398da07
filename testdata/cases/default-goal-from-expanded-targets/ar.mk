lib.a(x.o y.o): ; @echo "[$@] [$%]"
