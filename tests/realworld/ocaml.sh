# OCaml 4.13 (a partial build: the whole compiler takes too long here):
# autoconf configure writing Makefile.config, then hand-written GNU
# makefiles sharing Makefile.common: the runtime's C objects in nine
# variants (%.b.o, %.bd.o, %.npic.o, ...) from one `define COMPILE_C_FILE`
# instantiated by $(foreach ... $(eval $(call ...))), pattern-specific
# `OC_CPPFLAGS +=` per variant, dependency files under .dep/ that are
# included and remade first (also under -n and -q), order-only generated
# headers, and `coldstart`, which builds the runtime and the standard
# library with the bootstrap compiler through $(MAKE) -C with quoted
# variable values ('$$(ROOTDIR)/...') on the command line; stdlib's
# module list comes from a generated, included StdlibModules. Then the
# bytecode compiler ocamlc from the top-level makefile (the .depend file,
# compilerlibs/Makefile.compilerlibs, Makefile.menhir, suffix rules
# .ml.cmo/.mli.cmi). The top level's `world` and `install` are checked
# with -n, which recurses.
RW_PACKAGE=ocaml

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  ./configure --prefix=/usr
}

rw_steps() {
  step n-runtime 'make -C runtime -n all'
  step q-runtime-before 'make -C runtime -q all; echo status $?'
  # build_config.h first: the %.o rule that wins (Makefile.common's) lists
  # $(wildcard *.h), read before build_config.h exists in a fresh tree, so
  # under -j2 prims.o may finish before build_config.h is written (a race
  # of the project's, timing alone decides: both makes pick the same rule
  # and order), and the next run rebuilds prims.o.
  step runtime --sorted 'make -C runtime build_config.h && make -j2 -C runtime all'
  step runtime-noop --repeat 4 'make -C runtime all'
  step runtime-q 'make -C runtime -q all; echo status $?'
  step runtime-pq 'make -C runtime -pq all; echo status $?'
  step n-coldstart 'make -n coldstart'
  step shuffle-n 'make -C runtime -n -B --shuffle=reverse all && make -C runtime -n -B --shuffle=99 libcamlrun.a'
  step coldstart 'make coldstart'
  step stdlib-noop --repeat 2 'make -C stdlib OCAMLRUN="\$(ROOTDIR)/runtime/ocamlrun" CAMLC="\$(BOOT_OCAMLC) -use-prims ../runtime/primitives" all'
  step stdlib-q 'make -C stdlib -q OCAMLRUN="\$(ROOTDIR)/runtime/ocamlrun" CAMLC="\$(BOOT_OCAMLC) -use-prims ../runtime/primitives" all; echo status $?'
  step ocamlc 'make ocamlc'
  step ocamlc-noop --repeat 2 'make ocamlc'
  step ocamlc-q 'make -q ocamlc; echo status $?'
  prep 'touch typing/ctype.mli'
  step ocamlc-touch-n 'make -n ocamlc'
  step ocamlc-touch 'make ocamlc'
  step n-world 'make -n world; echo status $?'
  step pq 'make -pq; echo status $?'
  prep 'touch runtime/caml/major_gc.h'
  step touch-n 'make -C runtime -n all'
  step touch-make --sorted 'make -j2 -C runtime all'
  step ocamlyacc 'make ocamlyacc'
  step n-install 'make -n install DESTDIR=$PWD/_destdir; echo status $?'
  step clean 'make clean'
  step distclean 'make distclean'
}
