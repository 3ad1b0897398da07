#!/usr/bin/env python3
"""Differential fuzzing of --shuffle against the reference make.

    tests/fuzz/diff_shuffle.py FIRST_SEED COUNT [-v]

GNU make 4.4's --shuffle visits prerequisites (and goals) in an order its
own generator (xorshift, restarted from the seed at each reshuffle) or
`reverse` decides; with a numeric seed the order is deterministic, so
rmake must pick the same one. Each case is a diff_rules.py case (explicit,
grouped, double-colon, pattern and static-pattern rules, order-only
prerequisites, .WAIT, special targets, vpath, random options) or a
diff_features.py case (second expansion, target and pattern variables,
includes, ...) run with --shuffle=SEED (some with `reverse`, `identity`
or `none`), compared by ../shared/tools/make-diff or diff_features'
runner. A seed always gives the same case. CANDIDATE (absolute path) is
the make under test, default target/release/rmake.
"""
import os, random, shutil, subprocess, sys
from diffcommon import candidate, make_diff, scratch, agree, show_diff
import diff_rules
import diff_features


def shuffle_arg(r):
    return '--shuffle=' + r.choice([str(r.randint(1, 2**32 - 1))] * 6 + ['reverse', 'identity', 'none'])


def main():
    first, count = int(sys.argv[1]), int(sys.argv[2])
    verbose = '-v' in sys.argv[3:]
    work = scratch('shuffle.%d' % os.getpid())
    bad = 0
    for s in range(first, first + count):
        r = random.Random(s * 7919 + 1)
        arg = shuffle_arg(r)
        if s % 2 == 0:
            mk, setup, args = diff_rules.gen(s)
            args = [arg] + args
            shutil.rmtree(work, ignore_errors=True)
            os.makedirs(work)
            with open(work + '/Makefile', 'w') as f:
                f.write(mk)
            subprocess.run(['sh', '-c', setup], cwd=work)
            p = subprocess.run([make_diff, '-C', work, '--'] + args,
                               env=dict(os.environ, CANDIDATE=candidate), capture_output=True, text=True)
            if p.returncode != 0 and any(l in ('-139', '-134') for l in p.stdout.splitlines()):
                # The reference crashed (SIGSEGV, or abort() on a vpath
                # merge), as diff_rules.py counts apart: nothing to match.
                continue
            if p.returncode != 0:
                bad += 1
                print('=== seed %d (diff_rules %d) DIFFERS  args: %s' % (s, s, ' '.join(args)))
                if verbose:
                    print('setup:', setup)
                    print(mk)
                    print(p.stdout[:3000])
        else:
            mk, texts, ages, args, env, parallel = diff_features.gen(s)
            case = (mk, texts, ages, [arg] + args, env, parallel)
            d = os.path.join(work, 'tree')

            def run_pair():
                return [diff_features.run(m, d, case) for m in (diff_features.reference, candidate)]
            same, ref, cand = agree(run_pair, parallel)
            if ref[2] in (-11, 'timeout'):
                continue
            if not same:
                bad += 1
                print('=== seed %d (diff_features %d) DIFFERS  args: %s' % (s, s, ' '.join(case[3])))
                if verbose:
                    diff_features.show(case)
                    show_diff(ref, cand, 40)
        sys.stdout.flush()
    shutil.rmtree(work, ignore_errors=True)
    print('diff_shuffle: %d of %d cases differ' % (bad, count))


if __name__ == '__main__':
    main()
