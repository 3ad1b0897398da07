//! Unit tests; expected strings were captured from GNU make 4.4.1.

use super::*;

fn a(list: &[&str]) -> Vec<Vec<u8>> {
    list.iter().map(|s| s.as_bytes().to_vec()).collect()
}

/// Command-line variables of OPTS as `makeflags` wants them (good enough for
/// simple values: `=` and `?=` recursive, `:=`/`::=` simple).
fn cvars(opts: &Options) -> Vec<CommandVar> {
    let mut out: Vec<CommandVar> = Vec::new();
    for w in &opts.variables {
        let Some((name, op, value)) =
            crate::parser::parse_assignment(w).map(|a| (a.name, a.op, a.value))
        else {
            continue;
        };
        let existing = out.iter().position(|c| c.name == name);
        match (op, existing) {
            (crate::parser::AssignOp::Append, Some(i)) => {
                let mut v = out[i].value.clone();
                v.push(b' ');
                v.extend_from_slice(value);
                out.push(CommandVar {
                    name: name.to_vec(),
                    value: v,
                    recursive: out[i].recursive,
                });
            }
            _ => out.push(CommandVar {
                name: name.to_vec(),
                value: value.to_vec(),
                recursive: !matches!(
                    op,
                    crate::parser::AssignOp::Simple | crate::parser::AssignOp::Shell
                ),
            }),
        }
    }
    // The final value counts for every occurrence.
    let finals: Vec<CommandVar> = out
        .iter()
        .map(|c| {
            out.iter()
                .rev()
                .find(|d| d.name == c.name)
                .cloned()
                .unwrap_or_else(|| c.clone())
        })
        .collect();
    finals
}

fn mf(args: &[&str]) -> (String, String) {
    let o = parse_args(b"make", &a(args)).unwrap_or_else(|e| panic!("{}", e));
    let m = makeflags(&o, &cvars(&o), false);
    (
        String::from_utf8_lossy(&m.makeflags).into_owned(),
        String::from_utf8_lossy(&m.mflags).into_owned(),
    )
}

fn err(args: &[&str]) -> String {
    let p = Prog::new(b"make");
    let e = parse_startup(&p, &a(args), None, None)
        .err()
        .unwrap_or_else(|| panic!("no error for {args:?}"));
    let r = String::from_utf8_lossy(&e.render()).into_owned();
    r.split("Usage:").next().unwrap_or("").to_string()
}

#[test]
fn clustering() {
    let o = parse_args(b"make", &a(&["-nks", "all"])).unwrap();
    assert!(o.dry_run && o.keep_going && o.silent);
    assert_eq!(o.goals, a(&["all"]));
    assert_eq!(mf(&["-kns"]), ("kns".into(), "-kns".into()));
}

#[test]
fn file_arguments() {
    for args in [
        &["-fFILE"][..],
        &["-f", "FILE"],
        &["--file=FILE"],
        &["--file", "FILE"],
        &["--fi=FILE"],
        &["--makefile", "FILE"],
        &["--mak=FILE"],
    ] {
        let o = parse_args(b"make", &a(args)).unwrap();
        assert_eq!(o.makefiles, a(&["FILE"]), "{args:?}");
    }
    let o = parse_args(b"make", &a(&["-f", "a", "-f", "a", "-f./b", "-f", "-"])).unwrap();
    assert_eq!(o.makefiles, a(&["a", "a", "b", "-"]));
    assert_eq!(err(&["-f"]), "make: option requires an argument -- 'f'\n");
    assert_eq!(
        err(&["--file"]),
        "make: option '--file' requires an argument\n"
    );
    assert_eq!(
        err(&["--fi"]),
        "make: option '--file' requires an argument\n"
    );
    assert_eq!(
        err(&["-f", ""]),
        "make: the '-f' option requires a non-empty string argument\n"
    );
    assert_eq!(
        err(&["--file="]),
        "make: the '-f' option requires a non-empty string argument\n"
    );
}

#[test]
fn double_dash() {
    let o = parse_args(b"make", &a(&["-k", "--", "-s", "X=1", "all"])).unwrap();
    assert!(o.keep_going && !o.silent);
    assert_eq!(o.goals, a(&["-s", "all"]));
    assert_eq!(o.variables, a(&["X=1"]));
    let o = parse_args(b"make", &a(&["-", "all", "-k"])).unwrap();
    assert_eq!(o.goals, a(&["all"]));
    assert!(o.keep_going);
}

#[test]
fn jobs() {
    let j = |args: &[&str]| parse_args(b"make", &a(args)).unwrap();
    assert_eq!(j(&["-j"]).jobs, Some(None));
    assert_eq!(j(&["-j4"]).jobs, Some(Some(4)));
    assert_eq!(j(&["-j", "4"]).jobs, Some(Some(4)));
    assert_eq!(j(&["--jobs=4"]).jobs, Some(Some(4)));
    assert_eq!(j(&["--jobs", "4"]).jobs, Some(Some(4)));
    assert_eq!(j(&["-j+3"]).jobs, Some(Some(3)));
    let o = j(&["-j", "1foo"]);
    assert_eq!(o.jobs, Some(None));
    assert_eq!(o.goals, a(&["1foo"]));
    assert_eq!(
        err(&["-j1foo"]),
        "make: the '-j' option requires a positive integer argument\n"
    );
    assert_eq!(
        err(&["-j0"]),
        "make: the '-j' option requires a positive integer argument\n"
    );
    assert_eq!(
        err(&["-j", "0"]),
        "make: the '-j' option requires a positive integer argument\n"
    );
    assert_eq!(
        err(&["-j", ""]),
        "make: the '-j' option requires a positive integer argument\n"
    );
    assert_eq!(
        err(&["--jobs="]),
        "make: the '-j' option requires a positive integer argument\n"
    );
    assert_eq!(err(&["-j", "-1"]), "make: invalid option -- '1'\n");
    assert_eq!(mf(&["-j", "X=1"]), (" -j -- X=1".into(), "-j".into()));
    assert_eq!(mf(&["-j1"]), (" -j1".into(), "-j1".into()));
    // The command line's -j wins over MAKEFLAGS's.
    let p = Prog::new(b"make");
    let o = parse_startup(&p, &a(&["-j3"]), None, Some(b"-j")).unwrap();
    assert_eq!(o.jobs, Some(Some(3)));
    let o = parse_startup(&p, &a(&[]), None, Some(b" -j5")).unwrap();
    assert_eq!((o.jobs, o.argv_jobs), (Some(Some(5)), None));
}

#[test]
fn load_average() {
    let l = |args: &[&str]| parse_args(b"make", &a(args)).unwrap();
    assert_eq!(l(&["-l"]).load_average, None);
    assert_eq!(l(&["-l2.5"]).load_average, Some(2.5));
    assert_eq!(l(&["-l", ".5"]).load_average, Some(0.5));
    assert_eq!(l(&["--max-load=3"]).load_average, Some(3.0));
    let o = l(&["-l", "x"]);
    assert_eq!((o.load_average, o.goals.clone()), (None, a(&["x"])));
    assert_eq!(mf(&["-l"]), ("".into(), "".into()));
    assert_eq!(mf(&["-lx"]), (" -l0".into(), "-l0".into()));
    assert_eq!(
        mf(&["-l", "1e3", "-l", ".5"]),
        (" -l0.5".into(), "-l0.5".into())
    );
    assert_eq!(
        mf(&["-l", "1234567"]),
        (" -l1.23457e+06".into(), "-l1.23457e+06".into())
    );
    assert_eq!(mf(&["-l3x"]), (" -l3".into(), "-l3".into()));
}

#[test]
fn output_sync_and_debug() {
    let o = parse_args(b"make", &a(&["-O"])).unwrap();
    assert_eq!(o.output_sync, OutputSync::Target);
    let o = parse_args(b"make", &a(&["--output-sync=line"])).unwrap();
    assert_eq!(o.output_sync, OutputSync::Line);
    let o = parse_args(b"make", &a(&["-Orecurse"])).unwrap();
    assert_eq!(o.output_sync, OutputSync::Recurse);
    let e = parse_args(b"make", &a(&["-Ofoo"])).unwrap_err();
    assert_eq!(
        e.render(),
        b"make: *** unknown output-sync type 'foo'.  Stop.\n"
    );
    let o = parse_args(b"make", &a(&["-d"])).unwrap();
    assert_eq!(o.db_level, db::ALL);
    let o = parse_args(b"make", &a(&["--debug=b,v"])).unwrap();
    assert_eq!(o.db_level, db::BASIC | db::VERBOSE);
    let o = parse_args(b"make", &a(&["--debug"])).unwrap();
    assert_eq!(o.debug_flags, a(&["basic"]));
    assert_eq!(o.db_level, db::BASIC);
    let o = parse_args(b"make", &a(&["--debug=a,n"])).unwrap();
    assert_eq!(o.db_level, 0);
    let o = parse_args(b"make", &a(&["--trace"])).unwrap();
    assert_eq!(o.db_level, db::PRINT | db::WHY);
    let e = parse_args(b"make", &a(&["--debug=z"])).unwrap_err();
    assert_eq!(
        e.render(),
        b"make: *** unknown debug level specification 'z'.  Stop.\n"
    );
    let e = parse_args(b"make", &a(&["--debug=b,zz"])).unwrap_err();
    assert_eq!(
        e.render(),
        b"make: *** unknown debug level specification 'zz'.  Stop.\n"
    );
    assert_eq!(
        err(&["--debug="]),
        "make: the '--debug' option requires a non-empty string argument\n"
    );
}

#[test]
fn lists() {
    let o = parse_args(
        b"make",
        &a(&[
            "-C",
            "a",
            "-Cb",
            "--directory=a",
            "-I",
            "inc",
            "-Iinc",
            "--include-dir=x",
        ]),
    )
    .unwrap();
    assert_eq!(o.directories, a(&["a", "b"]));
    assert_eq!(o.include_dirs, a(&["inc", "x"]));
    let o = parse_args(
        b"make",
        &a(&[
            "-W",
            "w1",
            "--what-if=w2",
            "--new-file=w3",
            "--assume-new",
            "w4",
            "--assume-n=w5",
        ]),
    )
    .unwrap();
    assert_eq!(o.new_files, a(&["w1", "w2", "w3", "w4", "w5"]));
    let o = parse_args(
        b"make",
        &a(&["-o", "o1", "--old-file=o2", "--assume-old", "o3"]),
    )
    .unwrap();
    assert_eq!(o.old_files, a(&["o1", "o2", "o3"]));
    let o = parse_args(
        b"make",
        &a(&["-e", "-E", "x=1", "--eval=y=2", "--eval", "z=3"]),
    )
    .unwrap();
    assert!(o.environment_overrides);
    assert_eq!(o.evals, a(&["x=1", "y=2", "z=3"]));
    assert_eq!(
        err(&["-E", ""]),
        "make: the '-E' option requires a non-empty string argument\n"
    );
    assert_eq!(
        err(&["--eval="]),
        "make: the '-E' option requires a non-empty string argument\n"
    );
}

#[test]
fn unknown_options() {
    assert_eq!(err(&["-x"]), "make: invalid option -- 'x'\n");
    assert_eq!(err(&["-k-"]), "make: invalid option -- '-'\n");
    assert_eq!(err(&["--foo"]), "make: unrecognized option '--foo'\n");
    assert_eq!(err(&["--foo=3"]), "make: unrecognized option '--foo=3'\n");
    assert_eq!(err(&["-x", "-y", "--bar"]), "make: invalid option -- 'x'\nmake: invalid option -- 'y'\nmake: unrecognized option '--bar'\n");
    assert_eq!(
        err(&["--help=3"]),
        "make: option '--help' doesn't allow an argument\n"
    );
    assert_eq!(
        err(&["--=x"]),
        "make: option '--' doesn't allow an argument\n"
    );
    assert_eq!(err(&["--no"]), "make: option '--no' is ambiguous; possibilities: '--no-builtin-rules' '--no-builtin-variables' '--no-keep-going' '--no-print-directory' '--no-silent'\n");
    assert_eq!(err(&["--no=3"]), "make: option '--no=3' is ambiguous; possibilities: '--no-builtin-rules' '--no-builtin-variables' '--no-keep-going' '--no-print-directory' '--no-silent'\n");
    assert_eq!(err(&["--s"]), "make: option '--s' is ambiguous; possibilities: '--silent' '--sync-mutex' '--shuffle' '--stop'\n");
    assert_eq!(
        err(&["--ma"]),
        "make: option '--ma' is ambiguous; possibilities: '--max-load' '--makefile'\n"
    );
    assert_eq!(
        err(&["--q"]),
        "make: option '--q' is ambiguous; possibilities: '--question' '--quiet'\n"
    );
    assert_eq!(err(&["--jobserver"]), "make: option '--jobserver' is ambiguous; possibilities: '--jobserver-auth' '--jobserver-fds' '--jobserver-style'\n");
    let o = parse_args(b"make", &a(&["--no-s", "--v"])).unwrap();
    assert!(o.version);
    // getopt's messages start with argv[0] as given, make's with the name.
    let p = Prog::from_argv0(b"/usr/bin/gmake", 0);
    let e = parse_startup(&p, &a(&["-x", "-j0"]), None, None).unwrap_err();
    let r = e.render();
    assert!(r.starts_with(b"/usr/bin/gmake: invalid option -- 'x'\ngmake: the '-j' option requires a positive integer argument\nUsage: gmake [options] [target] ...\nOptions:\n"));
    assert_eq!(e.status(), 2);
}

#[test]
fn variables_and_goals() {
    let o = parse_args(
        b"make",
        &a(&[
            "X=1", "Y:=2", "Z+=3", "W?=4", "A B=5", "R!=echo", "S::=1", "T:::=2", "./all", "a:b",
            "$(x)=1", "#x=1", "", "U =1",
        ]),
    )
    .unwrap();
    assert_eq!(
        o.variables,
        a(&["X=1", "Y:=2", "Z+=3", "W?=4", "R!=echo", "S::=1", "T:::=2", "$(x)=1", "U =1"])
    );
    assert_eq!(o.goals, a(&["A B=5", "all", "a:b", "#x=1"]));
    assert_eq!(
        crate::parser::parse_assignment(b"T:::=2").map(|a| (a.name, a.op, a.value)),
        Some((&b"T"[..], crate::parser::AssignOp::Expand, &b"2"[..]))
    );
    assert_eq!(
        crate::parser::parse_assignment(b" U  += v").map(|a| (a.name, a.op, a.value)),
        Some((&b"U"[..], crate::parser::AssignOp::Append, &b"v"[..]))
    );
    assert_eq!(
        crate::parser::parse_assignment(b"$(a=b)c=d").map(|a| (a.name, a.op, a.value)),
        Some((
            &b"$(a=b)c"[..],
            crate::parser::AssignOp::Recursive,
            &b"d"[..]
        ))
    );
    assert_eq!(
        crate::parser::parse_assignment(b"a::b=c").map(|a| (a.name, a.op, a.value)),
        None
    );
}

/// Most of GNU's flags at once, as a command line.
const MANY_FLAGS: &[&str] = &[
    "-l",
    "-O",
    "--debug=b,v",
    "-d",
    "-I",
    "/tmp",
    "-I",
    "/tmp",
    "-W",
    "foo",
    "-o",
    "bar",
    "--eval",
    "x=1",
    "--trace",
    "-w",
    "-L",
    "-r",
    "-R",
    "-e",
    "-i",
    "-B",
];

#[test]
fn makeflags_captured() {
    // make -f m.mk -j X=1 Y:=2 Z+=3 W?=4 X=7 (jobserver-auth left out).
    assert_eq!(
        mf(&["-j", "X=1", "Y:=2", "Z+=3", "W?=4", "X=7"]),
        (" -j -- W=4 Z=3 Y:=2 X=7".into(), "-j".into())
    );
    assert_eq!(
        mf(MANY_FLAGS),
        (
            "BdeiLrRw -I/tmp -Otarget --debug=b,v --trace --eval=x=1".into(),
            "-BdeiLrRw -I/tmp -Otarget --debug=b,v --trace".into()
        )
    );
    assert_eq!(
        mf(&[
            "-l2.5",
            "-Oline",
            "--shuffle=3428251726",
            "--jobserver-style=fifo",
            "-S",
            "--no-silent",
            "-C",
            "/"
        ]),
        (
            "S -l2.5 -Oline --no-silent --shuffle=3428251726".into(),
            "-S -l2.5 -Oline --no-silent --shuffle=3428251726".into()
        )
    );
    assert_eq!(
        mf(&["-kns", "--no-print-directory", "X=1"]),
        (
            "kns --no-print-directory -- X=1".into(),
            "-kns --no-print-directory".into()
        )
    );
    assert_eq!(
        mf(&["Q=a b\\c$$d"]),
        (" -- Q=a\\ b\\\\c$$$$d".into(), "".into())
    );
    assert_eq!(
        mf(&["X=1", "Y=2", "X+=3", "Y:=4"]),
        (" -- Y:=4 X=1\\ 3".into(), "".into())
    );
    assert_eq!(
        mf(&["-I", "/tmp/a$b c\\d", "--eval=x=$$y z", "V=$$q r"]),
        (
            " -I/tmp/a$b\\ c\\\\d --eval=x=$$$$y\\ z -- V=$$$$q\\ r".into(),
            "-I/tmp/a$b\\ c\\\\d".into()
        )
    );
    assert_eq!(mf(&["-k", "-S"]), ("S".into(), "-S".into()));
    assert_eq!(mf(&["-S", "-k"]), ("k".into(), "-k".into()));
    assert_eq!(
        mf(&["-s", "--no-silent"]),
        (" --no-silent".into(), "--no-silent".into())
    );
    assert_eq!(
        mf(&["-w", "-p", "-q", "-t", "-n"]),
        ("npqtw".into(), "-npqtw".into())
    );
    assert_eq!(mf(&["-b", "-m", "-h", "-v"]), ("".into(), "".into()));
    let o = parse_args(b"make", &a(&["-nqt", "-k"])).unwrap();
    assert_eq!(makeflags(&o, &[], true).makeflags, b"k");
    let mut o = parse_args(b"make", &a(&["-j4"])).unwrap();
    o.jobserver_auth = Some(b"fifo:/tmp/GMfifo7392".to_vec());
    assert_eq!(
        makeflags(&o, &[], false).makeflags,
        b" -j4 --jobserver-auth=fifo:/tmp/GMfifo7392"
    );
}

#[test]
fn makeflags_templates() {
    let o = parse_args(b"make", &a(&["-k", "-I", "a$b", "--eval=x"])).unwrap();
    assert_eq!(
        makeflags_template(&o, false, true, false),
        b"k -Ia$$b $(-*-eval-flags-*-) -- $(MAKEOVERRIDES)"
    );
    assert_eq!(
        makeflags_template(&o, false, false, false),
        b"k -Ia$$b $(-*-eval-flags-*-)"
    );
    assert_eq!(eval_flags_value(&o.evals), b"--eval=x");
    let o = Options::default();
    assert_eq!(
        makeflags_template(&o, false, true, true),
        b" -- $(-*-command-variables-*-)"
    );
    assert_eq!(makeflags_template(&o, false, false, false), b"");
}

#[test]
fn makeflags_environment() {
    let p = Prog::new(b"make");
    let o = parse_startup(&p, &a(&["all"]), None, Some(b"-k foo")).unwrap();
    assert!(o.keep_going);
    assert_eq!(o.goals, a(&["foo", "all"]));
    let o = parse_startup(&p, &a(&[]), Some(b"-s V=2"), Some(b"k -- V=1")).unwrap();
    assert!(o.keep_going && o.silent);
    assert_eq!(o.variables, a(&["V=2", "V=1"]));
    assert_eq!(makeflags(&o, &cvars(&o), false).makeflags, b"ks -- V=1");
    let o = parse_startup(&p, &a(&[]), None, Some(b"X=1\\ 2 -k")).unwrap();
    assert_eq!(o.variables, a(&["X=1 2"]));
    assert_eq!(makeflags(&o, &cvars(&o), false).makeflags, b"k -- X=1\\ 2");
    let o = parse_startup(&p, &a(&["-S"]), None, Some(b"k")).unwrap();
    assert_eq!(makeflags(&o, &[], false).makeflags, b"S");
    let o = parse_startup(&p, &a(&["--no-silent"]), None, Some(b"s")).unwrap();
    assert_eq!(makeflags(&o, &[], false).makeflags, b" --no-silent");
    let o = parse_startup(&p, &a(&[]), None, Some(b"w")).unwrap();
    assert_eq!(o.print_directory, Some(true));
    assert_eq!(makeflags(&o, &[], false).makeflags, b"w");
    // Errors in MAKEFLAGS from the environment have an empty argv[0].
    let e = parse_startup(&p, &a(&[]), None, Some(b"x")).unwrap_err();
    assert!(e
        .render()
        .starts_with(b": invalid option -- 'x'\nUsage: make [options]"));
    let e = parse_startup(&p, &a(&[]), None, Some(b"--foo")).unwrap_err();
    assert!(e
        .render()
        .starts_with(b": unrecognized option '--foo'\nUsage:"));
    let e = parse_startup(&p, &a(&[]), None, Some(b"-j0")).unwrap_err();
    assert!(e
        .render()
        .starts_with(b"make: the '-j' option requires a positive integer argument\nUsage:"));
}

#[test]
fn makeflags_from_makefile() {
    let p = Prog::new(b"make");
    // A makefile's MAKEFLAGS cannot undo the command line's -k, and
    // switches not allowed there (-f, -C) and goals are ignored.
    let mut o = parse_args(b"make", &a(&["-k"])).unwrap();
    let vars = reapply_makeflags(&p, b"S -f x -C d -x goal Y=1", &mut o).unwrap();
    assert!(o.keep_going);
    assert!(o.makefiles.is_empty() && o.directories.is_empty() && o.goals.is_empty());
    assert_eq!(vars.assigns, a(&["Y=1"]));
    let mut o = Options::default();
    reapply_makeflags(&p, b"-s -j3", &mut o).unwrap();
    assert!(o.silent);
    assert_eq!(o.jobs, Some(Some(3)));
    // While reading, a makefile's -j applies; after reading, the command
    // line's wins.
    let mut o = parse_args(b"make", &a(&["-j2"])).unwrap();
    reapply_makeflags(&p, b"-j3", &mut o).unwrap();
    assert_eq!(o.jobs, Some(Some(3)));
    assert!(!settle_jobs(&mut o, Some(Some(2))));
    assert_eq!(o.jobs, Some(Some(2)));
    let mut o = Options::default();
    reapply_makeflags(&p, b"-j3", &mut o).unwrap();
    assert!(settle_jobs(&mut o, None));
    assert_eq!(o.jobs, Some(Some(3)));
    let mut o = Options::default();
    reapply_makeflags(&p, b"-s", &mut o).unwrap();
    assert!(!settle_jobs(&mut o, Some(Some(4))));
    assert_eq!(o.jobs, Some(Some(4)));
    reapply_makeflags(&p, b"-k", &mut o).unwrap();
    assert_eq!(o.jobs, Some(Some(4)));
}

#[test]
fn round_trip() {
    let args = a(&[
        "-kns",
        "-j4",
        "-Oline",
        "-l2",
        "--debug=b",
        "-I",
        "a b",
        "--no-print-directory",
        "--eval=x = $$y",
        "V=a b\\c",
        "W:=1",
    ]);
    let o = parse_args(b"make", &args).unwrap();
    let m = makeflags(&o, &cvars(&o), false);
    // A sub-make expands $(MAKEFLAGS) once more: `$$` becomes `$`.
    let env: Vec<u8> = {
        let mut v = Vec::new();
        let mut i = 0;
        while i < m.makeflags.len() {
            v.push(m.makeflags[i]);
            i += if m.makeflags[i] == b'$' { 2 } else { 1 };
        }
        v
    };
    let p = Prog::new(b"make");
    let o2 = parse_startup(&p, &[], None, Some(&env)).unwrap();
    // GNU lists command-line variables newest first, so each level of
    // recursion reverses them (checked with the reference).
    let m2 = makeflags(&o2, &cvars(&o2), false);
    assert_eq!(m2.mflags, m.mflags);
    assert!(m.makeflags.ends_with(b" -- W:=1 V=a\\ b\\\\c"));
    assert!(m2.makeflags.ends_with(b" -- V=a\\ b\\\\c W:=1"));
    assert_eq!(m2.makeflags.len(), m.makeflags.len());
    assert_eq!(o2.evals, o.evals);
    assert_eq!(o2.variables, a(&["W:=1", "V=a b\\c"]));
}

#[test]
fn help_and_version() {
    let h = help_text(b"gmake");
    assert!(h.starts_with(b"Usage: gmake [options] [target] ...\nOptions:\n  -b, -m "));
    assert!(h.ends_with(
        format!(
            "\nThis program built for {}\nReport bugs to {}\n",
            host_triple(),
            BUG_REPORTS
        )
        .as_bytes()
    ));
    let v = version_text(b"make");
    assert!(v.starts_with(b"GNU Make 4.4.1 (rmake)\nBuilt for "));
    // Only the first line names GNU Make (scripts take the version from
    // the lines that do).
    let t = String::from_utf8_lossy(&v);
    assert_eq!(t.lines().filter(|l| l.contains("GNU Make")).count(), 1);
    assert!(!t.lines().skip(1).any(|l| l.contains("Make ")));
    assert!(v.ends_with(b"There is NO WARRANTY, to the extent permitted by law.\n"));
    let o = parse_args(b"make", &a(&["-h", "-v"])).unwrap();
    assert!(o.help && o.version);
    let e = parse_args(b"make", &a(&["-v", "-x"])).unwrap_err();
    assert!(matches!(
        e,
        CliError::Usage {
            version_first: true,
            ..
        }
    ));
}

#[test]
fn shuffle() {
    let p = Prog::new(b"make");
    let o = parse_args(b"make", &a(&["--shuffle"])).unwrap();
    assert_eq!(o.shuffle.as_deref(), Some(&b"random"[..]));
    assert_eq!(
        parse_shuffle_mode(&p, b"REVERSE").unwrap(),
        ShuffleMode::Reverse
    );
    assert_eq!(
        parse_shuffle_mode(&p, b"42").unwrap(),
        ShuffleMode::Seed(42)
    );
    let e = parse_shuffle_mode(&p, b"foo").unwrap_err();
    assert_eq!(
        e.render(),
        b"make: *** invalid shuffle mode: Invalid value: 'foo'.  Stop.\n"
    );
}

#[test]
fn tilde_and_dot_slash() {
    assert_eq!(expand_command_line_file(b"./a"), b"a");
    assert_eq!(expand_command_line_file(b".//a"), b"a");
    assert_eq!(expand_command_line_file(b"./"), b"./");
    assert_eq!(expand_command_line_file(b"././x/./y"), b"x/./y");
}

/// Compares against the reference GNU make 4.4.1 when it is installed:
/// `cargo test --lib cli::tests::differential -- --ignored --nocapture`.
#[test]
#[ignore]
fn differential() {
    use std::process::Command;
    let reference = "/root/.cache/reference-make/bin/make";
    if !std::path::Path::new(reference).exists() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("rmake-cli-diff-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let mk = dir.join("m.mk");
    let _ = std::fs::write(
        &mk,
        "$(info [$(MAKEFLAGS)|$(MFLAGS)|$(MAKECMDGOALS)])\nall:;@:\n%:;@:\n",
    );
    let cases: &[&[&str]] = &[
        &["-kns", "-j3", "X=1", "--no-print-directory"],
        &[
            "-j", "X=1", "Y:=2", "Z+=3", "W?=4", "X=7", "S::=1", "T:::=2",
        ],
        MANY_FLAGS,
        &["-l2.5", "-Oline", "--shuffle=reverse", "-S", "--no-silent"],
        &[
            "-sw",
            "-l",
            "0.00001",
            "--output-sync",
            "recurse",
            "--debug",
            "--debug=j",
            "goal",
            "./g2",
        ],
        &["--no-print-directory", "-w"],
        &["-w", "--no-print-directory"],
        &["--quiet", "--stop", "--recon", "--dry-run", "--just-print"],
        &["--jobs", "7", "--load-average=3", "--max-load", "4"],
        &[
            "--check-symlink-times",
            "--print-data-base",
            "--question",
            "--touch",
            "--warn-undefined-variables",
        ],
        &[
            "--always-make",
            "--environment-overrides",
            "--ignore-errors",
            "--no-builtin-rules",
            "--no-builtin-variables",
        ],
        &[
            "--keep-going",
            "--no-keep-going",
            "--silent",
            "--no-silent",
            "--include-dir=a b",
            "--include-dir",
            "c\\d",
        ],
        &["-kj", "5", "-I$x", "V=a$$b c", "--eval=a := b"],
        &["-x"],
        &["--foo"],
        &["-f"],
        &["--file"],
        &["--fi"],
        &["--no"],
        &["--help=3"],
        &["--jobs=x"],
        &["-jx"],
        &["-j0"],
        &["-j", "0"],
        &["--jobs="],
        &["--debug="],
        &["-E", ""],
        &["--eval="],
        &["-Ofoo"],
        &["--debug=z"],
        &["-x", "-y", "--bar"],
        &["-j", "-1"],
        &["-C"],
        &["--s"],
        &["-f", ""],
        &["-I", ""],
        &["--ma"],
        &["--q"],
        &["--jobserver"],
        &["-k-"],
        &["--=x"],
        &["--assume"],
        &["--d"],
        &["-j4294967296"],
        &["--output-sync="],
        &["--shuffle="],
        &["--sync-mutex="],
        &["-o"],
        &["--what-if"],
        &["-W"],
    ];
    let env_cases: &[(&str, Option<&str>, &[&str])] = &[
        ("-k foo", None, &["all"]),
        ("k -- V=1", None, &[]),
        ("k -- V=1", Some("-s V=2"), &[]),
        ("X=1\\ 2 -k", None, &[]),
        ("k", None, &["-S"]),
        ("s", None, &["--no-silent"]),
        ("w", None, &[]),
        ("-- X=1", None, &[]),
        ("x", None, &[]),
        ("--foo", None, &[]),
        ("-j0", None, &[]),
        ("-j", None, &["-j3"]),
        ("-j3", None, &[]),
        ("  ", Some(""), &[]),
        ("ks -I/x\\ y --eval=a\\ =\\ 1 -- B=2 A=1", None, &["C=3"]),
        ("", Some("-x"), &[]),
        ("n", None, &["-e"]),
        ("e", Some("k"), &["-n", "goal"]),
    ];
    let mut failures = 0;
    let all: Vec<(&str, Option<&str>, &[&str])> = cases
        .iter()
        .map(|c| ("", None, *c))
        .chain(env_cases.iter().copied())
        .collect();
    for (env_mf, env_gmf, case) in all {
        let mut cmd = Command::new(reference);
        cmd.env_remove("MAKEFLAGS")
            .env_remove("GNUMAKEFLAGS")
            .env_remove("MFLAGS")
            .env_remove("MAKELEVEL");
        if !env_mf.is_empty() {
            cmd.env("MAKEFLAGS", env_mf);
        }
        if let Some(g) = env_gmf {
            cmd.env("GNUMAKEFLAGS", g);
        }
        let out = cmd.arg("-f").arg(&mk).args(case).current_dir(&dir).output();
        let Ok(out) = out else { return };
        let mut args = a(&["-f", "m.mk"]);
        args.extend(a(case));
        let p = Prog::from_argv0(reference.as_bytes(), 0);
        let mf_env = if env_mf.is_empty() {
            None
        } else {
            Some(env_mf.as_bytes())
        };
        let ours = match parse_startup(&p, &args, env_gmf.map(|g| g.as_bytes()), mf_env) {
            Ok(o) => {
                let m = makeflags(&o, &cvars(&o), false);
                let mut goals = Vec::new();
                for (i, g) in o.goals.iter().enumerate() {
                    if i > 0 {
                        goals.push(b' ');
                    }
                    goals.extend_from_slice(g);
                }
                (
                    format!(
                        "[{}|{}|{}]\n",
                        String::from_utf8_lossy(&m.makeflags),
                        String::from_utf8_lossy(&m.mflags),
                        String::from_utf8_lossy(&goals)
                    ),
                    String::new(),
                    0,
                )
            }
            Err(e) => (
                String::new(),
                String::from_utf8_lossy(&e.render()).replace(
                    &format!("Report bugs to {BUG_REPORTS}"),
                    "Report bugs to <bug-make@gnu.org>",
                ),
                e.status(),
            ),
        };
        let mut theirs_out = String::from_utf8_lossy(&out.stdout).into_owned();
        while let Some(i) = theirs_out.find(" --jobserver-auth=") {
            let end = theirs_out[i + 1..]
                .find([' ', '|'])
                .map_or(theirs_out.len(), |e| i + 1 + e);
            theirs_out.replace_range(i..end, "");
        }
        let theirs_out = theirs_out
            .lines()
            .filter(|l| l.starts_with('['))
            .map(|l| format!("{l}\n"))
            .collect::<String>();
        let theirs = (
            theirs_out,
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code().unwrap_or(-1),
        );
        if ours != theirs {
            failures += 1;
            eprintln!(
                "MISMATCH {env_mf:?} {env_gmf:?} {case:?}\n ours:   {ours:?}\n theirs: {theirs:?}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(failures, 0);
}
