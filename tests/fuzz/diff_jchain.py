#!/usr/bin/env python3
"""Differential fuzzing of chains of pattern rules under -j2 with the
special targets that decide what a chain's middle files are.

    tests/fuzz/diff_jchain.py FIRST_SEED COUNT [-v]
    tests/fuzz/diff_jchain.py --show SEED          (print one case)
    tests/fuzz/diff_jchain.py --save SEED DIR      (one case as a directory)

Each case is a makefile of a chain of pattern rules (`%.s2: %.s1',
`%.s3: %.s2 [%.h]', `%.out: %.s3', sometimes a grouped pattern rule
`%.s2 %.s2x: %.s1', a second route `%.s3: %.alt' or a terminal
`%.s2:: %.s1') making p.out, q.out and r.out from sources of chosen ages,
middle files partly present and older or newer, with a random selection
of .INTERMEDIATE, .SECONDARY, .NOTINTERMEDIATE and .PRECIOUS (with names,
patterns or nothing), .EXTRA_PREREQS (global and target-specific, with
.WAIT or | among them), .WAIT and order-only prerequisites among the goals'
and explicit rules' prerequisites, .NOTPARALLEL (with and without
prerequisites), .DELETE_ON_ERROR, .PHONY, and a recipe step that fails
for one stem. Recipes print $@ and the automatic variables and copy $<,
some after a short sleep so that jobs overlap. Run with -j2 mostly (else
serially; -j2 always with -k: without it, which jobs start before a
failure stops make is a race, for GNU too), and some of -k -n -q -t -s
-r -B, -W or -o of a source, goals.

diff_features.py's runner compares: standard output and error (lines
sorted for a parallel case, three runs before it counts, see
diffcommon.agree), status, and the files left (contents, and for the
files the case started with whether their time changed): which middle
files are kept, deleted (GNU's `rm' line lists them in its hash table's
order) or remade. A seed always gives the same case.
"""
import os, random, sys
import diff_features
from diffcommon import agree, candidate, reference, seed_main

STEMS = ['p', 'q', 'r']
MIDS = ['%s.s2' % s for s in STEMS] + ['%s.s3' % s for s in STEMS]


def recipe(r, extra=''):
    """A recipe line printing the automatic variables and copying $<."""
    sleep = r.choice(['', '', 'sleep 0.1; ', 'sleep 0.2; '])
    return '\t@%secho "$@ <$<> ^$^ ?$? |$| *$*"%s; cat $< > $@' % (sleep, extra)


def gen(seed):
    r = random.Random(seed)
    L = []
    ages, texts, names = {}, {}, ['all']
    L.append('%.s2: %.s1')
    L.append(recipe(r))
    if r.random() < 0.2:
        L.append('%.s2 %.s2x: %.s1')
        L.append(recipe(r, '; echo x > $*.s2x'))
    if r.random() < 0.2:
        L.append('%.s2:: %.s1')
        L.append(recipe(r))
    h = r.random() < 0.3
    fail = r.choice(STEMS) if r.random() < 0.25 else None
    L.append('%.s3: %.s2' + (' %.h' if h else '') + (' | o.dir' if r.random() < 0.2 else ''))
    L.append(recipe(r, '; test $* != %s' % fail if fail else ''))
    if r.random() < 0.3:
        L.append('%.s3: %.alt')
        L.append(recipe(r))
        ages[r.choice(STEMS) + '.alt'] = r.choice([-50, 50])
    L.append('%.out: %.s3')
    L.append(recipe(r))
    if 'o.dir' in '\n'.join(L):
        L.append('o.dir: ; @echo make $@; mkdir -p $@')
    # The goal's prerequisites, with .WAIT and order-only ones.
    outs = r.sample(['p.out', 'q.out', 'r.out'], r.randint(1, 3))
    pre = []
    for o in outs:
        if pre and r.random() < 0.3:
            pre.append('.WAIT')
        pre.append(o)
    if r.random() < 0.3:
        pre += ['|', r.choice(['e1', 'p.s3', 'o.dir'])]
    L.insert(0, 'all: ' + ' '.join(pre))
    names += outs
    # Explicit rules naming middle files.
    for _ in range(r.randint(0, 2)):
        t = r.choice(MIDS + ['p.out'])
        deps = r.sample(['e1', 'e2', '.WAIT', 'q.s2', 'r.s3'], r.randint(0, 2))
        if deps and deps[0] == '.WAIT':
            deps = deps[1:]
        L.append('%s: %s' % (t, ' '.join(deps)))
        names.append(t)
    # Special targets.
    specials = [
        '.INTERMEDIATE: ' + ' '.join(r.sample(MIDS, r.randint(1, 2))),
        '.SECONDARY: ' + ' '.join(r.sample(MIDS, r.randint(0, 2))),
        '.NOTINTERMEDIATE: ' + r.choice(['', '%.s2', '%.s3', 'q.s2', 'p.s3 %.s2']),
        '.PRECIOUS: ' + r.choice(['%.s3', 'p.s2', '%.s2 q.s3', '']),
        '.EXTRA_PREREQS = ' + r.choice(['e1', 'e1 e2', 'e1 .WAIT e2', 'p.s1', 'e1 | e2']),
        r.choice(outs) + ': .EXTRA_PREREQS := ' + r.choice(['e2', 'e1 .WAIT e2', 'q.s2', '| e1']),
        '%.out: .EXTRA_PREREQS = e1',
        '.NOTPARALLEL:' + r.choice(['', ' all', ' ' + r.choice(outs)]),
        '.DELETE_ON_ERROR:',
        '.PHONY: ' + r.choice(['all', 'e1', 'p.s3']),
    ]
    for s in r.sample(specials, r.randint(1, 4)):
        L.append(s)
    if 'e1' in '\n'.join(L) or 'e2' in '\n'.join(L):
        L.append('e%%: ; @%secho make $@%s' % (r.choice(['', 'sleep 0.1; ']),
                                              r.choice(['; touch $@', ''])))
        names += ['e1', 'e2']
    # Files: sources, headers, middle files and outputs.
    for s in STEMS:
        if r.random() < 0.85:
            ages[s + '.s1'] = r.choice([-100, 0, 100])
        if h and r.random() < 0.8:
            ages[s + '.h'] = r.choice([-100, 200])
        for suf in ['.s2', '.s3', '.out']:
            if r.random() < 0.25:
                ages[s + suf] = r.choice([-50, 50, 150, 300])
    if r.random() < 0.2:
        ages['e1'] = r.choice([-200, 400])
    args = []
    parallel = r.random() < 0.8
    if parallel:
        args.append('-j2')
    for o in ['-k', '-k', '-n', '-q', '-t', '-s', '-r', '-B']:
        if r.random() < 0.1:
            args.append(o)
    # (Under -j2 without -k, which jobs start before a failure stops make
    # is a race, for the reference too.)
    if parallel and '-k' not in args:
        args.append('-k')
    if r.random() < 0.1:
        args += ['-W', r.choice(['p.s1', 'q.s2', 'r.s3'])]
    if r.random() < 0.1:
        args += ['-o', r.choice(['p.s1', 'q.s2', 'e1'])]
    if r.random() < 0.25:
        args += r.sample(names + MIDS, r.randint(1, 2))
    mk = '\n'.join(L) + '\n'
    return mk, texts, ages, args, {}, parallel


def compare(seed, work):
    case = gen(seed)
    d = os.path.join(work, 'tree')

    def run_pair():
        return [diff_features.run(m, d, case) for m in (reference, candidate)]
    same, ref, cand = agree(run_pair, case[5])
    return case, same, ref, cand


def save(seed, dest):
    """One case as a directory (Makefile, setup, args), as
    diff_features.py saves its own."""
    mk, texts, ages, args, _, _ = gen(seed)
    T0 = diff_features.T0
    os.makedirs(dest, exist_ok=True)
    with open(os.path.join(dest, 'Makefile'), 'w') as f:
        f.write(mk)
    setup = ['mkdir -p src/sub sub', 'touch -d @%d Makefile' % T0]
    for n, a in sorted(ages.items()):
        setup.append('echo %s > %s; touch -d @%d %s' % (n, n, T0 + a, n))
    with open(os.path.join(dest, 'setup'), 'w') as f:
        f.write('\n'.join(setup) + '\n')
    with open(os.path.join(dest, 'args'), 'w') as f:
        f.write('\n'.join(args) + '\n')


def main():
    seed_main('jchain', gen, compare, diff_features.show, save,
              lambda st: st in (-11, -6, 'timeout'))


if __name__ == '__main__':
    sys.exit(main())
