//! `load` and `-load`: loading shared objects written against GNU make's C
//! API (`gnumake.h`), and make's side of that API (`gmk_eval`,
//! `gmk_expand`, `gmk_add_function`), which the objects reach through the
//! shim of [`crate::load_shim`] so objects built for GNU make load
//! unchanged.
//!
//! The API functions reach make's state through [`CURRENT`], a pointer set
//! only while control is inside the object (its setup function or one of
//! its make functions) and derived from the `&mut Make` of that call, which
//! is not otherwise used until the object returns. An error raised inside a
//! callback cannot unwind through C: it is kept in [`PENDING`] and returned
//! once the object's function returns.

use std::cell::{Cell, RefCell};
use std::ffi::{c_char, c_int, c_uint, c_ulong, c_void, CStr, CString};

use crate::error::{Loc, MakeError, Result};
use crate::load_shim::{Alloc, Calls, Shim};
use crate::make::Make;
use crate::rules::FileId;

/// GNU's `gmk_floc`.
#[repr(C)]
pub struct GmkFloc {
    pub filenm: *const c_char,
    pub lineno: c_ulong,
}

/// GNU's `gmk_func_ptr`.
pub type GmkFunc = unsafe extern "C" fn(*const c_char, c_uint, *mut *mut c_char) -> *mut c_char;
type SetupFn = unsafe extern "C" fn(*const GmkFloc) -> c_int;

const GMK_FUNC_NOEXPAND: c_uint = 1;

thread_local! {
    static CURRENT: Cell<*mut Make> = const { Cell::new(std::ptr::null_mut()) };
    static PENDING: RefCell<Option<MakeError>> = const { RefCell::new(None) };
    static STATE: RefCell<State> = RefCell::new(State::default());
}

#[derive(Default)]
struct State {
    /// The API's shim, once opened.
    shim: Option<Shim>,
    /// Objects opened with `dlopen`, by the name they were loaded as.
    objects: Vec<(Vec<u8>, *mut c_void)>,
    /// Files loaded (GNU's `file->loaded`), by file.
    loaded: Vec<FileId>,
    /// Files unloaded before being remade, with the `load` line.
    unloaded: Vec<(FileId, Option<Loc>)>,
}

/// Runs `f` with [`CURRENT`] pointing at `mk`, then returns any error a
/// callback raised meanwhile.
fn with_current<T>(mk: &mut Make, f: impl FnOnce() -> T) -> Result<T> {
    let p: *mut Make = mk;
    let saved = CURRENT.with(|c| c.replace(p));
    let r = f();
    CURRENT.with(|c| c.set(saved));
    match PENDING.with(|e| e.borrow_mut().take()) {
        Some(e) => Err(e),
        None => Ok(r),
    }
}

/// Runs `f` on the make that called into the object, unless an error is
/// already pending or no make is current (a call from outside a load).
fn on_current<T>(f: impl FnOnce(&mut Make) -> Result<T>) -> Option<T> {
    if PENDING.with(|e| e.borrow().is_some()) {
        return None;
    }
    let p = CURRENT.with(|c| c.get());
    if p.is_null() {
        return None;
    }
    // SAFETY: CURRENT is non-null only inside `with_current`, whose caller
    // holds the `&mut Make` this pointer came from and does not touch it
    // until the object returns; callbacks run on that same thread, nested
    // in that call, so this is the only live access.
    let mk = unsafe { &mut *p };
    match f(mk) {
        Ok(v) => Some(v),
        Err(e) => {
            PENDING.with(|s| *s.borrow_mut() = Some(e));
            None
        }
    }
}

/// A C string with make's bytes (cut at a NUL, which C cannot hold).
fn cstring(b: &[u8]) -> CString {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    CString::new(&b[..end]).unwrap_or_default()
}

/// Copies `b` into memory from `alloc`, as the API's callers free it.
fn alloc_copy(b: &[u8], alloc: Alloc) -> *mut c_char {
    // SAFETY: an allocation of len+1 bytes; on success exactly that many
    // are written below.
    let p = unsafe { alloc(b.len() + 1) } as *mut u8;
    if !p.is_null() {
        // SAFETY: p has room for b.len()+1 bytes and cannot overlap b.
        unsafe {
            std::ptr::copy_nonoverlapping(b.as_ptr(), p, b.len());
            *p.add(b.len()) = 0;
        }
    }
    p as *mut c_char
}

/// The bytes of a C string (empty for NULL).
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string valid for `'a`.
pub(crate) unsafe fn bytes<'a>(p: *const c_char) -> &'a [u8] {
    if p.is_null() {
        return b"";
    }
    // SAFETY: per this function's contract.
    unsafe { CStr::from_ptr(p) }.to_bytes()
}

/// Make's side of the API, as the shim calls it.
static CALLS: Calls = Calls {
    eval: gmk_eval,
    expand: gmk_expand,
    add_function: gmk_add_function,
};

/// `gmk_eval`: evaluates text as makefile lines.
///
/// # Safety
/// `buffer` is NULL or a NUL-terminated string.
unsafe extern "C" fn gmk_eval(buffer: *const c_char, _floc: *const c_void) {
    // SAFETY: per the contract.
    let text = unsafe { bytes(buffer) }.to_vec();
    on_current(|mk| mk.eval_text(&text));
}

/// `gmk_expand`: expands text; the result, from `alloc`, is freed with
/// `gmk_free`.
///
/// # Safety
/// `s` is NULL or a NUL-terminated string.
unsafe extern "C" fn gmk_expand(s: *const c_char, alloc: Alloc) -> *mut c_char {
    // SAFETY: per the contract.
    let text = unsafe { bytes(s) }.to_vec();
    let v = on_current(|mk| mk.expand_text(&text)).unwrap_or_default();
    alloc_copy(&v, alloc)
}

/// `gmk_add_function`: defines a make function implemented by the object.
///
/// # Safety
/// `name` is NULL or a NUL-terminated string; `func` is a valid function
/// for as long as the object stays loaded.
unsafe extern "C" fn gmk_add_function(
    name: *const c_char,
    func: Option<GmkFunc>,
    min_args: c_uint,
    max_args: c_uint,
    flags: c_uint,
) {
    // SAFETY: per the contract.
    let name = unsafe { bytes(name) }.to_vec();
    on_current(|mk| {
        let loc = mk.loc;
        let fatal = |m: Vec<u8>| Err(MakeError::msg(loc.as_ref(), m));
        let len = name
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')))
            .unwrap_or(name.len());
        let named = |pre: &str| {
            let mut m = pre.as_bytes().to_vec();
            m.extend_from_slice(&name);
            m
        };
        if len == 0 {
            return fatal(b"Empty function name".to_vec());
        }
        if name[0] == b'.' || len != name.len() {
            return fatal(named("Invalid function name: "));
        }
        if len > 255 {
            return fatal(named("Function name too long: "));
        }
        if min_args > 255 {
            return fatal(named(&format!(
                "Invalid minimum argument count ({}) for function ",
                min_args
            )));
        }
        if max_args > 255 || (max_args != 0 && max_args < min_args) {
            return fatal(named(&format!(
                "Invalid maximum argument count ({}) for function ",
                max_args
            )));
        }
        let Some(func) = func else { return Ok(()) };
        let name = String::from_utf8_lossy(&name).into_owned();
        crate::functions::add_loaded(
            name,
            min_args as usize,
            max_args as usize,
            crate::functions::LoadedFn {
                func,
                expand: flags & GMK_FUNC_NOEXPAND == 0,
            },
        );
        Ok(())
    });
}

/// Calls a function an object defined; `args` are already expanded (or,
/// for GMK_FUNC_NOEXPAND, the literal text).
pub fn call_loaded(
    mk: &mut Make,
    name: &str,
    f: crate::functions::LoadedFn,
    args: &[&[u8]],
    out: &mut Vec<u8>,
) -> Result<()> {
    let cname = cstring(name.as_bytes());
    let owned: Vec<CString> = args.iter().map(|a| cstring(a)).collect();
    let mut argv: Vec<*mut c_char> = owned.iter().map(|c| c.as_ptr() as *mut c_char).collect();
    argv.push(std::ptr::null_mut());
    let func = f.func;
    // SAFETY: the object's function gets NUL-terminated strings that live
    // until it returns and a NULL-terminated argv, as GNU passes them; it
    // returns NULL or memory from its malloc (gmk_alloc), ours to free.
    let p = with_current(mk, || unsafe {
        func(cname.as_ptr(), args.len() as c_uint, argv.as_mut_ptr())
    });
    flush_c_stdio();
    let p = p?;
    if !p.is_null() {
        // SAFETY: p is a NUL-terminated string from the objects' malloc,
        // freed once here by the shim that was open when the object ran.
        unsafe {
            out.extend_from_slice(CStr::from_ptr(p).to_bytes());
            if let Some(shim) = shim() {
                shim.free(p);
            }
        }
    }
    Ok(())
}

/// At exit, in the order GNU's exit has: standard output is closed (GNU's
/// `close_stdout`), then the objects still open are closed, the last one
/// loaded first, which runs their destructors (GNU's dynamic loader runs
/// them at exit; nothing would in a statically linked rmake). What they
/// print to standard output is lost, as in GNU make.
pub fn close_at_exit() {
    let objects = STATE.with(|s| std::mem::take(&mut s.borrow_mut().objects));
    if objects.iter().all(|(_, dlp)| dlp.is_null()) {
        return;
    }
    // SAFETY: make writes nothing more to its standard output; each handle
    // came from dlopen and is closed once.
    unsafe {
        libc::close(1);
        for (_, dlp) in objects {
            if !dlp.is_null() {
                libc::dlclose(dlp);
            }
        }
    }
    flush_c_stdio();
}

fn shim() -> Option<Shim> {
    STATE.with(|s| s.borrow().shim)
}

/// The shim, opened on first use.
fn open_shim() -> std::result::Result<Shim, Vec<u8>> {
    if let Some(shim) = shim() {
        return Ok(shim);
    }
    let shim = crate::load_shim::open(&CALLS)?;
    STATE.with(|s| s.borrow_mut().shim = Some(shim));
    Ok(shim)
}

/// Objects print with C's stdio: flush it so their output keeps its place
/// among make's own.
fn flush_c_stdio() {
    if let Some(shim) = shim() {
        shim.flush();
    }
}

/// Opens an object by name as GNU does: a name without a slash is tried in
/// the current directory first, then where the dynamic loader looks.
fn dlopen_object(ldname: &[u8]) -> std::result::Result<*mut c_void, Vec<u8>> {
    // The loader's messages are in the user's language, as GNU's.
    crate::locale::for_messages();
    let open = |name: &[u8]| {
        let c = cstring(name);
        // SAFETY: a NUL-terminated path.
        unsafe { libc::dlopen(c.as_ptr(), libc::RTLD_LAZY | libc::RTLD_GLOBAL) }
    };
    if !ldname.contains(&b'/') {
        let mut local = b"./".to_vec();
        local.extend_from_slice(ldname);
        let dlp = open(&local);
        if !dlp.is_null() {
            return Ok(dlp);
        }
    }
    let dlp = open(ldname);
    if dlp.is_null() {
        return Err(crate::load_shim::dlerror());
    }
    Ok(dlp)
}

impl Make {
    /// GNU's `load_file`: loads `name` (`file.so` or `file.so(symbol)`) and
    /// runs its setup function. Returns 0 on failure, -1 when the object
    /// must not be remade (or is loaded already), otherwise 1; and the
    /// object's name without the symbol.
    pub fn load_file(&mut self, loc: &Loc, name: &[u8], noerror: bool) -> Result<(i32, Vec<u8>)> {
        let mut ldname = name.to_vec();
        let mut symname: Option<Vec<u8>> = None;
        if let Some(open) = name.iter().position(|&c| c == b'(') {
            if let Some(close) = name[open + 1..].iter().position(|&c| c == b')') {
                let close = open + 1 + close;
                if close + 1 == name.len() {
                    if close == open + 1 {
                        let mut m = b"Empty symbol name for load: ".to_vec();
                        m.extend_from_slice(name);
                        return Err(MakeError::msg(Some(loc), m));
                    }
                    symname = Some(name[open + 1..close].to_vec());
                    ldname = name[..open].to_vec();
                }
            }
        }
        if let Some(f) = self.db.get(&ldname) {
            if STATE.with(|s| s.borrow().loaded.contains(&f)) {
                return Ok((-1, ldname));
            }
        }
        let symname = symname.unwrap_or_else(|| {
            let base = match ldname.iter().rposition(|&c| c == b'/') {
                Some(i) => &ldname[i + 1..],
                None => &ldname[..],
            };
            let mut s: Vec<u8> = base
                .iter()
                .copied()
                .take_while(|&c| c.is_ascii_alphanumeric() || c == b'_')
                .collect();
            s.extend_from_slice(b"_gmk_setup");
            s
        });
        if self.isdb(crate::cli::db::VERBOSE) {
            let mut m = b"Loading symbol ".to_vec();
            m.extend_from_slice(&symname);
            m.extend_from_slice(b" from ");
            m.extend_from_slice(&ldname);
            m.push(b'\n');
            self.out.debug(&m);
        }
        let Some(setup) = self.load_object(loc, noerror, &ldname, &symname)? else {
            return Ok((0, ldname));
        };
        let file = cstring(&loc.file);
        let floc = GmkFloc {
            filenm: file.as_ptr(),
            lineno: loc.line as c_ulong,
        };
        let saved = self.loc;
        self.loc = Some(*loc);
        // SAFETY: setup is the object's `int NAME(const gmk_floc *)`; floc
        // and the file name it points to outlive the call.
        let r = with_current(self, || unsafe { setup(&floc) });
        flush_c_stdio();
        self.loc = saved;
        let r = r?;
        if r != 0 {
            self.define_variable(
                b".LOADED",
                &ldname,
                crate::parser::AssignOp::Append,
                crate::vars::Origin::File,
                Some(*loc),
            )?;
        }
        Ok((r, ldname))
    }

    /// GNU's `load_object`: finds the setup symbol, opening the object
    /// unless the symbol is already known.
    fn load_object(
        &mut self,
        loc: &Loc,
        noerror: bool,
        ldname: &[u8],
        symname: &[u8],
    ) -> Result<Option<SetupFn>> {
        let csym = cstring(symname);
        // SAFETY: dlopen(NULL) returns the handle of the program itself.
        let global = unsafe { libc::dlopen(std::ptr::null(), libc::RTLD_NOW | libc::RTLD_GLOBAL) };
        if !global.is_null() {
            // SAFETY: a valid handle and a NUL-terminated name.
            let p = unsafe { libc::dlsym(global, csym.as_ptr()) };
            if !p.is_null() {
                // SAFETY: the symbol is the object's setup function, of the
                // type gnumake.h documents.
                return Ok(Some(unsafe {
                    std::mem::transmute::<*mut c_void, SetupFn>(p)
                }));
            }
        }
        let opened = open_shim().and_then(|_| dlopen_object(ldname));
        let dlp = match opened {
            Ok(dlp) => dlp,
            Err(err) => {
                if noerror {
                    if self.isdb(crate::cli::db::BASIC) {
                        let mut m = err;
                        m.push(b'\n');
                        self.out.debug(&m);
                    }
                } else {
                    self.out.error(Some(loc), &err);
                }
                return Ok(None);
            }
        };
        // Kept from here on, also when the checks below fail (a fatal
        // error): make's exit closes it (see close_at_exit).
        STATE.with(|s| s.borrow_mut().objects.insert(0, (ldname.to_vec(), dlp)));
        if self.isdb(crate::cli::db::VERBOSE) {
            let mut m = b"Loaded shared object ".to_vec();
            m.extend_from_slice(ldname);
            m.push(b'\n');
            self.out.debug(&m);
        }
        let gpl = cstring(b"plugin_is_GPL_compatible");
        // SAFETY: a valid handle and a NUL-terminated name.
        if unsafe { libc::dlsym(dlp, gpl.as_ptr()) }.is_null() {
            let mut m = b"Loaded object ".to_vec();
            m.extend_from_slice(ldname);
            m.extend_from_slice(b" is not declared to be GPL compatible");
            return Err(MakeError::msg(Some(loc), m));
        }
        // SAFETY: a valid handle and a NUL-terminated name.
        let p = unsafe { libc::dlsym(dlp, csym.as_ptr()) };
        if p.is_null() {
            let mut m = b"Failed to load symbol ".to_vec();
            m.extend_from_slice(symname);
            m.extend_from_slice(b" from ");
            m.extend_from_slice(ldname);
            m.extend_from_slice(b": ");
            m.extend_from_slice(&crate::load_shim::dlerror());
            return Err(MakeError::msg(Some(loc), m));
        }
        // SAFETY: the symbol is the object's setup function, of the type
        // gnumake.h documents.
        Ok(Some(unsafe {
            std::mem::transmute::<*mut c_void, SetupFn>(p)
        }))
    }

    /// The `load`/`-load` directive with its expanded argument.
    pub fn load_directive(&mut self, names: &[u8], noerror: bool, loc: &Loc) -> Result<()> {
        let (list, _) = crate::parser::split_file_seq(names, b"");
        for name in list {
            let (r, ldname) = self.load_file(loc, &name, noerror)?;
            if r == 0 && !noerror {
                let mut m = name.clone();
                m.extend_from_slice(b": failed to load");
                return Err(MakeError::msg(Some(loc), m));
            }
            let f = self.db.intern(&ldname);
            STATE.with(|s| {
                let mut s = s.borrow_mut();
                if !s.loaded.contains(&f) {
                    s.loaded.push(f);
                }
                s.unloaded.retain(|(u, _)| *u != f);
            });
            if r == -1 {
                continue;
            }
            self.mkfiles.read_files.push(crate::makefiles::ReadFile {
                file: f,
                flags: 0,
                error: None,
                loc: Some(*loc),
            });
        }
        Ok(())
    }

    /// Before `f`'s recipe runs: an object loaded from it is closed (its
    /// name stays in `.LOADED`); it is loaded again once remade.
    pub fn unload_before_remake(&mut self, f: FileId) {
        let loaded = STATE.with(|s| s.borrow().loaded.contains(&f));
        if !loaded {
            return;
        }
        let name = self.db.file(f).name.to_vec();
        let dlp = STATE.with(|s| {
            s.borrow()
                .objects
                .iter()
                .find(|(n, d)| *n == name && !d.is_null())
                .map(|(_, d)| *d)
        });
        // An object that was never opened (a `-load` that failed) counts as
        // unloaded too, as in GNU make: it is loaded again once remade.
        if let Some(dlp) = dlp {
            if self.isdb(crate::cli::db::VERBOSE) {
                let mut m = b"Unloading shared object ".to_vec();
                m.extend_from_slice(&name);
                m.push(b'\n');
                self.out.debug(&m);
            }
            // SAFETY: dlp came from dlopen and is closed once (it is cleared
            // below). Functions the object defined stay registered; calling
            // one after this without reloading is the object's user's
            // error, as in GNU make.
            if unsafe { libc::dlclose(dlp) } != 0 {
                let mut m = b"dlclose: ".to_vec();
                m.extend_from_slice(&name);
                m.extend_from_slice(b": ");
                m.extend_from_slice(&crate::load_shim::dlerror());
                self.out.error(None, &m);
                return;
            }
        }
        let loc = self
            .mkfiles
            .read_files
            .iter()
            .find(|r| r.file == f)
            .and_then(|r| r.loc);
        STATE.with(|s| {
            let mut s = s.borrow_mut();
            for o in s.objects.iter_mut().filter(|(n, _)| *n == name) {
                o.1 = std::ptr::null_mut();
            }
            s.loaded.retain(|&x| x != f);
            s.unloaded.push((f, loc));
        });
    }

    /// After the makefiles were brought up to date without a re-exec:
    /// loads again the objects closed to be remade.
    pub fn reload_unloaded(&mut self) -> Result<()> {
        let list = STATE.with(|s| std::mem::take(&mut s.borrow_mut().unloaded));
        for (f, loc) in list {
            let name = self.db.file(f).name.to_vec();
            let loc = loc.unwrap_or_else(|| Loc::new(crate::error::SrcName::default(), 0));
            let (r, _) = self.load_file(&loc, &name, false)?;
            if r == 0 {
                let mut m = name;
                m.extend_from_slice(b": failed to load");
                return Err(MakeError::msg(Some(&loc), m));
            }
            STATE.with(|s| s.borrow_mut().loaded.push(f));
        }
        Ok(())
    }
}
