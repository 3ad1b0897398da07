//! The output-sync mutex (GNU's `--sync-mutex=fnm:PATH`): under `-Oline`
//! or `-Otarget` with jobs, the top make creates a temporary file and
//! passes its name down in MAKEFLAGS; every make of the tree locks its
//! first byte while it copies a job's held output, so the output of
//! concurrent sub-makes does not interleave. The make that created the
//! file removes it when it ends (or dies of a signal).

use std::os::unix::io::RawFd;

const PREFIX: &[u8] = b"fnm:";

/// Why a `--sync-mutex` value could not be used.
#[derive(Debug)]
pub enum SyncMutexError {
    /// Not of the form `fnm:PATH` (GNU goes on without the mutex).
    Invalid(Vec<u8>),
    /// The file could not be opened (fatal in GNU): path, reason.
    Open(Vec<u8>, Vec<u8>),
}

impl SyncMutexError {
    /// The message, in GNU's words.
    pub fn message(&self) -> Vec<u8> {
        let mut m = Vec::new();
        match self {
            SyncMutexError::Invalid(v) => {
                m.extend_from_slice(b"invalid --sync-mutex string '");
                m.extend_from_slice(v);
                m.push(b'\'');
            }
            SyncMutexError::Open(p, why) => {
                m.extend_from_slice(b"cannot open output sync mutex ");
                m.extend_from_slice(p);
                m.extend_from_slice(b": ");
                m.extend_from_slice(why);
            }
        }
        m
    }
}

#[derive(Debug)]
pub struct SyncMutex {
    fd: RawFd,
    root: bool,
}

impl SyncMutex {
    /// The top make: creates the file. Returns the mutex and the value for
    /// `--sync-mutex`, or `None` if no temporary file could be made.
    pub fn create() -> Option<(SyncMutex, Vec<u8>)> {
        let mut t = crate::jobserver::tmpdir();
        t.extend_from_slice(b"/GmXXXXXX\0");
        // SAFETY: a writable NUL-terminated template.
        let fd = unsafe { libc::mkstemp(t.as_mut_ptr() as *mut libc::c_char) };
        if fd < 0 {
            return None;
        }
        set_cloexec(fd);
        t.pop();
        crate::signals::SYNC_MUTEX.set(&t);
        let mut value = PREFIX.to_vec();
        value.extend_from_slice(&t);
        Some((SyncMutex { fd, root: true }, value))
    }

    /// A sub-make: opens the file named by the `--sync-mutex` value.
    pub fn open(value: &[u8]) -> Result<SyncMutex, SyncMutexError> {
        let Some(path) = value.strip_prefix(PREFIX) else {
            return Err(SyncMutexError::Invalid(value.to_vec()));
        };
        let c = std::ffi::CString::new(path).map_err(|_| {
            SyncMutexError::Open(path.to_vec(), crate::exec::strerror(libc::EINVAL))
        })?;
        let fd = loop {
            // SAFETY: a NUL-terminated path.
            let fd = unsafe { libc::open(c.as_ptr(), libc::O_WRONLY) };
            if fd >= 0 {
                break fd;
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(SyncMutexError::Open(
                    path.to_vec(),
                    crate::exec::error_text(&e),
                ));
            }
        };
        set_cloexec(fd);
        Ok(SyncMutex { fd, root: false })
    }

    /// Waits for the lock; false if it cannot be had.
    pub fn acquire(&self) -> bool {
        self.lock(libc::F_WRLCK as libc::c_short)
    }

    pub fn release(&self) {
        self.lock(libc::F_UNLCK as libc::c_short);
    }

    fn lock(&self, kind: libc::c_short) -> bool {
        // SAFETY: a zeroed flock filled in, on our own descriptor.
        unsafe {
            let mut fl: libc::flock = std::mem::zeroed();
            fl.l_type = kind;
            fl.l_whence = libc::SEEK_SET as libc::c_short;
            fl.l_start = 0;
            fl.l_len = 1;
            libc::fcntl(self.fd, libc::F_SETLKW, &fl) != -1
        }
    }
}

impl Drop for SyncMutex {
    fn drop(&mut self) {
        // SAFETY: closing a descriptor we own.
        unsafe { libc::close(self.fd) };
        if self.root {
            remove_file();
        }
    }
}

fn set_cloexec(fd: RawFd) {
    // SAFETY: a flag change on our own descriptor.
    unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
}

/// Removes the file this make created, if any (async-signal-safe).
pub fn remove_file() {
    crate::signals::SYNC_MUTEX.remove();
}
