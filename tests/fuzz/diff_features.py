#!/usr/bin/env python3
"""Differential fuzzing of feature combinations the other generators reach
only thinly.

    tests/fuzz/diff_features.py FIRST_SEED COUNT [-v]
    tests/fuzz/diff_features.py --show SEED          (print one case)
    tests/fuzz/diff_features.py --save SEED DIR      (one case as a directory)

Each case is a makefile made of two to five pieces, each drawn from:

  secexp    .SECONDEXPANSION with $$<, $$^, $$+, $$|, $$*, $$(@D), $$(@F),
            later-defined variables and functions, in explicit, pattern and
            static pattern rules (and a .SECONDEXPANSION placed late);
  tsv       target- and pattern-specific variables (private, override,
            export, unexport, +=, ?=, :=, ::=, !=) inherited through
            prerequisites, several patterns matching one target;
  oneshell  .ONESHELL with .SHELLFLAGS, SHELL, @ - + prefixes on the first
            and later lines, canned recipes;
  order     order-only prerequisites, .WAIT and .NOTPARALLEL (with and
            without prerequisites), prerequisites newer than the target;
  chain     chains of pattern rules with .INTERMEDIATE, .SECONDARY,
            .PRECIOUS, .NOTINTERMEDIATE (names and patterns), failing steps,
            .DELETE_ON_ERROR, files partly present;
  dcolon    double-colon rules (with and without prerequisites, failing)
            and terminal match-anything rules;
  funcs     $(file >, >>, <), $(let), $(intcmp), $(value), $(flavor),
            $(origin) at parse time and in recipes;
  define    define with every flavor (=, :=, ::=, :::=, +=, ?=, !=),
            override/export/private define, nested define, endef with
            comments and extra text, canned recipes;
  extra     .EXTRA_PREREQS global and target-specific, named or not by
            rules;
  export    export/unexport (of names, of everything, target-specific),
            .EXPORT_ALL_VARIABLES, variables from the environment seen in
            recipes, with -e;

with input files of chosen ages, and run with random options (-t -q -n -W
-o -B -k -i -s -e -r, --no-silent, goals; -j2 rarely) and sometimes
command-line variables and environment variables. The reference GNU make
4.4.1 and $CANDIDATE (default target/release/rmake) each run as `make' on a
fresh copy of the case at the same path. Compared: standard output, standard
error, exit status, and the files left (contents, and for the files the
case started with, whether their modification time changed). Under -j2 the
output lines are compared sorted and a case differs only if three runs
differ. Numbers of three digits or more are masked (a `$$' reaching the
shell prints its pid). Cases where the reference crashes (GNU 4.4.1 dies on a $(let) whose
list is blank) or hangs are skipped. Prints each differing case with its
seed (-v: every case). A seed always gives the same case.
"""
import os, random, re, shutil
from diffcommon import agree, candidate, mtimes, read_tree_since, reference, run_make, seed_main

T0 = 1577836800  # 2020-01-01


class Case:
    def __init__(self, r):
        self.r = r
        self.lines = []     # the makefile
        self.goals = []     # prerequisites of `all'
        self.ages = {}      # input file -> age (seconds after T0)
        self.texts = {}     # input file -> text (age 0)
        self.names = []     # targets a goal may name
        self.env = {}
        self.vars = []      # command-line variables
        self.args = []
        self.parallel = False


def recipe(r, auto=True, n=None):
    """Plain recipe lines."""
    out = []
    for _ in range(n if n is not None else r.choice([1, 1, 1, 2, 2, 3])):
        pre = r.choice(['', '', '', '@', '@', '-', '@-', '+'])
        body = r.choice([
            'echo "$@ <$<> ^$^ +$+ ?$? |$| *$*"' if auto else 'echo $@',
            'echo $@ > $@', 'touch $@', 'echo made $@', 'echo $@ >> log',
            'false', 'exit 2', 'echo "$@ [$(V)]"', ':', 'printf "%s\\n" $@ $^ > $@',
            'echo $(@D) $(@F) $(*D) $(*F) $(<F)', 'test -f $@ || echo no $@ yet',
        ])
        out.append('\t' + pre + body)
    return out


def mtime_setup(c, names, pmiss=0.4, lo=0, hi=9):
    for n in names:
        if c.r.random() >= pmiss:
            c.ages[n] = c.r.randint(lo, hi)


# ---------------------------------------------------------------- pieces

def secexp(c):
    r = c.r
    L = c.lines
    late = r.random() < 0.15
    if not late:
        L.append('.SECONDEXPANSION:')
    srcdir = r.choice(['src', '.', 'src/'])
    L.append('SRCDIR = ' + srcdir)
    exprs = ['$$*', '$$*.c', '$$(SRCDIR)/$$*.c', '$$(@D)/dep.h', '$$(@F).in', '$$<', '$$^', '$$+',
             '$$|', '$$(patsubst %.o,%.c,$$@)', '$$(basename $$@).h', '$$(LATER)', '$$$$(LATER)',
             '$$(addsuffix .c,$$(basename $$(notdir $$@)))', '$$(firstword $$^)', '$$(wildcard *.h)',
             '$$(TSV)', '$$(if $$(filter a%,$$@),a.h,b.h)', '$$(*F).c', '$$(call F,$$@)',
             '$$(foreach x,1 2,$$@.$$x)']
    pexprs = ['%.c', '$$*.c', '%.h', '$$(SRCDIR)/%.c', '$$(@D)/%.h', '$$(LATER)', '$$<', '$$^',
              '$$(patsubst %.o,%.c,$$@)', '%.c $$$$(LATER)', '$$(*F).c', '%$$(SUF)']
    kind = r.random()
    objs = r.sample(['a.o', 'b.o', 'sub/c.o', 'd.o'], r.randint(1, 3))
    if kind < 0.4:
        oo = ' | ' + r.choice(['$$(@D)', 'dirs', '$$*.dir']) if r.random() < 0.3 else ''
        L.append('%s: %%.o: %s%s' % (' '.join(objs), ' '.join(r.sample(pexprs, r.randint(1, 3))), oo))
    elif kind < 0.75:
        oo = ' | ' + r.choice(['$$(@D)', 'dirs']) if r.random() < 0.3 else ''
        L.append('%%.o: %s%s' % (' '.join(r.sample(pexprs, r.randint(1, 3))), oo))
    else:
        L.append('%s: %s' % (' '.join(objs), ' '.join(r.sample(exprs, r.randint(1, 4)))))
    L += recipe(r)
    if r.random() < 0.5:
        t = r.choice(objs)
        L.append('%s: %s' % (t, ' '.join(r.sample(exprs, r.randint(1, 3)))))
    if r.random() < 0.4:
        L.append('%s: TSV = %s' % (r.choice(objs + ['%.o']), r.choice(['a.h', 'b.c', '$$@.t', 'x.h'])))
    if r.random() < 0.3:
        L.append('F = $(1:.o=.h)')
    if r.random() < 0.3:
        L.append('SUF = ' + r.choice(['.c', '.h', '']))
    if late:
        L.append('.SECONDEXPANSION:')
    if r.random() < 0.3:
        L.append('dirs sub: ; @echo mkdir $@')
    if r.random() < 0.5:
        L.append(r.choice(['%.c', '%.h', '%.c %.h', '%.l %.h %.c']) + ': ; @echo gen $@')
    L.append('LATER = ' + r.choice(['a.c', 'b.h', '$(SRCDIR)/a.c', 'x.h', '', '$$@.l']))
    c.goals += objs
    c.names += objs
    mtime_setup(c, ['a.c', 'b.c', 'src/a.c', 'src/b.c', 'src/sub/c.c', 'sub/c.c', 'a.h', 'b.h', 'x.h',
                    'sub/dep.h', 'dep.h', 'a.o', 'b.o', 'd.c', 'd.o.in', 'a.o.in'], 0.3)


def tsv(c):
    r = c.r
    L = c.lines
    ops = ['=', ':=', '+=', '?=', '::=', '!=']
    mods = ['', '', '', 'private ', 'override ', 'export ', 'unexport ', 'override private ', 'private export ']
    vals = {'=': ['t-$@', 'x', '$(V) more', ''], ':=': ['imm-$(V)', '$@', 'y'],
            '+=': ['add', '$@', '$(W)'], '?=': ['cond', '$(V)'], '::=': ['pp', '$(W)'],
            '!=': ['echo sh-$@', 'echo bang', 'printf "a b"']}
    if r.random() < 0.7:
        L.append('V %s global' % r.choice(['=', ':=', '?=']))
    if r.random() < 0.5:
        L.append('W = w-$@')
    ts = ['t1', 't2', 't3', 'p.x', 'q.x']
    L.append('t1: t2 %s' % r.choice(['t3', 'p.x', '', 'q.x t3']))
    L.append('t2: %s' % r.choice(['t3', 'p.x', '']))
    for _ in range(r.randint(2, 6)):
        op = r.choice(ops)
        tgt = r.choice(ts + ['%.x', 'p%', '%', 't%', '%2', 't1 t3'])
        var = r.choice(['V', 'V', 'W', 'P'])
        L.append('%s: %s%s %s %s' % (tgt, r.choice(mods), var, op, r.choice(vals[op])))
    for t in ts:
        L.append('%s:' % t if r.random() < 0.8 else '%s: ; @echo "%s semi [$(V)]"' % (t, t))
        if r.random() < 0.85:
            L.append('\t@echo "%s [$(V)] [$(W)] [$(P)] env[$$V][$$P][$$W] o:$(origin V) f:$(flavor V)"' % t)
    c.goals.append('t1')
    c.names += ts
    if r.random() < 0.3:
        c.vars.append(r.choice(['V=cl', 'V+=cl', 'P:=cl', 'W=cl-$$x', 'V:=ov']))
    if r.random() < 0.3:
        c.env[r.choice(['V', 'P', 'W'])] = r.choice(['env', 'e n'])


def oneshell(c):
    r = c.r
    L = c.lines
    L.append('.ONESHELL:')
    if r.random() < 0.5:
        L.append('.SHELLFLAGS = ' + r.choice(['-ec', '-c', '-e -c', '-euc', '-vc']))
    if r.random() < 0.3:
        L.append('SHELL = ' + r.choice(['/bin/sh', '/bin/bash', '/bin/dash']))
    if r.random() < 0.3:
        L.append('define CANNED\n%s\nendef' % '\n'.join(
            r.choice(['@echo canned $@', '-false', 'echo c2', '+echo c3', '  @echo sp']) for _ in range(r.randint(1, 3))))
    for t in r.sample(['o1', 'o2', 'o3'], r.randint(1, 3)):
        L.append('%s:%s' % (t, r.choice(['', ' o3', ' | o3'] if t != 'o3' else [''])))
        for i in range(r.randint(1, 4)):
            pre = r.choice(['', '', '@', '-', '+', '@-', ' @', '\t'])
            body = r.choice(['echo %s line %d' % (t, i), 'false', 'x=%d' % i, 'echo "x=$$x"', 'cd sub 2>/dev/null',
                             'pwd | sed "s,.*/,,"', 'exit 0', 'echo $@ > $@', 'if true; then', 'echo in-if', 'fi',
                             '$(CANNED)', 'echo a \\', '  b', 'test -n "$$x" || echo unset'])
            L.append('\t' + pre + body)
        c.goals.append(t)
        c.names.append(t)


def order(c):
    r = c.r
    L = c.lines
    ns = ['w1', 'w2', 'w3', 'w4', 'o.f']
    for t in ns:
        pre = [n for n in ns if ns.index(n) > ns.index(t) and r.random() < 0.4]
        if len(pre) > 1 and r.random() < 0.3:
            pre.insert(1, '.WAIT')
        oo = [n for n in ns if ns.index(n) > ns.index(t) and n not in pre and r.random() < 0.3]
        L.append('%s: %s%s' % (t, ' '.join(pre), (' | ' + ' '.join(oo)) if oo else ''))
        if r.random() < 0.85:
            L += recipe(r, n=r.choice([1, 1, 2]))
    if r.random() < 0.4:
        L.append('.NOTPARALLEL:' + r.choice(['', ' w1', ' w2 w3']))
    c.goals.append(r.choice(['w1', 'w2']))
    c.names += ns
    mtime_setup(c, ns, 0.5)


def chain(c):
    r = c.r
    L = c.lines
    exts = ['.a', '.b', '.c', '.d']
    for i in range(3):
        if r.random() < 0.9:
            L.append('%%%s: %%%s' % (exts[i + 1], exts[i]))
            L += recipe(r, n=r.choice([1, 1, 2]))
    if r.random() < 0.3:
        L.append('%%.d: %%.c %s' % r.choice(['%.a', 'aux.h', '%.h']))
        L += recipe(r, n=1)
    if r.random() < 0.3:
        L.append('%.h: ; @echo header $@')
    stems = r.sample(['x', 'y', 'z'], r.randint(1, 2))
    for _ in range(r.randint(0, 3)):
        sp = r.choice(['.INTERMEDIATE', '.SECONDARY', '.PRECIOUS', '.NOTINTERMEDIATE', '.PHONY'])
        arg = r.choice(['', 'x.b', 'x.c', '%.b', '%.c', 'y.b y.c', '%.d', 'x.d'])
        if sp in ('.INTERMEDIATE', '.PHONY') and '%' in arg:
            arg = arg.replace('%', 'x')
        L.append('%s: %s' % (sp, arg))
    if r.random() < 0.35:
        L.append('.DELETE_ON_ERROR:')
    if r.random() < 0.2:
        L.append('%s: %s' % (r.choice(['x.d', 'y.d']), r.choice(['x.b', 'z.c', 'aux.h'])))
    for s in stems:
        c.goals.append(s + '.d')
        c.names += [s + e for e in exts]
        c.ages[s + '.a'] = r.randint(0, 9)
        mtime_setup(c, [s + e for e in exts[1:]], 0.6)


def dcolon(c):
    r = c.r
    L = c.lines
    for _ in range(r.randint(2, 4)):
        t = r.choice(['dc', 'dc', 'dd'])
        pre = ' '.join(r.sample(['s1', 's2', 's3', 'dd'] if t == 'dc' else ['s1', 's2', 's3'], r.randint(0, 2)))
        L.append('%s:: %s%s' % (t, pre, r.choice(['', '', ' ; @echo "semi $@ ?$?"'])))
        if ';' not in L[-1] and r.random() < 0.9:
            L += recipe(r, n=r.choice([1, 1, 2]))
    if r.random() < 0.3:
        L.append('%:: %.src')
        L += recipe(r, n=1)
    if r.random() < 0.2:
        L.append(r.choice(['dd: s3', '.PHONY: dc', '.PHONY: dd', 'dd: ; @echo single']))
    c.goals.append('dc')
    c.names += ['dc', 'dd']
    mtime_setup(c, ['dc', 'dd', 's1', 's2', 's3', 's1.src', 'dd.src'], 0.5)


def funcs(c):
    r = c.r
    L = c.lines
    opts = [
        '$(file >f.out,first $(words a b))', '$(file >>f.out,appended)', '$(file >>f.out)',
        '$(file >f.out)', '$(info [$(file <f.out)])', '$(info [$(file <nosuch)])', 'Y := $(file < f.in)',
        '$(info [$(file <f.in)])', 'X := $(file <f.in)',
        '$(info $(let a b,1 2 3,[$(a)][$(b)]))', '$(info $(let a,,[$(a)]))', '$(info $(let a b c,x,[$(a)][$(b)][$(c)]))',
        '$(info $(intcmp %s,%s,lt,eq,gt))' % (r.choice(['-1', '0', '3', '00', '-0', '+2']), r.choice(['2', '-1', '0', '3'])),
        '$(info [$(intcmp 2,2,lt)][$(intcmp 1,2,,eq)][$(intcmp 3,2,lt,eq)])',
        '$(info $(value V) $(flavor V) $(origin V))', '$(info $(origin CC) $(origin MAKE) $(origin @) $(origin PATH))',
        '$(info $(flavor nosuch) $(origin nosuch) [$(value nosuch)])',
        'V = $$(x) $(words 1 2)', 'V := s', 'V ::= pp', 'V :::= $(value W)', 'W = w $$x',
        '$(info $(value W) $(flavor W))', 'override V = ov', 'V != echo from sh',
        '$(let x y,$(V) $(W) z,$(info x=$(x) y=$(y)))',
        '$(foreach v,V W CC,$(info $(v): $(flavor $(v)) $(origin $(v))))',
    ]
    for _ in range(r.randint(2, 6)):
        L.append(r.choice(opts))
    L.append('fn:%s' % r.choice(['', ' f.in']))
    for _ in range(r.randint(1, 3)):
        L.append('\t' + r.choice(['', '@', '-']) + r.choice([
            '$(file >$@,$(V))', '$(file >>g.out,$@ $(origin V))', 'echo "[$(file <f.out)]"',
            'echo $(origin @) $(origin <) $(flavor @) $(value @)', '$(file >g.out,x)cat g.out',
            'echo $(intcmp $(words $^),1,few,one,many)', 'echo "$(let a b,$^ x,$(a)/$(b))"',
            'echo "$(value CANNED)"', 'cat $@ 2>/dev/null || echo none']))
    c.goals.append('fn')
    c.names.append('fn')
    c.texts['f.in'] = r.choice(['in text\n', 'two\nlines\n\n', 'nonl', ''])
    if r.random() < 0.3:
        c.vars.append(r.choice(['V=cmd', 'W:=cw', 'CC=cl']))


def define(c):
    r = c.r
    L = c.lines
    flav = ['', '=', ':=', '::=', ':::=', '+=', '?=', '!=']
    for i in range(r.randint(1, 4)):
        f = r.choice(flav)
        name = r.choice(['D1', 'D2', 'D3', 'CMD'])
        pre = r.choice(['', '', 'override ', 'export ', 'private ', 'override export '])
        body = r.choice([['echo $@ one', 'echo two'], ['@echo quiet $@', '-false', 'echo after'],
                         ['$(D1) nested'], ['a $$(x)', 'b'], ['echo from bang', 'echo second'], [''], [],
                         ['define INNER', 'inner', 'endef', 'tail'], ['  @echo indented'], ['x \\', 'y']])
        end = r.choice(['endef', 'endef', 'endef', 'endef # c', 'endef  ', 'endef x', ' endef'] + ['\tendef'] * (r.random() < 0.2))
        if f == '!=':
            body = [r.choice(['echo from bang', 'printf "a\\nb\\n"', 'echo x; exit 3'])]
        L.append('%sdefine %s%s' % (pre, name, (' ' + f) if f else ''))
        L += body
        L.append(end)
    if r.random() < 0.4:
        L.append('D2 += more')
    L.append('$(info D1=[$(D1)] D2=[$(value D2)] f=$(flavor D3) o=$(origin CMD))')
    L.append('df:%s' % r.choice(['', ' ; $(D1)']))
    L.append('\t' + r.choice(['$(CMD)', '@$(CMD)', '-$(D2)', '$(D3)', 'echo "$(D1)"']))
    c.goals.append('df')
    c.names.append('df')
    if r.random() < 0.2:
        c.vars.append(r.choice(['D1=cl', 'CMD=echo cmdline']))


def extra(c):
    r = c.r
    L = c.lines
    L.append('.EXTRA_PREREQS %s %s' % (r.choice(['=', ':=', '+=']), ' '.join(r.sample(['e1', 'e2', 'e3'], r.randint(0, 2)))))
    for t in ['x1', 'x2']:
        if r.random() < 0.5:
            L.append('%s: .EXTRA_PREREQS %s %s' % (t, r.choice(['=', '+=', ':=']), r.choice(['e2', 'e3', '', 'x2'])))
        L.append('%s: %s' % (t, ' '.join(r.sample(['s1', 's2', 'x2'] if t == 'x1' else ['s1', 's2'], r.randint(0, 2)))))
        L.append('\t@echo "%s <$<> ^$^ +$+ ?$? |$|"' % t)
        if r.random() < 0.5:
            L.append('\t@touch $@')
    if r.random() < 0.6:
        L.append('e%: ; @echo make $@' + r.choice(['', '; touch $@']))
    if r.random() < 0.3:
        L.append('%.y: %.z\n\t@echo "pat $@ ^$^"')
        L.append('.EXTRA_PREREQS += ' + r.choice(['k.z', 'e1']))
    c.goals.append('x1')
    c.names += ['x1', 'x2']
    mtime_setup(c, ['e1', 'e2', 'e3', 's1', 's2', 'x1', 'x2', 'k.z'], 0.4)


def export(c):
    r = c.r
    L = c.lines
    for _ in range(r.randint(1, 5)):
        L.append(r.choice([
            'export V_A = a', 'V_B = b', 'export V_B', 'unexport V_ENV', 'export', 'unexport',
            '.EXPORT_ALL_VARIABLES:', 'export V_ENV', 'V_ENV = mk', 'override V_ENV = ov',
            'export V_C := $(V_B)-c', 'unexport V_A', 'export V_D V_B', 'V_D = d$$x',
            'export V_E ?= e', 'V_ENV += plus', 'undefine V_ENV', 'export V_F != echo f']))
    if r.random() < 0.5:
        L.append('ex: %s' % r.choice(['export V_T = t', 'V_ENV = tgt', 'export V_ENV += tplus',
                                      'private export V_P = p']))
    L.append('ex: %s' % r.choice(['', 'ex2']))
    L.append('\t@env | grep "^V_" | LC_ALL=C sort | tr "\\n" " "; echo')
    L.append('ex2:\n\t@echo "ex2 [$$V_A][$$V_ENV][$$V_P][$$V_T]"')
    c.goals.append('ex')
    c.names += ['ex', 'ex2']
    c.env['V_ENV'] = r.choice(['env', 'e v', '$(V_B)'])
    if r.random() < 0.3:
        c.env['V_X'] = 'x'
    if r.random() < 0.2:
        c.args.append('-e')
    if r.random() < 0.2:
        c.vars.append(r.choice(['V_ENV=cl', 'V_A=cla', 'V_N=new']))


PIECES = [secexp, tsv, oneshell, order, chain, dcolon, funcs, define, extra, export]


def gen(seed):
    r = random.Random(seed)
    c = Case(r)
    for p in r.sample(PIECES, r.randint(2, 5)):
        p(c)
    if r.random() < 0.2:
        c.lines.append(r.choice(['.SILENT:', '.IGNORE:', '.POSIX:', '.DELETE_ON_ERROR:', '.SUFFIXES:',
                                 '.PHONY: all', 'MAKEFLAGS += -s', 'MAKEFLAGS += -k', '.DEFAULT: ; @echo default $@']))
    mk = 'all: %s\n' % ' '.join(c.goals) + '\n'.join(c.lines) + '\n'
    args = list(c.args)
    for o in ['-t', '-q', '-n', '-B', '-k', '-k', '-i', '-s', '-r', '--no-silent', '-e']:
        if r.random() < 0.1:
            args.append(o)
    if r.random() < 0.12:
        args += ['-W', r.choice(c.names + list(c.ages) or ['x'])]
    if r.random() < 0.12:
        args += ['-o', r.choice(c.names + list(c.ages) or ['x'])]
    if r.random() < 0.05:
        args.append('-j2')
    if r.random() < 0.3 and c.names:
        args += r.sample(c.names, r.randint(1, min(2, len(c.names))))
    args += c.vars
    return mk, dict(c.texts), dict(c.ages), args, dict(c.env), '-j2' in args


def run(make, d, case):
    mk, texts, ages, args, env, _ = case
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d + '/src/sub')
    os.makedirs(d + '/sub')
    files = dict(texts, Makefile=mk)
    for n, t in files.items():
        with open(os.path.join(d, n), 'w') as f:
            f.write(t)
        os.utime(os.path.join(d, n), (T0, T0))
    for n, a in ages.items():
        p = os.path.join(d, n)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(n + '\n')
        os.utime(p, (T0 + a, T0 + a))
    before = mtimes(d)
    e = {'PATH': '/usr/bin:/bin', 'HOME': d, 'LC_ALL': 'C'}
    e.update(env)
    out, err, st = run_make(make, args, d, e)
    got = read_tree_since(d, before)
    # A `$$' that reaches the shell prints its pid.
    def norm(s):
        return re.sub(r'\d{3,}', 'PID', s.replace(d, 'DIR'))
    return norm(out), norm(err), st, got


def compare(seed, work):
    case = gen(seed)
    d = os.path.join(work, 'tree')

    def run_pair():
        return [run(m, d, case) for m in (reference, candidate)]
    same, ref, cand = agree(run_pair, case[5])
    return case, same, ref, cand


def show(case):
    mk, texts, ages, args, env, _ = case
    print('args', args, 'env', env)
    print('ages', ages, 'texts', texts)
    print(mk)


def save(seed, dest):
    mk, texts, ages, args, env, _ = gen(seed)
    os.makedirs(dest, exist_ok=True)
    with open(os.path.join(dest, 'Makefile'), 'w') as f:
        f.write(mk)
    setup = ['mkdir -p src/sub sub', 'touch -d @%d Makefile' % T0]
    for n, t in sorted(texts.items()):
        setup.append("printf '%%s' '%s' > %s; touch -d @%d %s" % (t.replace("'", "'\\''"), n, T0, n))
    for n, a in sorted(ages.items()):
        setup.append('mkdir -p $(dirname %s); echo %s > %s; touch -d @%d %s' % (n, n, n, T0 + a, n))
    with open(os.path.join(dest, 'setup'), 'w') as f:
        f.write('\n'.join(setup) + '\n')
    with open(os.path.join(dest, 'args'), 'w') as f:
        f.write(' '.join(args) + '\n')
    with open(os.path.join(dest, 'env'), 'w') as f:
        f.write(''.join('%s=%s\n' % kv for kv in sorted(env.items())))


def main():
    # (The reference crashes on $(let) of a blank list, or hangs.)
    seed_main('features', gen, compare, show, save,
              lambda st: st in (-11, 'timeout'))


if __name__ == '__main__':
    main()
