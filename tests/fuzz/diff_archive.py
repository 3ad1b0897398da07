#!/usr/bin/env python3
"""Differential fuzzing of archive members and `-lNAME' libraries.

    tests/fuzz/diff_archive.py FIRST_SEED COUNT [-v]
    tests/fuzz/diff_archive.py --show SEED          (print one case)
    tests/fuzz/diff_archive.py --save SEED DIR      (one case as a testdata-style directory)

Each case is a makefile made of one or two pieces:

  members   archive member targets and prerequisites: `lib.a(m.o)',
            groups `lib.a(a.o b.o)', `lib.a(*.o)' (globbed among the
            archive's members), explicit, static-pattern and `(%.o): %.c' /
            `lib.a(%.o): %.c' rules and the built-in `(%): %' rule
            ($(AR) $(ARFLAGS) $@ $<) after a `%.o: %.c' step (the object an
            intermediate file), recipes printing $@ $% $< $? $^ $* (and
            $(@D) $(%F) ...), target- and pattern-specific variables on
            archives and members, .PHONY/.PRECIOUS/.SECONDARY/.INTERMEDIATE
            on members and objects, archives as prerequisites of other
            targets; the archives themselves made by `ar' in the setup:
            missing, empty, normal (`ar rcU': member dates are the objects'
            chosen mtimes), deterministic (`ar rcD': dates 0), mixed, thin
            (`ar rcT', which GNU make does not read), not an archive, cut
            short; members with long names (15, 16 and 23 characters: the
            `//' name table), objects and sources older or newer than the
            members, the archive's own age;
  libs      `-lNAME' prerequisites (also order-only, repeated, with a rule
            of their own) found through .LIBPATTERNS (default, reordered,
            emptied, one word, odd words that are no pattern, `%', a
            sub-directory of the system library directories) in the
            current directory, through `vpath %.a DIR', `vpath lib%.so DIR'
            or VPATH, or in the system directories (/lib, /usr/lib,
            /usr/local/lib: `-lm' under `x86_64-linux-gnu/lib%.so', names
            that exist nowhere), shown by $^ $+ $< $?; a library that is
            also an archive the makefile builds;

run with random options: -n -q -t (touching a member rewrites its date in
the archive) -B -k -i -s -r, -W and -o of members, objects and sources,
member goals on the command line, -d, --debug=b / v / i / b,v,i, --trace
and -p (sometimes -pq).

The reference GNU make 4.4.1 and $CANDIDATE (default target/release/rmake)
each run as `make' (PATH=/usr/bin:/bin, LC_ALL=C) on a fresh copy of the
case at the same path, made by the same setup script (the files, their ages
and the archives, all at fixed times from 2020-01-01). Compared: standard
output, standard error, exit status, and the files left: their bytes, except
that in an archive the member dates that are not the setup's fixed times
(members `ar' or `make -t' wrote during the run, at the current time) are
masked; and for the files the case started with, whether their modification
time changed. Outputs are normalised: the scratch path, -p's hash-table
figures, string-cache block, banner and the times that are not the setup's,
-d's child lines. A case that differs is run once more and counts only if
it differs again (a file made during the run and a member date written in
the same second may compare either way). Prints each differing case with
its seed (-v: every case). A seed always gives the same case.
"""
import os, random, re, shutil, subprocess
from diffcommon import candidate, mtimes, read_tree_since, reference, run_make, seed_main
import diff_cli

T0 = 1577836800  # 2020-01-01
MEMBERS = ['a.o', 'b.o', 'c.o', 'x15_chars_mem.o', 'y16_chars_memb.o', 'very_long_member_name.o']
ARCHIVES = ['lib.a', 'libz.a', 'sub/lib.a']
RECENT = T0 + 10 ** 7  # dates past this were written during the run


def sh_file(name, age, text=None):
    """Shell lines making `name' (holding `text', default its name) with
    the modification time T0 + age."""
    t = (text if text is not None else name).replace("'", "'\\''")
    return ["printf '%%s\\n' '%s' > %s" % (t, name), 'touch -d @%d %s' % (T0 + age, name)]


class Case:
    def __init__(self, r):
        self.r = r
        self.lines = []
        self.goals = []
        self.setup = ['mkdir -p sub libs/sub']
        self.names = []   # names -W/-o/goals may take
        self.args = []
        self.env = {}
        self.archive = None


# ---------------------------------------------------------------- pieces

def member_recipe(r, n=None):
    out = []
    for _ in range(n if n is not None else r.choice([1, 1, 2])):
        pre = r.choice(['', '', '@', '@', '-', '+'])
        out.append('\t' + pre + r.choice([
            '$(AR) $(ARFLAGS) $@ $<', '$(AR) $(ARFLAGS) $@ $?', 'ar rcU $@ $%',
            'echo "mem $@ %$% <$< ?$? ^$^ *$* [$(V)]"', 'echo "dirs $(@D) $(@F) $(%D) $(%F) $(*D) $(*F)"',
            'echo "$@ [$(V)] [$(W)]"', 'false', ':', 'touch $%', 'ar rcD $@ $< 2>/dev/null || echo no $<',
            'cp $< $% 2>/dev/null || echo nocp', 'ar t $@ 2>&1 | tr "\\n" " "; echo',
        ]))
    return out


def obj_recipe(r):
    return ['\t' + r.choice(['', '@', '@']) + r.choice([
        'cp $< $@', 'echo "cc $< -> $@ [$(V)]"; cp $< $@', 'cat $^ > $@', 'echo no object $@', 'false'])]


def members(c):
    r = c.r
    L = c.lines
    ar = r.choice(ARCHIVES)
    c.archive = ar
    mems = r.sample(MEMBERS, r.randint(1, 4))
    c.names += [ar] + ['%s(%s)' % (ar, m) for m in mems] + mems + [m[:-2] + '.c' for m in mems]

    # The archive in the setup: here, or in libs/ for vpath to find.
    place = ar
    if r.random() < 0.25:
        place = 'libs/' + ar
        L.append(r.choice(['vpath %.a libs', 'vpath %.a libs', 'VPATH = libs', 'GPATH = libs\nVPATH = libs',
                           'vpath % libs', 'vpath lib%.a libs/', '']))
    state = r.choice(['missing', 'normal', 'normal', 'normal', 'det', 'mixed', 'thin', 'empty', 'bogus', 'cut'])
    inarch = [m for m in MEMBERS if (m in mems and r.random() < 0.7) or r.random() < 0.1]
    S = c.setup
    if state in ('normal', 'det', 'mixed', 'cut') and inarch:
        S.append('mkdir -p .arsrc')
        for m in inarch:
            S += sh_file('.arsrc/' + m, r.randint(0, 9), 'object ' + m)
        if state == 'mixed':
            half = r.randint(0, len(inarch))
            if inarch[:half]:
                S.append('ar rcD %s %s' % (place, ' '.join('.arsrc/' + m for m in inarch[:half])))
            if inarch[half:]:
                S.append('ar rcU %s %s' % (place, ' '.join('.arsrc/' + m for m in inarch[half:])))
        else:
            S.append('ar rc%s %s %s' % ('D' if state == 'det' else 'U', place, ' '.join('.arsrc/' + m for m in inarch)))
        S.append('rm -rf .arsrc')
        if state == 'cut':
            S.append('head -c %d %s > .cut && mv .cut %s' % (r.choice([8, 30, 68, 75, 100]), place, place))
        S.append('touch -d @%d %s' % (T0 + r.randint(0, 9), place))
    elif state == 'thin' and inarch:
        for m in inarch:
            S += sh_file(m, r.randint(0, 9), 'object ' + m)
        S.append('ar rcT %s %s' % (place, ' '.join(inarch)))
        S.append('touch -d @%d %s' % (T0 + r.randint(0, 9), place))
    elif state == 'empty' or (state != 'missing' and state != 'bogus'):
        S.append("printf '!<arch>\\n' > %s; touch -d @%d %s" % (place, T0 + r.randint(0, 9), place))
    elif state == 'bogus':
        S += sh_file(place, r.randint(0, 9), 'not an archive')
    # Sources and objects on disk.
    for m in mems:
        stem = m[:-2]
        if r.random() < 0.8:
            S += sh_file(stem + '.c', r.randint(0, 9))
        if state != 'thin' and r.random() < 0.25:
            S += sh_file(m, r.randint(0, 9), 'object ' + m)

    if r.random() < 0.3:
        L.append('ARFLAGS = ' + r.choice(['rv', 'rvU', 'rcD', 'rvT', '-rv', 'crs']))
    if r.random() < 0.1:
        L.append('AR = ' + r.choice(['echo ar', 'ar']))
    # How the members are named.
    group = '%s(%s)' % (ar, ' '.join(mems))
    singles = ' '.join('%s(%s)' % (ar, m) for m in mems)
    form = r.choice([group, singles, '%s(*.o)' % ar, '%s(%s *.o)' % (ar, mems[0]), '$(MEMS)',
                     '$(patsubst %%,%s(%%),%s)' % (ar, ' '.join(mems)), group + ' ' + '%s(%s)' % (ar, mems[0]),
                     '%s( %s )' % (ar, ' '.join(mems))])
    if form == '$(MEMS)':
        L.append('MEMS = ' + group)
    kind = r.random()
    if kind < 0.5:
        L.append('%s: %s' % (ar, form))
        if r.random() < 0.7:
            L.append('\t' + r.choice(['@', '']) + r.choice([
                'echo "archive $@ %$% <$< ?$? ^$^ [$(V)]"', 'ranlib $@', 'ar t $@ | tr "\\n" " "; echo',
                'echo "$(words $^) $(words $?)"']))
        c.goals.append(ar)
    elif kind < 0.75:
        L.append('prog: %s%s' % (r.choice([ar, form, ar + ' ' + form]), r.choice(['', '', ' | ' + ar])))
        L.append('\t@echo "prog <$<> ?$? ^$^ +$+ |$| [$(V)]"' + r.choice(['', '; touch $@']))
        if r.random() < 0.6:
            L.append('%s: %s' % (ar, form))
        c.goals.append('prog')
        c.names.append('prog')
        if r.random() < 0.3:
            S.extend(sh_file('prog', r.randint(0, 9)))
    else:
        c.goals.append(form)

    # Rules for the members.
    pat = r.random()
    if pat < 0.3:
        L.append(r.choice(['(%.o): %.c', '%s(%%.o): %%.c' % ar, '(%): %.c', '(%.o): %.c %.h']))
        body = r.choice([
            ['\t@echo "pat $@ %$% <$< *$* ?$?"', '\tcp $< $*.o', '\t$(AR) $(ARFLAGS) $@ $*.o', '\trm -f $*.o'],
            ['\t@echo "pat $@ %$% <$< *$* [$(V)]"'],
            member_recipe(r)])
        L += body
    elif pat < 0.4:
        L.append('(%): %')  # cancels the built-in rule
    elif pat < 0.5:
        L.append('%s: %s(%%.o): %%.c' % (' '.join('%s(%s)' % (ar, m) for m in mems[:2]), ar))
        L += member_recipe(r)
    for m in mems:
        k = r.random()
        if k < 0.3:
            L.append('%s(%s): %s%s' % (ar, m, r.choice([m, m[:-2] + '.c', '', m + ' ' + m[:-2] + '.c']),
                                       r.choice(['', '', ' ; @echo "semi $@ $%"'])))
            if ';' not in L[-1]:
                L += member_recipe(r)
        elif k < 0.4:
            L.append('%s(%s): %s' % (ar, m, r.choice([m[:-2] + '.h', 'dep.h', m])))
    if r.random() < 0.8:
        L.append('%.o: %.c')
        L += obj_recipe(r)
    if r.random() < 0.3:
        L.append('%.h: ; @echo "header $@"')
    # Variables and special targets.
    for _ in range(r.choice([0, 0, 1, 2, 3])):
        L.append('%s: %s%s %s %s' % (
            r.choice([ar, '%s(%s)' % (ar, mems[0]), mems[0], '%.o', '(%.o)', '%s(%%)' % ar, '%.a', 'prog']),
            r.choice(['', '', 'private ', 'override ']), r.choice(['V', 'W']), r.choice(['=', '+=', ':=', '?=']),
            r.choice(['t-$@', 'x', '$%', 'm']) ))
    if r.random() < 0.3:
        L.append('V = global')
    if r.random() < 0.3:
        L.append('%s: %s' % (r.choice(['.PHONY', '.PRECIOUS', '.SECONDARY', '.INTERMEDIATE', '.NOTINTERMEDIATE']),
                             r.choice(['%s(%s)' % (ar, mems[0]), mems[0], ar, '%.o', '(%.o)', ''])))
    if r.random() < 0.15:
        L.append(r.choice(['.SUFFIXES:', '.SUFFIXES: .a .o .c', '.c.a:\n\t@echo "suffix $@ $% $<"',
                           '.DEFAULT: ; @echo "default $@"', '.DELETE_ON_ERROR:', '.LOW_RESOLUTION_TIME: ' + ar]))
    if r.random() < 0.1:
        # COMPILE.c without a compiler, for the built-in %.o: %.c rule.
        L.append('COMPILE.c = cat $< > $@ \\#')


def libs(c):
    r = c.r
    L = c.lines
    names = ['foo', 'bar', 'm', 'c', 'nosuchlib7', 'x86_64-linux-gnu', 'python3.11']
    if c.archive in ('lib.a', 'libz.a'):
        names.append(c.archive[3:-2] or 'lib')
    use = r.sample(names, r.randint(1, 3))
    S = c.setup
    lp = r.random()
    if lp < 0.45:
        pass
    else:
        L.append('.LIBPATTERNS %s %s' % (r.choice(['=', ':=', '+=']), r.choice([
            '', 'lib%.a lib%.so', 'lib%.a', 'lib%.so', '%', 'lib%.a nopattern', 'x86_64-linux-gnu/lib%.so',
            '%.a', 'lib%.a lib%.a', 'lib%.so lib%', 'lib%.a  %-x', '$(EMPTY)', 'lib%%.a'])))
    where = r.choice(['cwd', 'libs', 'libs', 'none', 'both'])
    for n in ['foo', 'bar', 'nosuchlib7']:
        for ext in ['.a', '.so']:
            if r.random() < 0.4:
                d = {'cwd': '', 'libs': 'libs/', 'none': None, 'both': r.choice(['', 'libs/'])}[where]
                if d is not None:
                    S += sh_file('%slib%s%s' % (d, n, ext), r.randint(0, 9))
                    c.names.append('%slib%s%s' % (d, n, ext))
    vp = r.random()
    if vp < 0.25:
        L.append('vpath %.a libs')
    elif vp < 0.4:
        L.append('vpath lib%.so libs')
    elif vp < 0.55:
        L.append('VPATH = libs')
    elif vp < 0.6:
        L.append('vpath % libs')
    elif vp < 0.65:
        L.append('vpath %.a sub:libs')
    deps = ['-l' + n for n in use]
    if r.random() < 0.3:
        deps.append(r.choice(deps))
    if r.random() < 0.3:
        deps.append('x.o')
        S += sh_file('x.o', r.randint(0, 9))
    if r.random() < 0.2:
        deps += ['|', '-l' + r.choice(names)]
    L.append('link: ' + ' '.join(deps))
    L.append('\t@echo "link <$<> ^$^ +$+ ?$? |$| [$(LV)]"' + r.choice(['', '', '; touch $@']))
    if r.random() < 0.3:
        S += sh_file('link', r.randint(0, 9))
    if r.random() < 0.25:
        L.append(r.choice(['-lbar: ; @echo "make $@"', 'libbar.a: ; @echo "make $@"; ar rc $@',
                           '-l%: ; @echo "pattern $@"', 'lib%.so: ; @echo "so $@"',
                           'link: LV = $^']))
    if r.random() < 0.15:
        L.append('$(info [$(.LIBPATTERNS)])')
    c.goals.append('link')
    c.names += ['link'] + deps[:1]


def gen(seed):
    r = random.Random(seed)
    c = Case(r)
    k = r.random()
    if k < 0.5:
        members(c)
    elif k < 0.75:
        libs(c)
    else:
        members(c)
        libs(c)
    if r.random() < 0.15:
        c.lines.append(r.choice(['.SILENT:', '.IGNORE:', '.POSIX:', 'MAKEFLAGS += -s', 'MAKEFLAGS += -k']))
    order = r.random() < 0.85
    mk = ('all: %s\n' % ' '.join(c.goals) if order else '') + '\n'.join(c.lines) + '\n'
    if not order:
        mk += 'all: %s\n' % ' '.join(c.goals)
    args = []
    for o in ['-n', '-q', '-t', '-B', '-k', '-i', '-s', '-r']:
        if r.random() < 0.08:
            args.append(o)
    if r.random() < 0.12:
        args += ['-W', r.choice(c.names)]
    if r.random() < 0.1:
        args += ['-o', r.choice(c.names)]
    if r.random() < 0.25:
        args += [r.choice(['-d', '--debug=b', '--debug=v', '--debug=i', '--debug=b,v,i', '--trace', '-p',
                           '-pq', '--debug=v,i', '-p'])]
    if r.random() < 0.25:
        goals = [n for n in c.names if not n.startswith('-')]
        args += r.sample(goals, r.randint(1, min(2, len(goals))))
    if r.random() < 0.05:
        args.append('V=cmd')
    return mk, '\n'.join(c.setup) + '\n', args


# ---------------------------------------------------------------- running

def norm_archive(b):
    """An archive's bytes with the member dates written during the run
    masked (to 'NOW'); other files unchanged."""
    if not (b.startswith(b'!<arch>\n') or b.startswith(b'!<thin>\n')):
        return b
    thin = b.startswith(b'!<thin>')
    out = bytearray(b[:8])
    i = 8
    while i + 60 <= len(b):
        h = bytearray(b[i:i + 60])
        try:
            date = int(h[16:28].decode().strip() or '0')
            size = int(h[48:58].decode().strip() or '0')
        except ValueError:
            break
        if date > RECENT:
            h[16:28] = b'NOW'.ljust(12)
        out += h
        i += 60
        name = bytes(h[:16])
        if not thin or name.startswith(b'/ ') or name.startswith(b'// ') or name.startswith(b'/SYM64/'):
            out += b[i:i + size + (size & 1)]
            i += size + (size & 1)
    out += b[i:]
    return bytes(out)


DATE = re.compile(r'(\d{4})-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?')


def norm(s, d, make):
    s = s.replace(d, 'DIR')
    s = re.sub(r'Collisions=\S+', 'Collisions=N', s)
    s = re.sub(r'(?m)^# strcache buffers:.*\n(?:^(?!# Finished).*\n)*', '', s)
    s = re.sub(r'(?m)^# No strcache buffers\n\n', '', s)
    s = re.sub(r'(?m)^(# Make data base, printed on |# Finished Make data base on ).*', r'\1T', s)
    s = re.sub(r'(?m)^# (.*) \(device \d+, inode \d+\):', r'# \1 (device D, inode I):', s)
    s = re.sub(r'(?m)^(Putting|Live|Reaping (winning|losing)|Removing) child .*\n', '', s)
    # Times of the setup (2020, or 1970 for a date 0) stay; the others were
    # written during the run.
    s = DATE.sub(lambda m: m.group(0) if m.group(1) in ('2020', '1970') else 'NOW', s)
    if make != reference:
        rv, _ = diff_cli.own_texts(reference)
        cv, _ = diff_cli.own_texts(make)
        cl, rl = cv.rstrip('\n').split('\n'), rv.rstrip('\n').split('\n')
        pat = re.compile('^(.*?)' + re.escape(cl[0]) + '\n' + ''.join('\\1' + re.escape(l) + '\n' for l in cl[1:]),
                         re.M)
        s = pat.sub(lambda m: ''.join(m.group(1) + l + '\n' for l in rl), s)
    return s


def run(make, d, case):
    mk, setup, args = case
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(d, 'Makefile'), 'w') as f:
        f.write(mk)
    os.utime(os.path.join(d, 'Makefile'), (T0, T0))
    e = {'PATH': '/usr/bin:/bin', 'HOME': d, 'LC_ALL': 'C'}
    subprocess.run(['sh', '-ec', setup], cwd=d, env=e, check=True, stdout=subprocess.DEVNULL)
    before = mtimes(d)
    out, err, st = run_make(make, args, d, e)
    got = read_tree_since(d, before, norm_archive)
    return norm(out, d, make), norm(err, d, make), st, got


def compare(seed, work):
    case = gen(seed)
    d = os.path.join(work, 'tree')
    for _ in range(2):
        ref = run(reference, d, case)
        cand = run(candidate, d, case)
        if ref == cand:
            break
    return case, ref == cand, ref, cand


def show(case):
    mk, setup, args = case
    print('args', args)
    print('setup:\n' + setup, end='')
    print('makefile:\n' + mk, end='')


def save(seed, dest):
    mk, setup, args = gen(seed)
    os.makedirs(dest, exist_ok=True)
    with open(os.path.join(dest, 'Makefile'), 'w') as f:
        f.write(mk)
    with open(os.path.join(dest, 'setup'), 'w') as f:
        f.write('touch -d @%d Makefile\n' % T0 + setup)
    with open(os.path.join(dest, 'args'), 'w') as f:
        f.write(''.join(a + '\n' for a in args))


def main():
    seed_main('archive', gen, compare, show, save, lambda st: st in (-11, -6, 'timeout'))


if __name__ == '__main__':
    main()
