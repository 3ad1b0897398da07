#!/usr/bin/env python3
"""Differential fuzzing of interrupted builds against the reference make.

    tests/fuzz/diff_signals.py FIRST_SEED COUNT [-v]

Each case is a small makefile in which one recipe (the victim's, run by
the top make or by a sub-make) signals make while it runs: `kill -SIG
$$PPID` reaches only the make that started the shell (as `kill` from
another terminal would), `kill -SIG 0` the whole process group (as ^C
does; make runs in a session of its own). The signals are the ones GNU
make handles as fatal (INT, TERM, HUP, QUIT, XCPU, XFSZ) and a few it
leaves alone (ALRM, USR2). Around the signal the victim's recipe writes
its target or not, before or after; the victim may exist beforehand,
be .PRECIOUS, .SECONDARY, .INTERMEDIATE (made by a chain of pattern
rules), .PHONY, double-colon, grouped, an archive member or an included
makefile being remade, or the signal comes from a `$(shell)` at parse
time or in a recipe, with
.DELETE_ON_ERROR or not, and make runs with -j1 or -j2, -k, -i, -O,
-s or -n. Compares stdout, stderr, exit status (a negative status is
the signal make died of) and the files left behind, with their
contents and whether their times changed: which targets make deletes
when interrupted, and what it says. A seed always gives the same case.
CANDIDATE (absolute path) is the make under test, default
target/release/rmake.
"""
import os, random, re, shutil, subprocess, sys
from diffcommon import candidate, reference, scratch, agree, show_diff, run_make

T0 = 1577836800
FATAL = ['INT', 'TERM', 'HUP', 'QUIT', 'XCPU', 'XFSZ']
OTHER = ['ALRM', 'USR2']


def victim_recipe(r, sig, group):
    who = '0' if group else '$$PPID'
    before = r.choice(['', 'echo partial > $@; ', 'touch $@; ', 'touch other.tmp; ',
                       'echo partial > $@; sleep 0.2; '])
    after = r.choice(['', '; sleep 0.3', '; sleep 0.3; echo late > $@', '; echo after-$@'])
    if sig == 'TERM' and not group and 'sleep' not in after:
        # make kills its children on SIGTERM: a shell that is about to
        # end may or may not be killed first, for either make.
        after = '; sleep 0.3' + after
    lines = []
    if r.random() < 0.3:
        lines.append(r.choice(['@', '', '-']) + 'echo start $@')
    lines.append(r.choice(['', '@', '-', '+']) + before + 'kill -%s %s%s' % (sig, who, after))
    if r.random() < 0.4:
        lines.append(r.choice(['', '@']) + 'echo never $@ > $@')
    return lines


def gen(seed):
    r = random.Random(seed)
    sig = r.choice(FATAL * 4 + OTHER)
    group = r.random() < 0.4
    in_sub = r.random() < 0.25
    kind = r.choice(['plain', 'plain', 'precious', 'secondary', 'intermediate', 'phony',
                     'double', 'grouped', 'member', 'pattern', 'include', 'shell'])
    texts = {}
    ages = {}
    L = []
    specials = []
    if r.random() < 0.35:
        specials.append('.DELETE_ON_ERROR:')
    recipe = victim_recipe(r, sig, group)
    others = ['o1', 'o2']
    for o in others:
        if r.random() < 0.5:
            ages[o] = r.choice([-100, 100])
    victim = 'v'
    rules = []
    if kind == 'intermediate' or kind == 'pattern':
        victim = 'v.mid'
        rules.append('%.out: %.mid\n\techo $< > $@')
        rules.append('%.mid: %.src\n' + ''.join('\t%s\n' % l for l in recipe).rstrip('\n'))
        ages['v.src'] = 0
        top_dep = 'v.out'
        if kind == 'intermediate' and r.random() < 0.5:
            specials.append('.INTERMEDIATE: v.mid')
        elif kind == 'pattern' and r.random() < 0.5:
            specials.append(r.choice(['.PRECIOUS: %.mid', '.SECONDARY: v.mid', '.NOTINTERMEDIATE: v.mid']))
    elif kind == 'include':
        # Remaking an included makefile.
        victim = 'v.mk'
        rules.append('%sinclude v.mk' % r.choice(['', '-']))
        rules.append('v.mk: %s\n' % r.choice(['', 'o1']) + ''.join('\t%s\n' % l for l in recipe).rstrip('\n'))
        top_dep = 'o2'
        if r.random() < 0.4:
            ages['v.mk'] = -100
    elif kind == 'shell':
        # $(shell) at parse time or in a recipe.
        victim = 'v'
        cmd = recipe[-1].lstrip('@-+').replace('$@', 'v')
        if r.random() < 0.5:
            rules.append('X := $(shell %s)' % cmd)
            rules.append('v:\n\techo made v > $@')
        else:
            rules.append('v:\n\t@echo "[$(shell %s)]"\n\techo made v > $@' % cmd)
        top_dep = 'v'
    elif kind == 'member':
        victim = 'lib.a(m.o)'
        ages['m.o'] = 0
        rules.append('lib.a(m.o): m.o\n' + ''.join('\t%s\n' % l for l in recipe).rstrip('\n'))
        top_dep = victim
    else:
        sep = '::' if kind == 'double' else ':'
        head = 'v w &:' if kind == 'grouped' else 'v' + sep
        dep = r.choice(['', 'o1', 'o1 o2'])
        rules.append('%s %s\n' % (head, dep) + ''.join('\t%s\n' % l for l in recipe).rstrip('\n'))
        if kind == 'precious':
            specials.append(r.choice(['.PRECIOUS: v', '.PRECIOUS: %']))
        elif kind == 'secondary':
            specials.append(r.choice(['.SECONDARY: v', '.SECONDARY:']))
        elif kind == 'phony':
            specials.append('.PHONY: v')
        top_dep = 'v'
        if r.random() < 0.4:
            ages['v'] = r.choice([-100, 50])
    for o in others:
        rules.append('%s:\n\t%secho made %s > $@' % (o, r.choice(['', '@']), o))
    pre = r.sample(others, r.randint(0, 2))
    post = [x for x in others if x not in pre and r.random() < 0.5]
    if in_sub:
        sub = '\n'.join(specials + rules) + '\n'
        texts['sub.mk'] = sub
        L.append('all: %s sub %s' % (' '.join(pre), ' '.join(post)))
        L.append('sub:\n\t%s$(MAKE) -f sub.mk %s' % (r.choice(['', '+', '-']), top_dep))
        L.append('.PHONY: sub')
        for o in others:
            L.append('%s:\n\techo top %s > $@' % (o, o))
        if r.random() < 0.5:
            L.append('.DELETE_ON_ERROR:')
    else:
        L.append('all: %s %s %s' % (' '.join(pre), top_dep, ' '.join(post)))
        L += specials + rules
    mk = '\n'.join(L) + '\n'
    args = []
    for opt, p in (('-k', 0.3), ('-i', 0.15), ('-s', 0.2), ('-n', 0.08), ('-O', 0.15), ('-w', 0.1)):
        if r.random() < p:
            args.append(opt)
    parallel = r.random() < 0.3
    if parallel:
        args.append('-j2')
    # Two makes that both get a signal write their messages in either
    # order: compared as a parallel case (sorted lines, retried).
    return mk, texts, ages, args, parallel or (in_sub and group)


def run(make, d, case):
    mk, texts, ages, args, _ = case
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for n, t in dict(texts, Makefile=mk).items():
        with open(os.path.join(d, n), 'w') as f:
            f.write(t)
        os.utime(os.path.join(d, n), (T0, T0))
    for n, a in ages.items():
        p = os.path.join(d, n)
        with open(p, 'w') as f:
            f.write(n + '\n')
        os.utime(p, (T0 + a, T0 + a))
    if 'm.o' in ages:
        subprocess.run(['ar', 'rcU', 'lib.a', 'm.o'], cwd=d, stderr=subprocess.DEVNULL)
        os.utime(os.path.join(d, 'lib.a'), (T0 - 50, T0 - 50))
        os.utime(os.path.join(d, 'm.o'), (T0 + 10, T0 + 10))
    before = {}
    for n in os.listdir(d):
        before[n] = os.stat(os.path.join(d, n)).st_mtime_ns
    # $(MAKE) is `make' (argv[0] has no slash), found on PATH: the make
    # under test, not the system's (a sub-make of the system's make would
    # be compared with itself).
    b = d + '.bin'
    shutil.rmtree(b, ignore_errors=True)
    os.makedirs(b)
    os.symlink(make, os.path.join(b, 'make'))
    e = {'PATH': b + ':/usr/bin:/bin', 'HOME': d, 'LC_ALL': 'C'}
    # (What the killed make left running, a sleep, may still write.)
    out, err, st = run_make(make, args, d, e, kill_group=True)
    got = {}
    for n in sorted(os.listdir(d)):
        p = os.path.join(d, n)
        with open(p, 'rb') as f:
            got[n] = f.read()
        if n in before:
            got[n] = (got[n], 'touched' if os.stat(p).st_mtime_ns != before[n] else 'same time')

    def norm(s):
        return re.sub(r'\d{3,}', 'PID', s.replace(d, 'DIR'))
    return norm(out), norm(err), st, got


def main():
    first, count = int(sys.argv[1]), int(sys.argv[2])
    verbose = '-v' in sys.argv
    work = scratch('signals')
    os.makedirs(work, exist_ok=True)
    d = os.path.join(work, 'tree')
    bad = raced = 0
    for seed in range(first, first + count):
        case = gen(seed)

        def run_pair():
            return [run(m, d, case) for m in (reference, candidate)]
        same, ref, cand = agree(run_pair, case[4])
        if not same and 'wait: No child processes' in ref[1]:
            # GNU's own race: the fatal signal's handler reaps a child the
            # interrupted wait had already reaped, and GNU dies of ECHILD
            # (on a loaded machine only; it does not come back on reruns).
            raced += 1
            continue
        if same and not verbose:
            continue
        bad += not same
        print('=== seed %d: %s  args: %s' % (seed, 'same' if same else 'DIFFERENT', ' '.join(case[3])))
        # A difference is shown with its case even without -v: one that
        # timing on a loaded machine made does not come back on a rerun.
        print('ages', case[2], 'texts', case[1])
        print(case[0], end='')
        if not same:
            show_diff(ref, cand, 40)
    print('diff_signals: %d of %d cases differ (%d where the reference raced)' % (bad, count, raced))


if __name__ == '__main__':
    main()
