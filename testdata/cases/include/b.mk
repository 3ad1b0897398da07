B = from-b
