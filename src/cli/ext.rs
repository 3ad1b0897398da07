//! rmake's own options, which GNU make lacks: `--why[=TARGET]`,
//! `--compile-commands[=FILE]`, `--graph[=dot|json]` and `--list`.
//!
//! They are taken out of the command line before GNU's option parsing sees
//! it, and only when spelled out in full: GNU's table, its prefix matching
//! (and so its "ambiguous option" messages) and `MAKEFLAGS` stay exactly
//! GNU's. They are never put into `MAKEFLAGS`; sub-makes learn about
//! `--compile-commands` through the environment (see `compile_commands`).

use super::table::{has_arg, long_options, short_index, HasArg, SWITCHES};
use super::{CliError, Prog};

/// `--graph` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Json,
}

/// The settings of rmake's own options.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// `--why`: `Some(empty)` for every target, else the targets named.
    pub why: Option<Vec<Vec<u8>>>,
    /// `--compile-commands[=FILE]`: `Some(empty)` for the default file.
    pub compile_commands: Option<Vec<u8>>,
    /// `--graph[=FORMAT]`.
    pub graph: Option<GraphFormat>,
    /// `--list`.
    pub list: bool,
}

/// The extension options: (name, takes an optional `=VALUE`).
const NAMES: [(&str, bool); 4] = [
    ("why", true),
    ("compile-commands", true),
    ("graph", true),
    ("list", false),
];

/// Whether the GNU option word `arg` (not `--`) takes the next word as its
/// argument.
fn takes_next(arg: &[u8]) -> bool {
    if let Some(text) = arg.strip_prefix(b"--") {
        if text.contains(&b'=') {
            return false;
        }
        let longs = long_options();
        let exact = longs
            .iter()
            .find(|l| !l.name.is_empty() && l.name.as_bytes() == text);
        let found = match exact {
            Some(l) => Some(*l),
            None => {
                let m: Vec<_> = longs
                    .iter()
                    .filter(|l| !l.name.is_empty() && l.name.as_bytes().starts_with(text))
                    .collect();
                match m.first() {
                    Some(first)
                        if m.iter().all(|l| {
                            l.has_arg == first.has_arg
                                && SWITCHES[l.index].sw == SWITCHES[first.index].sw
                        }) =>
                    {
                        Some(**first)
                    }
                    _ => None,
                }
            }
        };
        return found.is_some_and(|l| l.has_arg == HasArg::Required);
    }
    // A cluster of short options: one taking an argument ends it.
    for (j, &c) in arg.iter().enumerate().skip(1) {
        let Some(i) = short_index(c) else {
            continue;
        };
        match has_arg(&SWITCHES[i]) {
            HasArg::No => {}
            HasArg::Optional => return false,
            HasArg::Required => return j + 1 == arg.len(),
        }
    }
    false
}

/// Takes rmake's own options out of ARGS (the command line without
/// argv[0]) into `extras`; returns the rest for GNU's parser.
pub fn extract(
    prog: &Prog,
    args: &[Vec<u8>],
    extras: &mut Extras,
) -> Result<Vec<Vec<u8>>, CliError> {
    let mut rest = Vec::with_capacity(args.len());
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg.as_slice() == b"--" {
            rest.extend(args[i - 1..].iter().cloned());
            break;
        }
        if arg.len() < 2 || arg[0] != b'-' {
            rest.push(arg.clone());
            continue;
        }
        if let Some(text) = arg.strip_prefix(b"--") {
            let eq = text.iter().position(|&c| c == b'=');
            let name = &text[..eq.unwrap_or(text.len())];
            let value = eq.map(|e| text[e + 1..].to_vec());
            if let Some(&(n, valued)) = NAMES.iter().find(|(n, _)| n.as_bytes() == name) {
                if value.is_some() && !valued {
                    let msg =
                        [b"option '--", n.as_bytes(), b"' doesn't allow an argument"].concat();
                    return Err(CliError::fatal(prog, &msg));
                }
                set(prog, extras, n, value)?;
                continue;
            }
        }
        rest.push(arg.clone());
        if takes_next(arg) && i < args.len() {
            rest.push(args[i].clone());
            i += 1;
        }
    }
    Ok(rest)
}

fn set(
    prog: &Prog,
    extras: &mut Extras,
    name: &str,
    value: Option<Vec<u8>>,
) -> Result<(), CliError> {
    match name {
        "why" => {
            let list = extras.why.get_or_insert_with(Vec::new);
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                list.push(super::expand_command_line_file(&v));
            }
        }
        "compile-commands" => {
            extras.compile_commands = Some(value.unwrap_or_default());
        }
        "graph" => {
            extras.graph = Some(match value.as_deref() {
                None | Some(b"dot") => GraphFormat::Dot,
                Some(b"json") => GraphFormat::Json,
                Some(v) => {
                    let msg = [&b"unknown graph format '"[..], v, b"' (dot or json)"].concat();
                    return Err(CliError::fatal(prog, &msg));
                }
            });
        }
        _ => extras.list = true,
    }
    Ok(())
}

const HELP: &str = "\
rmake's own options (not in GNU make):
  --why[=TARGET]              After the run, say on stderr why each remade
                              target (or TARGET) was remade.
  --compile-commands[=FILE]   Record compiler commands (also of sub-makes and
                              under -n) in FILE (compile_commands.json).
  --graph[=dot|json]          Print the goals' dependency graph; run nothing.
  --list                      List the top-level makefile's targets with their
                              ## comments.
";

/// The `--help` text: GNU's, with rmake's own options after GNU's list.
pub fn help_text_with_extras(prog: &[u8]) -> Vec<u8> {
    let gnu = super::help_text(prog);
    let marker: &[u8] = b"\nThis program built for";
    match gnu.windows(marker.len()).position(|w| w == marker) {
        Some(p) => {
            let mut v = gnu[..p].to_vec();
            v.push(b'\n');
            v.extend_from_slice(HELP.as_bytes());
            v.extend_from_slice(&gnu[p..]);
            v
        }
        None => gnu,
    }
}
