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
    if !crate::glob::has_magic(pattern) {
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
        if crate::glob::has_magic(mem) {
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
    if let Some((secs, _)) = member_file.secs_nanos() {
        if secs > date {
            return MTime::Missing;
        }
    }
    MTime::from_parts(date, 0)
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
                v.extend_from_slice(&crate::exec::error_text(e));
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
mod tests;
