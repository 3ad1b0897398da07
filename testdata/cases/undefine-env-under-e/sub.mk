undefine h
override undefine p
$(info [$(h)] $(origin h) [$(p)] $(origin p))
all:;@:
