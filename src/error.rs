//! Typed errors. Every error that stops make carries the makefile location
//! it arose at (when there is one); `output` renders them in GNU's format:
//! `FILE:LINE: *** MESSAGE.  Stop.` or `PROG: *** MESSAGE.  Stop.`.

use std::fmt;

/// A place in a makefile: file name and 1-based line number, in 8 bytes
/// (every rule, recipe and variable keeps one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Loc {
    pub file: SrcName,
    pub line: u32,
}

impl Loc {
    pub fn new(file: SrcName, line: u32) -> Loc {
        Loc { file, line }
    }
}

/// A makefile's name as locations hold it: interned for the run (names
/// are few: the makefiles read, `$(eval)` and command-line sources), so
/// that a location is copied instead of reference-counted. Reads as the
/// name's bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SrcName(std::num::NonZeroU32);

/// The interned names of this thread (make runs on one thread; the
/// names live until the process ends). The empty name is the first.
struct SrcNames {
    names: Vec<&'static [u8]>,
    index: crate::hash::FxHashMap<&'static [u8], u32>,
}

impl Default for SrcNames {
    fn default() -> SrcNames {
        let mut index = crate::hash::FxHashMap::default();
        index.insert(&b""[..], 0);
        SrcNames {
            names: vec![b""],
            index,
        }
    }
}

thread_local! {
    static SRC_NAMES: std::cell::RefCell<SrcNames> = std::cell::RefCell::default();
}

impl SrcName {
    pub fn intern(name: &[u8]) -> SrcName {
        SRC_NAMES.with(|n| {
            let mut n = n.borrow_mut();
            let i = match n.index.get(name) {
                Some(&i) => i,
                None => {
                    let stored: &'static [u8] = Box::leak(name.into());
                    let i = n.names.len() as u32;
                    n.names.push(stored);
                    n.index.insert(stored, i);
                    i
                }
            };
            // Numbered from 1, so that `Option<Loc>` needs no extra room.
            SrcName(std::num::NonZeroU32::MIN.saturating_add(i))
        })
    }

    pub fn bytes(self) -> &'static [u8] {
        let i = self.0.get() as usize - 1;
        SRC_NAMES.with(|n| n.borrow().names.get(i).copied().unwrap_or(b""))
    }
}

impl Default for SrcName {
    /// The empty name (built-in rules, locations not in a makefile).
    fn default() -> SrcName {
        SrcName(std::num::NonZeroU32::MIN)
    }
}

impl std::ops::Deref for SrcName {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.bytes()
    }
}

impl fmt::Debug for SrcName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", Lossy(self.bytes()).to_string())
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", String::from_utf8_lossy(&self.file), self.line)
    }
}

/// Lossy text for `Display` impls; the real output path writes raw bytes.
pub struct Lossy<'a>(pub &'a [u8]);

impl fmt::Display for Lossy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(self.0))
    }
}

/// How deeply expansions, function calls, `$(eval)`s and includes may nest
/// (and references may nest in parsed text) before make stops with
/// [`ErrorKind::TooDeep`]. `run` gives make's thread a stack big enough for
/// this many levels.
pub const MAX_DEPTH: u32 = 50_000;

/// How many bytes the arguments of the `$(call)`s in progress may hold
/// together before make stops with [`ErrorKind::CallArgsTooBig`]: a
/// recursion whose arguments grow would otherwise eat all memory before
/// reaching [`MAX_DEPTH`].
pub const MAX_CALL_ARG_BYTES: usize = 512 << 20;

/// What went wrong. The `Display` text is GNU's message without location,
/// the `*** ` prefix or the `.  Stop.` suffix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    #[error("missing separator")]
    MissingSeparator,
    #[error("missing separator (did you mean TAB instead of 8 spaces?)")]
    MissingSeparatorTab,
    #[error("unterminated variable reference")]
    UnterminatedVarRef,
    #[error("unterminated call to function '{}': missing '{}'", Lossy(.name), *.close as char)]
    UnterminatedCall { name: Vec<u8>, close: u8 },
    #[error("insufficient number of arguments ({}) to function '{}'", .given, Lossy(.name))]
    TooFewArgs { name: Vec<u8>, given: usize },
    #[error("Recursive variable '{}' references itself (eventually)", Lossy(.0))]
    RecursiveVariable(Vec<u8>),
    #[error("missing 'endif'")]
    MissingEndif,
    #[error("extraneous 'endif'")]
    ExtraneousEndif,
    #[error("extraneous '{}'", Lossy(.0))]
    Extraneous(Vec<u8>),
    #[error("missing 'endef', unterminated 'define'")]
    MissingEndef,
    #[error("extraneous 'endef'")]
    ExtraneousEndef,
    #[error("recipe commences before first target")]
    RecipeBeforeTarget,
    #[error("empty variable name")]
    EmptyVariableName,
    /// Nesting of expansions, `$(call)`/`$(eval)`, includes or parsed
    /// references beyond [`MAX_DEPTH`] (GNU overflows its stack instead).
    #[error("maximum recursion depth ({}) exceeded", MAX_DEPTH)]
    TooDeep,
    /// Prerequisites nested so deeply (or, through a bug, endlessly) that
    /// make's stack is nearly used up (GNU overflows its stack instead).
    #[error("prerequisites of '{}' nest too deeply: stack exhausted", Lossy(.0))]
    StackExhausted(Vec<u8>),
    /// The arguments of nested `$(call)`s beyond [`MAX_CALL_ARG_BYTES`].
    #[error("arguments of nested calls exceed {} MiB (runaway recursion?)", MAX_CALL_ARG_BYTES >> 20)]
    CallArgsTooBig,
    /// Any other message, already in GNU's words (e.g. `$(error TEXT)`).
    #[error("{}", Lossy(.0))]
    Message(Vec<u8>),
}

impl ErrorKind {
    /// The message as bytes (user text such as `$(error)` is not UTF-8).
    pub fn message(&self) -> Vec<u8> {
        match self {
            ErrorKind::Message(m) => m.clone(),
            ErrorKind::UnterminatedCall { name, close } => {
                let mut v = b"unterminated call to function '".to_vec();
                v.extend_from_slice(name);
                v.extend_from_slice(b"': missing '");
                v.push(*close);
                v.push(b'\'');
                v
            }
            ErrorKind::TooFewArgs { name, given } => {
                let mut v = format!("insufficient number of arguments ({}) to function '", given)
                    .into_bytes();
                v.extend_from_slice(name);
                v.push(b'\'');
                v
            }
            ErrorKind::RecursiveVariable(n) => {
                let mut v = b"Recursive variable '".to_vec();
                v.extend_from_slice(n);
                v.extend_from_slice(b"' references itself (eventually)");
                v
            }
            ErrorKind::Extraneous(n) => {
                let mut v = b"extraneous '".to_vec();
                v.extend_from_slice(n);
                v.push(b'\'');
                v
            }
            other => other.to_string().into_bytes(),
        }
    }
}

/// An error that stops make.
#[derive(Debug, Clone, thiserror::Error)]
pub enum MakeError {
    /// A fatal error: printed as `LOC: *** MSG.  Stop.` (or with the program
    /// name when there is no location), then make exits with status 2.
    #[error("{}{kind}", .loc.as_ref().map(|l| format!("{}: ", l)).unwrap_or_default())]
    Fatal { loc: Option<Loc>, kind: ErrorKind },
    /// The message was already printed; exit with this status.
    #[error("exit status {0}")]
    Exit(i32),
}

impl MakeError {
    pub fn at(loc: Option<&Loc>, kind: ErrorKind) -> MakeError {
        MakeError::Fatal {
            loc: loc.cloned(),
            kind,
        }
    }
    pub fn msg(loc: Option<&Loc>, msg: impl Into<Vec<u8>>) -> MakeError {
        MakeError::Fatal {
            loc: loc.cloned(),
            kind: ErrorKind::Message(msg.into()),
        }
    }
}

pub type Result<T, E = MakeError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_gnu_text() {
        assert_eq!(ErrorKind::MissingSeparator.message(), b"missing separator");
        let k = ErrorKind::UnterminatedCall {
            name: b"foo".to_vec(),
            close: b')',
        };
        assert_eq!(
            k.message(),
            b"unterminated call to function 'foo': missing ')'"
        );
        let k = ErrorKind::TooFewArgs {
            name: b"word".to_vec(),
            given: 1,
        };
        assert_eq!(
            k.message(),
            b"insufficient number of arguments (1) to function 'word'"
        );
    }

    #[test]
    fn src_names_intern_once() {
        assert_eq!(SrcName::intern(b""), SrcName::default());
        assert_eq!(SrcName::default().bytes(), b"");
        let a = SrcName::intern(b"sub/Makefile");
        assert_eq!(SrcName::intern(b"sub/Makefile"), a);
        assert_ne!(SrcName::intern(b"Makefile"), a);
        assert_eq!(&*a, b"sub/Makefile");
    }

    #[test]
    fn fatal_display_has_location() {
        let loc = Loc::new(SrcName::intern(b"Makefile"), 3);
        let e = MakeError::at(Some(&loc), ErrorKind::MissingSeparator);
        assert_eq!(e.to_string(), "Makefile:3: missing separator");
    }
}
