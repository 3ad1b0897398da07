#!/usr/bin/env python3
"""Differential fuzzing of the data base (-p) against the reference make.

    tests/fuzz/diff_dbprint.py FIRST_SEED COUNT [-v]

Each case is a diff_features.py case (variables of every flavor and
origin, target and pattern variables, define, export, second expansion,
static pattern, double-colon and grouped rules, .EXTRA_PREREQS, includes,
vpath, ...) run with -pq (and the case's variables and some of its
options) by both makes in the same directory. The data bases are compared
line for line as tests/dbprint.rs compares them: set aside are the version
banner and date lines, the figures GNU derives from its hash tables'
lookups (`Collisions=`, the string cache block) and the times of files
the run itself wrote. Also compared: stderr and the exit status. A seed
always gives the same case. CANDIDATE (absolute path) is the make under
test, default target/release/rmake.
"""
import os, re, sys
from diffcommon import candidate, reference, scratch, agree, show_diff
import diff_features

KEEP = ('-r', '-R', '-e', '-i', '-k', '-s', '-B', '-n', '--no-silent')


def normalize(text):
    lines = []
    in_banner = False
    prev = None
    for l in text.splitlines():
        # (diff_features' runner has masked numbers of 3 digits or more.)
        after_stats, prev = prev == '# hash-table stats:', l
        i = l.find('# GNU Make ')
        if i >= 0:
            # (Also after a recipe's output that did not end its line.)
            if i > 0:
                lines.append(l[:i])
            in_banner = True
        if l.startswith('# Make data base, printed on ') or l.startswith('# Finished Make data base on '):
            in_banner = False
            continue
        if in_banner:
            continue
        if (l.startswith('# strcache buffers:') or l == '# No strcache buffers') and lines and lines[-1] == '':
            lines.pop()
        if (l.startswith('# strcache') or l == '# No strcache buffers' or l.startswith('# current buf:') or l.startswith('# other used:')
                or l.startswith('# other free:') or l == '# hash-table stats:'
                or (l.startswith('# Load=') and after_stats)):
            continue
        m = re.match(r'#  Last modified (.*)', l)
        if m and not m.group(1).startswith('2020-'):
            l = '#  Last modified (during the run)'
        l = re.sub(r'(fifo:/tmp/GMfifo|fnm:/tmp/Gm)\S*', r'\1@TEMP@', l)
        i = l.find(', Collisions=')
        if i >= 0:
            l = l[:i]
        lines.append(l)
    return '\n'.join(lines) + '\n'


def main():
    first, count = int(sys.argv[1]), int(sys.argv[2])
    verbose = '-v' in sys.argv[3:]
    work = scratch('dbprint.%d' % os.getpid())
    d = os.path.join(work, 'tree')
    bad = 0
    for s in range(first, first + count):
        mk, texts, ages, args, env, _ = diff_features.gen(s)
        args = ['-pq'] + [a for a in args if a in KEEP or ('=' in a and not a.startswith('-'))]
        case = (mk, texts, ages, args, env, False)

        def run_pair():
            out = []
            for m in (reference, candidate):
                o, e, st, files = diff_features.run(m, d, case)
                out.append((normalize(o), e, st, files))
            return out
        same, ref, cand = agree(run_pair, False)
        if ref[2] in (-11, 'timeout'):
            continue
        if not same:
            bad += 1
            print('=== seed %d DIFFERS  args: %s' % (s, ' '.join(args)))
            if verbose:
                diff_features.show(case)
                show_diff(ref, cand, 60)
        sys.stdout.flush()
    print('diff_dbprint: %d of %d cases differ' % (bad, count))


if __name__ == '__main__':
    main()
