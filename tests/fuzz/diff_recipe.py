#!/usr/bin/env python3
"""Differential fuzzing of how a command line is run: exec'ed directly or
through `$(SHELL) $(.SHELLFLAGS) LINE' (GNU's construct_command_argv).

    CANDIDATE=BIN tests/fuzz/diff_recipe.py FIRST_SEED COUNT [-v]
    tests/fuzz/diff_recipe.py --show SEED          (print one case)
    tests/fuzz/diff_recipe.py --save SEED DIR      (one case as a testdata directory)

Each case is a makefile whose recipe lines, `$(shell ...)' calls (at parse
time and inside recipes) and `!=' assignments are drawn from an alphabet of
tokens: words, single and double quotes (closed and not), backslashes
before every kind of character, backslash-newline (inside and outside
quotes, with blanks and tabs after it), blanks and tabs, `$$' (variables,
the pid, `$${x-y}'), every character GNU counts as shell syntax
(#;"*?[]&|<>(){}$`^~!, redirections only to fixed file names), `=' in the
first word and later, globs (matching and not), `~', carriage return and
vertical tab, newlines from a variable (several commands in one line), very
long arguments (near and past the kernel's 128 KiB limit for one string),
empty and blank lines, and recipe prefixes (`@-+' with blanks and tabs).
First words are argv-revealing programs (`printf [%s]', a script that
prints its arguments one a line, by name on PATH, by relative and absolute
path), shell builtins and keywords of GNU's list (cd, export, exec, test,
`:', `.', set, ...), near misses (`cdx', `Cd', quoted `cd') and words not
in the list (echo, true), `X=1' assignments, missing programs (bare,
relative, absolute, `\\nosuch'), directories, files that are not
executable, an empty file, scripts without `#!', with a missing or
directory interpreter or one with arguments, and `$(MAKE)' (the make under
test, by a link named make in the case's bin). Settings drawn: PATH
(relative, empty and non-directory entries, unexported, empty), SHELL
(default, /bin/sh with a trailing blank or tab, /bin/bash, /bin/dash, `sh',
a script printing its arguments before running /bin/sh, extra words,
quotes or other shell syntax in it, a builtin's name, a directory, a
missing or non-executable shell, empty; globally, target-specific, on the
command line or in the environment), .SHELLFLAGS (-c, -ec, -xc, -e -c,
-o pipefail -c, quoted, with shell syntax, empty; also target-specific and
on the command line), .ONESHELL, .POSIX, .SILENT, .IGNORE, .RECIPEPREFIX,
IFS (made, exported, from the environment), and options -n -s -i -k -t -q
-w -e --no-silent --trace, -j2 -k (with -O or not).

The reference GNU make 4.4.1 and $CANDIDATE (default target/release/rmake)
each run as `make' on a fresh copy of the case at the same path (HOME
points into it). Compared: standard output, standard error, exit status
and the files left (contents). Under -j2, and when a pipe may order the
output either way, the output lines are compared sorted and a case differs
only if three runs differ. Numbers of three digits or more are masked (a
`$$$$' prints a pid), and so are -O's mutex name and the last line of a
sub-make's usage message. Cases where the reference crashes (GNU 4.4.1
frees a bad pointer with .ONESHELL and .SHELLFLAGS holding quotes) or
hangs are skipped. Prints each differing case with its seed (-v: every
case). A seed always gives the same case.

Seeds 1-40000 (session 13): the differences left are races (a background
job's -x trace, -j2 output interleaved within a line, a sub-make whose
stdout reader exits first, GNU losing a fatal message held by -O).
"""
import os, random, re, shutil
from diffcommon import agree, candidate, reference, run_make, seed_main

# Files every case starts with: name -> (text, mode). Directories: adir,
# bin/bdir.
SETUP = {
    'bin/showargs': ('#!/bin/sh\necho "argc=$#"\nfor a; do printf \'<%s>\\n\' "$a"; done\n', 0o755),
    'bin/showsh': ('#!/bin/sh\necho "sh argc=$#" >&2\nfor a; do printf \'sh<%s>\\n\' "$a" >&2; done\n'
                   'exec /bin/sh "$@"\n', 0o755),
    'bin/noexec': ('echo should not run\n', 0o644),
    'bin/noshebang': ('echo noshebang "$@"\n', 0o755),
    'noexec': ('echo should not run\n', 0o644),
    'noshebang': ('echo local noshebang "$@"\n', 0o755),
    'a.txt': ('echo sourced a.txt\n', 0o644),
    'b.txt': ('b\n', 0o644),
    'badinterp': ('#!/nonexistent/interp\necho bad\n', 0o755),
    'empty': ('', 0o755),
    'argsheb': ('#!/bin/sh -e\necho "argsheb $0 $*"\n', 0o755),
    'bin/viashow': ('#! showargs x\n', 0o755),
    'bin/dirheb': ('#!/usr/bin\n', 0o755),
}
DIRS = ['adir', 'bin/bdir']

FIRST = [
    # argv revealers
    'showargs', 'showargs', 'showargs', './bin/showargs', '$(CURDIR)/bin/showargs', 'bin/showargs',
    "printf '[%s]'", 'printf [%s]', 'printf "[%s]"', 'printf \\[%s\\]', 'echo', '/bin/echo', 'env',
    'true', 'false',
    # shell builtins and keywords in GNU's list
    'cd', 'cd adir', 'export', 'export X=1', 'exec', 'exec showargs', 'test', 'test -f a.txt', ':', '.',
    '. ./a.txt', 'set', 'set -e', 'command', 'command showargs', 'type', 'hash', 'umask', 'read', 'wait',
    'trap', 'times >/dev/null', 'alias', 'unset', 'unset X', 'readonly', 'shift', 'eval', 'eval showargs', 'exit',
    'exit 3', 'return', 'getopts', 'fc', 'fg', 'bg', 'jobs', 'ulimit', 'login', 'logout', 'for', 'if',
    'case', 'while', 'break', 'continue', 'unalias',
    # near misses
    'cd\\', "'cd'", 'cdx', 'Cd', 'exec\\ showargs', 'echo:',
    # missing, directories, not executable, no #!
    'nosuch', './nosuch', '/nonexistent/nosuch', 'nosuch/x', 'adir', './adir', 'bdir', 'noexec',
    './noexec', 'noshebang', './noshebang', 'bin/noshebang', './badinterp', 'badinterp', './empty',
    'empty', './argsheb', 'viashow', 'dirheb', '/bin', 'bin/', '""', "''", '\\nosuch',
    # assignments
    '$(MAKE) -s -f /dev/null', '+$(MAKE) -f /dev/null X=1 nothing',
    'X=1', 'X=1 showargs', 'a=b', '=x', 'X=1 Y=2 showargs', 'X\\=1', "X='a b' showargs", 'x==',
]

TOKENS = [
    'a', 'b', 'word', '-n', '%s', 'x=y', '=', '==', 'a=b=c', '-', '--', '.', 'adir', 'a.txt', 'o1',
    "'q s'", "'", "''", "'a''b'", '"', '"d q"', '""', '"a$$x"', '"\\\\"', '"\\$$"', '"`"', '"a\\"b"',
    '\\', '\\\\', '\\ ', '\\\'', '\\"', '\\a', '\\$$', '\\#', '\\;', '\\n', '\\\t', '\\=', '\\~',
    '$$', '$$x', '$$HOME', 'x$$$$', '$${x-def}', '$$1', '$$0', '$$#', '$$?', '$$(echo s)',
    ';', '; showargs z', '| :', '| $(CURDIR)/bin/showargs', '&&', '||', '>o1', '2>o2', '>>o3', '<a.txt', '>&2', '2>&1',
    '(', ')', '{', '}', '( showargs p )', '{ showargs c; }', '`', '`echo bq`', '*', '*.txt', '?',
    '?.txt', '[ab].txt', '[', ']', '[x]', '^', 'a^b', '~', '~/x', 'a~', '!', '! true', '#', '# comment',
    'a#b', '& wait;', '\r', '\x0b', '\f', '$(NL)', '$(NL)showargs nl', '$(NL) @showargs nl2',
    '$(NL)\t-nosuch', '\\\n', '\\\n\t', '\\\n  ', "'a\\\nb'", '"a\\\nb"', '$(EMPTY)', '$(SP)',
    '$(TAB)', 'cd', 'exec', 'export', ':', 'test',
]

SEPS = [' ', ' ', ' ', ' ', '  ', '\t', '', ' \t ']

PREFIXES = ['', '', '', '', '@', '@', '-', '@-', '+', ' ', '\t', '@ ', '@\t', '- @', ' @-+', '@\t-']


def long_word(r):
    n = r.choice([1000, 131071, 131072, 131073, 140000, 300000])
    return 'L' * n


def command(r, allow_long=True):
    """One command line (before any recipe prefix)."""
    k = r.random()
    if k < 0.04:
        return r.choice(['', ' ', '\t', '  \t'])
    first = r.choice(FIRST)
    words = [first]
    for _ in range(r.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6])):
        words.append(r.choice(TOKENS))
    if allow_long and r.random() < 0.03:
        words.append(long_word(r))
    out = words[0]
    for w in words[1:]:
        out += r.choice(SEPS) + w
    if r.random() < 0.1:
        out = r.choice([' ', '\t', '  ']) + out
    if r.random() < 0.1:
        out += r.choice([' ', '\t', '\\', '\\\n', ' \\\n'])
    return out


FLAGS = ['-c', '-ec', '-xc', '-e -c', '-o pipefail -c', "'-c'", '-c ', '', '-euc', '-c -x', '"-e" -c',
         ' -c', '-c;', '-e\t-c', '-c $$0', '-ce', '-c#', '\\-c', 'x=1 -c', '-c\\']


def shell_settings(r, c):
    """Global settings; fills c['lines'] and returns the list of target-
    specific candidates."""
    L = c['lines']
    k = r.random()
    shells = ['/bin/sh', '/bin/sh ', '/bin/bash', '/bin/dash', 'sh', '$(CURDIR)/bin/showsh',
              '/bin/sh -e', '$(CURDIR)/bin/showsh -x', '/nonexistent/sh', 'bin/showsh', '/bin/s\\h',
              '', 'X=1 /bin/sh', 'cd', 'showsh', '"/bin/sh"', "'/bin/sh' -e", '/bin/sh;', 'adir',
              'noexec', '$(CURDIR)/noshebang', '/bin/sh\t', 'bin/../bin/showsh']
    if k < 0.45:
        pass
    elif k < 0.9:
        L.append('SHELL = ' + r.choice(shells))
    else:
        L.append('SHELL := ' + r.choice(shells))
    if r.random() < 0.4:
        L.append('.SHELLFLAGS = ' + r.choice(FLAGS))
    if r.random() < 0.15:
        L.append('.ONESHELL:')
    if r.random() < 0.1:
        L.append('.POSIX:')
    if r.random() < 0.06:
        L.append(r.choice(['.SILENT:', '.IGNORE:']))
    if r.random() < 0.08:
        L.append(r.choice(['IFS := :', 'export IFS := :', 'export IFS := $(SP)', 'IFS :=',
                           'IFS := $(NL)', 'export IFS := x', 'unexport IFS']))
    if r.random() < 0.05:
        c['prefix'] = '>'
        L.append('.RECIPEPREFIX = >')
    return shells


def gen(seed):
    r = random.Random(seed)
    c = {'lines': [], 'prefix': '\t'}
    L = c['lines']
    L.append(r.choice(['export PATH := $(CURDIR)/bin:/usr/bin:/bin'] * 6 + [
        'export PATH := bin:/usr/bin:/bin', 'export PATH := :/usr/bin:/bin:bin',
        'export PATH := $(CURDIR)/a.txt:bin/bdir:$(CURDIR)/bin:/usr/bin:/bin',
        'export PATH := /usr/bin:/bin::$(CURDIR)/bin', 'unexport PATH', 'PATH := $(CURDIR)/bin:/usr/bin:/bin',
        'export PATH :=']))
    L.append('export HOME := $(CURDIR)')
    L.append('EMPTY :=')
    L.append('SP := $(EMPTY) $(EMPTY)')
    L.append('TAB := $(EMPTY)\t$(EMPTY)')
    L.append('define NL\n\n\nendef')
    shells = shell_settings(r, c)
    # $(shell) and != at parse time (their command as a define, so that
    # `#' and backslash-newline reach it).
    for i in range(r.choice([0, 0, 1, 1, 2])):
        cmd = command(r, allow_long=False).replace('$(NL)', '\n')
        L.append('define C%d\n%s\nendef' % (i, cmd))
        if r.random() < 0.5:
            L.append('$(info s%d[$(shell $(C%d))] $(.SHELLSTATUS))' % (i, i))
        else:
            L.append('V%d != $(C%d)' % (i, i))
            L.append('$(info v%d[$(V%d)] $(.SHELLSTATUS))' % (i, i))
    if r.random() < 0.15:
        L.append('W != ' + command(r, allow_long=False).replace('$(NL)', '').replace('#', '\\#')
                 .replace('\\\n', ' '))
        L.append('$(info w[$(W)] $(.SHELLSTATUS))')
    ntargets = r.choice([1, 1, 2, 2, 3])
    targets = ['t%d' % i for i in range(ntargets)]
    L.insert(0, 'all: ' + ' '.join(targets))
    for t in targets:
        if r.random() < 0.15:
            L.append('%s: SHELL = %s' % (t, r.choice(shells)))
        if r.random() < 0.05:
            L.append('%s: .SHELLFLAGS = %s' % (t, r.choice(['-ec', '-xc', '-c'])))
        L.append(t + ':')
        for _ in range(r.choice([1, 1, 2, 2, 3, 4])):
            line = command(r)
            if r.random() < 0.15:
                line = 'showargs "$(shell %s)"' % command(r, allow_long=False).replace('$(NL)', '')
            L.append(c['prefix'] + r.choice(PREFIXES) + line)
    mk = '\n'.join(L) + '\n'
    args = []
    for o in ['-n', '-s', '-i', '-k', '--trace', '-e', '-t', '-q', '--no-silent', '-w']:
        if r.random() < 0.1:
            args.append(o)
    if r.random() < 0.08:
        # With -k: which jobs start before a failure is noticed is timing.
        args += ['-j2', '-k']
        if r.random() < 0.5:
            args.append('-O')
    env = {}
    if r.random() < 0.08:
        args.append('SHELL=' + r.choice(shells))
    if r.random() < 0.05:
        args.append('.SHELLFLAGS=' + r.choice(FLAGS))
    if r.random() < 0.08:
        env['SHELL'] = r.choice(['/bin/bash', '/nonexistent/sh', ''])
    if r.random() < 0.05:
        env['IFS'] = r.choice([':', ' ', 'x'])
    # A pipe's two sides write in any order (the right side is a builtin or
    # showargs, which never write to stderr, but showargs may write before
    # the left side): such cases are compared as under -j2.
    # So do a background job's lines and the shell's own after `&` (under
    # -x, `+ wait` comes before or after the job's trace).
    racy = re.search(r'(?<!\|)\|(?!\|)', mk) is not None or re.search(r'(?<![&>])&(?![&>])', mk) is not None
    return mk, args, env, '-j2' in args or racy


def setup_tree(d):
    for nm in DIRS:
        os.makedirs(os.path.join(d, nm), exist_ok=True)
    for nm, (text, mode) in SETUP.items():
        p = os.path.join(d, nm)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(text)
        os.chmod(p, mode)


def run(make, d, case):
    mk, args, env, _ = case
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    setup_tree(d)
    # $(MAKE) is `make', found on PATH: the make under test.
    os.symlink(make, os.path.join(d, 'bin/make'))
    with open(os.path.join(d, 'Makefile'), 'w') as f:
        f.write(mk)
    e = {'PATH': '/usr/bin:/bin', 'LC_ALL': 'C'}
    e.update(env)
    out, err, st = run_make(make, args, d, e)

    def norm(s):
        s = re.sub(r'/tmp/Gm[A-Za-z0-9]{6}', '/tmp/GmXXXXXX', s)  # -O's mutex
        # A sub-make's usage message ends with rmake's own line.
        s = re.sub(r'(?m)^Report bugs to .*$', 'Report bugs to ...', s)
        # A sub-make may get -p from the letters of the case's path (an
        # argument `-$$HOME`): its data base's banner and hash-table
        # figures differ on purpose (README, "Not supported yet").
        s = re.sub(r'(?m)^# GNU Make 4\.4\.1.*\n(# rmake .*\n)?', '# GNU Make 4.4.1\n', s)
        s = re.sub(r'(?m)^# (Copyright \(C\)|License) .*\n', '', s)
        s = re.sub(r'Collisions=\S+', 'Collisions=N', s)
        s = re.sub(r'(?m)^# strcache buffers:.*\n(?:^(?!# Finished).*\n)*', '', s)
        s = re.sub(r'(?m)^# No strcache buffers\n\n', '', s)
        s = re.sub(r'(?m)^(# Make data base, printed on |# Finished Make data base on ).*', r'\1T', s)
        return re.sub(r'\d{3,}', 'NUM', s.replace(d, 'DIR'))
    got = {}
    for top, dirs, names in os.walk(d):
        for n in names:
            p = os.path.join(top, n)
            k = os.path.relpath(p, d)
            if k in SETUP or k in ('Makefile', 'bin/make'):
                continue
            k = re.sub(r'\d{3,}', 'NUM', k)  # `>o1$$$$'
            with open(p, 'rb') as f:
                got[k] = norm(f.read().decode('latin1'))
    return norm(out), norm(err), st, got


def compare(seed, work):
    case = gen(seed)
    d = os.path.join(work, 'tree')

    def run_pair():
        return [run(m, d, case) for m in (reference, candidate)]
    same, ref, cand = agree(run_pair, case[3])
    return case, same, ref, cand


def show(case):
    mk, args, env, _ = case
    print('args', args, 'env', env)
    print(re.sub('L{1000,}', lambda m: '<L*%d>' % len(m.group(0)), mk))


def save(seed, dest):
    mk, args, env, _ = gen(seed)
    os.makedirs(dest, exist_ok=True)
    with open(os.path.join(dest, 'Makefile'), 'w') as f:
        f.write(mk)
    setup = ['mkdir -p ' + ' '.join(DIRS)]
    for nm, (text, mode) in SETUP.items():
        setup.append("printf '%%s' '%s' > %s; chmod %o %s" % (text.replace("'", "'\\''"), nm, mode, nm))
    with open(os.path.join(dest, 'setup'), 'w') as f:
        f.write('\n'.join(setup) + '\n')
    if args:
        with open(os.path.join(dest, 'args'), 'w') as f:
            f.write('\n'.join(args) + '\n')
    if env:
        print('note: the case needs environment variables (testdata has none):', env)


def main():
    # (GNU 4.4.1 frees a bad pointer with .ONESHELL and quoted .SHELLFLAGS.)
    seed_main('recipe', gen, compare, show, save,
              lambda st: st == 'timeout' or (isinstance(st, int) and st < 0))


if __name__ == '__main__':
    main()
