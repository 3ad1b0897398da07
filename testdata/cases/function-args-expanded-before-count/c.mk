x := $(if )
