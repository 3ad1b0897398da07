#!/usr/bin/env python3
"""Differential testing on the examples of the GNU make manual.

    tests/fuzz/diff_manual.py MAKE.TEXI [-v] [--only N[,N...]] [--modes M,...]
    tests/fuzz/diff_manual.py MAKE.TEXI --list          (the blocks, as read)
    tests/fuzz/diff_manual.py MAKE.TEXI --save ID DIR   (one case to DIR)

MAKE.TEXI is the Texinfo source of the manual (doc/make.texi of GNU make).
Nothing of it is kept in this repository: every @example and @smallexample
block is read from it at run time, its Texinfo markup undone (@@, @{, @}
unescaped, @var{x}, @code{x}, @r{x}... reduced to their text, @dots{} to
`...', @group lines dropped) and, since Texinfo has no tabs, the leading
blanks of recipe lines turned back into a tab (and the first eight blanks
of a continued recipe line).

Blocks that are no makefile (shell sessions, make's messages, C code, a
program's output, a command line) are counted and skipped. Each other block
gives several cases:

  raw       the block alone as `Makefile', no other file;
  new       the block with scaffolding: an `all' goal first naming every
            explicit target (when the block has targets and no `all'), lines
            that are only a function call wrapped in $(info ...), a $(info)
            of every variable the block assigns, and the files the rules
            name: prerequisites that are no target exist, targets do not;
  stale     the same, every target existing but older than its sources;
  uptodate  the same, every target newer than what it depends on.

Under the default goal and each mode below; besides, with the `new' files:

  goals     each explicit target of the block (up to six) as the goal,
            alone and with -n, -q, -t;
  cmdvars   the variables the block reads and does not set given on the
            command line (v-NAME, CC=gcc), with -n, -q, --trace;
  envvars   the same in the environment, with -n and -e;
  pair      the block after the one before it (examples build on the one
            before), with -n, -q, -p.

The rule graph comes from the reference's own -pq of the scaffolded
makefile (targets, their prerequisites, files mentioned), with words of the
block that look like source file names added. Commands the examples call
(cc, ld, yacc, lpr, generate, gobble...) are stub scripts first on PATH:
they print nothing and create the file named by -o (or x.o for cc -c x.c,
and the like), so rules chain as they would. $(MAKE) is a wrapper that
stops at MAKELEVEL 4 (an example remaking its own makefile with a sub-make
recurses without end); when the block runs $(MAKE), directories subdir,
foo, bar and baz have a makefile that says where it runs.

The modes: the default goal, -n, -q, -t, -p, -j2, --trace and -k (or
those of --modes, for every case). The reference GNU make 4.4.1 and
$CANDIDATE (default target/release/rmake) run one after the other on fresh
copies at the same path, invoked as `make' (the wrapper first on PATH for
$(MAKE)), with only PATH, HOME, TMPDIR and LC_ALL=C in the environment.
Compared: standard output, standard error, exit status and the files left
(contents). Only what is not modelled or random is masked (see
diff_cli.norm: -p's hash-table figures and string cache, times; --version
texts); under -j2 lines are compared sorted and a case differs only if
three runs differ. A run is stopped after 20 s (with its sub-makes).
"""
import os, re, resource, shutil, signal, subprocess, sys, tempfile
from diffcommon import agree, candidate, read_tree, reference, scratch, show_diff, write_tree
from diff_cli import norm

MODES = [[], ['-n'], ['-q'], ['-t'], ['-p'], ['-j2'], ['--trace'], ['-k']]
T0 = 1577836800  # 2020-01-01

# ---------------------------------------------------------------- Texinfo


def blocks(texi):
    """(line number, text) of every @example / @smallexample block."""
    out, cur, start = [], None, 0
    with open(texi, encoding='utf-8', errors='replace') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if cur is None:
                if re.match(r'@(small)?example\b', line):
                    cur, start = [], n
                continue
            if re.match(r'@end (small)?example\b', line):
                out.append((start, untexi(cur)))
                cur = None
                continue
            cur.append(line)
    return out


def untexi(lines):
    """The text of a block's lines with the Texinfo markup undone."""
    keep = []
    for l in lines:
        if re.match(r'@(end )?group\s*$', l) or re.match(r'@c(omment)?(\s|$)', l):
            continue
        keep.append(l)
    s = '\n'.join(keep)
    s = s.replace('@@', '\x00').replace('@{', '\x01').replace('@}', '\x02')
    s = re.sub(r'@dots\{\}', '...', s)
    s = re.sub(r'@(result|equiv|expansion|print|error)\{\}', '', s)
    while True:
        t = re.sub(r'@[a-zA-Z]+\{([^{}]*)\}', r'\1', s)
        if t == s:
            break
        s = t
    s = s.replace('\x00', '@').replace('\x01', '{').replace('\x02', '}')
    return s.strip('\n') + '\n'


DIRECTIVE = re.compile(r'(-?include|sinclude|ifn?eq|ifn?def|else|endif|define|endef|export|unexport|override|'
                       r'private|vpath|undefine|load|-load)(\s|$)')
ASSIGN = re.compile(r'^\s*(?:(?:override|export|private)\s+)*([^\s:#=?+!$()]+)\s*(?:\?|\+|!|:{1,3})?=')


def is_rule_line(l):
    """Whether an unindented line starts a rule (and so a recipe context)."""
    if l.startswith('#') or DIRECTIVE.match(l):
        return False
    s = re.sub(r'\$\([^()]*\)|\$\{[^{}]*\}', 'V', l)
    m = re.search(r':::=|::=|:=|::|:|\?=|\+=|!=|=', s)
    return bool(m) and m.group() in (':', '::')


def tabify(text):
    """Puts back the tab of recipe lines: an indented line in a rule's
    context, outside define, starts with a tab; an indented line continuing
    a recipe line has its first eight blanks made a tab."""
    out, in_rule, in_define, cont, cont_recipe = [], False, 0, False, False
    for l in text.split('\n'):
        if cont:
            if cont_recipe and l.startswith('        '):
                l = '\t' + l[8:]
            out.append(l)
            cont = l.endswith('\\') and not l.endswith('\\\\')
            continue
        stripped = l.lstrip(' ')
        if in_define:
            if re.match(r'\s*endef\b', l):
                in_define -= 1
            elif re.match(r'\s*(override\s+|export\s+|private\s+)*define\b', l):
                in_define += 1
            out.append(l)
            cont = False
            continue
        if re.match(r'(override\s+|export\s+|private\s+)*define\b', stripped) and not l.startswith(' '):
            in_define = 1
            in_rule = False
            out.append(l)
            continue
        recipe = False
        if l.startswith(' ') and stripped and in_rule and not DIRECTIVE.match(stripped):
            l = '\t' + stripped
            recipe = True
        elif not l.startswith(' ') and l.strip():
            if is_rule_line(l):
                in_rule = True
                recipe = ';' in l
            elif not l.startswith('#') and not DIRECTIVE.match(l):
                in_rule = False
        out.append(l)
        cont = l.endswith('\\') and not l.endswith('\\\\')
        cont_recipe = recipe
    return '\n'.join(out)


MAKEFILE_LIKE = re.compile(r'(?m)^(?:[^\s#].*(?::|=)|\$[({]|(?:' + DIRECTIVE.pattern + r'))')


def not_makefile(text):
    """Why a block is not a makefile, or None."""
    first = text.lstrip('\n').split('\n', 1)[0]
    if first.startswith('$ '):
        return 'shell session'
    if re.search(r'(?m)^#include <|^(int|void|static|struct) |^\s*(return|fprintf|printf) ', text):
        return 'C code'
    lines = [l for l in text.split('\n') if l.strip()]
    if lines and all(re.match(r'(make(\[\d+\])?|[\w.]+:\d+): ', l) for l in lines):
        return 'messages'
    if re.match(r'\s*(https?://|[\w.-]+@[\w.-]+\s*$)', text):
        return 'address'
    if len(lines) == 1 and re.match(r'(make|cc|ar|ranlib)( |$)|-\w( |$)', lines[0]):
        return 'command line'
    if not MAKEFILE_LIKE.search(text):
        return 'text'
    return None


# ----------------------------------------------------------- scaffolding

FUNCS = ('subst patsubst strip findstring filter filter-out sort word wordlist words firstword lastword dir '
         'notdir suffix basename addsuffix addprefix join wildcard realpath abspath foreach let call value '
         'origin flavor shell if or and intcmp file').split()
EXPR_LINE = re.compile(r'^\$[({](' + '|'.join(re.escape(f) for f in FUNCS) + r')[ ,]')
SOURCE = re.compile(r'(?<![\w$%*/.-])((?:[\w-]+/)*[\w-]+\.(?:c|h|y|l|s|f|p|el|g|in|texinfo|1|2|3))(?![\w/])')

STUB = r'''#!/bin/sh
# A stand-in for a command the manual's examples call: prints nothing and
# creates the file it would make.
me=${0##*/}
out= prev= src=
for a in "$@"; do
  case $prev in -o) out=$a ;; esac
  case $a in -*) ;; *.c|*.s|*.f|*.p) src=$a ;; esac
  prev=$a
done
case $me in
  cc|gcc|c++|g++|as|f77|fc|pc|ld)
    if [ -n "$out" ]; then echo "$me $*" > "$out"
    elif [ -n "$src" ]; then case " $* " in *" -c "*) b=${src##*/}; echo "$me $*" > "${b%.*}.o" ;; *) echo "$me $*" > a.out ;; esac
    fi ;;
  yacc) echo "$me $*" > y.tab.c ;;
  bison) for a in "$@"; do case $a in *.y) b=${a%.y}; echo "$me $*" > "$b.tab.c"; echo "$me $*" > "$b.tab.h" ;; esac; done ;;
  lex|flex) echo "$me $*" > lex.yy.c ;;
  ar) n=0; for a in "$@"; do n=$((n+1)); if [ $n = 2 ]; then echo "$me $*" >> "$a"; fi; done ;;
  makeinfo) for a in "$@"; do case $a in *.texinfo) echo "$me $*" > "${a%.texinfo}.info" ;; esac; done ;;
  *) [ -n "$out" ] && echo "$me $*" > "$out" ;;
esac
exit 0
'''
STUBS = ('cc gcc c++ g++ as f77 fc pc ld yacc bison lex flex ar ranlib lpr generate frobnicate gobble emacs '
         'makeinfo etags shar compress zoo install frob-step-1 frob-step-2 co cvs sccs get tex texi2dvi weave '
         'tangle cweave ctangle m2c cpp').split()


def graph(mk, work):
    """From the reference's -pq of makefile text `mk`: the explicit targets
    in order (name -> prerequisites) and the files only mentioned."""
    d = os.path.join(work, 'probe')
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(d, 'Makefile'), 'w') as f:
        f.write(mk)
    os.makedirs(os.path.join(d, '.bin'))
    with open(os.path.join(d, '.bin/make'), 'w') as f:
        f.write(WRAPPER % reference)
    os.chmod(os.path.join(d, '.bin/make'), 0o755)
    try:
        out = bounded(['make', '-pq', '-r'], reference, d, {'PATH': d + '/.bin:/usr/bin:/bin', 'LC_ALL': 'C'}, 5)[0]
    except subprocess.TimeoutExpired:
        out = ''
    shutil.rmtree(d, ignore_errors=True)
    targets, mentioned = {}, []
    sec = out.split('\n# Files\n', 1)
    if len(sec) < 2:
        return targets, mentioned
    not_target = False
    for l in sec[1].split('\n'):
        if l.startswith('# files hash-table stats'):
            break
        if l == '# Not a target:':
            not_target = True
            continue
        m = re.match(r'([^#\t\s][^:]*?):{1,2}(?: (.*))?$', l)
        if m and not l.startswith('# '):
            name, pre = m.group(1), (m.group(2) or '').replace('|', ' ').split()
            if not_target:
                mentioned.append(name)
            elif not name.startswith('.') and '%' not in name:
                targets[name] = pre
            not_target = False
    return targets, mentioned


def safe_name(n):
    return (n and not n.startswith(('/', '-', '~')) and '..' not in n.split('/') and not re.search(r'[$%*?\[\]()\s]', n)
            and not n.endswith('/'))


def scaffold(text, work):
    """The scaffolded makefile and the files of the new, stale and uptodate
    cases (name -> age in seconds after T0, or None: absent)."""
    lines, in_define = [], 0
    for l in text.split('\n'):
        if re.match(r'\s*(override\s+|export\s+)*define\b', l):
            in_define += 1
        elif re.match(r'\s*endef\b', l) and in_define:
            in_define -= 1
        elif not in_define and EXPR_LINE.match(l) and not l.endswith('\\'):
            l = '$(info %s)' % l
        lines.append(l)
    body = '\n'.join(lines)
    names = []
    for l in text.split('\n'):
        m = ASSIGN.match(l)
        if m and not l.startswith('\t') and m.group(1) not in names and re.match(r'[\w.-]+$', m.group(1)):
            names.append(m.group(1))
    tail = ''.join('$(info %s=[$(%s)] $(flavor %s) $(origin %s))\n' % (n, n, n, n) for n in names)
    targets, mentioned = graph(body + '\n', work)
    head = ''
    if targets and 'all' not in targets:
        # (not those that undo the others)
        head = 'all: %s\n' % ' '.join(t for t in targets if safe_name(t) and not re.search('clean|install', t))
    mk = head + body + '\n' + tail
    # Files: targets, and sources (prerequisites no rule makes, files the
    # block names).
    tset = {t for t in targets if safe_name(t)}
    srcs = []
    for t, pre in targets.items():
        for p in pre:
            if p not in targets and p not in srcs:
                srcs.append(p)
    for p in mentioned + SOURCE.findall(text):
        if p not in targets and p not in srcs:
            srcs.append(p)
    srcs = [s for s in srcs if safe_name(s) and s not in ('Makefile', 'all') and not s.startswith('.')]
    # depth of each target above the sources
    depth = {}

    def dep(t, seen=()):
        if t in depth:
            return depth[t]
        if t not in targets or t in seen:
            return 0
        depth[t] = 1 + max([dep(p, seen + (t,)) for p in targets[t]] or [0])
        return depth[t]

    for t in tset:
        dep(t)
    # a directory some name lies in must not also be a file
    dirs = {os.path.dirname(n) for n in list(tset) + srcs} - {''}
    srcs = [s for s in srcs if s not in dirs]
    tset = {t for t in tset if t not in dirs}
    new = {s: 100 for s in srcs}
    stale = dict(new)
    stale.update({s: 5000 for s in srcs})
    stale.update({t: 1000 for t in tset})
    uptodate = dict(new)
    uptodate.update({t: 1000 + 100 * depth.get(t, 1) for t in tset})
    if '$(MAKE)' in text or '${MAKE}' in text:
        for sub in ('subdir', 'foo', 'bar', 'baz'):
            if sub not in tset and sub not in srcs:
                for case in (new, stale, uptodate):
                    case[sub + '/Makefile'] = None
    return mk, {'new': new, 'stale': stale, 'uptodate': uptodate}


SUBMAKE = 'all: ; @echo made in $(notdir $(CURDIR)) at level $(MAKELEVEL) with [$(MAKEFLAGS)]\n'


SKIP_VARS = re.compile(r'(MAKE\w*|SHELL|PATH|HOME|CURDIR|VPATH|SUFFIXES|GPATH|\.\w+|\d+|[@<^+?*%|]|[@<^+?*%][DF])$')


def free_vars(text):
    """Variables the block reads but does not assign."""
    assigned = {m.group(1) for m in (ASSIGN.match(l) for l in text.split('\n')) if m}
    assigned |= set(re.findall(r'(?m)^\s*(?:override\s+|export\s+)*define\s+(\S+)', text))
    names = re.findall(r'\$[({]([A-Za-z_][\w-]*)[)}:]', text) + re.findall(r'(?m)^\s*ifn?def\s+(\S+)', text)
    out = []
    for n in names:
        if n not in assigned and n not in FUNCS and n not in out and not SKIP_VARS.match(n):
            out.append(n)
    return out


GOAL_MODES = [[], ['-n'], ['-q'], ['-t']]
FEW_MODES = [[], ['-n'], ['-q'], ['--trace']]


def cases(texi, work):
    """Every case: (id, line, makefile text, files {name: age|None}, runs:
    [(args, env)])."""
    out, skipped = [], []
    every = [(m, None) for m in MODES]
    prev = None
    for i, (line, text) in enumerate(blocks(texi), 1):
        why = not_makefile(text)
        if why:
            skipped.append((i, line, why))
            prev = None
            continue
        mk = tabify(text)
        out.append(('%d.raw' % i, line, mk, {}, every))
        smk, files = scaffold(mk, work)
        for v in ('new', 'stale', 'uptodate'):
            out.append(('%d.%s' % (i, v), line, smk, files[v], every))
        # each target of the block as the goal
        targets = [t for t in graph(mk + '\n', work)[0] if safe_name(t) and not re.search('install', t)][:6]
        if targets:
            out.append(('%d.goals' % i, line, smk, files['new'], [(m + [t], None) for t in targets
                                                                  for m in GOAL_MODES]))
        # the variables it reads and does not set, on the command line and
        # in the environment
        fv = free_vars(mk)
        if fv:
            vals = {n: 'gcc' if n == 'CC' else 'v-' + n for n in fv}
            out.append(('%d.cmdvars' % i, line, smk, files['new'],
                        [(['%s=%s' % kv for kv in vals.items()] + m, None) for m in FEW_MODES]))
            out.append(('%d.envvars' % i, line, smk, files['new'], [(m, vals) for m in [[], ['-n'], ['-e']]]))
        # with the block before it (examples often build on the one before)
        if prev is not None:
            pmk, pfiles = scaffold(prev + '\n' + mk, work)
            out.append(('%d.pair' % i, line, pmk, pfiles['new'], [(m, None) for m in [[], ['-n'], ['-q'], ['-p']]]))
        prev = mk
    return out, skipped


# ------------------------------------------------------------------ runs


# `make' on PATH, for $(MAKE): the make run, as `make', but for an example
# that would recurse without end (a makefile remade by running make on it).
WRAPPER = '''#!/bin/bash
if [ "${MAKELEVEL:-0}" -ge 4 ]; then echo "make nested too deep" >&2; exit 99; fi
exec -a make %s "$@"
'''


def bounded(argv, exe, cwd, env, secs):
    """Runs `exe' as argv in its own session: stdout, stderr, status; on
    timeout kills the whole session (sub-makes too) and raises. No file
    it writes, its output included, may pass 8 MiB (a recipe `yes'...)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (8 << 20, 8 << 20))

    with tempfile.TemporaryFile() as o, tempfile.TemporaryFile() as e:
        p = subprocess.Popen(argv, executable=exe, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=o, stderr=e,
                             start_new_session=True, preexec_fn=limit)
        try:
            p.wait(timeout=secs)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            raise
        o.seek(0)
        e.seek(0)
        return o.read().decode('latin1'), e.read().decode('latin1'), p.returncode


def tools(work):
    """The stub scripts (made once)."""
    s = os.path.join(work, 'stub')
    if not os.path.isdir(s):
        os.makedirs(s)
        with open(os.path.join(s, 'stub'), 'w') as f:
            f.write(STUB)
        os.chmod(os.path.join(s, 'stub'), 0o755)
        for n in STUBS:
            os.symlink('stub', os.path.join(s, n))
    return s


def run(make, work, mk, files, args, env=None):
    s = tools(work)
    b = os.path.join(work, 'bin')
    d = os.path.join(work, 'tree')
    for x in (d, b, os.path.join(work, 'home'), os.path.join(work, 'tmp')):
        shutil.rmtree(x, ignore_errors=True)
        os.makedirs(x)
    with open(os.path.join(b, 'make'), 'w') as f:
        f.write(WRAPPER % make)
    os.chmod(os.path.join(b, 'make'), 0o755)
    texts = {'Makefile': mk}
    texts.update({n: SUBMAKE for n, a in files.items() if a is None})
    write_tree(d, texts, {n: a for n, a in files.items() if a is not None}, T0)
    e = {'PATH': s + ':' + b + ':/usr/bin:/bin', 'HOME': os.path.join(work, 'home'),
         'TMPDIR': os.path.join(work, 'tmp'), 'LC_ALL': 'C'}
    e.update(env or {})
    try:
        out, err, st = bounded(['make'] + args, make, d, e, 20)
    except subprocess.TimeoutExpired:
        out, err, st = '', '', 'timeout'
    got = read_tree(d)
    got['(TMPDIR left)'] = ' '.join(sorted(os.listdir(os.path.join(work, 'tmp'))))
    return out, err, st, got


def norm_host(s):
    """-p: how many files a directory of the host (outside the work
    directory, /tmp say) holds changes from run to run, and so the total."""
    if not re.search(r'(?m)^# /(?!WORK)\S* \(device D, inode I\): \d+ files', s):
        return s
    s = re.sub(r'(?m)^(# /(?!WORK)\S* \(device D, inode I\): )\d+ files', r'\1N files', s)
    return re.sub(r'(?m)^# \d+ files, (\d+ impossibilities in \d+ directories)', r'# N files, \1', s)




def compare(work, mk, files, args, env=None):
    parallel = '-j2' in args
    def run_pair():
        res = []
        for m in (reference, candidate):
            o, e, st, f = run(m, work, mk, files, args, env)
            res.append((norm_host(norm(o, work, m)), norm(e, work, m), st, f))
        return res
    return agree(run_pair, parallel)


def save(case, dest):
    cid, line, mk, files, runs = case
    os.makedirs(dest, exist_ok=True)
    with open(os.path.join(dest, 'Makefile'), 'w') as f:
        f.write(mk)
    setup = []
    for n, a in sorted(files.items()):
        if a is None:
            setup.append("mkdir -p $(dirname %s); printf '%%s\\n' '%s' > %s" % (n, SUBMAKE.rstrip('\n'), n))
        else:
            setup.append('mkdir -p $(dirname %s); echo %s > %s; touch -d @%d %s' % (n, n, n, T0 + a, n))
    if setup:
        with open(os.path.join(dest, 'setup'), 'w') as f:
            f.write('\n'.join(setup) + '\n')
    print('%s: case %s (make.texi line %d); runs: %s' % (dest, cid, line, '; '.join(
        ' '.join(a) + (' env %s' % e if e else '') for a, e in runs)))


def main():
    argv = sys.argv[1:]
    if not argv:
        sys.exit(__doc__)
    texi = argv[0]
    work = scratch('manual.%d' % os.getpid())
    if '--list' in argv:
        for i, (line, text) in enumerate(blocks(texi), 1):
            why = not_makefile(text)
            print('=== block %d, line %d%s\n%s' % (i, line, ' (skipped: %s)' % why if why else '',
                                                    tabify(text) if not why else text), end='')
        return
    all_cases, skipped = cases(texi, work)
    if '--save' in argv:
        k = argv.index('--save')
        for c in all_cases:
            if c[0] == argv[k + 1]:
                return save(c, argv[k + 2])
        sys.exit('diff_manual: no case %s' % argv[k + 1])
    for m in (reference, candidate):
        if not os.access(m, os.X_OK):
            sys.exit('diff_manual: no make at %s (set CANDIDATE or REFERENCE_MAKE)' % m)
    verbose = '-v' in argv
    only = None
    if '--only' in argv:
        only = set(argv[argv.index('--only') + 1].split(','))
    modes = None
    if '--modes' in argv:
        modes = [m.split() for m in argv[argv.index('--modes') + 1].split(',')]
    n = bad = 0
    bad_blocks, ran_blocks = set(), set()
    for cid, line, mk, files, runs in all_cases:
        blk = cid.split('.')[0]
        if only and blk not in only and cid not in only:
            continue
        ran_blocks.add(blk)
        if modes is not None:
            runs = [(m, None) for m in modes]
        for args, env in runs:
            n += 1
            same, ref, cand = compare(work, mk, files, args, env)
            if same and not verbose:
                continue
            print('=== case %s (make.texi line %d) args %s%s: %s' % (
                cid, line, ' '.join(args) or '(none)', ' env %s' % env if env else '', 'same' if same else 'DIFFERENT'))
            if not same:
                bad += 1
                bad_blocks.add(blk)
                print(mk + ('--- files: %s\n' % ' '.join('%s:%s' % kv for kv in sorted(files.items())) if files
                            else ''), end='')
                show_diff(ref, cand, 60)
            sys.stdout.flush()
    print('diff_manual: %d blocks, %d skipped as no makefile (%s); %d blocks run, %d runs, %d differ '
          '(in %d blocks)' % (len(blocks(texi)), len(skipped), ', '.join(sorted({w for _, _, w in skipped})),
                              len(ran_blocks), n, bad, len(bad_blocks)))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
