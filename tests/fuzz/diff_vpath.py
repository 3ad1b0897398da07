#!/usr/bin/env python3
"""Differential fuzzing of vpath, VPATH and GPATH against the reference make.

    tests/fuzz/diff_vpath.py FIRST_SEED COUNT

diff_rules.py's makefiles and options, always under a vpath setting, with
file names that name the same file through a directory and without one
(x.c, src/x.c, ./x.c) as targets and prerequisites: what vpath finds is
merged with, renamed onto or forwarded to other entries as GNU's
rehash_file does. A seed always gives the same case.
"""
import random, sys
import diff_rules

diff_rules.names = ['a', 'b', 'x.o', 'y.o', 'x.c', 'y.c', 'src/x.c', 'src/y.c',
                    'x.h', 'src/x.h', 'lib', './x.c']
rules_gen = diff_rules.gen

def gen(seed):
    mk, setup, args = rules_gen(seed)
    r = random.Random(seed * 7 + 1)
    lines = mk.split('\n')
    lines[0] = r.choice(['vpath %.c src', 'VPATH = src', 'vpath % src',
                         'GPATH = src\nVPATH = src', 'vpath %.h src\nvpath %.c src'])
    # (Names under src/ are made in src/src/ when one exists.)
    return '\n'.join(lines), setup.replace('mkdir -p src', 'mkdir -p src/src'), args

diff_rules.gen = gen
if __name__ == '__main__':
    diff_rules.main()
