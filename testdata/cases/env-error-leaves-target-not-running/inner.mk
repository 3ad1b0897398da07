.EXPORT_ALL_VARIABLES:
V = $(V) more
t: ; @echo t
