.SUFFIXES: X = 1
x:;
