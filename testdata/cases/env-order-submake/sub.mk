unexport Q
export VAC = 1
all: ; @env
