//! `--why[=TARGET]`: one line per target make decided to remake, with the
//! first reason, printed on stderr after the run (`--debug=why` keeps
//! GNU's own format; this is rmake's).
//!
//! The update engine calls [`note`] at the point where it has decided that
//! a target must be remade (GNU's "Must remake target"), so only real
//! decisions are reported, in the order they were taken.

use std::cell::RefCell;

use crate::fs::MTime;
use crate::make::Make;
use crate::rules::{FileId, NEW_MTIME, OLD_MTIME};

/// (target, line) in decision order, and the targets decided on.
type State = (Vec<(Vec<u8>, Vec<u8>)>, crate::hash::FxHashSet<FileId>);

thread_local! {
    static STATE: RefCell<State> = RefCell::new(Default::default());
}

/// The update engine decided to remake FILE (`noexist`: it does not exist;
/// `this_mtime`: its time as compared with its prerequisites').
pub fn note(mk: &mut Make, file: FileId, noexist: bool, this_mtime: MTime) {
    if mk.opts.extras.why.is_none() {
        return;
    }
    let reason = reason(mk, file, noexist, this_mtime);
    let name = mk.db.file(file).name.to_vec();
    let mut line = name.clone();
    line.extend_from_slice(b": ");
    line.extend_from_slice(&reason);
    line.push(b'\n');
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.0.push((name, line));
        s.1.insert(file);
    });
}

fn was_remade(f: FileId) -> bool {
    STATE.with(|s| s.borrow().1.contains(&f))
}

fn reason(mk: &mut Make, file: FileId, noexist: bool, this_mtime: MTime) -> Vec<u8> {
    let (phony, double_colon, deps) = {
        let f = mk.db.file(file);
        (
            f.phony,
            f.ext().double_colon.get().is_some(),
            f.deps.clone(),
        )
    };
    if phony {
        return b"phony".to_vec();
    }
    if noexist {
        return b"does not exist".to_vec();
    }
    for d in deps.iter().filter(|d| !d.order_only) {
        let (dname, dphony, dinter) = {
            let df = mk.db.file(d.file);
            (df.name.to_vec(), df.phony, df.intermediate)
        };
        let pre = |rest: &[u8]| [&b"prerequisite "[..], &dname, rest].concat();
        if dphony {
            return pre(b" is phony");
        }
        if was_remade(d.file) {
            return pre(b" was remade");
        }
        let m = mk.file_mtime(d.file);
        if m == MTime::Missing && !dinter {
            return pre(b" does not exist");
        }
        if m != MTime::Missing && m > this_mtime {
            let mut v = pre(b" is newer (");
            v.extend_from_slice(&time_text(m));
            v.extend_from_slice(b" > ");
            v.extend_from_slice(&time_text(this_mtime));
            v.push(b')');
            return v;
        }
    }
    if mk.opts.always_make {
        return b"-B".to_vec();
    }
    if double_colon && deps.is_empty() {
        return b"double-colon rule without prerequisites".to_vec();
    }
    b"unknown reason".to_vec()
}

/// A time as `2026-11-23 18:00:01.12` (local time, hundredths).
pub fn time_text(m: MTime) -> Vec<u8> {
    let (secs, ns) = match m {
        MTime::Missing => return b"missing".to_vec(),
        x if x == NEW_MTIME => return b"-W: infinitely new".to_vec(),
        x if x == OLD_MTIME => return b"-o: infinitely old".to_vec(),
        x => x.secs_nanos().unwrap_or_default(),
    };
    let frac = ns / 10_000_000;
    match crate::dbprint::local_date_time(secs as libc::time_t) {
        Some(date) => format!("{date}.{frac:02}").into_bytes(),
        None => format!("{secs}s").into_bytes(),
    }
}

/// After the run: the lines, on stderr (only those of the targets named
/// with `--why=TARGET`, if any).
pub fn report(mk: &mut Make) {
    let Some(only) = mk.opts.extras.why.clone() else {
        return;
    };
    let lines = STATE.with(|s| std::mem::take(&mut s.borrow_mut().0));
    let mut v = Vec::new();
    for (name, line) in lines {
        if only.is_empty() || only.contains(&name) {
            v.extend_from_slice(&line);
        }
    }
    if !v.is_empty() {
        mk.out.stderr(&v);
    }
}
