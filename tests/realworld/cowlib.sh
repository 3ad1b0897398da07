# cowlib: an Erlang library built with erlang.mk (its 2015 edition bundled
# in Debian's erlang-cowlib source): the whole build system is one included
# makefile of verbosity-selected echo prefixes ($(gen_verbose),
# $(erlc_verbose)), $(call)ed command templates, erlc over the sources
# (only the changed ones: $? filtered), the .app file written from a
# template, help and clean targets. The test targets fetch their
# dependencies with git, so they are left out. Needs erlang-nox and
# erlang-dev.
RW_PACKAGE=erlang-cowlib
# Only upstream's tree is used; the mirror lacks some versions' debian/.
RW_ORIG=1

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step help 'make help'
  step n-before 'make -n'
  step build 'make'
  step run 'erl -noshell -pa ebin -eval "io:format(\"~p~n\", [cow_qs:parse_qs(<<\"a=1&b=2\">>)]), halt()."'
  step noop --repeat 4 'make'
  step n-after --repeat 4 'make -n'
  step q 'make -q; echo status $?'
  step pq 'make -pq; echo status $?'
  step verbose-noop 'make V=1'
  prep 'touch src/cow_qs.erl'
  step touch-erl 'make V=1'
  prep 'touch include/cow_inline.hrl'
  step touch-hrl 'make'
  step app 'make app'
  step clean 'make clean'
  step build-j2 --sorted 'make -j2'
  step k 'make -k nonexistent all'
  step distclean 'make distclean'
}
