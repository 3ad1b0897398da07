//! Building `MAKEFLAGS` and `MFLAGS` as GNU make 4.4.1 does, and splitting
//! a `MAKEFLAGS` value into words.
//!
//! GNU defines `MAKEFLAGS` (recursive) as the switches, then
//! ` $(-*-eval-flags-*-)` when there are `--eval`s, then
//! ` -- $(MAKEOVERRIDES)` when MAKEOVERRIDES is not empty; MAKEOVERRIDES is
//! `${-*-command-variables-*-}`, a simple variable holding the command-line
//! assignments. Switch arguments have `$` doubled (undone when MAKEFLAGS is
//! expanded); the two simple variables keep theirs doubled, so a sub-make
//! expanding `$(MAKEFLAGS)` once more gets the original text back.

use super::table::{Kind, Sw, SWITCHES};
use super::Options;

/// A variable defined on the command line (or in the startup MAKEFLAGS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandVar {
    pub name: Vec<u8>,
    /// Its value after the definition(s) (for `+=`, the whole value).
    pub value: Vec<u8>,
    /// Recursive (`=`) or not (written `:=`).
    pub recursive: bool,
}

/// GNU's `quote_for_env`: `$` doubled, blanks and `\` backslash-escaped.
pub fn quote_for_env(s: &[u8]) -> Vec<u8> {
    quote(s, true)
}

fn quote(s: &[u8], dollars: bool) -> Vec<u8> {
    let mut v = Vec::with_capacity(s.len());
    for &c in s {
        if c == b'$' && dollars {
            v.push(b'$');
        } else if c == b' ' || c == b'\t' || c == b'\\' {
            v.push(b'\\');
        }
        v.push(c);
    }
    v
}

/// Splits a MAKEFLAGS value into words as GNU's `decode_env_switches`:
/// leading blanks skipped, `\X` is X, runs of blanks separate words.
pub fn split_makeflags(value: &[u8]) -> Vec<Vec<u8>> {
    let blank = |c: u8| c == b' ' || c == b'\t';
    let mut i = 0;
    while i < value.len() && blank(value[i]) {
        i += 1;
    }
    let mut words = Vec::new();
    if i == value.len() {
        return words;
    }
    let mut cur = Vec::new();
    while i < value.len() {
        let c = value[i];
        if c == b'\\' && i + 1 < value.len() {
            cur.push(value[i + 1]);
            i += 2;
        } else if blank(c) {
            words.push(std::mem::take(&mut cur));
            while i < value.len() && blank(value[i]) {
                i += 1;
            }
        } else {
            cur.push(c);
            i += 1;
        }
    }
    words.push(cur);
    words
}

/// C's `printf("%g")` for the load average.
fn format_g(x: f64) -> String {
    if x.is_nan() {
        return if x.is_sign_negative() {
            "-nan".into()
        } else {
            "nan".into()
        };
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf".into() } else { "inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let e = format!("{:.5e}", x);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let strip = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{}{:02}", strip(mant), sign, exp.abs())
    } else {
        let prec = (5 - exp).max(0) as usize;
        strip(&format!("{:.*}", prec, x))
    }
}

struct Flag {
    index: usize,
    /// `None`: a plain letter; `Some("")`: an omitted optional argument.
    arg: Option<Vec<u8>>,
}

fn collect(opts: &Options, for_makefile: bool) -> Vec<Flag> {
    let mut flags = Vec::new();
    for (index, cs) in SWITCHES.iter().enumerate() {
        if !cs.toenv || (for_makefile && cs.no_makefile) {
            continue;
        }
        let mut add = |arg: Option<Vec<u8>>| flags.push(Flag { index, arg });
        match cs.kind {
            Kind::Ignore => {}
            Kind::Flag | Kind::FlagOff => {
                let on = flag_value(opts, cs.sw);
                // Tri-state -w: "unset" counts as on for the C test but
                // equals the default.
                let value_nonzero = on != Some(false);
                let matches = value_nonzero == (cs.kind == Kind::Flag);
                let differs_from_default = match cs.sw {
                    Sw::PrintDirectory | Sw::NoPrintDirectory => on.is_some(),
                    _ => on == Some(true),
                };
                if matches && (!cs.has_default || opts.is_specified(index) || differs_from_default)
                {
                    add(None);
                }
            }
            Kind::PositiveInt => match opts.jobs {
                None => {}
                Some(None) => add(Some(Vec::new())),
                Some(Some(n)) => add(Some(n.to_string().into_bytes())),
            },
            Kind::Floating => {
                if let Some(l) = opts.load_average {
                    if l != -1.0 {
                        add(Some(
                            crate::locale::localized_number(format_g(l)).into_bytes(),
                        ));
                    }
                }
            }
            Kind::Str => {
                let v = match cs.sw {
                    Sw::OutputSync => &opts.output_sync_option,
                    Sw::JobserverAuth => &opts.jobserver_auth,
                    Sw::SyncMutex => &opts.sync_mutex,
                    Sw::Shuffle => &opts.shuffle,
                    _ => &None,
                };
                if let Some(v) = v {
                    add(Some(v.clone()));
                }
            }
            Kind::StrList | Kind::Filename => {
                let list: &[Vec<u8>] = match cs.sw {
                    Sw::IncludeDir => &opts.include_dirs,
                    Sw::DebugFlags => &opts.debug_flags,
                    _ => &[],
                };
                for v in list {
                    add(Some(v.clone()));
                }
            }
        }
    }
    flags
}

/// The value of a flag switch: `None` for `-w`'s "not set" state.
fn flag_value(opts: &Options, sw: Sw) -> Option<bool> {
    Some(match sw {
        Sw::AlwaysMake => opts.always_make,
        Sw::Debug => opts.debug,
        Sw::EnvOverrides => opts.environment_overrides,
        Sw::IgnoreErrors => opts.ignore_errors,
        Sw::KeepGoing | Sw::NoKeepGoing => opts.keep_going,
        Sw::CheckSymlink => opts.check_symlink_times,
        Sw::JustPrint => opts.dry_run,
        Sw::PrintDataBase => opts.print_data_base,
        Sw::Question => opts.question,
        Sw::NoBuiltinRules => opts.no_builtin_rules,
        Sw::NoBuiltinVariables => opts.no_builtin_variables,
        Sw::Silent | Sw::NoSilent => opts.silent,
        Sw::Touch => opts.touch,
        Sw::Trace => opts.trace,
        Sw::WarnUndefined => opts.warn_undefined_variables,
        Sw::PrintDirectory | Sw::NoPrintDirectory => return opts.print_directory,
        _ => false,
    })
}

/// GNU's switch string: `-` and the plain letters, then ` -xARG` /
/// ` --long=ARG` words; empty when there are no switches at all. With
/// `template`, `$` in arguments is doubled (the text GNU stores in the
/// variable); without, it is the text `$(MFLAGS)` expands to.
pub fn flags_string(opts: &Options, for_makefile: bool, template: bool) -> Vec<u8> {
    let flags = collect(opts, for_makefile);
    let mut v = vec![b'-'];
    let mut i = 0;
    while i < flags.len() && flags[i].arg.is_none() {
        match SWITCHES[flags[i].index].short {
            Some(c) => v.push(c),
            None => break,
        }
        i += 1;
    }
    for f in &flags[i..] {
        let cs = &SWITCHES[f.index];
        v.extend_from_slice(b" -");
        match cs.short {
            Some(c) => v.push(c),
            None => {
                v.push(b'-');
                v.extend_from_slice(cs.long.as_bytes());
            }
        }
        if let Some(a) = &f.arg {
            if !a.is_empty() {
                if cs.short.is_none() {
                    v.push(b'=');
                }
                v.extend_from_slice(&quote(a, template));
            }
        }
    }
    if v.len() == 1 {
        v.clear();
    }
    v
}

/// The value of `MFLAGS` (as expanded).
pub fn mflags(opts: &Options, for_makefile: bool) -> Vec<u8> {
    strip_for_mflags(flags_string(opts, for_makefile, false))
}

fn strip_for_mflags(mut f: Vec<u8>) -> Vec<u8> {
    if f.starts_with(b"- ") {
        f.drain(..2);
    }
    f
}

/// The value of `-*-eval-flags-*-`: `--eval=TEXT` words, quoted.
pub fn eval_flags_value(evals: &[Vec<u8>]) -> Vec<u8> {
    let mut v = Vec::new();
    for (i, e) in evals.iter().enumerate() {
        if i > 0 {
            v.push(b' ');
        }
        v.extend_from_slice(b"--eval=");
        v.extend_from_slice(&quote_for_env(e));
    }
    v
}

/// The value of `-*-command-variables-*-` (what MAKEOVERRIDES expands to).
/// VARS are given in the order they were defined (duplicates allowed: a
/// variable counts at its first definition, with its final value); GNU
/// lists them newest first.
pub fn command_variables_value(vars: &[CommandVar]) -> Vec<u8> {
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut unique: Vec<&CommandVar> = Vec::new();
    for cv in vars {
        if !seen.contains(&cv.name.as_slice()) {
            seen.push(&cv.name);
            unique.push(cv);
        }
    }
    let mut v = Vec::new();
    for (i, cv) in unique.iter().rev().enumerate() {
        if i > 0 {
            v.push(b' ');
        }
        v.extend_from_slice(&quote_for_env(&cv.name));
        if !cv.recursive {
            v.push(b':');
        }
        v.push(b'=');
        v.extend_from_slice(&quote_for_env(&cv.value));
    }
    v
}

/// The text GNU defines `MAKEFLAGS` as (a recursive variable): switches,
/// then `$(-*-eval-flags-*-)` if there are evals, then ` -- $(MAKEOVERRIDES)`
/// (`$(-*-command-variables-*-)` under `.POSIX`) if `overrides_nonempty`.
pub fn makeflags_template(
    opts: &Options,
    for_makefile: bool,
    overrides_nonempty: bool,
    posix: bool,
) -> Vec<u8> {
    let mut v = flags_string(opts, for_makefile, true);
    if !opts.evals.is_empty() {
        v.extend_from_slice(b" $(-*-eval-flags-*-)");
    }
    if overrides_nonempty {
        v.extend_from_slice(if posix {
            b" -- $(-*-command-variables-*-)"
        } else {
            b" -- $(MAKEOVERRIDES)"
        });
    }
    if v.first() == Some(&b'-') {
        v.remove(0);
    }
    v
}

/// `MAKEFLAGS` and `MFLAGS` as they expand (and as sub-makes see them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Makeflags {
    pub makeflags: Vec<u8>,
    pub mflags: Vec<u8>,
}

/// The expanded `MAKEFLAGS`/`MFLAGS` for OPTS and the command-line
/// variables VARS (in definition order, see [`command_variables_value`]),
/// assuming MAKEOVERRIDES has not been changed by a makefile. With
/// `for_makefile`, `-n`, `-q` and `-t` are left out (GNU does so while
/// remaking makefiles). `opts.jobserver_auth` and `opts.shuffle` should
/// hold the effective values (GNU writes back the seed it picked).
pub fn makeflags(opts: &Options, vars: &[CommandVar], for_makefile: bool) -> Makeflags {
    let flags = flags_string(opts, for_makefile, false);
    let mflags = strip_for_mflags(flags.clone());
    let mut v = flags;
    if !opts.evals.is_empty() {
        v.push(b' ');
        v.extend_from_slice(&eval_flags_value(&opts.evals));
    }
    let overrides = command_variables_value(vars);
    if !overrides.is_empty() {
        v.extend_from_slice(b" -- ");
        v.extend_from_slice(&overrides);
    }
    if v.first() == Some(&b'-') {
        v.remove(0);
    }
    Makeflags {
        makeflags: v,
        mflags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g_format() {
        assert_eq!(format_g(2.5), "2.5");
        assert_eq!(format_g(0.5), "0.5");
        assert_eq!(format_g(1234567.0), "1.23457e+06");
        assert_eq!(format_g(0.0001), "0.0001");
        assert_eq!(format_g(0.00001), "1e-05");
        assert_eq!(format_g(3.0), "3");
        assert_eq!(format_g(100000.0), "100000");
        assert_eq!(format_g(0.0), "0");
    }

    #[test]
    fn split() {
        assert_eq!(
            split_makeflags(b"  k -- X=1\\ 2  Y=\\\\"),
            vec![
                b"k".to_vec(),
                b"--".to_vec(),
                b"X=1 2".to_vec(),
                b"Y=\\".to_vec()
            ]
        );
        assert!(split_makeflags(b"   ").is_empty());
        assert_eq!(split_makeflags(b"a "), vec![b"a".to_vec(), b"".to_vec()]);
    }
}
