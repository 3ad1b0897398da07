#!/usr/bin/env python3
"""Differential fuzzing of recursive make and command-line options.

    tests/fuzz/diff_recursive.py FIRST_SEED COUNT [-v]
    tests/fuzz/diff_recursive.py --dump SEED DIR   (writes one case to DIR)

Generates COUNT small random projects: a top Makefile and 1 to 3
sub-directories, each with its own makefile (sometimes a nested one more
level down, or a second makefile run with -f), run through $(MAKE) in every
spelling (-C DIR, cd DIR &&, `+`, `@`, `-` prefixes, ${MAKE}, with options
and variables on the sub-make's command line, MAKEFLAGS= or a variable in
the sub-make's environment, `|| echo $$?` to show its exit status, $(MAKE)
inside an echoed line under -n). The makefiles set, export, unexport and
override variables (.EXPORT_ALL_VARIABLES, MAKEFLAGS +=, MAKEOVERRIDES,
GNUMAKEFLAGS), print MAKELEVEL, MAKEFLAGS, MAKEOVERRIDES, origins and the
environment their recipes see, make, touch, fail or leave up to date files.
Each case runs with random options (-s -n -t -q -k -i -B -e -r -R -w
--no-print-directory -W -o -I -C, -j with -O, --jobserver-style,
.NOTPARALLEL), command-line variables (=, :=, +=, override) and
environment variables (MAKEFLAGS, GNUMAKEFLAGS, MAKELEVEL, plain ones).
From seed 10000, cases also draw odd command-line values (`$`, `#`, `\ `,
values like options), sub-makes that cannot change directory or find their
goal or makefile, and more MAKEFLAGS settings and special targets in the
top makefile; from seed 20000, options that propagate through MAKEFLAGS
or change what make prints (--eval, --warn-undefined-variables, -S,
--no-silent, --shuffle=reverse, -L, --trace, -Onone, long forms); earlier
seeds keep the cases they had.

The reference GNU make 4.4.1 and $CANDIDATE (default target/release/rmake)
run one after the other on fresh copies of the case at the same path, each
reached as `make` through a symlink first on PATH, so paths, "Entering
directory" lines and $(MAKE) are the same text for both. Only jobserver
fifo and sync-mutex names and pipe descriptors are normalised; when jobs
may run at once (-j without .NOTPARALLEL), lines are compared sorted and a
case counts as different only when three runs all differ (which jobs
start before a quick failure is noticed is a matter of timing), and
"Waiting for unfinished jobs" lines are left out. Standard output, standard error,
exit status and the files left behind (contents) must be equal. Prints
every differing case with its seed, arguments, environment, setup and
makefiles (-v: every case). A seed always gives the same case; the
inherited environment is passed on (run it also as CI does:
`env -u SHELL -u TERM CI=true ... </dev/null`).
"""
import os, random, re, shutil, signal, subprocess, sys
from diffcommon import agree, candidate, read_tree, reference, scratch, write_tree

SUBS = ['sub1', 'sub2', 'lib']
# Whether a failure finds other jobs still running is timing.
VARS = ['X', 'Y', 'Z']


def echo_state(r, where):
    """Recipe lines printing what a (sub-)make sees (make's values in single
    quotes: a `$$` in them must not become the shell's pid)."""
    lines = []
    for _ in range(r.randint(1, 3)):
        lines.append(r.choice([
            "@echo '%s: L=$(MAKELEVEL) X=$(X) oX=$(origin X) Y=$(Y) oY=$(origin Y)'" % where,
            "@echo '%s: F=$(filter-out --jobserver-auth=%% --sync-mutex=%%,$(MAKEFLAGS))'" % where,
            "@echo '%s: MF=$(MFLAGS) O=$(MAKEOVERRIDES)'" % where,
            '@echo "%s: env X=$$X Y=$$Y Z=$$Z L=$$MAKELEVEL"' % where,
            '@echo "%s: envF=$$MAKEFLAGS" | sed "s/ *--jobserver-auth=[^ ]*//"' % where,
            "@echo '%s: G=$(MAKECMDGOALS) Z=$(Z) oZ=$(origin Z) fZ=$(flavor Z)'" % where,
            'echo %s $@' % where,
            "@echo '%s: CURDIR=$(notdir $(CURDIR)) ML=$(words $(MAKEFILE_LIST))'" % where,
        ]))
    return lines


def sub_call(r, d, files):
    """A recipe line running a sub-make in directory d."""
    opts = []
    for o in ['-s', '-k', '-n', '-q', '-i', '-B', '-e', '-r', '-R', '-w', '--no-print-directory', '-t']:
        if r.random() < 0.06:
            opts.append(o)
    if r.random() < 0.2:
        opts.append(r.choice(['X=subcmd', 'Y+=more', 'Z:=zsub', 'MAKEFLAGS=', 'MAKEOVERRIDES=', 'X=', "X='a b'",
                              'MAKELEVEL=7', '-j1', 'override X=ov']))
    goal = r.choice(['', '', '', 'all', 'out', 'fail', 'other', 'all out'])
    if r.random() < 0.15 and (d + '/other.mk') in files:
        opts += ['-f', 'other.mk']
    mk = r.choice(['$(MAKE)', '$(MAKE)', '$(MAKE)', '${MAKE}'])
    tail = ' '.join(opts + [goal]).strip()
    k = r.random()
    if k < 0.55:
        line = '%s -C %s %s' % (mk, d, tail)
    elif k < 0.7:
        line = 'cd %s && %s %s' % (d, mk, tail)
    elif k < 0.78:
        line = 'MAKEFLAGS= %s -C %s %s' % (mk, d, tail)
    elif k < 0.84:
        line = 'X=envsub %s -C %s %s' % (mk, d, tail)
    elif k < 0.9:
        line = '%s -C %s %s || echo "sub %s failed $$?"' % (mk, d, tail, d)
    elif k < 0.95:
        line = '%s -q -C %s %s; echo "q %s $$?"' % (mk, d, tail, d)
    else:
        line = 'echo "would run %s -C %s"' % (mk, d)
    return r.choice(['', '', '+', '@', '-', '@+', '+-']) + line.rstrip()


def sub_makefile(r, d, depth):
    """The makefile of sub-directory d; returns (text, nested dir or None)."""
    L = []
    if r.random() < 0.4:
        L.append(r.choice(['X ?= subdef', 'X = subset', 'Y += suby', 'override X = subov', 'Z = subz', 'export Z = zexp',
                           'unexport X', 'MAKEFLAGS += -s', 'MAKEFLAGS += --no-print-directory', 'MAKEFLAGS += -k',
                           'MAKEFLAGS += Y=mfy', '.EXPORT_ALL_VARIABLES:', '-include inc.mk', '.NOTPARALLEL:',
                           '$(info %s parse L=$(MAKELEVEL))' % d, 'export']))
    nested = None
    pre = r.sample(['out', 'fail', 'other'], r.randint(0, 2))
    if depth == 0 and r.random() < 0.25:
        nested = d + '/deep'
        pre.append('deep')
    L.append('all: ' + ' '.join(pre))
    L += ['\t' + l for l in echo_state(r, d)]
    L.append('out: src')
    L.append('\t' + r.choice(['cp src $@', 'echo $@ > $@', 'touch $@', '@echo making $@; touch $@', 'false', '+touch $@']))
    L.append('src:')
    L.append('fail:')
    L.append('\t' + r.choice(['@echo failing; exit 3', 'false', '-false', '@exit 1', 'echo fine', '@:']))
    L.append('other:')
    L.append('\t' + r.choice(['@echo other in %s' % d, 'echo $(X) > other', '@echo "other $(MAKELEVEL)"']))
    if nested:
        L.append('deep:')
        L.append('\t' + sub_call(r, 'deep', {}))
    if r.random() < 0.5:
        L.append('.PHONY: ' + ' '.join(r.sample(['all', 'fail', 'other', 'deep'], r.randint(1, 3))))
    return '\n'.join(L) + '\n', nested


def gen(seed):
    r = random.Random(seed)
    files = {}
    subs = r.sample(SUBS, r.randint(1, 3))
    L = []
    for _ in range(r.randint(0, 4)):
        L.append(r.choice(['X = top', 'X := top', 'export X = xexp', 'Y = ytop', 'export Y', 'unexport Y', 'export X Y',
                           'override X = topov', 'Z = ztop', 'export Z', '.EXPORT_ALL_VARIABLES:', 'unexport',
                           'MAKEFLAGS += -s', 'MAKEFLAGS += --no-print-directory', 'MAKEFLAGS += -k', 'MAKEFLAGS += -w',
                           'MAKEFLAGS += X=mfx', 'MAKEFLAGS += -i', 'MAKEOVERRIDES =', 'MAKEOVERRIDES += Z=ovz',
                           'GNUMAKEFLAGS = -k', 'MAKELEVEL = 4', 'export MAKEFLAGS', 'unexport MAKEFLAGS',
                           '$(info top parse L=$(MAKELEVEL) F=$(filter-out --jobserver-auth=%,$(MAKEFLAGS)))',
                           '.NOTPARALLEL:', 'SUBDIRS = ' + ' '.join(subs)]))
    L.append('all: ' + ' '.join(subs) + r.choice(['', '', ' top.out', ' fail']))
    L += ['\t' + l for l in echo_state(r, 'top')[:r.randint(0, 2)]]
    nested = []
    for d in subs:
        L.append('%s:%s' % (d, r.choice(['', '', ' top.out'])))
        for _ in range(r.randint(1, 2)):
            L.append('\t' + sub_call(r, d, files))
        text, nd = sub_makefile(r, d, 0)
        files[d + '/' + r.choice(['Makefile', 'Makefile', 'makefile', 'GNUmakefile'])] = text
        if r.random() < 0.2:
            files[d + '/other.mk'] = 'all:\n\t@echo "other.mk in %s L=$(MAKELEVEL)"\n' % d
        if r.random() < 0.2:
            files[d + '/inc.mk'] = 'X = inc\n'
        if nd:
            files[nd + '/Makefile'] = sub_makefile(r, nd, 1)[0]
    L.append('top.out: top.in')
    L.append('\t' + r.choice(['cp top.in $@', 'touch $@', '+touch $@', '@echo top $@ > $@']))
    L.append('top.in:')
    L.append('fail:')
    L.append('\t' + r.choice(['exit 2', '@false', '-false']))
    if r.random() < 0.7:
        L.append('.PHONY: all ' + ' '.join(subs))
    files['Makefile'] = '\n'.join(L) + '\n'
    # Sources, and some targets already made (older or newer than their source).
    ages = {}
    dirs = sorted(set(p.rsplit('/', 1)[0] for p in files if '/' in p))
    for d, names in [('', ('top.in', 'top.out'))] + [(d + '/', ('src', 'out', 'other')) for d in dirs]:
        for nm in names:
            if (nm in ('src', 'top.in') and r.random() < 0.8) or r.random() < 0.15:
                ages[d + nm] = r.randint(0, 9)
    args = []
    for o in ['-s', '-n', '-t', '-q', '-k', '-i', '-B', '-e', '-r', '-R', '-w', '--no-print-directory']:
        if r.random() < 0.08:
            args.append(o)
    j = r.random() < 0.2
    if j:
        args.append(r.choice(['-j2', '-j3', '-j']))
        if r.random() < 0.6:
            args.append(r.choice(['-O', '-Otarget', '-Orecurse', '-Oline']))
        if r.random() < 0.3:
            args.append(r.choice(['--jobserver-style=pipe', '--jobserver-style=fifo']))
    if r.random() < 0.1:
        args += ['-W', r.choice(['top.in'] + [d + '/src' for d in subs])]
    if r.random() < 0.1:
        args += ['-o', r.choice(['top.in', 'top.out'])]
    if r.random() < 0.1:
        args += ['-I', r.choice(subs)]
    if r.random() < 0.1:
        args += r.choice([['-C', r.choice(subs)], ['-C', '.'], ['-C', '.', '-C', r.choice(subs)]])
    for _ in range(r.choice([0, 0, 0, 1, 2])):
        args.append(r.choice(['X=cmd', 'X:=cmd', 'Y+=cmdy', 'override X=cmdov', 'Z=cmdz', "X=a b", 'MAKEFLAGS=-s',
                              'MAKEOVERRIDES=', 'Y=', 'MAKELEVEL=2', 'GNUMAKEFLAGS=-k', 'X?=q', 'X!=echo bang']))
    if r.random() < 0.2:
        args += r.sample(['all', 'fail', 'top.out'] + subs, r.randint(1, 2))
    env = {}
    for k, vals in [('X', ['envx', 'a b']), ('Y', ['envy']), ('Z', ['envz']),
                    ('MAKEFLAGS', ['-k', 'k', 's', '-s X=mfenv', '--no-print-directory', 'w', '-e', 'kn']),
                    ('GNUMAKEFLAGS', ['-s', '--no-print-directory', 'Y=gmf']), ('MAKELEVEL', ['3']),
                    ('MAKEOVERRIDES', ['X=ov'])]:
        if r.random() < 0.1:
            env[k] = r.choice(vals)
    if seed >= 10000:
        extras(random.Random(seed * 31 + 7), files, args, env, subs)
    if seed >= 20000:
        more_options(random.Random(seed * 17 + 3), files, args, subs)
    # A makefile's MAKEFLAGS += -j2 makes jobs run at once too.
    parallel = (j or 'MAKEFLAGS += -j2' in files['Makefile']) and '.NOTPARALLEL:' not in files['Makefile']
    return files, ages, args, env, parallel


def more_options(r, files, args, subs):
    """From seed 20000: options that propagate through MAKEFLAGS or change
    what make prints (--eval, --warn-undefined-variables, -S, --no-silent,
    --shuffle=reverse, -L, --trace, -Onone), on make's command line and on
    sub-makes'."""
    opts = ['--eval=Y=ev', '--warn-undefined-variables', '-S', '--no-silent', '--shuffle=reverse', '-L',
            '--trace', '-Onone', '-E', '--no-keep-going', '--silent', '--just-print', '--question',
            '--environment-overrides', '--ignore-errors', '--always-make']
    for _ in range(r.choice([0, 1, 1, 2])):
        o = r.choice(opts)
        args.insert(r.randint(0, len(args)), o if o != '-E' else '-EY=e2')
    top = files['Makefile'].split('\n')
    for k, l in enumerate(top):
        if l.startswith('\t') and '$(MAKE)' in l and r.random() < 0.3:
            top[k] = l.replace('$(MAKE)', '$(MAKE) ' + r.choice(opts[:8]), 1)
    if r.random() < 0.2:
        top.insert(0, 'MAKEFLAGS += ' + r.choice(['--warn-undefined-variables', '-j2', '--trace', '-L', '-S']))
    files['Makefile'] = '\n'.join(top)


def extras(r, files, args, env, subs):
    """From seed 10000 (earlier seeds keep their cases): odd command-line
    values, sub-makes that cannot start or find their goal or makefile,
    more MAKEFLAGS and special targets in the top makefile."""
    for _ in range(r.choice([0, 1, 1, 2])):
        args.append(r.choice(['X=$(Y)', 'X=a$$b', 'X=a\\ b', 'X=a#b', 'X=-k', 'X=a=b', 'Y=--no-print-directory',
                              'X= lead', 'X=trail ', 'X:=$(MAKELEVEL)', 'X=$$(shell echo s)', 'X+=', '-w',
                              '--no-print-directory', '-s', '-k']))
    top = files['Makefile'].split('\n')
    for _ in range(r.choice([0, 1, 1, 2])):
        top.insert(0, r.choice(['export MAKEOVERRIDES', 'unexport MAKELEVEL', 'MAKEFLAGS := -k', 'override MAKEFLAGS += -s',
                                '.SILENT:', '.IGNORE:', 'MFLAGS = -x', 'MAKEFLAGS += --no-print-directory',
                                'MAKEFLAGS += -j1', '.POSIX:', 'export X = $(Y)', 'Y ?= ydef', 'MAKEOVERRIDES += Y=mo',
                                'undefine MAKEFLAGS', 'unexport MFLAGS', '.ONESHELL:']))
    if r.random() < 0.4:
        d = r.choice(subs)
        line = r.choice(['$(MAKE) -C nodir', '-$(MAKE) -C nodir', '$(MAKE) -C %s nosuch' % d,
                         '$(MAKE) -C %s -f nosuch.mk' % d, '-$(MAKE) -C %s nosuch || echo st=$$?' % d,
                         '$(MAKE) -C %s -k fail out other' % d, '$(MAKE) -C %s -q other; echo q=$$?' % d,
                         '$(MAKE) -C %s -t out' % d, '@$(MAKE) --no-print-directory -C %s' % d])
        i = next(k for k, l in enumerate(top) if l.startswith(d + ':'))
        top.insert(i + 1, '\t' + line)
    files['Makefile'] = '\n'.join(top)
    for k, vals in [('MAKEFLAGS', ['--no-print-directory -- X=env', ' -w', 'X=e', '-- Y=a\\ b', 'rR', '-j1']),
                    ('GNUMAKEFLAGS', ['-w', '-- Z=g']), ('MFLAGS', ['-k']), ('X', ['$(Y)'])]:
        if r.random() < 0.08:
            env[k] = r.choice(vals)


def run(make, work, files, ages, args, env, trace=None):
    """Runs make on the case; with trace, under `strace -f` writing to it."""
    d = os.path.join(work, 'tree')
    b = os.path.join(work, 'bin')
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(d)
    os.makedirs(b)
    os.symlink(make, os.path.join(b, 'make'))
    write_tree(d, files, ages)
    e = {k: v for k, v in os.environ.items() if k not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'GNUMAKEFLAGS', 'MAKEFILES', 'MAKEOVERRIDES', 'X', 'Y', 'Z')}
    e['PATH'] = b + ':' + e.get('PATH', '/usr/bin:/bin')
    # A private TMPDIR: jobserver fifos are named by pid, and a stale one
    # left in /tmp by a killed make would make a fifo fall back to a pipe.
    e['TMPDIR'] = os.path.join(work, 'tmp')
    os.makedirs(e['TMPDIR'])
    e.update(env)
    pre = ['strace', '-f', '-qq', '-e', 'trace=none', '-o', trace] if trace else []
    # In a session of its own, killed whole afterwards: a sub-make whose
    # parent crashed or timed out would otherwise live on (seen: GNU
    # sub-makes of seed 1000332's range spinning for half an hour).
    p = subprocess.Popen(pre + ['make'] + args, cwd=d, env=e, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        o, r = p.communicate(timeout=30)
        out, err, st = o.decode('latin1'), r.decode('latin1'), p.returncode
    except subprocess.TimeoutExpired:
        out, err, st = '', '', 'timeout'
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    p.wait()
    got = read_tree(d)
    got['(TMPDIR left)'] = ' '.join(sorted(re.sub(r'\d+', 'N', n) for n in os.listdir(e['TMPDIR'])))

    def norm(s):
        s = re.sub(r'GMfifo\d+', 'GMfifo', s)
        s = re.sub(r'/Gm[A-Za-z0-9]{6}\b', '/GmMUTEX', s)
        # Pipe descriptors differ under -O (rmake opens its files for the
        # output of reading before the jobserver, GNU lazily): not checked.
        s = re.sub(r'--jobserver-auth=(?!-2,-2)\d+,\d+', '--jobserver-auth=R,W', s)
        return s.replace(work, 'WORK')
    return norm(out), norm(err), st, got


def reference_crashes(work, files, ages, args, env):
    """Whether a make of the reference's run dies of a signal that no
    message shows (a sub-make's crash hidden by .IGNORE and -s), seen by
    running it again under strace, when strace is installed."""
    if not shutil.which('strace'):
        return False
    log = os.path.join(os.path.dirname(work), 'strace.log')
    run(reference, work, files, ages, args, env, trace=log)
    shutil.rmtree(work, ignore_errors=True)
    with open(log, encoding='latin1') as f:
        return 'killed by SIGSEGV' in f.read()


def dump(seed, d):
    """Writes the case of seed into directory d (files with their ages)."""
    files, ages, args, env, _ = gen(seed)
    os.makedirs(d, exist_ok=True)
    for nm, text in list(files.items()) + [(n, n + '\n') for n in ages]:
        p = os.path.join(d, nm)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(text)
        if nm in ages:
            os.utime(p, (1577836800 + ages[nm],) * 2)
    print('env', ' '.join('%s=%r' % kv for kv in sorted(env.items())), 'make', ' '.join(repr(a) for a in args))


def main():
    if sys.argv[1] == '--dump':
        return dump(int(sys.argv[2]), sys.argv[3])
    for m in (reference, candidate):
        if not os.access(m, os.X_OK):
            sys.exit('diff_recursive: no make at %s (set CANDIDATE or REFERENCE_MAKE)' % m)
    seed0, n = int(sys.argv[1]), int(sys.argv[2])
    verbose = '-v' in sys.argv[3:]
    work = scratch('recursive')
    bad = skipped = 0
    for seed in range(seed0, seed0 + n):
        files, ages, args, env, parallel = gen(seed)
        def run_pair():
            res = [run(m, work, files, ages, args, env) for m in (reference, candidate)]
            shutil.rmtree(work, ignore_errors=True)
            return res
        # GNU 4.4.1 itself crashes on some cases (a sub-make with
        # MAKEFLAGS=-s on the command line under .POSIX): skipped.
        def crashed_in(ref):
            return 'Segmentation fault' in ref[1] or 'Error 139' in ref[1]
        same, (ro, re_, rs, rf), (co, ce, cs, cf) = agree(run_pair, parallel, crashed_in)
        crashed = crashed_in((ro, re_))
        if not same and not crashed:
            crashed = reference_crashes(work, files, ages, args, env)
        if crashed:
            skipped += 1
            continue
        bad += not same
        if same and not verbose:
            continue
        print('=== seed %d: %s  args: %s' % (seed, 'same' if same else 'DIFFERENT', ' '.join(repr(a) if ' ' in a else a for a in args)))
        if env:
            print('env: ' + ' '.join('%s=%r' % kv for kv in sorted(env.items())))
        if ages:
            print('setup (file: seconds after 2020-01-01): ' + ' '.join('%s:%d' % kv for kv in sorted(ages.items())))
        for nm in sorted(files):
            print('--- %s\n%s' % (nm, files[nm]), end='')
        if not same:
            for name, a, b in (('stdout', ro, co), ('stderr', re_, ce), ('status', rs, cs), ('files', rf, cf)):
                if a != b:
                    print('--- %s reference:\n%s\n--- %s candidate:\n%s' % (name, a, name, b))
        sys.stdout.flush()
    print('diff_recursive: %d of %d cases differ (%d skipped: the reference crashed)' % (bad, n, skipped))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
