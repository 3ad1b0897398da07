INC = yes
