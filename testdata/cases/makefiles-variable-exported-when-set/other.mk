$(info other.mk read)
