sub:; @:
