#!/usr/bin/env python3
"""Differential fuzzing of parallel execution, recursion and failure handling.

    tests/fuzz/diff_parallel.py FIRST_SEED COUNT [-v]

Generates COUNT small random makefiles whose recipes sleep, print to stdout
and stderr, fail (`false`, `exit 3`, missing commands, `kill -TERM $$$$`),
write their targets, and recurse (`$(MAKE) -f Makefile GOAL`, marked or not
marked `+`), mixed with .NOTPARALLEL, .WAIT, .ONESHELL, .DELETE_ON_ERROR,
.PRECIOUS, .PHONY, .IGNORE, .SILENT, shared prerequisites and empty
recipes, and runs each with random options (-j N, -j, -k, -i, -s, -n, -t,
-q, -O/-Otarget/-Oline/-Orecurse/-Onone, -w, --no-print-directory, -e,
--jobserver-style, -l) through the reference GNU make 4.4.1 and $CANDIDATE
(default target/release/rmake), each on its own copy of the case.

Standard output and error are compared after replacing the work dir, the
program paths and names, jobserver fifo and sync-mutex names; when jobs
can run concurrently, line order is ignored (the lines are sorted), since
the interleaving of concurrent jobs is not determined. Sleeps are spaced
widely enough that which jobs start before a failure is decided by timing
on an idle machine; an occasional difference in only "Waiting for
unfinished jobs" lines on a loaded machine is noise, so rerun a failing
seed before believing it. Exit status and the files left behind are
compared exactly. Prints every case that differs with its seed, arguments
and makefile (-v: every case). A seed always gives the same case.
"""
import os, random, re, shutil, subprocess, sys, tempfile

from diffcommon import candidate, reference

NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g']


def recipe(r, t):
    """Recipe lines for target t."""
    lines = []
    for _ in range(r.choice([0, 1, 1, 2, 3])):
        pre = r.choice(['', '', '@', '-', '@-', '+', '@+'])
        body = r.choice([
            'echo $@ out', 'echo $@ err >&2', 'sleep 0.%d' % r.choice([2, 4, 6]),
            'echo $@ > $@', 'touch $@', 'false', 'exit 3', 'nosuchcmd-%s' % t,
            './nosuchfile', 'kill -TERM $$$$', 'echo $@ partial > $@; false',
            'sleep 0.%d; echo $@ slept' % r.choice([1, 3, 5]), ':',
            '$(MAKE) -f Makefile sub-%s' % t, 'MAKEFLAGS= $(SUBMAKE) -f Makefile sub-%s' % t,
            '$(SUBMAKE) -f Makefile sub-%s' % t,
            'echo "$(filter-out --jobserver-auth=% --sync-mutex=%,$(MAKEFLAGS))"',
        ])
        lines.append(pre + body)
    return lines


def gen(seed):
    r = random.Random(seed)
    L = ['SUBMAKE := $(MAKE)']
    goals = r.sample(NAMES, r.randint(1, 3))
    L.append('all: ' + ' '.join(goals))
    for t in NAMES:
        if r.random() < 0.2:
            continue
        pre = [n for n in r.sample(NAMES, r.randint(0, 3)) if NAMES.index(n) > NAMES.index(t)]
        if len(pre) > 1 and r.random() < 0.2:
            pre.insert(1, '.WAIT')
        oo = ' | ' + r.choice(NAMES[NAMES.index(t):] + ['g']) if r.random() < 0.1 else ''
        if oo.strip(' |') == t:
            oo = ''
        L.append('%s: %s%s' % (t, ' '.join(pre), oo))
        for line in recipe(r, t):
            L.append('\t' + line)
        # the sub-make goal of t: prints and may fail
        L.append('sub-%s:' % t)
        L.append('\t' + r.choice(['@echo sub $@', 'echo sub $@; sleep 0.2', 'false', '@echo sub $@ >&2; exit 2',
                                  '@echo "$(MAKELEVEL) $(filter-out --jobserver-auth=% --sync-mutex=%,$(MAKEFLAGS))"']))
    for _ in range(r.randint(0, 3)):
        s = r.choice(['.NOTPARALLEL', '.ONESHELL', '.DELETE_ON_ERROR', '.PRECIOUS', '.PHONY',
                      '.IGNORE', '.SILENT', '.NOTPARALLEL', '.SECONDARY'])
        deps = ' '.join(r.sample(NAMES, r.randint(0, 2))) if s not in ('.ONESHELL', '.DELETE_ON_ERROR') else ''
        L.append(s + ': ' + deps)
    args = []
    j = r.choice(['-j2', '-j3', '-j4', '-j', '', '-j2'])
    if j:
        args.append(j)
    for o in ['-k', '-k', '-i', '-s', '-n', '-t', '-q', '-w', '--no-print-directory', '-e', '-B']:
        if r.random() < 0.12:
            args.append(o)
    if r.random() < 0.4:
        args.append(r.choice(['-O', '-Otarget', '-Oline', '-Orecurse', '-Onone']))
    if r.random() < 0.15:
        # (-l high enough never to hold a job back: a machine shared with
        # other work reaches loads like 10, and which jobs then wait for
        # the load is timing, for both makes)
        args.append(r.choice(['--jobserver-style=pipe', '--jobserver-style=fifo', '-l100']))
    if r.random() < 0.2:
        args += r.sample(NAMES, r.randint(1, 2))
    setup = []
    for n in r.sample(NAMES, r.randint(0, 3)):
        setup.append("echo old > %s; touch -d '2020-01-01' %s" % (n, n))
    # (Serial only when .NOTPARALLEL has no prerequisites at all: another
    # `.NOTPARALLEL: d` makes it a list, and GNU runs the rest in parallel.)
    notpar = [l.split(':', 1)[1].strip() for l in L if l.startswith('.NOTPARALLEL:')]
    serial = bool(notpar) and not any(notpar)
    return '\n'.join(L) + '\n', args, setup, bool(j) and not serial


def run(make, work, text, args, setup):
    d = os.path.join(work, 'tree')
    os.makedirs(d)
    with open(os.path.join(d, 'Makefile'), 'w') as f:
        f.write(text)
    for s in setup:
        subprocess.run(['sh', '-c', s], cwd=d)
    try:
        p = subprocess.run([make] + args, cwd=d, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        out, err, st = p.stdout.decode('latin1'), p.stderr.decode('latin1'), p.returncode
    except subprocess.TimeoutExpired:
        out, err, st = '', '', 'timeout'
    files = {}
    for n in sorted(os.listdir(d)):
        with open(os.path.join(d, n), 'rb') as f:
            files[n] = f.read()
    prog = os.path.basename(make)

    def norm(s):
        s = s.replace(d, 'DIR').replace(make, 'MAKE')
        s = re.sub(r'(^|(?<=[ (]))%s(?=[:\[ ])' % re.escape(prog), 'make', s, flags=re.M)
        s = re.sub(r'GMfifo\d+', 'GMfifo', s)
        return s
    return norm(out), norm(err), st, files


def main():
    seed0, n = int(sys.argv[1]), int(sys.argv[2])
    verbose = '-v' in sys.argv[3:]
    bad = 0
    for seed in range(seed0, seed0 + n):
        text, args, setup, parallel = gen(seed)
        res = []
        for make in (reference, candidate):
            w = tempfile.mkdtemp(prefix='rmake-diff-par.')
            try:
                res.append(run(make, w, text, args, setup))
            finally:
                shutil.rmtree(w, ignore_errors=True)
        (ro, re_, rs, rf), (co, ce, cs, cf) = res
        if parallel:
            ro, re_, co, ce = (''.join(sorted(x.splitlines(True))) for x in (ro, re_, co, ce))
        same = (ro, re_, rs, rf) == (co, ce, cs, cf)
        if not same:
            bad += 1
        if not same or verbose:
            print('=== seed %d: %s  args: %s' % (seed, 'same' if same else 'DIFFERENT', ' '.join(args)))
            if setup:
                print('setup: ' + '; '.join(setup))
            print(text)
            if not same:
                for name, a, b in (('stdout', ro, co), ('stderr', re_, ce), ('status', rs, cs), ('files', rf, cf)):
                    if a != b:
                        print('--- %s reference:\n%s\n--- %s candidate:\n%s' % (name, a, name, b))
    print('diff_parallel: %d of %d cases differ' % (bad, n))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
