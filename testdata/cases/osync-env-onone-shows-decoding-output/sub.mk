all:; @echo done
