empty: ;
blank:
	
all: empty blank ; @:
