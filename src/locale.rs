//! The user's locale, where it changes what GNU make does.
//!
//! GNU make calls `setlocale(LC_ALL, "")` at start-up. glibc's `glob` then
//! matches and sorts file names by the locale: in a multibyte locale
//! (`C.UTF-8`, `en_US.UTF-8`) `?` matches `é` (one character, two bytes),
//! `[[:alpha:]]` and ranges take in letters beyond ASCII, and the names a
//! wildcard finds come out in the locale's collating order (`a.c b.c B.c`
//! under `en_US.UTF-8`, not `B.c a.c b.c`); numbers are written and read
//! with the locale's decimal point; and the C library's messages
//! (`strerror`, `strsignal`) are in the user's language when its
//! translations are installed. rmake does the same, but loads the locale
//! only when it can matter, because loading one costs more than the rest
//! of a small make's start-up (about 0.45 ms for `C.UTF-8`): when a name
//! or pattern has a byte outside ASCII (the locale cannot change how ASCII
//! names match), when names are sorted under a collating order that is not
//! the C one, and when a number or a message is written under a locale
//! whose numbers or messages are not C's.

use std::ffi::{CStr, CString};
use std::sync::OnceLock;

/// The locale the environment names for a category whose variable is
/// `var`, as `setlocale(LC_ALL, "")` reads it: `LC_ALL`, then `var`, then
/// `LANG`, the first that is set and not empty.
fn named(var: &str) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    ["LC_ALL", var, "LANG"]
        .into_iter()
        .filter_map(std::env::var_os)
        .find(|v| !v.is_empty())
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default()
}

/// The C locale's names (and none: the C locale).
fn is_c(name: &[u8]) -> bool {
    name.is_empty() || name == b"C" || name == b"POSIX"
}

/// The C locale and glibc's `C.UTF-8`-like ones, which differ from it
/// only in their character set: their numbers are C's, and so is their
/// order (the characters' code points, which is the order of their bytes,
/// also for bytes that are no character: 2 million random pairs compared,
/// `strcoll` agreeing with `strcmp` on every one).
fn is_c_family(name: &[u8]) -> bool {
    is_c(name) || name.starts_with(b"C.")
}

/// What the environment says, read once.
struct Named {
    /// Matching is as in the C locale (`LC_CTYPE` and `LC_COLLATE` both C).
    c_matching: bool,
    /// Sorting is as in the C locale.
    c_sorting: bool,
    /// Numbers are written as in the C locale.
    c_numbers: bool,
    /// The C library's messages are C's.
    c_messages: bool,
}

fn environment() -> &'static Named {
    static NAMED: OnceLock<Named> = OnceLock::new();
    NAMED.get_or_init(|| {
        let collate = named("LC_COLLATE");
        Named {
            c_matching: is_c(&named("LC_CTYPE")) && is_c(&collate),
            c_sorting: is_c_family(&collate),
            c_numbers: is_c_family(&named("LC_NUMERIC")),
            c_messages: is_c_family(&named("LC_MESSAGES")),
        }
    })
}

/// What [`load`] found.
struct Loaded {
    /// The collating order is the C one.
    c_order: bool,
    /// The numbers' decimal point (`localeconv`).
    decimal_point: Vec<u8>,
}

/// Loads the locale (once) as GNU make does at start-up,
/// `setlocale(LC_ALL, "")`: all or nothing (one category named but not
/// installed leaves the C locale).
fn load() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        let c = Loaded {
            c_order: true,
            decimal_point: b".".to_vec(),
        };
        // SAFETY: called once, on the thread make runs on; each returned
        // string is copied before the next call.
        unsafe {
            if libc::setlocale(libc::LC_ALL, c"".as_ptr()).is_null() {
                return c;
            }
            let collate = libc::setlocale(libc::LC_COLLATE, std::ptr::null());
            let conv = libc::localeconv();
            Loaded {
                c_order: collate.is_null() || is_c_family(CStr::from_ptr(collate).to_bytes()),
                decimal_point: if conv.is_null() || (*conv).decimal_point.is_null() {
                    c.decimal_point
                } else {
                    CStr::from_ptr((*conv).decimal_point).to_bytes().to_vec()
                },
            }
        }
    })
}

/// Makes the C library's messages (`strerror`, `strsignal`) speak the
/// user's language, as GNU make's do when the C library's translations are
/// installed: loads the locale unless `LC_MESSAGES` (by `LC_ALL`,
/// `LC_MESSAGES`, `LANG`) names the C locale or a C.* one.
pub fn for_messages() {
    if !environment().c_messages {
        load();
    }
}

/// The decimal point GNU make's `printf` and `strtod` use for the numbers
/// it writes and reads (`-l`'s load, `-p`'s percentages, a file's time in
/// the future): `,` under `de_DE`, say.
pub fn decimal_point() -> &'static [u8] {
    if environment().c_numbers {
        return b".";
    }
    &load().decimal_point
}

/// `text` (a number Rust formatted) with the locale's decimal point.
pub fn localized_number(text: String) -> String {
    let point = decimal_point();
    if point == b"." {
        return text;
    }
    text.replace('.', &String::from_utf8_lossy(point))
}

/// The string up to its first NUL, NUL-terminated.
fn c_string(b: &[u8]) -> CString {
    let b = b.split(|&c| c == 0).next().unwrap_or_default();
    CString::new(b).unwrap_or_default()
}

/// Whether `name` matches the glob pattern `pat` (one path component;
/// a leading `.` matched only by a `.`) as the locale's `fnmatch` says;
/// `None` when the C locale's matching applies (a locale can only change
/// how bytes outside ASCII match).
pub fn fnmatch(pat: &[u8], name: &[u8]) -> Option<bool> {
    if (pat.is_ascii() && name.is_ascii()) || environment().c_matching {
        return None;
    }
    load();
    let (p, n) = (c_string(pat), c_string(name));
    // SAFETY: two NUL-terminated strings.
    Some(unsafe { libc::fnmatch(p.as_ptr(), n.as_ptr(), libc::FNM_PERIOD) } == 0)
}

/// Sorts file names found by a wildcard as glibc's `glob` does: by the
/// locale's collating order (`strcoll`), keeping equal ones in order.
pub fn sort_names(names: &mut [Vec<u8>]) {
    if environment().c_sorting || load().c_order {
        names.sort_unstable();
        return;
    }
    let mut keyed: Vec<(CString, Vec<u8>)> = names
        .iter_mut()
        .map(|n| (c_string(n), std::mem::take(n)))
        .collect();
    // SAFETY: NUL-terminated strings.
    keyed.sort_by(|a, b| unsafe { libc::strcoll(a.0.as_ptr(), b.0.as_ptr()) }.cmp(&0));
    for (slot, (_, n)) in names.iter_mut().zip(keyed) {
        *slot = n;
    }
}

/// `strcoll`'s answer as an ordering (for tests).
#[cfg(test)]
fn collate(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    // SAFETY: NUL-terminated strings.
    unsafe { libc::strcoll(c_string(a).as_ptr(), c_string(b).as_ptr()) }.cmp(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_like_names() {
        assert!(is_c(b"") && is_c(b"C") && is_c(b"POSIX"));
        assert!(!is_c(b"C.UTF-8") && !is_c(b"en_US.UTF-8"));
        assert!(is_c_family(b"C.UTF-8") && is_c_family(b"C.utf8") && !is_c_family(b"en_US.UTF-8"));
    }

    #[test]
    fn c_string_stops_at_nul() {
        assert_eq!(c_string(b"ab\0cd").as_bytes(), b"ab");
        assert_eq!(collate(b"a", b"a"), std::cmp::Ordering::Equal);
    }
}
