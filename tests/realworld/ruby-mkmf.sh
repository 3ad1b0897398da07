# ruby-mkmf: a Ruby C extension built through the Makefile that mkmf
# writes (ruby extconf.rb, create_makefile): .SUFFIXES rules for each
# source language, $(Q) and $(ECHO) quiet output unless V=1, timestamp
# files under .sitearchdir.*.time for the install directories, the
# header dependencies of the `depend` file appended, extconf.h from
# create_header, install with DESTDIR, clean and distclean. No Debian
# source package with a C extension could be fetched: the extension is
# written here. Needs ruby-dev.
RW_PACKAGE=

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir -p lib/rwext
  cat > extconf.rb <<'EOF'
require 'mkmf'
have_header('stdint.h') or abort 'no stdint.h'
have_func('snprintf', 'stdio.h')
$defs << '-DRW_LEVEL=2'
create_header
create_makefile('rwext/rwext')
EOF
  cat > rwext.c <<'EOF'
#include <ruby.h>
#include "extconf.h"
#include "helper.h"
static VALUE rw_join(VALUE self, VALUE a, VALUE b) {
  return rb_str_new_cstr(helper_join(StringValueCStr(a), StringValueCStr(b)));
}
static VALUE rw_level(VALUE self) { return INT2NUM(helper_level()); }
void Init_rwext(void) {
  VALUE m = rb_define_module("RwExt");
  rb_define_module_function(m, "join", rw_join, 2);
  rb_define_module_function(m, "level", rw_level, 0);
}
EOF
  cat > helper.h <<'EOF'
#ifndef HELPER_H
#define HELPER_H
const char *helper_join(const char *a, const char *b);
int helper_level(void);
#endif
EOF
  cat > helper.c <<'EOF'
#include <stdio.h>
#include "extconf.h"
#include "helper.h"
const char *helper_join(const char *a, const char *b) {
  static char buf[256];
  snprintf(buf, sizeof buf, "%s+%s", a, b);
  return buf;
}
int helper_level(void) { return RW_LEVEL; }
EOF
  cat > depend <<'EOF'
rwext.o: rwext.c helper.h $(RUBY_EXTCONF_H)
helper.o: helper.c helper.h $(RUBY_EXTCONF_H)
EOF
  cat > lib/rwext.rb <<'EOF'
require 'rwext/rwext'
EOF
  ruby extconf.rb
}

rw_steps() {
  local run='ruby -I. -e "require %q(./rwext); puts RwExt.join(%q(a), %q(b)), RwExt.level"'
  step n-before 'make -n'
  step build 'make'
  step run "$run"
  step noop --repeat 4 'make'
  step n-after --repeat 4 'make -n'
  step q 'make -q; echo status $?'
  step verbose-noop 'make V=1'
  step pq 'make -pq; echo status $?'
  prep 'touch helper.h'
  step touch-h-n 'make -n'
  step touch-h 'make V=1'
  step install 'make install DESTDIR=$PWD/_destdir'
  step install-again 'make install DESTDIR=$PWD/_destdir'
  step static 'make static'
  step clean 'make clean'
  step build-j2 --sorted 'make -j2'
  step distclean 'make distclean'
}
