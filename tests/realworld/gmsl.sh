# gmsl: the GNU Make Standard Library, pure make code (integer arithmetic
# on lists of x's, string, list, set and associative-array functions built
# from $(call), $(eval), $(foreach), $(wordlist), computed variable names
# and recursion) and its own test suite, gmsl-tests: 481 tests run while the
# makefile is read, each reporting through $(shell) to stderr, then one
# recipe printing the summary. The suite runs with several option sets,
# through a recursive $(MAKE), and under -p.
RW_PACKAGE=gmsl
# The upstream tarball is the whole project (the mirror may lack debian/).
RW_ORIG=1

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  printf 'all:\n\t$(MAKE) -f gmsl-tests $(ARGS)\n' > wrap.mk
}

rw_steps() {
  step test --repeat 4 'make -f gmsl-tests'
  step test-j2 'make -f gmsl-tests -j2'
  step test-export-all 'make -f gmsl-tests EXPORT_ALL=1'
  step test-rR 'make -f gmsl-tests -rR --warn-undefined-variables'
  step test-trace 'make -f gmsl-tests --trace -k -e'
  step n 'make -f gmsl-tests -n'
  step q 'make -f gmsl-tests -q; echo status $?'
  step t 'make -f gmsl-tests -t; echo status $?'
  step pq 'make -f gmsl-tests -pq; echo status $?'
  step pn-export-all 'make -f gmsl-tests -pn EXPORT_ALL=1'
  step recursive 'make -f wrap.mk -w'
  step recursive-j2 'make -f wrap.mk -j2 ARGS=-O'
  step recursive-n 'make -f wrap.mk -n ARGS=-s'
}
