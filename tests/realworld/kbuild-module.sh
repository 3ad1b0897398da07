# kbuild-module: an out-of-tree Linux kernel module built against Debian's
# packaged kbuild headers (linux-headers-amd64: /lib/modules/VER/build, the
# headers' Makefile, scripts/Makefile.build, Makefile.modpost,
# Makefile.modfinal and their fixdep'ed .cmd files), the way a third-party
# driver is built: `make -C /lib/modules/VER/build M=$PWD modules`. The
# module, written by rw_configure, has two objects linked into one, a
# header generated through if_changed (a .cmd file of its own), and a
# subdirectory with a second, single-object module; the steps cover V=1,
# W=1, -n, -j2, -q, -t, -B, --trace, -k with a compile error, single-object
# targets (.i, .s), modules_install, help, the classic
# wrapper Makefile (KERNELRELEASE test) and clean. Needs
# linux-headers-amd64 (or a versioned linux-headers-*) and gcc.
RW_PACKAGE=

# The newest packaged headers.
RW_KDIR=$(ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -1)

# -p output: see rw_normalize_db. -d output: the version text each make
# starts with (rw_normalize_version), the addresses of its child records
# and the children's process ids.
rw_normalize() {
  rw_normalize_db | rw_normalize_version | sed -E -e 's/0x[0-9a-f]+/0xADDR/g; s/PID [0-9]+/PID N/g'
}

rw_configure() {
  [[ -n "$RW_KDIR" ]] || { echo "no /lib/modules/*/build: apt-get install linux-headers-amd64"; return 1; }
  mkdir -p sub
  cat > Kbuild <<'KB'
obj-m += hello.o sub/
hello-y := main.o helper.o
ccflags-y += -I$(obj)

# A generated header, remade when its command line changes.
$(obj)/main.o: $(obj)/gen.h
quiet_cmd_gen = GEN     $@
      cmd_gen = sed 's/^\(.*\) \(.*\)$$/\#define \1 \2/' $< > $@
$(obj)/gen.h: $(src)/gen.txt FORCE
	$(call if_changed,gen)
targets += gen.h
clean-files += gen.h
KB
  cat > main.c <<'C'
#include <linux/module.h>
#include <linux/init.h>
#include "hello.h"
#include "gen.h"
static int __init hello_init(void) { pr_info("hello %d\n", hello_helper() + HELLO_ANSWER); return 0; }
static void __exit hello_exit(void) { }
module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
C
  cat > helper.c <<'C'
#include <linux/kernel.h>
#include <linux/export.h>
#include "hello.h"
int hello_helper(void) { return 1; }
EXPORT_SYMBOL_GPL(hello_helper);
C
  echo 'int hello_helper(void);' > hello.h
  echo 'HELLO_ANSWER 41' > gen.txt
  printf 'obj-m += single.o\n' > sub/Kbuild
  cat > sub/single.c <<'C'
#include <linux/module.h>
static int __init single_init(void) { return 0; }
module_init(single_init);
MODULE_LICENSE("GPL");
C
  # The classic wrapper: kbuild reads it too (KERNELRELEASE set) when
  # there is no Kbuild file; here Kbuild wins, so it only recurses.
  cat > Makefile <<MK
ifneq (\$(KERNELRELEASE),)
obj-m := hello.o
else
KDIR ?= $RW_KDIR
all:
	\$(MAKE) -C \$(KDIR) M=\$(CURDIR) modules
clean:
	\$(MAKE) -C \$(KDIR) M=\$(CURDIR) clean
.PHONY: all clean
endif
MK
}

rw_steps() {
  local k="make -C $RW_KDIR M=\$PWD"
  step n-before "$k -n modules"
  step build "$k modules"
  step noop --repeat 2 "$k modules"
  step q "$k -q modules; echo status \$?"
  step n-after "$k -n modules"
  step pq "$k -pq modules; echo status \$?"
  step help "$k help"
  step single "$k main.i helper.s sub/single.s; echo status \$?"
  step trace-noop "$k --trace modules"
  # Where a sub-make's first lines fall among its parent's "Putting child"
  # and "Live child" lines depends on scheduling, for GNU make from run to
  # run too: compared sorted.
  step d-noop --sorted "$k -d modules"
  step s-w "$k -s -w modules"
  prep 'touch hello.h'
  step touch-q "$k -q modules; echo status \$?"
  step touch-n "$k -n modules"
  step touch-V1 "$k V=1 modules"
  prep 'echo "HELLO_ANSWER 40" > gen.txt'
  step gen-trace "$k --trace modules"
  step W1 "$k W=1 modules"
  step W1-again "$k W=1 modules"
  step clean "$k clean"
  step build-j2 --sorted "$k -j2 modules"
  prep 'touch hello.h sub/single.c'
  step Oline-V1 --sorted "$k -j2 -Oline V=1 modules"
  prep 'touch gen.txt'
  step shuffle --sorted "$k -j2 --shuffle=reverse modules"
  prep 'touch helper.c'
  step t "$k -t modules; echo status \$?"
  step t-noop "$k modules"
  step B-sub "$k -B modules"
  # The headers package lacks scripts/clang-tools/gen_compile_commands.py:
  # the missing prerequisite's error.
  step compile-commands "$k compile_commands.json; echo status \$?"
  step W12-Orecurse --sorted "$k -j2 -Orecurse W=12 -rR --warn-undefined-variables modules"
  step wrapper 'make'
  # Signing fails (no key in the headers package) and depmod is skipped
  # (no System.map): messages only, the modules are installed.
  step install "$k modules_install INSTALL_MOD_PATH=\$PWD/_destdir; echo status \$?"
  prep 'cp sub/single.c sub/single.c.rw && echo "#error rw: broken" >> sub/single.c && touch main.c'
  step broken "$k modules; echo status \$?"
  step broken-k "$k -k modules; echo status \$?"
  step broken-j2-k --sorted "$k -j2 -k modules; echo status \$?"
  prep 'cat sub/single.c.rw > sub/single.c && rm sub/single.c.rw'
  step fixed-V2 "$k V=2 modules"
  step wrapper-clean 'make clean'
}
