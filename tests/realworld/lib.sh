# tests/realworld/lib.sh: the machinery behind tests/realworld/run (sourced).
#
# A project script (tests/realworld/PROJECT.sh) defines:
#   RW_PACKAGE       the Debian source package to fetch with apt-get source
#                    (empty: the project's files are written by rw_configure
#                    itself, in an empty directory)
#   rw_configure     (optional: nothing to configure) run in the source tree
#                    (at $RW_RUN) to configure it, with the reference make
#                    first on PATH
#   rw_steps         the checks: a sequence of `step` and `prep` calls
#   RW_SOURCE_ENV    (optional, instead of RW_PACKAGE) the name of an
#                    environment variable naming a source tree fetched
#                    beforehand (a project that is no Debian package); the
#                    project is skipped, with a message, when it names none
#   RW_ORIG          (optional) 1: when the mirror has a version's upstream
#                    tarball but not its other files, unpack the tarball
#   RW_EXCLUDE       (optional) `find -path` patterns left out of the file
#                    comparison, each with a reason in the script
#   RW_NOHASH        (optional) `find -path` patterns of files compared by
#                    name only (contents embed dates or build-time mtimes)
#   rw_normalize     (optional) a sed filter applied to stdout and stderr
#
# Both makes run the same sequence, one after the other, in a fresh copy of
# the configured tree at the same fixed path $RW_RUN, with a `make` symlink to
# the make under test first on PATH; the tree is then moved away and the
# recorded outputs and file manifests of each step are compared.

RW_ROOT="${RMAKE_REALWORLD_DIR:-/tmp/rmake-realworld}"
RW_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RW_RMAKE="${RMAKE:-$RW_REPO/target/release/rmake}"
RW_NICE=(nice -n 10)

rw_log() { printf '[realworld %s] %s\n' "$(date +%T)" "$*" >&2; }
rw_die() { rw_log "error: $*"; exit 2; }

rw_reference() {
  if [[ -n "${REFERENCE_MAKE:-}" ]]; then echo "$REFERENCE_MAKE"; return; fi
  local tool="$RW_REPO/../../shared/tools/reference-make"
  [[ -x "$tool" ]] || tool="$RW_REPO/../shared/tools/reference-make"
  [[ -x "$tool" ]] || tool=/work/shared/tools/reference-make
  "$tool"
}

# The deb-src entry reference-make also adds, when there is none.
rw_ensure_deb_src() {
  if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      > /etc/apt/sources.list.d/make-testsuite-src.sources
  fi
  if [[ ! -e "$RW_ROOT/.apt-updated" ]]; then
    apt-get update -qq >/dev/null 2>&1 || true
    touch "$RW_ROOT/.apt-updated"
  fi
}

# Unpacks the newest fetchable version of $1 under $RW_ROOT/src; prints its
# dir. Debian's patches are not applied (RW_DEBIAN_PATCHES=1 applies them):
# they edit configure.ac and Makefile.am files, which makes automake's rules
# want to rerun aclocal and automake (Debian's build runs autoreconf).
rw_fetch() {
  local pkg="$1" src="$RW_ROOT/src/$1" v patches=--skip-patches
  [[ "${RW_DEBIAN_PATCHES:-0}" == 1 ]] && patches=
  if [[ ! -f "$src/.done" ]]; then
    rw_ensure_deb_src
    rm -rf "$src" && mkdir -p "$src"
    # Newest first; a version listed in the index may be gone from the mirror.
    for v in $(apt-cache showsrc "$pkg" | sed -n 's/^Version: //p' | sort -rV | uniq); do
      if (cd "$src" && apt-get source -qq --download-only "$pkg=$v" >/dev/null 2>&1 &&
          dpkg-source -x $patches ./*.dsc >/dev/null 2>&1); then
        echo "$pkg=$v" > "$src/.done"; break
      fi
      # RW_ORIG=1 (the project does not use debian/): the upstream tarball
      # alone will do when the mirror lacks the version's other files.
      if [[ "${RW_ORIG:-0}" == 1 ]] && (cd "$src" && u="${v#*:}" && u="${u%-*}" &&
          find . -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} + &&
          mkdir "$pkg-$u" && tar xf "$(ls "${pkg}_$u".orig.tar.* | head -1)" -C "$pkg-$u" >/dev/null 2>&1 &&
          # A tarball of one directory is that directory; one without (tcc's) is $pkg-$u.
          if [[ $(ls -A "$pkg-$u" | wc -l) == 1 && -d "$pkg-$u/$(ls -A "$pkg-$u")" ]]; then
            mv "$pkg-$u" "$pkg-$u.tmp" && mv "$pkg-$u.tmp/$(ls -A "$pkg-$u.tmp")" . && rmdir "$pkg-$u.tmp"
          fi); then
        echo "$pkg=$v (upstream tarball)" > "$src/.done"; break
      fi
      rm -rf "${src:?}"/*
    done
    [[ -f "$src/.done" ]] || rw_die "apt-get source $pkg failed"
  fi
  find "$src" -mindepth 1 -maxdepth 1 -type d | head -1
}

# The configured tree: the unpacked source copied to $RW_RUN (configure
# records absolute paths), configured there, then moved to $RW_CONFIGURED.
rw_prepare() {
  RW_CONFIGURED="$RW_ROOT/configured/$RW_PROJECT"
  [[ -f "$RW_CONFIGURED/.rw-configured" ]] && return
  local src
  if [[ -n "${RW_SOURCE_ENV:-}" ]]; then
    src="${!RW_SOURCE_ENV:-}"
    rw_log "$RW_PROJECT: configuring the tree at $src"
  elif [[ -n "${RW_PACKAGE:-}" ]]; then
    src="$(rw_fetch "$RW_PACKAGE")" || exit 2
    rw_log "$RW_PROJECT: configuring $(cat "$RW_ROOT/src/$RW_PACKAGE/.done")"
  else
    src="$RW_ROOT/src/empty" && mkdir -p "$src"
    rw_log "$RW_PROJECT: writing and configuring the project"
  fi
  rm -rf "$RW_RUN" "$RW_CONFIGURED" && mkdir -p "$(dirname "$RW_RUN")" "$(dirname "$RW_CONFIGURED")"
  cp -a "$src" "$RW_RUN"
  (cd "$RW_RUN" && PATH="$RW_ROOT/bin/ref:$PATH" rw_configure) > "$RW_ROOT/configure-$RW_PROJECT.log" 2>&1 \
    || { tail -20 "$RW_ROOT/configure-$RW_PROJECT.log" >&2; rw_die "$RW_PROJECT: configure failed"; }
  touch "$RW_RUN/.rw-configured"
  mv "$RW_RUN" "$RW_CONFIGURED"
}

# Manifest of the tree: type, path, and a content hash (or link target).
rw_manifest() {
  local args=() p
  for p in "${RW_EXCLUDE[@]}" ./.rw-configured; do args+=(-path "$p" -prune -o); done
  (cd "$RW_RUN" && find . "${args[@]}" \( -type f -printf 'f %p\n' -o -type l -printf 'l %p -> %l\n' -o -printf '%y %p\n' \) ) \
    | LC_ALL=C sort > "$1.list"
  sed -n 's/^f \.\//.\//p' "$1.list" | (cd "$RW_RUN" && tr '\n' '\0' | xargs -0 -r -P2 -n200 md5sum) \
    | LC_ALL=C sort -k2 > "$1.md5"
}

rw_filter() {
  local bin="$RW_ROOT/bin"
  sed -e "s#$bin/ref/make#@MAKE@#g; s#$bin/rmake/make#@MAKE@#g; s#$bin/ref#@BIN@#g; s#$bin/rmake#@BIN@#g; s#$RW_ROOT#@ROOT@#g" | rw_normalize
}
rw_normalize() { cat; }
rw_configure() { true; }

# For -p output: what differs between two runs of the same make, or that
# rmake does not replay (as in tests/dbprint.rs): the version banner, the
# dates, file mtimes (the trees are written at different times), inode
# numbers (each side has its own copy of the tree), hash-table collision
# counts and GNU's string cache statistics.
rw_normalize_db() {
  perl -0777 -pe '
    s/^# GNU Make .*?^# Make data base, printed on .*?\n/# (banner)\n/gms;
    s/^# Finished Make data base on .*$/# Finished Make data base/gm;
    s/^#  Last modified .*$/#  Last modified N/gm;
    s/\(device \d+, inode \d+\)/(device D, inode I)/g;
    s/, Collisions=.*$//gm;
    s/\n\n(?=# strcache buffers:)/\n/g;
    s/^# hash-table stats:\n# Load=.*\n//gm;
    s/^# (strcache|current buf:|other used:|other free:).*\n//gm;'
}

# For --debug output (and --version): the version text it starts with,
# where each make names itself (rmake's first line adds " (rmake)", its
# other lines name rmake and its licence).
rw_normalize_version() {
  sed -E -e 's/^GNU Make 4\.4\.1 \(rmake\)$/GNU Make 4.4.1/' \
    -e '/^(Copyright \(C\)|License )/d'
}

# prep CMD: a shell command run in $RW_RUN, not compared (e.g. touch a header).
prep() {
  (cd "$RW_RUN" && sh -c "$1") >/dev/null 2>&1
}

# step NAME [--sorted] [--repeat N] CMD: run CMD (a shell command, cd'ing as needed) in
# $RW_RUN with the make under test as `make`; record status, outputs, time
# and the file manifest. --sorted compares output lines sorted (for -j runs,
# whose interleaving differs from run to run even with the same make).
# --repeat N runs a command that changes nothing N more times and records
# the median wall time.
step() {
  local name="$1"; shift
  local sorted=0 repeat=0 i
  while [[ "$1" == --* ]]; do
    case "$1" in
      --sorted) sorted=1; shift ;;
      --repeat) repeat="$2"; shift 2 ;;
      *) rw_die "step: unknown option $1" ;;
    esac
  done
  local out="$RW_OUT/$RW_SIDE/$name" t0 t1 rc
  mkdir -p "$(dirname "$out")"
  echo "$name" >> "$RW_OUT/$RW_SIDE/.steps"
  echo "$sorted" > "$out.sorted"
  echo "$1" > "$out.cmd"
  rw_log "$RW_PROJECT/$RW_SIDE: $name: $1"
  t0=$(date +%s.%N)
  (cd "$RW_RUN" && exec env -i PATH="$RW_ROOT/bin/$RW_SIDE:/usr/local/bin:/usr/bin:/bin" \
      HOME="$HOME" LC_ALL=C TERM=dumb "${RW_NICE[@]}" sh -c "$1") </dev/null >"$out.stdout" 2>"$out.stderr"
  rc=$?
  t1=$(date +%s.%N)
  echo "$rc" > "$out.status"
  echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}' > "$out.times"
  # --repeat N: N more runs (of a command that changes nothing), for timing.
  for ((i = 0; i < repeat; i++)); do
    t0=$(date +%s.%N)
    (cd "$RW_RUN" && exec env -i PATH="$RW_ROOT/bin/$RW_SIDE:/usr/local/bin:/usr/bin:/bin" \
        HOME="$HOME" LC_ALL=C TERM=dumb "${RW_NICE[@]}" sh -c "$1") </dev/null >/dev/null 2>&1
    t1=$(date +%s.%N)
    echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}' >> "$out.times"
  done
  sort -n "$out.times" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }' > "$out.time"
  rw_manifest "$out"
}

# The usual first steps of a project: -n before building, a -j2 build, two
# no-op runs, -q, -n again and -pq. PREFIX (say 'cd _build && ') goes
# before each make.
rw_usual_steps() {
  local p="${1:-}"
  step n-before "${p}make -n"
  step build-j2 --sorted "${p}make -j2"
  step noop --repeat 2 "${p}make"
  step q "${p}make -q; echo status \$?"
  step n-after "${p}make -n"
  step pq "${p}make -pq; echo status \$?"
}

rw_side() {
  RW_SIDE="$1"
  rm -rf "$RW_RUN" "${RW_OUT:?}/$RW_SIDE" && mkdir -p "$RW_OUT/$RW_SIDE"
  rw_log "$RW_PROJECT: $RW_SIDE: copying the configured tree to $RW_RUN"
  cp -a "$RW_CONFIGURED" "$RW_RUN"
  rw_steps
  rm -rf "$RW_ROOT/trees/$RW_PROJECT-$RW_SIDE"
  mkdir -p "$RW_ROOT/trees"
  mv "$RW_RUN" "$RW_ROOT/trees/$RW_PROJECT-$RW_SIDE"
}

rw_compare_text() { # FILE-REF FILE-RMAKE SORTED OUT
  if [[ "$3" == 1 ]]; then
    diff <(rw_filter < "$1" | LC_ALL=C sort) <(rw_filter < "$2" | LC_ALL=C sort) > "$4"
  else
    diff <(rw_filter < "$1") <(rw_filter < "$2") > "$4"
  fi
}

# The md5 lines of files not matching an RW_NOHASH pattern.
rw_hashed() {
  local sum path p
  while read -r sum path; do
    for p in "${RW_NOHASH[@]}"; do [[ "$path" == $p ]] && continue 2; done
    echo "$sum  $path"
  done
}

rw_compare() {
  local name a b d why rt mt
  local report="$RW_OUT/report"
  : > "$report"
  while read -r name; do
    a="$RW_OUT/ref/$name" b="$RW_OUT/rmake/$name" d="$RW_OUT/diff/$name"
    mkdir -p "$(dirname "$d")"
    why=()
    cmp -s "$a.status" "$b.status" || why+=("status $(cat "$a.status")/$(cat "$b.status")")
    rw_compare_text "$a.stdout" "$b.stdout" "$(cat "$a.sorted")" "$d.stdout" || why+=(stdout)
    rw_compare_text "$a.stderr" "$b.stderr" "$(cat "$a.sorted")" "$d.stderr" || why+=(stderr)
    { diff "$a.list" "$b.list"; diff <(rw_hashed < "$a.md5") <(rw_hashed < "$b.md5"); } > "$d.files" || why+=(files)
    rt=$(cat "$a.time") mt=$(cat "$b.time")
    printf '%-12s %-28s %-40s ref %8ss rmake %8ss ratio %s\n' "$RW_PROJECT" "$name" \
      "$( ((${#why[@]})) && echo "differs: ${why[*]}" || echo identical)" "$rt" "$mt" \
      "$(awk -v a="$rt" -v b="$mt" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }')" >> "$report"
  done < "$RW_OUT/ref/.steps"
  ! grep -q differs "$report"
}

rw_project() {
  RW_PROJECT="$1"
  local script="$RW_REPO/tests/realworld/$1.sh"
  [[ -f "$script" ]] || rw_die "no project script $script"
  RW_PACKAGE= RW_SOURCE_ENV= RW_ORIG=0 RW_EXCLUDE=() RW_NOHASH=()
  # shellcheck disable=SC1090
  source "$script"
  if [[ -n "$RW_SOURCE_ENV" && ! -d "${!RW_SOURCE_ENV:-/nonexistent}" ]]; then
    rw_log "$RW_PROJECT: skipped: set $RW_SOURCE_ENV to its source tree (see tests/realworld/$1.sh)"
    mkdir -p "$RW_ROOT/results/$RW_PROJECT"
    printf '%-12s skipped (no source: set %s)\n' "$RW_PROJECT" "$RW_SOURCE_ENV" > "$RW_ROOT/results/$RW_PROJECT/report"
    return 0
  fi
  RW_RUN="$RW_ROOT/run/$RW_PROJECT"
  RW_OUT="$RW_ROOT/results/$RW_PROJECT"
  rw_prepare
  local side
  if [[ "${RW_SIDES-}" == none ]]; then
    # Compare the last results again (after editing normalizations): only
    # the steps' options are taken from the script.
    prep() { :; }
    step() {
      local name="$1" sorted=0; shift
      while [[ "$1" == --* ]]; do
        [[ "$1" == --sorted ]] && sorted=1
        [[ "$1" == --repeat ]] && shift
        shift
      done
      for side in ref rmake; do echo "$sorted" > "$RW_OUT/$side/$name.sorted"; done
    }
    rw_steps
  else
    for side in ${RW_SIDES:-ref rmake}; do rw_side "$side"; done
  fi
  rw_compare
}

# CMake "Unix Makefiles" projects (cjson.sh, expat.sh, ...): the generated
# top-level Makefile recurses into CMakeFiles/Makefile2 and each target's
# build.make, reports progress through cmake -E cmake_echo_color, and
# consolidates the compiler's dependency files into compiler_depend.make
# (compiler_depend.ts stamps them). CMAKE_MAKE_PROGRAM is the bare name
# `make`, found on PATH when used (try_compile during a regeneration), so
# each side's cmake runs the make under test.
rw_cmake_configure() {
  cmake -G 'Unix Makefiles' -DCMAKE_MAKE_PROGRAM=make "$@" .
}

# With -j the progress percentages ("[ 42%] ") count the progress marks
# the finished steps have written when a line is printed, which varies from
# run to run for either make: masked in the steps run with -j (`name` is
# rw_compare's current step).
rw_cmake_normalize() {
  case "${name-}" in
    *j2*) rw_normalize_db | sed -E 's/^\[ *[0-9]+%\] /[N%] /' ;;
    *) rw_normalize_db ;;
  esac
}

# The common checks. RW_CMAKE_BUILD (optional, default .): the build
# directory cmake was run in (relative to the tree); RW_CMAKE_TARGET: a
# library or program target (for TARGET/fast); RW_CMAKE_SRC: a source file of
# it (touched; paths are relative to the tree); RW_CMAKE_OBJ: its per-object
# target (e.g. foo.o, or dir/foo.c.o with newer CMake) in the Makefile of
# RW_CMAKE_OBJDIR (optional, relative to the build directory, default .);
# RW_CMAKE_HEADER: a header the objects include (touched, to go through the
# consolidated compiler_depend.make); RW_CMAKE_SUBDIR (optional): a
# subdirectory of the build directory with its own generated Makefile;
# RW_CMAKE_LISTS (optional, default CMakeLists.txt): the CMakeLists.txt
# touched to make the build rerun cmake.
rw_cmake_steps() {
  local b="cd ${RW_CMAKE_BUILD:-.} &&" o="cd ${RW_CMAKE_BUILD:-.}/${RW_CMAKE_OBJDIR:-.} &&"
  step help "$b make help"
  step n-before "$b make -n"
  step build-j2 --sorted "$b make -j2"
  step noop --repeat 2 "$b make"
  step n-after "$b make -n"
  step q "$b make -q; echo status \$?"
  step pq "$b make -pq; echo status \$?"
  prep "touch $RW_CMAKE_HEADER"
  step touch-q "$b make -q; echo status \$?"
  step touch-n "$b make -n"
  step touch-trace "$b make --trace"
  prep "touch $RW_CMAKE_SRC"
  step touch-verbose "$b make VERBOSE=1"
  prep "touch $RW_CMAKE_SRC"
  step fast "$b make $RW_CMAKE_TARGET/fast"
  prep "touch $RW_CMAKE_SRC"
  step obj "$o make $RW_CMAKE_OBJ"
  step obj-i "$o make ${RW_CMAKE_OBJ%.o}.i"
  step obj-again "$o make $RW_CMAKE_OBJ"
  if [[ -n "${RW_CMAKE_SUBDIR:-}" ]]; then
    prep "touch $RW_CMAKE_HEADER"
    step subdir "$b make -C $RW_CMAKE_SUBDIR"
  fi
  prep "touch ${RW_CMAKE_LISTS:-CMakeLists.txt}"
  step regen "$b make"
  step install "$b make install DESTDIR=\$PWD/_destdir"
  step install-fast "$b make install/fast DESTDIR=\$PWD/_destdir2"
  step clean "$b make clean"
  step build "$b make"
  step clean2 "$b make clean"
  step build-j2-O --sorted "$b make -j2 -O"
  step k "$b make -k nonexistent all; echo status \$?"
  # Always-make, what-if, touch, silent and the depend target.
  step B "$b make -B $RW_CMAKE_TARGET"
  step W-n "$b make -n -W \$OLDPWD/$RW_CMAKE_HEADER"
  step depend "$b make depend"
  prep "touch $RW_CMAKE_HEADER"
  step t "$b make -t; echo status \$?"
  step t-q "$b make -q; echo status \$?"
  prep "touch $RW_CMAKE_SRC"
  step s "$b make -s"
  # A compile error, with -k, serial and with -j2.
  prep "cp $RW_CMAKE_SRC $RW_CMAKE_SRC.rw && echo '#error rw: broken' >> $RW_CMAKE_SRC"
  step broken "$b make; echo status \$?"
  step broken-k "$b make -k; echo status \$?"
  step broken-j2-k --sorted "$b make -j2 -k; echo status \$?"
  prep "cat $RW_CMAKE_SRC.rw > $RW_CMAKE_SRC && rm $RW_CMAKE_SRC.rw"
  step fixed-j2-Orecurse --sorted "$b make -j2 -Orecurse"
}
