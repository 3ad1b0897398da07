#!/usr/bin/env python3
"""Differential runs of other make implementations' test corpora.

    tests/fuzz/diff_corpus.py kati DIR [NAME...]
    tests/fuzz/diff_corpus.py pymake DIR [NAME...]
    tests/fuzz/diff_corpus.py markdown FILE.md

DIR is a checkout of github.com/google/kati (its testcase/ directory: each
NAME.mk run for every `testN` target it names at a line's start, with
SHELL=/bin/bash, -s for submake_*; each NAME.sh run as `bash NAME.sh make`
in an empty directory) or of github.com/mozilla/pymake (its tests/*.mk,
with the command line and environment their `#T` lines give), or a
markdown text's ```makefile blocks (each run in an empty directory
with no arguments, with -n and with -k; say src/index.md of
github.com/theicfire/makefiletutorial). Each case
runs with the reference GNU make 4.4.1 and with $CANDIDATE in the same
directory, one after the other, both as `make` first on PATH (so that
$(MAKE) and a script's `make` are the make under test); stdout, stderr,
status and the files left behind (names and contents) must agree.
Parallel cases (-j in the arguments or the makefile) are compared with
their lines sorted, and differ only if they differ three times. Every differing
case is printed; the last line counts them. These corpora were written
against GNU make: a case where the reference itself fails its corpus's
check still counts, only the two makes are compared.

CORPUS_ARGS (words) are added to every make command line (not to a
script's), say `-n`, `-k`, `-j2`, `-pq` or `-d`; outputs are compared
after diff_cli.py's normalisation (the version text, the figures of
GNU's hash tables in a data base, -d's lines about children).
"""
import ast
import os
import re
import shutil
import subprocess
import sys

import diff_cli

from diffcommon import candidate, listing, reference, run_make, scratch, show_diff

TC = re.compile(rb'^test\d*', re.M)
PT = re.compile(r'^#T (gmake |pymake )?([a-z-]+)(?:: (.*))?$')
MD = re.compile(r'```makefile\n(.*?)```', re.S)


def cases(kind, top, names):
    """(name, files dir, makefile, args, env, script) for every case."""
    if kind == 'kati':
        d = os.path.join(top, 'testcase')
        for n in sorted(os.listdir(d)):
            if names and n not in names:
                continue
            p = os.path.join(d, n)
            if n.endswith('.mk'):
                with open(p, 'rb') as f:
                    text = f.read()
                goals = sorted(set(m.decode() for m in TC.findall(text))) or ['']
                for g in goals:
                    args = (['-s'] if n.startswith('submake_') else []) + ([g] if g else [])
                    yield '%s %s' % (n, g), d, n, args + ['SHELL=/bin/bash'], {}, None
            elif n.endswith('.sh'):
                yield n, d, None, [], {}, p
    elif kind == 'markdown':
        with open(top, encoding='utf-8', errors='replace') as f:
            blocks = MD.findall(f.read())
        for i, b in enumerate(blocks):
            for args in ([], ['-n'], ['-k']):
                yield 'block %d' % i, b, None, args, {}, None
    else:
        d = os.path.join(top, 'tests')
        for n in sorted(os.listdir(d)):
            if not n.endswith('.mk') or (names and n not in names):
                continue
            extra, env = [], {}
            with open(os.path.join(d, n), encoding='latin1') as f:
                for line in f:
                    m = PT.match(line.rstrip('\n'))
                    if not m or m.group(1) == 'pymake ':
                        continue
                    if m.group(2) == 'commandline':
                        extra = ast.literal_eval(m.group(3))
                    elif m.group(2) == 'environment':
                        env = ast.literal_eval(m.group(3))
            yield n, d, n, ['-f', n, 'TESTPATH=.', 'NATIVE_TESTPATH=.'] + extra, env, None


def run_one(kind, make, src, mk, args, env, script, work):
    """One run in a fresh copy at `work`/run/case (a case may write into
    its parent directory too): (stdout, stderr, status, files)."""
    shutil.rmtree(os.path.join(work, 'run'), ignore_errors=True)
    run = os.path.join(work, 'run', 'case')
    if kind == 'pymake':
        shutil.copytree(src, run, symlinks=True)
    elif kind == 'markdown':
        os.makedirs(run)
        with open(os.path.join(run, 'Makefile'), 'w') as f:
            f.write(src)
    else:
        os.makedirs(run)
        shutil.copytree(os.path.join(src, 'submake'), os.path.join(run, 'submake'))
        if mk:
            shutil.copy(os.path.join(src, mk), os.path.join(run, 'Makefile'))
    bindir = os.path.join(work, 'bin')
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, 'make')
    if os.path.lexists(link):
        os.unlink(link)
    os.symlink(make, link)
    e = dict(env, PATH=bindir + ':/usr/local/bin:/usr/bin:/bin', LC_ALL='C', HOME=work)
    if script:
        p = subprocess.run(['bash', script, 'make'], cwd=run, env=e, capture_output=True,
                           timeout=120, start_new_session=True)
        out = (p.stdout.decode('latin1'), p.stderr.decode('latin1'), p.returncode)
    else:
        out = run_make(link, args, run, e, timeout=120, kill_group=True)
    return out + (listing(run),)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ('kati', 'pymake', 'markdown'):
        sys.exit(__doc__)
    kind, top, names = sys.argv[1], sys.argv[2], set(sys.argv[3:])
    work = scratch('corpus.%d' % os.getpid())
    bad = total = 0
    for name, src, mk, args, env, script in cases(kind, top, names):
        total += 1
        # (-j on the command line, or in the makefile or script: a sub-make's)
        if kind == 'markdown':
            text = src
        else:
            with open(script or os.path.join(src, mk), encoding='latin1') as f:
                text = f.read()
        args = args + os.environ.get('CORPUS_ARGS', '').split()
        parallel = any(a.startswith('-j') for a in args) or '-j' in text
        for _ in range(3 if parallel else 1):
            ref = run_one(kind, reference, src, mk, args, env, script, work)
            cand = run_one(kind, candidate, src, mk, args, env, script, work)
            ref, cand = [tuple(diff_cli.norm(x, work, m) if i < 2 else x for i, x in enumerate(r))
                         for r, m in ((ref, reference), (cand, candidate))]
            if parallel:
                ref, cand = [tuple(''.join(sorted(x.splitlines(True))) if i < 2 else x
                                   for i, x in enumerate(r)) for r in (ref, cand)]
            if ref == cand:
                break
        if ref != cand:
            bad += 1
            print('=== %s: args %s env %s' % (name, args, env))
            show_diff(ref, cand, 40)
            sys.stdout.flush()
    shutil.rmtree(work, ignore_errors=True)
    print('bad', bad, 'of', total)


if __name__ == '__main__':
    main()
