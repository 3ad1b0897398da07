//! What make writes to the disk itself: `-t`'s touch. (Deleting the
//! target of a failed or interrupted recipe is recipe.rs's
//! `delete_target`.)

/// Why [`touch`] failed: the call that failed and its errno. GNU prints
/// `PREFIX: touch: CALL: FILE: ERROR`, see [`TouchError::message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TouchError {
    pub call: &'static str,
    pub errno: i32,
}

impl TouchError {
    /// `touch: open: FILE: No such file or directory` (without prefix).
    pub fn message(&self, file: &[u8]) -> Vec<u8> {
        let mut m = format!("touch: {}: ", self.call).into_bytes();
        m.extend_from_slice(file);
        m.extend_from_slice(b": ");
        m.extend_from_slice(&crate::exec::strerror(self.errno));
        m
    }
}

/// `-t`: creates `p` or updates its time the way GNU does, by rewriting
/// its first byte (an empty file is truncated back to empty). Archive
/// members are not handled here.
pub fn touch(p: &[u8]) -> Result<(), TouchError> {
    let c = match std::ffi::CString::new(p) {
        Ok(c) => c,
        Err(_) => {
            return Err(TouchError {
                call: "open",
                errno: libc::ENOENT,
            })
        }
    };
    let err = |call: &'static str| TouchError {
        call,
        errno: std::io::Error::last_os_error()
            .raw_os_error()
            .unwrap_or(libc::EIO),
    };
    let open = |flags: libc::c_int| loop {
        // SAFETY: c is a valid C string.
        let fd = unsafe { libc::open(c.as_ptr(), flags | libc::O_CLOEXEC, 0o666 as libc::c_uint) };
        if fd >= 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            return fd;
        }
    };
    let fd = open(libc::O_RDWR | libc::O_CREAT);
    if fd < 0 {
        return Err(err("open"));
    }
    struct Close(libc::c_int);
    impl Drop for Close {
        fn drop(&mut self) {
            // SAFETY: closing a descriptor we opened.
            unsafe { libc::close(self.0) };
        }
    }
    let guard = Close(fd);
    // SAFETY: fd is open; st and buf are valid out-buffers.
    unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        if libc::fstat(fd, &mut st) < 0 {
            return Err(err("fstat"));
        }
        let mut buf = [b'x'];
        if libc::read(fd, buf.as_mut_ptr() as *mut libc::c_void, 1) < 0 {
            return Err(err("read"));
        }
        if libc::lseek(fd, 0, libc::SEEK_SET) < 0 {
            return Err(err("lseek"));
        }
        if libc::write(fd, buf.as_ptr() as *const libc::c_void, 1) < 0 {
            return Err(err("write"));
        }
        if st.st_size == 0 {
            drop(guard);
            let fd = open(libc::O_RDWR | libc::O_TRUNC);
            if fd < 0 {
                return Err(err("open"));
            }
            libc::close(fd);
        }
    }
    Ok(())
}
