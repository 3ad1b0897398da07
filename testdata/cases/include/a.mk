A = from-a
