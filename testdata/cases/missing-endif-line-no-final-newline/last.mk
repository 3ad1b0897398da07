ifdef x
y = 1