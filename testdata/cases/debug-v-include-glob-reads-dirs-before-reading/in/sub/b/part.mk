PARTS += b
