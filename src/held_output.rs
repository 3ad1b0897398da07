//! Output sync (`-O`): the temporary files holding a job's output until
//! it is shown whole, make's own output held while it reads the makefiles,
//! and the held output a fatal error goes into (GNU's `output.c`).

use std::os::unix::io::RawFd;

use crate::cli::OutputSync;
use crate::error::MakeError;
use crate::jobs::{close, same_file, temp_file, Job};
use crate::make::Make;
use crate::output::ReadingHold;

impl Make {
    /// Output sync: the files holding a new job's output from the start,
    /// where what expanding its recipe and `--trace` print goes (GNU's
    /// `new_job` sets the child's output before expanding); `None` when
    /// output is not synced.
    pub fn job_sync_files(&self) -> Option<(RawFd, RawFd)> {
        if self.opts.output_sync == OutputSync::None || self.serial_jobs_for_sync() {
            return None;
        }
        sync_files()
    }

    /// Shows what was held in job output files that no job will use (its
    /// recipe failed to expand) and closes them.
    pub fn release_sync_files(&mut self, sync: Option<(RawFd, RawFd)>) {
        if let Some(held) = sync {
            self.dump_held(held);
        }
        close_sync_files(sync);
    }

    /// Output sync by line or target only matters with several jobs at
    /// once (GNU turns it off at `-j1`); `-Orecurse` still holds each
    /// job's output, sub-makes' included.
    pub(crate) fn serial_jobs_for_sync(&self) -> bool {
        self.one_slot() && self.opts.output_sync != OutputSync::Recurse
    }

    /// After each command: `-Oline` shows its output now.
    pub(crate) fn after_command(&mut self, job: &mut Job) {
        self.out.capture = None;
        if self.opts.output_sync == OutputSync::Line {
            self.dump_sync(job);
        }
    }

    /// Copies a job's synced output to make's stdout and stderr.
    pub(crate) fn dump_sync(&mut self, job: &mut Job) {
        let Some(sync) = job.sync else { return };
        self.dump_held(sync);
    }

    /// Output sync (`-Oline`, `-Otarget`): make's own output while it
    /// reads the makefiles (`$(info)`, a `$(shell)`'s stderr...) is held
    /// from here until [`Make::show_reading_output`], as GNU does.
    pub fn hold_reading_output(&mut self) {
        if !matches!(self.opts.output_sync, OutputSync::Line | OutputSync::Target)
            || self.out.capture.is_some()
        {
            return;
        }
        self.out.reading_hold = ReadingHold::Pending;
    }

    /// Shows the output held while reading the makefiles (with
    /// "Entering/Leaving directory" around it when those are printed).
    pub fn show_reading_output(&mut self) {
        let ReadingHold::Open((o, e)) = std::mem::take(&mut self.out.reading_hold) else {
            return;
        };
        self.out.capture = None;
        self.dump_held((o, e));
        close_sync_files(Some((o, e)));
    }

    /// Copies held output to make's stdout and stderr.
    pub(crate) fn dump_held(&mut self, (o, e): (RawFd, RawFd)) {
        let out = drain(o);
        let err = if e != o { drain(e) } else { Vec::new() };
        if out.is_empty() && err.is_empty() {
            return;
        }
        if let Some(m) = &self.jobs.osync {
            if !m.acquire() {
                self.out.error(
                    None,
                    b"warning: Cannot acquire output lock, disabling output sync.",
                );
                self.jobs.osync = None;
            }
        }
        // GNU asks `should_print_dir` afresh (a makefile may have said
        // --no-print-directory since a line announced the directory), and
        // looks at the sync mode in effect (at start-up: the environment's
        // while the command line is decoded).
        let wrap = self.out.enter_dir.is_some()
            && self.opts.should_print_dir(self.out.level)
            && self.out.sync != OutputSync::Recurse;
        if wrap {
            self.out.directory_notice(true);
        }
        if !out.is_empty() {
            self.out.raw_stdout(&out);
        }
        if !err.is_empty() {
            self.out.raw_stderr(&err);
        }
        if wrap {
            self.out.directory_notice(false);
        }
        if let Some(m) = &self.jobs.osync {
            m.release();
        }
    }

    /// A recipe failed to expand: its held output (see `Jobs::fatal_output`)
    /// is where the error goes.
    pub fn hold_fatal_output(&mut self, sync: Option<(RawFd, RawFd)>) {
        if sync.is_some() {
            let old = std::mem::replace(&mut self.jobs.fatal_output, sync);
            self.release_sync_files(old);
        }
    }

    /// Reports a fatal error, into the held output of the job whose
    /// recipe failed to expand if any; returns the exit status.
    pub fn report_fatal(&mut self, e: &MakeError) -> i32 {
        self.into_fatal_output(|mk| mk.out.report(e))
    }

    /// Runs `f` with make's own output going to the held output of the
    /// job whose recipe failed to expand, if any.
    pub(crate) fn into_fatal_output<R>(&mut self, f: impl FnOnce(&mut Make) -> R) -> R {
        let outer = self.out.capture;
        if self.jobs.fatal_output.is_some() {
            self.out.capture = self.jobs.fatal_output;
        }
        let r = f(self);
        self.out.capture = outer;
        r
    }

    /// What `report_fatal` held, shown (after the other jobs ended).
    pub fn show_fatal_output(&mut self) {
        let held = self.jobs.fatal_output.take();
        self.release_sync_files(held);
    }
}

/// Reads a temporary file from its start and empties it.
pub(crate) fn drain(fd: RawFd) -> Vec<u8> {
    let mut out = Vec::new();
    // SAFETY: seeking, reading into a local buffer, truncating our file.
    unsafe {
        libc::lseek(fd, 0, libc::SEEK_SET);
        let mut buf = [0u8; 8192];
        loop {
            let n = libc::read(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len());
            if n <= 0 {
                break;
            }
            out.extend_from_slice(&buf[..n as usize]);
        }
        libc::lseek(fd, 0, libc::SEEK_SET);
        libc::ftruncate(fd, 0);
    }
    out
}

/// Closes a job's held-output files (one descriptor when stdout and
/// stderr share it), dropping what they hold.
pub(crate) fn close_sync_files(sync: Option<(RawFd, RawFd)>) {
    if let Some((o, e)) = sync {
        close(o);
        if e != o {
            close(e);
        }
    }
}

/// A pair of temporary files for a job's stdout and stderr (one file when
/// both go to the same place), `None` if none can be made. A standard
/// descriptor closed when make started gets no file, as in GNU: the job
/// inherits it unusable (here /dev/null opened read-only, so writing fails
/// with EBADF as on a closed descriptor, and nothing is held).
pub(crate) fn sync_files() -> Option<(RawFd, RawFd)> {
    let closed = crate::exec::spawn::closed_at_start();
    let o = if closed & 2 != 0 {
        unusable_fd()
    } else {
        temp_file()
    };
    if o < 0 {
        return None;
    }
    let e = if closed & 4 != 0 {
        unusable_fd()
    } else if closed & 2 == 0 && same_file(1, 2) {
        o
    } else {
        temp_file()
    };
    Some((o, if e >= 0 { e } else { o }))
}

/// /dev/null opened read-only: a descriptor that cannot be written.
pub(crate) fn unusable_fd() -> RawFd {
    // SAFETY: a NUL-terminated path.
    unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) }
}
