//! Jobs: running recipes, one command at a time per target, several
//! targets at once under `-j` (GNU's `job.c`). A target's recipe becomes a
//! [`Job`] (its lines expanded up front); `new_job` waits for a free slot
//! (or a jobserver token) and starts its first command; `reap_children`
//! collects finished commands, starts the job's next command or finishes
//! the job (`notice_finished_file`). Serially (`-j1`) `new_job` waits for
//! the job to finish, so the update engine sees the same states as GNU's.

use std::os::unix::io::RawFd;
use std::rc::Rc;

use crate::cli::OutputSync;
use crate::error::{MakeError, Result};
use crate::exec::{Command, Started, Status};
use crate::held_output::{close_sync_files, sync_files};
use crate::jobserver::Jobserver;
use crate::make::Make;
use crate::rules::{CommandState, FileId, UpdateStatus};

/// One command of a job, prefixes removed.
#[derive(Debug, Clone, Default)]
pub struct Cmd {
    /// What is echoed.
    pub text: Vec<u8>,
    /// What runs: the same, except with .ONESHELL (the whole recipe).
    pub run: Vec<u8>,
    pub silent: bool,
    pub noerror: bool,
    pub recursive: bool,
    /// Index of the recipe line it came from.
    pub line: usize,
}

/// A target's recipe being run.
#[derive(Debug, Default)]
pub struct Job {
    pub file: FileId,
    /// Expanded recipe lines with their `chop` flags (taken as run).
    pub lines: Vec<(Vec<u8>, u8)>,
    pub loc_file: crate::error::SrcName,
    /// Line number of the first recipe line.
    pub base: u32,
    /// Which rule's recipe this is (GNU's `struct commands`, whose line
    /// offset its jobs share; see `Make::recipe_offsets`): the address of
    /// its text, kept for the whole run. A makefile read twice defines
    /// distinct recipes at the same place.
    pub recipe_id: usize,
    pub prefix: u8,
    pub one_shell: bool,
    pub shell: Vec<u8>,
    pub shell_flags: Vec<u8>,
    /// `$(IFS)` when defined (it decides how command lines are split).
    pub ifs: Option<Vec<u8>>,
    pub default_shell_flags: bool,
    /// SHELL, `.SHELLFLAGS` or IFS has something to expand: they are
    /// expanded again for each command after the first.
    pub shell_dynamic: bool,
    /// The settings were made with the job, for its first command.
    pub shell_fresh: bool,
    pub file_flags: u8,
    /// The target was "don't care" (a makefile that need not exist) when
    /// the job was made: its failures are silent (GNU copies the flag into
    /// the child, as it is restored on the file afterwards).
    pub dontcare: bool,
    /// The next line to take.
    pub next_line: usize,
    /// Commands left of the current line (a multi-line expansion).
    pub rest: Vec<u8>,
    /// The line of the command last started.
    pub cur_line: usize,
    /// The recipe's shared line offset was set for the first command when
    /// the job was made (see `new_job`): taking that command leaves it.
    pub offset_primed: bool,
    /// The running command ignores errors / is recursive.
    pub noerror: bool,
    pub recursive: bool,
    /// A command was started (not just echoed).
    pub started: bool,
    pub env: Option<Rc<crate::exec::ChildEnv>>,
    pub pid: libc::pid_t,
    /// A pidfd for the running child (to wait for it alongside the
    /// jobserver), or -1.
    pub(crate) pidfd: Option<RawFd>,
    /// Output-sync temporary files (stdout, stderr; the same when make's
    /// stdout and stderr are the same file).
    pub(crate) sync: Option<(RawFd, RawFd)>,
    /// The job ended where GNU's start_job_command notices the file
    /// finished itself (after a command skipped under -n/-t, or a command
    /// -q answers for): its caller then notices the file a second time.
    pub(crate) ended_inside: bool,
    /// A command line was passed over (blank, or not run under -n/-t) in
    /// this round of start_job_command.
    pub(crate) skipped: bool,
    /// A recursive command's exit status 1 under -q ended the job: like a
    /// failed command, it stops make at once unless -k.
    pub(crate) child_question: bool,
    /// "Putting child ... on the chain" was said (GNU says it once a job).
    pub(crate) on_chain: bool,
    /// The running command's output is being synced.
    pub(crate) syncing: bool,
    /// The last command could not be started (GNU's child pid -1): its
    /// failure does not delete the target (not even under
    /// .DELETE_ON_ERROR).
    pub(crate) not_started: bool,
    /// Its targets were deleted (or left, unchanged) when make was told
    /// to die: GNU's `child->deleted`, which keeps the reaping that
    /// follows from deleting them a second time.
    pub(crate) deleted: bool,
    /// The job holds a job slot (GNU's `child->jobslot`): its first
    /// command started. One whose first command could not be started
    /// holds none for its whole life, even once a later command runs:
    /// make dying of an error or a signal does not wait for it, and it
    /// counts neither against the job slots nor for the `-l` check.
    pub(crate) jobslot: bool,
    /// The program of the job's last command that started (GNU's
    /// `cmd_name`, kept until another starts); empty before any.
    pub(crate) cmd_name: Vec<u8>,
}

/// The job table of one make.
#[derive(Debug, Default)]
pub struct Jobs {
    pub running: Vec<Job>,
    /// Jobs waiting for the load average to drop, the last put first to
    /// be tried.
    pub waiting: Vec<Job>,
    /// Job slots: 0 for no limit (or when limited by the jobserver).
    pub slots: u32,
    /// Jobs holding a slot, counting the free one (GNU's
    /// `jobserver_tokens`).
    pub tokens: u32,
    pub jobserver: Option<Jobserver>,
    /// The output-sync mutex, under `-Oline`/`-Otarget` with jobs.
    pub osync: Option<crate::osync::SyncMutex>,
    /// make is dying: start nothing new.
    pub dying: bool,
    pub(crate) printed_waiting: bool,
    /// Under output sync, the held output of a job whose recipe failed to
    /// expand: the fatal error and "Waiting for unfinished jobs" go there
    /// too, and it is shown once the other jobs ended (GNU's fatal error
    /// writes into the job's output, shown when make exits).
    pub(crate) fatal_output: Option<(RawFd, RawFd)>,
    /// The job with make's stdin, if any.
    good_stdin_taken: bool,
    /// `--debug=j` said how the load is measured (GNU says it once).
    load_method_told: bool,
}

pub(crate) fn close(fd: RawFd) {
    if fd >= 0 {
        // SAFETY: closing a descriptor we own.
        unsafe { libc::close(fd) };
    }
}

fn pidfd_open(pid: libc::pid_t) -> Option<RawFd> {
    // SAFETY: a plain system call. The descriptor is close-on-exec
    // already (pidfd_open always sets it).
    let r = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if r < 0 {
        None
    } else {
        Some(r as RawFd)
    }
}

/// An unlinked temporary file for output sync.
pub(crate) fn temp_file() -> RawFd {
    let mut t = crate::jobserver::tmpdir();
    t.extend_from_slice(b"/GmXXXXXX\0");
    // SAFETY: a writable NUL-terminated template.
    let fd = unsafe { libc::mkstemp(t.as_mut_ptr() as *mut libc::c_char) };
    if fd >= 0 {
        // SAFETY: unlinking the file just made; marking it close-on-exec.
        unsafe {
            libc::unlink(t.as_ptr() as *const libc::c_char);
            libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
        }
    }
    fd
}

pub(crate) fn same_file(a: RawFd, b: RawFd) -> bool {
    // SAFETY: fstat into zeroed structs.
    unsafe {
        let mut sa: libc::stat = std::mem::zeroed();
        let mut sb: libc::stat = std::mem::zeroed();
        libc::fstat(a, &mut sa) == 0
            && libc::fstat(b, &mut sb) == 0
            && sa.st_dev == sb.st_dev
            && sa.st_ino == sb.st_ino
    }
}

/// The pid of a job whose command could not be started (GNU's -1).
const NEVER_STARTED: libc::pid_t = -1;

fn load_average() -> Option<f64> {
    let mut l = [0f64; 1];
    // SAFETY: getloadavg writes at most one value.
    let n = unsafe { libc::getloadavg(l.as_mut_ptr(), 1) };
    (n == 1).then_some(l[0])
}

/// The number of processes running now, from `/proc/loadavg` (its fourth
/// field, `running/total`), as GNU 4.4 measures the load for `-l`.
fn running_processes() -> Option<u32> {
    let text = std::fs::read("/proc/loadavg").ok()?;
    let field = text.split(|&c| c == b' ').nth(3)?;
    let digits = field.iter().take_while(|c| c.is_ascii_digit()).count();
    std::str::from_utf8(&field[..digits]).ok()?.parse().ok()
}

enum Step {
    /// A command is running.
    Running,
    /// The job is over with this status.
    Done(UpdateStatus),
}

impl Make {
    /// Sets up the job slots and the jobserver from the options, as GNU's
    /// `main` does once the makefiles are read. `--jobserver-style` is
    /// only looked at when a jobserver is created (a bad one is fatal then).
    pub fn setup_jobs(&mut self) -> Result<()> {
        let slots = match self.opts.jobs {
            None => 1,
            Some(None) => 0,
            Some(Some(n)) => n.max(1),
        };
        if self.jobs.jobserver.is_some() {
            self.jobs.slots = 0;
        } else {
            self.jobs.slots = slots;
        }
        if self.jobs.jobserver.is_none() && slots > 1 {
            let style = match self.opts.jobserver_style.as_deref() {
                Some(b"pipe") => crate::jobserver::Style::Pipe,
                None | Some(b"fifo") => crate::jobserver::Style::Fifo,
                Some(other) => {
                    let mut m = b"unknown jobserver auth style '".to_vec();
                    m.extend_from_slice(other);
                    m.push(b'\'');
                    return Err(MakeError::msg(None, m));
                }
            };
            let (js, warning) =
                Jobserver::create(slots - 1, style).map_err(|m| MakeError::msg(None, m))?;
            if let Some(w) = warning {
                self.out.error(None, &w);
            }
            if let Some(js) = js {
                self.opts.jobserver_auth = Some(js.auth());
                self.jobs.jobserver = Some(js);
                self.jobs.slots = 0;
                self.define_makeflags();
            }
        }
        // GNU syncs nothing when both stdout and stderr were closed.
        if crate::exec::spawn::closed_at_start() & 6 == 6 {
            self.opts.output_sync = OutputSync::None;
        }
        if self.opts.output_sync != OutputSync::None {
            let fd = temp_file();
            if fd < 0 {
                self.out.error(
                    None,
                    b"cannot open output-sync lock file, suppressing output-sync.",
                );
                self.opts.output_sync = OutputSync::None;
            }
            close(fd);
        }
        // GNU turns off sync by line or target at -j1, not -Orecurse.
        if self.serial_jobs_for_sync() {
            self.opts.output_sync = OutputSync::None;
        }
        self.out.sync = self.opts.output_sync;
        self.setup_sync_mutex()?;
        if let Some(auth) = self.opts.jobserver_auth.clone() {
            if self.isdb(crate::cli::db::VERBOSE | crate::cli::db::JOBS) {
                let mut m = b"Using jobserver controller ".to_vec();
                m.extend_from_slice(&auth);
                m.push(b'\n');
                self.out.debug(&m);
            }
        }
        if let Some(mutex) = self.opts.sync_mutex.clone() {
            if self.isdb(crate::cli::db::VERBOSE) {
                let mut m = b"Using output-sync mutex ".to_vec();
                m.extend_from_slice(&mutex);
                m.push(b'\n');
                self.out.debug(&m);
            }
        }
        Ok(())
    }

    /// Output sync by line or target: the top make creates the mutex and
    /// hands it down in MAKEFLAGS; a sub-make opens the one it was given.
    fn setup_sync_mutex(&mut self) -> Result<()> {
        use crate::osync::{SyncMutex, SyncMutexError};
        if !matches!(self.opts.output_sync, OutputSync::Line | OutputSync::Target) {
            return Ok(());
        }
        match self.opts.sync_mutex.clone() {
            None => {
                if let Some((mutex, value)) = SyncMutex::create() {
                    self.jobs.osync = Some(mutex);
                    self.opts.sync_mutex = Some(value);
                    self.define_makeflags();
                }
            }
            Some(value) => match SyncMutex::open(&value) {
                Ok(mutex) => self.jobs.osync = Some(mutex),
                Err(e @ SyncMutexError::Invalid(_)) => {
                    self.out.error(None, &e.message());
                    self.opts.sync_mutex = None;
                    self.define_makeflags();
                }
                Err(e) => return Err(MakeError::msg(None, e.message())),
            },
        }
        Ok(())
    }

    /// Before reading makefiles: joins the parent's jobserver when
    /// `--jobserver-auth` came in MAKEFLAGS (GNU's checks and warnings).
    pub fn join_jobserver(&mut self) -> Result<()> {
        if let Some(arg) = self.opts.shuffle.clone() {
            let prog = crate::cli::Prog::new(&self.out.prog);
            match crate::cli::parse_shuffle_mode(&prog, &arg) {
                Ok(mode) => {
                    let mode = match mode {
                        crate::cli::ShuffleMode::Random => {
                            crate::cli::ShuffleMode::Seed(self.shuffle.pick_seed())
                        }
                        m => m,
                    };
                    self.opts.shuffle = match mode {
                        crate::cli::ShuffleMode::None => None,
                        crate::cli::ShuffleMode::Reverse => Some(b"reverse".to_vec()),
                        crate::cli::ShuffleMode::Identity => Some(b"identity".to_vec()),
                        crate::cli::ShuffleMode::Seed(n) => {
                            self.shuffle.seed = n;
                            Some(n.to_string().into_bytes())
                        }
                        crate::cli::ShuffleMode::Random => None,
                    };
                    self.shuffle.mode = Some(mode);
                    self.define_makeflags();
                }
                Err(e) => {
                    self.out.stderr(&e.render());
                    return Err(MakeError::Exit(2));
                }
            }
        }
        let Some(auth) = self.opts.jobserver_auth.clone() else {
            return Ok(());
        };
        if self.opts.argv_jobs.is_none() {
            match Jobserver::connect(&auth) {
                Ok(Some(js)) => {
                    self.jobs.jobserver = Some(js);
                    return Ok(());
                }
                Ok(None) => {}
                Err(m) => self.out.error(None, &m),
            }
            self.out.error(
                None,
                b"warning: jobserver unavailable: using -j1.  Add '+' to parent make rule.",
            );
            self.opts.jobs = Some(Some(1));
        } else {
            let n = match self.opts.argv_jobs {
                Some(Some(n)) => n,
                _ => 0,
            };
            // A restarted make said so before it re-executed itself.
            if self.mkfiles.restarts == 0 {
                let m = format!(
                    "warning: -j{} forced in submake: resetting jobserver mode.",
                    n
                );
                self.out.error(None, m.as_bytes());
            }
        }
        self.opts.jobserver_auth = None;
        self.define_makeflags();
        Ok(())
    }

    /// A makefile's MAKEFLAGS set `-j` (the command line did not) in a make
    /// that joined its parent's jobserver: GNU warns and leaves it, to be
    /// the top of a jobserver of its own.
    pub fn leave_jobserver_for_makefile_jobs(&mut self) {
        if self.jobs.jobserver.is_none() {
            return;
        }
        if self.mkfiles.restarts == 0 {
            let n = match self.opts.jobs {
                Some(Some(n)) => n,
                _ => 0,
            };
            let m = format!(
                "warning: -j{} forced in makefile: resetting jobserver mode.",
                n
            );
            self.out.error(None, m.as_bytes());
        }
        self.jobs.jobserver = None;
        self.opts.jobserver_auth = None;
    }

    fn serial_jobs(&self) -> bool {
        self.db.not_parallel || (self.jobs.slots == 1 && self.jobs.jobserver.is_none())
    }

    /// GNU's `new_job`: waits for a slot, then starts the job (and, when
    /// not running in parallel, waits for it to finish).
    pub fn new_job(&mut self, mut job: Job) -> Result<()> {
        let f = job.file;
        // GNU takes the job's first command before it waits for a slot:
        // the line offset the recipe shares with its other jobs (the line
        // their failures are reported at) moves to that command's line
        // now, and stays wherever they move it until this job runs.
        let first = job.lines.iter().position(|l| !l.0.is_empty()).unwrap_or(0);
        self.set_recipe_offset(&job, first as u32);
        job.offset_primed = true;
        // Wait for a free slot.
        if self.jobs.slots != 0 {
            while self.slots_used() >= self.jobs.slots {
                self.reap_children(true)?;
            }
        } else if self.jobs.jobserver.is_some() {
            loop {
                self.db_need_token(!self.jobs.running.is_empty());
                if self.jobs.tokens == 0 {
                    break;
                }
                self.reap_children(false)?;
                self.start_waiting_jobs()?;
                if self.jobs.tokens == 0 {
                    break;
                }
                let got = match self.jobs.jobserver.as_ref().map(|j| j.try_acquire()) {
                    Some(Ok(got)) => got,
                    Some(Err(e)) => {
                        // (GNU writes it into the job's output, as when
                        // its recipe fails to expand)
                        self.hold_fatal_output(job.sync);
                        let mut m = b"read jobs pipe: ".to_vec();
                        m.extend_from_slice(&crate::exec::error_text(&e));
                        return Err(MakeError::msg(None, m));
                    }
                    None => false,
                };
                if got {
                    let id = self.child_id(f);
                    self.db_child_obtained_token(f, id);
                    break;
                }
                self.wait_for_event();
                // A fatal signal ends the wait: make acts on it at once.
                if crate::signals::interrupts_wait() {
                    if let Some(sig) = crate::signals::pending() {
                        self.die_of_signal(sig, None);
                    }
                }
            }
        }
        self.jobs.tokens += 1;
        // --trace's line comes once the job has its token (GNU prints it
        // there, with the job's output).
        let outer_capture = self.out.capture;
        if job.sync.is_some() {
            self.out.capture = job.sync;
        }
        let traced = self.trace_why(f);
        self.out.capture = outer_capture;
        if let Err(e) = traced {
            if self.jobs.tokens > 1 {
                if let Some(js) = &self.jobs.jobserver {
                    js.release();
                }
            }
            self.jobs.tokens -= 1;
            self.release_sync_files(job.sync);
            return Err(e);
        }
        self.start_waiting_job(job)?;
        if self.serial_jobs() || self.jobs.slots == 1 {
            while self.db.file(f).command_state == CommandState::Running
                && !self.jobs.running.is_empty()
            {
                self.reap_children(true)?;
            }
        }
        Ok(())
    }

    /// Sleeps until a token may be there or a child may have ended.
    fn wait_for_event(&mut self) {
        let mut fds = Vec::new();
        if let Some(js) = &self.jobs.jobserver {
            fds.push(libc::pollfd {
                fd: js.poll_fd(),
                events: libc::POLLIN,
                revents: 0,
            });
        }
        let mut all_pidfds = true;
        for j in &self.jobs.running {
            if let Some(fd) = j.pidfd {
                fds.push(libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                });
            } else {
                all_pidfds = false;
            }
        }
        let timeout = if !all_pidfds {
            5
        } else if !self.jobs.waiting.is_empty() {
            1000
        } else {
            -1
        };
        // SAFETY: fds is a valid array of pollfd.
        unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout) };
    }

    /// Starts jobs that waited for the load average.
    /// The list is GNU's: the last job put back is tried first, and the
    /// round ends when one is put back (the load is still too high).
    pub fn start_waiting_jobs(&mut self) -> Result<()> {
        while !self.jobs.waiting.is_empty() {
            // Children that ended meanwhile are reaped first.
            self.reap_children(false)?;
            let Some(job) = self.jobs.waiting.pop() else {
                break;
            };
            let waiting = self.jobs.waiting.len();
            self.start_waiting_job(job)?;
            if self.jobs.waiting.len() > waiting {
                break;
            }
        }
        Ok(())
    }

    /// GNU's `load_too_high` for `-l MAX`, asked while jobs run: more
    /// processes running on the system than MAX (the system's load
    /// average when `/proc/loadavg` cannot be read).
    fn load_too_high(&mut self) -> bool {
        let Some(max) = self.opts.load_average else {
            return false;
        };
        if max <= 0.0 || self.slots_used() == 0 {
            return false;
        }
        if !self.jobs.load_method_told {
            self.jobs.load_method_told = true;
            if self.isdb(crate::cli::db::JOBS) {
                self.out
                    .debug(b"Using /proc/loadavg load detection method.\n");
            }
        }
        match running_processes() {
            Some(n) => {
                if self.isdb(crate::cli::db::JOBS) {
                    let m = format!(
                        "Running: system = {} / make = {} (max requested = {})\n",
                        n,
                        self.slots_used(),
                        crate::locale::localized_number(format!("{max:.6}"))
                    );
                    self.out.debug(m.as_bytes());
                }
                n as f64 > max
            }
            None => load_average().is_some_and(|l| l >= max),
        }
    }

    /// GNU's set_command_state: the file's state, and its peers' (targets
    /// the same recipe makes) when that moves them forward.
    pub fn set_command_state(&mut self, f: FileId, state: CommandState) {
        self.db.file_mut(f).command_state = state;
        for (at, a) in self
            .db
            .file(f)
            .ext()
            .also_make
            .clone()
            .into_iter()
            .enumerate()
        {
            if state > self.db.file(a).command_state && !self.db.peer_renamed_away(f, a, Some(at)) {
                self.db.file_mut(a).command_state = state;
            }
        }
    }

    fn start_waiting_job(&mut self, mut job: Job) -> Result<()> {
        let f = job.file;
        if self.load_too_high() {
            self.set_command_state(f, CommandState::Running);
            self.jobs.waiting.push(job);
            return Ok(());
        }
        match self.start_job_command(&mut job)? {
            Step::Running => {
                self.set_command_state(f, CommandState::Running);
                job.jobslot = job.pid > 0;
                self.jobs.running.push(job);
                Ok(())
            }
            Step::Done(st) => self.finish_job(job, st, false),
        }
    }

    /// Runs the job's commands until one is running in the background or
    /// the job is over (GNU's `start_job_command` loop).
    fn start_job_command(&mut self, job: &mut Job) -> Result<Step> {
        let f = job.file;
        let silent_all = self.opts.silent || self.db.silent_all;
        job.skipped = false;
        loop {
            if crate::signals::pending().is_some() || self.jobs.dying && !job.started {
                return Ok(Step::Done(UpdateStatus::Failed));
            }
            let c = match self.next_job_command(job) {
                Ok(c) => c,
                Err(e) => {
                    self.out.capture = None;
                    return Err(e);
                }
            };
            let Some(c) = c else {
                job.ended_inside = job.skipped;
                return Ok(Step::Done(UpdateStatus::Success));
            };
            job.noerror = c.noerror;
            job.recursive = c.recursive;
            if self.opts.question && !c.recursive {
                job.ended_inside = true;
                return Ok(Step::Done(UpdateStatus::Question));
            }
            if self.opts.touch && !c.recursive {
                job.skipped = true;
                continue;
            }
            let sync_mode = self.opts.output_sync;
            job.syncing = sync_mode != OutputSync::None
                && (sync_mode == OutputSync::Recurse || !c.recursive)
                && !self.serial_jobs_for_sync();
            if job.syncing && job.sync.is_none() {
                job.sync = sync_files();
                job.syncing = job.sync.is_some();
            }
            if !job.syncing {
                // Output held so far comes before this command's.
                self.dump_sync(job);
            }
            // GNU drops the -e that .POSIX adds when the recipe line, as
            // written, has a `-` prefix (not for one its expansion gives,
            // nor for .IGNORE or -i).
            let line_noerror = job
                .lines
                .get(c.line)
                .is_some_and(|l| l.1 & crate::recipe::NOERROR != 0);
            let flags: Vec<u8> = if self.db.posix && line_noerror && job.default_shell_flags {
                b"-c".to_vec()
            } else {
                job.shell_flags.clone()
            };
            let posix_errexit = self.db.posix && !line_noerror;
            // GNU's empty command runs nothing and starts no output.
            let spec = crate::exec::ShellSpec {
                shell: &job.shell,
                flags: &flags,
                ifs: job.ifs.as_deref(),
                one_shell: self.db.one_shell,
                posix_errexit,
            };
            let noop = crate::exec::is_noop_line(&c.run, &spec);
            if sync_mode == OutputSync::Recurse && !noop {
                self.out.start();
            }
            self.out.capture = if job.syncing { job.sync } else { None };
            if self.opts.dry_run || self.print_all_commands() || (!c.silent && !silent_all) {
                let mut echo = c.text.clone();
                echo.push(b'\n');
                self.out.stdout(&echo);
                // GNU's handler of a fatal signal (SIGPIPE from this very
                // write) never returns to start the command.
                if crate::signals::pending().is_some() {
                    self.out.capture = None;
                    return Ok(Step::Done(UpdateStatus::Failed));
                }
            }
            self.db.commands_started += 1;
            crate::compile_commands::note_command(self, &c.text);
            if self.opts.dry_run && !c.recursive {
                self.out.capture = None;
                job.skipped = true;
                continue;
            }
            job.cur_line = c.line;
            // GNU skips the empty command before building the environment
            // (whose expansions may print or fail): it is built for the
            // first command that runs.
            if job.env.is_none() && !noop {
                let env = match self.job_env(f) {
                    Ok(e) => e,
                    Err(e) => {
                        self.out.capture = None;
                        return Err(e);
                    }
                };
                job.env = Some(env);
            }
            // GNU passes over `SH -c :` before it marks the target running:
            // a job whose only lines before a -q stop are such no-ops ran
            // nothing (its target's time is not taken as new). It marks it
            // once the environment is built (an error there leaves it not
            // running, -p shows).
            if !noop {
                job.started = true;
                self.set_command_state(f, CommandState::Running);
            }
            let env = job.env.clone().unwrap_or_default();
            let cmd = Command {
                shell: &job.shell,
                shell_flags: &flags,
                line: &c.run,
                env: &env,
                ifs: job.ifs.as_deref(),
                posix_errexit,
            };
            if !job.syncing && !noop {
                self.out.start();
            }
            // Writing the command or the directory line may have raised a
            // fatal signal (SIGPIPE: stdout's reader is gone). GNU's handler
            // ends make there; here the command must not run first (a
            // recursive make would go on forever).
            if crate::signals::pending().is_some() {
                self.out.capture = None;
                return Ok(Step::Done(UpdateStatus::Failed));
            }
            let good_stdin = !self.jobs.good_stdin_taken;
            let (so, se) = match (job.syncing, job.sync) {
                (true, Some((o, e))) => (Some(o), Some(e)),
                _ => (None, None),
            };
            if let Some(js) = &self.jobs.jobserver {
                js.inherit(c.recursive);
            }
            let started = self.runner.start_with(&cmd, good_stdin, so, se);
            if let Some(js) = &self.jobs.jobserver {
                js.inherit(false);
            }
            job.not_started = !matches!(started, Ok(Started::Running(_)));
            let status = match started {
                Ok(Started::Running(pid)) => {
                    job.pid = pid;
                    job.cmd_name = self.runner.take_program();
                    let id = self.chain_child(job);
                    self.db_child_live(job.file, id, pid);
                    job.pidfd = if self.jobs.slots == 1 && self.jobs.jobserver.is_none() {
                        None
                    } else {
                        pidfd_open(pid)
                    };
                    if good_stdin {
                        self.jobs.good_stdin_taken = true;
                    }
                    self.out.capture = None;
                    return Ok(Step::Running);
                }
                Ok(Started::Finished(st)) => st,
                // Under -j, GNU chains a child that never started and
                // notices its end (127) when it next reaps children: jobs
                // considered meanwhile still start.
                Ok(Started::NotStarted) if !self.one_slot() => {
                    job.pid = NEVER_STARTED;
                    self.chain_child(job);
                    self.out.capture = None;
                    return Ok(Step::Running);
                }
                Ok(Started::NotStarted) => Status::Exited(127),
                Err(e) => {
                    self.start_failure(&c.text, &e);
                    Status::Exited(127)
                }
            };
            let r = self.job_command_status(job, status);
            job.child_question = r == Some(UpdateStatus::Question);
            self.after_command(job);
            if let Some(st) = r {
                return Ok(Step::Done(st));
            }
            if noop {
                // GNU passes over `SH -c :` as over a line skipped under
                // -n/-t: a job ending with it ends "inside".
                job.skipped = true;
            } else if job.not_started {
                // GNU's child that never started is reaped like any other:
                // the next command starts a new round (lines skipped under
                // -t/-n before it do not make the job end "inside").
                job.skipped = false;
            }
        }
    }

    /// The job's child (`job.pid`) is on GNU's chain of children: said
    /// once a job, as its next commands run under the same child. Returns
    /// the child's id.
    fn chain_child(&mut self, job: &mut Job) -> usize {
        let id = self.child_id(job.file);
        if !job.on_chain {
            job.on_chain = true;
            self.db_child_put(job.file, id, job.pid);
        }
        id
    }

    /// Running jobs holding a job slot (GNU's `job_slots_used`).
    pub(crate) fn slots_used(&self) -> u32 {
        self.jobs.running.iter().filter(|j| j.jobslot).count() as u32
    }

    /// One job slot and no jobserver: `-j1`.
    pub(crate) fn one_slot(&self) -> bool {
        self.jobs.slots == 1 && self.jobs.jobserver.is_none()
    }

    /// A job is over: gives its slot back and notes the file finished.
    /// `reaped`: it ended after one of its commands was reaped.
    fn finish_job(&mut self, mut job: Job, status: UpdateStatus, reaped: bool) -> Result<()> {
        let f = job.file;
        let ran = job.started || status != UpdateStatus::Question;
        if job.ended_inside {
            // GNU notices such a file finished inside its start of the next
            // command, before the job's held output is shown: into that
            // output when the job has just begun, straight out after a
            // reaped command (no output is current then).
            self.out.capture = if job.syncing && !reaped {
                job.sync
            } else {
                None
            };
            self.set_finished_status(f, status, ran);
            self.notice_finished_file(f, ran);
            self.out.capture = None;
            // After a reaped command, a target that is not a success now
            // (-q) is deleted next, whatever .DELETE_ON_ERROR, before the
            // job's held output is shown.
            if reaped && self.db.file(f).update_status != UpdateStatus::Success {
                let name = self.db.file(f).name.to_vec();
                self.delete_target(f, None);
                for a in self.db.file(f).ext().also_make.clone() {
                    self.delete_target(a, Some(&name));
                }
            }
        }
        self.dump_sync(&mut job);
        close_sync_files(job.sync.take());
        if let Some(fd) = job.pidfd.take() {
            close(fd);
        }
        if self.jobs.tokens > 1 {
            if let Some(js) = &self.jobs.jobserver {
                js.release();
                let id = self.child_id(f);
                self.db_child_released_token(f, id);
            }
        }
        self.jobs.tokens = self.jobs.tokens.saturating_sub(1);
        if job.pid != 0 && self.jobs.good_stdin_taken && self.jobs.running.is_empty() {
            self.jobs.good_stdin_taken = false;
        }
        if !job.ended_inside {
            self.set_finished_status(f, status, ran);
            self.notice_finished_file(f, ran);
        } else {
            // GNU notices such a file finished twice: a second `touch`
            // under -t.
            self.notice_finished_file(f, false);
        }
        let question = status == UpdateStatus::Question && job.child_question;
        if (status == UpdateStatus::Failed || question)
            && !self.opts.keep_going
            && !job.dontcare
            && !self.jobs.dying
            && crate::signals::pending().is_none()
        {
            self.jobs.dying = true;
            self.wait_all_jobs(true);
            return Err(MakeError::Exit(if question { 1 } else { 2 }));
        }
        Ok(())
    }

    /// A job's end as `notice_finished_file` expects it: the status, and
    /// the file running when a command ran.
    fn set_finished_status(&mut self, f: FileId, status: UpdateStatus, ran: bool) {
        let file = self.db.file_mut(f);
        file.update_status = status;
        if ran {
            file.command_state = CommandState::Running;
        }
    }

    /// GNU's `reap_children`: collects finished commands (waiting for one
    /// when `block`), starting each job's next command or finishing it.
    pub fn reap_children(&mut self, mut block: bool) -> Result<()> {
        loop {
            if self.jobs.running.is_empty() {
                return Ok(());
            }
            if block && self.jobs.dying && !self.jobs.printed_waiting {
                self.jobs.printed_waiting = true;
                self.into_fatal_output(|mk| {
                    mk.out.error(None, b"*** Waiting for unfinished jobs....")
                });
            }
            // A child that never started is over at once (GNU's chain
            // scan finds it before waiting for any).
            let never = self.jobs.running.iter().any(|j| j.pid == NEVER_STARTED);
            let r = if never {
                Some((NEVER_STARTED, Status::Exited(127)))
            } else {
                match self.runner.reap(block) {
                    Ok(r) => r,
                    Err(e) if e.raw_os_error() == Some(libc::EINTR) => {
                        // A fatal signal came: make acts on it at once.
                        if let Some(sig) = crate::signals::pending() {
                            self.die_of_signal(sig, None);
                        }
                        continue;
                    }
                    Err(_) => None,
                }
            };
            let Some((pid, status)) = r else {
                if block {
                    // No child of ours left: forget the jobs.
                    let jobs = std::mem::take(&mut self.jobs.running);
                    for j in jobs {
                        self.finish_job(j, UpdateStatus::Failed, true)?;
                    }
                }
                return Ok(());
            };
            // (An unknown child, inherited from whoever ran make, is
            // ignored; so is one whose job went on with its next line: a
            // blocking call waits on until a job is over, as GNU's does.)
            let Some(i) = self.jobs.running.iter().position(|j| j.pid == pid) else {
                continue;
            };
            let mut job = self.jobs.running.remove(i);
            let id = self.child_id(job.file);
            if pid != NEVER_STARTED {
                self.commands_ran();
                self.db_child_reaped(id, pid, status == Status::Exited(0));
            }
            if let Some(fd) = job.pidfd.take() {
                close(fd);
            }
            job.not_started = pid == NEVER_STARTED;
            job.pid = 0;
            if self.jobs.good_stdin_taken {
                self.jobs.good_stdin_taken = false;
            }
            // The job keeps its place in the table (GNU's chain of
            // children, whose order shows when make dies of a signal).
            let i = i.min(self.jobs.running.len());
            if let Some(sig) = crate::signals::pending() {
                self.jobs.running.insert(i, job);
                self.die_of_signal(sig, Some((pid, status)));
            }
            self.out.capture = if job.syncing { job.sync } else { None };
            let r = self.job_command_status(&job, status);
            job.child_question = r == Some(UpdateStatus::Question);
            self.after_command(&mut job);
            let step = match r {
                Some(st) => Step::Done(st),
                None => self.start_job_command(&mut job)?,
            };
            match step {
                Step::Running => self
                    .jobs
                    .running
                    .insert(i.min(self.jobs.running.len()), job),
                Step::Done(st) => {
                    // GNU takes the child off its chain once its job is
                    // over: after the error message, and after the next
                    // commands echoed under -n.
                    self.db_child_removed(id, pid);
                    self.finish_job(job, st, true)?;
                    block = false;
                }
            }
            // Not pending when this child's handling began (checked above).
            if crate::signals::pending() == Some(libc::SIGPIPE) {
                self.die_in_reap();
            }
        }
    }

    /// Waits for every running job (printing GNU's "Waiting for unfinished
    /// jobs" when `announce`), handling their ends.
    pub fn wait_all_jobs(&mut self, announce: bool) {
        self.jobs.dying = true;
        if !announce {
            self.jobs.printed_waiting = true;
        }
        self.jobs.waiting.clear();
        // GNU waits while job slots are in use: a job whose first command
        // never started holds none (see `Job::jobslot`), so when only such
        // jobs are left they are not waited for nor reported (their later
        // commands run on after make exits), and what they held under
        // output sync is never shown.
        while self.slots_used() > 0 {
            let _ = self.reap_children(true);
        }
        for job in std::mem::take(&mut self.jobs.running) {
            close_sync_files(job.sync);
        }
    }
}
