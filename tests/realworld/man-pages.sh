# man-pages (the 5.14 Makefile): no build, only install and uninstall
# rules: every page's destination a target of a static pattern rule with
# .SECONDEXPANSION order-only directory prerequisites ($$(@D)/.), `%/.`,
# `%-rm` and `%-rmdir` pattern rules, per-section phony targets made with
# $(foreach) and static patterns whose prerequisites are computed variable
# names ($$(_man%pages)), MAKEFLAGS += --silent --no-print-directory
# --warn-undefined-variables set in the Makefile, $(info) in recipes, and
# `all` recursing into uninstall then install. html needs man2html (absent:
# -n and the failure); check-groff-warnings runs man on each page (too
# slow: -n only).
#
# man-pages is no Debian source package on the test machine's mirror:
# export a snapshot of its repository and name it in RW_MAN_PAGES_SRC, e.g.
#   git --git-dir=/work/.mirror/mkerrisk+man-pages/repo archive HEAD | tar -x -C /tmp/rw-man-pages-src
#   RW_MAN_PAGES_SRC=/tmp/rw-man-pages-src tests/realworld/run man-pages
# Without it the project is skipped.
RW_SOURCE_ENV=RW_MAN_PAGES_SRC

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

D='DESTDIR=$PWD/_destdir'

rw_steps() {
  step n-install "make -n install $D"
  step q-install "make -q install $D; echo status \$?"
  step installdirs "make installdirs $D"
  step install-man2-j2 --sorted "make -j2 install-man2 $D"
  step q-man2 "make -q install-man2 $D; echo status \$?"
  step install "make install $D"
  step noop --repeat 2 "make install $D"
  step q "make -q install $D; echo status \$?"
  step pq "make -pq install $D; echo status \$?"
  prep 'touch man2/open.2 man3/printf.3 man7/man.7'
  step touch-q "make -q install $D; echo status \$?"
  step touch-trace "make --trace install $D"
  prep 'touch man1/ldd.1'
  step touch-W "make -n -W man2/read.2 install $D"
  step t "make -t install $D; echo status \$?"
  step uninstall-man3-n "make -n uninstall-man3 $D"
  step uninstall-man3 "make uninstall-man3 $D"
  step all-j2 --sorted "make -j2 $D"
  step html-n 'make -n html'
  step html 'make html; echo status $?'
  step check-n 'make -n check-groff-warnings'
  step uninstall "make uninstall $D"
  step uninstall-again "make uninstall $D"
  step clean 'make clean'
}
