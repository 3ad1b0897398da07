#!/usr/bin/env bash
# Runs one fuzz target for a given time:  tests/fuzz/run.sh TARGET SECONDS
# TARGET: parse | expand | makeflags | cmdline. Needs cargo-fuzz
# (`cargo install cargo-fuzz`); on a stable toolchain RUSTC_BOOTSTRAP=1 is set.
# The seed corpus is made from testdata/ (makefiles, args, MAKEFLAGS-like
# lines) into tests/fuzz/corpus/TARGET (not committed); crashes land in
# tests/fuzz/artifacts/TARGET. Extra arguments go to libFuzzer.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${1:?usage: run.sh TARGET SECONDS [libfuzzer args]}"
secs="${2:?usage: run.sh TARGET SECONDS [libfuzzer args]}"
shift 2
export RUSTC_BOOTSTRAP=1

corpus="$here/corpus/$target"
mkdir -p "$corpus" "$here/artifacts/$target"
if [[ -z "$(ls -A "$corpus")" ]]; then
  n=0
  seed() { n=$((n + 1)); cat > "$corpus/seed-$n"; }
  case "$target" in
    parse|expand)
      while IFS= read -r -d '' f; do seed < "$f"; done < <(
        find "$root/testdata" -type f \( -name Makefile -o -name '*.mk' -o -name 'GNUmakefile' -o -name 'makefile' \) -print0)
      ;;
    makeflags)
      for f in "$root"/testdata/cases/*/args; do tr '\n' ' ' < "$f" | seed; done
      for v in 'k' '-k -j4' ' --no-print-directory -- X=1 Y=a\ b' 'ks -- FOO=bar' \
               '-j3 --jobserver-auth=fifo:/tmp/x' 'rR --debug=b,v -Ox' '--eval=a\ :=\ 1 -I dir' ; do
        printf '%s' "$v" | seed
      done
      ;;
    cmdline)
      for f in "$root"/testdata/cases/*/args; do tr '\n' '\0' < "$f" | seed; done
      printf -- '-f\0Makefile\0-j\0--debug=all\0X=1\0all' | seed
      ;;
    *) echo "unknown target $target" >&2; exit 2 ;;
  esac
fi

# Deep (but limited) recursion needs a big stack on libFuzzer's thread.
ulimit -s unlimited 2>/dev/null || ulimit -s "$(ulimit -H -s)" 2>/dev/null || true
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$root"
cargo fuzz build --fuzz-dir "$here" -s none -O --debug-assertions "$target"
bin="$here/target/$(rustc -vV | sed -n 's/^host: //p')/release/$target"
# Run in an empty scratch directory (the update engine looks at files).
cd "$scratch"
exec nice "$bin" -max_total_time="$secs" -timeout=30 -rss_limit_mb=4096 \
  -max_len=65536 -close_fd_mask=3 -print_final_stats=1 \
  -artifact_prefix="$here/artifacts/$target/" "$@" "$corpus"
