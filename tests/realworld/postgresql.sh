# PostgreSQL 15: a vpath build (configured in build/ with --enable-depend:
# `-include $(DEPDIR)/*.Po` wildcards), src/Makefile.global's submake-
# targets and order-only prerequisites, Makefile.shlib (libpq), recursion
# through the whole tree under -n, and PGXS: an extension built against an
# installed subset with `USE_PGXS=1`. The build is a subset (psql and its
# libraries, pg_config, a contrib module) to keep the time modest.
RW_PACKAGE=postgresql-15

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir build && cd build &&
    ../configure --without-readline --without-zlib --without-icu --enable-depend \
      --prefix="$RW_RUN/inst"
}

PG_CONFIG_ARG='PG_CONFIG=$PWD/inst/bin/pg_config'

rw_steps() {
  step n-top 'cd build && make -n; echo status $?'
  step n-psql 'cd build && make -n -C src/bin/psql'
  # -j1: under -j2 the submake- targets of libpq and psql run two makes in
  # src/port at once, both writing pg_config_paths.h (a race in the project).
  step build 'cd build && make -C src/bin/psql'
  step version 'build/src/bin/psql/psql --version'
  step noop --repeat 4 'cd build && make -C src/bin/psql'
  step q --repeat 2 'cd build && make -q -C src/bin/psql; echo status $?; make -q -C src/interfaces/libpq; echo status $?'
  step n-after --repeat 2 'cd build && make -n -C src/bin/psql'
  step pq 'cd build/src/bin/psql && make -pq; echo status $?'
  prep 'touch src/include/fe_utils/print.h'
  step touch-n 'cd build && make -n -C src/bin/psql'
  step touch-build 'cd build && make -C src/bin/psql'
  prep 'touch src/bin/psql/help.c'
  step touch-q 'cd build && make -q -C src/bin/psql; echo status $?'
  step touch-sync --sorted 'cd build && make -j2 -Otarget -C src/bin/psql'
  step touch-noop 'cd build && make -C src/bin/psql'
  step contrib --sorted 'cd build && make -j2 -C contrib/cube'
  step contrib-noop 'cd build && make -C contrib/cube'
  step install --sorted 'cd build && make -j2 -C src/bin/psql install && make -C src/bin/pg_config install &&
    make -C src/include install && make -C src/makefiles install && make -C src install-local &&
    make -C src/port install && make -C src/common install'
  step pgxs-n "make -C contrib/cube USE_PGXS=1 $PG_CONFIG_ARG -n"
  step pgxs "make -C contrib/cube USE_PGXS=1 $PG_CONFIG_ARG"
  step pgxs-noop "make -C contrib/cube USE_PGXS=1 $PG_CONFIG_ARG"
  step pgxs-install "make -C contrib/cube USE_PGXS=1 $PG_CONFIG_ARG install"
  step pgxs-clean "make -C contrib/cube USE_PGXS=1 $PG_CONFIG_ARG clean"
  step clean-n 'cd build && make -n clean'
  step clean 'cd build && make -C src/bin/psql clean && make -C contrib/cube clean'
  step distclean-n 'cd build && make -n distclean'
}
