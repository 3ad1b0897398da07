.SECONDEXPANSION:
all: bye.x
bye.x: %.x: %.3 $$(firstword %.1	%.2 %%;
