//! The shared object through which objects loaded with `load` call make:
//! src/load_shim.c, compiled by src/build.rs and embedded in the binary.
//! It defines the `gmk_*` functions of GNU's `gnumake.h` and passes each
//! call on through a table of make's functions ([`Calls`]). A statically
//! linked rmake has no dynamic symbols an object could bind to, and
//! memory crossing the API must come from the C library the objects use,
//! which for a static rmake is a second one that `dlopen` brings in; the
//! shim is linked with that one. It is written to an anonymous memory file
//! (a temporary file where there is none, removed at once) and opened with
//! global scope before the first object.

use std::ffi::{c_char, c_uint, c_void, CStr, CString};
use std::io::Write;

use crate::load::GmkFunc;

static SHIM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/load_shim.so"));

/// An allocator of the objects' C library, for memory they will free.
pub type Alloc = unsafe extern "C" fn(usize) -> *mut c_void;

/// Make's side of the API, in the order of the shim's
/// `struct rmake_gmk_calls`.
#[repr(C)]
pub struct Calls {
    pub eval: unsafe extern "C" fn(*const c_char, *const c_void),
    pub expand: unsafe extern "C" fn(*const c_char, Alloc) -> *mut c_char,
    pub add_function: unsafe extern "C" fn(*const c_char, Option<GmkFunc>, c_uint, c_uint, c_uint),
}

/// The opened shim: what make itself calls in it.
#[derive(Clone, Copy)]
pub struct Shim {
    free: unsafe extern "C" fn(*mut c_char),
    flush: unsafe extern "C" fn(),
}

impl Shim {
    /// Frees memory an object returned (from `gmk_alloc` or its malloc).
    ///
    /// # Safety
    /// `p` is NULL or memory from the objects' allocator, not yet freed.
    pub unsafe fn free(&self, p: *mut c_char) {
        // SAFETY: per this function's contract.
        unsafe { (self.free)(p) }
    }

    /// Flushes the objects' C output streams.
    pub fn flush(&self) {
        // SAFETY: the shim's flush takes nothing and calls fflush(NULL).
        unsafe { (self.flush)() }
    }
}

/// Opens the shim and gives it `calls`; on failure, the message to report.
pub fn open(calls: &'static Calls) -> Result<Shim, Vec<u8>> {
    if SHIM.is_empty() {
        return Err(b"cannot load shared objects: rmake was built without a C compiler".to_vec());
    }
    let handle = open_memfd().or_else(|_| open_temp())?;
    let bind = symbol(handle, c"rmake_gmk_bind")?;
    // SAFETY: the shim's rmake_gmk_bind(const struct rmake_gmk_calls *)
    // copies the table, whose layout Calls repeats.
    unsafe {
        let bind: unsafe extern "C" fn(*const Calls) = std::mem::transmute(bind);
        bind(calls);
    }
    // SAFETY: the shim's gmk_free(char *) and rmake_gmk_flush(void).
    unsafe {
        Ok(Shim {
            free: std::mem::transmute::<*mut c_void, unsafe extern "C" fn(*mut c_char)>(symbol(
                handle,
                c"gmk_free",
            )?),
            flush: std::mem::transmute::<*mut c_void, unsafe extern "C" fn()>(symbol(
                handle,
                c"rmake_gmk_flush",
            )?),
        })
    }
}

fn open_memfd() -> Result<*mut c_void, Vec<u8>> {
    // SAFETY: a NUL-terminated name; the descriptor is owned below.
    let fd = unsafe { libc::memfd_create(c"rmake-load-shim".as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(Vec::new());
    }
    // SAFETY: fd is a new descriptor nothing else owns.
    let mut file = unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(fd) };
    file.write_all(SHIM).map_err(|_| Vec::new())?;
    dlopen(&format!("/proc/self/fd/{fd}"))
}

fn open_temp() -> Result<*mut c_void, Vec<u8>> {
    let path = std::env::temp_dir().join(format!("rmake-load-shim-{}.so", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(SHIM));
    let r = match written {
        Ok(()) => dlopen(&path.to_string_lossy()),
        Err(e) => {
            let mut m = format!("{}: ", path.display()).into_bytes();
            m.extend_from_slice(&crate::exec::error_text(&e));
            Err(m)
        }
    };
    let _ = std::fs::remove_file(&path);
    r
}

fn dlopen(path: &str) -> Result<*mut c_void, Vec<u8>> {
    let c = CString::new(path).map_err(|_| Vec::new())?;
    // SAFETY: a NUL-terminated path.
    let h = unsafe { libc::dlopen(c.as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) };
    if h.is_null() {
        return Err(dlerror());
    }
    Ok(h)
}

fn symbol(handle: *mut c_void, name: &CStr) -> Result<*mut c_void, Vec<u8>> {
    // SAFETY: a handle from dlopen and a NUL-terminated name.
    let p = unsafe { libc::dlsym(handle, name.as_ptr()) };
    if p.is_null() {
        return Err(dlerror());
    }
    Ok(p)
}

/// The dynamic loader's last error message.
pub fn dlerror() -> Vec<u8> {
    // SAFETY: dlerror returns NULL or a NUL-terminated message.
    unsafe { crate::load::bytes(libc::dlerror()) }.to_vec()
}
