# MicroPython: the unix port's hand-written Makefile on py/py.mk and
# py/mkrules.mk: objects listed by $(addprefix $(BUILD)/, ...), qstr
# extraction through a $? / $^ choice ($(if $?,$?,$^) in
# $(HEADER_BUILD)/qstr.i.last), .split stamps whose outputs are other
# targets, frozen_content.c forced (FORCE) with an order-only prerequisite
# on the mpy-cross binary, variants (VARIANT=minimal) in their own build
# directory, BUILD_VERBOSE=1 (V=1), and mpy-cross's own Makefile. Debian's
# patches applied (no autotools: a fixed mpversion, no submodule check);
# no SSL or btree (their sources are not in Debian's tarball), a manifest
# freezing asyncio only (micropython-lib is not shipped).
RW_PACKAGE=micropython

# -p output: see rw_normalize_db. In the steps run with -j2 (`name` is
# rw_compare's current step) the build directory itself ($(OBJ_DIRS)
# lists build/ for the objects at its top) is made by its own `mkdir -p`
# unless the first job, `mkdir -p build/genhdr`, has made it by the time
# it is considered: either make prints the line or not, from run to run.
# When makeqstrdefs.py fails, its multiprocessing pool's finalizer may
# or may not print a traceback (a Python race at exit, "Exception ignored
# in: <function Pool.__del__ at 0x...>" ending in EBADF), from run to run
# with either make: left out.
rw_normalize() {
  case "${name-}" in
    *j2*) rw_normalize_db | sed -E '/^mkdir -p build(-[a-z]+)?\/$/d' ;;
    *) rw_normalize_db ;;
  esac | perl -0777 -pe 's/^Exception ignored in: <function Pool\.__del__ .*?^OSError: \[Errno 9\] Bad file descriptor\n//gms'
}

rw_configure() {
  sed -n '/^[^#]/p' debian/patches/series | while read -r p; do
    patch -p1 -s < "debian/patches/$p" || exit 1
  done &&
    printf 'include("$(MPY_DIR)/extmod/asyncio")\n' > rw-manifest.py
}

M='make -C ports/unix'
U='make -C ports/unix MICROPY_PY_SSL=0 MICROPY_SSL_AXTLS=0 MICROPY_PY_BTREE=0 FROZEN_MANIFEST=../../rw-manifest.py'

rw_steps() {
  step cross-n 'make -C mpy-cross -n'
  step cross-j2 --sorted 'make -C mpy-cross -j2'
  step cross-noop 'make -C mpy-cross'
  step cross-q 'make -C mpy-cross -q; echo status $?'
  step n-before "$U -n"
  step build-j2 --sorted "$U -j2"
  step version 'ports/unix/build-standard/micropython -c "import sys; print(sys.implementation.name)"'
  step noop --repeat 2 "$U"
  step q "$U -q; echo status \$?"
  step n-after "$U -n"
  step pq "$U -pq; echo status \$?"
  # A header every object includes, then one source: the qstr pass gets
  # $? (the changed sources) in either case.
  prep 'touch py/obj.h'
  step touch-h-q "$U -q; echo status \$?"
  step touch-h-n "$U -n"
  step touch-h-j2 --sorted "$U -j2"
  prep 'touch py/objlist.c'
  step touch-c-trace "$U --trace"
  prep 'touch py/objstr.c'
  step touch-c-V "$U V=1"
  prep 'touch py/objint.c'
  step t "$U -t; echo status \$?"
  step t-noop "$U"
  step W "$U -n -W ../../py/vm.c"
  # The minimal variant has no long integers: no frozen manifest (its
  # mpconfigvariant.mk empties FROZEN_MANIFEST).
  step minimal-n "$M VARIANT=minimal -n"
  step minimal-j2 --sorted "$M VARIANT=minimal -j2"
  step minimal-noop "$M VARIANT=minimal"
  prep 'cp py/objset.c py/objset.c.rw && echo "#error rw: broken" >> py/objset.c'
  step broken "$U; echo status \$?"
  step broken-k-j2 --sorted "$U -k -j2; echo status \$?"
  prep 'cat py/objset.c.rw > py/objset.c && rm py/objset.c.rw'
  step fixed "$U"
  step install "$U install PREFIX=\$PWD/_inst"
  step clean "$U clean"
  step clean-minimal "$M VARIANT=minimal clean"
  step cross-clean 'make -C mpy-cross clean'
}
