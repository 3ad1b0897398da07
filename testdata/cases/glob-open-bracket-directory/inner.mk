all: t1
t1: b[/z* ; @echo $^
x: [../up/z[ab] nodir[/z*
