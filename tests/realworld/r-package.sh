# r-package: an R package with C code, written by the script, built the
# way R builds packages: R CMD INSTALL and R CMD SHLIB run `make -f
# Makevars -f $(R_HOME)/etc/Makeconf -f share/make/shlib.mk SHLIB=...
# OBJECTS=...` (the package's Makevars first, with its own `all` target and
# an extra file, then R's Makeconf: suffix rules, flags, and shlib.mk's
# $(SHLIB) and symbols.rds rules), with `make` found on PATH; also that
# make command run directly (through `R CMD make`, for the R_HOME,
# R_SHARE_DIR, ... that Makeconf reads from the environment): -n, -q, -pq,
# --trace, -t, -B, -j2, -k with a compile error, clean. Needs r-base-dev.
RW_PACKAGE=

# The installed package's DESCRIPTION and Meta/*.rds hold the build time.
RW_NOHASH=('./_lib/*')

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir -p rwpkg/R rwpkg/src _lib
  cd rwpkg
  cat > DESCRIPTION <<'D'
Package: rwpkg
Type: Package
Title: A Package for Make Tests
Version: 1.0
Author: rmake tests
Maintainer: rmake tests <rmake@example.org>
Description: Two C functions called from R, built through R's Makeconf.
License: GPL-2
D
  printf 'useDynLib(rwpkg, .registration = TRUE)\nexport(rw_add)\n' > NAMESPACE
  printf 'rw_add <- function(a, b) .Call(C_rw_add, as.numeric(a), as.numeric(b))\n' > R/add.R
  cat > src/add.c <<'C'
#include <R.h>
#include <Rinternals.h>
#include "util.h"
SEXP rw_add(SEXP a, SEXP b) { return ScalarReal(rw_plus(REAL(a)[0], REAL(b)[0])); }
C
  cat > src/util.c <<'C'
#include "util.h"
double rw_plus(double a, double b) { return a + b + RW_BIAS; }
C
  printf '#define RW_BIAS 0\ndouble rw_plus(double a, double b);\n' > src/util.h
  cat > src/init.c <<'C'
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>
SEXP rw_add(SEXP a, SEXP b);
static const R_CallMethodDef calls[] = { {"rw_add", (DL_FUNC) &rw_add, 2}, {NULL, NULL, 0} };
void R_init_rwpkg(DllInfo *dll) { R_registerRoutines(dll, NULL, calls, NULL, NULL); R_useDynamicSymbols(dll, FALSE); }
C
  # Makevars comes first: its `all` is the default goal.
  cat > src/Makevars <<'MK'
PKG_CFLAGS = -DRW_MAKEVARS=1
all: $(SHLIB) stamp.txt
stamp.txt: add.o
	echo "built $(SHLIB) from $(OBJECTS)" > $@
add.o util.o: util.h
clean:
	rm -f $(OBJECTS) $(SHLIB) stamp.txt symbols.rds
MK
}

rw_steps() {
  local m="cd rwpkg/src && R CMD make -f Makevars -f /usr/lib/R/etc/Makeconf -f /usr/share/R/share/make/shlib.mk SHLIB=rwpkg.so OBJECTS='add.o init.o util.o'"
  local shlib='cd rwpkg/src && R CMD SHLIB -o rwpkg.so add.c init.c util.c'
  step shlib-n "cd rwpkg/src && R CMD SHLIB -n -o rwpkg.so add.c init.c util.c"
  step make-n "$m -n"
  step install 'R CMD INSTALL --no-test-load -l _lib rwpkg; echo status $?'
  step install-again 'R CMD INSTALL --no-test-load -l _lib rwpkg; echo status $?'
  step noop "$m"
  step q "$m -q; echo status \$?"
  step pq "$m -pq; echo status \$?"
  step symbols "$m symbols.rds"
  prep 'touch rwpkg/src/util.h'
  step touch-q "$m -q; echo status \$?"
  step touch-trace "$m --trace"
  prep 'touch rwpkg/src/init.c'
  step touch-t "$m -t; echo status \$?"
  step t-noop "$shlib"
  step B "$m -B"
  step clean "$m clean"
  step shlib-j2 --sorted "cd rwpkg/src && MAKEFLAGS=-j2 R CMD SHLIB -o rwpkg.so add.c init.c util.c"
  prep 'cp rwpkg/src/util.c rwpkg/src/util.c.rw && echo "#error rw: broken" >> rwpkg/src/util.c'
  step broken-install 'R CMD INSTALL --no-test-load -l _lib rwpkg; echo status $?'
  step broken-k "$m -k; echo status \$?"
  step broken-j2-k --sorted "$m -j2 -k; echo status \$?"
  prep 'cat rwpkg/src/util.c.rw > rwpkg/src/util.c && rm rwpkg/src/util.c.rw'
  step preclean 'R CMD INSTALL --preclean --no-test-load -l _lib rwpkg; echo status $?'
  step clean-after 'R CMD INSTALL --clean --no-test-load -l _lib rwpkg; echo status $?'
}
