# musl-cross-make: a cross-toolchain builder that is all GNU make: sources
# downloaded by a `$(SOURCES)/%: hashes/%.sha1 | $(SOURCES)` rule with a
# per-file SITE set as target-specific variables on $(patsubst) of
# $(wildcard hashes/...) lists, three `%.orig:` pattern rules (one per
# archive suffix) and a match-anything `%: %.orig` extracting and patching
# (cowpatch.sh), with `.SECONDARY:` keeping every intermediate, a
# $(foreach ...$(eval $(dir): $$(wildcard patches/$(dir) ...))) adding the
# patch sets as prerequisites, order-only prerequisites throughout, the
# build directory's Makefile a symlink to litecross/Makefile with a
# config.mak written by printf, then litecross's chain of .lc_configured /
# .lc_built stamps over order-only prerequisites, `MAKE += ...` (the
# sub-makes get MAKE="$(MAKE) ..." on their command lines), $(shell) calls
# to config.guess/config.sub in recursively expanded variables, the kernel
# architecture found by $(foreach)/$(filter) over $(wildcard arch/*).
#
# No network at test time, and no real toolchain sources: config.mak sets
# DL_CMD to rw-dl.sh, which writes a stand-in archive for each source
# (a configure script writing a Makefile whose targets only touch what
# litecross checks for, config.guess/config.sub, a kernel tree with
# arch/x86 and a headers_install target), and SHA1_CMD to true (one step
# runs the real sha1sum check, which fails); the patch sets of the
# versions used are replaced by one patch that applies to the stand-ins.
#
# musl-cross-make is no Debian source package: export a snapshot of its
# repository and name it in RW_MUSL_CROSS_MAKE_SRC, e.g.
#   git --git-dir=/work/.mirror/richfelker+musl-cross-make/repo archive HEAD | tar -x -C /tmp/rw-musl-cross-make-src
#   RW_MUSL_CROSS_MAKE_SRC=/tmp/rw-musl-cross-make-src tests/realworld/run musl-cross-make
# Without it the project is skipped.
RW_SOURCE_ENV=RW_MUSL_CROSS_MAKE_SRC

# -p output: see rw_normalize_db. tar's verbose listing order is the
# archive's (the same on both sides).
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  cat > rw-dl.sh <<'EOS'
#!/bin/sh
# rw-dl.sh FILE URL: a stand-in for `wget -c -O FILE URL`.
out="$1"
echo "rw-dl: $out from $2"
case "$out" in
  *.tar.*) ;;
  *) printf '#!/bin/sh\necho "$1"\n' > "$out"; chmod +x "$out"; exit 0 ;;
esac
base="${out%.tar.*}"
mkdir -p "rw-stage/$base" && cd "rw-stage/$base" || exit 1
echo "$base stand-in" > README
printf '#!/bin/sh\necho x86_64-pc-linux-gnu\n' > config.guess
printf '#!/bin/sh\necho "$1"\n' > config.sub
cat > configure <<'EOC'
#!/bin/sh
echo "configure $(basename "$(cd "$(dirname "$0")" && pwd -P)") $*" > config.log
t=; for a; do case "$a" in --target=*) t="${a#--target=}" ;; esac; done
cat > Makefile <<EOM
TARGET = $t
all all-gcc install install-headers:
	@echo "\$(notdir \$(CURDIR)): \$@ MAKELEVEL=\$(MAKELEVEL) MAKE=\$(MAKE)"
	@mkdir -p gcc \$(if \$(DESTDIR),\$(DESTDIR)/include \$(DESTDIR)/bin && touch \$(DESTDIR)/include/\$@.h)
all-target-libgcc:
	mkdir -p \$(TARGET)/libgcc && touch \$(TARGET)/libgcc/libgcc.a
EOM
EOC
mkdir -p arch/x86 arch/arm64 arch/riscv
cat > Makefile <<'EOM'
headers_install:
	@echo "headers_install ARCH=$(ARCH) O=$(notdir $(O))"
	mkdir -p $(INSTALL_HDR_PATH)/include/linux && touch $(INSTALL_HDR_PATH)/include/linux/types.h $(INSTALL_HDR_PATH)/include/linux/.install
EOM
chmod +x configure config.guess config.sub
# The same bytes on every run: fixed mtimes, owners and order.
cd .. && tar --mtime=@0 --owner=0 --group=0 --numeric-owner --sort=name -cf - "$base" |
case "$out" in
  *.gz) gzip -n ;;
  *.bz2) bzip2 ;;
  *) xz ;;
esac > "../$out"
EOS
  chmod +x rw-dl.sh
  printf '%s\n' 'TARGET = x86_64-linux-musl' 'DL_CMD = $(CURDIR)/rw-dl.sh' 'SHA1_CMD = true' > config.mak
  local d
  for d in gcc-9.4.0 binutils-2.44 musl-1.2.6; do
    rm -rf "patches/$d" && mkdir -p "patches/$d"
    printf -- '--- a/README\n+++ b/README\n@@ -1 +1,2 @@\n %s stand-in\n+patched for rw\n' "$d" > "patches/$d/0001-rw.diff"
  done
}

rw_steps() {
  local b='cd build/local/x86_64-linux-musl &&'
  step n-notarget "make -n TARGET=; echo status \$?"
  step notarget "make TARGET=; echo status \$?"
  step n-before "make -n; echo status \$?"
  step q-before "make -q; echo status \$?"
  step sha1 "make sources/mpc-1.3.1.tar.gz SHA1_CMD='sha1sum -c'; echo status \$?"
  step sources-n "make -n sources/gmp-6.3.0.tar.bz2 sources/config.sub"
  step extract-j2 --sorted "make -j2 extract_all; echo status \$?"
  step extract-q "make -q extract_all; echo status \$?"
  step pq "make -pq; echo status \$?"
  step n-build "make -n; echo status \$?"
  step build "make; echo status \$?"
  step noop "make; echo status \$?"
  step q "make -q; echo status \$?"
  step lc-n "$b make -n; echo status \$?"
  step lc-q "$b make -q; echo status \$?"
  step lc-pq "$b make -pq; echo status \$?"
  prep 'rm build/local/x86_64-linux-musl/obj_musl/.lc_built'
  step lc-trace "$b make --trace musl; echo status \$?"
  step install "make install OUTPUT=\$PWD/_out; echo status \$?"
  step install-n "$b make -n install OUTPUT=\$PWD/_out2; echo status \$?"
  prep 'touch patches/musl-1.2.6/0001-rw.diff'
  step repatch-n "make -n musl-1.2.6; echo status \$?"
  step repatch "make --trace musl-1.2.6; echo status \$?"
  step other-target-n "make -n TARGET=aarch64-linux-musl; echo status \$?"
  step other-target-j2 --sorted "make -j2 TARGET=riscv64-linux-musl; echo status \$?"
  step gcc-version-n "make -n GCC_VER=14.2.0; echo status \$?"
  step git-musl-n "make -n MUSL_VER=git-master; echo status \$?"
  step lc-clean "$b make clean"
  step clean "make clean"
  step distclean "make distclean"
}
