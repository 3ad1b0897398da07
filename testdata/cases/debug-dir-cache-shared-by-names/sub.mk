a := $(wildcard *.mk)
$(file >made.txt,x)
b := $(wildcard $(CURDIR)/*.mk)
c := $(wildcard *.txt)
$(file >made2.txt,x)
d := $(wildcard *.mk)
e := $(wildcard ./*.mk)
all: ; @:
