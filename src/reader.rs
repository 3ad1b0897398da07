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
    /// GNU's line buffer for this input.
    gnu_buffer: GnuBuffer,
    /// The file once read to its end: it stays open while its makefile is
    /// evaluated, as in GNU (so nested includes each hold a descriptor:
    /// an include nested too deep fails for want of descriptors where
    /// GNU's does, and files opened meanwhile get GNU's numbers).
    read_to_end: Option<std::fs::File>,
}

/// A logical line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: Vec<u8>,
    /// Line number of its first physical line.
    pub lineno: u32,
    /// How many times a NUL byte ended what GNU's reader took of a line
    /// (one "NUL character seen" warning each).
    pub nul_warnings: u32,
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
            gnu_buffer: GnuBuffer(GnuBuffer::START),
            read_to_end: None,
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
            gnu_buffer: GnuBuffer(GnuBuffer::START),
            read_to_end: None,
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
            // Most likely all of it: find out.
            r.read_some(if r.data.len() == size { 1 } else { CHUNK })?;
        }
        Ok(r)
    }

    /// Appends the next chunk of the file (keeps the file aside at its
    /// end).
    fn read_chunk(&mut self) -> std::io::Result<()> {
        self.read_some(CHUNK)
    }

    /// Appends up to `want` more bytes of the file (keeps the file aside at
    /// its end).
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
            self.read_to_end = self.file.take();
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
    /// a NUL or its end. A NUL is answered at once: the line is then read
    /// as GNU's `fgets` reads it, a buffer at a time (`fill_for_fgets`), so
    /// an endless line of NULs (`-f /dev/zero`) is read as it comes.
    #[inline(never)]
    fn fill_long_line(&mut self) -> Option<usize> {
        // How far the search has gone, from `pos` (reading more goes on
        // from there, so that a line of many chunks is searched once).
        let mut from = 0;
        loop {
            let rest = &self.data[self.pos..];
            match memchr::memchr2(b'\n', 0, &rest[from..]) {
                Some(i) => return Some(from + i),
                None => from = rest.len(),
            }
            self.file.as_ref()?;
            // A read error ends the input, as end of file would.
            if self.read_chunk().is_err() {
                self.file = None;
            }
        }
    }

    /// Makes sure the text from `pos` holds what one `fgets` of up to
    /// `room` bytes gets: that many bytes, a newline, or the rest of the
    /// input.
    fn fill_for_fgets(&mut self, room: usize) {
        let mut from = 0;
        loop {
            let rest = &self.data[self.pos..];
            if rest.len() >= room || memchr::memchr(b'\n', &rest[from..]).is_some() {
                return;
            }
            from = rest.len();
            if self.file.is_none() {
                return;
            }
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
            nul_warnings: 0,
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
        // Where GNU's line buffer is filled to (see `fgets_line`).
        let mut used = 0;
        let mut nul_warnings = 0;
        loop {
            let rest = &self.data[self.pos..];
            // `found` is the first newline or NUL of `rest`.
            let nl = match found {
                Some(i) if rest[i] == b'\n' => Some(i),
                Some(_) => {
                    // A NUL on this physical line: GNU's buffer sizes
                    // decide what is kept (the slow way).
                    nul_warnings = self.fgets_line(text, used, lineno);
                    break;
                }
                None => None,
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
            used = self
                .gnu_buffer
                .fill(used, phys.len() + usize::from(had_nl), had_nl);
            let mut phys = phys;
            if phys.last() == Some(&b'\r') && had_nl {
                phys = &phys[..phys.len() - 1];
                used -= 1;
            }
            text.extend_from_slice(phys);
            if odd_backslashes(text) && had_nl {
                // The newline stays (even at the end of the input, as in
                // GNU), so the continuation is collapsed like any other.
                text.push(b'\n');
                self.gnu_buffer.room_for_more(used);
                found = self.fill_line();
                if self.pos < self.data.len() {
                    continue;
                }
            }
            break;
        }
        line.lineno = lineno;
        line.nul_warnings = nul_warnings;
        true
    }

    /// The rest of a logical line read as GNU's `readline` reads it when a
    /// NUL byte is in the way: `fgets` into a buffer of `gnu_buffer` bytes,
    /// filled to `used` so far, then the text up to the first NUL of what
    /// was read. A NUL inside what one `fgets` got loses the rest of it and
    /// the line goes on with the next read; a NUL first in what it got
    /// ends the line (a warning each; the count is returned), and the next
    /// line starts with the rest of the physical line. Where the buffer is
    /// too short for a physical line (200 bytes at first, doubled as lines
    /// need), one physical line is several reads.
    #[inline(never)]
    fn fgets_line(&mut self, text: &mut Vec<u8>, mut used: usize, lineno: u32) -> u32 {
        let mut warnings = 0;
        loop {
            let room = self.gnu_buffer.room(used);
            self.fill_for_fgets(room);
            let rest = &self.data[self.pos..];
            if rest.is_empty() {
                // The end of the input: a line read in part counts once.
                if used > 0 && self.next_line == lineno {
                    self.next_line += 1;
                }
                return warnings;
            }
            let rest = &rest[..rest.len().min(room)];
            let through_nl = memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
            let got = &rest[..through_nl];
            self.pos += got.len();
            match memchr::memchr(0, got) {
                Some(0) => {
                    // GNU puts a newline in the NUL's place.
                    warnings += 1;
                    used += 1;
                }
                Some(k) => {
                    text.extend_from_slice(&got[..k]);
                    used += k;
                    self.gnu_buffer.grow();
                    continue;
                }
                None if got.last() == Some(&b'\n') => {
                    text.extend_from_slice(&got[..got.len() - 1]);
                    used += got.len();
                }
                None => {
                    text.extend_from_slice(got);
                    used += got.len();
                    self.gnu_buffer.grow();
                    continue;
                }
            }
            // A line's end, read or put in a NUL's place.
            self.next_line += 1;
            if used > 1 && text.last() == Some(&b'\r') {
                text.pop();
                used -= 1;
            }
            if !odd_backslashes(text) {
                return warnings;
            }
            text.push(b'\n');
            self.gnu_buffer.room_for_more(used);
        }
    }
}

/// Whether a line ends in an odd number of backslashes (it continues).
fn odd_backslashes(text: &[u8]) -> bool {
    text.iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

/// The size of GNU's buffer for reading a makefile's lines: 200 bytes at
/// first, doubled whenever a physical line does not fit in what is left
/// of it (or less than 80 bytes are left after a backslash-newline). It
/// matters only where a NUL byte is read (see `LineReader::fgets_line`),
/// but its size comes from every line before.
#[derive(Debug, Clone, Copy)]
struct GnuBuffer(usize);

impl GnuBuffer {
    const START: usize = 200;

    /// How much one `fgets` reads at most with the buffer filled to `used`
    /// (it keeps a byte for the terminating NUL).
    fn room(self, used: usize) -> usize {
        self.0.saturating_sub(used).saturating_sub(1).max(1)
    }

    /// Doubles the buffer (a read ended before a newline).
    fn grow(&mut self) {
        self.0 = self.0.saturating_mul(2);
    }

    /// Reads `n` bytes of one physical line (its newline included when
    /// `had_nl`) into the buffer filled to `used`; returns the new fill.
    fn fill(&mut self, mut used: usize, mut n: usize, had_nl: bool) -> usize {
        while n > self.room(used) {
            let r = self.room(used);
            used += r;
            n -= r;
            self.grow();
        }
        used += n;
        if !had_nl {
            // The last line without a newline: a read that ends short.
            self.grow();
        }
        used
    }

    /// After a backslash-newline: the buffer doubles when less than 80
    /// bytes are left.
    fn room_for_more(&mut self, used: usize) {
        if self.0.saturating_sub(used) < 80 {
            self.grow();
        }
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

    #[test]
    fn nul_run_longer_than_a_read() {
        // 199 NULs fill GNU's first read: the text after them is a line.
        let mut text = vec![0u8; 199];
        text.extend_from_slice(b"all:\nnext\n");
        let mut r = LineReader::from_bytes(&text);
        let l = r.next_line().unwrap();
        assert_eq!(
            (l.text.as_slice(), l.lineno, l.nul_warnings),
            (&b""[..], 1, 1)
        );
        let l = r.next_line().unwrap();
        assert_eq!(
            (l.text.as_slice(), l.lineno, l.nul_warnings),
            (&b"all:"[..], 2, 0)
        );
        assert_eq!(r.next_line().unwrap().lineno, 3);
        // A NUL inside a read: the rest of that read is lost, the line
        // goes on with the next one, uncounted.
        assert_eq!(
            lines(b"ab\0cd\nef\ng\n"),
            vec![(b"abef".to_vec(), 1), (b"g".to_vec(), 2)]
        );
    }
}
