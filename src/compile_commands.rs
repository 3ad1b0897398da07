//! `--compile-commands[=FILE]`: every recipe command that runs a C or C++
//! compiler is recorded as a compilation database entry
//! (`{directory, file, output, arguments}`, the format clangd reads).
//!
//! How entries travel: the make given the option creates a log file and
//! puts its absolute path in the environment variable
//! [`ENV`] before reading the environment, so that every recipe (and so
//! every sub-make, rmake or not) inherits it; `MAKEFLAGS` is not touched.
//! Every rmake that finds the variable appends one JSON object per line to
//! the log (one `write` each, `O_APPEND`, so parallel sub-makes do not mix
//! lines). At the end the make that owns the log merges it with the
//! entries already in FILE (so an incremental build keeps the files it did
//! not recompile), drops duplicates (same directory, file and output: the
//! last one wins) and writes FILE.
//!
//! Commands are recorded where they are echoed, so `-n` records them too
//! without running them.

use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;

use crate::make::Make;

/// The environment variable naming the log of the current run.
pub const ENV: &str = "RMAKE_COMPILE_COMMANDS_LOG";

/// The log this process owns (it was given `--compile-commands`).
fn own_log() -> Vec<u8> {
    let mut dir = std::env::temp_dir().as_os_str().as_bytes().to_vec();
    if dir.is_empty() {
        dir = b"/tmp".to_vec();
    }
    dir.extend_from_slice(
        format!("/rmake-compile-commands-{}.jsonl", std::process::id()).as_bytes(),
    );
    dir
}

/// At start-up, before the environment is imported: the make given
/// `--compile-commands` creates its log (unless it is the same process
/// re-executed after remaking a makefile, which keeps the log) and exports
/// its name.
pub fn setup(opts: &crate::cli::Options) {
    if opts.extras.compile_commands.is_none() {
        return;
    }
    let log = own_log();
    let current = std::env::var_os(ENV).map(|v| v.as_bytes().to_vec());
    if current.as_deref() != Some(log.as_slice()) {
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(crate::fs::path(&log));
        std::env::set_var(ENV, std::ffi::OsStr::from_bytes(&log));
    }
}

/// A recipe command about to run (or be printed under `-n`): records it if
/// a log is in the environment and it runs a compiler.
pub fn note_command(mk: &Make, text: &[u8]) {
    let Some(log) = std::env::var_os(ENV) else {
        return;
    };
    let entries = entries_for(&mk.curdir, text);
    if entries.is_empty() {
        return;
    }
    // No O_CREAT: a stale variable must not leave files behind.
    let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(&log) else {
        return;
    };
    for e in entries {
        let mut line = e.to_json();
        line.push(b'\n');
        let _ = f.write_all(&line);
    }
}

/// At the end of the run: the make that owns the log writes FILE.
pub fn finish(mk: &mut Make) {
    let Some(file) = mk.opts.extras.compile_commands.clone() else {
        return;
    };
    let log = own_log();
    let logged = std::fs::read(crate::fs::path(&log)).unwrap_or_default();
    let _ = std::fs::remove_file(crate::fs::path(&log));
    let out_name = if file.is_empty() {
        join_path(&mk.curdir, b"compile_commands.json")
    } else {
        let base = mk
            .mkfiles
            .start_dir
            .clone()
            .unwrap_or_else(|| mk.curdir.clone());
        join_path(&base, &file)
    };
    let old = std::fs::read(crate::fs::path(&out_name)).unwrap_or_default();
    let mut merged: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let mut index: crate::hash::FxHashMap<Vec<u8>, usize> = Default::default();
    for line in old
        .split(|&c| c == b'\n')
        .chain(logged.split(|&c| c == b'\n'))
    {
        let line = line.trim_ascii();
        let line = line.strip_suffix(b",").unwrap_or(line);
        if !line.starts_with(b"{\"directory\":") || !line.ends_with(b"}") {
            continue;
        }
        let key = match memchr::memmem::find(line, b",\"arguments\":") {
            Some(p) => line[..p].to_vec(),
            None => continue,
        };
        match index.get(&key) {
            Some(&i) => merged[i].1 = line.to_vec(),
            None => {
                index.insert(key.clone(), merged.len());
                merged.push((key, line.to_vec()));
            }
        }
    }
    let mut v = b"[\n".to_vec();
    for (i, (_, line)) in merged.iter().enumerate() {
        v.extend_from_slice(b"  ");
        v.extend_from_slice(line);
        if i + 1 < merged.len() {
            v.push(b',');
        }
        v.push(b'\n');
    }
    v.extend_from_slice(b"]\n");
    if let Err(e) = std::fs::write(crate::fs::path(&out_name), &v) {
        let mut m = out_name.clone();
        m.extend_from_slice(b": ");
        m.extend_from_slice(&crate::exec::error_text(&e));
        mk.out.error(None, &m);
    }
}

/// One compilation database entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub directory: Vec<u8>,
    /// Absolute.
    pub file: Vec<u8>,
    /// Absolute, when the command names or implies one.
    pub output: Option<Vec<u8>>,
    pub arguments: Vec<Vec<u8>>,
}

impl Entry {
    /// One line of JSON; the key fields come first, in a fixed order.
    pub fn to_json(&self) -> Vec<u8> {
        let mut v = b"{\"directory\":".to_vec();
        json_string(&mut v, &self.directory);
        v.extend_from_slice(b",\"file\":");
        json_string(&mut v, &self.file);
        if let Some(o) = &self.output {
            v.extend_from_slice(b",\"output\":");
            json_string(&mut v, o);
        }
        v.extend_from_slice(b",\"arguments\":[");
        for (i, a) in self.arguments.iter().enumerate() {
            if i > 0 {
                v.push(b',');
            }
            json_string(&mut v, a);
        }
        v.extend_from_slice(b"]}");
        v
    }
}

/// A JSON string; bytes that are not UTF-8 become U+FFFD.
pub fn json_string(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for ch in String::from_utf8_lossy(s).chars() {
        match ch {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\r' => out.extend_from_slice(b"\\r"),
            c if (c as u32) < 0x20 => {
                out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes());
            }
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// DIR/NAME, or NAME when it is absolute; `.` components and `x/..` pairs
/// are folded lexically.
pub fn join_path(dir: &[u8], name: &[u8]) -> Vec<u8> {
    let mut full = if name.starts_with(b"/") {
        name.to_vec()
    } else {
        let mut v = dir.to_vec();
        v.push(b'/');
        v.extend_from_slice(name);
        v
    };
    let mut parts: Vec<&[u8]> = Vec::new();
    for p in full.split(|&c| c == b'/') {
        match p {
            b"" | b"." => {}
            b".." if parts.last().is_some_and(|l| *l != b"..") => {
                parts.pop();
            }
            _ => parts.push(p),
        }
    }
    let mut v = Vec::with_capacity(full.len());
    for p in parts {
        v.push(b'/');
        v.extend_from_slice(p);
    }
    if v.is_empty() {
        v.push(b'/');
    }
    full = v;
    full
}

/// What separates simple commands in a shell line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(Vec<u8>),
    Sep,
}

/// Splits a shell command line into words and command separators (`;`,
/// `&&`, `||`, `|`, `&`, newlines, parentheses, braces), removing quotes;
/// redirections are dropped with their targets.
fn tokenize(line: &[u8]) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut word: Vec<u8> = Vec::new();
    let mut in_word = false;
    let mut i = 0;
    let mut redirect_next = false;
    let flush =
        |toks: &mut Vec<Tok>, word: &mut Vec<u8>, in_word: &mut bool, redirect: &mut bool| {
            if *in_word {
                if *redirect {
                    *redirect = false;
                } else {
                    toks.push(Tok::Word(std::mem::take(word)));
                }
                word.clear();
                *in_word = false;
            }
        };
    while i < line.len() {
        let c = line[i];
        match c {
            b' ' | b'\t' => flush(&mut toks, &mut word, &mut in_word, &mut redirect_next),
            b'\\' => {
                if line.get(i + 1) == Some(&b'\n') {
                    i += 2;
                    continue;
                }
                if let Some(&n) = line.get(i + 1) {
                    word.push(n);
                    i += 1;
                }
                in_word = true;
            }
            b'\'' => {
                in_word = true;
                i += 1;
                while i < line.len() && line[i] != b'\'' {
                    word.push(line[i]);
                    i += 1;
                }
            }
            b'"' => {
                in_word = true;
                i += 1;
                while i < line.len() && line[i] != b'"' {
                    if line[i] == b'\\'
                        && matches!(line.get(i + 1), Some(b'"' | b'\\' | b'$' | b'`'))
                    {
                        i += 1;
                    } else if line[i] == b'\\' && line.get(i + 1) == Some(&b'\n') {
                        i += 2;
                        continue;
                    }
                    if i < line.len() {
                        word.push(line[i]);
                    }
                    i += 1;
                }
            }
            b';' | b'&' | b'|' | b'\n' | b'(' | b')' => {
                flush(&mut toks, &mut word, &mut in_word, &mut redirect_next);
                toks.push(Tok::Sep);
                while matches!(line.get(i + 1), Some(b'&' | b'|')) && (c == b'&' || c == b'|') {
                    i += 1;
                }
            }
            b'<' | b'>' => {
                // `2>`, `>&2`, `>>file`: the digits before belong to it.
                if in_word && word.iter().all(|d| d.is_ascii_digit()) {
                    word.clear();
                    in_word = false;
                } else {
                    flush(&mut toks, &mut word, &mut in_word, &mut redirect_next);
                }
                while matches!(line.get(i + 1), Some(b'>' | b'<')) {
                    i += 1;
                }
                if line.get(i + 1) == Some(&b'&') {
                    // `>&2`: a descriptor, a word follows with no blank.
                    i += 1;
                    while line
                        .get(i + 1)
                        .is_some_and(|d| d.is_ascii_digit() || *d == b'-')
                    {
                        i += 1;
                    }
                } else {
                    redirect_next = true;
                }
            }
            _ => {
                word.push(c);
                in_word = true;
            }
        }
        i += 1;
    }
    flush(&mut toks, &mut word, &mut in_word, &mut redirect_next);
    toks
}

const WRAPPERS: [&[u8]; 11] = [
    b"ccache",
    b"sccache",
    b"distcc",
    b"icecc",
    b"buildcache",
    b"env",
    b"time",
    b"nice",
    b"nohup",
    b"exec",
    b"command",
];

const KEYWORDS: [&[u8]; 9] = [
    b"if", b"then", b"else", b"elif", b"do", b"while", b"until", b"!", b"{",
];

fn basename(w: &[u8]) -> &[u8] {
    match w.iter().rposition(|&c| c == b'/') {
        Some(p) => &w[p + 1..],
        None => w,
    }
}

/// Whether a program name is a C/C++ compiler: `cc`, `gcc`, `clang`,
/// `c++`, `g++`, `clang++`, names ending so (`x86_64-linux-gnu-gcc`,
/// `mpicc`), with an optional version suffix (`gcc-12`, `clang++-17`).
pub fn is_compiler(prog: &[u8]) -> bool {
    let mut b = basename(prog);
    // Strip `-12`, `-17.0.1`.
    if let Some(p) = b.iter().rposition(|&c| c == b'-') {
        let suffix = &b[p + 1..];
        if !suffix.is_empty() && suffix.iter().all(|c| c.is_ascii_digit() || *c == b'.') {
            b = &b[..p];
        }
    }
    if WRAPPERS.contains(&b) {
        return false;
    }
    b.ends_with(b"cc")
        || b.ends_with(b"c++")
        || b.ends_with(b"g++")
        || b.ends_with(b"clang")
        || b.ends_with(b"clang++")
}

/// Options whose value is the next word.
const ARG_OPTIONS: [&[u8]; 28] = [
    b"-o",
    b"-I",
    b"-D",
    b"-U",
    b"-include",
    b"-imacros",
    b"-isystem",
    b"-idirafter",
    b"-iquote",
    b"-iprefix",
    b"-iwithprefix",
    b"-iwithprefixbefore",
    b"-isysroot",
    b"-MF",
    b"-MT",
    b"-MQ",
    b"-x",
    b"-L",
    b"-Xlinker",
    b"-Xassembler",
    b"-Xpreprocessor",
    b"-Xclang",
    b"-arch",
    b"-target",
    b"-aux-info",
    b"-T",
    b"--param",
    b"-imultilib",
];

const SOURCE_EXTS: [&[u8]; 19] = [
    b"c", b"C", b"cc", b"cp", b"cpp", b"CPP", b"cxx", b"c++", b"m", b"mm", b"M", b"i", b"ii",
    b"mi", b"mii", b"cu", b"S", b"sx", b"s",
];

fn is_source(w: &[u8]) -> bool {
    let b = basename(w);
    match b.iter().rposition(|&c| c == b'.') {
        Some(p) if p > 0 => SOURCE_EXTS.contains(&&b[p + 1..]),
        _ => false,
    }
}

/// The entries one compiler invocation ARGV (compiler first) gives, run
/// in DIR.
fn entries_of_argv(dir: &[u8], argv: &[Vec<u8>]) -> Vec<Entry> {
    let mut sources = Vec::new();
    let mut output: Option<Vec<u8>> = None;
    let mut compile_only = false;
    let mut assemble_only = false;
    let mut preprocess_only = false;
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        if ARG_OPTIONS.contains(&a.as_slice()) {
            if a.as_slice() == b"-o" {
                output = argv.get(i).cloned();
            }
            i += 1;
            continue;
        }
        match a.as_slice() {
            b"-c" => compile_only = true,
            b"-S" => assemble_only = true,
            b"-E" | b"-M" | b"-MM" => preprocess_only = true,
            _ => {}
        }
        if a.starts_with(b"-o") && a.len() > 2 {
            output = Some(a[2..].to_vec());
        } else if !a.starts_with(b"-") && is_source(a) {
            sources.push(a.clone());
        }
    }
    if preprocess_only {
        return Vec::new();
    }
    sources
        .into_iter()
        .map(|s| {
            let out = match &output {
                Some(o) => Some(o.clone()),
                None if compile_only || assemble_only => {
                    let b = basename(&s);
                    let stem = match b.iter().rposition(|&c| c == b'.') {
                        Some(p) => &b[..p],
                        None => b,
                    };
                    let mut o = stem.to_vec();
                    o.extend_from_slice(if compile_only { b".o" } else { b".s" });
                    Some(o)
                }
                None => None,
            };
            Entry {
                directory: dir.to_vec(),
                file: join_path(dir, &s),
                output: out.map(|o| join_path(dir, &o)),
                arguments: argv.to_vec(),
            }
        })
        .collect()
}

/// The compilation database entries a recipe command line gives when run
/// in DIR (`cd DIR && ...` is followed).
pub fn entries_for(dir: &[u8], line: &[u8]) -> Vec<Entry> {
    let toks = tokenize(line);
    let mut dir = dir.to_vec();
    let mut out = Vec::new();
    let mut cmd: Vec<Vec<u8>> = Vec::new();
    let handle = |cmd: &mut Vec<Vec<u8>>, dir: &mut Vec<u8>, out: &mut Vec<Entry>| {
        let mut k = 0;
        // Keywords, assignments and wrappers (with their options) first.
        while k < cmd.len() {
            let w = &cmd[k];
            let keyword = KEYWORDS.contains(&w.as_slice());
            if keyword
                || w.first()
                    .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
                    && w.iter().position(|&c| c == b'=').is_some_and(|p| {
                        w[..p]
                            .iter()
                            .all(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    })
            {
                k += 1;
            } else if WRAPPERS.contains(&basename(w)) {
                k += 1;
                while k < cmd.len() && cmd[k].starts_with(b"-") {
                    k += 1;
                }
            } else {
                break;
            }
        }
        let argv = &cmd[k.min(cmd.len())..];
        if let Some(first) = argv.first() {
            if first.as_slice() == b"cd" {
                match argv.get(1) {
                    Some(d) if !d.contains(&b'$') && d.as_slice() != b"-" => {
                        *dir = join_path(dir, d);
                    }
                    _ => {}
                }
            } else if is_compiler(first) {
                out.extend(entries_of_argv(dir, argv));
            }
        }
        cmd.clear();
    };
    for t in toks {
        match t {
            Tok::Word(w) => cmd.push(w),
            Tok::Sep => handle(&mut cmd, &mut dir, &mut out),
        }
    }
    handle(&mut cmd, &mut dir, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(e: &Entry) -> Vec<String> {
        e.arguments
            .iter()
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect()
    }

    #[test]
    fn plain_gcc() {
        let e = entries_for(b"/p", b"gcc -O2 -Iinclude -c -o obj/a.o src/a.c");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].file, b"/p/src/a.c");
        assert_eq!(e[0].output.as_deref(), Some(&b"/p/obj/a.o"[..]));
        assert_eq!(
            args(&e[0]),
            ["gcc", "-O2", "-Iinclude", "-c", "-o", "obj/a.o", "src/a.c"]
        );
    }

    #[test]
    fn wrappers_cd_and_quotes() {
        let e = entries_for(
            b"/p",
            b"echo CC a.c; cd sub && ccache x86_64-linux-gnu-gcc-12 -DX='\"a b\"' -c a.c 2>&1 | tee log",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].directory, b"/p/sub");
        assert_eq!(e[0].output.as_deref(), Some(&b"/p/sub/a.o"[..]));
        assert_eq!(
            args(&e[0]),
            ["x86_64-linux-gnu-gcc-12", "-DX=\"a b\"", "-c", "a.c"]
        );
    }

    #[test]
    fn not_compiles() {
        assert!(entries_for(b"/p", b"gcc -o prog a.o b.o").is_empty());
        assert!(entries_for(b"/p", b"gcc -MM a.c > a.d").is_empty());
        assert!(entries_for(b"/p", b"echo gcc -c a.c").is_empty());
        assert!(entries_for(b"/p", b"ccache -s").is_empty());
        assert!(entries_for(b"/p", b"").is_empty());
        assert!(entries_for(b"/p", b"'unterminated \\").is_empty());
    }

    #[test]
    fn compilers() {
        for c in [
            "cc",
            "gcc",
            "clang",
            "c++",
            "g++",
            "clang++",
            "/usr/bin/clang-17",
            "mpicc",
            "arm-none-eabi-g++",
        ] {
            assert!(is_compiler(c.as_bytes()), "{c}");
        }
        for c in ["ccache", "distcc", "ld", "ar", "make", "gcc-ar"] {
            assert!(!is_compiler(c.as_bytes()), "{c}");
        }
    }

    #[test]
    fn json_escapes() {
        let e = Entry {
            directory: b"/d\"q".to_vec(),
            file: b"/d/a.c".to_vec(),
            output: None,
            arguments: vec![b"cc".to_vec(), b"-DX=\\\n\xff".to_vec()],
        };
        assert_eq!(
            String::from_utf8(e.to_json()).unwrap(),
            "{\"directory\":\"/d\\\"q\",\"file\":\"/d/a.c\",\"arguments\":[\"cc\",\"-DX=\\\\\\n\u{fffd}\"]}"
        );
    }
}
