#!/usr/bin/env python3
"""Differential fuzzing of file-name globbing against the reference make.

    tests/fuzz/diff_glob.py FIRST_SEED COUNT [-v]

Each case is a small tree (files, directories, dot files, names holding
glob characters or blanks, symbolic links, dangling ones, a directory
without read or search permission) and a makefile that expands glob
patterns made from an alphabet of pieces (`*`, `?`, bracket expressions
with ranges, `!` and `^` negation, classes such as [[:digit:]], escaped
characters, `**`, `.`/`..` components, `~`, trailing slashes, repeated
slashes) three ways: $(wildcard ...) (several patterns, sorted
results), as prerequisites of a rule (globbed when the rule is read: $^),
and as `-include` names. Compares stdout, stderr and the exit status.
A seed always gives the same case. CANDIDATE (absolute path) is the make
under test, default target/release/rmake.
"""
import os, random, shutil, signal, subprocess, sys
from diffcommon import candidate, reference, scratch, agree, show_diff

NAMES = ['a.c', 'b.c', 'ab.h', 'x1', 'x2', 'x10', '.hid', '.hid.c', 'A.C', 'a b', 'q[1]', 'st*r',
         'que?', 'back\\sl', 'dash-1', 'uni\u00e9', 'new\nline', 'tilde~']
DIRS = ['d', 'd/e', 'd2', '.dotdir', 'sp ace']
PIECES = ['*', '?', '*.c', '[ab]*', '[!a]*', '[^a]*', '[a-c]*', '[[:digit:]]', '[[:alpha:]]*',
          'x[0-9]', 'x[0-9]*', '\\*', '\\?', 'q\\[1\\]', 'q[[]1]', '.*', '*/', '*/*', 'd/*',
          'd/*/', 'd/e/*', '**', '**/*', './*', '../*', './/*.c', 'd//e', '~', '~/*', '~root',
          'd/.', 'd/..', 'd/../*.c', 'nosuch*', 'nosuch/*', '*.[ch]', '[]]*', '[a-]*', '[z-a]*',
          'x[!0-9]*', 'link*', 'dang*', 'noperm/*', 'noperm', 'sp*', 'a\\ b', 'st\\*r', 'st*r',
          'que\\?', '*\\', 'back*', '[', ']', '*[', '{a,b}.c', 'uni*', 'A.?', 'tilde*']


def gen(seed):
    r = random.Random(seed)
    files = r.sample(NAMES, r.randint(5, len(NAMES)))
    dirs = r.sample(DIRS, r.randint(1, len(DIRS)))
    sub = [d + '/' + n for d in dirs for n in r.sample(NAMES[:8], r.randint(0, 3))]
    links = []
    if r.random() < 0.5:
        links.append(('link1', r.choice(files)))
    if r.random() < 0.4:
        links.append(('dangling', 'nowhere'))
    if r.random() < 0.3:
        links.append(('linkdir', dirs[0]))
    noperm = r.random() < 0.2

    def pat():
        p = r.choice(PIECES)
        if r.random() < 0.25:
            p = r.choice(['d/', 'd2/', '.dotdir/', './', '']) + p
        return p
    lines = []
    for i in range(r.randint(1, 3)):
        ps = ' '.join(pat() for _ in range(r.randint(1, 3)))
        lines.append('$(info w%d=[$(wildcard %s)])' % (i, ps))
    if r.random() < 0.6:
        ps = ' '.join(pat() for _ in range(r.randint(1, 2)))
        lines.append('t: %s\n\t@printf "%%s|" $^; echo' % ps)
        goal = ['t']
    else:
        lines.append('t: ; @:')
        goal = []
    if r.random() < 0.3:
        lines.append('-include %s' % pat())
    if r.random() < 0.3:
        lines.append('$(info s=[$(sort $(wildcard %s %s))])' % (pat(), pat()))
    mk = '\n'.join(lines) + '\n'
    args = goal + (['-k'] if r.random() < 0.3 else [])
    return mk, files, dirs, sub, links, noperm, args


def run(make, d, case):
    mk, files, dirs, sub, links, noperm, args = case
    if os.path.isdir(d):
        subprocess.run(['chmod', '-R', 'u+rwx', d])
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for x in dirs:
        os.makedirs(os.path.join(d, x), exist_ok=True)
    for n in files + sub:
        with open(os.path.join(d, n), 'w') as f:
            f.write('x\n')
    for n, t in links:
        os.symlink(t, os.path.join(d, n))
    if noperm:
        os.makedirs(os.path.join(d, 'noperm'))
        with open(os.path.join(d, 'noperm', 'f.c'), 'w') as f:
            f.write('x\n')
        os.chmod(os.path.join(d, 'noperm'), 0)
    with open(os.path.join(d, 'Makefile'), 'w') as f:
        f.write(mk)
    env = {'PATH': '/usr/bin:/bin', 'HOME': d, 'LC_ALL': 'C'}
    p = subprocess.Popen(['make'] + args, executable=make, cwd=d, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = p.communicate(timeout=20)
        status = p.returncode
    except subprocess.TimeoutExpired:
        # (Status 'timeout'; what it wrote is dropped.)
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        out, err, status = b'', b'', 'timeout'
    subprocess.run(['chmod', '-R', 'u+rwx', d])

    def norm(b):
        return b.decode('latin1').replace(d, 'DIR')
    return norm(out), norm(err), status, {}


def main():
    first, count = int(sys.argv[1]), int(sys.argv[2])
    verbose = '-v' in sys.argv[3:]
    work = scratch('glob.%d' % os.getpid())
    d = os.path.join(work, 'tree')
    bad = 0
    for s in range(first, first + count):
        case = gen(s)

        def run_pair():
            return [run(m, d, case) for m in (reference, candidate)]
        same, ref, cand = agree(run_pair, False)
        if ref[2] == 'timeout' or ref[2] < 0:
            # The reference crashed (a glob that includes the makefile
            # itself) or timed out.
            continue
        if not same:
            bad += 1
            print('=== seed %d DIFFERS  args: %s' % (s, ' '.join(case[6])))
            if verbose:
                print('files', case[1], 'dirs', case[2], 'sub', case[3], 'links', case[4], 'noperm', case[5])
                print(case[0], end='')
                show_diff(ref, cand, 40)
        sys.stdout.flush()
    if os.path.isdir(work):
        subprocess.run(['chmod', '-R', 'u+rwx', work])
    shutil.rmtree(work, ignore_errors=True)
    print('diff_glob: %d of %d cases differ' % (bad, count))


if __name__ == '__main__':
    main()
