c:: c
c:: b
.NOTINTERMEDIATE:
