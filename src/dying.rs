//! Dying of a fatal signal with jobs in flight (the job side of GNU's
//! `fatal_error_signal`): delete the targets of the running jobs, reap
//! every child as it ends (reporting its failure and showing its held
//! output, as an ordinary reap does, but starting nothing new), clean up
//! and die of the signal.

use crate::exec::Status;
use crate::held_output::close_sync_files;
use crate::jobs::{close, Job};
use crate::make::Make;
use crate::rules::{FileId, UpdateStatus};

impl Make {
    /// A fatal signal arrived with jobs in flight. `reaped`: the child
    /// whose reaping noticed it (its job is in the table with pid 0).
    pub fn die_of_signal(&mut self, sig: i32, reaped: Option<(libc::pid_t, Status)>) -> ! {
        crate::signals::block(sig);
        crate::signals::acting();
        self.jobs.dying = true;
        if crate::signals::deletes_targets(sig) {
            // Newest first, as GNU walks its chain of children.
            for i in (0..self.jobs.running.len()).rev() {
                self.jobs.running[i].deleted = true;
                self.delete_child_targets(self.jobs.running[i].file);
            }
        } else if self.slots_used() > 0 {
            self.out.error(None, b"*** Waiting for unfinished jobs....");
        }
        if let Some((pid, st)) = reaped {
            if let Some(i) = self
                .jobs
                .running
                .iter()
                .position(|j| j.pid == pid || j.pid == 0)
            {
                let job = self.jobs.running.remove(i);
                self.reap_dying(job, st);
            }
        }
        // Jobs with no child running have nothing to wait for.
        for job in self.jobs.running.iter_mut().filter(|j| j.pid <= 0) {
            close_sync_files(job.sync.take());
        }
        self.reap_remaining_dying();
        let tokens = self.jobs.tokens;
        if let Some(js) = &self.jobs.jobserver {
            for _ in 1..tokens {
                js.release();
            }
        }
        self.jobs.tokens = 0;
        self.remove_intermediates(true);
        crate::jobserver::remove_fifo();
        crate::osync::remove_file();
        // No "Leaving directory": GNU's handler dies without it.
        crate::signals::die_by(sig)
    }

    /// SIGPIPE arrived while make was handling a child that had ended
    /// (writing the child's error message, its held output or the echo of
    /// its next command line to a pipe nobody reads any more). GNU's
    /// handler runs inside that write, while the child still counts as
    /// running: it says "Waiting for unfinished jobs....", reaps the other
    /// children as make dies, then its `wait` for the child already reaped
    /// fails ("*** wait: No child processes.  Stop."), and fails again in
    /// the clean-up that error starts, which exits with status 2 at once:
    /// intermediates stay, nothing more is printed, and a failed write to
    /// stdout makes the status 1 ("write error: stdout").
    pub fn die_in_reap(&mut self) -> ! {
        crate::signals::block(libc::SIGPIPE);
        crate::signals::acting();
        self.jobs.dying = true;
        if !self.jobs.printed_waiting {
            self.jobs.printed_waiting = true;
            self.out.error(None, b"*** Waiting for unfinished jobs....");
        }
        self.reap_remaining_dying();
        for _ in 0..2 {
            self.out
                .error(None, b"*** wait: No child processes.  Stop.");
        }
        crate::signals::remove_own_files();
        let status = self.out.check_stdout(false).unwrap_or(2);
        crate::load::close_at_exit();
        std::process::exit(status)
    }

    /// The jobs still running when make dies, reaped in the order they end
    /// (starting nothing new) while one holds a job slot; jobs with no
    /// child have nothing to wait for, and those holding no slot (see
    /// `Job::jobslot`) are left running.
    fn reap_remaining_dying(&mut self) {
        self.jobs.running.retain(|j| j.pid > 0);
        while self.slots_used() > 0 {
            let Ok(Some((pid, st))) = self.runner.reap(true) else {
                break;
            };
            if let Some(i) = self.jobs.running.iter().position(|j| j.pid == pid) {
                let job = self.jobs.running.remove(i);
                self.reap_dying(job, st);
            }
        }
        for job in std::mem::take(&mut self.jobs.running) {
            close_sync_files(job.sync);
        }
    }

    /// A child ended while make is dying: its failure is reported (into
    /// its held output under output sync), its targets go if it was killed
    /// by a signal, failed under .DELETE_ON_ERROR, or left commands unrun,
    /// and its held output is shown.
    fn reap_dying(&mut self, mut job: Job, st: Status) {
        if let Some(fd) = job.pidfd.take() {
            close(fd);
        }
        let ignored = job.noerror || self.opts.ignore_errors;
        let failed = st != Status::Exited(0);
        // A makefile that need not exist fails silently.
        if failed && (ignored || !job.dontcare) {
            self.out.capture = if job.syncing { job.sync } else { None };
            let loc = crate::error::Loc::new(job.loc_file, job.base + self.recipe_offset(&job));
            let name = self.db.file(job.file).name;
            self.child_error(&loc, name, st, ignored);
            self.out.capture = None;
        }
        let unrun = job.next_line < job.lines.len() || !job.rest.is_empty();
        // The target's status, which decides whether an intermediate
        // target is removed as make dies: a recipe cut short failed.
        let status = if (failed && !ignored) || unrun {
            UpdateStatus::Failed
        } else {
            UpdateStatus::Success
        };
        self.db.file_mut(job.file).update_status = status;
        let delete = if failed && !ignored {
            (matches!(st, Status::Signaled(_)) || self.db.delete_on_error) && !job.not_started
        } else {
            unrun
        };
        if delete && !job.deleted {
            self.delete_child_targets(job.file);
        }
        self.dump_sync(&mut job);
        close_sync_files(job.sync.take());
    }

    /// GNU's `delete_child_targets`: the target and its grouped peers.
    fn delete_child_targets(&mut self, f: FileId) {
        let name = self.db.file(f).name.to_vec();
        self.delete_target(f, None);
        for a in self.db.file(f).ext().also_make.clone() {
            self.delete_target(a, Some(&name));
        }
    }
}
