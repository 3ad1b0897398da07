x.c ./x.c b &: y ; @:
y: ; @:
