"""What the differential fuzzers (diff_*.py) share: where the make under
test, the reference and make-diff are, and a scratch directory per fuzzer."""
import difflib
import os
import re
import signal
import subprocess
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
# The make under test: $CANDIDATE, default the release build.
candidate = os.environ.get('CANDIDATE', os.path.join(root, 'target/release/rmake'))
# The reference GNU make 4.4.1 (what shared/tools/reference-make builds).
reference = os.environ.get('REFERENCE_MAKE', '/root/.cache/reference-make/bin/make')
make_diff = os.path.join(os.path.dirname(root), 'shared/tools/make-diff')


def scratch(tag):
    """The scratch directory of one fuzzer (under $TMPDIR)."""
    return os.environ.get('TMPDIR', '/tmp') + '/rmake-diff-' + tag


def write_tree(d, files, ages, t0=1577836800):
    """Writes `files` (name -> text) under `d`, and for `ages` (name ->
    seconds after t0, 2020-01-01 by default) a file holding its own name
    with that modification time."""
    for nm, text in files.items():
        p = os.path.join(d, nm)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(text)
    for nm, age in ages.items():
        p = os.path.join(d, nm)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(nm + '\n')
        os.utime(p, (t0 + age, t0 + age))


def read_tree(d):
    """Every file under `d` (its path relative to `d`) with its bytes."""
    got = {}
    for top, _, names in os.walk(d):
        for n in names:
            p = os.path.join(top, n)
            with open(p, 'rb') as f:
                got[os.path.relpath(p, d)] = f.read()
    return got


def mtimes(d):
    """The modification time (ns) of every file under `d`, by relative path."""
    out = {}
    for top, _, names in os.walk(d):
        for n in names:
            p = os.path.join(top, n)
            out[os.path.relpath(p, d)] = os.stat(p).st_mtime_ns
    return out


def read_tree_since(d, before, content=lambda b: b):
    """Every file under `d` with content(its bytes); one that was there
    when `before` = mtimes(d) was taken is paired with whether its time
    changed since ('touched' or 'same time')."""
    got = {}
    for top, _, names in os.walk(d):
        for n in names:
            p = os.path.join(top, n)
            k = os.path.relpath(p, d)
            with open(p, 'rb') as f:
                got[k] = content(f.read())
            if k in before:
                got[k] = (got[k], 'touched' if os.stat(p).st_mtime_ns != before[k] else 'same time')
    return got


def listing(tree, content=lambda b: b):
    """Every file under `tree` (relative path, directories' links too)
    with what it is: a short hash of content(its bytes), `-> TARGET` for a
    symbolic link, `(special)` for anything else; in walk order."""
    import hashlib
    files = {}
    for dp, dns, fns in os.walk(tree):
        dns.sort()
        for f in sorted(fns) + [dn for dn in dns if os.path.islink(os.path.join(dp, dn))]:
            p = os.path.join(dp, f)
            rel = os.path.relpath(p, tree)
            if os.path.islink(p):
                files[rel] = '-> ' + os.readlink(p)
            elif os.path.isfile(p):
                with open(p, 'rb') as fh:
                    files[rel] = hashlib.sha1(content(fh.read())).hexdigest()[:12]
            else:
                files[rel] = '(special)'
    return files


WAITING = re.compile(r'\*\*\* Waiting for unfinished jobs\.\.\.\.$')

# GNU 4.4.1 reads freed memory in some cases (check_dep frees a
# prerequisite dropped as circular that a --shuffle'd list still points
# to): what it then does depends on what its heap put there since. A case
# that differs is run again with heapprobe.c preloaded into the reference
# (freed memory is overwritten and never reused); if the reference then
# crashes, it read freed memory and has no one result to match.
_probe = {'on': False, 'used': False, 'env': None}


def _heap_probe_env():
    """The environment that preloads heapprobe.c into the reference (None
    when it cannot be built)."""
    if _probe['env'] is None:
        so = scratch('heapprobe.%d' % os.getpid()) + '.so'
        r = subprocess.run(['cc', '-shared', '-fPIC', '-o', so, os.path.join(here, 'heapprobe.c')],
                           capture_output=True)
        _probe['env'] = {} if r.returncode else {'LD_PRELOAD': so}
        if not r.returncode:
            import atexit
            atexit.register(lambda: os.path.exists(so) and os.unlink(so))
    return _probe['env'] or None


def _sorted_output(r):
    return tuple(''.join(sorted(l for l in x.splitlines(True) if not WAITING.search(l)))
                 if i < 2 else x for i, x in enumerate(r))


def agree(run_pair, parallel, done=lambda ref: False):
    """Compares the (stdout, stderr, status, files) of the reference and of
    the candidate, the pair run_pair() returns. A parallel case's output
    lines are compared sorted, without GNU's "Waiting for unfinished jobs"
    (which jobs start before a quick failure is noticed depends on
    timing), and it differs only if it differs three times; done(ref)
    stops the retries early. A case on which the reference reads freed
    memory (it crashes when run with heapprobe.c, see _probe) comes back as
    a crash of the reference: status -11. Returns (same, ref, cand)."""
    for _ in range(3 if parallel else 1):
        ref, cand = run_pair()
        if parallel:
            ref, cand = _sorted_output(ref), _sorted_output(cand)
        same = ref == cand
        if same or done(ref):
            break
    if not same and not done(ref) and ref[2] not in (-11, 139, -6) and _heap_probe_env():
        _probe['on'], _probe['used'] = True, False
        try:
            ref2 = run_pair()[0]
        finally:
            _probe['on'] = False
        # (Only a crash counts: a race in the reference may change its
        # output from one run to the next anyway.)
        if _probe['used'] and ref2[2] in (-11, 139, -6):
            ref = ref[:2] + (-11,) + tuple(ref[3:])
    return same, ref, cand


def show_diff(ref, cand, lines):
    """Prints how the reference's (stdout, stderr, status, files) and the
    candidate's differ: unified diffs of the outputs (up to `lines` lines
    each), the statuses, the files that differ."""
    for name, a, b in zip(('stdout', 'stderr', 'status', 'files'), ref, cand):
        if a == b:
            continue
        if name in ('stdout', 'stderr'):
            d = list(difflib.unified_diff(a.splitlines(True), b.splitlines(True), 'reference ' + name,
                                          'candidate ' + name, n=2))
            print(''.join(d[:lines]) + ('... (%d more diff lines)\n' % (len(d) - lines) if len(d) > lines else ''), end='')
        elif name == 'files':
            for k in sorted(set(a) | set(b)):
                if a.get(k) != b.get(k):
                    print('--- file %s: reference %r, candidate %r' % (k, a.get(k), b.get(k)))
        else:
            print('--- status: reference %s, candidate %s' % (a, b))


def run_make(make, args, cwd, env, timeout=20, kill_group=False, stdin=None, prefix=(), pass_fds=()):
    """Runs `make` (argv[0] `make`) with `args` in `cwd` with only `env`
    in its environment, stdin from the file `stdin` or /dev/null, in a
    session of its own;
    returns (stdout, stderr, status) as text (latin1), status 'timeout'
    if it ran longer than `timeout` seconds (its group is killed then).
    `kill_group`: kill what it left running in its group afterwards.
    `prefix`: a command (found on env's PATH) that runs `make ARGS`
    itself, the `make` of env's PATH then; `pass_fds`: descriptors the
    make inherits."""
    if _probe['on'] and make == reference:
        env = dict(env, **_heap_probe_env())
        _probe['used'] = True
    with tempfile.TemporaryFile() as o, tempfile.TemporaryFile() as er, \
            open(stdin or os.devnull, 'rb') as fin:
        p = subprocess.Popen(list(prefix) + ['make'] + args, executable=None if prefix else make, cwd=cwd,
                             env=env, stdin=fin, stdout=o, stderr=er, start_new_session=True, pass_fds=pass_fds)
        try:
            st = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            st = 'timeout'
        if kill_group:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        o.seek(0)
        er.seek(0)
        return o.read().decode('latin1'), er.read().decode('latin1'), st


def seed_main(tag, gen, compare, show, save, crashed):
    """The command line of a seeded fuzzer: `--show SEED` prints a case,
    `--save SEED DIR` writes it, `FIRST COUNT [-v]` compares COUNT cases.
    compare(seed, work) gives (case, same, ref, cand); crashed(status) says
    the reference crashed or hung on the case (it is skipped)."""
    import shutil
    import sys
    if sys.argv[1] == '--show':
        show(gen(int(sys.argv[2])))
        return
    if sys.argv[1] == '--save':
        save(int(sys.argv[2]), sys.argv[3])
        return
    seed0 = int(sys.argv[1])
    n = int(sys.argv[2])
    verbose = '-v' in sys.argv[3:]
    work = scratch('%s.%d' % (tag, os.getpid()))
    bad = skipped = 0
    for s in range(seed0, seed0 + n):
        case, same, ref, cand = compare(s, work)
        if crashed(ref[2]):
            skipped += 1
            continue
        if not same or verbose:
            print('=== seed', s, 'same' if same else 'DIFFERS')
            show(case)
            if not same:
                bad += 1
                show_diff(ref, cand, 40)
            sys.stdout.flush()
    shutil.rmtree(work, ignore_errors=True)
    print('bad', bad, 'of', n, 'reference crashed or hung', skipped)
