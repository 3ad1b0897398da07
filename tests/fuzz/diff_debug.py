#!/usr/bin/env python3
"""Differential fuzzing of make's introspection output on the cases of the
other fuzzers.

    tests/fuzz/diff_debug.py FIRST_SEED COUNT [-v] [--gen G,...] [--mode M,...]
    tests/fuzz/diff_debug.py --save SEED GEN DIR     (writes one case to DIR)
    tests/fuzz/diff_debug.py --min SEED GEN MODE DIR (minimises it into DIR)
    tests/fuzz/diff_debug.py --dir DIR ARGS...       (compares one directory)

Each seed makes one case with the generator of diff_rules.py (pattern
rules, chains, intermediate files, vpath, static patterns, double-colon and
grouped rules, .SECONDEXPANSION, special targets), diff_includes.py
(included and remade makefiles, restarts), diff_lang.py (variables and
functions), diff_features.py (target and pattern variables, second
expansion, .EXTRA_PREREQS, define, export...; not among the defaults) or
diff_random.py (random syntax), the generator taken in turn
from those given with --gen (default rules,includes,lang,rules,random: the
rule sets count twice). The case runs with its own arguments plus -j1 and
each of the introspection modes (MODES below, or those given with --mode as
their names): -d, --debug=a, --debug=i, --debug=v,m, --debug=j,
--debug=why, --debug=print, --trace, -pq, -n --trace, -q and -t.

The reference GNU make 4.4.1 and $CANDIDATE (default target/release/rmake)
run one after the other on fresh copies of the case at the same path, as
`make` through a symlink first on PATH, with only PATH, HOME, TMPDIR,
LC_ALL=C and the case's variables in the environment (as diff_cli.py).
Outputs are normalised by diff_cli.norm: -d's lines about children (their
addresses and pids, and where they come among the children's output), -p's
hash-table figures, string-cache lines and times, and rmake's own version
texts. Standard output, standard error, exit status and the files left
behind must be equal. A case where the reference crashes or hangs is
skipped; one that differs only in numbers (a pid from $$ in a shell, say)
is counted as noise and shown with -v, and so is one where a second run
of the reference differs from its first (counted as race).

--min deletes lines of the makefiles, files, arguments and environment
variables of a differing case while it still differs in the same streams,
then writes what is left as a testdata-style directory (Makefile and the
other files, `args`, `setup` for the files' ages) and prints the
difference. --dir compares the files of DIR (its `setup` run first, its
`args` file ignored) run with ARGS only, normalised the same way.
A seed always gives the same case.
"""
import difflib, os, re, shutil, subprocess, sys

from diffcommon import candidate, read_tree, reference, scratch
import diff_cli
import diff_features
import diff_includes
import diff_lang
import diff_random
import diff_rules

T0 = 1577836800  # 2020-01-01
MODES = {
    '': [],
    'd': ['-d'], 'a': ['--debug=a'], 'i': ['--debug=i'], 'vm': ['--debug=v,m'], 'j': ['--debug=j'],
    'why': ['--debug=why'], 'print': ['--debug=print'], 'trace': ['--trace'], 'pq': ['-pq'],
    'ntrace': ['-n', '--trace'], 'q': ['-q'], 't': ['-t'],
}
LIMIT = 4 << 20
GENS = ['rules', 'includes', 'lang', 'rules', 'random']


def case_of(gen, seed):
    """One seed's case of generator `gen`: a dict of files (name -> text or
    bytes), ages (name -> seconds after T0), setup (a shell script), dirs,
    args and env."""
    c = {'files': {}, 'ages': {}, 'setup': '', 'dirs': [], 'args': [], 'env': {}}
    if gen == 'rules':
        mk, setup, args = diff_rules.gen(seed)
        c.update(files={'Makefile': mk}, setup=setup, args=args)
    elif gen == 'includes':
        files, ages, args, env = diff_includes.gen(seed)
        c.update(files=files, ages=ages, args=args, env=env, dirs=['inc', 'inc2'])
    elif gen == 'lang':
        mk, args, env = diff_lang.gen(seed)
        files = {'Makefile': mk}
        for f in ['a.c', 'b.c', 'sub/x.c', 'sub/deep/y.h', 'p.c']:
            files[f] = f + '\n'
        c.update(files=files, args=args, env=env)
    elif gen == 'features':
        mk, texts, ages, args, env, _ = diff_features.gen(seed)
        files = dict(texts, Makefile=mk)
        c.update(files=files, ages=ages, args=[a for a in args if a != '-j2'], env=env,
                 dirs=['src/sub', 'sub'])
    elif gen == 'random':
        mk, args = diff_random.gen(seed)
        files = dict(diff_random.FILES)
        files['Makefile'] = mk
        c.update(files=files, args=list(args))
    else:
        sys.exit('diff_debug: no generator %r' % gen)
    return c


def run(make, work, c, mode):
    d = os.path.join(work, 'tree')
    b = os.path.join(work, 'bin')
    shutil.rmtree(work, ignore_errors=True)
    for x in (d, b, os.path.join(work, 'home'), os.path.join(work, 'tmp')):
        os.makedirs(x)
    os.symlink(make, os.path.join(b, 'make'))
    for x in c['dirs']:
        os.makedirs(os.path.join(d, x), exist_ok=True)
    for nm, text in c['files'].items():
        p = os.path.join(d, nm)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'wb') as f:
            f.write(text if isinstance(text, bytes) else text.encode())
    for nm, age in c['ages'].items():
        p = os.path.join(d, nm)
        if os.path.exists(p):
            os.utime(p, (T0 + age, T0 + age))
    e = {'PATH': b + ':/usr/local/bin:/usr/bin:/bin', 'HOME': os.path.join(work, 'home'),
         'TMPDIR': os.path.join(work, 'tmp'), 'LC_ALL': 'C'}
    if c['setup']:
        subprocess.run(['sh', '-c', c['setup']], cwd=d, env=e)
    e.update(c['env'])
    # (The outputs go to files, of which only the first LIMIT bytes are
    # read: some cases print without end.)
    with open(os.path.join(work, 'out'), 'w+b') as fo, open(os.path.join(work, 'err'), 'w+b') as fe:
        try:
            st = subprocess.run(['make', '-j1'] + MODES[mode] + c['args'], cwd=d, env=e, stdin=subprocess.DEVNULL,
                                stdout=fo, stderr=fe, timeout=10, executable=os.path.join(b, 'make')).returncode
        except subprocess.TimeoutExpired:
            st = 'timeout'
        fo.seek(0)
        fe.seek(0)
        out, err = fo.read(LIMIT + 1).decode('latin1'), fe.read(LIMIT + 1).decode('latin1')
    if len(out) > LIMIT or len(err) > LIMIT:
        st = 'too much output'
    files = read_tree(d)
    shutil.rmtree(work, ignore_errors=True)
    return diff_cli.norm(out, work, make), diff_cli.norm(err, work, make), st, files


def compare(work, c, mode):
    """(verdict, reference result, candidate result); verdict is 'same',
    'skip' (the reference crashed or hung), 'noise' (only numbers differ),
    'race' (the reference differs from itself) or 'diff'."""
    ref = run(reference, work, c, mode)
    if ref[2] in ('timeout', 'too much output', -11, 139, -6) or 'Segmentation fault' in ref[1] or 'Error 139' in ref[1]:
        return 'skip', ref, None
    cand = run(candidate, work, c, mode)
    if ref == cand:
        return 'same', ref, cand
    digits = lambda res: tuple(re.sub(r'\d+', 'N', x) if isinstance(x, str) else x for x in res[:2]) + res[2:]
    if digits(ref) == digits(cand) and ref[2] == cand[2]:
        return 'noise', ref, cand
    # A reference that does not agree with itself on a second run (makefiles
    # remade within one restart's time, where their times decide whether
    # make restarts once more) is racing: not a difference.
    if run(reference, work, c, mode) != ref:
        return 'race', ref, cand
    return 'diff', ref, cand


def show_diff(ref, cand, limit=80):
    out = []
    for name, a, b in zip(('stdout', 'stderr', 'status', 'files'), ref, cand):
        if a == b:
            continue
        if name in ('stdout', 'stderr'):
            al, bl = a.splitlines(True), b.splitlines(True)
            if len(al) + len(bl) > 40000:
                # (difflib is slow on long texts: from the first difference)
                i = next((i for i, (x, y) in enumerate(zip(al, bl)) if x != y), min(len(al), len(bl)))
                al, bl = al[max(0, i - 2):i + 200], bl[max(0, i - 2):i + 200]
            d = list(difflib.unified_diff(al, bl, 'reference ' + name, 'candidate ' + name, n=2))
            out.append(''.join(d[:limit]) + ('... (%d more diff lines)\n' % (len(d) - limit) if len(d) > limit else ''))
        elif name == 'files':
            for k in sorted(set(a) | set(b)):
                if a.get(k) != b.get(k):
                    out.append('--- file %s: reference %r candidate %r\n' % (k, a.get(k), b.get(k)))
        else:
            out.append('--- status: reference %s candidate %s\n' % (a, b))
    return ''.join(out)


def describe(c):
    out = ['args: ' + ' '.join(repr(a) if (' ' in a or not a) else a for a in c['args'])]
    if c['env']:
        out.append('env: ' + ' '.join('%s=%r' % kv for kv in sorted(c['env'].items())))
    if c['ages']:
        out.append('ages (seconds after 2020-01-01): ' + ' '.join('%s:%d' % kv for kv in sorted(c['ages'].items())))
    if c['setup']:
        out.append('setup: ' + c['setup'])
    for nm in sorted(c['files']):
        t = c['files'][nm]
        out.append('--- %s\n%s' % (nm, (t.decode('latin1') if isinstance(t, bytes) else t).rstrip('\n')))
    return '\n'.join(out)


def differs(ref, cand):
    """Which of the streams differ."""
    return tuple(i for i in range(4) if ref[i] != cand[i])


def minimise(work, c, mode):
    """Deletes pieces of case c while it differs as it did."""
    v, ref, cand = compare(work, c, mode)
    if v != 'diff':
        return c
    want = differs(ref, cand)

    def still(t):
        v, ref, cand = compare(work, t, mode)
        return v == 'diff' and differs(ref, cand) == want

    def lines(text):
        return text.split(b'\n' if isinstance(text, bytes) else '\n')

    def join(text, ls):
        return (b'\n' if isinstance(text, bytes) else '\n').join(ls)

    changed = True
    while changed:
        changed = False
        for key in ('files', 'ages', 'env'):
            for nm in list(c[key]):
                if key == 'files' and nm in ('Makefile', 'main.mk'):
                    continue
                t = dict(c, **{key: {k: x for k, x in c[key].items() if k != nm}})
                if still(t):
                    c, changed = t, True
        for i in reversed(range(len(c['args']))):
            t = dict(c, args=c['args'][:i] + c['args'][i + 1:])
            if still(t):
                c, changed = t, True
        if c['setup']:
            parts = c['setup'].split(';')
            for i in reversed(range(len(parts))):
                t = dict(c, setup=';'.join(parts[:i] + parts[i + 1:]))
                if still(t):
                    c, parts, changed = t, parts[:i] + parts[i + 1:], True
        for nm in list(c['files']):
            text = c['files'][nm]
            ls = lines(text)
            # chunks of decreasing size
            size = max(1, len(ls) // 2)
            while size >= 1:
                i = len(ls) - size
                while i >= 0:
                    t_ls = ls[:i] + ls[i + size:]
                    t = dict(c, files=dict(c['files'], **{nm: join(text, t_ls)}))
                    if still(t):
                        c, ls, changed = t, t_ls, True
                    i -= size
                size //= 2
    return c


def save(c, dest):
    """Writes case c as a testdata-style directory."""
    os.makedirs(dest, exist_ok=True)
    for nm, text in c['files'].items():
        p = os.path.join(dest, nm)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'wb') as f:
            f.write(text if isinstance(text, bytes) else text.encode())
    with open(os.path.join(dest, 'args'), 'w') as f:
        f.write(''.join(a + '\n' for a in c['args']))
    setup = [x.strip() for x in c['setup'].split(';') if x.strip()]
    for x in c['dirs']:
        setup.append('mkdir -p %s' % x)
    for nm, age in sorted(c['ages'].items()):
        setup.append('touch -d @%d %s' % (T0 + age, nm))
    if setup:
        with open(os.path.join(dest, 'setup'), 'w') as f:
            f.write('\n'.join(setup) + '\n')
    if c['env']:
        print('%s: the case needs the environment %s' % (dest, ' '.join('%s=%r' % kv for kv in sorted(c['env'].items()))))


def main():
    for m in (reference, candidate):
        if not os.access(m, os.X_OK):
            sys.exit('diff_debug: no make at %s (set CANDIDATE or REFERENCE_MAKE)' % m)
    argv = sys.argv[1:]
    work = scratch('debug.%d' % os.getpid())
    if argv[0] == '--save':
        return save(case_of(argv[2], int(argv[1])), argv[3])
    if argv[0] == '--dir':
        files = {k: v for k, v in read_tree(argv[1]).items() if k not in ('args', 'setup', 'desc')}
        setup = open(os.path.join(argv[1], 'setup')).read() if os.path.exists(os.path.join(argv[1], 'setup')) else ''
        c = {'files': files, 'ages': {}, 'setup': setup, 'dirs': [], 'args': argv[2:], 'env': {}}
        v, ref, cand = compare(work, c, '')
        print(v)
        if v != 'same':
            print(show_diff(ref, cand, 400), end='')
        return
    if argv[0] == '--min':
        seed, gen, mode, dest = int(argv[1]), argv[2], argv[3], argv[4]
        c = minimise(work, case_of(gen, seed), mode)
        c = dict(c, args=MODES[mode] + c['args'])
        save(c, dest)
        print(describe(c))
        v, ref, cand = compare(work, dict(c, args=c['args'][len(MODES[mode]):]), mode)
        print(v)
        if v != 'same':
            print(show_diff(ref, cand))
        return
    gens, modes, verbose = GENS, [m for m in MODES if m], False
    pos = []
    i = 0
    while i < len(argv):
        if argv[i] == '-v':
            verbose = True
        elif argv[i] == '--gen':
            i += 1
            gens = argv[i].split(',')
        elif argv[i] == '--mode':
            i += 1
            modes = argv[i].split(',')
        else:
            pos.append(argv[i])
        i += 1
    seed0, n = int(pos[0]), int(pos[1])
    counts = {'same': 0, 'skip': 0, 'noise': 0, 'race': 0, 'diff': 0}
    skips = {}
    bad_seeds = []
    for seed in range(seed0, seed0 + n):
        gen = gens[seed % len(gens)]
        c = case_of(gen, seed)
        bad_modes = []
        for mode in modes:
            v, ref, cand = compare(work, c, mode)
            counts[v] += 1
            if v == 'skip':
                why = 'reference status %s' % (ref[2],)
                skips[why] = skips.get(why, 0) + 1
            if v == 'diff' or (verbose and v in ('noise', 'race')):
                if not bad_modes:
                    print('=== seed %d (%s)' % (seed, gen))
                    print(describe(c))
                print('--- mode %s (%s): %s' % (mode, ' '.join(MODES[mode]), v))
                print(show_diff(ref, cand), end='')
                bad_modes.append(mode)
                sys.stdout.flush()
        if bad_modes:
            bad_seeds.append('%d:%s:%s' % (seed, gen, ','.join(bad_modes)))
    print('diff_debug: %s' % ' '.join('%s %d' % kv for kv in counts.items()))
    if skips:
        print('skipped: ' + ', '.join('%s: %d' % kv for kv in sorted(skips.items())))
    if bad_seeds:
        print('differing (seed:generator:modes): ' + ' '.join(bad_seeds))
    sys.exit(1 if counts['diff'] else 0)


if __name__ == '__main__':
    main()
