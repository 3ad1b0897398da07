//! The password database: a user's home directory (for `~user`) and the
//! login name (for `~` without HOME), as GNU make gets them from getpwnam
//! and getlogin.
//!
//! A statically linked binary (see src/build.rs) cannot use the C
//! library's lookups for every source: glibc's static getpwnam reads
//! /etc/passwd itself but loads the other sources of nsswitch.conf
//! (systemd, sss, ldap, ...) as shared modules, and such a module crashes
//! the static program (SIGSEGV in libnss_systemd on a name that is not in
//! /etc/passwd). There the lookup is made by `getent`, a dynamically
//! linked program of the C library that consults the same sources, and
//! by reading /etc/passwd when getent cannot be run.

/// The home directory of `user` from the password database.
pub fn user_home(user: &[u8]) -> Option<Vec<u8>> {
    if cfg!(rmake_static) {
        return lookup(Key::Name(user)).map(|e| e.home);
    }
    let c = std::ffi::CString::new(user).ok()?;
    // SAFETY: getpwnam returns NULL or a pointer to static storage that we
    // copy from before any other call.
    unsafe {
        let pw = libc::getpwnam(c.as_ptr());
        if pw.is_null() || (*pw).pw_dir.is_null() {
            return None;
        }
        Some(std::ffi::CStr::from_ptr((*pw).pw_dir).to_bytes().to_vec())
    }
}

/// The login name (getlogin).
pub fn login_name() -> Option<Vec<u8>> {
    if cfg!(rmake_static) {
        // glibc's getlogin looks the audit login uid up in the password
        // database when it is set (the crash above), and reads utmp only
        // when it is not.
        if let Some(uid) = login_uid() {
            return lookup(Key::Uid(uid)).map(|e| e.name);
        }
    }
    // SAFETY: getlogin returns NULL or a pointer to static storage.
    unsafe {
        let p = libc::getlogin();
        if p.is_null() {
            return None;
        }
        Some(std::ffi::CStr::from_ptr(p).to_bytes().to_vec())
    }
}

/// The audit login uid of the process, if one is set.
fn login_uid() -> Option<u32> {
    let text = std::fs::read_to_string("/proc/self/loginuid").ok()?;
    let uid: u32 = text.trim().parse().ok()?;
    (uid != u32::MAX).then_some(uid)
}

enum Key<'a> {
    Name(&'a [u8]),
    Uid(u32),
}

struct Entry {
    name: Vec<u8>,
    home: Vec<u8>,
}

/// The entry of the password database for `key`: through getent, or from
/// /etc/passwd when getent cannot be run.
fn lookup(key: Key) -> Option<Entry> {
    match getent(&key) {
        Some(found) => found,
        None => std::fs::read("/etc/passwd")
            .ok()?
            .split(|&c| c == b'\n')
            .find_map(|line| matching(line, &key)),
    }
}

/// getent's answer for `key`: None if it could not be run, Some(None) if
/// it found no such entry.
fn getent(key: &Key) -> Option<Option<Entry>> {
    use std::os::unix::ffi::OsStrExt;
    let prog = ["/usr/bin/getent", "/bin/getent"]
        .into_iter()
        .find(|p| std::path::Path::new(p).is_file())?;
    let arg = match key {
        Key::Name(n) => n.to_vec(),
        Key::Uid(u) => u.to_string().into_bytes(),
    };
    let out = std::process::Command::new(prog)
        .arg("passwd")
        .arg("--")
        .arg(std::ffi::OsStr::from_bytes(&arg))
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    // (Status 2: no such entry; a name of digits is taken for a uid, and
    // its line is then not the name's.)
    Some(
        out.stdout
            .split(|&c| c == b'\n')
            .find_map(|line| matching(line, key)),
    )
}

/// The entry a passwd line `name:password:uid:gid:gecos:home:shell` holds,
/// if it is the one for `key`.
fn matching(line: &[u8], key: &Key) -> Option<Entry> {
    let fields: Vec<&[u8]> = line.split(|&c| c == b':').collect();
    if fields.len() < 7 {
        return None;
    }
    let hit = match key {
        Key::Name(n) => fields[0] == *n,
        Key::Uid(u) => fields[2] == u.to_string().as_bytes(),
    };
    hit.then(|| Entry {
        name: fields[0].to_vec(),
        home: fields[5].to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwd_lines() {
        let line = b"ann:x:1000:1000:Ann,,,:/home/ann:/bin/sh";
        let e = matching(line, &Key::Name(b"ann")).map(|e| e.home);
        assert_eq!(e.as_deref(), Some(&b"/home/ann"[..]));
        assert!(matching(line, &Key::Name(b"an")).is_none());
        let e = matching(line, &Key::Uid(1000)).map(|e| e.name);
        assert_eq!(e.as_deref(), Some(&b"ann"[..]));
        assert!(matching(line, &Key::Uid(100)).is_none());
        assert!(matching(b"ann:x:1000", &Key::Name(b"ann")).is_none());
    }

    /// (The test binary is linked dynamically: getpwnam is safe there.)
    #[test]
    fn lookups_agree_with_getpwnam() {
        // SAFETY: as in user_home.
        let root = unsafe {
            let pw = libc::getpwnam(c"root".as_ptr());
            assert!(!pw.is_null());
            std::ffi::CStr::from_ptr((*pw).pw_dir).to_bytes().to_vec()
        };
        assert!(lookup(Key::Name(b"root")).is_some_and(|e| e.home == root));
        assert!(lookup(Key::Name(b"no-such-user-here")).is_none());
        assert!(lookup(Key::Uid(0)).is_some_and(|e| e.name == b"root"));
    }
}
