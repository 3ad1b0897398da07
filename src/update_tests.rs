//! Tests of the update engine on a virtual disk with a fake runner.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::rc::Rc;

use crate::cli::Options;
use crate::error::Loc;
use crate::exec::{Command, Runner, Status};
use crate::fs::{Fs, MTime};
use crate::make::Make;
use crate::output::Output;
use crate::rules::{Recipe, RuleDef};

#[derive(Default)]
struct Disk {
    files: HashMap<Vec<u8>, i64>,
    clock: i64,
    ran: Vec<String>,
    stats: Vec<Vec<u8>>,
}

type Shared = Rc<RefCell<Disk>>;

struct VFs(Shared);
impl Fs for VFs {
    fn mtime(&mut self, p: &[u8]) -> MTime {
        let mut d = self.0.borrow_mut();
        d.stats.push(p.to_vec());
        d.files
            .get(p)
            .map_or(MTime::Missing, |&t| MTime::from_ns(t as i128))
    }
    fn invalidate(&mut self, _p: &[u8]) {}
    fn exists(&mut self, p: &[u8]) -> bool {
        self.0.borrow().files.contains_key(p)
    }
}

/// Understands `touch F...`, `false`, `exit N`, `kill N`; anything else succeeds.
struct FakeRunner(Shared);
impl Runner for FakeRunner {
    fn run(&mut self, cmd: &Command<'_>) -> io::Result<Status> {
        let line = String::from_utf8_lossy(cmd.line).to_string();
        let mut d = self.0.borrow_mut();
        d.ran.push(line.clone());
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.first().copied() {
            Some("touch") => {
                for f in &w[1..] {
                    d.clock += 10;
                    let t = d.clock;
                    d.files.insert(f.as_bytes().to_vec(), t);
                }
                Ok(Status::Exited(0))
            }
            Some("false") => Ok(Status::Exited(1)),
            Some("exit") => Ok(Status::Exited(
                w.get(1).and_then(|s| s.parse().ok()).unwrap_or(0),
            )),
            Some("kill") => Ok(Status::Signaled(
                w.get(1).and_then(|s| s.parse().ok()).unwrap_or(15),
            )),
            _ => Ok(Status::Exited(0)),
        }
    }
}

struct T {
    mk: Make,
    disk: Shared,
}

fn loc(line: u32) -> Loc {
    Loc::new(crate::error::SrcName::intern(b"Makefile"), line)
}

fn split(s: &str) -> Vec<Vec<u8>> {
    s.split_whitespace()
        .map(|w| w.as_bytes().to_vec())
        .collect()
}

impl T {
    fn new() -> T {
        T::with(Options::default())
    }
    fn with(opts: Options) -> T {
        let disk: Shared = Rc::new(RefCell::new(Disk {
            clock: 1000,
            ..Disk::default()
        }));
        let mut mk = Make::new(opts, Output::new(b"make".to_vec(), 0));
        mk.fs = Box::new(VFs(disk.clone()));
        mk.runner = Box::new(FakeRunner(disk.clone()));
        T { mk, disk }
    }
    fn file(&self, name: &str, t: i64) {
        self.disk
            .borrow_mut()
            .files
            .insert(name.as_bytes().to_vec(), t);
    }
    /// `targets: prereqs | oo` with recipe lines, the rule at `line`.
    fn rule(&mut self, line: u32, targets: &str, prereqs: &str, recipe: &[&str]) {
        self.rule_full(line, targets, prereqs, false, false, recipe);
    }
    fn rule_full(
        &mut self,
        line: u32,
        targets: &str,
        prereqs: &str,
        dc: bool,
        grouped: bool,
        recipe: &[&str],
    ) {
        let (p, oo) = match prereqs.split_once('|') {
            Some((a, b)) => (a, b),
            None => (prereqs, ""),
        };
        let recipe = (!recipe.is_empty())
            .then(|| Recipe::new(recipe.join("\n").into_bytes(), loc(line + 1)));
        let r = RuleDef {
            targets: split(targets),
            target_pattern: None,
            prereqs: split(p).iter().map(|w| w.as_slice()).collect(),
            order_only: split(oo).iter().map(|w| w.as_slice()).collect(),
            raw_deps: Vec::new(),
            double_colon: dc,
            grouped,
            recipe,
            loc: loc(line),
        };
        if let Err(e) = self.mk.record_rule(r) {
            self.mk.out.report(&e);
        }
    }
    fn ran(&self) -> Vec<String> {
        self.disk.borrow().ran.clone()
    }
}

/// Runs `f` with stdout and stderr captured; returns (result, stdout, stderr).
fn capture<R>(t: &mut T, f: impl FnOnce(&mut T) -> R) -> (R, String, String) {
    use std::io::{Read, Seek};
    use std::os::unix::io::AsRawFd;
    // Make's own output goes to files of this test (no process-wide
    // descriptor juggling, so tests running in parallel do not mix).
    let mut out = tempfile();
    let mut err = tempfile();
    t.mk.out.redirect = Some((out.as_raw_fd(), err.as_raw_fd()));
    let r = f(t);
    t.mk.out.redirect = None;
    let mut o = String::new();
    let mut e = String::new();
    let _ = out.seek(io::SeekFrom::Start(0));
    let _ = out.read_to_string(&mut o);
    let _ = err.seek(io::SeekFrom::Start(0));
    let _ = err.read_to_string(&mut e);
    (r, o, e)
}

fn tempfile() -> std::fs::File {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let p = std::env::temp_dir().join(format!(
        "rmake-upd-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&p)
        .expect("temp file");
    let _ = std::fs::remove_file(&p);
    f
}

fn run(t: &mut T, goals: &str) -> (i32, String, String) {
    let g = split(goals);
    capture(t, |t| t.mk.update_goals(&g))
}

#[test]
fn builds_missing_target_and_prereqs_in_order() {
    let mut t = T::new();
    t.rule(1, "all", "a b", &["@echo $@ $^"]);
    t.rule(3, "a", "", &["touch a"]);
    t.rule(5, "b", "", &["touch b"]);
    let (st, out, err) = run(&mut t, "");
    assert_eq!(st, 0);
    assert_eq!(out, "touch a\ntouch b\n");
    assert_eq!(err, "");
    assert_eq!(t.ran(), vec!["touch a", "touch b", "echo all a b"]);
}

#[test]
fn up_to_date_and_nothing_to_be_done() {
    let mut t = T::new();
    t.file("x", 500);
    t.file("y", 400);
    t.rule(1, "x", "y", &["touch x"]);
    t.rule(3, "z", "", &[]);
    let (st, out, _) = run(&mut t, "x z");
    assert_eq!(st, 0);
    assert_eq!(
        out,
        "make: 'x' is up to date.\nmake: Nothing to be done for 'z'.\n"
    );
    assert!(t.ran().is_empty());
}

#[test]
fn newer_prereq_remakes_and_sets_qmark() {
    let mut t = T::new();
    t.file("x", 500);
    t.file("y", 600);
    t.file("w", 100);
    t.rule(1, "x", "y w", &["@echo $? | $^ | $<"]);
    let (st, _, _) = run(&mut t, "x");
    assert_eq!(st, 0);
    assert_eq!(t.ran(), vec!["echo y | y w | y"]);
}

#[test]
fn missing_prereq_is_fatal() {
    let mut t = T::new();
    t.rule(1, "all", "a b", &["@echo ok"]);
    t.rule(3, "b", "c", &[]);
    t.rule(4, "a", "", &["touch a"]);
    let (st, out, err) = run(&mut t, "");
    assert_eq!(st, 2);
    assert_eq!(out, "touch a\n");
    assert_eq!(
        err,
        "make: *** No rule to make target 'c', needed by 'b'.  Stop.\n"
    );
}

#[test]
fn keep_going_reports_targets_not_remade() {
    let mut o = Options::default();
    o.keep_going = true;
    let mut t = T::with(o);
    t.rule(1, "all", "a b", &["@echo ok"]);
    t.rule(3, "b", "c", &[]);
    t.rule(4, "a", "", &["touch a"]);
    let (st, _, err) = run(&mut t, "");
    assert_eq!(st, 2);
    assert_eq!(
        err,
        "make: *** No rule to make target 'c', needed by 'b'.\nmake: Target 'all' not remade because of errors.\n"
    );
}

#[test]
fn no_rule_for_goal() {
    let mut t = T::new();
    let (st, _, err) = run(&mut t, "q");
    assert_eq!(st, 2);
    assert_eq!(err, "make: *** No rule to make target 'q'.  Stop.\n");
    let mut o = Options::default();
    o.keep_going = true;
    let mut t = T::with(o);
    let (st, _, err) = run(&mut t, "q r");
    assert_eq!(st, 2);
    assert_eq!(
        err,
        "make: *** No rule to make target 'q'.\nmake: *** No rule to make target 'r'.\n"
    );
}

#[test]
fn failing_recipe_stops_with_error_message() {
    let mut t = T::new();
    t.rule(1, "x", "", &["false", "echo no"]);
    t.rule(4, "y", "", &["-false", "@echo yes"]);
    let (st, out, err) = run(&mut t, "x y");
    assert_eq!(st, 2);
    assert_eq!(out, "false\n");
    assert_eq!(err, "make: *** [Makefile:2: x] Error 1\n");
    let mut o = Options::default();
    o.keep_going = true;
    let mut t = T::with(o);
    t.rule(1, "x", "", &["false", "echo no"]);
    t.rule(4, "y", "", &["-false", "@echo yes"]);
    let (st, out, err) = run(&mut t, "x y");
    assert_eq!(st, 2);
    assert_eq!(out, "false\nfalse\n");
    assert_eq!(
        err,
        "make: *** [Makefile:2: x] Error 1\nmake: [Makefile:5: y] Error 1 (ignored)\n"
    );
    assert_eq!(t.ran(), vec!["false", "false", "echo yes"]);
}

#[test]
fn error_line_number_counts_recipe_lines() {
    let mut t = T::new();
    t.rule(1, "x", "", &["@true", "@exit 3"]);
    let (st, _, err) = run(&mut t, "x");
    assert_eq!(st, 2);
    assert_eq!(err, "make: *** [Makefile:3: x] Error 3\n");
    let mut t = T::new();
    t.rule(1, "x", "", &["@kill 15"]);
    let (_, _, err) = run(&mut t, "x");
    assert_eq!(err, "make: *** [Makefile:2: x] Terminated\n");
}

#[test]
fn dry_run_prints_without_running() {
    let mut o = Options::default();
    o.dry_run = true;
    let mut t = T::with(o);
    t.rule(1, "all", "a", &["@echo $@"]);
    t.rule(3, "a", "", &["touch a", "+echo rec"]);
    let (st, out, _) = run(&mut t, "");
    assert_eq!(st, 0);
    assert_eq!(out, "touch a\necho rec\necho all\n");
    assert_eq!(t.ran(), vec!["echo rec"]);
}

#[test]
fn question_mode() {
    let mut o = Options::default();
    o.question = true;
    let mut t = T::with(o.clone());
    t.rule(1, "a", "", &["touch a"]);
    let (st, out, err) = run(&mut t, "a");
    assert_eq!((st, out.as_str(), err.as_str()), (1, "", ""));
    let mut t = T::with(o);
    t.file("a", 5);
    t.rule(1, "a", "", &["touch a"]);
    let (st, out, _) = run(&mut t, "a");
    assert_eq!((st, out.as_str()), (0, ""));
}

#[test]
fn order_only_does_not_force_remake() {
    let mut t = T::new();
    t.file("x", 500);
    t.file("d", 900);
    t.rule(1, "x", "| d", &["@echo $| $^"]);
    let (_, out, _) = run(&mut t, "x");
    assert_eq!(out, "make: 'x' is up to date.\n");
    let mut t = T::new();
    t.file("d", 900);
    t.rule(1, "x", "| d", &["@echo [$|] [$^]"]);
    let _ = run(&mut t, "x");
    assert_eq!(t.ran(), vec!["echo [d] []"]);
}

#[test]
fn phony_always_remade() {
    let mut t = T::new();
    t.file("clean", 500);
    t.rule(1, ".PHONY", "clean", &[]);
    t.rule(2, "clean", "", &["@echo cleaning"]);
    let (st, _, _) = run(&mut t, "");
    assert_eq!(st, 0);
    assert_eq!(t.ran(), vec!["echo cleaning"]);
}

#[test]
fn circular_dependency_dropped() {
    let mut t = T::new();
    t.rule(1, "a", "b", &["@echo a"]);
    t.rule(3, "b", "a", &["@echo b"]);
    let (st, _, err) = run(&mut t, "a");
    assert_eq!(st, 0);
    assert_eq!(err, "make: Circular b <- a dependency dropped.\n");
    assert_eq!(t.ran(), vec!["echo b", "echo a"]);
}

#[test]
fn overriding_recipe_warnings() {
    let mut t = T::new();
    let ((), _, err) = capture(&mut t, |t| {
        t.rule(1, "a", "x", &["@echo one"]);
        t.rule(3, "a", "y", &["@echo two"]);
    });
    assert_eq!(
        err,
        "Makefile:4: warning: overriding recipe for target 'a'\nMakefile:2: warning: ignoring old recipe for target 'a'\n"
    );
    // The recipe rule's prerequisites come first.
    let a = t.mk.db.get(b"a").unwrap_or(0);
    let names: Vec<Vec<u8>> =
        t.mk.db
            .file(a)
            .deps
            .iter()
            .map(|d| t.mk.db.file(d.file).name.to_vec())
            .collect();
    assert_eq!(names, vec![b"y".to_vec(), b"x".to_vec()]);
}

#[test]
fn double_colon_rules_run_separately() {
    let mut t = T::new();
    t.file("x", 500);
    t.file("p", 600);
    t.file("q", 100);
    t.rule_full(1, "x", "p", true, false, &["@echo one $^"]);
    t.rule_full(3, "x", "q", true, false, &["@echo two $^"]);
    t.rule_full(5, "x", "", true, false, &["@echo three"]);
    let (st, _, _) = run(&mut t, "x");
    assert_eq!(st, 0);
    assert_eq!(t.ran(), vec!["echo one p", "echo three"]);
}

#[test]
fn both_colon_kinds_is_fatal() {
    let mut t = T::new();
    t.rule(1, "x", "", &["@echo"]);
    let ((), _, err) = capture(&mut t, |t| t.rule_full(3, "x", "", true, false, &["@echo"]));
    assert_eq!(
        err,
        "Makefile:3: *** target file 'x' has both : and :: entries.  Stop.\n"
    );
}

#[test]
fn default_goal_skips_special_and_pattern_targets() {
    let mut t = T::new();
    t.rule(1, ".PHONY", "b", &[]);
    t.rule(2, "%.o", "%.c", &["cc"]);
    t.rule(4, "b", "", &["@echo b"]);
    t.rule(6, "c", "", &["@echo c"]);
    let (_, _, _) = run(&mut t, "");
    assert_eq!(t.ran(), vec!["echo b"]);
}

#[test]
fn no_targets() {
    let mut t = T::new();
    t.mk.vars.global.set(
        b"MAKEFILE_LIST",
        crate::vars::Var::new(
            b" Makefile".to_vec(),
            crate::vars::Flavor::Simple,
            crate::vars::Origin::File,
        ),
    );
    let (st, _, err) = run(&mut t, "");
    assert_eq!(st, 2);
    assert_eq!(err, "make: *** No targets.  Stop.\n");
}

#[test]
fn static_pattern_rule_sets_stem() {
    let mut t = T::new();
    let r = RuleDef {
        targets: split("foo.o bar.o baz.x"),
        target_pattern: Some(b"%.o".to_vec()),
        prereqs: split("%.c").iter().map(|w| w.as_slice()).collect(),
        order_only: Default::default(),
        raw_deps: Vec::new(),
        double_colon: false,
        grouped: false,
        recipe: Some(Recipe::new(b"@echo $* $< $@".to_vec(), loc(2))),
        loc: loc(1),
    };
    let (r, _, err) = capture(&mut t, |t| t.mk.record_rule(r));
    assert!(r.is_ok());
    assert_eq!(
        err,
        "Makefile:1: target 'baz.x' doesn't match the target pattern\n"
    );
    t.file("foo.c", 1);
    t.file("bar.c", 1);
    let _ = run(&mut t, "foo.o bar.o");
    assert_eq!(
        t.ran(),
        vec!["echo foo foo.c foo.o", "echo bar bar.c bar.o"]
    );
}

#[test]
fn grouped_targets_run_once() {
    let mut t = T::new();
    t.rule(1, "all", "a b", &[]);
    t.rule_full(2, "a b", "", false, true, &["touch a b"]);
    let (st, out, _) = run(&mut t, "all");
    assert_eq!(st, 0);
    assert_eq!(out, "touch a b\n");
    assert_eq!(t.ran(), vec!["touch a b"]);
}

#[test]
fn multiple_targets_run_per_target() {
    let mut t = T::new();
    t.rule(1, "all", "a b", &[]);
    t.rule(2, "a b", "", &["touch $@"]);
    let _ = run(&mut t, "all");
    assert_eq!(t.ran(), vec!["touch a", "touch b"]);
}

#[test]
fn silent_and_ignore_special_targets() {
    let mut t = T::new();
    t.rule(1, ".SILENT", "", &[]);
    t.rule(2, ".IGNORE", "x", &[]);
    t.rule(3, "x", "", &["false", "echo after"]);
    let (st, out, err) = run(&mut t, "x");
    assert_eq!(st, 0);
    assert_eq!(out, "");
    assert_eq!(err, "");
    assert_eq!(t.ran(), vec!["false", "echo after"]);
}

#[test]
fn default_recipe_for_unknown_prereq() {
    let mut t = T::new();
    t.rule(1, "all", "a", &["@echo all"]);
    t.rule(3, ".DEFAULT", "", &["@echo default $@ $<"]);
    let _ = run(&mut t, "");
    assert_eq!(t.ran(), vec!["echo default a a", "echo all"]);
}

#[test]
fn touch_mode() {
    let mut o = Options::default();
    o.touch = true;
    o.dry_run = true;
    let mut t = T::with(o);
    t.rule(1, "a", "", &["echo hi"]);
    let (st, out, _) = run(&mut t, "a");
    assert_eq!(st, 0);
    assert_eq!(out, "touch a\n");
    assert!(t.ran().is_empty());
}

#[test]
fn stat_once_per_file() {
    let mut t = T::new();
    t.file("c", 5);
    t.rule(1, "all", "a b", &[]);
    t.rule(2, "a", "c", &[]);
    t.rule(3, "b", "c", &[]);
    let _ = run(&mut t, "all");
    let stats = t.disk.borrow().stats.clone();
    let c = stats.iter().filter(|s| s.as_slice() == b"c").count();
    assert_eq!(c, 1);
}

#[test]
fn oneshell_strips_interior_prefixes() {
    use crate::vars::{Flavor, Origin, Var};
    let mut t = T::new();
    // As make defines it by default (an empty SHELL is not Bourne-like).
    let sh = Var::new(b"/bin/sh".to_vec(), Flavor::Simple, Origin::Default);
    t.mk.vars.global.set(b"SHELL", sh);
    t.rule(1, ".ONESHELL", "", &[]);
    t.rule(2, "all", "", &["a=1", "@-+    echo $$a"]);
    let (_, out, _) = run(&mut t, "all");
    assert_eq!(out, "a=1\necho $a\n");
    assert_eq!(t.ran(), vec!["a=1\necho $a"]);
}

#[test]
fn target_specific_variables_are_inherited() {
    use crate::vars::{Flavor, Origin, Var};
    let mut t = T::new();
    t.rule(1, "all", "a", &["@echo all $(V)"]);
    t.rule(3, "a", "", &["@echo a $(V)"]);
    let v = Var::new(b"x".to_vec(), Flavor::Recursive, Origin::File);
    let _ = t.mk.record_target_var(&split("all"), b"V", v, None);
    let _ = run(&mut t, "all");
    assert_eq!(t.ran(), vec!["echo a x", "echo all x"]);
}

#[test]
fn pattern_rule_with_stem() {
    let mut t = T::new();
    t.file("foo.c", 10);
    t.file("foo.h", 10);
    t.rule(1, "all", "foo.o", &[]);
    t.rule(2, "foo.o", "foo.h", &[]);
    t.rule(3, "%.o", "%.c", &["@echo $* $< $^ $@"]);
    let (st, _, _) = run(&mut t, "all");
    assert_eq!(st, 0);
    assert_eq!(t.ran(), vec!["echo foo foo.c foo.c foo.h foo.o"]);
}

#[test]
fn pattern_rule_chain_makes_and_removes_intermediate() {
    let mut o = Options::default();
    o.dry_run = true;
    let mut t = T::with(o);
    t.file("a.y", 10);
    t.rule(1, "all", "a.o", &[]);
    t.rule(2, "%.o", "%.c", &["touch $@"]);
    t.rule(4, "%.c", "%.y", &["touch $@"]);
    let (st, out, _) = run(&mut t, "all");
    assert_eq!(st, 0);
    assert!(t.ran().is_empty());
    assert_eq!(out, "touch a.c\ntouch a.o\nrm a.c\n");
}

#[test]
fn pattern_rule_not_applicable_without_prereq() {
    let mut t = T::new();
    t.rule(1, "%.o", "%.c", &["touch $@"]);
    let (st, _, err) = run(&mut t, "x.o");
    assert_eq!(st, 2);
    assert_eq!(err, "make: *** No rule to make target 'x.o'.  Stop.\n");
}
