# Prometheus: a Go project's Makefile over the shared Makefile.common
# (prometheus/promu projects), without Go, node or docker on the test
# machine, so -n and the shell-only targets: GOPATH/GOHOSTOS from
# $(shell $(GO) env ...) failing at parse time, `%: common-% ;` (a
# match-anything rule with an empty recipe forwarding every goal to its
# common- twin, a real rule of the same name taking precedence), static
# pattern rules over computed lists ($(BUILD_DOCKER_ARCHS):
# common-docker-%:) with $* inside shell loops, $(foreach)/$(call) of a
# $(shell sed) on each Dockerfile, ifeq on $(shell command -v ...), a
# target listed twice with different prerequisites under ifeq, targets
# that are not defined anywhere (No rule ... needed by ...); -n, -q, -pq,
# --trace.
#
# Prometheus is no Debian source package: export a snapshot of its
# repository and name it in RW_PROMETHEUS_SRC, e.g.
#   git --git-dir=/work/.mirror/prometheus+prometheus/repo archive HEAD | tar -x -C /tmp/rw-prometheus-src
#   RW_PROMETHEUS_SRC=/tmp/rw-prometheus-src tests/realworld/run prometheus
# Without it the project is skipped.
RW_SOURCE_ENV=RW_PROMETHEUS_SRC

# -p output: see rw_normalize_db. Makefile.common makes a directory with
# $(shell mktemp -d) at parse time (even under -n): TMPDIR puts them in the
# tree's _tmp, left out of the comparison, and their names are masked.
RW_EXCLUDE=('./_tmp')
rw_normalize() {
  rw_normalize_db | sed -E 's#/_tmp/tmp\.[A-Za-z0-9]{10}#/_tmp/tmp.X#g'
}

rw_steps() {
  local archs='DOCKER_ARCHS="amd64 armv7 arm64"'
  prep 'mkdir -p _tmp'
  step n-default 'TMPDIR=$PWD/_tmp make -n; echo status $?'
  step repo-name 'TMPDIR=$PWD/_tmp make docker-repo-name; echo status $?'
  step repo-name-q 'TMPDIR=$PWD/_tmp make -q docker-repo-name; echo status $?'
  step repo-name-trace 'TMPDIR=$PWD/_tmp make --trace common-docker-repo-name; echo status $?'
  step docker-n "TMPDIR=\$PWD/_tmp make -n docker $archs; echo status \$?"
  step docker-publish-n "TMPDIR=\$PWD/_tmp make -n docker-publish $archs; echo status \$?"
  step docker-tag-n "TMPDIR=\$PWD/_tmp make -n docker-tag-latest $archs DOCKER_IMAGE_TAG=latest; echo status \$?"
  step docker-manifest-n "TMPDIR=\$PWD/_tmp make -n docker-manifest $archs; echo status \$?"
  step docker-one-n "TMPDIR=\$PWD/_tmp make -n common-docker-armv7 $archs; echo status \$?"
  step build-n 'TMPDIR=$PWD/_tmp make -n build; echo status $?'
  step build-prebuilt-n 'TMPDIR=$PWD/_tmp make -n build PREBUILT_ASSETS_STATIC_DIR=/nowhere; echo status $?'
  step test-n 'TMPDIR=$PWD/_tmp make -n test; echo status $?'
  step test-short-n 'TMPDIR=$PWD/_tmp make -n test-short GOTEST_DIR=_testout; echo status $?'
  step tarball-n 'TMPDIR=$PWD/_tmp make -n tarball; echo status $?'
  step parser-n 'TMPDIR=$PWD/_tmp make -n parser; echo status $?'
  step assets-n 'TMPDIR=$PWD/_tmp make -n assets-compress; echo status $?'
  step lint-n 'TMPDIR=$PWD/_tmp make -n lint SKIP_GOLANGCI_LINT=1; echo status $?'
  step style 'TMPDIR=$PWD/_tmp make style; echo status $?'
  step check-license 'TMPDIR=$PWD/_tmp make check_license; echo status $?'
  step unknown 'TMPDIR=$PWD/_tmp make no-such-goal; echo status $?'
  step unknown-k 'TMPDIR=$PWD/_tmp make -k no-such-goal docker-repo-name; echo status $?'
  step pq 'TMPDIR=$PWD/_tmp make -pq; echo status $?'
  step pq-docker "TMPDIR=\$PWD/_tmp make -pq docker $archs; echo status \$?"
}
