#!/usr/bin/env python3
"""Differential fuzzing with makefiles made of random pieces of syntax.

    tests/fuzz/diff_random.py FIRST_SEED COUNT

Each case is a makefile of 1 to 60 tokens drawn at random from the
language's pieces (references, function names, assignment operators,
directives, separators, tabs, continuations, globs, `~`, special targets,
stray bytes), run with `-n`, plain, `-k` or `-s` in a directory holding two
small files. The reference GNU make 4.4.1 and $CANDIDATE (default
target/release/rmake) each run in a fresh copy of the directory; a case
differs when the status, the standard output, the standard error (with
the program name and the directory mapped) or the files left behind differ. A case where the
reference itself crashes or hangs is skipped. A seed always gives the same
case. Prints each differing case with its seed.
"""
import os, random, shutil, subprocess, sys
from diffcommon import candidate, reference, scratch

work = scratch('random')
TOKENS = [b'$(', b')', b'${', b'}', b'$$', b':', b'::', b'=', b':=', b'+=', b'?=', b'!=',
          b'\t', b'\n', b'\\\n', b'#', b'%', b'define ', b'endef', b'ifeq ', b'ifdef ',
          b'else', b'endif', b'include ', b'export ', b'override ', b'a', b'b', b'x', b' ',
          b',', b'(', b'@', b'-', b'+', b'\xff', b'$(eval ', b'$(call ', b'$(foreach ',
          b'$(wordlist ', b'$(word ', b'$(shell echo ', b'$(if ', b'$(subst ', b'.PHONY',
          b'&:', b'|', b'vpath ', b'.SECONDEXPANSION:\n', b'$$@', b'$(info ', b'$(error ',
          b'undefine ', b'private ', b'.RECIPEPREFIX=', b';', b'*', b'?', b'[', b'~',
          b'a.mk', b'lib.a(', b'.DEFAULT_GOAL', b'$(wildcard ', b'$(patsubst ', b'$@',
          b'$<', b'$*', b'.ONESHELL:', b'-include ', b'sinclude ', b'.DEFAULT:', b'%:',
          b'.SUFFIXES:', b'.c.o:', b'$(value ', b'$(origin ', b'$(flavor ', b'$(let ',
          b'$(intcmp ', b'$(file >f,', b'$(firstword ', b'$(sort ', b'$(strip ', b'$(join ',
          b'$(filter ', b'$(notdir ', b'$(addsuffix ', b'$(abspath ', b'.NOTPARALLEL:',
          b'.WAIT', b'.EXTRA_PREREQS', b'.SECONDARY:', b'.INTERMEDIATE:', b'unexport ',
          b'endif\n', b'else ifeq (a,a)\n', b'1', b'-1', b'.c', b'.o', b'b.c']
ARGS = [['-n'], [], ['-k'], ['-s']]


def run(make, mk, args, tag):
    d = '%s/%s' % (work, tag)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    open(d + '/Makefile', 'wb').write(mk)
    for nm, text in FILES.items():
        open(d + '/' + nm, 'w').write(text)
    try:
        p = subprocess.run([make] + args, cwd=d, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=10)
    except subprocess.TimeoutExpired:
        return ('timeout',)
    name = os.path.basename(make).encode()
    def plain(b):
        # (Each make runs in its own directory: $(abspath) and $(realpath)
        # name it.)
        b = b.replace(d.encode(), b'DIR')
        return b.replace(name + b':', b'make:').replace(name + b'[', b'make[')
    files = sorted((f, open(os.path.join(d, f), 'rb').read()) for f in os.listdir(d)
                   if os.path.isfile(os.path.join(d, f)))
    return (p.returncode, plain(p.stdout), plain(p.stderr), files)


def gen(seed):
    """The makefile and arguments of one seed."""
    r = random.Random(seed)
    mk = b''.join(r.choice(TOKENS) for _ in range(r.randint(1, 60)))
    return mk, r.choice(ARGS)


# The files each case's directory holds besides its makefile.
FILES = {'a.mk': 'A = 1\n', 'b.c': 'int b;\n'}


def main():
    seed0 = int(sys.argv[1]); n = int(sys.argv[2])
    bad = 0
    for s in range(seed0, seed0 + n):
        mk, args = gen(s)
        want = run(reference, mk, args, 'ref')
        if want[0] in ('timeout', -11, 139):
            continue
        got = run(candidate, mk, args, 'cand')
        if got != want:
            bad += 1
            print('=== seed', s, 'args', args, repr(mk))
            print('  reference', want[:3])
            print('  candidate', got[:3])
            sys.stdout.flush()
    print('bad', bad)


if __name__ == '__main__':
    main()
