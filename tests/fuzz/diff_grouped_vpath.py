#!/usr/bin/env python3
"""Differential fuzzing of grouped targets whose names vpath merges.

    tests/fuzz/diff_grouped_vpath.py FIRST_SEED COUNT

Small makefiles under VPATH = src (or vpath %.c src) with one grouped rule
over names that are one file through a directory and without (src/x.c,
x.c, ./x.c, src/y.c, y.c, a), a rule or two for those names, some files
under src/, and goals and options (-r -n -k -j2 -q -t) drawn from them: a
peer searched for is found as another entry, merged into it while its
group is checked, walked or made. Run through shared/tools/make-diff with
$CANDIDATE against the reference. A seed always gives the same case; -j2
cases can differ in the order of a job's output and make's messages
(rerun before believing one).
"""
import os, random, shutil, subprocess, sys

from diffcommon import candidate, make_diff, scratch

NAMES = ['src/x.c', 'x.c', './x.c', 'src/y.c', 'y.c', 'a']


def gen(s):
    r = random.Random(s)
    grp = r.sample(NAMES, r.randint(2, 4))
    mk = ['VPATH = src' if r.random() < .7 else 'vpath %.c src',
          ' '.join(grp) + ' &:' + (' ' + r.choice(NAMES) if r.random() < .3 else ''),
          '\t@echo group $@ "^$^"']
    for t in r.sample(NAMES, r.randint(1, 2)):
        mk.append('%s: %s' % (t, ' '.join(r.sample(NAMES, r.randint(0, 2)))))
        if r.random() < .7:
            mk.append('\t@echo own $@ "^$^"' + (' ; false' if r.random() < .2 else ''))
    goals = r.sample(NAMES, r.randint(1, 3))
    opts = r.sample(['-r', '-n', '-k', '-j2', '-q', '-t'], r.randint(0, 2))
    files = r.sample(['src/y.c', 'src/x.c', 'y.c'], r.randint(0, 2))
    return '\n'.join(mk) + '\n', files, opts + goals


def main():
    seed0, n = int(sys.argv[1]), int(sys.argv[2])
    d = scratch('grouped-vpath.%d' % os.getpid())
    bad = 0
    for s in range(seed0, seed0 + n):
        mk, files, args = gen(s)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d + '/src/src')
        for f in files:
            with open(os.path.join(d, f), 'w') as fh:
                fh.write(f + '\n')
        with open(d + '/Makefile', 'w') as fh:
            fh.write(mk)
        p = subprocess.run([make_diff, '-C', d, '--'] + args, env=dict(os.environ, CANDIDATE=candidate),
                           capture_output=True, text=True)
        if p.returncode != 0 and not any(l in ('-139', '-134') for l in p.stdout.splitlines()):
            bad += 1
            print('=== seed', s, 'args', args, 'files', files)
            print(mk)
            print(p.stdout[:2000])
            sys.stdout.flush()
    shutil.rmtree(d, ignore_errors=True)
    print('bad', bad)


if __name__ == '__main__':
    main()
