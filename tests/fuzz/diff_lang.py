#!/usr/bin/env python3
"""Differential fuzzing of the make language against the reference make.

    tests/fuzz/diff_lang.py FIRST_SEED COUNT

Generates COUNT small random makefiles that stress variable expansion and
the built-in functions: every function with tricky arguments (empty, blank,
leading/trailing whitespace, commas inside parentheses, nested $(...) and
${...}, % and \\% and \\\\%, backslash-newline, $$, huge, negative or
non-numeric numbers), every variable flavor (plain and in define blocks,
override, export, unexport, undefine, private), substitution references,
computed names, target- and pattern-specific variables, conditionals,
.RECIPEPREFIX, .ONESHELL, odd comments and continuations, and error cases.
Results are printed with $(info ...) and in recipes. Options vary among -e
(with environment variables), -R, -r, -n, -s and command-line assignments.
Each case runs through ../shared/tools/make-diff (reference GNU make 4.4.1
against $CANDIDATE, default target/release/rmake); every differing case is
printed with its seed, arguments, environment and makefile. A seed always
gives the same case.
"""
import random, re, subprocess, os, sys, shutil
from diffcommon import candidate, make_diff, reference, scratch

FUNCS = {  # name: usual number of arguments
    'subst': 3, 'patsubst': 3, 'strip': 1, 'findstring': 2, 'filter': 2,
    'filter-out': 2, 'sort': 1, 'word': 2, 'wordlist': 3, 'words': 1,
    'firstword': 1, 'lastword': 1, 'dir': 1, 'notdir': 1, 'suffix': 1,
    'basename': 1, 'addsuffix': 2, 'addprefix': 2, 'join': 2,
    'wildcard': 1, 'realpath': 1, 'abspath': 1, 'if': 3, 'or': 2,
    'and': 2, 'foreach': 3, 'let': 3, 'call': 3, 'eval': 1, 'value': 1,
    'origin': 1, 'flavor': 1, 'error': 1, 'warning': 1, 'info': 1,
    'shell': 1, 'file': 2, 'intcmp': 4,
}
VARS = ['a', 'b', 'c', 'x', 'y', 'v', 'w', 'empty', 'sp', 'list', 'n', 'f',
        'a_y', 'b_y', 'CC', 'MAKEFLAGS', '.RECIPEPREFIX', 'SHELL']
NUMS = ['0', '1', '2', '3', '-1', '-0', '+2', '007', ' 2 ', '2 3', '',
        'x', '99999999999999999999', '-99999999999999999999',
        '9223372036854775807', '9223372036854775808', '-9223372036854775808',
        '18446744073709551616', '1x', '0x10', '\t1']
ATOMS = ['a', 'b', 'a.c', 'x/y.o', 'dir/sub/f.h', '.hidden', 'a.b.c', '/abs/p',
         '../up/z', './f', 'f.o', '%', '%.c', '%.o', 'x%y', '\\%', '\\\\%',
         '\\%.c', 'a\\%b%', '', ' ', '  ', '\t', ' \t ', ' a ', 'a  b',
         ' a b ', 'a,b', '(a,b)', '{x,y}', '$$', '$$x', '$$(x)', '"(x"',
         "')'", 'p.c q.c r.h', 'foo bar baz', 'c b a b', '#', '\\#', ';',
         ':', '=', 'a=b', '*.c', '?.c', '[ab].c', 'no/such', 'sub/',
         'sub/*', '~', '$(sp)', '$(empty)', '${list}', '$$$$', 'x\\', ]
CLEAN_ATOMS = [a for a in ATOMS if a not in ('#', '"(x"', "')'", '$$(x)', '{x,y}', '(a,b)')]
SHELLCMDS = ['echo hi', 'printf "a\\nb\\n"', 'printf "a\\n\\n"',
             'echo $$0', 'exit 3', 'echo "x   y"', 'false',
             'printf "t\\tu"', 'echo a; echo b', 'nosuchcmd_zz 2>/dev/null',
             'echo $${X-unset}', 'printf ""', 'ls -d sub*', 'cat a.c']


CLEAN_NUMS = ['1', '2', '3', '007', '9', '1000']
CLEAN_INTS = ['0', '1', '-1', '-0', '+2', ' 3 ', '007', '9223372036854775807',
              '-9223372036854775808', '99999999999999999999', '-99999999999999999999']


class Gen:
    def __init__(self, r, clean):
        self.r = r
        self.depth = 0
        # Clean cases avoid what stops make early (errors), to get deeper.
        self.clean = clean

    def atom(self):
        r = self.r
        a = r.choice(CLEAN_ATOMS if self.clean else ATOMS)
        if r.random() < 0.2:
            a = r.choice(['', ' ', '  ']) + a + r.choice(['', ' ', '\t'])
        return a

    def ref(self):
        r = self.r
        v = r.choice(VARS)
        k = r.random()
        if k < 0.45:
            return '$(%s)' % v
        if k < 0.6:
            return '${%s}' % v
        if k < 0.7:
            return '$' + r.choice(['a', 'x', 'v', '@', '<', '^', '*', '$', ' ', '', '('])
        if k < 0.85:  # substitution reference
            lhs = r.choice(['.c', '%.c', 'c', '', '%', 'a%', '.o', '\\%.c', ' '])
            rhs = r.choice(['.o', '%.o', 'o', '', '%', '%%', 'x'])
            return r.choice(['$(%s:%s=%s)', '${%s:%s=%s}']) % (v, lhs, rhs)
        if k < 0.93:  # computed names
            return '$($(%s)_y)' % r.choice(['a', 'b', 'x', 'empty'])
        return '$(%s)' % self.expr(1)

    def num(self, ints=False):
        r = self.r
        if self.clean:
            return r.choice(CLEAN_INTS if ints else CLEAN_NUMS)
        if r.random() < 0.15:
            return self.ref()
        return r.choice(NUMS)

    def arg(self):
        r = self.r
        parts = []
        for _ in range(r.choice([1, 1, 1, 2, 3])):
            k = r.random()
            if k < 0.45 or self.depth > 2:
                parts.append(self.atom())
            elif k < 0.7:
                parts.append(self.ref())
            else:
                parts.append(self.call())
        s = ''.join(parts)
        if r.random() < 0.04:
            s = s + '\\\n  ' + self.atom()
        return s

    def call(self):
        r = self.r
        self.depth += 1
        try:
            name = r.choice(list(FUNCS))
            while self.clean and name == 'error':
                name = r.choice(list(FUNCS))
            n = FUNCS[name]
            args = None
            if name in ('word', 'wordlist'):
                args = [self.num() for _ in range(n - 1)] + [self.arg()]
            elif name == 'intcmp':
                args = [self.num(True), self.num(True)] + [self.arg() for _ in range(r.randint(0, 3))]
            elif name in ('foreach', 'let'):
                var = r.choice(['i', 'x', 'a', 'v', '', ' i ', 'i j', '$(x)'])
                if name == 'let' and r.random() < 0.5:
                    var = r.choice(['p q', 'p q r', 'p'])
                body = r.choice(['$(i)', '[$(x)]', '<$(p)|$(q)|$(r)>', '$(a)$(a)', '$i ', self.arg()])
                lst = self.arg()
                if name == 'let' and ' ' in var.strip():
                    lst = 'l1 ' + lst  # (GNU crashes on an empty list)
                args = [var, lst, body]
            elif name == 'call':
                args = [r.choice(['f', 'g', 'rec', 'nosuch', 'subst', 'info', 'a', '$(empty)f', ' f'])] + \
                       [self.arg() for _ in range(r.randint(0, 3))]
            elif name == 'shell':
                args = [r.choice(SHELLCMDS)]
            elif name == 'file':
                op = r.choice(['>out.txt', '>>out.txt', '<a.c', '< a.c', '<nofile', '>', '> out2.txt', '<', 'x', '>>'])
                if self.clean:
                    op = r.choice(['>out.txt', '>>out.txt', '<a.c', '< a.c', '<nofile', '> out2.txt'])
                args = [op] + ([self.arg()] if r.random() < 0.6 and op[0] == '>' else [])
            elif name in ('error',):
                args = [self.arg()] if r.random() < 0.9 else [self.arg(), self.arg()]
            elif name in ('origin', 'flavor', 'value'):
                args = [r.choice(VARS + ['nosuch', 'MAKE', 'CURDIR', 'HOME', 'PATH', '@', '.VARIABLES', ' a', 'a '])]
            elif name == 'eval':
                args = [r.choice(['x := ev', 'v += more', 'define q\nz\nendef', 'a: ; @echo evrule',
                                  '$$(info in-eval)', 'bad line', 'ifeq (1,1)', 'y = $$(x)',
                                  'override w = ov', 'undefine a', self.arg()])]
            else:
                args = [self.arg() for _ in range(n)]
                k = 1 if self.clean else r.random()
                if k < 0.08 and args:
                    args.pop()
                elif k < 0.16:
                    args.append(self.arg())
            if name == 'sort':
                # GNU's sort steps past the end of its expanded argument when
                # that ends in a lone `$` (kept literally) and reads whatever
                # follows in its buffer: garbage words, nothing to match.
                args = [a + ' ' if (len(a) - len(a.rstrip('$'))) % 2 else a for a in args]
            sep = r.choice([',', ',', ',', ', ', ' ,'])
            open_, close = r.choice([('(', ')'), ('(', ')'), ('{', '}')])
            lead = r.choice([' ', ' ', '  ', '\t'])
            s = '$' + open_ + name + lead + sep.join(args) + close
            if r.random() < 0.02 and not self.clean:
                s = s[:-1]  # unterminated
            return s
        finally:
            self.depth -= 1

    def expr(self, d=0):
        return self.call() if self.r.random() < 0.7 else self.arg()


def flavor_op(r):
    return r.choice(['=', ':=', '::=', ':::=', '+=', '?=', '!=', '=', ':=', '+='])


def gen(seed):
    r = random.Random(seed)
    clean = r.random() < 0.6
    g = Gen(r, clean)
    L = []
    if r.random() < 0.1:
        L.append('.RECIPEPREFIX = ' + r.choice(['>', '', ' ', '$(empty)', 'ab']))
    if r.random() < 0.1:
        L.append('.ONESHELL:')
    # a few useful definitions
    L.append('sp := $(empty) $(empty)')
    L.append(r.choice(['list = a.c b.o c.c d.h', 'list := x/a.c  y/b.c\t', 'list = $(x) $(a)']))
    L.append(r.choice(['f = [$(1)|$(2)|$(3)|$(0)]', 'f = $(subst $(1),$(2),$(3))',
                       'f = $(if $(1),$(call f,$(wordlist 2,9,$(1))) $(firstword $(1)))',
                       'define f\n$(info f:$(1))\n[$(2)]\nendef', 'f = $($(1))']))
    if r.random() < 0.3:
        L.append(r.choice(['rec = $(rec) x', 'rec = $(call rec,$(1))', 'g = $(g)',
                           'rec := $(rec) y']))
    for _ in range(r.randint(3, 9)):
        k = r.random()
        if k < 0.35:
            pre = r.choice([''] * 6 + ['override ', 'export ', 'unexport ', 'private ', 'override export ', 'export override '])
            v = r.choice(VARS[:14] + (['v$(x)_y', 'n$(a)'] if clean else ['$(x)_y', '$(a)', 'a b', ' a']))
            op = flavor_op(r)
            if op == '!=':
                val = r.choice(SHELLCMDS)
            else:
                val = g.expr()
            L.append('%s%s %s %s' % (pre, v, op, val) if r.random() < 0.8 else '%s%s%s%s' % (pre, v, op, val))
        elif k < 0.45:
            pre = r.choice(['', '', 'override ', 'export '])
            v = r.choice(VARS[:10])
            op = r.choice(['', '', '=', ':=', '::=', ':::=', '+=', '?=', '!='])
            body = [g.expr() for _ in range(r.randint(0, 3))]
            if r.random() < 0.2:
                body.append('define inner\nx\nendef')
            if op == '!=':
                body = ['echo d1', 'echo d2']
            L.append('%sdefine %s %s\n%s\n%s' % (pre, v, op, '\n'.join(body),
                                                r.choice(['endef', 'endef', 'endef # c', ' endef', 'endef x', 'endef\t'])))
        elif k < 0.6:
            L.append('$(info %s)' % g.expr() if r.random() < 0.7 else
                     r.choice(['$(info [$(%s)] [$(origin %s)] [$(flavor %s)])' % ((r.choice(VARS),) * 3),
                               '$(info $(value %s))' % r.choice(VARS)]))
        elif k < 0.72:
            a1, a2 = g.arg(), g.arg()
            c = r.choice(['ifeq (%s,%s)' % (a1, a2), 'ifneq (%s,%s)' % (a1, a2),
                          "ifeq '%s' '%s'" % (a1, a2), 'ifeq "%s" "%s"' % (a1, a2),
                          "ifneq '%s' \"%s\"" % (a1, a2), 'ifdef %s' % r.choice(VARS + ['$(x)', '']),
                          'ifndef %s' % r.choice(VARS), 'ifeq (%s, %s )' % (a1, a2), 'ifeq(%s,%s)' % (a1, a2)])
            L.append(c)
            L.append('$(info then %s)' % g.expr())
            if r.random() < 0.5:
                L.append(r.choice(['else', 'else ifeq (a,a)', 'else ifdef x', 'else # c', 'else junk', 'else ifndef empty']))
                L.append('$(info else %s)' % g.expr())
            if r.random() < 0.05:
                pass  # missing endif
            else:
                L.append(r.choice(['endif', 'endif', 'endif # c', ' endif', 'endif x']))
        elif k < 0.8:
            t = r.choice(['all', 't1', '%.o', 't%', 'all t1'])
            L.append('%s: %s%s %s %s' % (t, r.choice(['', 'private ', 'override ', 'export ']),
                                         r.choice(VARS[:8]), flavor_op(r), g.expr()))
        elif k < 0.85 and not clean:
            L.append(r.choice(['undefine x', 'override undefine a', 'undefine', 'undefine $(x)', 'export', 'unexport',
                               'export a b', 'unexport x', 'vpath', 'undefine a b']))
        elif k < 0.9 and not clean:
            L.append(r.choice(['# comment \\\ncontinued', 'x = a # comment', 'y = b\\\n   c\\\n\n',
                               'v = a\\\\\n', 'w = $(x)#c', 'x = a \\\n', '  $(info ind)',
                               '\t$(info tab)', 'x = \\#x', 'missing separator here', 'a := b : c',
                               'x = $(', '$(empty)', '$(sp)', ': ; @echo nothing', 'x ?= $(x)']))
        elif k < 0.93:
            # second expansion, automatic variables, special targets, eval
            L.append(r.choice([
                '.SECONDEXPANSION:\nt1: $$(x) $$(addsuffix .c,$$(basename $$@))',
                '.SECONDEXPANSION:\na.o: $$*.c $$$$(y)',
                't1: x = [$@|$(@D)|$(@F)|$*]', '%%.o: v = [$@|$*|$(*F)|%s]' % g.atom(),
                '.EXPORT_ALL_VARIABLES:', '.POSIX:', 'MAKEFLAGS += %s' % r.choice(['-s', 'k', '-i', 'x=mf', '--no-print-directory']),
                '$(eval define dd\n%s\nendef)' % g.arg().replace('\n', ' '),
                'define rr\nt1: w += rr-$$@\nendef\n$(eval $(rr))',
                '$(foreach t,t1 a.o,$(eval $(t): c := for-$(t)))',
                't1: export %s %s %s' % (r.choice(VARS[:8]), flavor_op(r), g.expr()),
                'a.o: private override %s %s %s' % (r.choice(VARS[:8]), flavor_op(r), g.expr()),
            ]))
        elif not clean:
            L.append(g.expr())
        else:
            L.append(r.choice(['$(if %s,)', '$(info %s)', 'x += %s', 'define q\n%s\nendef', 'v ::= %s',
                               'ifneq ($(strip %s),)\n$(info nonempty)\nendif']) % g.expr())
    L.append('all: t1%s' % r.choice(['', ' a.o', ' $(x)']))
    L.append('\t@echo "all:[$(a)][$(x)][$(v)][$(w)]"')
    L.append('\t' + r.choice(['@', '', '-', '@-']) + 'echo ' + "'" + g.expr().replace("'", '') + "'")
    L.append('t1 a.o:' if clean else r.choice(['t1 %.o:', 't1 a.o:']))
    L.append('\t@echo "$@:[$(a)][$(b)][$(x)][$(y)][$(c)]"')
    if r.random() < 0.3:
        L.append('\t$(info rinfo $(w))@echo $(words $(x))')
    mk = '\n'.join(L) + '\n'
    if r.random() < 0.1:
        mk = mk.replace('\t', '>') if '.RECIPEPREFIX = >' in mk else mk
    args = []
    env = {}
    for o in ['-e', '-R', '-r', '-n', '-s', '-k', '-i']:
        if r.random() < 0.1:
            args.append(o)
    if r.random() < 0.3:
        for _ in range(r.randint(1, 2)):
            args.append('%s%s%s' % (r.choice(['a', 'x', 'v', 'w', 'list', 'n', 'MAKEFLAGS', 'override']),
                                     r.choice(['=', ':=', '+=', '::=', '?=', '!=', ':::=']),
                                     r.choice(['cl', 'c l', '$(b)', '', 'a.c', ' s ', 'echo e', '$$x', '$(CC)'])))
    if r.random() < 0.3:
        for _ in range(r.randint(1, 2)):
            k = r.choice(['a', 'x', 'v', 'w', 'MAKEFLAGS', 'b', 'SHELL'])
            env[k] = r.choice(['env', 'e v', '$(b)', '', 'env.c', '$$x'])
            if k == 'MAKEFLAGS':  # (no v: --version differs by design)
                env[k] = r.choice(['k', '-s', 'e', 'x=1', 'i', 'R', 'r', 'w=mf', '-n', 's -- a=1', '$(b)'])
        if 'SHELL' in env:
            env['SHELL'] = '/bin/sh'
    if r.random() < 0.15:
        args.append(r.choice(['t1', 'a.o', 'all', 'nosuch']))
    if r.random() < 0.08:
        args.append('--eval=%s' % r.choice(['x := ev', 'v += $(a)', '$(info evo $(x))', 'a.o: c = cmd-eval']))
    return mk, args, env


def only_pids(diff):
    """Whether the lines of a make-diff report differ only in numbers (or
    in make-diff's own directory names, which a path out of DIR shows)."""
    minus = [l[1:] for l in diff.split('\n') if l.startswith('-') and not l.startswith('---')]
    plus = [l[1:] for l in diff.split('\n') if l.startswith('+') and not l.startswith('+++')]
    norm = lambda ls: [re.sub(r'[0-9]+', 'N', re.sub(r'/(reference|candidate)/', '/', l)) for l in ls]
    return bool(minus) and norm(minus) == norm(plus) and 'files' not in diff


def only_written_files(diff):
    """Whether make-diff's output differs only in the files $(file) wrote
    (out.txt, out2.txt): each make ran in its own directory, which a
    written $(abspath) or $(realpath) names."""
    changed = [l for l in diff.split('\n') if l[:1] in ('+', '-') and l[:3] not in ('---', '+++')]
    return bool(changed) and all(l.endswith(('./out.txt', './out2.txt')) for l in changed)


def same_in_one_dir(mk, args, env, d):
    """Runs the reference and the candidate in turn in one directory `d`
    (made afresh for each): whether their status, output and the files
    $(file) wrote are the same."""
    got = []
    for m in (reference, candidate):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d + '/sub/deep')
        open(d + '/Makefile', 'w').write(mk)
        for f in ['a.c', 'b.c', 'sub/x.c', 'sub/deep/y.h', 'p.c']:
            open(d + '/' + f, 'w').write(f + '\n')
        try:
            p = subprocess.run([m] + args, cwd=d, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return False
        name = os.path.basename(m).encode()
        plain = lambda b: b.replace(name + b':', b'make:').replace(name + b'[', b'make[')
        files = [open(d + '/' + f, 'rb').read() if os.path.exists(d + '/' + f) else None
                 for f in ('out.txt', 'out2.txt')]
        got.append((p.returncode, plain(p.stdout), plain(p.stderr), files))
    shutil.rmtree(d, ignore_errors=True)
    return got[0] == got[1]


def main():
    seed0 = int(sys.argv[1])
    n = int(sys.argv[2])
    work = scratch('lang.%d' % os.getpid())  # (runs may go side by side)
    bad = crashed = noise = 0
    base_env = {k: v for k, v in os.environ.items()
                if k in ('PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'TERM')}
    for s in range(seed0, seed0 + n):
        mk, args, env = gen(s)
        d = work
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d + '/sub/deep')
        open(d + '/Makefile', 'w').write(mk)
        for f in ['a.c', 'b.c', 'sub/x.c', 'sub/deep/y.h', 'p.c']:
            open(d + '/' + f, 'w').write(f + '\n')
        e = dict(base_env, CANDIDATE=candidate, **env)
        p = subprocess.run([make_diff, '-C', d, '--'] + args, env=e,
                           capture_output=True, text=True, errors='replace')
        if p.returncode != 0 and (('+rmake ' in p.stdout or '+GNU Make 4.4.1 (rmake)' in p.stdout)
                                  and 'the rmake developers' in p.stdout
                                  or '+Report bugs to the rmake' in p.stdout):
            noise += 1  # --version and --help differ by design (a MAKEFLAGS with v, h or junk)
        elif p.returncode != 0 and only_pids(p.stdout):
            noise += 1  # differs only in numbers ($$ in a shell: its pid)
        elif p.returncode != 0 and only_written_files(p.stdout) and same_in_one_dir(mk, args, dict(base_env, **env), d + '.one'):
            noise += 1  # a written file names the directory
        elif p.returncode != 0 and ('\n-139\n' in p.stdout or '\n-124\n' in p.stdout):
            # The reference crashed (SIGSEGV) or hung (timed out: MAKEFLAGS=e
            # in the environment and MAKEFLAGS?=x on the command line loop
            # for ever): nothing to match.
            crashed += 1
            print('=== seed', s, 'reference crashed or hung')
        elif p.returncode != 0:
            bad += 1
            print('=== seed', s, 'args', args, 'env', env)
            print(mk)
            print(p.stdout[:3000])
            sys.stdout.flush()
    shutil.rmtree(work, ignore_errors=True)
    print('bad', bad, 'reference crashes or hangs', crashed, 'noise (pids, paths, --version)', noise)


if __name__ == '__main__':
    main()
