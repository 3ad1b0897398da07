//! The reader: makefile bytes to logical lines.
//!
//! A logical line is one or more physical lines joined where a line ends in
//! an odd number of backslashes; the backslash-newline pairs are kept in
//! the text (recipes pass them to the shell; makefile lines collapse them
//! later, see [`crate::parser::collapse_continuations`]). A carriage return
//! before a newline is dropped. A NUL byte ends the physical line's useful
//! text, as in GNU make.

use std::rc::Rc;

pub struct LineReader {
    data: Rc<[u8]>,
    pos: usize,
    /// Line number of the next physical line (1-based).
    next_line: u32,
}

/// A logical line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: Vec<u8>,
    /// Line number of its first physical line.
    pub lineno: u32,
    /// Whether a NUL byte was seen at the start of a physical line.
    pub nul_warning: bool,
}

impl LineReader {
    pub fn new(data: Rc<[u8]>) -> LineReader {
        LineReader {
            data,
            pos: 0,
            next_line: 1,
        }
    }

    pub fn from_bytes(data: &[u8]) -> LineReader {
        LineReader::new(Rc::from(data))
    }

    /// The line number of the next line to be read.
    pub fn lineno(&self) -> u32 {
        self.next_line
    }

    /// Reads the next logical line, or `None` at the end of the input.
    pub fn next_line(&mut self) -> Option<Line> {
        if self.pos >= self.data.len() {
            return None;
        }
        let lineno = self.next_line;
        let mut text = Vec::new();
        let mut nul_warning = false;
        loop {
            let rest = &self.data[self.pos..];
            let (phys, had_nl) = match rest.iter().position(|&c| c == b'\n') {
                Some(i) => {
                    self.pos += i + 1;
                    (&rest[..i], true)
                }
                None => {
                    self.pos = self.data.len();
                    (rest, false)
                }
            };
            if had_nl {
                self.next_line += 1;
            }
            let mut phys = phys;
            if phys.last() == Some(&b'\r') && had_nl {
                phys = &phys[..phys.len() - 1];
            }
            if let Some(z) = phys.iter().position(|&c| c == 0) {
                // The text after a NUL is lost and the line continues with
                // the next physical line, as GNU's fgets-based reader does.
                if z == 0 && text.is_empty() {
                    nul_warning = true;
                    if !had_nl || self.pos >= self.data.len() {
                        break;
                    }
                    continue;
                }
                text.extend_from_slice(&phys[..z]);
                if self.pos >= self.data.len() {
                    break;
                }
                continue;
            }
            text.extend_from_slice(phys);
            let backslashes = text.iter().rev().take_while(|&&c| c == b'\\').count();
            if backslashes % 2 == 1 && had_nl {
                // The newline stays (even at the end of the input, as in
                // GNU), so the continuation is collapsed like any other.
                text.push(b'\n');
                if self.pos < self.data.len() {
                    continue;
                }
            }
            break;
        }
        Some(Line {
            text,
            lineno,
            nul_warning,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &[u8]) -> Vec<(Vec<u8>, u32)> {
        let mut r = LineReader::from_bytes(s);
        let mut v = Vec::new();
        while let Some(l) = r.next_line() {
            v.push((l.text, l.lineno));
        }
        v
    }

    #[test]
    fn splits_and_joins() {
        assert_eq!(
            lines(b"a\nb \\\nc\nd"),
            vec![
                (b"a".to_vec(), 1),
                (b"b \\\nc".to_vec(), 2),
                (b"d".to_vec(), 4)
            ]
        );
    }

    #[test]
    fn even_backslashes_do_not_join() {
        assert_eq!(
            lines(b"a\\\\\nb\n"),
            vec![(b"a\\\\".to_vec(), 1), (b"b".to_vec(), 2)]
        );
    }

    #[test]
    fn crlf_is_dropped() {
        assert_eq!(
            lines(b"a\r\nb\r\n"),
            vec![(b"a".to_vec(), 1), (b"b".to_vec(), 2)]
        );
    }

    #[test]
    fn empty_lines_are_lines() {
        assert_eq!(
            lines(b"\n\nx\n"),
            vec![(vec![], 1), (vec![], 2), (b"x".to_vec(), 3)]
        );
    }

    #[test]
    fn trailing_backslash_at_eof() {
        assert_eq!(lines(b"a\\\n"), vec![(b"a\\\n".to_vec(), 1)]);
    }
}
