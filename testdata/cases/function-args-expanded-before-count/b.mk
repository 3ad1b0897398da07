x := $(wordlist $(info expanded first),1)
