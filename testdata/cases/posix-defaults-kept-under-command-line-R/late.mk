MAKEFLAGS += -R
.POSIX:
all: ; @echo "late [$(CC)] [$(origin CC)] [$(ARFLAGS)]"
