# iproute2: hand-written makefiles. The top one includes config.mk with
# `-include` and has a rule that runs configure to make it (the first step
# starts without it: remade and re-executed, under -n too), adds
# --no-print-directory to MAKEFLAGS unless V=1 is given on the command
# line, and loops over the subdirectories in one shell (`set -e; for i in
# ...; do $(MAKE) -C $$i; done`); each subdirectory includes ../config.mk
# (QUIET_CC and friends, HAVE_MNL, HAVE_ELF, and .EXPORT_ALL_VARIABLES:
# the top's CFLAGS reach the sub-makes through the environment, so a
# sub-make run alone has not got them: the steps that compile go through
# the top, SUBDIRS= on the command line for one directory), tc/ makes its parser with
# bison and its lexer with flex, man/ its pages through sed. Needs bison,
# flex, libmnl-dev, libelf-dev, libcap-dev.
RW_PACKAGE=iproute2

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_steps() {
  step help 'make help'
  step n-before 'make -n'
  step config-again 'make config.mk; echo status $?'
  step build-j2 --sorted 'make -j2'
  step version 'ip/ip -V | cut -d, -f1 | cut -d- -f1'
  step noop --repeat 2 'make'
  step q 'make -C ip -q; echo status $?'
  step q-lib 'make -C lib -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step pq-tc 'make -C tc -pq; echo status $?'
  prep 'touch lib/utils.c'
  step touch-q 'make -C lib -q; echo status $?'
  step touch-q-ip 'make -C ip -q; echo status $?'
  step touch-n 'make -n'
  step touch-V 'make V=1'
  prep 'touch tc/emp_ematch.y'
  step yacc-trace 'make --trace'
  prep 'touch ip/iplink.c'
  step t 'make -C ip -t; echo status $?'
  step t-noop 'make'
  step W 'make -C ip -n -W ipaddress.c'
  # -B remakes config.mk too (its recipe does nothing: configure is older).
  step B 'make -B SUBDIRS=bridge'
  prep 'cp ip/iproute.c ip/iproute.c.rw && echo "#error rw: broken" >> ip/iproute.c'
  step broken 'make; echo status $?'
  step broken-k-j2 --sorted 'make -k -j2; echo status $?'
  prep 'cat ip/iproute.c.rw > ip/iproute.c && rm ip/iproute.c.rw'
  step fixed-sync --sorted 'make -j2 -Otarget'
  step install --sorted 'make -j2 install DESTDIR=$PWD/_destdir'
  step clean 'make clean'
  step distclean 'make distclean'
}
