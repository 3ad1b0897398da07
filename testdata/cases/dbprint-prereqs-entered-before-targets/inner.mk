# GNU enters a rule's prerequisites in its file table before the rule's
# targets: when their names collide in the table (t360 and p360 do here),
# the prerequisite comes first in -p. A static pattern rule enters each
# target, then its prerequisites (STATIC=1).
n := 0 1 2 3 4 5 6 7 8 9
nums := $(patsubst 0%,%,$(patsubst 0%,%,$(foreach a,$(n),$(foreach b,$(n),$(foreach c,$(n),$a$b$c)))))
ifdef STATIC
$(foreach i,$(wordlist 2,401,$(nums)),$(eval t$i: t%: p%))
else
$(foreach i,$(wordlist 2,401,$(nums)),$(eval t$i: p$i))
endif
