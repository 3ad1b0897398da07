#!/usr/bin/env python3
"""Differential fuzzing on the make invocations of GNU make's own test suite.

    tests/fuzz/diff_suite.py --record             (make the corpus, ~5 min)
    tests/fuzz/diff_suite.py FIRST_SEED COUNT [-v]
    tests/fuzz/diff_suite.py --show SEED          (print one case)
    tests/fuzz/diff_suite.py --save SEED DIR      (one case as a directory)

--record runs GNU make 4.4.1's regression suite (../shared/tools/gnu-testsuite)
on a wrapper around the reference make that, before each top-level call,
keeps what the call sees: its arguments, its environment, its standard
input (when a file or pipe), the files the test made in the suite's
directory (with their times) and the test's makefile under work/. Nothing
of the suite is kept in this repository; the corpus goes to $SUITE_CORPUS
(default $TMPDIR/rmake-suite-corpus).

Each seed takes one recorded call and replays it, as recorded or varied:
with one or two more options (-n -k -q -i -s -r -R -B -t -e -w --trace
--warn-undefined-variables -L -j2 -p --debug=b,v,i -Otarget
--no-print-directory --eval=X=1 -S), sometimes with switches in
MAKEFLAGS or GNUMAKEFLAGS too, or with its makefile
mutated as tests/fuzz/diff_mutate.py mutates testdata's. The reference and
$CANDIDATE (default target/release/rmake), both named `make` and first on
PATH, run in their own copies of the files, the recorded times shifted to
keep their distance from now, the suite's directory and the wrapper's path
replaced by the copy's. Standard output, standard error (program name and
paths normalised, -p's hash-table figures and banner dropped), exit status
and the files left behind are compared. A call run with -j is compared
with its output lines sorted, three times before it counts as differing.
Calls whose output differs from run to run (pids, random shuffles) are not
picked. Seeds where the reference hangs or crashes are skipped. A seed always gives
the same case for the same corpus.
"""
import atexit
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time

from diffcommon import WAITING, candidate, listing, reference, root, run_make, scratch
import diff_mutate

CORPUS = os.environ.get('SUITE_CORPUS', scratch('suite-corpus'))
SUITE = os.path.expanduser('~/.cache/gnu-make-testsuite/make-dfsg-4.4.1/tests')
TOOL = os.path.join(os.path.dirname(root), 'shared/tools/gnu-testsuite')
TIMEOUT = 10
# The harness's own probes of the binary, not tests.
PROBES = {'make.mk', 'shell.mk', 'null.mk', 'features.mk', 'defvars.mk'}
ENVFLAGS = ['k', 's', 'n', 'i', 'ks', 'B', 'r', 'R', 'e', 'w', '-k', '--no-print-directory',
            'q', 't', '-- X=env', 'k -- X=env', '--trace', '--debug=b', 'L', 'S', '-Onone']
# Calls whose output differs from run to run: pids, random orders; and
# makefiles with a rule for a file at an absolute path (`/bar:'), which a
# run may make outside its copy (under -t), changing what the other sees.
NOISY = re.compile(rb'PPID|\$\$\$\$|--shuffle(?!=[0-9])|--shuffle=random|(?m:^/[^\s:=]*\s*:)')
EXTRA = ['-n', '-k', '-q', '-i', '-s', '-r', '-R', '-B', '-t', '-e', '-w',
         '--trace', '--warn-undefined-variables', '-L', '-j2', '-p', '--debug=b,v,i',
         '-Otarget', '--no-print-directory', '--eval=X=1', '-S']


def record():
    """Runs the GNU suite on a recording wrapper of the reference."""
    shutil.rmtree(CORPUS, ignore_errors=True)
    os.makedirs(CORPUS)
    wrapper = os.path.join(CORPUS, 'bin', 'make')
    os.makedirs(os.path.dirname(wrapper))
    with open(wrapper, 'w') as f:
        f.write('#!/bin/sh\nSUITE_CORPUS=%s exec python3 %s --wrap "$0" "$@"\n'
                % (os.path.abspath(CORPUS), os.path.abspath(__file__)))
    os.chmod(wrapper, 0o755)
    subprocess.run([TOOL, wrapper], stdin=subprocess.DEVNULL)
    print(len(calls()), 'calls recorded in', CORPUS)


def makefiles(args):
    """The work/ makefiles named by -f in args."""
    out = []
    for i, a in enumerate(args):
        if a == '-f' and i + 1 < len(args):
            out.append(args[i + 1])
        elif a.startswith('-f') and not a.startswith('-f-'):
            out.append(a[2:])
    return [m for m in out if m.startswith('work/')]


def wrap(wrapper, args):
    """The recording wrapper: keeps a top-level call, then runs the reference."""
    os.environ.pop('SUITE_CORPUS', None)
    cwd = os.getcwd()
    stdin = None
    if not os.environ.get('MAKELEVEL') and not PROBES & set(args) and args != ['-v']:
        try:
            pristine = set(os.listdir(SUITE))
            n = len(os.listdir(CORPUS))
            while True:
                d = os.path.join(CORPUS, '%05d' % n)
                try:
                    os.mkdir(d)
                    break
                except FileExistsError:
                    n += 1
            tree = os.path.join(d, 'tree')
            os.mkdir(tree)
            for e in os.listdir(cwd):
                if e in pristine or e == 'work':
                    continue
                s = os.path.join(cwd, e)
                if os.path.isdir(s) and not os.path.islink(s):
                    shutil.copytree(s, os.path.join(tree, e), symlinks=True)
                else:
                    shutil.copy2(s, os.path.join(tree, e), follow_symlinks=False)
            for mf in makefiles(args):
                os.makedirs(os.path.join(tree, os.path.dirname(mf)), exist_ok=True)
                shutil.copy2(os.path.join(cwd, mf), os.path.join(tree, mf))
            import stat
            mode = os.fstat(0).st_mode
            if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
                data = sys.stdin.buffer.read()
                with open(os.path.join(d, 'stdin'), 'wb') as f:
                    f.write(data)
                fd = os.open(os.path.join(d, 'stdin'), os.O_RDONLY)
                os.dup2(fd, 0)
                os.close(fd)
                stdin = True
            with open(os.path.join(d, 'call.json'), 'w') as f:
                json.dump({'args': args, 'env': dict(os.environ), 'cwd': cwd,
                           'wrapper': wrapper, 'time': time.time(), 'stdin': bool(stdin)}, f)
        except OSError as e:
            sys.stderr.write('diff_suite wrapper: %s\n' % e)
    os.execv(reference, [wrapper] + args)


def calls():
    return sorted(d for d in os.listdir(CORPUS) if d.isdigit()
                  and os.path.isfile(os.path.join(CORPUS, d, 'call.json')))


def gen(seed):
    """(call dir, args, makefile path or None, mutated text or None)."""
    r = random.Random(seed)
    names = calls()
    while True:
        name = names[r.randrange(len(names))]
        call = json.load(open(os.path.join(CORPUS, name, 'call.json')))
        args = list(call['args'])
        mfs = makefiles(args)
        texts = [' '.join(args).encode()] + [
            open(os.path.join(CORPUS, name, 'tree', m), 'rb').read() for m in mfs]
        if not any(NOISY.search(t) for t in texts):
            break
    mf, text = None, None
    k = r.random()
    if k < 0.35 and mfs:
        mf = mfs[0]
        src = open(os.path.join(CORPUS, name, 'tree', mf), 'rb').read()
        text = diff_mutate.mutate(r, src)
        if diff_mutate.UNSAFE.search(text) and not diff_mutate.UNSAFE.search(src):
            text = src
    if k > 0.3:
        extra = r.sample(EXTRA, r.randint(1, 2))
        # How often a parallel make looks at a target while it waits
        # depends on timing: no debug output with jobs.
        debug = [a for a in args + extra if a.startswith('--debug') or re.match(r'-[a-zA-Z]*d', a)]
        jobs = [a for a in args + extra if a.startswith('-j') or a.startswith('--jobs')] or \
            '-j' in call['env'].get('MAKEFLAGS', '')
        if debug and jobs:
            extra = [a for a in extra if a not in ('-j2', '--debug=b,v,i')]
        # A makefile read from stdin is copied to a file of a random name,
        # which decides its place in -p's list of files.
        if call['stdin']:
            extra = [a for a in extra if a != '-p']
        args = args + extra
    if r.random() < 0.15:
        # Switches from the environment, before or instead of the call's.
        call = dict(call, env=dict(call['env']))
        old = call['env'].get('MAKEFLAGS', '')
        var = r.choice(['MAKEFLAGS', 'MAKEFLAGS', 'GNUMAKEFLAGS'])
        flags = r.choice(ENVFLAGS)
        if flags == '--debug=b' and ('-j' in old or any(a.startswith('-j') for a in args)):
            flags = 'k'
        call['env'][var] = (flags + ' ' + old).strip()
    return name, call, args, mf, text


def shift_times(tree, delta):
    """Moves the times of everything under tree (and its own) by delta ns."""
    for top, dns, fns in os.walk(tree, topdown=False):
        for p in [os.path.join(top, n) for n in fns + dns] + ([tree] if top == tree else []):
            st = os.lstat(p)
            os.utime(p, ns=(st.st_atime_ns + delta, st.st_mtime_ns + delta), follow_symlinks=False)


def prepare(case, side, delta):
    """The call's files under side/tree, with paths and times adjusted."""
    name, call, args, mf, text = case
    tree = os.path.join(side, 'tree')
    bindir = os.path.join(side, 'bin')
    shutil.copytree(os.path.join(CORPUS, name, 'tree'), tree, symlinks=True)
    # The suite's helper script, which tests run as #HELPER#.
    if not os.path.lexists(os.path.join(tree, 'thelp.pl')):
        shutil.copy2(os.path.join(SUITE, 'thelp.pl'), os.path.join(tree, 'thelp.pl'))
    os.makedirs(bindir, exist_ok=True)
    subst = lambda b: b.replace(call['wrapper'].encode(), bindir.encode() + b'/make').replace(
        call['cwd'].encode(), tree.encode())
    for top, _, fns in os.walk(tree):
        for n in fns:
            p = os.path.join(top, n)
            if os.path.islink(p):
                continue
            st = os.lstat(p)
            b = open(p, 'rb').read()
            if p == os.path.join(tree, mf or '\0'):
                b = text
            nb = subst(b)
            if nb != b or p == os.path.join(tree, mf or '\0'):
                open(p, 'wb').write(nb)
                os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    shift_times(tree, delta)
    env = {k: subst(v.encode('latin1', 'replace')).decode('latin1') for k, v in call['env'].items()}
    env['PATH'] = bindir + ':' + env.get('PATH', '/usr/bin:/bin')
    args = [subst(a.encode('latin1', 'replace')).decode('latin1') for a in args]
    return tree, bindir, env, args


def ar_norm(b):
    """An archive with its members' dates blanked (members a recipe made
    have the time of the run); an object file made by the compiler, which
    holds the path of its directory, as one."""
    if b.startswith(b'\x7fELF'):
        return b'ELF'
    if not b.startswith(b'!<arch>\n'):
        return b
    out, i = bytearray(b[:8]), 8
    while i + 60 <= len(b):
        h = b[i:i + 60]
        try:
            size = int(h[48:58])
        except ValueError:
            return b
        out += h[:16] + b' ' * 12 + h[28:] + b[i + 60:i + 60 + size + (size & 1)]
        i += 60 + size + (size & 1)
    return bytes(out + b[i:])


def private_copy(binary):
    """A copy of `binary` this process runs instead: some recorded calls
    change the mode of the make they run (temp_stdin's `chmod u-x` of its
    copy of make, which the replay's path substitution turns into the
    `make` on PATH), and a link would pass that on to the binary itself,
    the reference included. The copy gets its mode back before each run."""
    mine = os.path.join(scratch('suite-bin'), str(os.getpid()))
    d = os.path.join(mine, re.sub(r'[^A-Za-z0-9]', '_', binary))
    copy = os.path.join(d, 'make')
    if not os.path.exists(copy):
        if not os.path.isdir(mine):
            atexit.register(shutil.rmtree, mine, True)
        os.makedirs(d, exist_ok=True)
        shutil.copy(binary, copy)
    os.chmod(copy, 0o755)
    return copy


def run(case, side, binary, delta):
    tree, bindir, env, args = prepare(case, side, delta)
    link = os.path.join(bindir, 'make')
    os.symlink(private_copy(binary), link)
    stdin = os.path.join(CORPUS, case[0], 'stdin') if case[1]['stdin'] else None
    out, err, status = run_make(link, args, tree, env, TIMEOUT, kill_group=True, stdin=stdin)
    out, err = out.encode('latin1'), err.encode('latin1')

    def norm(b):
        b = b.replace(tree.encode(), b'DIR').replace(side.encode(), b'SIDE')
        b = re.sub(rb'(^|[ (/])make(\[[0-9]+\])?:', rb'\1make\2:', b, flags=re.M)
        b = re.sub(rb'(?m)^Report bugs to .*$', b'Report bugs to ...', b)
        # --help lists rmake's own options after GNU's (by design).
        b = re.sub(rb"(?ms)^rmake's own options.*?\n\n", b'', b)
        # The version banner (-v, -d), which differs by design; children's
        # addresses and pids (-d, --debug=j).
        b = re.sub(rb'(?ms)^GNU Make 4\.4\.1.*?^There is NO WARRANTY[^\n]*\n', b'BANNER\n', b)
        # -p's banner of a sub-make whose output a $(shell) made one line.
        b = re.sub(rb'# GNU Make 4\.4\.1[^\n]*?# There is NO WARRANTY, to the extent permitted by law\.',
                   b'BANNER', b)
        # The dates of -p's first and last lines, also where a $(shell)
        # made a sub-make's data base one line.
        b = re.sub(rb'(# Make data base, printed on|# Finished Make data base on) '
                   rb'[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4}', rb'\1 DATE', b)
        b = re.sub(rb'child 0x[0-9a-f]+', b'child 0xN', b)
        b = re.sub(rb'PID [0-9]+', b'PID N', b)
        # Names of temporary files and of the jobserver's fifo.
        b = re.sub(rb'Gm[A-Za-z0-9]{6}', b'GmXXXXXX', b)
        b = re.sub(rb'GMfifo[0-9]+', b'GMfifoN', b)
        # How far in the future a file is: the candidate runs a moment
        # after the reference, so whole seconds (100 and over) may be one less.
        b = re.sub(rb"(has modification time )[0-9]{3,}( s in the future)", rb'\1N\2', b)
        return diff_mutate.dbnorm(b)
    files = listing(tree, lambda b: norm(ar_norm(b)))
    return norm(out).decode('latin1'), norm(err).decode('latin1'), status, files


def compare(seed, work):
    case = gen(seed)
    parallel = any(a.startswith('-j') or a.startswith('--jobs') for a in case[2]) or \
        '-j' in case[1]['env'].get('MAKEFLAGS', '') or \
        any(re.search(rb'MAKEFLAGS.*-j', open(os.path.join(CORPUS, case[0], 'tree', m), 'rb').read())
            for m in makefiles(case[1]['args']))
    res = {}
    # Both copies' times move by the same whole seconds (archives keep them).
    delta = int(time.time() - case[1]['time']) * 1000000000
    for _ in range(3 if parallel else 1):
        for side, binary in (('reference', reference), ('candidate', candidate)):
            shutil.rmtree(os.path.join(work, side), ignore_errors=True)
            os.makedirs(os.path.join(work, side))
            res[side] = run(case, os.path.join(work, side), binary, delta)
        ref, cand = res['reference'], res['candidate']
        if parallel:
            ref, cand = (tuple(''.join(sorted(l for l in x.splitlines(True) if not WAITING.search(l)))
                               if i < 2 else x for i, x in enumerate(t)) for t in (ref, cand))
        if ref == cand:
            break
    return case, ref == cand, ref, cand


def show(case):
    name, call, args, mf, text = case
    print('--- call %s in %s, args %r' % (name, CORPUS, args))
    env = {k: v for k, v in call['env'].items() if k not in ('PATH', 'TMPDIR', 'TMP', 'TEMP', 'LC_ALL', 'LANG', 'LANGUAGE', 'HOME', 'USER', 'LOGNAME')}
    if env:
        print('--- env', env)
    for mfn in makefiles(call['args']):
        t = text if mfn == mf else open(os.path.join(CORPUS, name, 'tree', mfn), 'rb').read()
        print('--- %s%s:' % (mfn, ' (mutated)' if mfn == mf else ''))
        print(t.decode('latin1'))


def save(seed, dest):
    case = gen(seed)
    tree, bindir, env, args = prepare(case, os.path.abspath(dest),
                                      int(time.time() - case[1]['time']) * 1000000000)
    with open(os.path.join(dest, 'args'), 'w') as f:
        f.write(''.join(a + '\n' for a in args))
    print('%s/tree: seed %d, call %s, args %r' % (dest, seed, case[0], args))


def crashed(status):
    return status == 'timeout' or (isinstance(status, int) and status < 0)


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--wrap':
        wrap(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) > 1 and sys.argv[1] == '--record':
        record()
    else:
        if not os.path.isdir(CORPUS) or not calls():
            sys.exit('no corpus in %s: run %s --record first' % (CORPUS, sys.argv[0]))
        from diffcommon import seed_main
        seed_main('suite', gen, compare, show, save, crashed)
