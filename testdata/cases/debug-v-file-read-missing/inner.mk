X := $(file <nofile)
$(info [$(file < sub/nofile2)])
all: ; @echo "[$(file <nofile3)]"
