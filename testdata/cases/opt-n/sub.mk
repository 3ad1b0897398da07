x: ; echo in sub-make
