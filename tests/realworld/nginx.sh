# nginx: its own configure (shell scripts under auto/) writes objs/Makefile
# (one explicit rule per object, each listing every header of its module)
# and a top Makefile that hands each goal to $(MAKE) -f objs/Makefile;
# the manual page is made with sed; install copies and renames the
# configuration files with test -f/-d guards. Built without the modules
# needing PCRE and zlib (whether their headers are installed varies).
RW_PACKAGE=nginx

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  ./configure --prefix=/usr/local/nginx --without-http_rewrite_module --without-http_gzip_module
}

rw_steps() {
  step n-before 'make -n'
  step build 'make'
  step version 'objs/nginx -v 2>&1'
  step noop --repeat 4 'make'
  step n-after --repeat 4 'make -n'
  step q 'make -f objs/Makefile -q; echo status $?'
  step pq 'make -f objs/Makefile -pq; echo status $?'
  prep 'touch src/core/ngx_string.h'
  step touch-n 'make -n'
  step touch-make --sorted 'make -j2'
  step manpage 'make -f objs/Makefile manpage'
  step install 'make install DESTDIR=$PWD/_destdir'
  step install-again 'make install DESTDIR=$PWD/_destdir'
  step clean 'make clean'
}
