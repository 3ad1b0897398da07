#!/usr/bin/env python3
"""Differential fuzzing of broken makefiles against the reference make.

    tests/fuzz/diff_mutate.py FIRST_SEED COUNT
    tests/fuzz/diff_mutate.py --save DIR SEED   (write one seed as a case dir)

For each seed, takes the Makefile of one testdata case (testdata/cases/*,
with its args, setup, stdin and other inputs) and applies a few mutations:
lines deleted, duplicated or swapped; tokens inserted ($( ) ${ } : :: = :=
+= ?= != &: | ; % $$ # , backslash-newline, NUL, CR); tabs turned into
spaces and back; keyword lines (ifeq/ifdef/else/endif/define/endef/override/
export/unexport/undefine/include/vpath) inserted; functions called with the
wrong number of arguments; references left unterminated; operators swapped.
Then runs the reference GNU make 4.4.1 and $CANDIDATE (default
target/release/rmake), both named `make` and first on PATH, on copies of
the case directory under a scratch dir (with the case's args, sometimes plus
-n, -k, -q, -i, -s, -r, -B, -t or --warn-undefined-variables), with the
same timeout, and compares standard output, standard error (scratch paths
and the program name normalised, and what differs by design: the address
for bug reports, -p's hash-table statistics), exit status and the files left
behind. A difference is printed with the seed, case, arguments and mutated
makefile, marked when only the order of lines differs (often two processes
writing to one stream) or only numbers (pids, times; or a line number!).
Seeds where the reference times out or crashes are skipped, and so are
differences in a makefile that runs make --version or -v, or where the
candidate printed its banner (--debug=v) (counted as version: a mutation
may show the banner's later lines, which differ by design); a candidate
that times out where the reference did not, or dies of a signal, is shown as
HANG or CRASH. A seed always gives the same case (for the same testdata
corpus: adding cases changes which case a seed picks).
"""
import os, random, re, shutil, signal, subprocess, sys, time
from diffcommon import candidate, listing, reference, root, scratch

CASES = os.path.join(root, 'testdata', 'cases')
RESERVED = {'args', 'setup', 'stdin', 'files', 'desc', 'stdout', 'stderr',
            'status', 'filestate'}
TIMEOUT = float(os.environ.get('MUTATE_TIMEOUT', '5'))

TOKENS = [b'$(', b')', b'${', b'}', b'$', b'$$', b':', b'::', b'=', b':=',
          b'::=', b':::=', b'+=', b'?=', b'!=', b'&:', b'|', b';', b'%', b',',
          b'#', b'\\', b'\\\n', b'\n', b'\t', b' ', b'\0', b'\r', b'\r\n',
          b'$@', b'$<', b'$^', b'$*', b'$$@', b'.WAIT', b'(', b'"', b"'"]
KEYWORDS = [b'ifeq (a,b)', b'ifeq (a,a)', b'ifneq ($(X),)', b'ifdef X',
            b'ifndef X', b'ifeq', b'ifeq "a" "a"', b'ifeq (a', b'else',
            b'else ifeq (a,a)', b'else junk', b'endif', b'endif junk',
            b'define V', b'define V =', b'define V :=', b'endef', b'endef x',
            b'override X = o', b'override define V', b'override', b'export',
            b'export X', b'export X = e', b'unexport X', b'undefine X',
            b'undefine', b'override undefine X', b'include nosuch.mk',
            b'-include nosuch.mk', b'sinclude nosuch.mk', b'include',
            b'vpath', b'vpath %', b'vpath % sub', b'vpath %.c', b'private X = p',
            b'.RECIPEPREFIX = >', b'.RECIPEPREFIX :=', b'.POSIX:', b'.ONESHELL:',
            b'.SECONDEXPANSION:', b'.DELETE_ON_ERROR:', b'.SUFFIXES:',
            b'.PHONY: all', b'.DEFAULT:', b'.NOTPARALLEL:', b'.EXPORT_ALL_VARIABLES:',
            b'load nosuch.so', b'-load nosuch.so', b'X', b'x y z', b':', b'%:',
            b'$(X)', b'a:=b', b'\tstray recipe', b'\t', b' \t']
# Functions called with too few or too many arguments, unknown or unterminated.
FUNCS = [b'$(subst a)', b'$(subst a,b)', b'$(patsubst %)', b'$(strip)',
         b'$(findstring a)', b'$(filter)', b'$(word x,y)', b'$(word 0,a)',
         b'$(word 1)', b'$(wordlist 1)', b'$(wordlist 0,1,a)', b'$(words)',
         b'$(firstword)', b'$(if)', b'$(if a)', b'$(or)', b'$(and)',
         b'$(foreach a)', b'$(foreach a,b)', b'$(call)', b'$(call ,)',
         b'$(eval)', b'$(eval x)', b'$(eval x:=)', b'$(value)', b'$(origin)',
         b'$(flavor)', b'$(error)', b'$(error e)', b'$(warning w)',
         b'$(info i)', b'$(shell)', b'$(file)', b'$(file >)', b'$(file <nosuch)',
         b'$(file x)', b'$(intcmp 1)', b'$(intcmp a,b)', b'$(let a)',
         b'$(let a,b)', b'$(join a)', b'$(addsuffix x)', b'$(sort)',
         b'$(nosuchfunc x)', b'$(subst a,b,c,d)', b'$(dir)', b'$(abspath)',
         b'$(realpath)', b'$(wildcard)', b'$(guile x)', b'$(X', b'${X',
         b'$(subst a,b', b'$(info $(X)', b'$(if a,b', b'$(foreach v,a b,$(v)',
         b'$(X:a=b)', b'$(X:=)', b'$(X:%=)', b'$(:)', b'$()', b'${}', b'$( )',
         b'$(X)', b'$(.VARIABLES)']
OPS = [b'::', b':', b'=', b':=', b'+=', b'?=', b'!=', b'&:', b'::=', b'|']
VARIANTS = ['-n', '-k', '-q', '-i', '-s', '-r', '-B', '-t',
            '--warn-undefined-variables']


def corpus():
    """The cases to mutate: those with a Makefile whose runs are repeatable
    (no jobs in parallel, no signals, no sleeps) and harmless to vary (no
    removal commands)."""
    out = []
    for name in sorted(os.listdir(CASES)):
        d = os.path.join(CASES, name)
        mf = os.path.join(d, 'Makefile')
        if not os.path.isfile(mf):
            continue
        args = read_args(d)
        text = open(mf, 'rb').read()
        if any(a.startswith('-j') or a.startswith('--jobs') or a.startswith('-l')
               or a.startswith('--output-sync') or a.startswith('-O') for a in args):
            continue
        if re.search(rb'\b(kill|sleep|rm|RM|mv|chmod|dd|jobserver)\b', text):
            continue
        out.append(name)
    return out


def read_args(d):
    p = os.path.join(d, 'args')
    if not os.path.isfile(p):
        return []
    lines = open(p).read().split('\n')
    return lines[:-1] if lines[-1] == '' else lines


# A recipe or $(shell) running make --version or make -v.
VERSION = re.compile(rb'(\$\(MAKE\)|\$\{MAKE\}|\bmake)[^\n]*\s(--version|-v)\b')
UNSAFE = re.compile(rb'\b(rm|rmdir|mv|chmod|chown|dd|kill|shred|truncate|mkfs|RM)\b|\.\./|~')


def mutate(r, src):
    lines = src.split(b'\n')
    for _ in range(r.randint(1, 4)):
        k = r.randrange(14)
        i = r.randrange(len(lines)) if lines else 0
        if not lines:
            lines = [b'']
        if k == 0:  # delete a line
            del lines[i]
        elif k == 1:  # duplicate a line
            lines.insert(r.randrange(len(lines) + 1), lines[i])
        elif k == 2:  # swap two lines
            j = r.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif k == 3 or k == 4:  # insert a token somewhere in a line
            l = lines[i]
            at = r.randrange(len(l) + 1)
            lines[i] = l[:at] + r.choice(TOKENS) + l[at:]
        elif k == 5:  # insert a token at a word boundary
            l = lines[i]
            spots = [m.start() for m in re.finditer(rb'\s|$', l)]
            at = r.choice(spots)
            lines[i] = l[:at] + b' ' + r.choice(TOKENS) + l[at:]
        elif k == 6:  # a keyword line
            lines.insert(i, r.choice(KEYWORDS))
        elif k == 7:  # tab <-> spaces at the start of a line
            l = lines[i]
            if l.startswith(b'\t'):
                lines[i] = r.choice([b' ', b'    ', b'        ', b' \t']) + l[1:]
            elif l[:1] == b' ':
                lines[i] = b'\t' + l.lstrip(b' ')
            else:
                lines[i] = b'\t' + l
        elif k == 8:  # a function with the wrong arity, or unterminated
            l = lines[i]
            at = r.randrange(len(l) + 1)
            lines[i] = l[:at] + r.choice(FUNCS) + l[at:]
        elif k == 9:  # unterminate a reference: drop a closing paren/brace
            l = lines[i]
            spots = [m.start() for m in re.finditer(rb'[)}]', l)]
            if spots:
                at = r.choice(spots)
                lines[i] = l[:at] + l[at + 1:]
        elif k == 10:  # swap an operator for another
            l = lines[i]
            spots = [m for m in re.finditer(rb'::=|:::=|:=|\+=|\?=|!=|&:|::|:|=|\|', l)]
            if spots:
                m = r.choice(spots)
                lines[i] = l[:m.start()] + r.choice(OPS) + l[m.end():]
        elif k == 11:  # delete a few bytes
            l = lines[i]
            if l:
                at = r.randrange(len(l))
                lines[i] = l[:at] + l[at + r.randint(1, 4):]
        elif k == 12:  # continue a line, or end it in a lone backslash/CR/NUL
            lines[i] = lines[i] + r.choice([b'\\', b' \\', b'\\\\', b'\r', b'\0', b'$', b'#\\'])
        else:  # a function with the wrong arity, alone on a line
            lines.insert(i, r.choice([b'', b'X := ', b'$(info ', b'all: ', b'\t@echo '])
                         + r.choice(FUNCS))
    return b'\n'.join(lines)


def gen(seed, names):
    """(case name, mutated makefile, args) of one seed; None if unsafe."""
    r = random.Random(seed)
    name = r.choice(names)
    d = os.path.join(CASES, name)
    src = open(os.path.join(d, 'Makefile'), 'rb').read()
    mk = mutate(r, src)
    args = read_args(d)
    if r.random() < 0.4:
        args = args + r.sample(VARIANTS, r.randint(1, 2))
    if UNSAFE.search(mk) and not UNSAFE.search(src):
        return None
    return name, mk, args


def prepare(name, mk, dest):
    """The case's inputs in dest, as testdata/record lays them out."""
    src = os.path.join(CASES, name)
    os.makedirs(dest)
    for f in os.listdir(src):
        if f in RESERVED:
            continue
        p = os.path.join(src, f)
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.copytree(p, os.path.join(dest, f), symlinks=True)
        else:
            shutil.copy2(p, os.path.join(dest, f), follow_symlinks=False)
    open(os.path.join(dest, 'Makefile'), 'wb').write(mk)
    subprocess.run(['find', dest, '-depth', '-exec', 'touch', '-h', '-d',
                    '@%d' % (int(time.time()) - 3600), '{}', '+'])
    setup = os.path.join(src, 'setup')
    if os.path.isfile(setup):
        subprocess.run(['/bin/sh', setup], cwd=dest, env=env_for(None),
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


def env_for(bindir):
    path = '/usr/local/bin:/usr/bin:/bin'
    if bindir:
        path = bindir + ':' + path
    return {'PATH': path, 'LC_ALL': 'C'}


def run(side, binary, name, tree, args):
    """Runs one make in its copy; (status or 'timeout', stdout, stderr, files)."""
    bindir = os.path.join(side, 'bin')
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, 'make')
    if not os.path.islink(link):
        os.symlink(binary, link)
    stdin = os.path.join(CASES, name, 'stdin')
    fin = open(stdin, 'rb') if os.path.isfile(stdin) else subprocess.DEVNULL
    p = subprocess.Popen(['make'] + args, cwd=tree, env=env_for(bindir),
                         stdin=fin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=TIMEOUT)
        status = p.returncode
    except subprocess.TimeoutExpired:
        status = 'timeout'
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if status == 'timeout':
        try:
            out, err = p.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            out, err = b'', b''
    if fin is not subprocess.DEVNULL:
        fin.close()

    def norm(b):
        b = b.replace(tree.encode(), b'DIR').replace(side.encode(), b'SIDE')
        b = re.sub(rb'(^|[ (])make(\[[0-9]+\])?:', rb'\1make\2:', b, flags=re.M)
        # The usage text ends with whom to report bugs to: differs by design.
        b = re.sub(rb'(?m)^Report bugs to .*$', b'Report bugs to ...', b)
        return dbnorm(b)
    files = ['%s %s' % kv for kv in listing(tree).items()]
    return status, norm(out), norm(err), files


def dbnorm(b):
    """A -p data base without what differs by design or between two copies
    of one directory (see tests/dbprint.rs): dates, the string cache
    statistics, the collision counts of hash tables, device and inode
    numbers, the times of files the run wrote, the version banner and the
    name of the temporary copy of a makefile read from stdin."""
    out = []
    banner = False
    for l in b.split(b'\n'):
        # The version banner (-p), which differs by design.
        if l.startswith(b'# GNU Make 4.4.1'):
            banner = True
        if banner:
            banner = not l.startswith(b'# There is NO WARRANTY')
            continue
        # The temporary file a makefile read from stdin is copied to.
        l = re.sub(rb'/tmp/Gm[A-Za-z0-9]{6}', b'/tmp/GmXXXXXX', l)
        if (l.startswith(b'# strcache') or l.startswith(b'# current buf:')
                or l.startswith(b'# other used:') or l.startswith(b'# other free:')
                or l == b'# hash-table stats:' or (l.startswith(b'# Load=') and b'/8192=' in l)):
            if out and out[-1] == b'' and l.startswith(b'# strcache buffers:'):
                out.pop()
            continue
        if l == b'# No strcache buffers':
            # (GNU says so when its current string buffer just filled up)
            if out and out[-1] == b'':
                out.pop()
            continue
        l = re.sub(rb', Collisions=.*', b'', l)
        l = re.sub(rb'^(# Make data base, printed on |# Finished Make data base on |#  Last modified ).*', rb'\1...', l)
        l = re.sub(rb'\(device [0-9]+, inode [0-9]+\)', b'(device, inode)', l)
        out.append(l)
    return b'\n'.join(out)


def only_numbers(a, b):
    """Whether two outputs differ only in numbers (pids, times, dates, and
    addresses such as -d's child pointers, which a mutated filter may no
    longer mask)."""
    n = lambda x: re.sub(rb'[0-9]+', b'N', re.sub(rb'0x[0-9a-fA-F]+', b'0xN', x))
    return n(a) == n(b)


def unified(label, a, b):
    import difflib
    al = a.decode('utf-8', 'replace').split('\n')
    bl = b.decode('utf-8', 'replace').split('\n')
    return '\n'.join(difflib.unified_diff(al, bl, 'reference ' + label, 'candidate ' + label, lineterm='', n=1))


def compare(seed, names, work):
    g = gen(seed, names)
    if g is None:
        return 'unsafe', None
    name, mk, args = g
    shutil.rmtree(work, ignore_errors=True)
    tmpl = os.path.join(work, 'template')
    prepare(name, mk, tmpl)
    res = {}
    for side, binary in (('reference', reference), ('candidate', candidate)):
        sd = os.path.join(work, side)
        tree = os.path.join(sd, 'tree')
        os.makedirs(sd)
        shutil.copytree(tmpl, tree, symlinks=True)
        res[side] = run(sd, binary, name, tree, args)
    ref, cand = res['reference'], res['candidate']
    if ref[0] == 'timeout':
        return 'ref-timeout', None
    if isinstance(ref[0], int) and ref[0] < 0:
        return 'ref-crash', None
    report = []
    if cand[0] == 'timeout':
        report.append('HANG: the candidate timed out (reference status %s)' % ref[0])
    elif cand[0] < 0 or b'panicked at' in cand[2]:
        report.append('CRASH: candidate status %s' % cand[0])
    if ref[0] != cand[0]:
        report.append('status: reference %s candidate %s' % (ref[0], cand[0]))
    noise = True
    for i, label in ((1, 'stdout'), (2, 'stderr')):
        if ref[i] != cand[i]:
            noise = noise and only_numbers(ref[i], cand[i])
            report.append(unified(label, ref[i], cand[i]))
    if ref[3] != cand[3]:
        noise = False
        report.append('\n'.join(unified('files', '\n'.join(ref[3]).encode(), '\n'.join(cand[3]).encode()).split('\n')))
    if not report:
        return 'same', None
    if VERSION.search(mk) or any(b'Copyright (C) the rmake developers' in cand[i] for i in (1, 2)):
        # The makefile runs make --version (or -v, or --debug=v): a
        # mutation may show the banner's lines after the first, which
        # differ by design.
        return 'version', None
    head = '=== seed %d case %s args %r' % (seed, name, args)
    if ref[0] == cand[0] and ref[3] == cand[3] and all(
            sorted(ref[i].split(b'\n')) == sorted(cand[i].split(b'\n')) for i in (1, 2)):
        # Lines in another order only: often two processes writing to one
        # pipe (a recipe's pipeline), sometimes a real difference.
        return 'order', head + ' (lines in another order only)\n' + '\n'.join(report)
    if noise and ref[0] == cand[0]:
        return 'numbers', head + ' (differs in numbers only)\n' + '\n'.join(report)
    return 'bad', head + '\n--- makefile (repr of lines):\n' + '\n'.join(
        repr(l)[2:-1] for l in mk.split(b'\n')) + '\n' + '\n'.join(report)


def save(dest, seed):
    """Writes seed's case as a testdata-style dir (Makefile, args, setup...)."""
    names = corpus()
    g = gen(seed, names)
    if g is None:
        sys.exit('seed %d: unsafe mutation' % seed)
    name, mk, args = g
    src = os.path.join(CASES, name)
    shutil.copytree(src, dest, symlinks=True,
                    ignore=lambda d, fs: [f for f in fs if d == src and f in
                                          ('stdout', 'stderr', 'status', 'filestate', 'desc')])
    open(os.path.join(dest, 'Makefile'), 'wb').write(mk)
    open(os.path.join(dest, 'args'), 'w').write(''.join(a + '\n' for a in args))
    print('%s: seed %d, from case %s, args %r' % (dest, seed, name, args))


def main():
    if sys.argv[1] == '--save':
        save(sys.argv[2], int(sys.argv[3]))
        return
    seed0 = int(sys.argv[1])
    n = int(sys.argv[2])
    work = scratch('mutate.%d' % os.getpid())  # (runs may go side by side)
    names = corpus()
    counts = {}
    for s in range(seed0, seed0 + n):
        kind, text = compare(s, names, work)
        counts[kind] = counts.get(kind, 0) + 1
        if text:
            print(text[:6000])
            sys.stdout.flush()
    shutil.rmtree(work, ignore_errors=True)
    print('seeds', n, ' '.join('%s %d' % kv for kv in sorted(counts.items())))


if __name__ == '__main__':
    main()
