c:: c
c:: b
.SECONDARY:
