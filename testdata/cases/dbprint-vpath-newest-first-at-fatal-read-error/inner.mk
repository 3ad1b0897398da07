VPATH = gen
vpath %.h inc
vpath %.c src
vpath %.y src
vpath %.y
x.c: ; :
x.c:: ; :
