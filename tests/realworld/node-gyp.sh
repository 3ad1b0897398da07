# node-gyp: a Node.js addon built through the Makefile that gyp's "make"
# generator writes (npm's bundled node-gyp, configured with the installed
# headers: --nodedir=/usr). Each rule always runs (FORCE_DO_CMD) and
# $(call do_cmd,...) decides whether to run the command: when a
# prerequisite is newer or the command differs from the one the .d file
# recorded (cmd_TARGET := ...); the .d files are included; quiet output
# ("CXX(target) ...") unless V=1; the Makefile regenerates itself when
# binding.gyp changes. The project (no Debian source package builds offline
# with node-gyp) is written here: a rule and an action generating headers
# with python3, a static library, an executable, the addon (C++) and a
# copies section.
RW_PACKAGE=

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

RW_GYP=/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js

rw_configure() {
  mkdir -p src include tools data
  cat > binding.gyp <<'EOF'
{
  "variables": { "greeting%": "hello" },
  "targets": [
    {
      "target_name": "tables",
      "type": "none",
      "sources": [ "src/colors.tbl", "src/sizes.tbl" ],
      "rules": [ {
        "rule_name": "tbl",
        "extension": "tbl",
        "inputs": [ "tools/tbl2h.py" ],
        "outputs": [ "<(SHARED_INTERMEDIATE_DIR)/tables/<(RULE_INPUT_ROOT).h" ],
        "action": [ "python3", "tools/tbl2h.py", "<(RULE_INPUT_PATH)", "<@(_outputs)" ],
        "message": "Generating <(RULE_INPUT_ROOT).h"
      } ],
      "actions": [ {
        "action_name": "version",
        "inputs": [ "tools/version.py", "VERSION" ],
        "outputs": [ "<(SHARED_INTERMEDIATE_DIR)/version.h" ],
        "action": [ "python3", "tools/version.py", "VERSION", "<@(_outputs)" ],
        "message": "Generating version.h"
      } ],
      "direct_dependent_settings": { "include_dirs": [ "<(SHARED_INTERMEDIATE_DIR)" ] }
    },
    {
      "target_name": "util",
      "type": "static_library",
      "sources": [ "src/util.c", "src/strbuf.c" ],
      "include_dirs": [ "include" ],
      "defines": [ "UTIL_LEVEL=2" ],
      "direct_dependent_settings": { "include_dirs": [ "include" ] }
    },
    {
      "target_name": "tool",
      "type": "executable",
      "dependencies": [ "util", "tables" ],
      "sources": [ "src/tool.c" ]
    },
    {
      "target_name": "addon",
      "dependencies": [ "util", "tables" ],
      "sources": [ "src/addon.cc", "src/colors.cc" ],
      "defines": [ "GREETING=\"<(greeting)\"" ],
      "copies": [ {
        "destination": "<(PRODUCT_DIR)/data",
        "files": [ "data/names.txt", "data/sizes.txt" ]
      } ]
    }
  ]
}
EOF
  echo 1.2.3 > VERSION
  printf 'red 1\ngreen 2\nblue 3\n' > src/colors.tbl
  printf 'small 10\nlarge 100\n' > src/sizes.tbl
  printf 'alpha\nbeta\n' > data/names.txt
  printf '10\n100\n' > data/sizes.txt
  cat > tools/tbl2h.py <<'EOF'
import os, sys
src, out = sys.argv[1], sys.argv[2]
name = os.path.splitext(os.path.basename(src))[0]
rows = [line.split() for line in open(src) if line.strip()]
with open(out, "w") as f:
    f.write("static const struct { const char *name; int value; } %s_table[] = {\n" % name)
    for k, v in rows:
        f.write('  { "%s", %s },\n' % (k, v))
    f.write("};\n#define %s_count %d\n" % (name, len(rows)))
EOF
  cat > tools/version.py <<'EOF'
import sys
v = open(sys.argv[1]).read().strip()
open(sys.argv[2], "w").write('#define ADDON_VERSION "%s"\n' % v)
EOF
  cat > include/util.h <<'EOF'
#ifndef UTIL_H
#define UTIL_H
#ifdef __cplusplus
extern "C" {
#endif
int util_sum(const int *v, int n);
const char *util_join(const char *a, const char *b);
#ifdef __cplusplus
}
#endif
#endif
EOF
  cat > src/util.c <<'EOF'
#include "util.h"
int util_sum(const int *v, int n) { int s = 0; while (n--) s += v[n] * (UTIL_LEVEL / 2); return s; }
EOF
  cat > src/strbuf.c <<'EOF'
#include <stdio.h>
#include "util.h"
const char *util_join(const char *a, const char *b) {
  static char buf[256];
  snprintf(buf, sizeof buf, "%s-%s", a, b);
  return buf;
}
EOF
  cat > src/tool.c <<'EOF'
#include <stdio.h>
#include "util.h"
#include "version.h"
#include "tables/colors.h"
int main(void) {
  int v[colors_count], i;
  for (i = 0; i < colors_count; i++) v[i] = colors_table[i].value;
  printf("%s %s %d\n", ADDON_VERSION, util_join("tool", colors_table[0].name), util_sum(v, colors_count));
  return 0;
}
EOF
  cat > src/colors.cc <<'EOF'
#include "util.h"
#include "tables/colors.h"
#include "tables/sizes.h"
int colors_total() {
  int v[colors_count + sizes_count], n = 0;
  for (int i = 0; i < colors_count; i++) v[n++] = colors_table[i].value;
  for (int i = 0; i < sizes_count; i++) v[n++] = sizes_table[i].value;
  return util_sum(v, n);
}
EOF
  cat > src/addon.cc <<'EOF'
#include <node_api.h>
#include "util.h"
#include "version.h"
int colors_total();
static napi_value Hello(napi_env env, napi_callback_info) {
  napi_value s;
  napi_create_string_utf8(env, util_join(GREETING, ADDON_VERSION), NAPI_AUTO_LENGTH, &s);
  return s;
}
static napi_value Total(napi_env env, napi_callback_info) {
  napi_value n;
  napi_create_int32(env, colors_total(), &n);
  return n;
}
static napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "hello", NAPI_AUTO_LENGTH, Hello, nullptr, &fn);
  napi_set_named_property(env, exports, "hello", fn);
  napi_create_function(env, "total", NAPI_AUTO_LENGTH, Total, nullptr, &fn);
  napi_set_named_property(env, exports, "total", fn);
  return exports;
}
NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
EOF
  node "$RW_GYP" configure --nodedir=/usr
}

rw_steps() {
  local run='node -e "const a = require(\"./build/Release/addon.node\"); console.log(a.hello(), a.total())"'
  step n-before 'make -C build -n'
  step build 'make -C build'
  step run "$run && build/Release/tool"
  step noop --repeat 4 'make -C build'
  step n-after --repeat 4 'make -C build -n'
  step q 'make -C build -q; echo status $?'
  step verbose-noop 'make -C build V=1'
  step pq 'make -C build -pq; echo status $?'
  prep 'touch include/util.h'
  step touch-h-n 'make -C build -n'
  step touch-h 'make -C build V=1'
  prep 'touch src/sizes.tbl'
  step touch-tbl 'make -C build'
  prep 'echo 1.2.4 > VERSION'
  step version 'make -C build'
  step cmd-changed 'make -C build CFLAGS=-O1'
  step cmd-changed-back 'make -C build'
  prep 'touch src/util.c'
  step trace 'make -C build --trace'
  prep 'cp src/strbuf.c strbuf.c.orig && echo "#error broken" >> src/strbuf.c'
  step error 'make -C build'
  step error-k 'make -C build -k'
  step error-j2 --sorted 'make -C build -j2 -O'
  prep 'mv strbuf.c.orig src/strbuf.c'
  step fixed 'make -C build'
  step target 'make -C build tool'
  step target-alias 'make -C build addon.node V=1'
  prep 'touch data/names.txt'
  step copies 'make -C build'
  prep 'sed -i "s/\"hello\"/\"hi\"/" binding.gyp'
  step regen 'make -C build'
  step regen-run "$run"
  step debug 'make -C build BUILDTYPE=Debug'
  prep 'rm -rf build/Release'
  step build-j2 --sorted 'make -C build -j2'
  step build-j2-noop 'make -C build -j2'
  prep 'rm -rf build/Release'
  # node-gyp logs to stderr, make writes to stdout (kept apart: node's
  # "spawn args" line and make's first lines come in either order).
  step node-gyp-build 'node '"$RW_GYP"' build --nodedir=/usr'
  step node-gyp-clean 'node '"$RW_GYP"' clean'
}
