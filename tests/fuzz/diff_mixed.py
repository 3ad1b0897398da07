#!/usr/bin/env python3
"""Differential fuzzing of recursive builds that mix the candidate and the
reference GNU make 4.4.1 in one tree of makes.

    tests/fuzz/diff_mixed.py FIRST_SEED COUNT [-v]
    tests/fuzz/diff_mixed.py --show SEED          (prints one case)
    tests/fuzz/diff_mixed.py --save SEED DIR      (writes one case to DIR)
    tests/fuzz/diff_mixed.py --mode MODE SEED     (runs one case in MODE, prints what it gave;
                                                   MODE: ref top sub alt0 alt1, or cand: rmake everywhere)

In real builds rmake (installed as `make`) and GNU make call each other:
the top make is one of them and a recipe's `$(MAKE)`, or a plain `make`
found on PATH, is the other. Each seed generates a small recursive
project: a top Makefile and 1 to 3 sub-directories with their own
makefiles (sometimes one more level below), reached through $(MAKE),
${MAKE}, `cd DIR && $(MAKE)`, a plain `make -C DIR` (not a recursive line
for the parent: no jobserver descriptors, not run under -n) or `+make`,
with options and variables on the sub-make's command line, MAKEFLAGS= or
a variable in its environment, MAKEFLAGS changed or unset, `|| echo
st=$$?`; a recipe may kill its make with SIGTERM (serial cases). The makefiles set,
export, unexport and override variables, add to MAKEFLAGS (-s, -k,
--no-print-directory, variables, -j2), set MAKEOVERRIDES, .NOTPARALLEL,
print MAKELEVEL, MAKEFLAGS (with the jobserver and sync-mutex options),
MFLAGS, MAKEOVERRIDES and origins as make and the environment give them,
make, touch and fail targets. The top make runs with random options
(-s -n -t -q -k -i -B -e -r -R -w --no-print-directory -L --trace -S
--no-silent --warn-undefined-variables --eval -I, -jN with -O/-Otarget/
-Oline/-Orecurse/-Onone and --jobserver-style=fifo|pipe), command-line
variables and environment variables (MAKEFLAGS, including stale or bad
--jobserver-auth values, GNUMAKEFLAGS, MAKELEVEL, MAKEOVERRIDES, plain).

Each case runs in these modes, each make reached under the program name
`make` (a symlink named make in a directory of its own, first on PATH, so
messages, $(MAKE) and "Entering directory" lines are the same text):
  ref   the reference everywhere (run twice when jobs may run at once),
  top   the candidate at the top, the reference as every sub-make,
  sub   the reference at the top, the candidate as every sub-make,
  alt   levels alternating (which one starts is drawn per seed), through
        a bash wrapper `exec -a make` choosing by its own depth count
        (MIXED_DEPTH in the environment).
Each mixed run's standard output, standard error, exit status, files left
in the tree and jobserver files left in TMPDIR (the fifo must be removed)
must equal the reference's. Only true noise is normalised: jobserver fifo
names (GMfifoNNN), sync-mutex names, pipe descriptor numbers in
--jobserver-auth=R,W and the work directory. When jobs may run at once,
lines are compared sorted and without "Waiting for unfinished jobs" (GNU
itself differs there from run to run), a mixed run counts as different
only if it differs from every reference run (up to five of each), and
failing commands sleep 0.3 s first (which jobs start before a failure is
seen would otherwise depend on how fast each make starts). --debug's
version banner lines are dropped (the candidate's differ on purpose).
Cases where the reference crashes (GNU 4.4.1 does on some) are skipped.
Makefiles may be remade (the make restarts, keeping the jobserver) and
read from standard input (`-f -`, passed on as --temp-stdin).

Token accounting: most recipes run a tiny helper ($JOBREC) that creates a
marker file, counts the markers of jobs running, sleeps a moment and
removes it. When the case allows a bound (-jN or none at the top, no -j
forced below), more jobs at once than N is reported (entry "(jobs)"), as
is a hang (a 30 s timeout). GNU at the top also checks at exit that every
token came back ("INTERNAL: Exiting with N jobserver tokens").
A seed always gives the same case.
"""
import os, random, re, shutil, subprocess, sys
from diffcommon import WAITING, candidate, read_tree, reference, run_make, scratch, write_tree

SUBS = ['sub1', 'sub2', 'lib']
MODES = ['top', 'sub', 'alt']

REC = '@sh "$$JOBREC" %s'


def state(r, where):
    """Recipe lines printing what a (sub-)make sees."""
    lines = []
    for _ in range(r.randint(0, 2)):
        lines.append(r.choice([
            "@echo '%s: L=$(MAKELEVEL) X=$(X) oX=$(origin X) Y=$(Y) oY=$(origin Y)'" % where,
            "@echo '%s: F=$(MAKEFLAGS)'" % where,
            "@echo '%s: MF=$(MFLAGS) O=$(MAKEOVERRIDES)'" % where,
            '@echo "%s: env X=$$X Y=$$Y L=$$MAKELEVEL"' % where,
            '@echo "%s: envF=$$MAKEFLAGS"' % where,
            "@echo '%s: G=$(MAKECMDGOALS) M=$(MAKE)'" % where,
            'echo %s $@' % where,
        ]))
    return lines


def leaf(r, t, where):
    """The recipe of a leaf target t."""
    L = [REC % t] if r.random() < 0.85 else []
    for _ in range(r.randint(0, 2)):
        L.append(r.choice(['echo %s $@' % where, '@echo %s $@ >&2' % where, 'echo $@ > $@', 'touch $@',
                           '@echo $@ done', '-@exit 1', REC % (t + '2')]))
    if r.random() < 0.1:
        L.append(r.choice(['@echo failing $@; exit 3', 'false']))
    if r.random() < 0.02:
        # The make running this recipe dies of a signal (its parent
        # reports how it died); serial cases only (see gen).
        L.append('@kill -TERM $$PPID; sleep 1')
    r.shuffle(L)
    return L


def sub_call(r, d, files, info):
    """A recipe line running a sub-make in directory d."""
    opts = []
    for o in ['-s', '-k', '-n', '-q', '-i', '-B', '-e', '-r', '-w', '--no-print-directory', '-t', '-j1', '-S',
              '--no-silent', '-Onone', '-Otarget']:
        if r.random() < 0.04:
            opts.append(o)
    if info['may_force'] and r.random() < 0.1:
        opts.append('-j2')
        info['forced'] = True
    if r.random() < 0.2:
        opts.append(r.choice(['X=subcmd', 'Y+=more', 'X:=xs', 'MAKEFLAGS=', 'MAKEOVERRIDES=', "X='a b'",
                              'MAKELEVEL=7', 'override X=ov']))
    goal = r.choice(['', '', '', 'all', 'a', 'fail', 'a b'])
    tail = ' '.join(opts + [goal]).strip()
    mk = r.choice(['$(MAKE)', '$(MAKE)', '$(MAKE)', '${MAKE}', 'make', 'make'])
    k = r.random()
    if k < 0.55:
        line = '%s -C %s %s' % (mk, d, tail)
    elif k < 0.7:
        line = 'cd %s && %s %s' % (d, mk, tail)
    elif k < 0.76:
        line = 'MAKEFLAGS= %s -C %s %s' % (mk, d, tail)
    elif k < 0.80:
        line = 'X=envsub %s -C %s %s' % (mk, d, tail)
    elif k < 0.82:
        line = r.choice(['MAKEFLAGS="$(filter-out --jobserver-auth=%%,$(MAKEFLAGS))" %s -C %s %s',
                         'MAKEFLAGS="$$MAKEFLAGS k" %s -C %s %s', 'MAKELEVEL= %s -C %s %s',
                         'unset MAKEFLAGS; %s -C %s %s']) % (mk, d, tail)
    elif k < 0.92:
        line = '%s -C %s %s || echo "st=$$?"' % (mk, d, tail)
    elif k < 0.97:
        line = '%s -q -C %s %s; echo "q=$$?"' % (mk, d, tail)
    else:
        # A makefile read from standard input (GNU passes it on to a
        # restarted make as --temp-stdin).
        line = "printf 'all: a\\n\\t@echo stdin L=$$(MAKELEVEL)\\n-include Makefile\\n' | %s -C %s -f - %s" % (
            mk, d, tail)
    return r.choice(['', '', '', '+', '@', '-', '@+']) + line.rstrip()


def sub_makefile(r, d, depth, files, info):
    """The makefile of sub-directory d; returns (text, nested dir or None)."""
    L = []
    for _ in range(r.choice([0, 0, 1, 2])):
        s = r.choice(['X ?= subdef', 'X = subset', 'Y += suby', 'override X = subov', 'export Y = yexp',
                      'unexport X', 'MAKEFLAGS += -s', 'MAKEFLAGS += --no-print-directory', 'MAKEFLAGS += -k',
                      'MAKEFLAGS += Y=mfy', '.EXPORT_ALL_VARIABLES:', '.NOTPARALLEL:', 'MAKEFLAGS += -j2',
                      '$(info %s parse L=$(MAKELEVEL) F=$(MAKEFLAGS))' % d, 'export', '.SILENT:'])
        if '-j2' in s:
            if not info['may_force']:
                continue
            info['forced'] = True
        L.append(s)
    if r.random() < 0.12:
        # A makefile remade: the make restarts (keeping the jobserver).
        L.append(r.choice(['include gen.mk', '-include gen.mk']))
        files[d + '/gen.mk.in'] = 'G = gen\n'
    nested = None
    leaves = r.sample(['a', 'b', 'c'], r.randint(1, 3))
    pre = list(leaves)
    if r.random() < 0.2:
        pre.append('fail')
    if depth == 0 and r.random() < 0.3:
        nested = d + '/deep'
        pre.insert(r.randint(0, len(pre)), 'deep')
    r.shuffle(pre)
    L.append('all: ' + ' '.join(pre))
    L += ['\t' + l for l in state(r, d)]
    for t in ['a', 'b', 'c']:
        deps = ' '.join(x for x in ['b', 'c'] if x > t and r.random() < 0.3)
        L.append('%s:%s' % (t, ' ' + deps if deps else ''))
        L += ['\t' + l for l in leaf(r, t, d)]
    L.append('fail:')
    L.append('\t' + r.choice(['@echo failing in %s; exit 3' % d, 'false', '-false', '@exit 1']))
    if d + '/gen.mk.in' in files:
        L.append('gen.mk: gen.mk.in')
        L.append('\t' + r.choice(['cp gen.mk.in $@', '@echo remaking $@ L=$(MAKELEVEL) R=$(MAKE_RESTARTS); cp gen.mk.in $@']))
        L.append('\t' + REC % 'gen')
    if nested:
        L.append('deep:')
        L.append('\t' + sub_call(r, 'deep', files, info))
    if r.random() < 0.6:
        L.append('.PHONY: ' + ' '.join(r.sample(['all', 'fail', 'a', 'b', 'deep'], r.randint(1, 3))))
    return '\n'.join(L) + '\n', nested


def gen(seed):
    """The case of a seed: (files, ages, args, env, limit, parallel, alt,
    outer, sync): the job bound (None: none), whether jobs may run at
    once, which alternation runs, the outer jobserver (style, slots) or
    None, whether output sync blocks are checked."""
    r = random.Random(seed)
    files = {}
    # Whether a -j may be forced below the top (no bound on jobs then).
    info = {'forced': False, 'may_force': r.random() < 0.25}
    subs = r.sample(SUBS, r.randint(1, 3))
    L = []
    for _ in range(r.randint(0, 3)):
        s = r.choice(['X = top', 'export X = xexp', 'Y = ytop', 'export Y', 'unexport Y', 'override X = topov',
                      '.EXPORT_ALL_VARIABLES:', 'MAKEFLAGS += -s', 'MAKEFLAGS += --no-print-directory',
                      'MAKEFLAGS += -k', 'MAKEFLAGS += -w', 'MAKEFLAGS += X=mfx', 'MAKEFLAGS += -i',
                      'MAKEOVERRIDES =', 'MAKEOVERRIDES += Y=ovy', 'unexport MAKEFLAGS', '.NOTPARALLEL:',
                      'MAKEFLAGS += -j2', '$(info top parse L=$(MAKELEVEL) F=$(MAKEFLAGS))', '.SILENT:',
                      'export MAKEOVERRIDES', 'MAKEFLAGS += -Otarget'])
        if '-j2' in s:
            if not info['may_force']:
                continue
            info['forced'] = True
        L.append(s)
    tops = r.sample(['t1', 't2'], r.randint(0, 2))
    goals = subs + tops + (['fail'] if r.random() < 0.15 else [])
    r.shuffle(goals)
    L.append('all: ' + ' '.join(goals))
    L += ['\t' + l for l in state(r, 'top')]
    for d in subs:
        L.append('%s:%s' % (d, r.choice(['', '', '', ' t1'])))
        for _ in range(r.choice([1, 1, 2])):
            L.append('\t' + sub_call(r, d, files, info))
        text, nd = sub_makefile(r, d, 0, files, info)
        files[d + '/' + r.choice(['Makefile', 'Makefile', 'makefile', 'GNUmakefile'])] = text
        if nd:
            files[nd + '/Makefile'] = sub_makefile(r, nd, 1, files, info)[0]
    for t in ['t1', 't2']:
        L.append(t + ':')
        L += ['\t' + l for l in leaf(r, t, 'top')]
    L.append('fail:')
    L.append('\t' + r.choice(['exit 2', '@false', '-false']))
    if r.random() < 0.7:
        L.append('.PHONY: all ' + ' '.join(subs))
    files['Makefile'] = '\n'.join(L) + '\n'
    ages = {}
    args = []
    for o in ['-s', '-n', '-t', '-q', '-k', '-i', '-B', '-e', '-r', '-R', '-w', '--no-print-directory', '-L',
              '--trace', '-S', '--no-silent', '--warn-undefined-variables']:
        if r.random() < 0.06:
            args.append(o)
    j = None
    if r.random() < 0.55:
        j = r.choice([2, 2, 2, 3, 4, 1, 0])
        args.append('-j%d' % j if j else '-j')
        if r.random() < 0.5:
            args.append(r.choice(['-O', '-Otarget', '-Orecurse', '-Oline', '-Onone']))
        if r.random() < 0.4:
            args.append(r.choice(['--jobserver-style=pipe', '--jobserver-style=fifo']))
    if r.random() < 0.08:
        args.append('--eval=Y=ev')
    if r.random() < 0.12:
        args.append(r.choice(['-l100', '--shuffle=reverse', '--shuffle=12345', '--shuffle=none', '--debug=b',
                              '-l', '--load-average=50']))
    if r.random() < 0.08:
        args += ['-I', r.choice(subs)]
    for _ in range(r.choice([0, 0, 0, 1, 2])):
        args.append(r.choice(['X=cmd', 'X:=cmd', 'Y+=cmdy', 'override X=cmdov', "X=a b", 'MAKEFLAGS=-s',
                              'MAKEOVERRIDES=', 'Y=', 'MAKELEVEL=2', 'X=a\\ b', 'Y=$$z']))
    if r.random() < 0.15:
        args += r.sample(['all', 'fail', 't1'] + subs, r.randint(1, 2))
    env = {}
    for k, vals in [('X', ['envx', 'a b']), ('Y', ['envy']),
                    ('MAKEFLAGS', ['-k', 'k', 's', '-s X=mfenv', '--no-print-directory', 'w', '-e', 'n',
                                   ' --jobserver-auth=fifo:/nonexistent/fifo', ' -j2 --jobserver-auth=7,8',
                                   ' --jobserver-auth=-2,-2', '-j2', ' --jobserver-auth=fifo:',
                                   ' -- X=mf', ' --sync-mutex=fnm:/nonexistent', ' -j2 --jobserver-fds=7,8',
                                   ' -j2 --jobserver-auth=bogus', 'ks -j3 --jobserver-auth=-2,-2 --sync-mutex=fnm:x']),
                    ('GNUMAKEFLAGS', ['-s', '--no-print-directory', 'Y=gmf']), ('MAKELEVEL', ['3']),
                    ('MAKEOVERRIDES', ['X=ov'])]:
        if r.random() < 0.08:
            env[k] = r.choice(vals)
    # The most jobs that may run at once: -jN's N (1 without -j) unless a
    # -j is forced below or comes from the environment or is unbounded.
    # Sometimes the top make is itself the client of a jobserver the
    # harness made (as under a GNU 4.3 make, cargo or another make): a
    # pipe passed as descriptors or a fifo, holding K-1 tokens; each must
    # be back in it at the end.
    outer = None
    if 'MAKEFLAGS' not in env and r.random() < 0.15:
        outer = (r.choice(['pipe', 'fifo']), r.choice([2, 2, 3]))
    envj = '-j' in env.get('MAKEFLAGS', '')
    if outer and j is None:
        j = outer[1]
    limit = None if (info['forced'] or envj or j == 0) else (j or 1)
    parallel = j not in (None, 1) or info['forced'] or envj
    alt = r.choice(['alt0', 'alt1'])
    if parallel:
        for nm in files:
            files[nm] = files[nm].replace('@kill -TERM $$PPID; sleep 1', '@echo no kill')
        # A failure that is noticed late: the jobs that can start before
        # it do, whichever make is faster to start (else which ones did
        # would depend on how fast each make is, not on what it does).
        for nm in files:
            files[nm] = re.sub(r'(?m)^(\t[@+]*)((?:@?echo failing [^;]*; )?(?:false|exit [1-9])$)', r'\1sleep 0.3; \2',
                               files[nm])
    # Output sync: every target's lines together (checked with -O,
    # -Otarget or -Orecurse at the top when no sub-make turns it off).
    sync = (parallel and any(a in ('-O', '-Otarget', '-Orecurse') for a in args)
            and not any('-Onone' in t or '-Oline' in t for t in files.values()))
    return files, ages, args, env, limit, parallel, alt, outer, sync


HELPER = r'''#!/bin/sh
# Records how many jobs run at once: a marker per job while it runs.
m="$JOBDIR/run.$1.$$"
: > "$m"
n=$(ls "$JOBDIR" | grep -c '^run\.')
echo "$n" >> "$JOBDIR/../counts"
sleep 0.03
rm -f "$m"
'''


def wrapper(first, second):
    """A `make` that runs `first` at even depths, `second` at odd ones."""
    return ('#!/bin/bash\nd=${MIXED_DEPTH:-0}\nexport MIXED_DEPTH=$((d + 1))\n'
            'if [ $((d %% 2)) = 0 ]; then exec -a make %s "$@"; else exec -a make %s "$@"; fi\n' % (first, second))


def bins(work):
    """The directories whose `make` is each binary (or an alternation)."""
    b = {}
    for name, target in (('ref', reference), ('cand', candidate)):
        d = os.path.join(work, 'bin-' + name)
        os.makedirs(d, exist_ok=True)
        if not os.path.lexists(os.path.join(d, 'make')):
            os.symlink(target, os.path.join(d, 'make'))
        b[name] = d
    for name, w in (('alt0', wrapper(reference, candidate)), ('alt1', wrapper(candidate, reference))):
        d = os.path.join(work, 'bin-' + name)
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, 'make')
        with open(p, 'w') as f:
            f.write(w)
        os.chmod(p, 0o755)
        b[name] = d
    with open(os.path.join(work, 'rec.sh'), 'w') as f:
        f.write(HELPER)
    return b


# mode -> (the top make, the directory first on PATH)
PLAN = {'ref': (reference, 'ref'), 'top': (candidate, 'ref'), 'sub': (reference, 'cand'),
        'alt0': (candidate, 'alt0'), 'alt1': (reference, 'alt1'), 'cand': (candidate, 'cand')}


_banner = set()


def banner_lines():
    """The lines of both makes' --version texts (--debug prints them; the
    candidate's differ on purpose)."""
    if not _banner:
        for m in (reference, candidate):
            v = subprocess.run(['make', '--version'], executable=m, capture_output=True).stdout.decode('latin1')
            _banner.update(l for l in v.splitlines() if l.strip())
    return _banner


def norm(s, work):
    bl = banner_lines()
    s = ''.join(l for l in s.splitlines(True) if l.rstrip('\n') not in bl)
    s = re.sub(r'GMfifo\d+', 'GMfifo', s)
    s = re.sub(r'/Gm[A-Za-z0-9]{6}\b', '/GmMUTEX', s)
    s = re.sub(r'--jobserver-auth=(?!-2,-2)\d+,\d+', '--jobserver-auth=R,W', s)
    return s.replace(work, 'WORK')


def run(mode, work, b, case):
    """Runs the case with the makes of `mode`; returns (stdout, stderr,
    status, files) normalised; `files` also holds the checks: "(jobs)",
    "(outer tokens)", "(sync)", "(TMPDIR left)"."""
    files, ages, args, env, limit, parallel, alt, outer, sync = case
    d = os.path.join(work, 'tree')
    shutil.rmtree(d, ignore_errors=True)
    for x in ('tmp', 'jobs'):
        shutil.rmtree(os.path.join(work, x), ignore_errors=True)
        os.makedirs(os.path.join(work, x))
    for x in ('counts', 'outer.fifo'):
        if os.path.lexists(os.path.join(work, x)):
            os.unlink(os.path.join(work, x))
    os.makedirs(d)
    write_tree(d, files, ages)
    top, path = PLAN[mode]
    e = {k: v for k, v in os.environ.items()
         if k not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'GNUMAKEFLAGS', 'MAKEFILES', 'MAKEOVERRIDES', 'X', 'Y',
                      'MIXED_DEPTH')}
    e['PATH'] = b[path] + ':' + e.get('PATH', '/usr/bin:/bin')
    # A private TMPDIR: what a make leaves there is compared.
    e['TMPDIR'] = os.path.join(work, 'tmp')
    e['JOBREC'] = os.path.join(work, 'rec.sh')
    e['JOBDIR'] = os.path.join(work, 'jobs')
    e.update(env)
    keep = ()
    rfd = wfd = None
    if outer:
        style, k = outer
        if style == 'pipe':
            rfd, wfd = os.pipe()
            keep = (rfd, wfd)
            e['MAKEFLAGS'] = ' -j%d --jobserver-auth=%d,%d' % (k, rfd, wfd)
        else:
            fifo = os.path.join(work, 'outer.fifo')
            os.mkfifo(fifo)
            rfd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
            wfd = rfd
            e['MAKEFLAGS'] = ' -j%d --jobserver-auth=fifo:%s' % (k, fifo)
        os.write(wfd, b'+' * (k - 1))
    out, err, st = run_make(top, args, d, e, timeout=30, kill_group=True, pass_fds=keep)
    got = read_tree(d)
    got['(TMPDIR left)'] = ' '.join(sorted(re.sub(r'\d+', 'N', n) for n in os.listdir(e['TMPDIR'])))
    if outer:
        os.set_blocking(rfd, False)
        n = 0
        while True:
            try:
                c = os.read(rfd, 64)
            except BlockingIOError:
                break
            if not c:
                break
            n += len(c)
        got['(outer tokens)'] = 'ok' if n == outer[1] - 1 else '%d back of %d' % (n, outer[1] - 1)
        os.close(rfd)
        if wfd != rfd:
            os.close(wfd)
    counts = []
    if os.path.exists(os.path.join(work, 'counts')):
        with open(os.path.join(work, 'counts')) as f:
            counts = [int(x) for x in f.read().split() if x.isdigit()]
    most = max(counts, default=0)
    got['(jobs)'] = 'ok' if limit is None or most <= limit else 'at most %d at once, %d seen' % (limit, most)
    left = [n for n in os.listdir(e['JOBDIR'])]
    if left and st != 'timeout':
        got['(jobs)'] += ', markers left: ' + ' '.join(sorted(left))
    if sync:
        got['(sync)'] = split_blocks(out)
    return norm(out, work), norm(err, work), st, got


def split_blocks(out):
    """'ok', or the targets whose output lines (those naming `WHERE
    TARGET`) are not all together."""
    where = '|'.join(['top'] + SUBS + [x + '/deep' for x in SUBS])
    seen, last, split = set(), None, set()
    for line in out.splitlines():
        m = re.search(r'(?:^|[ ])((?:%s) (?:a|b|c|t1|t2))\b' % where, line)
        if not m:
            continue
        k = m.group(1)
        if k != last and k in seen:
            split.add(k)
        seen.add(k)
        last = k
    return 'ok' if not split else 'split: ' + ', '.join(sorted(split))


CHECKS = ('(jobs)', '(sync)')


def canon(res, parallel):
    """What is compared: lines sorted and without "Waiting for unfinished
    jobs" when jobs may run at once."""
    if not parallel:
        return res
    return tuple(''.join(sorted(l for l in x.splitlines(True) if not WAITING.search(l)))
                 if i < 2 else x for i, x in enumerate(res))


def compare(seed, work, b, modes=None):
    """Runs a seed's case in every mode; returns (case, refs, [(mode, result)]
    of the modes that differ from every reference run)."""
    case = gen(seed)
    parallel = case[5]
    refs = [run('ref', work, b, case)]
    if parallel:
        refs.append(run('ref', work, b, case))
    # A check the reference fails is not one this case can make (the
    # bound is wrong for it, or GNU does not keep blocks together there).
    off = set(k for k in CHECKS for x in refs if x[3].get(k, 'ok') != 'ok')

    def blank(x):
        for k in off:
            x[3].pop(k, None)
        return x
    refs = [blank(x) for x in refs]
    bad = []
    for mode in modes or ['top', 'sub', case[6]]:
        # (GNU's own runs differ in which jobs start before a failure is
        # seen: a parallel case gets up to five tries, each against every
        # reference run so far.)
        for attempt in range(5 if parallel else 1):
            got = blank(run(mode, work, b, case))
            c = canon(got, parallel)
            if any(c == canon(x, parallel) for x in refs):
                break
            if parallel and attempt < 4:
                x = run('ref', work, b, case)
                off |= set(k for k in CHECKS if x[3].get(k, 'ok') != 'ok')
                refs = [blank(y) for y in refs + [x]]
        else:
            bad.append((mode, got))
    return case, refs, bad


def show(seed, case):
    files, ages, args, env, limit, parallel, alt, outer, sync = case
    print('args: %s' % ' '.join(repr(a) if ' ' in a or not a else a for a in args))
    if env:
        print('env: ' + ' '.join('%s=%r' % kv for kv in sorted(env.items())))
    print('job limit: %s%s%s%s' % (limit, ', parallel' if parallel else '', ', sync checked' if sync else '',
                                   ', outer jobserver: %s with %d slots' % outer if outer else ''))
    for nm in sorted(files):
        print('--- %s\n%s' % (nm, files[nm]), end='')


def show_diff(ref, got, parallel):
    import difflib
    ref, got = canon(ref, parallel), canon(got, parallel)
    for name, a, bb in zip(('stdout', 'stderr', 'status', 'files'), ref, got):
        if a == bb:
            continue
        if name in ('stdout', 'stderr'):
            d = list(difflib.unified_diff(a.splitlines(True), bb.splitlines(True), 'reference ' + name,
                                          'mixed ' + name, n=2))
            print(''.join(d[:60]), end='')
        elif name == 'files':
            for k in sorted(set(a) | set(bb)):
                if a.get(k) != bb.get(k):
                    print('--- file %s: reference %r, mixed %r' % (k, a.get(k), bb.get(k)))
        else:
            print('--- status: reference %s, mixed %s' % (a, bb))


def save(seed, d):
    files, ages, args, env = gen(seed)[:4]
    os.makedirs(d, exist_ok=True)
    write_tree(d, files, ages)
    with open(os.path.join(d, 'rec.sh'), 'w') as f:
        f.write(HELPER)
    print('JOBREC=%s/rec.sh JOBDIR=... ' % d + ' '.join('%s=%r' % kv for kv in sorted(env.items())) +
          ' make ' + ' '.join(repr(a) for a in args))


def main():
    for m in (reference, candidate):
        if not os.access(m, os.X_OK):
            sys.exit('diff_mixed: no make at %s (set CANDIDATE or REFERENCE_MAKE)' % m)
    if sys.argv[1] == '--show':
        s = int(sys.argv[2])
        return show(s, gen(s))
    if sys.argv[1] == '--save':
        return save(int(sys.argv[2]), sys.argv[3])
    work = scratch('mixed.%d' % os.getpid())
    shutil.rmtree(work, ignore_errors=True)
    try:
        sweep(work, bins(work))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def sweep(work, b):
    """--mode, or the seeds of the command line."""
    if sys.argv[1] == '--mode':
        s = int(sys.argv[3])
        out, err, st, got = run(sys.argv[2], work, b, gen(s))
        print('--- stdout\n%s--- stderr\n%s--- status %s' % (out, err, st))
        for k in sorted(got):
            print('--- file %s: %r' % (k, got[k]))
        return
    seed0, n = int(sys.argv[1]), int(sys.argv[2])
    verbose = '-v' in sys.argv[3:]
    bad = skipped = 0
    for seed in range(seed0, seed0 + n):
        case, refs, diffs = compare(seed, work, b)
        if any(x[2] in ('timeout', -11, -6) or 'Segmentation fault' in x[1] or 'Error 139' in x[1]
               or 'st=139' in x[0] for x in refs):
            # (GNU 4.4.1 crashes on some cases, e.g. MAKEFLAGS=-s on the
            # command line of a make whose sub-make exports MAKEOVERRIDES.)
            print('=== seed %d: reference hung or crashed, skipped' % seed)
            skipped += 1
            continue
        bad += bool(diffs)
        if not diffs and not verbose:
            continue
        print('=== seed %d: %s' % (seed, 'same' if not diffs else 'DIFFERENT in ' + ' '.join(m for m, _ in diffs)))
        show(seed, case)
        for mode, got in diffs:
            print('--- mode %s' % mode)
            show_diff(refs[0], got, case[5])
        sys.stdout.flush()
    print('diff_mixed: %d of %d cases differ (%d skipped: the reference crashed or hung)' % (bad, n, skipped))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
