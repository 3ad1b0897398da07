//! GNU make 4.4.1's switch table, as data. The order of `SWITCHES` is the
//! order GNU builds `MAKEFLAGS` in, and (followed by `ALIASES`) the order of
//! its long-option table, which decides the list printed for an ambiguous
//! long-option prefix.

/// Which setting a switch changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sw {
    IgnoreB,
    AlwaysMake,
    Debug,
    EnvOverrides,
    Eval,
    Help,
    IgnoreErrors,
    KeepGoing,
    CheckSymlink,
    IgnoreM,
    JustPrint,
    PrintDataBase,
    Question,
    NoBuiltinRules,
    NoBuiltinVariables,
    Silent,
    NoKeepGoing,
    Touch,
    Version,
    PrintDirectory,
    Directory,
    File,
    IncludeDir,
    Jobs,
    LoadAverage,
    OldFile,
    OutputSync,
    WhatIf,
    DebugFlags,
    JobserverAuth,
    Trace,
    NoPrintDirectory,
    WarnUndefined,
    SyncMutex,
    NoSilent,
    JobserverFds,
    TempStdin,
    Shuffle,
    JobserverStyle,
}

/// How a switch's argument is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ignore,
    Flag,
    FlagOff,
    /// One string, the last one wins.
    Str,
    /// A list of strings, one per use.
    StrList,
    /// A list of file names (`~` and leading `./` handled).
    Filename,
    PositiveInt,
    Floating,
}

/// Flags whose value records where it was last set from, so that
/// MAKEFLAGS set by a makefile cannot undo a command-line setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracked {
    KeepGoing,
    Silent,
    PrintDirectory,
}

#[derive(Debug, Clone, Copy)]
pub struct Switch {
    pub sw: Sw,
    /// The letter, if the switch has one.
    pub short: Option<u8>,
    /// The long name (empty when there is none).
    pub long: &'static str,
    pub kind: Kind,
    /// May come from MAKEFLAGS set by a makefile.
    pub env: bool,
    /// Is put into MAKEFLAGS.
    pub toenv: bool,
    /// Left out of MAKEFLAGS while remaking makefiles.
    pub no_makefile: bool,
    /// The argument is optional (there is a value for "no argument").
    pub optional: bool,
    /// A flag with a default value: only propagated when given explicitly
    /// or different from the default.
    pub has_default: bool,
    pub tracked: Option<Tracked>,
}

const fn s(
    sw: Sw,
    short: Option<u8>,
    long: &'static str,
    kind: Kind,
    env: bool,
    toenv: bool,
) -> Switch {
    Switch {
        sw,
        short,
        long,
        kind,
        env,
        toenv,
        no_makefile: false,
        optional: false,
        has_default: false,
        tracked: None,
    }
}

const fn nm(mut x: Switch) -> Switch {
    x.no_makefile = true;
    x
}

const fn opt(mut x: Switch) -> Switch {
    x.optional = true;
    x
}

const fn dflt(mut x: Switch, t: Option<Tracked>) -> Switch {
    x.has_default = true;
    x.tracked = t;
    x
}

use Kind::*;
use Sw::*;

pub static SWITCHES: [Switch; 39] = [
    s(IgnoreB, Some(b'b'), "", Ignore, false, false),
    s(AlwaysMake, Some(b'B'), "always-make", Flag, true, true),
    s(Debug, Some(b'd'), "", Flag, true, true),
    s(
        EnvOverrides,
        Some(b'e'),
        "environment-overrides",
        Flag,
        true,
        true,
    ),
    s(Eval, Some(b'E'), "eval", StrList, true, false),
    s(Help, Some(b'h'), "help", Flag, false, false),
    s(IgnoreErrors, Some(b'i'), "ignore-errors", Flag, true, true),
    dflt(
        s(KeepGoing, Some(b'k'), "keep-going", Flag, true, true),
        Some(Tracked::KeepGoing),
    ),
    s(
        CheckSymlink,
        Some(b'L'),
        "check-symlink-times",
        Flag,
        true,
        true,
    ),
    s(IgnoreM, Some(b'm'), "", Ignore, false, false),
    nm(s(JustPrint, Some(b'n'), "just-print", Flag, true, true)),
    s(
        PrintDataBase,
        Some(b'p'),
        "print-data-base",
        Flag,
        true,
        true,
    ),
    nm(s(Question, Some(b'q'), "question", Flag, true, true)),
    s(
        NoBuiltinRules,
        Some(b'r'),
        "no-builtin-rules",
        Flag,
        true,
        true,
    ),
    s(
        NoBuiltinVariables,
        Some(b'R'),
        "no-builtin-variables",
        Flag,
        true,
        true,
    ),
    dflt(
        s(Silent, Some(b's'), "silent", Flag, true, true),
        Some(Tracked::Silent),
    ),
    dflt(
        s(
            NoKeepGoing,
            Some(b'S'),
            "no-keep-going",
            FlagOff,
            true,
            true,
        ),
        Some(Tracked::KeepGoing),
    ),
    nm(s(Touch, Some(b't'), "touch", Flag, true, true)),
    s(Version, Some(b'v'), "version", Flag, true, false),
    dflt(
        s(
            PrintDirectory,
            Some(b'w'),
            "print-directory",
            Flag,
            true,
            true,
        ),
        Some(Tracked::PrintDirectory),
    ),
    s(Directory, Some(b'C'), "directory", Filename, false, false),
    s(File, Some(b'f'), "file", Filename, false, false),
    s(IncludeDir, Some(b'I'), "include-dir", Filename, true, true),
    opt(s(Jobs, Some(b'j'), "jobs", PositiveInt, true, true)),
    opt(s(
        LoadAverage,
        Some(b'l'),
        "load-average",
        Floating,
        true,
        true,
    )),
    s(OldFile, Some(b'o'), "old-file", Filename, false, false),
    opt(s(OutputSync, Some(b'O'), "output-sync", Str, true, true)),
    s(WhatIf, Some(b'W'), "what-if", Filename, false, false),
    opt(s(DebugFlags, None, "debug", StrList, true, true)),
    s(JobserverAuth, None, "jobserver-auth", Str, true, true),
    s(Trace, None, "trace", Flag, true, true),
    dflt(
        s(
            NoPrintDirectory,
            None,
            "no-print-directory",
            FlagOff,
            true,
            true,
        ),
        Some(Tracked::PrintDirectory),
    ),
    s(
        WarnUndefined,
        None,
        "warn-undefined-variables",
        Flag,
        true,
        true,
    ),
    s(SyncMutex, None, "sync-mutex", Str, true, true),
    dflt(
        s(NoSilent, None, "no-silent", FlagOff, true, true),
        Some(Tracked::Silent),
    ),
    s(JobserverFds, None, "jobserver-fds", Str, true, false),
    s(TempStdin, None, "temp-stdin", Filename, false, false),
    opt(s(Shuffle, None, "shuffle", Str, true, true)),
    s(JobserverStyle, None, "jobserver-style", Str, true, false),
];

/// Whether a long option takes an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HasArg {
    No,
    Required,
    Optional,
}

/// One entry of the long-option table getopt searches.
#[derive(Debug, Clone, Copy)]
pub struct LongOpt {
    pub name: &'static str,
    pub has_arg: HasArg,
    /// Index into `SWITCHES`.
    pub index: usize,
}

/// Secondary long names: (name, argument, switch letter).
const ALIASES: [(&str, HasArg, u8); 9] = [
    ("quiet", HasArg::No, b's'),
    ("stop", HasArg::No, b'S'),
    ("new-file", HasArg::Required, b'W'),
    ("assume-new", HasArg::Required, b'W'),
    ("assume-old", HasArg::Required, b'o'),
    ("max-load", HasArg::Optional, b'l'),
    ("dry-run", HasArg::No, b'n'),
    ("recon", HasArg::No, b'n'),
    ("makefile", HasArg::Required, b'f'),
];

pub fn has_arg(sw: &Switch) -> HasArg {
    match sw.kind {
        Kind::Flag | Kind::FlagOff | Kind::Ignore => HasArg::No,
        _ if sw.optional => HasArg::Optional,
        _ => HasArg::Required,
    }
}

/// GNU's long-option table: every switch (those without a long name have
/// an empty one), then the aliases.
pub fn long_options() -> Vec<LongOpt> {
    let mut v: Vec<LongOpt> = SWITCHES
        .iter()
        .enumerate()
        .map(|(i, sw)| LongOpt {
            name: sw.long,
            has_arg: has_arg(sw),
            index: i,
        })
        .collect();
    for (name, has_arg, c) in ALIASES {
        if let Some(index) = short_index(c) {
            v.push(LongOpt {
                name,
                has_arg,
                index,
            });
        }
    }
    v
}

/// The switch with letter `c`.
pub fn short_index(c: u8) -> Option<usize> {
    SWITCHES.iter().position(|s| s.short == Some(c))
}
