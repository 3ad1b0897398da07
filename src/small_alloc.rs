//! The process's memory allocator (installed by `main.rs`).
//!
//! Make allocates and frees millions of small blocks while it reads a
//! makefile (words, names, expansion buffers) and frees almost none of
//! its tables before it exits. Blocks of up to [`SMALL_MAX`] bytes come
//! from per-thread free lists, one per 8-byte size class, refilled from
//! chunks that are never given back; a free pushes the block on its list.
//! A chunk (32 KiB, doubling up to 256 KiB) is mapped with its pages
//! already present: one system call instead of a page fault for each of
//! its pages as they are first touched (2,760 -> 2,385 faults on the
//! parse bench). Rust tells `dealloc` the block's size, so a
//! block carries no header: a 24-byte request takes 24 bytes, not the
//! C allocator's 32. Larger and over-aligned blocks go to the C allocator.
//!
//! Measured on the parse bench (20,000 assignments and 20,000 rules):
//! glibc's malloc, free and realloc were 15% of the instructions.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::ptr::{self, null_mut};
use std::sync::OnceLock;

/// The program's name for the out-of-memory message.
static PROGRAM: OnceLock<Box<[u8]>> = OnceLock::new();

/// Names the program in the out-of-memory message (once, at start-up).
pub fn set_program_name(name: &[u8]) {
    let _ = PROGRAM.set(name.into());
}

/// Memory ran out: as GNU make does, says `PROG: *** virtual memory
/// exhausted` on standard output and exits with status 2 (instead of the
/// Rust runtime's abort). Allocates nothing; make's own temporary files
/// are removed first, as a fatal signal would.
#[cold]
fn exhausted() -> ! {
    const MSG: &[u8] = b": *** virtual memory exhausted\n";
    let name: &[u8] = PROGRAM.get().map_or(b"make", |n| n);
    let mut line = [0u8; 256];
    let n = name.len().min(line.len() - MSG.len());
    line[..n].copy_from_slice(&name[..n]);
    line[n..n + MSG.len()].copy_from_slice(MSG);
    let mut rest = &line[..n + MSG.len()];
    while !rest.is_empty() {
        // SAFETY: writing bytes of a live buffer to a descriptor.
        let w = unsafe { libc::write(1, rest.as_ptr() as *const libc::c_void, rest.len()) };
        if w <= 0 {
            break;
        }
        rest = &rest[w as usize..];
    }
    crate::signals::remove_own_files();
    // SAFETY: ends the process; nothing is unwound.
    unsafe { libc::_exit(2) }
}

/// `p`, unless it is null: then memory ran out.
#[inline]
fn or_exhausted(p: *mut u8) -> *mut u8 {
    if p.is_null() {
        exhausted();
    }
    p
}

/// Size classes are multiples of this (and blocks aligned to it).
const GRAIN: usize = 8;
/// The largest block served from the free lists.
const SMALL_MAX: usize = 1024;
const CLASSES: usize = SMALL_MAX / GRAIN;
/// The sizes of the chunks small blocks are carved from.
const CHUNK_MIN: usize = 32 << 10;
const CHUNK_MAX: usize = 256 << 10;

/// One thread's free lists and the unused end of its current chunk.
struct Local {
    /// `free[c]`: the first free block of `(c + 1) * GRAIN` bytes; each
    /// free block holds the address of the next.
    free: [Cell<*mut u8>; CLASSES],
    bump: Cell<*mut u8>,
    end: Cell<*mut u8>,
    /// The size of the next chunk.
    chunk: Cell<usize>,
}

thread_local! {
    // Const-initialized and without a destructor: plain thread-local
    // storage, usable from any allocation (nothing is registered).
    static LOCAL: Local = const {
        Local {
            free: [const { Cell::new(null_mut()) }; CLASSES],
            bump: Cell::new(null_mut()),
            end: Cell::new(null_mut()),
            chunk: Cell::new(CHUNK_MIN),
        }
    };
}

/// The allocator (see the module's comment).
pub struct SmallAlloc;

/// The size class of a layout served from the free lists.
#[inline]
fn class_of(layout: Layout) -> Option<usize> {
    let size = layout.size();
    if size <= SMALL_MAX && layout.align() <= GRAIN {
        Some(size.max(1).div_ceil(GRAIN) - 1)
    } else {
        None
    }
}

impl Local {
    #[inline]
    fn take(&self, c: usize) -> *mut u8 {
        let head = self.free[c].get();
        if !head.is_null() {
            // SAFETY: a free block of this class holds the next one's
            // address in its first word (put there by `give`).
            self.free[c].set(unsafe { *(head as *mut *mut u8) });
            return head;
        }
        self.carve(c)
    }

    #[inline]
    fn give(&self, c: usize, p: *mut u8) {
        // SAFETY: `p` is a block of class `c` (at least one word, aligned
        // to GRAIN) that the caller gives up.
        unsafe { *(p as *mut *mut u8) = self.free[c].get() };
        self.free[c].set(p);
    }

    /// A block of class `c` from the current chunk, or from a new one.
    fn carve(&self, c: usize) -> *mut u8 {
        let bytes = (c + 1) * GRAIN;
        let (bump, end) = (self.bump.get(), self.end.get());
        let left = end as usize - bump as usize;
        if left >= bytes {
            // SAFETY: within the current chunk.
            self.bump.set(unsafe { bump.add(bytes) });
            return bump;
        }
        if left >= GRAIN {
            // The chunk's tail becomes a free block of the class it fits.
            self.give(left / GRAIN - 1, bump);
        }
        let size = self.chunk.get();
        self.chunk.set((size * 2).min(CHUNK_MAX));
        // SAFETY: a fresh private mapping; it is never unmapped.
        let chunk = unsafe {
            libc::mmap(
                null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_POPULATE,
                -1,
                0,
            )
        };
        if chunk == libc::MAP_FAILED {
            exhausted();
        }
        let chunk = chunk as *mut u8;
        // SAFETY: within the chunk just allocated.
        unsafe {
            self.bump.set(chunk.add(bytes));
            self.end.set(chunk.add(size));
        }
        chunk
    }
}

/// The C allocator for what is not small. glibc's blocks are aligned to
/// 16; more alignment takes `posix_memalign`.
unsafe fn large_alloc(layout: Layout, zeroed: bool) -> *mut u8 {
    or_exhausted(large_alloc_or_null(layout, zeroed))
}

unsafe fn large_alloc_or_null(layout: Layout, zeroed: bool) -> *mut u8 {
    if layout.align() <= 16 {
        if zeroed {
            libc::calloc(1, layout.size()) as *mut u8
        } else {
            libc::malloc(layout.size()) as *mut u8
        }
    } else {
        let mut p = null_mut();
        if libc::posix_memalign(&mut p, layout.align(), layout.size()) != 0 {
            return null_mut();
        }
        if zeroed {
            ptr::write_bytes(p as *mut u8, 0, layout.size());
        }
        p as *mut u8
    }
}

unsafe impl GlobalAlloc for SmallAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(c) => LOCAL.with(|l| l.take(c)),
            None => large_alloc(layout, false),
        }
    }

    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        match class_of(layout) {
            Some(c) => LOCAL.with(|l| l.give(c, p)),
            None => libc::free(p as *mut libc::c_void),
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(_) => {
                let p = self.alloc(layout);
                if !p.is_null() {
                    ptr::write_bytes(p, 0, layout.size());
                }
                p
            }
            None => large_alloc(layout, true),
        }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size`, rounded up to the
        // alignment, does not overflow.
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        match (class_of(layout), class_of(new)) {
            (Some(a), Some(b)) if a == b => p,
            (None, None) if layout.align() <= 16 => {
                or_exhausted(libc::realloc(p as *mut libc::c_void, new_size) as *mut u8)
            }
            _ => {
                let q = self.alloc(new);
                if !q.is_null() {
                    ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                    self.dealloc(p, layout);
                }
                q
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every size and alignment are distinct, keep their
    /// contents across reallocation and are reused once freed.
    #[test]
    fn blocks_keep_contents_and_are_reused() {
        let a = SmallAlloc;
        let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
        let mut seed = 12345u32;
        let mut next = || {
            seed = seed.wrapping_mul(1103515245).wrapping_add(12345);
            (seed >> 8) as usize
        };
        for round in 0..20000 {
            let size = match next() % 4 {
                0 => next() % 16 + 1,
                1 => next() % 300 + 1,
                2 => next() % 1100 + 1,
                _ => next() % 70000 + 1,
            };
            let align = [1, 8, 16, 64][next() % 4];
            let layout = Layout::from_size_align(size, align).unwrap();
            let p = unsafe { a.alloc(layout) };
            assert!(!p.is_null());
            assert_eq!(p as usize % align, 0);
            let tag = (round % 251) as u8;
            unsafe { ptr::write_bytes(p, tag, size) };
            live.push((p, layout, tag));
            if next() % 3 == 0 {
                let i = next() % live.len();
                let (p, l, t) = live.swap_remove(i);
                let grown = next() % 2000 + 1;
                let q = unsafe { a.realloc(p, l, grown) };
                assert!(!q.is_null());
                let kept = l.size().min(grown);
                assert!(unsafe { std::slice::from_raw_parts(q, kept) }
                    .iter()
                    .all(|&b| b == t));
                unsafe { ptr::write_bytes(q, t, grown) };
                live.push((q, Layout::from_size_align(grown, l.align()).unwrap(), t));
            }
            if next() % 2 == 0 {
                let i = next() % live.len();
                let (p, l, t) = live.swap_remove(i);
                assert!(unsafe { std::slice::from_raw_parts(p, l.size()) }
                    .iter()
                    .all(|&b| b == t));
                unsafe { a.dealloc(p, l) };
            }
        }
        for (p, l, t) in live {
            assert!(unsafe { std::slice::from_raw_parts(p, l.size()) }
                .iter()
                .all(|&b| b == t));
            unsafe { a.dealloc(p, l) };
        }
        // A freed small block is handed out again for its class.
        let l = Layout::from_size_align(40, 8).unwrap();
        let p = unsafe { a.alloc(l) };
        unsafe { a.dealloc(p, l) };
        assert_eq!(unsafe { a.alloc(l) }, p);
        let z = unsafe { a.alloc_zeroed(l) };
        assert!(unsafe { std::slice::from_raw_parts(z, 40) }
            .iter()
            .all(|&b| b == 0));
    }
}
