B = b
