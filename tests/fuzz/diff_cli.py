#!/usr/bin/env python3
"""Differential fuzzing of the command line, MAKEFLAGS and the environment.

    tests/fuzz/diff_cli.py FIRST_SEED COUNT [-v]
    tests/fuzz/diff_cli.py --save SEED DIR   (writes one case to DIR)

Generates COUNT small projects: a top makefile (Makefile, makefile or
GNUmakefile), a second makefile, an included one in inc/, a sub-directory
with its own makefile, and some files older or newer than the targets.
The makefiles print, while read and in recipes, MAKEFLAGS, MFLAGS,
MAKEOVERRIDES, MAKECMDGOALS, -*-command-variables-*-, MAKELEVEL, CURDIR,
.DEFAULT_GOAL and the origin, flavor and value of variables; they set
MAKEFLAGS (=, +=, :=, override), .MAKEFLAGS, GNUMAKEFLAGS, recurse with
$(MAKE) (-f, -C, with options and variables, MAKEFLAGS= in front), and have
failing recipes and up to date or out of date files.

Each case runs with a random command line drawn from GNU's whole option
table: short options alone and clustered, with their argument attached or
separate or missing (-j, -j3, -l, -l2.5, -C repeated and relative, -f
several times and -f - with a makefile on stdin, -I, -o, -W, -E, -O...,
-d, --debug=..., -p, -v, -h), long options spelled in full and abbreviated
(ambiguous ones too), `--`, options after goals, goals given twice,
variable assignments of every flavor and odd names (empty, with blanks,
MAKEFLAGS=, SHELL=, MAKEFILES=, .DEFAULT_GOAL=, MAKELEVEL=), invalid
options; and a random environment: MAKEFLAGS, GNUMAKEFLAGS and MFLAGS
(with and without a leading dash, with assignments, `--`, escaped
blanks, bad options), MAKELEVEL, MAKEFILES, plain variables.

The reference GNU make 4.4.1 and $CANDIDATE (default target/release/rmake)
run one after the other on fresh copies of the case at the same path,
reached as `make` through a symlink first on PATH (sometimes invoked by
its full path), with only PATH, HOME, TMPDIR, LC_ALL=C and the case's
variables in the environment. Only what is random is masked: jobserver
fifo, sync-mutex and temporary stdin-makefile names, pipe descriptors,
the seed of --shuffle without one, and -d's child addresses and pids
(its lines about children are left out: where they come among the
children's output is timing), -p's hash-table figures and file times;
and what rmake prints differently on purpose: its --version and --help
texts and the bug-report line of its usage message. When jobs may run at once (a -j without .NOTPARALLEL), lines are
compared sorted and a case differs only if three runs differ. Standard
output, standard error, exit status and the files left behind (contents,
and the names left in TMPDIR) must be equal. Prints every differing case
with its seed (-v: every case). A seed always gives the same case.
"""
import os, random, re, shutil, subprocess, sys
from diffcommon import agree, candidate, read_tree, reference, scratch, show_diff, write_tree

VARS = ['X', 'Y', 'Z', 'W']
SPECIAL = ['MAKEFLAGS', 'MFLAGS', 'MAKEOVERRIDES', 'MAKECMDGOALS', '-*-command-variables-*-', 'MAKELEVEL',
           'SHELL', 'MAKEFILES', '.DEFAULT_GOAL', 'GNUMAKEFLAGS', 'MAKE', 'MAKE_COMMAND', 'MAKEFILE_LIST',
           '.INCLUDE_DIRS', 'CURDIR', 'MAKE_RESTARTS', '.SHELLFLAGS', 'MAKE_TERMOUT', '.RECIPEPREFIX']
T0 = 1577836800  # 2020-01-01


def show(r, where):
    """A line printing some of what make knows (for $(info) or echo)."""
    c = r.random()
    if c < 0.25:
        return "%s F=[$(MAKEFLAGS)] MF=[$(MFLAGS)]" % where
    if c < 0.4:
        return "%s MO=[$(MAKEOVERRIDES)] CV=[$(-*-command-variables-*-)]" % where
    if c < 0.55:
        return "%s G=[$(MAKECMDGOALS)] L=[$(MAKELEVEL)] DG=[$(.DEFAULT_GOAL)]" % where
    if c < 0.65:
        return "%s I=[$(.INCLUDE_DIRS)] MFL=[$(MAKEFILE_LIST)] MFS=[$(MAKEFILES)]" % where
    v = r.choice(VARS + VARS + SPECIAL)
    return "%s %s=$(origin %s)/$(flavor %s)/[$(value %s)]/[$(%s)]" % (where, v, v, v, v, v)


def make_call(r, inner=False):
    """A recursive make invocation."""
    pre = r.choice(['', '', '', '+', '-', '@', 'MAKEFLAGS= ', 'MAKEFLAGS=k ', 'MAKELEVEL= ',
                    'X=fromenv ', 'MFLAGS=-s ', 'GNUMAKEFLAGS=-k '])
    how = r.choice(['$(MAKE) -f sub.mk', '$(MAKE) -f sub.mk', '$(MAKE) -C sub', '$(MAKE) -C sub', '${MAKE} --file=sub.mk',
                    '$(MAKE) -C sub -f Makefile', 'cd sub && $(MAKE)', '$(MAKE) -f sub.mk -C .'])
    extra = []
    for _ in range(r.choice([0, 0, 1, 1, 2])):
        extra.append(r.choice(['-k', '-s', '-n', '-w', '--no-print-directory', 'X=sub', 'Y+=sy', '-j1', '-e',
                               '-i', '-q', '-t', '-B', 'Z:=$$(X)', '--trace', '-S', '-r', '-R', '-I ..', '-o sa',
                               '-W sb', '-L', 'MAKEFLAGS=', '-- X=dd', '-Onone', 'sb', 'sa', 'nosuch']))
    post = r.choice(['', '', '', ' || echo st=$$?', '; echo st=$$?'])
    return pre + how + (' ' if extra else '') + ' '.join(extra) + post


def recipe(r, t):
    lines = []
    for _ in range(r.choice([0, 1, 1, 2, 2, 3])):
        c = r.random()
        if c < 0.3:
            line = "@echo '" + show(r, t) + "'"
        elif c < 0.45:
            line = make_call(r)
        else:
            line = r.choice(['touch $@', 'echo $@ > $@', 'false', 'exit 3', '@echo $@ ran', 'echo $@ $?',
                             '-false', '@echo "$$MAKEFLAGS|$$MFLAGS|$$MAKELEVEL"', "@echo 'X=$(X) Y=$(Y)'",
                             '@echo "env X=$$X Y=$$Y Z=$$Z"', 'nosuchcmd', '@exit 1', '@:'])
        lines.append(line)
    return lines


def top_makefile(r, names):
    L = []
    for _ in range(r.choice([0, 1, 2, 3, 4])):
        L.append(r.choice([
            'X = mk', 'X := mk$(Y)', 'Y ?= ydef', 'override Z = oz', 'export W = w', 'Z += zz', 'X = $(Y)x',
            'export X', 'unexport Y', 'override X += ox', 'W != echo sh', 'Y ::= yy', 'X :::= $(W)t',
            'MAKEFLAGS += -k', 'MAKEFLAGS += s', 'MAKEFLAGS += --no-print-directory', 'MAKEFLAGS += -j2',
            'MAKEFLAGS += X=mf', 'MAKEFLAGS += -- Y=mf2', 'MAKEFLAGS := -w', 'override MAKEFLAGS += -i',
            'MAKEFLAGS += -r', 'MAKEFLAGS += -R', 'MAKEFLAGS += --trace', 'MAKEFLAGS += -e', 'MAKEFLAGS += -B',
            'MAKEFLAGS += -n', 'MAKEFLAGS += -Otarget', 'MAKEFLAGS += -Iinc', 'MAKEFLAGS += -x',
            'MAKEFLAGS += -L', 'MAKEFLAGS += -S', 'MAKEFLAGS += --warn-undefined-variables', 'MAKEFLAGS =',
            '.MAKEFLAGS: -k', '.MAKEFLAGS: X=dot', '.MAKEFLAGS: -s', '.MAKEFLAGS:', '.MFLAGS: -k',
            'GNUMAKEFLAGS += -k', 'GNUMAKEFLAGS = -w', 'MFLAGS = -x', 'MAKEOVERRIDES =', 'MAKEOVERRIDES += W=mo',
            'MAKELEVEL = 5', 'export MAKEOVERRIDES', 'unexport MAKEFLAGS', '.DEFAULT_GOAL := b',
            '-include inc.mk', 'include inc.mk', '.SILENT:', '.IGNORE:', '.POSIX:', '.EXPORT_ALL_VARIABLES:',
            'MAKECMDGOALS = mine', 'undefine X', 'MAKEFILES += other.mk', 'SHELL = /bin/sh',
            '$(info ' + show(r, 'parse') + ')', '$(info ' + show(r, 'parse') + ')',
            '$(info ' + show(r, 'parse') + ')', '$(info ' + show(r, 'parse') + ')',
            '$(warning ' + show(r, 'warn') + ')',
        ]))
    if r.random() < 0.85:
        L.append('.NOTPARALLEL:')
    goals = r.sample(names, r.randint(1, 3))
    L.append('all: ' + ' '.join(goals))
    for ln in recipe(r, 'all'):
        L.append('\t' + ln)
    for t in names:
        if r.random() < 0.15:
            continue
        pre = [n for n in r.sample(names, r.randint(0, 2)) if names.index(n) > names.index(t)]
        if r.random() < 0.3:
            pre.append(r.choice(['src1', 'src2', 'nosrc']))
        L.append('%s: %s' % (t, ' '.join(pre)))
        for ln in recipe(r, t):
            L.append('\t' + ln)
    if r.random() < 0.3:
        L.append('.PHONY: ' + ' '.join(r.sample(names + ['all'], 2)))
    if r.random() < 0.2:
        L.append('%.o: %.c ; @echo cc $< -o $@ F=[$(MAKEFLAGS)]')
    if r.random() < 0.3:
        L.append('$(info ' + show(r, 'end') + ')')
    return '\n'.join(L) + '\n'


def sub_makefile(r, where):
    L = []
    if r.random() < 0.5:
        L.append('$(info ' + show(r, where) + ')')
    if r.random() < 0.3:
        L.append(r.choice(['MAKEFLAGS += -k', 'X = subx', 'override Y = suby', '.MAKEFLAGS: -s', 'export Z = subz']))
    L.append('.NOTPARALLEL:')
    L.append('sa:')
    L.append("\t@echo '" + show(r, where + '-sa') + "'")
    if r.random() < 0.3:
        L.append('\t' + r.choice(['false', 'exit 2', '$(MAKE) -f ../sub.mk sb', 'touch $@']))
    L.append('sb: sa')
    L.append("\t@echo '" + show(r, where + '-sb') + "'")
    return '\n'.join(L) + '\n'


def short_cluster(r):
    flags = r.sample('ikns' * 2 + 'eBrRtqwSLp' + 'bm', r.randint(1, 4))
    c = '-' + ''.join(flags)
    if r.random() < 0.3:
        c += r.choice(['j', 'j3', 'l', 'l2.5', 'Oline', 'O', 'Cinc', 'fother.mk', 'Wsrc1', 'osrc2', 'Iinc', 'dx'])
    return [c]


LONG = ['--always-make', '--environment-overrides', '--ignore-errors', '--keep-going', '--check-symlink-times',
        '--just-print', '--dry-run', '--recon', '--print-data-base', '--question', '--no-builtin-rules',
        '--no-builtin-variables', '--silent', '--quiet', '--no-keep-going', '--stop', '--touch',
        '--print-directory', '--no-print-directory', '--trace', '--warn-undefined-variables', '--no-silent',
        '--dry', '--just', '--rec', '--quest', '--tou', '--keep', '--no-k', '--no-p', '--no-s', '--print-d',
        '--no-b', '--no', '--pr', '--si', '--s', '--t', '--tr', '--env', '--ig', '--al', '--check', '--w',
        '--war', '--q', '--k', '--j', '--ver', '--h']


def option(r):
    """One command-line option (a list of arguments)."""
    c = r.random()
    if c < 0.2:
        return short_cluster(r)
    if c < 0.35:
        return [r.choice(LONG)]
    if c < 0.45:
        return r.choice([['-j'], ['-j', '2'], ['-j3'], ['-j0'], ['-jx'], ['--jobs=2'], ['--jobs', '2'], ['--jobs'],
                         ['--jo=1'], ['-j', 'a'], ['-j1'], ['-j-1'], ['--jobs=0'], ['-l'], ['-l2.5'], ['-l', '3'],
                         ['--load-average=1'], ['--max-load'], ['--max-l=2'], ['-l', 'x'], ['-lx']])
    if c < 0.58:
        return r.choice([['-C', 'sub'], ['-Csub'], ['-C', 'sub', '-C', '..'], ['-C', 'inc', '-C', '../sub'],
                         ['--directory=sub'], ['--dir', 'sub'], ['-C', 'nosuch'], ['-C', '.'], ['-C', './'],
                         ['-C', 'sub/'], ['-C', 'sub', '-C', 'sub'], ['-C', '']])
    if c < 0.7:
        return r.choice([['-f', 'other.mk'], ['-fother.mk'], ['--file=other.mk'], ['--makefile', 'other.mk'],
                         ['--file', 'Makefile'], ['-f', 'nosuch.mk'], ['-f', '-'], ['-f', 'Makefile', '-f', 'other.mk'],
                         ['-f', 'other.mk', '-f', 'other.mk'], ['-f', './other.mk'], ['--makef=other.mk'], ['-f', ''],
                         ['--fi=other.mk']])
    if c < 0.8:
        return r.choice([['-I', 'inc'], ['-Iinc'], ['--include-dir=inc'], ['--include-dir', 'nosuch'], ['-o', 'src1'],
                         ['-osrc2'], ['--old-file=c'], ['--assume-old', 'b'], ['-W', 'src1'], ['-Wsrc2'],
                         ['--what-if=a'], ['--new-file', 'c'], ['--assume-new=src1'], ['--new', 'src2'], ['-o', 'a'],
                         ['-W', 'b']])
    if c < 0.88:
        return r.choice([['-O'], ['-Oline'], ['-Otarget'], ['-Orecurse'], ['-Onone'], ['-Obad'], ['--output-sync'],
                         ['--output-sync=line'], ['--output-sync', 'recurse'], ['--out=none'], ['-O', 'line'],
                         ['--debug'], ['--debug=b'], ['--debug=v,j'], ['--debug=x'], ['--debug=n'], ['--debug=m'],
                         ['--debug', 'b'], ['-d'], ['--deb=w'], ['--debug=a,n'], ['--trace'], ['--shuffle=reverse'],
                         ['--shuffle=none'], ['--shuffle=12'], ['--shuffle=bad'],
                         # (a bare --shuffle takes no argument: `reverse' is a
                         # goal; the later seed keeps the order reproducible)
                         ['--shuffle', 'reverse', '--shuffle=12']])
    if c < 0.94:
        return r.choice([['-E', '$(info E1)'], ['--eval=$(info E2 $(X))'], ['--eval', 'X = ev'], ['--ev=Y := ev2'],
                         ['-E', 'all: ; @echo E'], ['--eval='], ['-E'], ['-p'], ['-v'], ['--version'], ['-h'],
                         ['--help'], ['-x'], ['-A1'], ['--bogus'], ['--bogus=1'], ['-'], ['--'], ['--silent=1'],
                         ['--jobs=2=3'], ['--jobserver-style=pipe'], ['--jobserver-style=bad'],
                         ['--jobserver-auth=3,4'], ['--sync-mutex=x'], ['-O', ''], ['--debug='], ['-I'], ['-f'],
                         ['-C'], ['-o'], ['-W'], ['--file'], ['--eval']])
    return r.choice([['-k'], ['-s'], ['-n'], ['-i'], ['-e'], ['-B'], ['-t'], ['-q'], ['-w'], ['-r'], ['-R'], ['-S'],
                     ['-L'], ['--no-print-directory'], ['-b'], ['-m']])


ASSIGN = ['X=cl', 'X:=cl$(Y)', 'X::=c2', 'X:::=$$c3', 'X+=app', 'X?=q', 'X!=echo bang', 'Y=$(X)', 'Z=a b',
          'Z=a\\ b', 'X=', 'X = sp', ' X=lead', 'X=#h', 'X=-k', 'X=a=b', 'override X=ov', 'export X=ex',
          '=empty', ' =e2', ':=e3', 'MAKEFLAGS=-s', 'MAKEFLAGS=k', 'MAKEFLAGS=', 'MAKEFLAGS+=-i', 'MFLAGS=-k',
          'SHELL=/bin/sh', 'SHELL=/bin/bash', 'MAKEFILES=other.mk', 'MAKEFILES=nosuch.mk', '.DEFAULT_GOAL=b',
          '.DEFAULT_GOAL=', 'MAKELEVEL=3', 'MAKECMDGOALS=z', '-*-command-variables-*-=cv', 'MAKEOVERRIDES=',
          'MAKEOVERRIDES=X=mo', 'CURDIR=/x', 'W$$=dollar', 'a b=c', 'X$(Y)=ind', 'Y=1', 'Y=1', 'W=w1', 'X=1',
          'X=2', '.SHELLFLAGS=-ec', 'GNUMAKEFLAGS=-k', 'MAKE=echo', 'X==', 'X := spaced', 'X=$$(shell echo s)',
          'MAKE_RESTARTS=1', '.RECIPEPREFIX=>', 'VPATH=sub', '.VARIABLES=v']


def env_value(r):
    return r.choice(['k', '-k', 's', 'ks', 'kw', '-j2', 'j2', '--no-print-directory', 'X=env', '-k -- X=env',
                     'k -- X=a\\ b', ' -s', '-- X=1 Y=2', 'e', 'n', 'B', '--trace', 'w --no-print-directory', 'r',
                     'rR', '-I inc', 'Iinc', '-o src1', '-W src1', '-l', 'l2', '-Oline', 'O', '--debug=b', '-x',
                     'x', 'kx', 'C sub', '-f other.mk', 'goal', '-- goal', '-k goal', 'X=a\\ b', 'Y=$(X)', '',
                     ' ', '-', '--', 'i -- ', 'kq', 't', 'p', 'v', '-j', 'j', '-jx', '--jobs=2', 'L', 'S',
                     '--eval=$(info ENV)', '-Ex', 'X', '=', 'X=1 -k', 'ks X=1', '-k\\ s', 'k\\', '--silent',
                     '--no-silent', '-s --no-silent', '--quiet', '--dry', '--warn-undefined-variables',
                     '--shuffle=reverse', '--jobserver-style=pipe', '-d', '-h', 'Ox', '--output-sync=bad'])


def gen(seed):
    r = random.Random(seed)
    names = ['a', 'b', 'c', 'd']
    files = {'Makefile': top_makefile(r, names)}
    if r.random() < 0.15:
        files[r.choice(['makefile', 'GNUmakefile'])] = files.pop('Makefile')
        if r.random() < 0.3:
            files['Makefile'] = 'all:\n\t@echo plain Makefile\n'
    files['sub.mk'] = sub_makefile(r, 'submk')
    files['sub/Makefile'] = sub_makefile(r, 'subdir')
    files['other.mk'] = r.choice(["oth: ; @echo 'oth F=[$(MAKEFLAGS)] G=[$(MAKECMDGOALS)]'\n",
                                  '$(info other X=$(X) o=$(origin X))\nX ?= other\n',
                                  'a: ; @echo other a\nb: ; @echo other b $(MAKELEVEL)\n'])
    files['inc/inc.mk'] = r.choice(['$(info inc.mk F=[$(MAKEFLAGS)])\n', 'Y = fromint\nincgoal: ; @echo inc\n'])
    if r.random() < 0.3:
        files['inc/Makefile'] = 'all: ; @echo inc/Makefile L=$(MAKELEVEL)\n'
    ages = {}
    for n in r.sample(names + ['src1', 'src2', 'sub/sa'], r.randint(0, 4)):
        ages[n] = r.choice([-100, 100, 200, 0, 50])
    args = []
    for _ in range(r.choice([0, 1, 1, 2, 2, 3, 4])):
        k = r.random()
        if k < 0.55:
            args += option(r)
        elif k < 0.8:
            args.append(r.choice(ASSIGN))
        else:
            args.append(r.choice(names + ['all', 'all', 'nosuch', './a', 'a', 'sub/sa', 'oth', 'incgoal', 'src1']))
    if r.random() < 0.1:
        # options after `--` are not options
        args.insert(r.randint(0, len(args)), '--')
    if r.random() < 0.1 and args:
        args.append(args[r.randrange(len(args))])
    env = {}
    for k, p in [('MAKEFLAGS', 0.25), ('GNUMAKEFLAGS', 0.08), ('MFLAGS', 0.05), ('MAKELEVEL', 0.06),
                 ('MAKEFILES', 0.04), ('X', 0.08), ('Y', 0.04), ('MAKEOVERRIDES', 0.03), ('SHELL', 0.03),
                 ('MAKECMDGOALS', 0.02), ('MAKE', 0.02), ('TMPDIR', 0.03), ('MAKE_TMPDIR', 0.03),
                 ('MAKE_RESTARTS', 0.03), ('CURDIR', 0.02), ('VPATH', 0.02), ('.SHELLFLAGS', 0.02),
                 ('MAKEFILE_LIST', 0.02), ('PATH', 0.03)]:
        if r.random() < p:
            if k in ('MAKEFLAGS', 'GNUMAKEFLAGS', 'MFLAGS'):
                env[k] = env_value(r)
            elif k == 'MAKELEVEL':
                env[k] = r.choice(['1', '2', 'x', '-1', '', '0', '12x'])
            elif k == 'MAKEFILES':
                env[k] = r.choice(['other.mk', 'nosuch.mk', 'inc.mk', ' other.mk other.mk'])
            elif k == 'SHELL':
                env[k] = r.choice(['/bin/false', '/bin/bash'])
            elif k in ('TMPDIR', 'MAKE_TMPDIR'):
                # not a directory, a file, empty, relative, a directory
                env[k] = r.choice(['/nonexistent-tmp', 'Makefile', '', '.', 'sub', '/tmp'])
            elif k == 'MAKE_RESTARTS':
                env[k] = r.choice(['1', '3', 'x', '-2', ''])
            elif k == 'PATH':
                env[k] = r.choice(['', '.', 'sub:/usr/bin:/bin', '/nonexistent', ':/usr/bin:/bin'])
            elif k == 'VPATH':
                env[k] = r.choice(['sub', 'src1 sub', ''])
            else:
                env[k] = r.choice(['envv', '$(W)', '-k', 'a b', 'X=y'])
    stdin = None
    if '-' in args or r.random() < 0.05:
        stdin = r.choice(['all: ; @echo stdin F=[$(MAKEFLAGS)] L=$(MAKELEVEL)\n',
                          'x: ; @echo x\n\t$(MAKE) -f - y < /dev/null || echo st=$$?\n',
                          '$(info stdin MFL=[$(MAKEFILE_LIST)])\nall: ; @$(MAKE) -f sub.mk sa\n'])
    fullpath = r.random() < 0.1
    parallel = any(re.search(r'-\w*j|--jobs|--jo\b|--jo=', a) for a in args + list(env.values())) or \
        any('-j2' in f for f in files.values())
    parallel = parallel and '.NOTPARALLEL:' not in files.get('Makefile', '')
    return files, ages, args, env, stdin, fullpath, parallel


def run(make, work, case):
    files, ages, args, env, stdin, fullpath, _ = case
    d = os.path.join(work, 'tree')
    b = os.path.join(work, 'bin')
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(d)
    os.makedirs(b)
    os.makedirs(os.path.join(work, 'home'))
    os.symlink(make, os.path.join(b, 'make'))
    write_tree(d, files, ages, T0)
    tmp = os.path.join(work, 'tmp')
    os.makedirs(tmp)
    e = {'PATH': b + ':/usr/local/bin:/usr/bin:/bin', 'HOME': os.path.join(work, 'home'), 'TMPDIR': tmp,
         'LC_ALL': 'C'}
    # The environment's PATH stands for the make's own; make is always found.
    e.update({k: (v if k != 'PATH' else b + ':' + v) for k, v in env.items()})
    argv0 = os.path.join(b, 'make') if fullpath else 'make'
    try:
        p = subprocess.run([argv0] + args, cwd=d, env=e, input=(stdin or '').encode(), capture_output=True,
                           timeout=30, executable=os.path.join(b, 'make'))
        out, err, st = p.stdout.decode('latin1'), p.stderr.decode('latin1'), p.returncode
    except subprocess.TimeoutExpired:
        out, err, st = '', '', 'timeout'
    got = read_tree(d)
    got['(TMPDIR left)'] = ' '.join(sorted(re.sub(r'\d+|Gm\w{6}', 'N', n) for n in os.listdir(tmp)))
    return out, err, st, got


_texts = {}


def own_texts(make):
    """What a make prints for --version and --help (rmake's differ on purpose)."""
    if make not in _texts:
        v, h = (subprocess.run(['make', o], executable=make, capture_output=True).stdout.decode('latin1')
                for o in ('--version', '--help'))
        _texts[make] = (v, h)
    return _texts[make]


def norm(s, work, make):
    s = re.sub(r'GMfifo\d+', 'GMfifo', s)
    s = re.sub(r'/Gm[A-Za-z0-9]{6}\b', '/GmTEMP', s)
    s = re.sub(r'--jobserver-auth=(?!-2,-2)\d+,\d+', '--jobserver-auth=R,W', s)
    s = s.replace(work, 'WORK')
    # --shuffle without a seed: make picks one at random.
    s = re.sub(r'--shuffle=\d+', '--shuffle=N', s)
    s = re.sub(r'(?m)^Enabled shuffle mode: \d+$', 'Enabled shuffle mode: N', s)
    # -p: figures of GNU's hash tables and string cache (not modelled, see
    # the README), times of files made during the run.
    s = re.sub(r'Collisions=\S+', 'Collisions=N', s)
    s = re.sub(r'(?m)^# strcache buffers:.*\n(?:^(?!# Finished).*\n)*', '', s)
    # (GNU says so when its current string buffer just filled up)
    s = re.sub(r'(?m)^# No strcache buffers\n\n', '', s)
    s = re.sub(r'(?m)^(#  Last modified |# Make data base, printed on |# Finished Make data base on ).*', r'\1T', s)
    # ... also where a $(shell) made a sub-make's -p one line.
    s = re.sub(r'(# Make data base, printed on |# Finished Make data base on )'
               r'[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4}', r'\1T', s)
    s = re.sub(r'# (strcache buffers:|No strcache buffers)[^\n]*?(?=# Finished Make data base on )', '', s)
    s = re.sub(r'(?m)^# (.*) \(device \d+, inode \d+\):', r'# \1 (device D, inode I):', s)
    # (where the temporary copy of a makefile read from stdin is in the
    # file table depends on its random name)
    s = re.sub(r'(?m)^# Not a target:\nWORK/tmp/GmTEMP:\n(?:^.+\n)*\n', '', s)
    # -d: where the lines about children come among the children's output
    # is a matter of timing (also after output that did not end its line:
    # a child may write before or after make says it started).
    s = re.sub(r'(Putting|Live|Reaping (winning|losing)|Removing) child 0x[0-9a-f]+ .*\n', '', s)
    if make != reference:
        rv, rh = own_texts(reference)
        cv, ch = own_texts(make)
        s = s.replace(ch, rh)
        s = s.replace('Report bugs to the rmake developers (see README.md)\n', 'Report bugs to <bug-make@gnu.org>\n')
        # The version text, its lines maybe prefixed ("make[1]: ", "# ").
        cl, rl = cv.rstrip('\n').split('\n'), rv.rstrip('\n').split('\n')
        pat = re.compile('^(.*?)' + re.escape(cl[0]) + '\n' + ''.join('\\1' + re.escape(l) + '\n' for l in cl[1:]),
                         re.M)
        s = pat.sub(lambda m: ''.join(m.group(1) + l + '\n' for l in rl), s)
        # ... or made one line by a $(shell) (a sub-make's -p banner kept
        # in a variable).
        for pre in ('# ', ''):
            s = s.replace(' '.join(pre + l for l in cl), ' '.join(pre + l for l in rl))
    return s


def compare(seed, work):
    case = gen(seed)
    parallel = case[6]
    def run_pair():
        res = []
        for m in (reference, candidate):
            o, e, st, f = run(m, work, case)
            res.append((norm(o, work, m), norm(e, work, m), st, f))
        shutil.rmtree(work, ignore_errors=True)
        return res
    same, (ro, re_, rs, rf), (co, ce, cs, cf) = agree(run_pair, parallel)
    # GNU 4.4.1 itself crashes on some cases (a sub-make with MAKEFLAGS=
    # on its command line and -t, say): not counted.
    if not same and ('Segmentation fault' in re_ or 'Error 139' in re_):
        return case, None, None, None
    return case, same, (ro, re_, rs, rf), (co, ce, cs, cf)


def describe(seed, case, same):
    files, ages, args, env, stdin, fullpath, _ = case
    out = ['=== seed %d: %s  args: %s' % (seed, 'same' if same else 'DIFFERENT',
                                          ' '.join(repr(a) if (' ' in a or not a) else a for a in args))]
    if env:
        out.append('env: ' + ' '.join('%s=%r' % kv for kv in sorted(env.items())))
    if fullpath:
        out.append('(invoked by its full path)')
    if ages:
        out.append('files (seconds after 2020-01-01): ' + ' '.join('%s:%d' % kv for kv in sorted(ages.items())))
    if stdin:
        out.append('--- stdin\n' + stdin.rstrip('\n'))
    for nm in sorted(files):
        out.append('--- %s\n%s' % (nm, files[nm].rstrip('\n')))
    return '\n'.join(out)


def save(seed, dest):
    """Writes seed's case as a testdata-style directory: its files, `args`,
    `setup` (the files' ages), `stdin`; the environment is printed (a
    testdata case must set it through a recursive make)."""
    files, ages, args, env, stdin, fullpath, _ = gen(seed)
    os.makedirs(dest, exist_ok=True)
    for nm, text in files.items():
        p = os.path.join(dest, nm)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(text)
    with open(os.path.join(dest, 'args'), 'w') as f:
        f.write(''.join(a + '\n' for a in args))
    if ages:
        with open(os.path.join(dest, 'setup'), 'w') as f:
            for nm, age in sorted(ages.items()):
                f.write("mkdir -p $(dirname %s); echo %s > %s; touch -d @%d %s\n" % (nm, nm, nm, T0 + age, nm))
    if stdin:
        with open(os.path.join(dest, 'stdin'), 'w') as f:
            f.write(stdin)
    print('%s: seed %d; env %s%s' % (dest, seed, ' '.join('%s=%r' % kv for kv in sorted(env.items())) or '(none)',
                                      '; invoked by its full path' if fullpath else ''))


def main():
    if sys.argv[1] == '--save':
        return save(int(sys.argv[2]), sys.argv[3])
    for m in (reference, candidate):
        if not os.access(m, os.X_OK):
            sys.exit('diff_cli: no make at %s (set CANDIDATE or REFERENCE_MAKE)' % m)
    seed0, n = int(sys.argv[1]), int(sys.argv[2])
    verbose = '-v' in sys.argv[3:]
    work = scratch('cli.%d' % os.getpid())
    bad = skipped = 0
    for seed in range(seed0, seed0 + n):
        case, same, ref, cand = compare(seed, work)
        if same is None:
            skipped += 1
            continue
        bad += not same
        if same and not verbose:
            continue
        print(describe(seed, case, same))
        if not same:
            show_diff(ref, cand, 80)
        sys.stdout.flush()
    print('diff_cli: %d of %d cases differ (%d skipped: the reference crashed)' % (bad, n, skipped))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
