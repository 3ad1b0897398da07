//! `-p`/`--print-data-base`: make's variables, rules, files, vpath and
//! statistics, in GNU make's sections and format.
//!
//! Differences left: GNU prints variables and files in its hash tables'
//! order and prints hash-table, directory-cache and string-cache statistics;
//! here variables come sorted by name, files in the order make first heard
//! of them, and the statistics lines are omitted.

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
        let mut names: Vec<&Vec<u8>> = self.vars.global.map.keys().collect();
        names.sort();
        for n in names {
            if let Some(v) = self.vars.global.get(n) {
                print_variable(o, n, v, b"");
            }
        }
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
            o.extend_from_slice(format!("\n# {} pattern-specific variable values", count).as_bytes());
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
            o.extend_from_slice(format!("\n# {} implicit rules, {} ({:.1}%) terminal.", n, terminal, pct).as_bytes());
        }
    }

    fn print_files(&self, o: &mut Vec<u8>) {
        o.extend_from_slice(b"\n# Files\n");
        let mut prefix = b'\t';
        for f in &self.db.files {
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
                let mut names: Vec<&Vec<u8>> = vs.map.keys().collect();
                names.sort();
                for n in names {
                    if let Some(v) = vs.get(n) {
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
                CommandState::Running => o.extend_from_slice(b"#  Recipe currently running (THIS IS A BUG).\n"),
                CommandState::DepsRunning => {
                    o.extend_from_slice(b"#  Dependencies recipe running (THIS IS A BUG).\n")
                }
                _ => match f.update_status {
                    UpdateStatus::None => {}
                    UpdateStatus::Success => o.extend_from_slice(b"#  Successfully updated.\n"),
                    UpdateStatus::Question => o.extend_from_slice(b"#  Needs to be updated (-q is set).\n"),
                    UpdateStatus::Failed => o.extend_from_slice(b"#  Failed to be updated.\n"),
                },
            }
            if let Some(vs) = &f.vars {
                let mut names: Vec<&Vec<u8>> = vs.map.keys().collect();
                names.sort();
                for n in names {
                    if let Some(v) = vs.get(n) {
                        if v.origin == Origin::Automatic {
                            print_variable(o, n, v, b"# ");
                        }
                    }
                }
            }
            if let Some(r) = &f.recipe {
                print_recipe(o, r);
            }
        }
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
    let s = unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy().into_owned();
    s.trim_end_matches('\n').to_string()
}

/// GNU's `file_timestamp_sprintf`: `YYYY-MM-DD HH:MM:SS.NNNNNNNNN`, local time.
fn timestamp_text(m: MTime) -> String {
    let MTime::At(ns) = m else { return String::new() };
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
