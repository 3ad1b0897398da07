%.z: obj/sub/%.q
all: ; @:
