A=old
