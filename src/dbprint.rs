//! `-p`/`--print-data-base`: make's variables, rules, files, vpath and
//! statistics, in GNU make's sections and format.
//!
//! Variables and files come in the order of GNU's hash tables: the same
//! hash function (Jenkins' one-at-a-time-free "jhash" of GNU's `hash.c`),
//! the same open addressing with linear probing and the same growth,
//! replayed over the entries. The replay inserts files in the order make
//! first heard of them and variables by origin (defaults, environment,
//! then the rest by name), which is GNU's order except for rare collisions.
//! The `Collisions=` and `lookups` numbers count only those inserts (GNU
//! also counts every lookup). Not printed yet: the directory-cache and
//! string-cache sections.

use crate::fs::MTime;
use crate::make::Make;
use crate::rules::{CommandState, Dep, Recipe, UpdateStatus, NEW_MTIME, OLD_MTIME};
use crate::vars::{Origin, Var};

fn origin_text(o: Origin) -> &'static str {
    match o {
        Origin::Automatic => "automatic",
        Origin::Default => "default",
        Origin::Environment => "environment",
        Origin::File => "makefile",
        Origin::EnvironmentOverride => "environment under -e",
        Origin::CommandLine => "command line",
        Origin::Override => "'override' directive",
    }
}

/// One variable as GNU's `print_variable` shows it.
fn print_variable(o: &mut Vec<u8>, name: &[u8], v: &Var, prefix: &[u8]) {
    o.extend_from_slice(b"# ");
    o.extend_from_slice(origin_text(v.origin).as_bytes());
    if v.private {
        o.extend_from_slice(b" private");
    }
    if let Some(l) = &v.loc {
        if !l.file.is_empty() {
            o.extend_from_slice(b" (from '");
            o.extend_from_slice(&l.file);
            o.extend_from_slice(format!("', line {})", l.line).as_bytes());
        }
    }
    o.push(b'\n');
    o.extend_from_slice(prefix);
    if v.is_recursive() && v.value.contains(&b'\n') {
        o.extend_from_slice(b"define ");
        o.extend_from_slice(name);
        o.push(b'\n');
        o.extend_from_slice(&v.value);
        o.extend_from_slice(b"\nendef\n");
        return;
    }
    o.extend_from_slice(name);
    o.extend_from_slice(match (v.is_recursive(), v.append) {
        (true, true) => b" += ",
        (true, false) => b" = ",
        (false, _) => b" := ",
    });
    let all_blank = !v.value.is_empty() && v.value.iter().all(|&c| crate::patterns::is_ws(c));
    if all_blank {
        o.extend_from_slice(b"$(subst ,,");
        o.extend_from_slice(&v.value);
        o.push(b')');
    } else if v.is_recursive() {
        o.extend_from_slice(&v.value);
    } else {
        for &c in &v.value {
            if c == b'$' {
                o.push(b'$');
            }
            o.push(c);
        }
    }
    o.push(b'\n');
}

/// GNU's `jhash` (over a known length), the hash of variable names.
pub fn jhash(k: &[u8]) -> u32 {
    let mut a = 0xdeadbeefu32.wrapping_add(k.len() as u32);
    let (mut b, mut c) = (a, a);
    let word = |k: &[u8], i: usize| u32::from_le_bytes([k[i], k[i + 1], k[i + 2], k[i + 3]]);
    let mut k = k;
    while k.len() > 12 {
        a = a.wrapping_add(word(k, 0));
        b = b.wrapping_add(word(k, 4));
        c = c.wrapping_add(word(k, 8));
        mix(&mut a, &mut b, &mut c);
        k = &k[12..];
    }
    if k.is_empty() {
        return c;
    }
    if k.len() > 8 {
        a = a.wrapping_add(word(k, 0));
        k = &k[4..];
    }
    if k.len() > 4 {
        b = b.wrapping_add(word(k, 0));
        k = &k[4..];
    }
    if k.len() == 4 {
        c = c.wrapping_add((k[3] as u32) << 24);
    }
    if k.len() >= 3 {
        c = c.wrapping_add((k[2] as u32) << 16);
    }
    if k.len() >= 2 {
        c = c.wrapping_add((k[1] as u32) << 8);
    }
    c = c.wrapping_add(k[0] as u32);
    fin(&mut a, &mut b, &mut c);
    c
}

/// GNU's `jhash_string` (up to the NUL), the hash of file names.
pub fn jhash_string(s: &[u8]) -> u32 {
    let mut st = [0xdeadbeefu32; 3];
    let mut pos = 0;
    let mut which = 0;
    loop {
        let mut w = [0u8; 4];
        let n = (s.len() - pos).min(4);
        w[..n].copy_from_slice(&s[pos..pos + n]);
        let val = u32::from_le_bytes(w);
        let has_nul = n < 4;
        let add = if !has_nul {
            val
        } else if val & 0xff == 0 {
            0
        } else if val & 0xff00 == 0 {
            val & 0xff
        } else if val & 0xff0000 == 0 {
            val & 0xffff
        } else {
            val
        };
        st[which] = st[which].wrapping_add(add);
        if has_nul {
            break;
        }
        pos += 4;
        which += 1;
        if which == 3 {
            let [mut a, mut b, mut c] = st;
            mix(&mut a, &mut b, &mut c);
            st = [a, b, c];
            which = 0;
        }
    }
    let [mut a, mut b, mut c] = st;
    fin(&mut a, &mut b, &mut c);
    c.wrapping_add(pos as u32)
}

fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    *a = a.wrapping_sub(*c);
    *a ^= c.rotate_left(4);
    *c = c.wrapping_add(*b);
    *b = b.wrapping_sub(*a);
    *b ^= a.rotate_left(6);
    *a = a.wrapping_add(*c);
    *c = c.wrapping_sub(*b);
    *c ^= b.rotate_left(8);
    *b = b.wrapping_add(*a);
    *a = a.wrapping_sub(*c);
    *a ^= c.rotate_left(16);
    *c = c.wrapping_add(*b);
    *b = b.wrapping_sub(*a);
    *b ^= a.rotate_left(19);
    *a = a.wrapping_add(*c);
    *c = c.wrapping_sub(*b);
    *c ^= b.rotate_left(4);
    *b = b.wrapping_add(*a);
}

fn fin(a: &mut u32, b: &mut u32, c: &mut u32) {
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(14));
    *a ^= *c;
    *a = a.wrapping_sub(c.rotate_left(11));
    *b ^= *a;
    *b = b.wrapping_sub(a.rotate_left(25));
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(16));
    *a ^= *c;
    *a = a.wrapping_sub(c.rotate_left(4));
    *b ^= *a;
    *b = b.wrapping_sub(a.rotate_left(14));
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(24));
}

/// A replay of GNU's open-addressing hash table (`hash.c`) holding
/// distinct keys, for its iteration order and statistics.
struct HashSim {
    slots: Vec<Option<(u32, usize)>>,
    fill: usize,
    empty: usize,
    capacity: usize,
    collisions: u64,
    lookups: u64,
    rehashes: u32,
}

impl HashSim {
    fn new(size: usize) -> HashSim {
        let size = size.max(1).next_power_of_two();
        HashSim {
            slots: vec![None; size],
            fill: 0,
            empty: size,
            capacity: size - size / 16,
            collisions: 0,
            lookups: 0,
            rehashes: 0,
        }
    }

    /// The free slot a key of hash `h` goes to (keys are distinct, and
    /// string keys probe linearly: GNU's second hash is 0|1).
    fn find_slot(&mut self, h: u32) -> usize {
        self.lookups += 1;
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        while self.slots[i].is_some() {
            self.collisions += 1;
            i = (i + 1) & mask;
        }
        i
    }

    fn insert(&mut self, h: u32, item: usize) {
        let i = self.find_slot(h);
        self.slots[i] = Some((h, item));
        self.fill += 1;
        self.empty -= 1;
        if self.empty < self.slots.len() - self.capacity {
            self.rehash();
        }
    }

    fn rehash(&mut self) {
        let mut size = self.slots.len();
        if self.fill >= self.capacity {
            size *= 2;
            self.capacity = size - (size >> 4);
        }
        self.rehashes += 1;
        let old = std::mem::replace(&mut self.slots, vec![None; size]);
        for (h, item) in old.into_iter().flatten() {
            let i = self.find_slot(h);
            self.slots[i] = Some((h, item));
        }
        self.empty = size - self.fill;
    }

    fn order(&self) -> Vec<usize> {
        self.slots.iter().flatten().map(|&(_, i)| i).collect()
    }

    /// GNU's `hash_print_stats`.
    fn stats(&self) -> String {
        let size = self.slots.len();
        let pct = |a: f64, b: f64| if b == 0.0 { 0.0 } else { 100.0 * a / b };
        format!(
            "Load={}/{}={:.0}%, Rehash={}, Collisions={}/{}={:.0}%",
            self.fill,
            size,
            pct(self.fill as f64, size as f64),
            self.rehashes,
            self.collisions,
            self.lookups,
            pct(self.collisions as f64, self.lookups as f64)
        )
    }
}

/// The variables of a set in GNU's table order, and the table's stats.
fn variable_order<'a>(
    set: &'a crate::vars::VarSet,
    buckets: usize,
) -> (Vec<(&'a Vec<u8>, &'a Var)>, String) {
    let mut vars: Vec<(&Vec<u8>, &Var)> = set.iter().collect();
    let rank = |v: &Var| match v.origin {
        Origin::Default => 0,
        Origin::Automatic => 1,
        Origin::Environment | Origin::EnvironmentOverride => 2,
        _ => 3,
    };
    vars.sort_by(|a, b| (rank(a.1), a.0).cmp(&(rank(b.1), b.0)));
    let mut sim = HashSim::new(buckets);
    for (i, (n, _)) in vars.iter().enumerate() {
        sim.insert(jhash(n), i);
    }
    let order = sim.order().into_iter().map(|i| vars[i]).collect();
    (order, sim.stats())
}

fn print_recipe(o: &mut Vec<u8>, r: &Recipe) {
    o.extend_from_slice(b"#  recipe to execute");
    if r.loc.file.is_empty() {
        o.extend_from_slice(b" (built-in):\n");
    } else {
        o.extend_from_slice(b" (from '");
        o.extend_from_slice(&r.loc.file);
        o.extend_from_slice(format!("', line {}):\n", r.loc.line).as_bytes());
    }
    let text = r.text();
    if text.is_empty() {
        return;
    }
    let mut start = 0;
    let mut bs = false;
    for i in 0..=text.len() {
        let c = text.get(i).copied();
        if c == Some(b'\n') && !bs || c.is_none() {
            o.push(r.prefix);
            o.extend_from_slice(&text[start..i]);
            o.push(b'\n');
            start = i + 1;
            bs = false;
            continue;
        }
        bs = if c == Some(b'\\') { !bs } else { false };
    }
}

impl Make {
    fn print_prereqs(&self, o: &mut Vec<u8>, deps: &[Dep]) {
        for d in deps.iter().filter(|d| !d.order_only) {
            o.push(b' ');
            if d.wait_here {
                o.extend_from_slice(b".WAIT ");
            }
            o.extend_from_slice(&self.db.file(d.file).name);
        }
        let mut sep: &[u8] = b" | ";
        for d in deps.iter().filter(|d| d.order_only) {
            o.extend_from_slice(sep);
            sep = b" ";
            if d.wait_here {
                o.extend_from_slice(b".WAIT ");
            }
            o.extend_from_slice(&self.db.file(d.file).name);
        }
        o.push(b'\n');
    }

    fn print_variables(&self, o: &mut Vec<u8>) {
        o.extend_from_slice(b"\n# Variables\n\n");
        let (vars, stats) = variable_order(&self.vars.global, 523);
        for (n, v) in vars {
            print_variable(o, n, v, b"");
        }
        o.extend_from_slice(b"# variable set hash-table stats:\n# ");
        o.extend_from_slice(stats.as_bytes());
        o.push(b'\n');
        o.extend_from_slice(b"\n# Pattern-specific Variable Values\n");
        let mut count = 0;
        for pv in &self.db.pattern_vars {
            count += 1;
            o.push(b'\n');
            o.extend_from_slice(&pv.pattern);
            o.extend_from_slice(b" :\n");
            print_variable(o, &pv.name, &pv.var, b"# ");
        }
        if count == 0 {
            o.extend_from_slice(b"\n# No pattern-specific variable values.\n");
        } else {
            o.extend_from_slice(
                format!("\n# {} pattern-specific variable values", count).as_bytes(),
            );
        }
    }

    fn print_rules(&self, o: &mut Vec<u8>) {
        o.extend_from_slice(b"\n# Implicit Rules\n");
        let mut terminal = 0;
        for r in &self.db.patterns {
            o.push(b'\n');
            o.extend_from_slice(&r.targets.join(&b' '));
            o.push(b':');
            if r.terminal {
                o.push(b':');
                terminal += 1;
            }
            for p in &r.prereqs {
                o.push(b' ');
                o.extend_from_slice(p);
            }
            let mut sep: &[u8] = b" | ";
            for p in &r.order_only {
                o.extend_from_slice(sep);
                sep = b" ";
                o.extend_from_slice(p);
            }
            o.push(b'\n');
            if let Some(rc) = &r.recipe {
                print_recipe(o, rc);
            }
        }
        let n = self.db.patterns.len();
        if n == 0 {
            o.extend_from_slice(b"\n# No implicit rules.\n");
        } else {
            let pct = terminal as f64 / n as f64 * 100.0;
            o.extend_from_slice(
                format!(
                    "\n# {} implicit rules, {} ({:.1}%) terminal.",
                    n, terminal, pct
                )
                .as_bytes(),
            );
        }
    }

    fn print_files(&self, o: &mut Vec<u8>) {
        o.extend_from_slice(b"\n# Files\n");
        let mut prefix = b'\t';
        // GNU's table holds one entry per name (double-colon entries
        // follow theirs).
        let mut sim = HashSim::new(1000);
        let mut seen: crate::hash::FxHashMap<&[u8], usize> = Default::default();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (i, f) in self.db.files.iter().enumerate() {
            match seen.get(f.name.as_slice()) {
                Some(&g) => groups[g].push(i),
                None => {
                    seen.insert(&f.name, groups.len());
                    sim.insert(jhash_string(&f.name), groups.len());
                    groups.push(vec![i]);
                }
            }
        }
        let order: Vec<usize> = sim
            .order()
            .into_iter()
            .flat_map(|g| groups[g].clone())
            .collect();
        for f in order.into_iter().map(|i| &self.db.files[i]) {
            o.push(b'\n');
            if let Some(r) = &f.recipe {
                if r.prefix != prefix {
                    prefix = r.prefix;
                    o.extend_from_slice(b".RECIPEPREFIX = ");
                    if prefix != b'\t' {
                        o.push(prefix);
                    }
                    o.push(b'\n');
                }
            }
            if let Some(vs) = &f.vars {
                for (n, v) in variable_order(vs, 23).0 {
                    {
                        if v.origin != Origin::Automatic {
                            let mut p = f.name.clone();
                            p.extend_from_slice(b": ");
                            print_variable(o, n, v, &p);
                        }
                    }
                }
            }
            if !f.is_target {
                o.extend_from_slice(b"# Not a target:\n");
            }
            o.extend_from_slice(&f.name);
            o.push(b':');
            if f.double_colon.is_some() {
                o.push(b':');
            }
            self.print_prereqs(o, &f.deps);
            let mut line = |s: &str| {
                o.extend_from_slice(s.as_bytes());
                o.push(b'\n');
            };
            if f.precious {
                line("#  Precious file (prerequisite of .PRECIOUS).");
            }
            if f.phony {
                line("#  Phony target (prerequisite of .PHONY).");
            }
            if f.cmd_target {
                line("#  Command line target.");
            }
            if f.dontcare {
                line("#  A default, MAKEFILES, or -include/sinclude makefile.");
            }
            line(if f.tried_implicit {
                "#  Implicit rule search has been done."
            } else {
                "#  Implicit rule search has not been done."
            });
            if let Some(s) = &f.stem {
                o.extend_from_slice(b"#  Implicit/static pattern stem: '");
                o.extend_from_slice(s);
                o.extend_from_slice(b"'\n");
            }
            let mut line = |s: &str| {
                o.extend_from_slice(s.as_bytes());
                o.push(b'\n');
            };
            if f.intermediate {
                line("#  File is an intermediate prerequisite.");
            }
            if f.notintermediate {
                line("#  File is a prerequisite of .NOTINTERMEDIATE.");
            }
            if f.secondary {
                line("#  File is secondary (prerequisite of .SECONDARY).");
            }
            if !f.also_make.is_empty() {
                o.extend_from_slice(b"#  Also makes:");
                for &a in &f.also_make {
                    o.push(b' ');
                    o.extend_from_slice(&self.db.file(a).name);
                }
                o.push(b'\n');
            }
            match f.last_mtime {
                None => o.extend_from_slice(b"#  Modification time never checked.\n"),
                Some(MTime::Missing) => o.extend_from_slice(b"#  File does not exist.\n"),
                Some(m) if m == OLD_MTIME => o.extend_from_slice(b"#  File is very old.\n"),
                Some(m) => {
                    o.extend_from_slice(b"#  Last modified ");
                    o.extend_from_slice(timestamp_text(m).as_bytes());
                    o.push(b'\n');
                }
            }
            o.extend_from_slice(if f.updated {
                b"#  File has been updated.\n"
            } else {
                b"#  File has not been updated.\n"
            });
            match f.command_state {
                CommandState::Running => {
                    o.extend_from_slice(b"#  Recipe currently running (THIS IS A BUG).\n")
                }
                CommandState::DepsRunning => {
                    o.extend_from_slice(b"#  Dependencies recipe running (THIS IS A BUG).\n")
                }
                _ => match f.update_status {
                    UpdateStatus::None => {}
                    UpdateStatus::Success => o.extend_from_slice(b"#  Successfully updated.\n"),
                    UpdateStatus::Question => {
                        o.extend_from_slice(b"#  Needs to be updated (-q is set).\n")
                    }
                    UpdateStatus::Failed => o.extend_from_slice(b"#  Failed to be updated.\n"),
                },
            }
            if let Some(vs) = &f.vars {
                let (vars, stats) = variable_order(vs, 23);
                for (n, v) in vars {
                    if v.origin == Origin::Automatic {
                        print_variable(o, n, v, b"# ");
                    }
                }
                o.extend_from_slice(b"# variable set hash-table stats:\n# ");
                o.extend_from_slice(stats.as_bytes());
                o.push(b'\n');
            }
            if let Some(r) = &f.recipe {
                print_recipe(o, r);
            }
        }
        o.extend_from_slice(b"\n# files hash-table stats:\n# ");
        o.extend_from_slice(sim.stats().as_bytes());
    }

    fn print_vpaths(&mut self, o: &mut Vec<u8>) {
        o.extend_from_slice(&self.vpath.print_data_base());
    }

    /// Prints the data base to stdout (GNU's `print_data_base`).
    pub fn print_data_base(&mut self) {
        self.print_version();
        let when = now_text();
        let mut o = Vec::new();
        o.extend_from_slice(b"\n# Make data base, printed on ");
        o.extend_from_slice(when.as_bytes());
        o.push(b'\n');
        self.print_variables(&mut o);
        o.extend_from_slice(b"\n# Directories\n");
        self.print_rules(&mut o);
        self.print_files(&mut o);
        self.print_vpaths(&mut o);
        o.extend_from_slice(b"\n# Finished Make data base on ");
        o.extend_from_slice(when.as_bytes());
        o.extend_from_slice(b"\n\n");
        self.out.stdout(&o);
    }
}

/// `ctime`-style local time without the newline.
fn now_text() -> String {
    // SAFETY: time and localtime_r write into the buffers given.
    unsafe {
        let t = libc::time(std::ptr::null_mut());
        ctime_text(t)
    }
}

fn ctime_text(t: libc::time_t) -> String {
    let mut buf = [0 as libc::c_char; 64];
    // SAFETY: ctime_r writes at most 26 bytes into a 64-byte buffer.
    let p = unsafe { libc::ctime_r(&t, buf.as_mut_ptr()) };
    if p.is_null() {
        return String::new();
    }
    // SAFETY: ctime_r returned a NUL-terminated string in buf.
    let s = unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned();
    s.trim_end_matches('\n').to_string()
}

/// GNU's `file_timestamp_sprintf`: `YYYY-MM-DD HH:MM:SS.NNNNNNNNN`, local time.
fn timestamp_text(m: MTime) -> String {
    let MTime::At(ns) = m else {
        return String::new();
    };
    if m == NEW_MTIME {
        return "(far future)".into();
    }
    let secs = ns.div_euclid(1_000_000_000) as libc::time_t;
    let frac = ns.rem_euclid(1_000_000_000);
    // SAFETY: localtime_r fills the zeroed struct we own.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = unsafe { !libc::localtime_r(&secs, &mut tm).is_null() };
    if !ok {
        return format!("{}.{:09}", secs, frac);
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:09}",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        frac
    )
}
