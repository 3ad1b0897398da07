unexport Q
export VAC = 1
all: ; @env | sed 's/=.*//' | tr '\n' ' '; echo
