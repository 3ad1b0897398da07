//! `--list`: the targets a user can type — explicit, non-pattern targets
//! not starting with `.` that a rule of a top-level makefile (`-f` or the
//! default one, not included ones) names — with the text of a `##`
//! comment on the rule line or on the line just above it, aligned as
//! `just --list` does:
//!
//! ```text
//! Available targets:
//!     all   # Build the program
//!     clean # Remove what the build made
//!     test
//! ```
//!
//! The rule lines are found by scanning the makefile's text again (the
//! reader drops comments); their target words are expanded with the
//! variables as they are after reading, and only names the database holds
//! as targets are listed.

use crate::make::Make;

/// The first `#` that is not escaped by a backslash.
fn comment_start(line: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b'\\' => i += 1,
            b'#' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The position of the rule's colon, if LINE (comment removed) is a rule
/// line and not an assignment or a target-specific variable.
fn rule_colon(code: &[u8]) -> Option<usize> {
    let mut depth = 0i32;
    let mut colon = None;
    for (i, &c) in code.iter().enumerate() {
        match c {
            b'(' | b'{' => depth += 1,
            b')' | b'}' => depth -= 1,
            b'=' if depth == 0 => return None,
            b':' if depth == 0 => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let c = colon?;
    let mut rest = &code[c + 1..];
    if rest.first() == Some(&b':') {
        rest = &rest[1..];
    }
    if rest.first() == Some(&b'=') || rest.starts_with(b":=") {
        return None;
    }
    // A target-specific variable: `=` before any `;`.
    let mut depth = 0i32;
    for &ch in rest {
        match ch {
            b'(' | b'{' => depth += 1,
            b')' | b'}' => depth -= 1,
            b';' if depth == 0 => break,
            b'=' if depth == 0 => return None,
            _ => {}
        }
    }
    Some(c)
}

const DIRECTIVES: [&[u8]; 16] = [
    b"ifeq",
    b"ifneq",
    b"ifdef",
    b"ifndef",
    b"else",
    b"endif",
    b"include",
    b"-include",
    b"sinclude",
    b"export",
    b"unexport",
    b"override",
    b"vpath",
    b"undefine",
    b"private",
    b"load",
];

/// (target words as written, doc comment) for each rule line of TEXT.
pub fn scan(text: &[u8], prefix: u8) -> Vec<(Vec<u8>, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut pending: Option<Vec<u8>> = None;
    let mut define_depth = 0;
    let mut lines = text.split(|&c| c == b'\n').peekable();
    while let Some(first) = lines.next() {
        // Join backslash-continued lines.
        let mut line = first.to_vec();
        while line.iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1 {
            line.pop();
            match lines.next() {
                Some(n) => {
                    line.push(b' ');
                    line.extend_from_slice(n.trim_ascii());
                }
                None => break,
            }
        }
        let first_word = line
            .trim_ascii()
            .split(|c| c.is_ascii_whitespace())
            .next()
            .unwrap_or(b"");
        if define_depth > 0 {
            if first_word == b"endef" {
                define_depth -= 1;
            } else if line
                .trim_ascii()
                .split(|c| c.is_ascii_whitespace())
                .any(|w| w == b"define")
            {
                define_depth += 1;
            }
            continue;
        }
        if line.first() == Some(&prefix) {
            pending = None;
            continue;
        }
        let cs = comment_start(&line);
        let code = line[..cs.unwrap_or(line.len())].trim_ascii();
        let doc = cs.and_then(|p| {
            let c = &line[p + 1..];
            c.strip_prefix(b"#").map(|d| {
                let d = d
                    .iter()
                    .position(|&x| x != b'#')
                    .map_or(&d[d.len()..], |i| &d[i..]);
                d.trim_ascii().to_vec()
            })
        });
        if code.is_empty() {
            pending = doc.filter(|d| !d.is_empty());
            continue;
        }
        let words: Vec<&[u8]> = code
            .split(|c| c.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        if words.iter().take(3).any(|w| *w == b"define") {
            define_depth = 1;
            pending = None;
            continue;
        }
        if DIRECTIVES.contains(&first_word) {
            pending = None;
            continue;
        }
        if let Some(c) = rule_colon(code) {
            let mut targets = code[..c].trim_ascii();
            if let Some(t) = targets.strip_suffix(b"&") {
                targets = t.trim_ascii();
            }
            let doc = doc.filter(|d| !d.is_empty()).or_else(|| pending.take());
            out.push((targets.to_vec(), doc));
        }
        pending = None;
    }
    out
}

/// Prints the list on stdout.
pub fn print(mk: &mut Make) -> crate::error::Result<i32> {
    let tops: Vec<Vec<u8>> = mk
        .mkfiles
        .read_files
        .iter()
        .filter(|r| r.flags == 0 && r.error.is_none())
        .map(|r| mk.db.file(r.file).name.to_vec())
        .collect();
    let mut items: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::new();
    for name in tops {
        let Ok(text) = std::fs::read(crate::fs::path(&name)) else {
            continue;
        };
        for (targets, doc) in scan(&text, mk.recipe_prefix) {
            let expanded = if targets.contains(&b'$') {
                match mk.expand_text(&targets) {
                    Ok(e) => e,
                    Err(_) => continue,
                }
            } else {
                targets
            };
            for w in expanded
                .split(|c| c.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
            {
                if w.contains(&b'%') || w.starts_with(b".") {
                    continue;
                }
                let Some(id) = mk.db.get(w) else { continue };
                if !mk.db.file(id).is_target {
                    continue;
                }
                match items.iter_mut().find(|(n, _)| n.as_slice() == w) {
                    Some(item) => {
                        if item.1.is_none() {
                            item.1 = doc.clone();
                        }
                    }
                    None => items.push((w.to_vec(), doc.clone())),
                }
            }
        }
    }
    // As `just --list`: comments line up after the longest name (names
    // longer than 30 bytes do not push the column further).
    let width = items
        .iter()
        .map(|i| i.0.len())
        .filter(|&n| n <= 30)
        .max()
        .unwrap_or(0);
    let mut v = b"Available targets:\n".to_vec();
    for (name, doc) in items {
        v.extend_from_slice(b"    ");
        v.extend_from_slice(&name);
        if let Some(d) = doc {
            v.extend(std::iter::repeat_n(
                b' ',
                width.saturating_sub(name.len()) + 1,
            ));
            v.extend_from_slice(b"# ");
            v.extend_from_slice(&d);
        }
        v.push(b'\n');
    }
    mk.out.stdout(&v);
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_rules_and_comments() {
        let text = b"CC = gcc\n## Build it all\nall: prog\n\nprog: a.o b.o ## Link\n\t$(CC) -o $@ $^\nx: CFLAGS += -g\n# plain\nclean:\n\trm -f *.o # not doc\ndefine T\nfoo: bar ## no\nendef\nfoo bar&: baz\n%.o: %.c ## pattern\n";
        let got = scan(text, b'\t');
        let got: Vec<(String, Option<String>)> = got
            .into_iter()
            .map(|(t, d)| {
                (
                    String::from_utf8(t).unwrap(),
                    d.map(|d| String::from_utf8(d).unwrap()),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("all".into(), Some("Build it all".into())),
                ("prog".into(), Some("Link".into())),
                ("clean".into(), None),
                ("foo bar".into(), None),
                ("%.o".into(), Some("pattern".into())),
            ]
        );
    }
}
