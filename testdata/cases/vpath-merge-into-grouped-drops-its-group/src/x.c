src/x.c
