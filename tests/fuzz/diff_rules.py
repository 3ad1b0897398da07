#!/usr/bin/env python3
"""Differential fuzzing of rules and execution against the reference make.

    tests/fuzz/diff_rules.py FIRST_SEED COUNT

Generates COUNT small random makefiles (explicit, grouped, double-colon,
pattern and static-pattern rules, order-only prerequisites, .WAIT, special
targets, vpath) with input files of chosen ages and random options
(-k -n -q -t -i -B -s -r -e -W -o, goals), runs each through
../shared/tools/make-diff (reference GNU make 4.4.1 against $CANDIDATE,
default target/release/rmake) and prints every case that differs with
its seed, arguments, setup and makefile; a case where the reference
crashes (SIGSEGV, or SIGABRT on some vpath merges) is counted apart. A
seed always gives the same case.
"""
import random, subprocess, os, sys, shutil
from diffcommon import candidate, make_diff, scratch
names=['a','b','c','d','e','x.o','y.o','x.c','y.c','x.h','lib','out']
def recipe(r):
    lines=[]
    pre=r.choice(['','','@','-','@-','+'])
    lines.append(pre+r.choice(['echo $@ "<$<" "^$^" "?$?" "*$*" "|$|" "+$+"','touch $@','echo $@ > $@','false','exit 2','cp $< $@ 2>/dev/null || touch $@',':','printf "%s\\n" $@']))
    if r.random()<0.5: lines.append(r.choice(['','@','-'])+r.choice(['touch $@','false','echo done $@']))
    return lines
def gen(seed):
    r=random.Random(seed)
    L=[]
    specials=['.DEFAULT','.SECONDEXPANSION','.LOW_RESOLUTION_TIME','.PHONY','.PRECIOUS','.SECONDARY','.INTERMEDIATE','.NOTINTERMEDIATE','.DELETE_ON_ERROR','.IGNORE','.SILENT','.SUFFIXES']
    goals=r.sample(names,r.randint(1,3))
    L.append(r.choice(['','vpath %.c src','VPATH = src','vpath % src','GPATH = src\nVPATH = src']));L.append('all: '+' '.join(goals))
    for i in range(r.randint(2,7)):
        k=r.random()
        t=r.sample(names,r.randint(1,2))
        pre=r.sample(names,r.randint(0,3))
        oo=' | '+' '.join(r.sample(names,1)) if r.random()<0.15 else ''
        if r.random()<0.1 and len(pre)>1: pre.insert(1,'.WAIT')
        if k<0.15:
            L.append(' '.join(t)+' &: '+' '.join(pre)+oo)
        elif k<0.3:
            L.append(t[0]+':: '+' '.join(pre)+oo)
        elif k<0.5:
            L.append(r.choice(['%.o: %.c','%.c: %.y','%: %.o','%.o: %.c %.h','x.o y.o: %.o: %.c','%.h:','%.o: %.c | %.h','%.o: $$$$(@:.o=.c)','%.y: ; echo $@ $$? > $@','%.c: %.y'])+oo)
        else:
            L.append(' '.join(t)+': '+' '.join(pre)+oo)
        if r.random()<0.85:
            for l in recipe(r): L.append('\t'+l)
    for i in range(r.randint(0,3)):
        s=r.choice(specials)
        L.append(s+': '+(' '.join(r.sample(names,r.randint(0,2))) if s not in('.DELETE_ON_ERROR',) else ''))
    setup=['mkdir -p src']
    for nm in r.sample(names,r.randint(0,5)):
        nm=r.choice(['','src/'])+nm
        setup.append("echo %s > '%s'; touch -d '2020-01-01 00:00:%02d' '%s'"%(nm,nm,r.randint(0,9),nm))
    args=[]
    for o in ['-k','-n','-q','-t','-i','-B','-s','-r','-e']:
        if r.random()<0.15: args.append(o)
    if r.random()<0.15: args+=['-W',r.choice(names)]
    if r.random()<0.15: args+=['-o',r.choice(names)]
    if r.random()<0.2: args+=r.sample(names,r.randint(1,2))
    return '\n'.join(L)+'\n', ';'.join(setup), args
def main():
    seed0=int(sys.argv[1]); n=int(sys.argv[2])
    work=scratch('rules.%d'%os.getpid())  # (runs may go side by side: diff_vpath is diff_rules too)
    bad=crashed=0
    for s in range(seed0,seed0+n):
        mk,setup,args=gen(s)
        d=work
        shutil.rmtree(d,ignore_errors=True); os.makedirs(d)
        open(d+'/Makefile','w').write(mk)
        subprocess.run(['sh','-c',setup],cwd=d)
        p=subprocess.run([make_diff,'-C',d,'--']+args,env=dict(os.environ,CANDIDATE=candidate),capture_output=True,text=True)
        if p.returncode!=0 and any(l in ('-139','-134') for l in p.stdout.splitlines()):
            # The reference crashed (SIGSEGV, or abort() on a vpath merge):
            # nothing to match.
            crashed+=1
        elif p.returncode!=0:
            bad+=1
            print('=== seed',s,'args',args,'setup',setup); print(mk); print(p.stdout[:3000]); sys.stdout.flush()
    shutil.rmtree(work,ignore_errors=True)
    print('bad',bad,'reference crashes',crashed)
if __name__=='__main__':
    main()
