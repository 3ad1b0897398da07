//! The `--help` and `--version` texts.

/// The host triple GNU prints ("Built for ...").
pub fn host_triple() -> String {
    let arch = std::env::consts::ARCH;
    match std::env::consts::OS {
        "linux" => format!("{arch}-pc-linux-gnu"),
        "macos" => format!("{arch}-apple-darwin"),
        "freebsd" => format!("{arch}-unknown-freebsd"),
        os => format!("{arch}-unknown-{os}"),
    }
}

/// Where rmake's bugs are reported.
pub const BUG_REPORTS: &str = "the rmake developers (see README.md)";

const OPTIONS: &str = "\
Options:
  -b, -m                      Ignored for compatibility.
  -B, --always-make           Unconditionally make all targets.
  -C DIRECTORY, --directory=DIRECTORY
                              Change to DIRECTORY before doing anything.
  -d                          Print lots of debugging information.
  --debug[=FLAGS]             Print various types of debugging information.
  -e, --environment-overrides
                              Environment variables override makefiles.
  -E STRING, --eval=STRING    Evaluate STRING as a makefile statement.
  -f FILE, --file=FILE, --makefile=FILE
                              Read FILE as a makefile.
  -h, --help                  Print this message and exit.
  -i, --ignore-errors         Ignore errors from recipes.
  -I DIRECTORY, --include-dir=DIRECTORY
                              Search DIRECTORY for included makefiles.
  -j [N], --jobs[=N]          Allow N jobs at once; infinite jobs with no arg.
  --jobserver-style=STYLE     Select the style of jobserver to use.
  -k, --keep-going            Keep going when some targets can't be made.
  -l [N], --load-average[=N], --max-load[=N]
                              Don't start multiple jobs unless load is below N.
  -L, --check-symlink-times   Use the latest mtime between symlinks and target.
  -n, --just-print, --dry-run, --recon
                              Don't actually run any recipe; just print them.
  -o FILE, --old-file=FILE, --assume-old=FILE
                              Consider FILE to be very old and don't remake it.
  -O[TYPE], --output-sync[=TYPE]
                              Synchronize output of parallel jobs by TYPE.
  -p, --print-data-base       Print make's internal database.
  -q, --question              Run no recipe; exit status says if up to date.
  -r, --no-builtin-rules      Disable the built-in implicit rules.
  -R, --no-builtin-variables  Disable the built-in variable settings.
  --shuffle[={SEED|random|reverse|none}]
                              Perform shuffle of prerequisites and goals.
  -s, --silent, --quiet       Don't echo recipes.
  --no-silent                 Echo recipes (disable --silent mode).
  -S, --no-keep-going, --stop
                              Turns off -k.
  -t, --touch                 Touch targets instead of remaking them.
  --trace                     Print tracing information.
  -v, --version               Print the version number of make and exit.
  -w, --print-directory       Print the current directory.
  --no-print-directory        Turn off -w, even if it was turned on implicitly.
  -W FILE, --what-if=FILE, --new-file=FILE, --assume-new=FILE
                              Consider FILE to be infinitely new.
  --warn-undefined-variables  Warn when an undefined variable is referenced.
";

/// GNU make's usage text (`--help`, or on stderr after a bad option) with
/// PROG as the program name; the last line names rmake's bug tracker.
pub fn help_text(prog: &[u8]) -> Vec<u8> {
    let mut v = b"Usage: ".to_vec();
    v.extend_from_slice(prog);
    v.extend_from_slice(b" [options] [target] ...\n");
    v.extend_from_slice(OPTIONS.as_bytes());
    v.extend_from_slice(format!("\nThis program built for {}\n", host_triple()).as_bytes());
    v.extend_from_slice(format!("Report bugs to {BUG_REPORTS}\n").as_bytes());
    v
}

/// `--version` output. Its first line starts with `GNU Make 4.4.1` (how
/// scripts recognize GNU make) and names rmake after it, with no digit:
/// scripts take the version from that line (Buildroot's check-host-make.sh
/// keeps what follows the line's last space before a digit, others keep
/// all its digits and dots), so a number there would be read as the
/// version. The other lines have GNU's order (`Built for`, then the
/// copyright line, which gives rmake's own version) and say neither `GNU
/// Make` nor `Make` and a digit: scripts pick the version out of the
/// lines that do (`grep 'GNU Make' | sed ...`, `grep 'Make [0-9]'`).
pub fn version_text(prog: &[u8]) -> Vec<u8> {
    version_text_prefixed(prog, b"")
}

/// The version text with every line prefixed (GNU uses `# ` under `-p`).
pub fn version_text_prefixed(_prog: &[u8], prefix: &[u8]) -> Vec<u8> {
    let lines = [
        "GNU Make 4.4.1 (rmake)".to_string(),
        format!("Built for {}", host_triple()),
        format!(
            "Copyright (C) the rmake developers (rmake {}, a reimplementation in Rust)",
            env!("CARGO_PKG_VERSION")
        ),
        "License MIT OR Apache-2.0: <https://opensource.org/licenses/MIT>, <https://www.apache.org/licenses/LICENSE-2.0>".to_string(),
        "This is free software: you are free to change and redistribute it.".to_string(),
        "There is NO WARRANTY, to the extent permitted by law.".to_string(),
    ];
    let mut v = Vec::new();
    for l in lines {
        v.extend_from_slice(prefix);
        v.extend_from_slice(l.as_bytes());
        v.push(b'\n');
    }
    v
}
