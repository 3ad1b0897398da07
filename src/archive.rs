//! Archive members: names of the form `lib.a(member.o)`, and the member
//! table of `ar` archives (the common GNU/System V layout, with BSD
//! `#1/NN` long names understood too).
//!
//! Everything here works on bytes. The archive readers take the archive's
//! contents as a byte slice and never panic: a truncated or corrupt archive
//! gives [`ArError::Invalid`] (GNU's "not a valid archive"), a header field
//! that is not a number gives [`ArError::BadField`] (fatal in GNU).
//!
//! How GNU make 4.4.1 uses this:
//! * `$@` of `lib(m)` is `lib`, `$%` is `m`;
//! * the modification time of `lib(m)` is [`member_ref_mtime`] of the
//!   archive's (vpath-searched) mtime, [`member_date`] and the mtime of a
//!   file named `m`;
//! * `make -t` on a member target calls [`touch_member`].

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

use crate::error::MakeError;
use crate::fs::{path, MTime};

/// The magic string at the start of every archive.
pub const MAGIC: &[u8] = b"!<arch>\n";
/// The size of a member header.
pub const HEADER_SIZE: usize = 60;
/// The bytes ending every member header.
const FMAG: &[u8] = b"`\n";
/// The width of the name field; a name read from it (not from a long-name
/// table) may have been cut to one byte less than this.
const NAME_FIELD: usize = 16;

// Field offsets and widths within a 60-byte header.
const DATE: (usize, usize) = (16, 12);
const UID: (usize, usize) = (28, 6);
const GID: (usize, usize) = (34, 6);
const MODE: (usize, usize) = (40, 8);
const SIZE: (usize, usize) = (48, 10);

// ---------------------------------------------------------------------------
// Names

/// Whether `name` is an archive-member reference `lib(member)`: a `(` that
/// is not the first byte, and a final `)` with something between them.
/// (`lib((entry))` also answers true; see [`check_member_ref`].)
pub fn is_member_ref(name: &[u8]) -> bool {
    match name.iter().position(|&c| c == b'(') {
        None | Some(0) => false,
        Some(open) => name.len() >= open + 3 && name.last() == Some(&b')'),
    }
}

/// Like [`is_member_ref`], but `lib((entry))` (a symbol reference, which
/// GNU make does not support) is GNU's fatal error
/// `attempt to use unsupported feature: 'NAME'`.
pub fn check_member_ref(name: &[u8]) -> Result<bool, MakeError> {
    if !is_member_ref(name) {
        return Ok(false);
    }
    if let Some((_, mem)) = split_member(name) {
        if mem.first() == Some(&b'(') && mem.last() == Some(&b')') {
            let mut m = b"attempt to use unsupported feature: '".to_vec();
            m.extend_from_slice(name);
            m.push(b'\'');
            return Err(MakeError::msg(None, m));
        }
    }
    Ok(true)
}

/// Splits `lib(member)` into `("lib", "member")`; None if `name` is not a
/// member reference. The archive name ends at the first `(`; the member
/// is everything up to the final `)`.
pub fn split_member(name: &[u8]) -> Option<(&[u8], &[u8])> {
    if !is_member_ref(name) {
        return None;
    }
    let open = name.iter().position(|&c| c == b'(')?;
    Some((&name[..open], &name[open + 1..name.len() - 1]))
}

/// `archive(member)`.
pub fn join_member(archive: &[u8], member: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(archive.len() + member.len() + 2);
    v.extend_from_slice(archive);
    v.push(b'(');
    v.extend_from_slice(member);
    v.push(b')');
    v
}

/// Expands archive groups in the words of a target or prerequisite list as
/// GNU's `parse_file_seq` does: `lib(a.o b.o c.o)` (three words) names
/// `lib(a.o) lib(b.o) lib(c.o)`; so do `lib( a.o b.o )` and
/// `lib(a.o b.o )`. A word containing `(` but not ending in `)` opens a
/// group only if some later word ends in `)`.
///
/// The words are as the reader split them (backslash quoting resolved),
/// with a leading `./` already stripped (GNU strips it before grouping).
/// The result is parallel to `words`: `Some(name)` for each word, or None
/// for a word that contributes no name (a lone `lib(` or `)`, and, when
/// `skip_wait` is set as for prerequisites, each `.WAIT`, which the caller
/// handles itself).
pub fn expand_groups(words: &[&[u8]], skip_wait: bool) -> Vec<Option<Vec<u8>>> {
    let mut out = Vec::with_capacity(words.len());
    // The `lib(` prefix of the open group, if any.
    let mut group: Option<Vec<u8>> = None;
    for (i, &w) in words.iter().enumerate() {
        if w.is_empty() || (skip_wait && w == b".WAIT") {
            out.push(None);
            continue;
        }
        let mut elem: &[u8] = w;
        if group.is_none() && w[0] != b'(' && w.last() != Some(&b')') {
            if let Some(open) = w.iter().position(|&c| c == b'(') {
                // A group only if a later word closes it.
                if words[i + 1..].iter().any(|x| x.last() == Some(&b')')) {
                    group = Some(w[..=open].to_vec());
                    elem = &w[open + 1..];
                    if elem.is_empty() {
                        out.push(None);
                        continue;
                    }
                }
            }
        }
        match group.take() {
            None => out.push(Some(w.to_vec())),
            Some(prefix) => {
                let mut name = prefix.clone();
                name.extend_from_slice(elem);
                if elem.last() == Some(&b')') {
                    // The natural end of the group; a lone `)` names nothing.
                    out.push(if elem.len() == 1 { None } else { Some(name) });
                } else {
                    name.push(b')');
                    out.push(Some(name));
                    group = Some(prefix);
                }
            }
        }
    }
    out
}

/// Whether a member name is a pattern for [`glob_members`]: it has an
/// unquoted `*` or `?`, or a `[` followed later by `]`.
pub fn has_glob_magic(p: &[u8]) -> bool {
    let mut opened = false;
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            b'*' | b'?' => return true,
            b'\\' => i += 1,
            b'[' => opened = true,
            b']' if opened => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// `fnmatch` with `FNM_PATHNAME | FNM_PERIOD`: wildcards never match `/`
/// and a leading `.` of any component must be matched literally.
fn fnmatch_pathname(pat: &[u8], name: &[u8]) -> bool {
    let pc: Vec<&[u8]> = pat.split(|&c| c == b'/').collect();
    let nc: Vec<&[u8]> = name.split(|&c| c == b'/').collect();
    pc.len() == nc.len()
        && pc
            .iter()
            .zip(nc.iter())
            .all(|(p, n)| crate::glob::fnmatch(p, n))
}

/// GNU's `ar_glob`: the members of `archive` (its contents) whose names
/// match `pattern`, as `archive_name(member)` names sorted bytewise. Empty
/// when `pattern` has no wildcards or nothing matches (the caller then
/// keeps `archive_name(pattern)` as it is). Like GNU, members matched before
/// a point where the archive turns out to be corrupt are kept, and the
/// archive symbol table's empty name matches `*`.
pub fn glob_members(
    archive_name: &[u8],
    archive: &[u8],
    pattern: &[u8],
) -> Result<Vec<Vec<u8>>, ArError> {
    if !has_glob_magic(pattern) {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    let r = scan(archive, |m| {
        if fnmatch_pathname(pattern, &m.name) {
            found.push(join_member(archive_name, &m.name));
        }
        false
    });
    if let Err(e @ ArError::BadField { .. }) = r {
        return Err(e);
    }
    found.sort();
    Ok(found)
}

/// One member name of a target or prerequisite list after globbing
/// (GNU's `parse_file_seq`, for a name that is a member reference): the
/// `archive(pattern)` names matched in the archive, or `name` itself.
/// `read` gives an archive's contents (None if it cannot be read).
pub fn expand_member_glob(
    name: &[u8],
    read: &mut dyn FnMut(&[u8]) -> Option<Vec<u8>>,
) -> Result<Vec<Vec<u8>>, ArError> {
    if let Some((ar, mem)) = split_member(name) {
        if has_glob_magic(mem) {
            if let Some(bytes) = read(ar) {
                let found = glob_members(ar, &bytes, mem)?;
                if !found.is_empty() {
                    return Ok(found);
                }
            }
        }
    }
    Ok(vec![name.to_vec()])
}

// ---------------------------------------------------------------------------
// Reading archives

/// Why an archive could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArError {
    /// Not an archive, or truncated or corrupt (GNU's `ar_scan` -2).
    Invalid,
    /// A numeric header field holds something else. GNU make stops with
    /// `Invalid FIELD for archive ARCHIVE member MEMBER` (see
    /// [`ArError::message`]).
    BadField {
        field: &'static str,
        member: Vec<u8>,
    },
}

impl ArError {
    /// GNU's text for the error, given the archive's name.
    pub fn message(&self, archive_name: &[u8]) -> Vec<u8> {
        match self {
            ArError::Invalid => {
                let mut v = b"'".to_vec();
                v.extend_from_slice(archive_name);
                v.extend_from_slice(b"' is not a valid archive");
                v
            }
            ArError::BadField { field, member } => {
                let mut v = format!("Invalid {} for archive ", field).into_bytes();
                v.extend_from_slice(archive_name);
                v.extend_from_slice(b" member ");
                v.extend_from_slice(member);
                v
            }
        }
    }
}

/// One member as the scanner reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The name: header names lose trailing blanks and one trailing `/`;
    /// the symbol table `/` is the empty name and the long-name table
    /// `//` is `/`.
    pub name: Vec<u8>,
    /// The name came from the 16-byte header field and may have been cut
    /// (then only its first 15 bytes are compared).
    pub truncated: bool,
    /// Offset of the member's header.
    pub header_pos: usize,
    /// Offset of the member's data (for BSD long names, the name comes
    /// first in the data, as GNU does not adjust this).
    pub data_pos: usize,
    pub size: u64,
    /// Seconds since the epoch, as written in the header.
    pub date: i64,
    pub uid: i32,
    pub gid: i32,
    pub mode: u32,
}

/// A C string: the bytes up to the first NUL.
fn cstr(b: &[u8]) -> &[u8] {
    match b.iter().position(|&c| c == 0) {
        Some(i) => &b[..i],
        None => b,
    }
}

/// A header number: leading blanks, then digits in `base` up to a blank or
/// the end of the field; anything else, or a value above `max`, is an error.
fn parse_field(field: &[u8], base: u32, max: u64) -> Option<u64> {
    let mut i = 0;
    while i < field.len() && field[i] == b' ' {
        i += 1;
    }
    let mut val: u64 = 0;
    while i < field.len() && field[i] != b' ' {
        let c = field[i];
        let d = (c as char).to_digit(base)?;
        if !c.is_ascii_digit() {
            return None;
        }
        val = val.checked_mul(base as u64)?.checked_add(d as u64)?;
        if val > max {
            return None;
        }
        i += 1;
    }
    Some(val)
}

/// GNU's `ar_scan`: calls `f` on each member in order until it returns
/// true, and returns that member. Ok(None) when every member was seen.
/// A read that starts exactly at the end of the data ends the scan
/// normally (so, as in GNU, a member whose data is cut short is still
/// reported, and a later header must be whole).
pub fn scan<F: FnMut(&Member) -> bool>(
    archive: &[u8],
    mut f: F,
) -> Result<Option<Member>, ArError> {
    if archive.len() < MAGIC.len() || &archive[..MAGIC.len()] != MAGIC {
        return Err(ArError::Invalid);
    }
    let mut namemap: Option<Vec<u8>> = None;
    let mut pos = MAGIC.len();
    loop {
        if pos >= archive.len() {
            return Ok(None);
        }
        let hdr = match archive.get(pos..pos + HEADER_SIZE) {
            Some(h) => h,
            None => return Err(ArError::Invalid),
        };
        if &hdr[58..60] != FMAG {
            return Err(ArError::Invalid);
        }
        let data_pos = pos + HEADER_SIZE;
        // The name field without trailing blanks, then without one `/`
        // (taken as a C string only afterwards, as GNU does).
        let mut raw = &hdr[..NAME_FIELD];
        while let [rest @ .., b' '] = raw {
            raw = rest;
        }
        let is_namemap = matches!(cstr(raw), b"//" | b"ARFILENAMES/");
        if let [rest @ .., b'/'] = raw {
            raw = rest;
        }
        let raw = cstr(raw);
        let mut truncated = true;
        let name: Vec<u8> = match (raw.first(), &namemap) {
            (Some(b' ' | b'/'), Some(map)) if !is_namemap => {
                let off = crate::cnum::to_uint(&raw[1..]).ok_or(ArError::Invalid)? as usize;
                if off >= map.len() {
                    return Err(ArError::Invalid);
                }
                let n = cstr(&map[off..]);
                if n.is_empty() {
                    return Err(ArError::Invalid);
                }
                truncated = false;
                n.to_vec()
            }
            _ if raw.starts_with(b"#1/") => {
                let len = crate::cnum::to_uint(&raw[3..]).ok_or(ArError::Invalid)? as usize;
                if len == 0 || len >= 4096 {
                    return Err(ArError::Invalid);
                }
                let n = archive
                    .get(data_pos..data_pos + len)
                    .ok_or(ArError::Invalid)?;
                truncated = false;
                cstr(n).to_vec()
            }
            _ => raw.to_vec(),
        };
        let field = |(off, len): (usize, usize)| &hdr[off..off + len];
        let bad = |field: &'static str| ArError::BadField {
            field,
            member: name.clone(),
        };
        let mode = parse_field(field(MODE), 8, u32::MAX as u64).ok_or_else(|| bad("mode"))? as u32;
        let size = parse_field(field(SIZE), 10, i64::MAX as u64).ok_or_else(|| bad("size"))?;
        let date = parse_field(field(DATE), 10, i64::MAX as u64).ok_or_else(|| bad("date"))? as i64;
        let uid = parse_field(field(UID), 10, i32::MAX as u64).ok_or_else(|| bad("uid"))? as i32;
        let gid = parse_field(field(GID), 10, i32::MAX as u64).ok_or_else(|| bad("gid"))? as i32;
        let m = Member {
            name,
            truncated,
            header_pos: pos,
            data_pos,
            size,
            date,
            uid,
            gid,
            mode,
        };
        if f(&m) {
            return Ok(Some(m));
        }
        if is_namemap {
            if size > i32::MAX as u64 {
                return Err(ArError::Invalid);
            }
            let data = archive
                .get(data_pos..data_pos + size as usize)
                .ok_or(ArError::Invalid)?;
            // Names end at newlines, some with a `/` before the newline.
            let mut map = data.to_vec();
            for i in 0..map.len() {
                if map[i] == b'\n' {
                    map[i] = 0;
                    if i > 0 && map[i - 1] == b'/' {
                        map[i - 1] = 0;
                    }
                }
            }
            namemap = Some(map);
        }
        let next = usize::try_from(size)
            .ok()
            .and_then(|s| data_pos.checked_add(s))
            .and_then(|n| n.checked_add(n % 2));
        match next {
            Some(n) => pos = n,
            // Beyond any real file: GNU's read there finds the end.
            None => return Ok(None),
        }
    }
}

/// Every member in order (stopping with an error where the archive does).
pub fn members(archive: &[u8]) -> Result<Vec<Member>, ArError> {
    let mut all = Vec::new();
    scan(archive, |m| {
        all.push(m.clone());
        false
    })?;
    Ok(all)
}

/// GNU's `ar_name_equal`: whether the member name `wanted` (of a
/// reference; its directory part is ignored) names the archive member
/// `mem`. A possibly truncated name compares only its first 15 bytes.
pub fn member_name_matches(wanted: &[u8], mem: &[u8], truncated: bool) -> bool {
    let wanted = match wanted.iter().rposition(|&c| c == b'/') {
        Some(i) => &wanted[i + 1..],
        None => wanted,
    };
    // A C string comparison: the names end at a NUL.
    let (wanted, mem) = (cstr(wanted), cstr(mem));
    if truncated {
        let n = NAME_FIELD - 1;
        wanted[..wanted.len().min(n)] == mem[..mem.len().min(n)]
    } else {
        wanted == mem
    }
}

/// GNU's `ar_member_date` on the archive's contents: the date of the first
/// member named `member` whose date is not 0. Ok(None) if there is none
/// (GNU's -1: the member does not exist). An invalid archive also answers
/// Ok(None), as in GNU; a bad numeric field is an error (fatal in GNU).
pub fn member_date(archive: &[u8], member: &[u8]) -> Result<Option<i64>, ArError> {
    match scan(archive, |m| {
        m.date != 0 && member_name_matches(member, &m.name, m.truncated)
    }) {
        Ok(Some(m)) if m.date > 0 => Ok(Some(m.date)),
        Ok(_) | Err(ArError::Invalid) => Ok(None),
        Err(e) => Err(e),
    }
}

/// [`member_date`] with every error as None.
pub fn member_mtime(archive: &[u8], member: &[u8]) -> Option<i64> {
    member_date(archive, member).ok().flatten()
}

/// [`member_date`] of the archive file at `archive_path` (None if it cannot
/// be read).
pub fn member_date_in_file(archive_path: &[u8], member: &[u8]) -> Result<Option<i64>, ArError> {
    match std::fs::read(path(archive_path)) {
        Ok(bytes) => member_date(&bytes, member),
        Err(_) => Ok(None),
    }
}

/// The modification time of the target `lib(member)` as GNU's `f_mtime`
/// decides it: missing if the archive is missing or has no such member
/// (`member_date` None), or if a file named `member` exists and is newer
/// (in whole seconds) than the member's date; otherwise the member's date.
/// `member_file` is the mtime of the file named by the full member name
/// (with its directory), not searched for with vpath.
pub fn member_ref_mtime(archive: MTime, member_date: Option<i64>, member_file: MTime) -> MTime {
    if archive == MTime::Missing {
        return MTime::Missing;
    }
    let date = match member_date {
        Some(d) => d,
        None => return MTime::Missing,
    };
    if let MTime::At(ns) = member_file {
        if ns.div_euclid(1_000_000_000) as i128 > date as i128 {
            return MTime::Missing;
        }
    }
    MTime::from_parts(date as i64, 0)
}

// ---------------------------------------------------------------------------
// Touching

/// Writes `date` into the header of the first member named `member` (GNU's
/// `ar_member_touch`, on the contents). Returns the header's offset; None
/// if there is no such member; an error if the archive cannot be read, or
/// Invalid if the date does not fit its 12-byte field.
pub fn set_member_date(
    archive: &mut [u8],
    member: &[u8],
    date: i64,
) -> Result<Option<usize>, ArError> {
    let pos = match scan(archive, |m| {
        member_name_matches(member, &m.name, m.truncated)
    })? {
        Some(m) => m.header_pos,
        None => return Ok(None),
    };
    let field = date_field(date).ok_or(ArError::Invalid)?;
    let (off, len) = DATE;
    let dst = archive
        .get_mut(pos + off..pos + off + len)
        .ok_or(ArError::Invalid)?;
    dst.copy_from_slice(&field);
    Ok(Some(pos))
}

/// `date` in decimal, padded with blanks to 12 bytes; None if it needs 12
/// or more digits (GNU's `snprintf` into the field leaves room for a NUL).
fn date_field(date: i64) -> Option<[u8; 12]> {
    let s = date.to_string();
    if s.len() >= DATE.1 {
        return None;
    }
    let mut f = [b' '; 12];
    f[..s.len()].copy_from_slice(s.as_bytes());
    Some(f)
}

/// Why `touch_member` failed; [`TouchError::message`] is GNU's text (an
/// error, not fatal: the target fails).
#[derive(Debug)]
pub enum TouchError {
    /// `touch: Archive 'A' does not exist`
    NoArchive,
    /// `touch: 'A' is not a valid archive`
    Invalid,
    /// `touch: A: strerror` (GNU's `perror_with_name`)
    Io(std::io::Error),
    /// `touch: Member 'M' does not exist in 'A'`
    NoMember,
    /// A bad header field: fatal in GNU (see [`ArError::message`]).
    BadField(ArError),
}

impl TouchError {
    pub fn message(&self, archive_name: &[u8], member: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        match self {
            TouchError::NoArchive => {
                v.extend_from_slice(b"touch: Archive '");
                v.extend_from_slice(archive_name);
                v.extend_from_slice(b"' does not exist");
            }
            TouchError::Invalid => {
                v.extend_from_slice(b"touch: '");
                v.extend_from_slice(archive_name);
                v.extend_from_slice(b"' is not a valid archive");
            }
            TouchError::Io(e) => {
                v.extend_from_slice(b"touch: ");
                v.extend_from_slice(archive_name);
                v.extend_from_slice(b": ");
                v.extend_from_slice(io_error_text(e).as_bytes());
            }
            TouchError::NoMember => {
                v.extend_from_slice(b"touch: Member '");
                v.extend_from_slice(member);
                v.extend_from_slice(b"' does not exist in '");
                v.extend_from_slice(archive_name);
                v.push(b'\'');
            }
            TouchError::BadField(e) => v = e.message(archive_name),
        }
        v
    }
}

/// `strerror` text without Rust's ` (os error N)` suffix.
fn io_error_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// GNU's `ar_touch` for `make -t` on `archive(member)`: sets the member's
/// header date to the archive file's current modification time (in
/// seconds), rewriting the header in place. Take the archive's mtime for
/// the file database before calling: this changes it.
pub fn touch_member(archive_path: &[u8], member: &[u8]) -> Result<(), TouchError> {
    let bytes = match std::fs::read(path(archive_path)) {
        Ok(b) => b,
        Err(_) => return Err(TouchError::NoArchive),
    };
    let pos = match scan(&bytes, |m| {
        member_name_matches(member, &m.name, m.truncated)
    }) {
        Ok(Some(m)) => m.header_pos,
        Ok(None) => return Err(TouchError::NoMember),
        Err(ArError::Invalid) => return Err(TouchError::Invalid),
        Err(e) => return Err(TouchError::BadField(e)),
    };
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path(archive_path))
        .map_err(TouchError::Io)?;
    let mut hdr = [0u8; HEADER_SIZE];
    f.seek(SeekFrom::Start(pos as u64))
        .map_err(TouchError::Io)?;
    f.read_exact(&mut hdr).map_err(TouchError::Io)?;
    let mtime = {
        use std::os::unix::fs::MetadataExt;
        f.metadata().map_err(TouchError::Io)?.mtime()
    };
    let field = date_field(mtime)
        .ok_or_else(|| TouchError::Io(std::io::Error::from_raw_os_error(libc::EOVERFLOW)))?;
    let (off, len) = DATE;
    hdr[off..off + len].copy_from_slice(&field);
    f.seek(SeekFrom::Start(pos as u64))
        .map_err(TouchError::Io)?;
    f.write_all(&hdr).map_err(TouchError::Io)?;
    Ok(())
}

/// Reads a whole archive file; None if it cannot be read.
pub fn read_archive(archive_path: &[u8]) -> Option<Vec<u8>> {
    let mut v = Vec::new();
    File::open(path(archive_path))
        .ok()?
        .read_to_end(&mut v)
        .ok()?;
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// A 60-byte header: fields left-justified and blank-padded.
    fn header(name: &[u8], date: &[u8], mode: &[u8], size: usize) -> Vec<u8> {
        let mut h = Vec::new();
        let mut field = |v: &[u8], w: usize| {
            let mut f = v.to_vec();
            f.resize(w, b' ');
            h.extend_from_slice(&f[..w]);
        };
        field(name, 16);
        field(date, 12);
        field(b"0", 6);
        field(b"0", 6);
        field(mode, 8);
        field(size.to_string().as_bytes(), 10);
        h.extend_from_slice(b"`\n");
        h
    }

    /// Appends a member (header, data, padding to an even offset).
    fn push(ar: &mut Vec<u8>, name: &[u8], date: i64, data: &[u8]) {
        ar.extend(header(
            name,
            date.to_string().as_bytes(),
            b"644",
            data.len(),
        ));
        ar.extend_from_slice(data);
        if ar.len() % 2 == 1 {
            ar.push(b'\n');
        }
    }

    /// A GNU-style archive: symbol table, long-name table, short and long
    /// members.
    fn gnu_archive() -> Vec<u8> {
        let mut ar = MAGIC.to_vec();
        push(&mut ar, b"/", 0, b"\0\0\0\0");
        let table = b"verylongmembername_abcdef.o/\nanother_long_name.o/\n";
        push(&mut ar, b"//", 0, table);
        push(&mut ar, b"a.o/", 1000, b"AAA");
        push(&mut ar, b"/0", 2000, b"LONG");
        push(&mut ar, b"b.o/", 3000, b"B");
        push(&mut ar, b"/29", 4000, b"L2");
        ar
    }

    fn names(ar: &[u8]) -> Vec<Vec<u8>> {
        members(ar)
            .unwrap_or_default()
            .into_iter()
            .map(|m| m.name)
            .collect()
    }

    fn v(s: &[&str]) -> Vec<Vec<u8>> {
        s.iter().map(|x| x.as_bytes().to_vec()).collect()
    }

    #[test]
    fn member_refs() {
        assert!(is_member_ref(b"lib.a(m.o)"));
        assert!(is_member_ref(b"a(b)"));
        assert!(!is_member_ref(b"lib.a()"));
        assert!(!is_member_ref(b"(m.o)"));
        assert!(!is_member_ref(b"lib.a(m.o"));
        assert!(!is_member_ref(b"lib.a"));
        assert!(!is_member_ref(b""));
        assert!(!is_member_ref(b"("));
        assert!(!is_member_ref(b")"));
        assert_eq!(
            split_member(b"lib.a(m.o)"),
            Some((&b"lib.a"[..], &b"m.o"[..]))
        );
        assert_eq!(
            split_member(b"d/l(x)(y.o)"),
            Some((&b"d/l"[..], &b"x)(y.o"[..]))
        );
        assert_eq!(split_member(b"lib.a()"), None);
        assert_eq!(join_member(b"lib.a", b"m.o"), b"lib.a(m.o)");
        assert!(check_member_ref(b"lib.a(m.o)").unwrap());
        assert!(!check_member_ref(b"lib.a").unwrap());
        let e = check_member_ref(b"lib.a((sym))").unwrap_err();
        assert_eq!(
            e.to_string(),
            "attempt to use unsupported feature: 'lib.a((sym))'"
        );
        assert!(check_member_ref(b"lib.a((sym)").unwrap());
    }

    fn groups(ws: &[&str], wait: bool) -> Vec<Option<String>> {
        let w: Vec<&[u8]> = ws.iter().map(|s| s.as_bytes()).collect();
        expand_groups(&w, wait)
            .into_iter()
            .map(|o| o.map(|n| String::from_utf8(n).unwrap()))
            .collect()
    }

    fn flat(ws: &[&str]) -> Vec<String> {
        groups(ws, true).into_iter().flatten().collect()
    }

    #[test]
    fn archive_groups() {
        // Checked against GNU make 4.4.1.
        assert_eq!(flat(&["lib.a(a.o", "b.o)"]), ["lib.a(a.o)", "lib.a(b.o)"]);
        assert_eq!(flat(&["lib.a(", "c.o", ")"]), ["lib.a(c.o)"]);
        assert_eq!(
            flat(&["lib.a(", "d.o", "e.o", ")"]),
            ["lib.a(d.o)", "lib.a(e.o)"]
        );
        assert_eq!(
            flat(&["lib.a(f.o", "g.o)", "h"]),
            ["lib.a(f.o)", "lib.a(g.o)", "h"]
        );
        assert_eq!(flat(&["x", "lib.a(a.o)", "y"]), ["x", "lib.a(a.o)", "y"]);
        // No closing word: not a group.
        assert_eq!(flat(&["lib.a(f.o", "g.o"]), ["lib.a(f.o", "g.o"]);
        assert_eq!(flat(&["lib.a(f.o"]), ["lib.a(f.o"]);
        // A word starting with `(` never opens a group.
        assert_eq!(flat(&["(a", "b)"]), ["(a", "b)"]);
        // Words inside a group are members even with parentheses.
        assert_eq!(flat(&["l(a", "b(c", "d)"]), ["l(a)", "l(b(c)", "l(d)"]);
        // Two groups in a row.
        assert_eq!(
            flat(&["l(a", "b)", "m(c", "d)"]),
            ["l(a)", "l(b)", "m(c)", "m(d)"]
        );
        // The result is parallel to the words.
        assert_eq!(
            groups(&["l(", "a", ".WAIT", "b", ")"], true),
            [None, Some("l(a)".into()), None, Some("l(b)".into()), None]
        );
        assert_eq!(
            groups(&["l(a", ".WAIT", "b)"], false),
            [
                Some("l(a)".into()),
                Some("l(.WAIT)".into()),
                Some("l(b)".into())
            ]
        );
        assert!(groups(&[], true).is_empty());
        assert_eq!(groups(&[""], true), [None]);
    }

    #[test]
    fn glob_magic() {
        assert!(has_glob_magic(b"*.o"));
        assert!(has_glob_magic(b"a?.o"));
        assert!(has_glob_magic(b"[ab].o"));
        assert!(!has_glob_magic(b"[ab.o"));
        assert!(!has_glob_magic(b"\\*.o"));
        assert!(!has_glob_magic(b"a.o"));
        assert!(!has_glob_magic(b"]["));
    }

    #[test]
    fn scans_gnu_archive() {
        let ar = gnu_archive();
        let all = members(&ar).unwrap();
        let ns: Vec<Vec<u8>> = all.iter().map(|m| m.name.clone()).collect();
        assert_eq!(
            ns,
            v(&[
                "",
                "/",
                "a.o",
                "verylongmembername_abcdef.o",
                "b.o",
                "another_long_name.o"
            ])
        );
        let tr: Vec<bool> = all.iter().map(|m| m.truncated).collect();
        assert_eq!(tr, [true, true, true, false, true, false]);
        assert_eq!(all[2].date, 1000);
        assert_eq!(all[2].mode, 0o644);
        assert_eq!(all[2].size, 3);
        assert_eq!(all[2].data_pos, all[2].header_pos + 60);
        assert_eq!(&ar[all[2].data_pos..all[2].data_pos + 3], b"AAA");
        assert_eq!(all[0].header_pos, 8);
        // Odd sizes are padded to an even offset.
        assert_eq!(all[3].header_pos, all[2].data_pos + 4);
    }

    #[test]
    fn member_dates() {
        let ar = gnu_archive();
        assert_eq!(member_mtime(&ar, b"a.o"), Some(1000));
        assert_eq!(member_mtime(&ar, b"b.o"), Some(3000));
        assert_eq!(
            member_mtime(&ar, b"verylongmembername_abcdef.o"),
            Some(2000)
        );
        assert_eq!(member_mtime(&ar, b"another_long_name.o"), Some(4000));
        // The reference's directory is ignored.
        assert_eq!(member_mtime(&ar, b"sub/dir/a.o"), Some(1000));
        // Long names must match exactly.
        assert_eq!(member_mtime(&ar, b"verylongmembername_abcdeX.o"), None);
        assert_eq!(member_mtime(&ar, b"verylongmember"), None);
        assert_eq!(member_mtime(&ar, b"c.o"), None);
        assert_eq!(member_mtime(&ar, b"a"), None);
        // The symbol table (date 0) is never found; nor is an empty name.
        assert_eq!(member_mtime(&ar, b""), None);
        assert_eq!(member_mtime(&ar, b"/"), None);
        assert_eq!(member_mtime(b"not an archive", b"a.o"), None);
        assert_eq!(member_mtime(b"", b"a.o"), None);
        assert_eq!(member_mtime(MAGIC, b"a.o"), None);
    }

    #[test]
    fn truncated_header_names() {
        // Old-style archives cut names to the 16-byte field (no `/`): the
        // first 15 bytes are compared.
        let mut ar = MAGIC.to_vec();
        push(&mut ar, b"abcdefghijklmnop", 500, b"x");
        push(&mut ar, b"short.o", 600, b"y");
        assert_eq!(names(&ar), v(&["abcdefghijklmnop", "short.o"]));
        assert_eq!(
            member_mtime(&ar, b"abcdefghijklmnopqrstuvwxyz.o"),
            Some(500)
        );
        assert_eq!(member_mtime(&ar, b"abcdefghijklmnoX"), Some(500));
        assert_eq!(member_mtime(&ar, b"abcdefghijklmn"), None);
        assert_eq!(member_mtime(&ar, b"short.o"), Some(600));
        assert_eq!(member_mtime(&ar, b"short.o2"), None);
        assert!(member_name_matches(
            b"x/abcdefghijklmnoZZ",
            b"abcdefghijklmnoYY",
            true
        ));
        assert!(!member_name_matches(
            b"abcdefghijklmnoZZ",
            b"abcdefghijklmnoYY",
            false
        ));
    }

    #[test]
    fn date_zero_members_are_skipped() {
        // GNU takes a zero date as "not this one" and keeps looking.
        let mut ar = MAGIC.to_vec();
        push(&mut ar, b"a.o/", 0, b"x");
        assert_eq!(member_mtime(&ar, b"a.o"), None);
        push(&mut ar, b"a.o/", 77, b"x");
        assert_eq!(member_mtime(&ar, b"a.o"), Some(77));
        // Touch finds the first one, whatever its date.
        let mut t = ar.clone();
        assert_eq!(set_member_date(&mut t, b"a.o", 5).unwrap(), Some(8));
        assert_eq!(member_mtime(&t, b"a.o"), Some(5));
    }

    #[test]
    fn bsd_long_names() {
        let mut ar = MAGIC.to_vec();
        let name = b"a_rather_long_bsd_name.o";
        // 4.4BSD: the name is the start of the data, padded with NULs.
        let mut data = name.to_vec();
        data.extend_from_slice(b"\0\0\0\0");
        data.extend_from_slice(b"DATA");
        push(&mut ar, b"#1/28", 1234, &data);
        push(&mut ar, b"#1/3", 99, b"x.oZ");
        assert_eq!(names(&ar), v(&["a_rather_long_bsd_name.o", "x.o"]));
        let all = members(&ar).unwrap();
        assert!(!all[0].truncated);
        assert_eq!(member_mtime(&ar, b"a_rather_long_bsd_name.o"), Some(1234));
        assert_eq!(member_mtime(&ar, b"a_rather_long_b"), None);
        assert_eq!(member_mtime(&ar, b"x.o"), Some(99));
        // Bad lengths make the archive invalid.
        // `#1/` alone loses its `/` like any header name.
        let mut ar = MAGIC.to_vec();
        push(&mut ar, b"#1/", 1, b"x");
        assert_eq!(names(&ar), v(&["#1"]));
        for bad in [&b"#1/0"[..], b"#1/x", b"#1/5x", b"#1/99999", b"#1/100"] {
            let mut ar = MAGIC.to_vec();
            push(&mut ar, bad, 1, b"short");
            assert_eq!(
                members(&ar),
                Err(ArError::Invalid),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn name_table_edge_cases() {
        // A long-name reference before any `//` table is an ordinary name.
        let mut ar = MAGIC.to_vec();
        push(&mut ar, b"/12", 5, b"x");
        assert_eq!(names(&ar), v(&["/12"]));
        // `ARFILENAMES/` is a table too; names may lack the `/`.
        let mut ar = MAGIC.to_vec();
        push(
            &mut ar,
            b"ARFILENAMES/",
            0,
            b"first_long_member.o\nsecond.o\n",
        );
        push(&mut ar, b" 20", 8, b"x");
        push(&mut ar, b"/0", 9, b"x");
        assert_eq!(names(&ar)[1..], v(&["second.o", "first_long_member.o"]));
        // Offsets past the table, into a terminator, or not numbers.
        for bad in [&b"/99"[..], b"/28", b"/x", b"/1x", b"/"] {
            let mut ar = MAGIC.to_vec();
            push(&mut ar, b"//", 0, b"long_member_name_xx.o/\n\n");
            push(&mut ar, bad, 1, b"x");
            let r = members(&ar);
            if bad == b"/" {
                // `/` alone is the (empty-named) symbol table.
                assert_eq!(r.map(|m| m[1].name.clone()), Ok(Vec::new()));
            } else {
                assert_eq!(
                    r,
                    Err(ArError::Invalid),
                    "{:?}",
                    String::from_utf8_lossy(bad)
                );
            }
        }
        // A table that runs past the end of the file.
        let mut ar = MAGIC.to_vec();
        ar.extend(header(b"//", b"0", b"0", 100));
        ar.extend_from_slice(b"abc/\n");
        assert_eq!(members(&ar), Err(ArError::Invalid));
    }

    #[test]
    fn bad_fields() {
        let mut ar = MAGIC.to_vec();
        ar.extend(header(b"a.o/", b"12x", b"644", 0));
        assert_eq!(
            members(&ar),
            Err(ArError::BadField {
                field: "date",
                member: b"a.o".to_vec()
            })
        );
        assert_eq!(
            member_date(&ar, b"a.o"),
            Err(ArError::BadField {
                field: "date",
                member: b"a.o".to_vec()
            })
        );
        assert_eq!(member_mtime(&ar, b"a.o"), None);
        assert_eq!(
            ArError::BadField {
                field: "date",
                member: b"a.o".to_vec()
            }
            .message(b"lib.a"),
            b"Invalid date for archive lib.a member a.o"
        );
        assert_eq!(
            ArError::Invalid.message(b"lib.a"),
            b"'lib.a' is not a valid archive"
        );
        // Mode is octal.
        let mut ar = MAGIC.to_vec();
        ar.extend(header(b"a.o/", b"1", b"648", 0));
        assert_eq!(
            members(&ar),
            Err(ArError::BadField {
                field: "mode",
                member: b"a.o".to_vec()
            })
        );
        // Overflowing sizes.
        let mut ar = MAGIC.to_vec();
        let mut h = header(b"a.o/", b"1", b"644", 0);
        h[28..34].copy_from_slice(b"999999");
        ar.extend(&h);
        assert_eq!(members(&ar).map(|m| m[0].uid), Ok(999999));
        h[16..28].copy_from_slice(b"99999999999x");
        let mut ar = MAGIC.to_vec();
        ar.extend(&h);
        assert!(matches!(
            members(&ar),
            Err(ArError::BadField { field: "date", .. })
        ));
        // Blank fields are 0; a number ends at a blank.
        let mut ar = MAGIC.to_vec();
        ar.extend(header(b"a.o/", b"  12 34", b"", 0));
        let m = members(&ar).unwrap();
        assert_eq!((m[0].date, m[0].mode), (12, 0));
        // The first match stops the scan before a later bad header.
        let mut ar = MAGIC.to_vec();
        push(&mut ar, b"a.o/", 50, b"xx");
        ar.extend(header(b"b.o/", b"zz", b"644", 0));
        assert_eq!(member_date(&ar, b"a.o"), Ok(Some(50)));
        assert!(member_date(&ar, b"b.o").is_err());
    }

    #[test]
    fn truncated_archives() {
        let ar = gnu_archive();
        // A member whose data is cut short is still seen (GNU does not
        // check); a partial header is invalid.
        for len in 0..ar.len() {
            let cut = &ar[..len];
            let r = members(cut);
            let _ = member_date(cut, b"b.o");
            let _ = glob_members(b"l", cut, b"*");
            let mut m = cut.to_vec();
            let _ = set_member_date(&mut m, b"another_long_name.o", 1);
            if len < 8 {
                assert_eq!(r, Err(ArError::Invalid));
            }
        }
        // Cut inside the last header.
        assert_eq!(members(&ar[..ar.len() - 10]), Err(ArError::Invalid));
        // Cut inside the last member's data: still found.
        let last = members(&ar).unwrap().pop().unwrap();
        assert_eq!(
            member_mtime(&ar[..last.data_pos + 1], b"another_long_name.o"),
            Some(4000)
        );
        // Missing header terminator.
        let mut bad = ar.clone();
        bad[8 + 58] = b'x';
        assert_eq!(members(&bad), Err(ArError::Invalid));
        assert_eq!(member_mtime(&bad, b"a.o"), None);
        assert_eq!(members(b"!<arch>"), Err(ArError::Invalid));
        assert_eq!(members(b"!<arch>\n"), Ok(Vec::new()));
    }

    /// A small deterministic generator for garbage.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn garbage_never_panics() {
        let good = gnu_archive();
        let mut seed = 42u64;
        for round in 0..3000 {
            let mut buf = if round % 3 == 0 {
                let n = (lcg(&mut seed) % 300) as usize;
                let mut b = MAGIC.to_vec();
                b.extend((0..n).map(|_| lcg(&mut seed) as u8));
                b
            } else {
                // Mutate a few bytes of a good archive, favouring headers.
                let mut b = good.clone();
                for _ in 0..(1 + lcg(&mut seed) % 4) {
                    let i = (lcg(&mut seed) as usize) % b.len();
                    let choices = b" /0123456789#`\n\0xAB\xff";
                    b[i] = choices[(lcg(&mut seed) as usize) % choices.len()];
                }
                b
            };
            let _ = members(&buf);
            let _ = member_date(&buf, b"a.o");
            let _ = member_date(&buf, b"verylongmembername_abcdef.o");
            let _ = glob_members(b"lib.a", &buf, b"*.o");
            let _ = set_member_date(&mut buf, b"b.o", 123);
            let _ = set_member_date(&mut buf, b"b.o", i64::MAX);
        }
    }

    #[test]
    fn globbing_members() {
        let ar = gnu_archive();
        assert_eq!(
            glob_members(b"lib.a", &ar, b"*.o").unwrap(),
            v(&[
                "lib.a(a.o)",
                "lib.a(another_long_name.o)",
                "lib.a(b.o)",
                "lib.a(verylongmembername_abcdef.o)"
            ])
        );
        assert_eq!(
            glob_members(b"lib.a", &ar, b"?.o").unwrap(),
            v(&["lib.a(a.o)", "lib.a(b.o)"])
        );
        assert_eq!(
            glob_members(b"lib.a", &ar, b"[b-z]*").unwrap(),
            v(&["lib.a(b.o)", "lib.a(verylongmembername_abcdef.o)"])
        );
        // No wildcard, or no match: nothing (the caller keeps the name).
        assert!(glob_members(b"lib.a", &ar, b"a.o").unwrap().is_empty());
        assert!(glob_members(b"lib.a", &ar, b"*.c").unwrap().is_empty());
        // As in GNU, `*` also matches the symbol table's empty name, but
        // not the `/` name table.
        assert_eq!(glob_members(b"lib.a", &ar, b"*").unwrap()[0], b"lib.a()");
        assert_eq!(glob_members(b"lib.a", &ar, b"*").unwrap().len(), 5);
        let mut read = |n: &[u8]| (n == b"lib.a").then(gnu_archive);
        assert_eq!(
            expand_member_glob(b"lib.a(?.o)", &mut read).unwrap(),
            v(&["lib.a(a.o)", "lib.a(b.o)"])
        );
        assert_eq!(
            expand_member_glob(b"lib.a(*.c)", &mut read).unwrap(),
            v(&["lib.a(*.c)"])
        );
        assert_eq!(
            expand_member_glob(b"nope.a(*.o)", &mut read).unwrap(),
            v(&["nope.a(*.o)"])
        );
        assert_eq!(
            expand_member_glob(b"plain", &mut read).unwrap(),
            v(&["plain"])
        );
        // Leading dots need a literal dot.
        let mut ar2 = MAGIC.to_vec();
        push(&mut ar2, b".hidden.o/", 1, b"x");
        assert!(glob_members(b"l", &ar2, b"*.o").unwrap().is_empty());
        assert_eq!(
            glob_members(b"l", &ar2, b".*.o").unwrap(),
            v(&["l(.hidden.o)"])
        );
    }

    #[test]
    fn member_ref_mtimes() {
        let s = 1_000_000_000i64;
        assert_eq!(
            member_ref_mtime(MTime::Missing, Some(5), MTime::Missing),
            MTime::Missing
        );
        assert_eq!(
            member_ref_mtime(MTime::At(9 * s), None, MTime::Missing),
            MTime::Missing
        );
        assert_eq!(
            member_ref_mtime(MTime::At(9 * s), Some(5), MTime::Missing),
            MTime::At(5 * s)
        );
        // A newer member file means "not yet put in the archive".
        assert_eq!(
            member_ref_mtime(MTime::At(9 * s), Some(5), MTime::At(6 * s)),
            MTime::Missing
        );
        // Only whole seconds count.
        assert_eq!(
            member_ref_mtime(MTime::At(9 * s), Some(5), MTime::At(5 * s + 999)),
            MTime::At(5 * s)
        );
        assert_eq!(
            member_ref_mtime(MTime::At(9 * s), Some(5), MTime::At(4 * s)),
            MTime::At(5 * s)
        );
    }

    #[test]
    fn sets_dates() {
        let mut ar = gnu_archive();
        assert_eq!(
            set_member_date(&mut ar, b"verylongmembername_abcdef.o", 1700000000)
                .unwrap()
                .is_some(),
            true
        );
        assert_eq!(
            member_mtime(&ar, b"verylongmembername_abcdef.o"),
            Some(1700000000)
        );
        assert_eq!(member_mtime(&ar, b"a.o"), Some(1000));
        assert_eq!(set_member_date(&mut ar, b"zz.o", 1).unwrap(), None);
        assert_eq!(
            set_member_date(&mut ar, b"a.o", 100_000_000_000).unwrap_err(),
            ArError::Invalid
        );
        assert_eq!(
            set_member_date(&mut ar, b"a.o", 99_999_999_999)
                .unwrap()
                .is_some(),
            true
        );
        assert_eq!(member_mtime(&ar, b"a.o"), Some(99_999_999_999));
    }

    /// A fresh scratch directory.
    fn scratch(tag: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("rmake-archive-{}-{}", tag, std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).ok();
        d
    }

    /// Runs `ar ARGS` in `dir`; false if `ar` is unavailable or fails.
    fn ar(dir: &std::path::Path, args: &[&str]) -> bool {
        Command::new("ar")
            .args(args)
            .current_dir(dir)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    }

    #[test]
    fn real_ar_archives() {
        let d = scratch("real");
        let files = [
            "a.o",
            "b.o",
            "verylongmembername_abcdef.o",
            "fifteen_chars.o",
            "sixteen_chars_.o",
        ];
        for f in files {
            std::fs::write(d.join(f), f.as_bytes()).unwrap();
        }
        let mut args = vec!["rcU", "lib.a"];
        args.extend(files);
        if !ar(&d, &args) {
            eprintln!("skipping: ar not available");
            return;
        }
        let bytes = std::fs::read(d.join("lib.a")).unwrap();
        let ns = names(&bytes);
        for f in files {
            assert!(ns.contains(&f.as_bytes().to_vec()), "{} in {:?}", f, ns);
            assert!(member_mtime(&bytes, f.as_bytes()).unwrap_or(0) > 0, "{}", f);
        }
        assert_eq!(member_mtime(&bytes, b"c.o"), None);
        // Deterministic mode writes date 0: GNU make sees no member.
        assert!(ar(&d, &["rcD", "det.a", "a.o"]));
        let det = std::fs::read(d.join("det.a")).unwrap();
        assert_eq!(names(&det).last(), Some(&b"a.o".to_vec()));
        assert_eq!(member_mtime(&det, b"a.o"), None);

        // Touch: the member's date becomes the archive's mtime.
        let lib = d.join("lib.a");
        let old = filetime::FileTime::from_unix_time(1_500_000_000, 0);
        filetime::set_file_mtime(&lib, old).unwrap();
        let lib_b = lib.as_os_str().as_encoded_bytes().to_vec();
        touch_member(&lib_b, b"verylongmembername_abcdef.o").unwrap();
        // The archive changed: touching again uses its new mtime.
        filetime::set_file_mtime(&lib, old).unwrap();
        touch_member(&lib_b, b"dir/a.o").unwrap();
        let bytes = std::fs::read(&lib).unwrap();
        assert_eq!(
            member_mtime(&bytes, b"verylongmembername_abcdef.o"),
            Some(1_500_000_000)
        );
        assert_eq!(member_mtime(&bytes, b"a.o"), Some(1_500_000_000));
        assert_eq!(member_date_in_file(&lib_b, b"a.o"), Ok(Some(1_500_000_000)));
        // `ar` still reads it.
        let out = Command::new("ar")
            .args(["tv", "lib.a"])
            .current_dir(&d)
            .output()
            .unwrap();
        assert!(out.status.success());
        let e = touch_member(&lib_b, b"zz.o").unwrap_err();
        assert_eq!(
            e.message(b"lib.a", b"zz.o"),
            b"touch: Member 'zz.o' does not exist in 'lib.a'"
        );
        let missing = d.join("missing.a").as_os_str().as_encoded_bytes().to_vec();
        let e = touch_member(&missing, b"a.o").unwrap_err();
        assert_eq!(
            e.message(b"missing.a", b"a.o"),
            b"touch: Archive 'missing.a' does not exist"
        );
        let notar = d.join("a.o").as_os_str().as_encoded_bytes().to_vec();
        let e = touch_member(&notar, b"a.o").unwrap_err();
        assert_eq!(
            e.message(b"a.o", b"a.o"),
            b"touch: 'a.o' is not a valid archive"
        );
        assert_eq!(member_date_in_file(&missing, b"a.o"), Ok(None));
        assert!(read_archive(&lib_b).is_some());
        let _ = std::fs::remove_dir_all(&d);
    }
}
