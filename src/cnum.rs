//! Numbers read the way GNU make's C code reads them.

/// C's `strtoul(s, &end, 10)`: the value (wrapped and saturated as C does)
/// and whether the whole string was consumed.
pub fn strtoul(s: &[u8]) -> (u64, bool) {
    let mut i = 0;
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let mut neg = false;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        neg = s[i] == b'-';
        i += 1;
    }
    let start = i;
    let mut v: u64 = 0;
    let mut overflow = false;
    while i < s.len() && s[i].is_ascii_digit() {
        match v
            .checked_mul(10)
            .and_then(|x| x.checked_add(u64::from(s[i] - b'0')))
        {
            Some(x) => v = x,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start {
        return (0, s.is_empty());
    }
    let v = if overflow {
        u64::MAX
    } else if neg {
        v.wrapping_neg()
    } else {
        v
    };
    (v, i == s.len())
}

/// The recursion level a `MAKELEVEL` value gives, as GNU's main reads it:
/// 0 when empty or starting with `-`, else `make_toui` of it (the leading
/// digits after blanks, truncated to 32 bits).
pub fn make_level(s: &[u8]) -> u32 {
    match s.first() {
        None | Some(b'-') => 0,
        Some(_) => strtoul(s).0 as u32,
    }
}

/// GNU's `make_toui` (for `-j` values and archive header fields): `None` for a bad or empty number; the
/// value is truncated to 32 bits as C's assignment does.
pub fn to_uint(s: &[u8]) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    match strtoul(s) {
        (v, true) => Some(v as u32),
        _ => None,
    }
}
