"""Differential fuzzer of makefiles holding NUL bytes, as GNU's reader
(fgets into a 200-byte buffer, doubled as lines need) sees them: NUL runs
around the buffer's sizes, long lines before them, text after them,
continuations, CRLF and define blocks.

    CANDIDATE=BIN python3 tests/fuzz/diff_nul.py FIRST COUNT
"""
import os
import random
import subprocess
import sys

from diffcommon import candidate, reference, scratch

def gen(r):
    """One makefile of random lines for the seeded generator r."""
    out = bytearray()
    n = r.randint(1, 12)
    for i in range(n):
        k = r.random()
        if k < 0.2:
            out += b'$(info L%d ' % i + b'x' * r.choice([0, 10, 150, 190, 198, 199, 200, 250, 400, 800]) + b')'
        elif k < 0.35:
            out += b'\0' * r.choice([1, 2, 150, 198, 199, 200, 201, 398, 399, 400, 401, 800]) + b'$(info after%d)' % i
        elif k < 0.5:
            out += b'v%d := ' % i + b'y' * r.choice([0, 5, 190, 195, 196, 197, 198, 199, 300]) + b'\0' * r.choice([1, 3, 300]) + b'$(info z%d)' % i
        elif k < 0.6:
            out += b'$(info c%d) \\' % i
        elif k < 0.7:
            out += b'w%d = a\\' % i + (b'\r' if r.random() < 0.3 else b'')
        elif k < 0.8:
            out += b'$(info r%d)\r' % i
        elif k < 0.9:
            out += b'q%d: ; @echo q%d $(v%d)' % (i, i, i) + (b'\0$(info hid)' if r.random() < 0.5 else b'')
        elif k < 0.95:
            out += b'define d%d\nline1 ' % i + b'\0' * r.choice([0, 1, 199, 200, 401]) + b'$(info in%d)\n' % i + b'k' * r.choice([0, 100, 300]) + b'\nendef\n$(info $(d%d))' % i
        else:
            out += b'\\' * r.randint(1, 3) + b'\0' * r.choice([1, 199, 200]) + b'$(info bs%d)' % i
        if r.random() < 0.9:
            out += b'\n'
    out += b'\nall: ; @echo done $(v1) $(v2) $(v3) $(words $(.VARIABLES))\n'
    return bytes(out)
first, count = int(sys.argv[1]), int(sys.argv[2])
d = scratch('nul')
bad = 0
for seed in range(first, first + count):
    r = random.Random(seed)
    mk = gen(r)
    os.makedirs(d, exist_ok=True)
    open(d + '/Makefile', 'wb').write(mk)
    res = []
    for b in (reference, candidate):
        p = subprocess.run([b, '-s', '-f', 'Makefile', 'all'], cwd=d, capture_output=True, timeout=20)
        res.append((p.returncode, p.stdout, p.stderr.replace(os.path.basename(b).encode() + b':', b'MAKE:')))
    if res[0] != res[1]:
        bad += 1
        print('seed', seed, 'differs')
        if bad == 1:
            print(res[0]); print(res[1])
            open(d + '/bad.mk', 'wb').write(mk)
print('bad', bad, 'of', count)
