//! Make run on a terminal (what the recorded cases, run on pipes, cannot
//! show): GNU defines `MAKE_TERMOUT` and `MAKE_TERMERR` naming the terminal
//! when standard output and error are one, exported, so that recipes and
//! sub-makes (which take them from the environment) see it. The same run
//! goes to rmake and, when present, to the reference GNU make 4.4.1, on a
//! pseudo-terminal each.

mod common;

use std::ffi::CStr;
use std::fs::File;
use std::io::Read;
use std::os::fd::FromRawFd;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::Scratch;

const MAKEFILE: &str = "\
$(info $(origin MAKE_TERMOUT) $(flavor MAKE_TERMOUT) [$(MAKE_TERMOUT)] $(origin MAKE_TERMERR))
all:
\t@env | grep '^MAKE_TERM' | sort
\t@$(MAKE) -s sub
sub:
\t@echo sub: $(origin MAKE_TERMOUT) $(origin MAKE_TERMERR)
";

/// A new pseudo-terminal: its master and the path of its slave (None
/// where the system has none to give, as in some containers).
fn open_pty() -> Option<(File, String)> {
    // SAFETY: plain libc calls on a descriptor this function owns; the
    // name buffer's length is passed.
    unsafe {
        let m = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        if m < 0 {
            return None;
        }
        let master = File::from_raw_fd(m);
        let mut buf = [0 as libc::c_char; 256];
        if libc::grantpt(m) != 0
            || libc::unlockpt(m) != 0
            || libc::ptsname_r(m, buf.as_mut_ptr(), buf.len()) != 0
        {
            return None;
        }
        let name = CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned();
        Some((master, name))
    }
}

/// Runs `bin` (as `make`) in `dir` with its output and errors on a fresh
/// terminal; returns what the terminal showed (line ends as `\n`, the
/// terminal's name as `TTY`) and the exit status.
fn run_on_terminal(bin: &Path, dir: &Path, args: &[&str]) -> (String, i32) {
    let (mut master, tty) = open_pty().expect("a pseudo-terminal");
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&tty)
        .expect("open the terminal");
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, Ordering::SeqCst);
    let link = common::make_symlink(&dir.join(format!("bin{n}")), bin);
    let mut child = Command::new(&link)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .stdin(Stdio::null())
        .stdout(slave.try_clone().expect("dup"))
        .stderr(slave)
        .spawn()
        .expect("run make");
    let status = child.wait().expect("wait").code().unwrap_or(-1);
    // (Every writer has the slave closed now: reading stops at its end.)
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match master.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&out)
        .replace("\r\n", "\n")
        .replace(&tty, "TTY");
    (text, status)
}

#[test]
fn terminal_variables() {
    if open_pty().is_none() {
        eprintln!("terminal_variables: no pseudo-terminal here, skipped");
        return;
    }
    let dir = Scratch::new("terminal");
    std::fs::write(dir.path.join("Makefile"), MAKEFILE).unwrap();
    let got = run_on_terminal(&common::rmake_bin(), &dir.path, &[]);
    let want = "default simple [TTY] default\n\
                MAKE_TERMERR=TTY\n\
                MAKE_TERMOUT=TTY\n\
                environment recursive [TTY] environment\n\
                sub: environment environment\n";
    assert_eq!(got, (want.to_string(), 0));
    // A value given on the command line stays (GNU defines them only when
    // they are not defined yet).
    let mine = run_on_terminal(&common::rmake_bin(), &dir.path, &["MAKE_TERMOUT=x"]);
    assert!(
        mine.0.starts_with("command line recursive [x] default\n"),
        "{mine:?}"
    );
    if let Some(gnu) = common::reference_bin() {
        assert_eq!(got, run_on_terminal(&gnu, &dir.path, &[]));
        assert_eq!(mine, run_on_terminal(&gnu, &dir.path, &["MAKE_TERMOUT=x"]));
    }
}
