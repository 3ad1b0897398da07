# nonrec-make: a non-recursive make framework ("Recursive make considered
# harmful") built on $(eval) and $(call): every directory's Makefile is a
# symlink to one mk/Makefile that finds the top (Rules.top) through a
# $(shell) loop, then $(eval $(value HEADER)) / $(eval $(value FOOTER))
# around each included Rules.mk (a directory stack kept in variables),
# per-target _DEPS/_LIBS/_CMD saved under computed names, rules written by
# $(eval $(call tgt_rule,...)) with `.SECONDEXPANSION:` and $$$$ in
# prerequisites, order-only object directories, -include'd .d files, the
# dir_/tree_/clean_/clean_tree_ targets of each directory (per run
# directory: `make -C` a subdirectory builds only its part), BUILD_MODE
# include files, VERBOSE=true, archives re-made with $? (tests/
# re-archiving), final.mk's install targets from $(call get_subtree);
# -n, -q, -pq, -t, -W, --trace, -B, -j2, a compile error with -k.
#
# nonrec-make is no Debian source package: export a snapshot of its
# repository and name it in RW_NONREC_MAKE_SRC, e.g.
#   git --git-dir=/work/.mirror/aostruszka+nonrec-make/repo archive HEAD | tar -x -C /tmp/rw-nonrec-make-src
#   RW_NONREC_MAKE_SRC=/tmp/rw-nonrec-make-src tests/realworld/run nonrec-make
# Without it the project is skipped.
RW_SOURCE_ENV=RW_NONREC_MAKE_SRC

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  local e1='cd ex1 &&' e2='cd ex2 &&'
  local inst='BIN_DIR=$PWD/../_destdir/bin LIB_DIR=$PWD/../_destdir/lib DOC_DIR=$PWD/../_destdir/doc'
  step n-before "$e1 make -n"
  step build "$e1 make"
  step noop --repeat 2 "$e1 make"
  step q "$e1 make -q; echo status \$?"
  step tree-n "$e1 make -n tree"
  step tree-j2 --sorted "$e1 make -j2 tree"
  step tree-q "$e1 make -q tree; echo status \$?"
  step pq "$e1 make -pq tree; echo status \$?"
  step sub-dir "$e1 make -C Dir_1/Dir_1b"
  step sub-tree "$e1 cd Dir_2 && make tree"
  prep 'touch ex1/Dir_1/Dir_1a/dir_1a_file2.c'
  step touch-q "$e1 make -q tree; echo status \$?"
  step touch-trace "$e1 make --trace tree"
  prep 'touch ex1/Dir_2/dir_2_file1.c'
  step verbose "$e1 make VERBOSE=true tree"
  step W "$e1 make -n -W Dir_3/dir_3_file1.c tree"
  prep 'touch ex1/main.c ex1/Dir_3/dir_3_file2.c'
  step t "$e1 make -t tree; echo status \$?"
  step t-noop "$e1 make tree"
  step obj-E "$e1 make \$PWD/cli.c.E && wc -l < cli.c.E"
  step release "$e1 make BUILD_MODE=release tree"
  step release-q "$e1 make BUILD_MODE=release -q tree; echo status \$?"
  step install "$e1 make install $inst"
  step B "$e1 make -B cli"
  step clean-sub "$e1 make -C Dir_2 clean_tree"
  step clean-sub-q "$e1 make -q tree; echo status \$?"
  prep 'cp ex1/Dir_2/Dir_2a/dir_2a_file1.c ex1/rw.c && echo "#error rw: broken" >> ex1/Dir_2/Dir_2a/dir_2a_file1.c'
  step broken "$e1 make tree; echo status \$?"
  step broken-k "$e1 make -k tree; echo status \$?"
  prep 'cat ex1/rw.c > ex1/Dir_2/Dir_2a/dir_2a_file1.c && rm ex1/rw.c'
  step fixed "$e1 make tree"
  step clean-all "$e1 make clean_all"
  step dist-clean "$e1 make dist_clean"
  step ex2-n "$e2 make -n tree"
  step ex2-j2 --sorted "$e2 make -j2 tree"
  step ex2-sub "$e2 make -C a/2 tree"
  prep 'touch ex2/b/2/x/x.c'
  step ex2-trace "$e2 make --trace tree"
  step ex2-pq "$e2 make -pq; echo status \$?"
  step ex2-clean "$e2 make clean_tree"
  step tests "cd tests && make tree; echo status \$?"
  prep 'touch tests/re-archiving/libA/src/libA.c'
  step tests-rearchive "cd tests/re-archiving && make --trace; echo status \$?"
  step tests-q "cd tests && make -q tree; echo status \$?"
  step tests-clean "cd tests && make dist_clean"
}
