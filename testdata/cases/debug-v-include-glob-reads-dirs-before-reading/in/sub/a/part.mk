PARTS += a
