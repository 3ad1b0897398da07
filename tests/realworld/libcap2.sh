# libcap 2: Make.Rules included by every directory's Makefile, recursive
# make over libcap, tests, progs, doc, pam_cap, psx; generated
# cap_names.list.h from the kernel's header through an awk script and a host
# program; shared objects that are also executables.
RW_PACKAGE=libcap2
RW_ORIG=1

rw_normalize() {
  rw_normalize_db
}

V='GOLANG=no PAM_CAP=no'

rw_steps() {
  step n-before "make -n $V; echo status \$?"
  step build --sorted "make -j2 $V"
  step noop "make $V"
  step q "make -C libcap -q $V; echo status \$?"
  step n-after "make -n $V"
  step pq "make -C libcap -pq $V; echo status \$?"
  step trace "make --trace $V"
  prep 'touch libcap/libcap.h'
  step touch-n "make -n $V"
  step touch-build --sorted "make -j2 $V"
  prep 'echo "#error injected" >> libcap/cap_text.c; echo "#error injected" >> progs/setcap.c'
  step k-fail "make -k $V; echo status \$?"
  step k-fail-j2 --sorted "make -k -j2 $V; echo status \$?"
  prep 'sed -i "/^#error injected/d" libcap/cap_text.c progs/setcap.c'
  step rebuild "make $V"
  step shuffle "make -C libcap -B --shuffle=reverse $V"
  step W-n "make -n -W libcap/cap_proc.c $V"
  step osync --sorted "make -j2 -Otarget -B -C progs $V"
  step install "make install $V DESTDIR=\$PWD/_inst"
  step clean "make clean $V"
  step distclean "make distclean $V"
}
