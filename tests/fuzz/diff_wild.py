#!/usr/bin/env python3
"""Differential runs on a corpus of real-world makefiles (not written for testing).

    tests/fuzz/diff_wild.py CORPUS [NNN...] [-v]

CORPUS holds one directory per case (say CORPUS/017/): a copy of the
directory a makefile lives in, and CORPUS/017/.wild.json naming that
makefile ({"makefile": "GNUmakefile", ...}; other keys, such as where it
came from, are only shown). With "dir": "SUB" in it, the copy is of a
larger tree (a project's makefiles, with their includes up and across
the tree) and make runs in its SUB directory, where the makefile is. Nothing of any corpus is kept in this tree:
gather one yourself (Makefile, makefile, GNUmakefile, *.mk from public
projects of every kind) and keep its list of sources beside it.

Each case is run, by the reference GNU make 4.4.1 and by $CANDIDATE one
after the other, each in a fresh copy of the case at the same path, as
`make` first on PATH (so $(MAKE) recursion uses the same make), with
-f NAME when make would not pick the makefile by itself, and with:
`-pq`, `-n`, `-n` and the first three targets the file names, `-n clean`,
`-q`, `-k -n all`, `-n` with the next seven targets, `-n -B`; then
again `-n`, `-q`, `-pq`, `-k -n all` and `--trace -n` with the first
three targets after
creating (with an old time) every relative file name the makefile
mentions that looks like a source file (`*.c`, `*.h`, `*.go`, `*.tex`...)
so that rules match. stdout, stderr, status and the files left behind
(names and contents) must agree, after diff_cli.py's normalisation (the
version text, the figures of GNU's hash tables, times in -p; and GNU's
`# No strcache buffers`, which it prints when its last string buffer
happens to be full). A run on which the reference crashes (it overflows
its stack on a makefile that includes itself) is shown, not counted; so
is a differing run the reference does not repeat alike (with -j: sorted; names
of `mktemp`'s files, dates, a `find` over /proc in a $(shell)), and one on
which both makes ran out of time.

Only forms that run no ordinary recipe are used, but parse-time
$(shell ...), recursive ($(MAKE), `+`) recipe lines and the recipes that
remake makefiles still run: a case whose makefiles name destructive or
privileged commands on such lines (git push, sudo, `rm -rf /`...)
is skipped (comments aside); network commands (curl, wget, git clone...)
(and docker, which nobody may not reach) only fail, as every make runs
without a network
(unshare -n) as the user nobody (setpriv), with HOME and TMPDIR in the
scratch directory and a timeout of 20 seconds; so this needs root, and
both makes are copied where nobody can run them.

WILD_ARGS (words), when set, replaces the forms above by just two runs
with those arguments, before and after the files are created (one when
there are none to create). With -jN among them, output lines are
compared sorted, and a run differs only if it differs three times (see
diffcommon.agree). In it, @SOURCE stands for a file of the case: the
first source-like name the makefile mentions that exists in its
directory (else the first one, which exists once the files are
created), else the makefile; @MAKEFILE for the makefile.

WILD_ENV (NAME=VALUE words) adds to both makes' environment; the word
@FIRST=VALUE sets the first variable the makefile assigns (for -e).

WILD_FAKE (command names among the risky ones, say `sudo`) puts a
command of that name first on PATH for both makes that only prints its
name and arguments, and WILD_ALLOW (say `dd`: as nobody it writes no
device) names those let run as they are: a case that names no other
risky command is run, not skipped. (coreboot's tree has a
`sudo $(MAKE) install` recipe line and a `$(shell dd ...)`.)

Differing runs are printed (-v: with their diffs); the last line counts
runs and cases.
"""
import json
import os
import re
import shutil
import subprocess
import sys

import diff_cli

from diffcommon import _sorted_output, agree, candidate, listing, reference, run_make, scratch, show_diff

NOBODY = 65534
# (a command word, not part of a file name like docker.inc.mk or a call like halt())
DANGER = re.compile(r'(?<![\w./-])(sudo|su|doas|git\s+push|shutdown|reboot|halt|poweroff|mkfs|dd)'
                    r'(?![\w.(-])|rm\s+-\w*[rf]\w*\s+/(\s|$)')
# (a comment after a makefile line: `USEMODULE += x  # provides reboot command`)
COMMENT = re.compile(r'^([^\t].*?)\s#\s.*$')
EARLY = re.compile(r'shell|!=|MAKE\b|^\t[ @-]*\+')
SOURCE = re.compile(r'^[A-Za-z0-9_][A-Za-z0-9_./+-]*\.(c|cc|cpp|cxx|h|hh|hpp|s|S|asm|go|py|js|ts|tex|bib|'
                    r'md|rst|txt|y|l|rs|java|proto|ld|lds|f90|f|sty|cls|svg|png|html|css|json|yml|yaml|def)$')
TARGET = re.compile(r'^([A-Za-z0-9_][A-Za-z0-9_./-]*)\s*:(?![=:]?=)', re.M)


def risky(text, fake=()):
    """Whether a line that runs even under -n/-q ($(shell), !=, a recursive
    or `+` recipe line) names a destructive or privileged command other
    than those in `fake` (see WILD_FAKE). (Other recipe lines run only to
    remake a makefile: the sandbox covers them.)"""
    lines = [COMMENT.sub(r'\1', l) for l in text.splitlines()]
    return any(EARLY.search(l) and any(m.group(1) not in fake for m in DANGER.finditer(l)) for l in lines)


def fakes():
    return os.environ.get('WILD_FAKE', '').split()


def allowed():
    return fakes() + os.environ.get('WILD_ALLOW', '').split()


ASSIGN = re.compile(r'^(?:override\s+|export\s+)*([A-Za-z_][A-Za-z0-9_]*)\s*(?:::?|[?+!])?=', re.M)


def extra_env(text):
    """The variables WILD_ENV adds (@FIRST: the makefile's first assigned one)."""
    env = {}
    for w in os.environ.get('WILD_ENV', '').split():
        name, _, value = w.partition('=')
        if name == '@FIRST':
            m = ASSIGN.search(text)
            if not m:
                continue
            name = m.group(1)
        env[name] = value
    return env


def makefiles_text(case):
    """The text of the case's makefiles (those in the directory make runs
    in, every *.mk under the case, and with "dir" every makefile of the
    tree: it includes across it)."""
    info = json.load(open(os.path.join(case, '.wild.json')))
    here = os.path.normpath(os.path.join(case, info.get('dir', '.')))
    out = []
    for top, dirs, names in os.walk(case):
        for n in names:
            if (top == here or 'dir' in info) and (n.lower() in ('makefile', 'gnumakefile') or n.startswith('Makefile')) \
                    or n.endswith('.mk') or top == here and n == info['makefile']:
                with open(os.path.join(top, n), encoding='latin1') as f:
                    out.append(f.read())
    return '\n'.join(out)


def sources(text):
    """Relative source-like file names the makefile mentions."""
    got = []
    for w in re.split(r'[\s:|;=()]+', text):
        if SOURCE.match(w) and '..' not in w and w not in got:
            got.append(w)
    return got


def forms(text, case_makefile):
    """(label, args, touch) of every run of a case."""
    goals = []
    for m in TARGET.finditer(text):
        if m.group(1) not in goals:
            goals.append(m.group(1))
    if os.environ.get('WILD_ARGS'):
        w = os.environ['WILD_ARGS'].split()
        w = [os.path.basename(case_makefile) if x == '@MAKEFILE' else x for x in w]
        if '@SOURCE' in w:
            here = os.path.dirname(case_makefile)
            got = [s for s in sources(text) if os.path.isfile(os.path.join(here, s))] or sources(text)
            got.append(os.path.basename(case_makefile))
            w = [got[0] if x == '@SOURCE' else x for x in w]
        # (with no source-like name to create, the second run is the first)
        return [(' '.join(w), w, False)] + ([('touched ' + ' '.join(w), w, True)] if sources(text) else [])
    out = [('-pq', ['-pq'], False), ('-n', ['-n'], False), ('-n goals', ['-n'] + goals[:3], False),
           ('-n -B', ['-n', '-B'], False)]
    if goals[3:]:
        out.append(('-n more goals', ['-n'] + goals[3:10], False))
    out += [('-n clean', ['-n', 'clean'], False), ('-q', ['-q'], False), ('-k -n all', ['-k', '-n', 'all'], False)]
    if sources(text):
        out += [('touched -n', ['-n'], True), ('touched -q', ['-q'], True), ('touched -pq', ['-pq'], True),
                ('touched -k -n all', ['-k', '-n', 'all'], True),
                ('touched --trace -n goals', ['--trace', '-n'] + goals[:3], True)]
    return out


def prepare(case, work, touch, sub, text):
    """A fresh copy of the case; returns (its root, the directory make
    runs in)."""
    # (deep enough that a case's ../.. stays in the scratch directory)
    run = os.path.join(work, 'w', 'w', 'w', 'run')
    here = os.path.normpath(os.path.join(run, sub))
    # (the whole scratch tree, not just the case's copy: a makefile may
    # write above its directory (`touch ../../lib` under -t) or in HOME or
    # TMPDIR, and what the reference left there must not meet the candidate)
    for d in ('w', 'home', 'tmp'):
        shutil.rmtree(os.path.join(work, d), ignore_errors=True)
    shutil.copytree(case, run, symlinks=True, ignore=shutil.ignore_patterns('.wild.json'))
    if touch:
        for s in sources(text):
            p = os.path.join(here, s)
            if not os.path.lexists(p):
                try:
                    os.makedirs(os.path.dirname(p), exist_ok=True)
                    open(p, 'w').close()
                    os.utime(p, (1577836800, 1577836800))
                except OSError:
                    pass
    for d in (os.path.join(work, 'w'), os.path.join(work, 'home'), os.path.join(work, 'tmp')):
        os.makedirs(d, exist_ok=True)
        subprocess.run(['chown', '-R', '%d:%d' % (NOBODY, NOBODY), d])
    return run, here


def run_one(make, work, case, args, touch, sub, text):
    run, here = prepare(case, work, touch, sub, text)
    bindir = os.path.join(work, 'bin')
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, 'make')
    if os.path.lexists(link):
        os.unlink(link)
    os.symlink(os.path.join(work, 'bin-' + ('ref' if make == reference else 'cand'), 'make'), link)
    for name in fakes():
        fake = os.path.join(bindir, name)
        with open(fake, 'w') as f:
            f.write('#!/bin/sh\necho "(fake) %s $*"\n' % name)
        os.chmod(fake, 0o755)
    env = dict(extra_env(text))
    env.update({'PATH': bindir + ':/usr/local/bin:/usr/bin:/bin', 'LC_ALL': 'C', 'HOME': os.path.join(work, 'home'),
                'TMPDIR': os.path.join(work, 'tmp')})
    sandbox = ['unshare', '-n', 'setpriv', '--reuid=%d' % NOBODY, '--regid=%d' % NOBODY, '--clear-groups', '--']
    out = list(run_make(make, args, here, env, kill_group=True, prefix=sandbox))
    # (whether GNU's string cache has a buffer with room left at the end
    # is one more figure of its tables: see diff_cli.norm)
    out = [diff_cli.norm(x, work, make).replace('\n# No strcache buffers\n', '') if i < 2 else x
           for i, x in enumerate(out)]
    return tuple(out) + (listing(run),)


def reference_alike(rerun, ref, cand, tries=3):
    """Whether up to `tries` more runs of the reference all give `ref`
    again, none the candidate's `cand` (a race in the makefile's own
    commands, such as RIOT's `$(shell find | xargs dirname | grep -f
    MISSING)` that SIGPIPEs xargs or not, may give the first again by
    chance)."""
    for _ in range(tries):
        got = rerun()
        if got != ref or got == cand:
            return False
    return True


def install(work):
    """Copies of both makes that nobody may run, each as `make` in its own
    directory."""
    for tag, m in (('ref', reference), ('cand', candidate)):
        d = os.path.join(work, 'bin-' + tag)
        os.makedirs(d, exist_ok=True)
        shutil.copy(m, os.path.join(d, 'make'))
        os.chmod(os.path.join(d, 'make'), 0o755)
    os.chmod(work, 0o755)


def main():
    args = [a for a in sys.argv[1:] if a != '-v']
    verbose = '-v' in sys.argv
    if not args:
        sys.exit(__doc__)
    corpus, only = args[0], set(args[1:])
    work = scratch('wild.%d' % os.getpid())
    os.makedirs(work, exist_ok=True)
    install(work)
    runs = bad_runs = cases = bad_cases = skipped = 0
    for name in sorted(os.listdir(corpus)):
        case = os.path.join(corpus, name)
        if (only and name not in only) or not os.path.isfile(os.path.join(case, '.wild.json')):
            continue
        with open(os.path.join(case, '.wild.json')) as f:
            info = json.load(f)
        mkname, sub = info['makefile'], info.get('dir', '.')
        with open(os.path.join(case, sub, mkname), encoding='latin1') as f:
            text = f.read()
        if risky(makefiles_text(case), allowed()):
            skipped += 1
            print('skip %s %s:%s (names a risky command)' % (name, info.get('repo'), info.get('path')))
            sys.stdout.flush()
            continue
        default = next((n for n in ('GNUmakefile', 'makefile', 'Makefile')
                        if os.path.exists(os.path.join(case, sub, n))), None)
        pre = [] if default == mkname else ['-f', mkname]
        cases += 1
        case_bad = False
        for label, fargs, touch in forms(text, os.path.join(case, sub, mkname)):
            runs += 1
            def run_pair():
                return (run_one(reference, work, case, pre + fargs, touch, sub, text),
                        run_one(candidate, work, case, pre + fargs, touch, sub, text))
            # (with -j, in which order jobs and sub-makes write is timing)
            parallel = any(a.startswith('-j') or a.startswith('--jobs') for a in fargs)
            _, ref, cand = agree(run_pair, parallel)
            again = _sorted_output if parallel else (lambda r: r)
            if ref != cand and ref[2] in (-11, -6):
                # (GNU overflows its stack on a makefile that includes itself)
                print('--- %s [%s]: the reference crashed (%s); not counted' % (name, label, ref[2]))
            elif ref != cand and ref[2] == cand[2] == 'timeout':
                # (how far each got in its 20 seconds is timing)
                print('--- %s [%s]: both timed out; not counted' % (name, label))
            elif ref != cand and not reference_alike(lambda: again(run_one(reference, work, case, pre + fargs, touch,
                                                                            sub, text)), ref, cand):
                # (the reference does not agree with itself: a makefile
                # that names `mktemp`'s files, the date, or walks /proc, or
                # whose $(shell) pipeline races to a SIGPIPE)
                print('--- %s [%s]: the reference differs from itself; not counted' % (name, label))
            elif ref != cand:
                bad_runs += 1
                case_bad = True
                print('=== %s %s:%s [%s] args %s' % (name, info.get('repo'), info.get('path'), label, pre + fargs))
                if verbose:
                    show_diff(ref, cand, 40)
                sys.stdout.flush()
        bad_cases += case_bad
    shutil.rmtree(work, ignore_errors=True)
    print('runs %d, differ %d; cases %d, differ %d; skipped %d' % (runs, bad_runs, cases, bad_cases, skipped))


if __name__ == '__main__':
    main()
