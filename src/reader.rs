//! The reader: makefile bytes to logical lines.
//!
//! A logical line is one or more physical lines joined where a line ends in
//! an odd number of backslashes; the backslash-newline pairs are kept in
//! the text (recipes pass them to the shell; makefile lines collapse them
//! later, see [`crate::parser::collapse_continuations`]). A carriage return
//! before a newline is dropped. A NUL byte ends the physical line's useful
//! text, as in GNU make.

use std::io::Read;
use std::rc::Rc;

/// How much of a makefile is read at a time: a makefile is streamed, not
/// kept whole in memory while it is evaluated.
const CHUNK: usize = 64 * 1024;

pub struct LineReader {
    /// The text not consumed yet starts at `pos` (a window on the file
    /// when streaming).
    data: Vec<u8>,
    pos: usize,
    /// Line number of the next physical line (1-based).
    next_line: u32,
    /// The file the rest of the text comes from (None: all in `data`).
    file: Option<std::fs::File>,
    /// The file's size when opened (0 when not a regular file).
    size: usize,
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
        LineReader::from_bytes(&data)
    }

    pub fn from_bytes(data: &[u8]) -> LineReader {
        LineReader {
            data: data.to_vec(),
            pos: 0,
            next_line: 1,
            file: None,
            size: data.len(),
        }
    }

    /// Opens a makefile for streaming. The first chunk is read at once, so
    /// errors (a directory, no permission) come out here, as from
    /// `std::fs::read`.
    pub fn open(path: &std::path::Path) -> std::io::Result<LineReader> {
        let file = std::fs::File::open(path)?;
        let mut r = LineReader {
            data: Vec::new(),
            pos: 0,
            next_line: 1,
            file: Some(file),
            size: 0,
        };
        // A small regular file is read into a buffer of its size (plus
        // one byte, to see the end), not into a whole chunk.
        let size = match r.file.as_ref().map(|f| f.metadata()) {
            Some(Ok(m)) if m.is_file() => {
                r.size = usize::try_from(m.len()).unwrap_or(usize::MAX);
                r.size
            }
            _ => CHUNK,
        };
        r.read_some(size.saturating_add(1).min(CHUNK))?;
        if r.data.len() < CHUNK {
            // Most likely all of it: find out, and close the file at once
            // (deeply nested includes must not hold a descriptor each).
            r.read_some(if r.data.len() == size { 1 } else { CHUNK })?;
        }
        Ok(r)
    }

    /// Appends the next chunk of the file (drops the file at its end).
    fn read_chunk(&mut self) -> std::io::Result<()> {
        self.read_some(CHUNK)
    }

    /// Appends up to `want` more bytes of the file (drops the file at its
    /// end).
    fn read_some(&mut self, want: usize) -> std::io::Result<()> {
        let Some(f) = &mut self.file else {
            return Ok(());
        };
        if self.pos > 0 {
            self.data.drain(..self.pos);
            self.pos = 0;
        }
        let old = self.data.len();
        self.data.resize(old + want.max(1), 0);
        let r = loop {
            match f.read(&mut self.data[old..]) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                r => break r,
            }
        };
        let n = *r.as_ref().unwrap_or(&0);
        self.data.truncate(old + n);
        if n == 0 {
            self.file = None;
            // Deeply nested includes each hold their rest: no spare room.
            self.data.shrink_to_fit();
        }
        r.map(|_| ())
    }

    /// Makes sure the text from `pos` holds a whole physical line (or the
    /// rest of the input); the offset from `pos` of its first newline or
    /// NUL (a NUL needs the slow way, see `next_line_into`).
    fn fill_line(&mut self) -> Option<usize> {
        let rest = &self.data[self.pos..];
        match memchr::memchr2(b'\n', 0, rest) {
            Some(i) if rest[i] == b'\n' => Some(i),
            _ => self.fill_long_line(),
        }
    }

    /// [`LineReader::fill_line`] when the text held has no newline before
    /// a NUL or its end.
    #[inline(never)]
    fn fill_long_line(&mut self) -> Option<usize> {
        // Offsets from `pos`: the first NUL found before any newline, and
        // how far the search has gone (reading more goes on from there, so
        // that a line of many chunks is searched once).
        let mut nul = None;
        let mut from = 0;
        loop {
            let rest = &self.data[self.pos..];
            if nul.is_none() {
                match memchr::memchr2(b'\n', 0, &rest[from..]) {
                    Some(i) if rest[from + i] == b'\n' => return Some(from + i),
                    Some(i) => {
                        nul = Some(from + i);
                        from += i;
                    }
                    None => from = rest.len(),
                }
            }
            if nul.is_some() {
                if memchr::memchr(b'\n', &rest[from..]).is_some() {
                    return nul;
                }
                from = rest.len();
            }
            if self.file.is_none() {
                return nul;
            }
            // A read error ends the input, as end of file would.
            if self.read_chunk().is_err() {
                self.file = None;
            }
        }
    }

    /// The size of the text when the reader was made (for a file, its
    /// size when opened).
    pub fn size(&self) -> usize {
        self.size
    }

    /// The line number of the next line to be read.
    pub fn lineno(&self) -> u32 {
        self.next_line
    }

    /// Reads the next logical line, or `None` at the end of the input.
    pub fn next_line(&mut self) -> Option<Line> {
        let mut line = Line {
            text: Vec::new(),
            lineno: 0,
            nul_warning: false,
        };
        self.next_line_into(&mut line).then_some(line)
    }

    /// Reads the next logical line into `line`, reusing its buffer; false
    /// at the end of the input.
    pub fn next_line_into(&mut self, line: &mut Line) -> bool {
        let mut found = self.fill_line();
        if self.pos >= self.data.len() {
            return false;
        }
        let lineno = self.next_line;
        let text = &mut line.text;
        text.clear();
        let mut nul_warning = false;
        loop {
            let rest = &self.data[self.pos..];
            // `found` is the first newline or NUL of `rest`.
            let (nl, nul) = match found {
                Some(i) if rest[i] == b'\n' => (Some(i), None),
                Some(i) => (memchr::memchr(b'\n', &rest[i..]).map(|j| i + j), Some(i)),
                None => (None, None),
            };
            let (phys, had_nl) = match nl {
                Some(i) => {
                    self.pos += i + 1;
                    (&rest[..i], true)
                }
                None => {
                    self.pos = self.data.len();
                    (rest, false)
                }
            };
            // A last line without its newline counts too, unless it
            // continues a line (as GNU counts the lines it reads).
            if had_nl || (!phys.is_empty() && self.next_line == lineno) {
                self.next_line += 1;
            }
            let mut phys = phys;
            if phys.last() == Some(&b'\r') && had_nl {
                phys = &phys[..phys.len() - 1];
            }
            if let Some(z) = nul {
                // GNU's reader (fgets, then the text up to its first NUL)
                // takes a NUL first on a physical line for the end of the
                // logical line, dropping the rest of the physical line,
                // with a warning.
                if z == 0 {
                    nul_warning = true;
                    break;
                }
                // After a NUL inside a physical line, its text is lost and
                // the logical line goes on with the next physical line;
                // that line's newline was never seen, so it is not counted.
                text.extend_from_slice(&phys[..z.min(phys.len())]);
                if had_nl {
                    self.next_line -= 1;
                }
                found = self.fill_line();
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
                found = self.fill_line();
                if self.pos < self.data.len() {
                    continue;
                }
            }
            break;
        }
        line.lineno = lineno;
        line.nul_warning = nul_warning;
        true
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
    fn streamed_file_reads_like_bytes() {
        // Lines, continuations, CRLF and NULs across chunk boundaries.
        let mut text = Vec::new();
        for i in 0..20_000 {
            match i % 5 {
                0 => text.extend_from_slice(format!("a{i} = x \\\n  y\n").as_bytes()),
                1 => text.extend_from_slice(format!("b{i}: c\r\n").as_bytes()),
                2 => text.extend_from_slice(format!("{}\n", "z".repeat(i % 300)).as_bytes()),
                3 => text.extend_from_slice(b"n\0ul\n"),
                _ => text.extend_from_slice(b"\tcmd\\\n"),
            }
        }
        // Lines of several chunks, one with a NUL near its start.
        text.extend_from_slice(&b"w".repeat(3 * CHUNK + 17));
        text.extend_from_slice(b"\nv\0");
        text.extend_from_slice(&b"u".repeat(2 * CHUNK));
        text.extend_from_slice(b"\n");
        text.extend_from_slice(b"last \\");
        assert!(text.len() > 8 * CHUNK);
        let dir = std::env::temp_dir().join(format!("rmake-reader-{}", std::process::id()));
        std::fs::write(&dir, &text).unwrap();
        let mut r = LineReader::open(&dir).unwrap();
        let mut streamed = Vec::new();
        while let Some(l) = r.next_line() {
            streamed.push(l);
        }
        std::fs::remove_file(&dir).unwrap();
        let mut r = LineReader::from_bytes(&text);
        let mut whole = Vec::new();
        while let Some(l) = r.next_line() {
            whole.push(l);
        }
        assert_eq!(streamed, whole);
        assert!(LineReader::open(&std::env::temp_dir()).is_err());
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
