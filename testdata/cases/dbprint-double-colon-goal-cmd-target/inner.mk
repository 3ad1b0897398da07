# A goal with several double-colon rules: GNU marks the file it enters for
# the goal as a command-line target, which is the first rule's entry only.
all:: ; @echo one
all:: ; @echo two
all:: ; @echo three
