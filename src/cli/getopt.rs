//! GNU `getopt_long` as make uses it: arguments are returned in order
//! (optstring starting with `-`), short options cluster, long options may be
//! abbreviated to any unambiguous prefix, `--` ends the options.

use super::table::{has_arg, long_options, short_index, HasArg, LongOpt, SWITCHES};

/// What the next argument turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A word that is not an option (including a lone `-`).
    NonOption(Vec<u8>),
    /// Switch `index` of `SWITCHES`, with its argument if one was given.
    Opt { index: usize, arg: Option<Vec<u8>> },
    /// A bad option; the message is getopt's, without a trailing newline.
    Bad(Vec<u8>),
    /// No more options: the end, or `--` (the rest are non-options).
    End,
}

pub struct Getopt<'a> {
    argv0: &'a [u8],
    args: &'a [Vec<u8>],
    /// Index of the next argument to look at.
    pub optind: usize,
    /// Position inside a short-option cluster (0: not in one).
    nextchar: usize,
    longs: Vec<LongOpt>,
}

impl<'a> Getopt<'a> {
    pub fn new(argv0: &'a [u8], args: &'a [Vec<u8>]) -> Getopt<'a> {
        Getopt {
            argv0,
            args,
            optind: 0,
            nextchar: 0,
            longs: long_options(),
        }
    }

    /// The arguments not yet looked at (valid between options).
    pub fn peek(&self) -> Option<&'a [u8]> {
        if self.nextchar != 0 {
            return None;
        }
        self.args.get(self.optind).map(|a| a.as_slice())
    }

    /// Consumes the argument `peek` returned.
    pub fn skip(&mut self) {
        self.optind += 1;
    }

    fn msg(&self, parts: &[&[u8]]) -> Vec<u8> {
        let mut v = self.argv0.to_vec();
        v.extend_from_slice(b": ");
        for p in parts {
            v.extend_from_slice(p);
        }
        v
    }

    pub fn next_event(&mut self) -> Event {
        if self.nextchar == 0 {
            let Some(arg) = self.args.get(self.optind) else {
                return Event::End;
            };
            if arg.as_slice() == b"--" {
                self.optind += 1;
                return Event::End;
            }
            if arg.first() != Some(&b'-') || arg.len() == 1 {
                self.optind += 1;
                return Event::NonOption(arg.clone());
            }
            if arg.starts_with(b"--") {
                return self.long(&arg[2..]);
            }
            self.nextchar = 1;
        }
        self.short()
    }

    fn long(&mut self, text: &'a [u8]) -> Event {
        self.optind += 1;
        let eq = text.iter().position(|&c| c == b'=');
        let name = &text[..eq.unwrap_or(text.len())];
        let found = match self.longs.iter().find(|l| l.name.as_bytes() == name) {
            Some(l) => *l,
            None => {
                let matches: Vec<&LongOpt> = self
                    .longs
                    .iter()
                    .filter(|l| l.name.as_bytes().starts_with(name))
                    .collect();
                let Some(first) = matches.first() else {
                    return Event::Bad(self.msg(&[b"unrecognized option '--", text, b"'"]));
                };
                let differs = |l: &LongOpt| {
                    l.has_arg != first.has_arg || SWITCHES[l.index].sw != SWITCHES[first.index].sw
                };
                if matches.iter().skip(1).any(|l| differs(l)) {
                    let mut m = self.msg(&[b"option '--", text, b"' is ambiguous; possibilities:"]);
                    let mut listed = vec![*first];
                    listed.extend(matches.iter().skip(1).filter(|l| differs(l)).copied());
                    // getopt lists the options in table order.
                    for l in self.longs.iter() {
                        if listed.iter().any(|x| std::ptr::eq(*x, l)) {
                            m.extend_from_slice(b" '--");
                            m.extend_from_slice(l.name.as_bytes());
                            m.push(b'\'');
                        }
                    }
                    return Event::Bad(m);
                }
                **first
            }
        };
        let long_name = found.name.as_bytes();
        match (eq, found.has_arg) {
            (Some(_), HasArg::No) => {
                Event::Bad(self.msg(&[b"option '--", long_name, b"' doesn't allow an argument"]))
            }
            (Some(i), _) => Event::Opt {
                index: found.index,
                arg: Some(text[i + 1..].to_vec()),
            },
            (None, HasArg::Required) => match self.args.get(self.optind) {
                Some(a) => {
                    self.optind += 1;
                    Event::Opt {
                        index: found.index,
                        arg: Some(a.clone()),
                    }
                }
                None => {
                    Event::Bad(self.msg(&[b"option '--", long_name, b"' requires an argument"]))
                }
            },
            (None, _) => Event::Opt {
                index: found.index,
                arg: None,
            },
        }
    }

    fn short(&mut self) -> Event {
        let Some(arg) = self.args.get(self.optind) else {
            self.nextchar = 0;
            return Event::End;
        };
        let c = arg.get(self.nextchar).copied().unwrap_or(0);
        self.nextchar += 1;
        let rest = &arg[self.nextchar.min(arg.len())..];
        let at_end = rest.is_empty();
        let finish = |g: &mut Getopt| {
            g.nextchar = 0;
            g.optind += 1;
        };
        let Some(index) = short_index(c) else {
            if at_end {
                finish(self);
            }
            return Event::Bad(self.msg(&[b"invalid option -- '", &[c], b"'"]));
        };
        match has_arg(&SWITCHES[index]) {
            HasArg::No => {
                if at_end {
                    finish(self);
                }
                Event::Opt { index, arg: None }
            }
            HasArg::Optional => {
                let a = if at_end { None } else { Some(rest.to_vec()) };
                finish(self);
                Event::Opt { index, arg: a }
            }
            HasArg::Required => {
                if !at_end {
                    let a = rest.to_vec();
                    finish(self);
                    return Event::Opt {
                        index,
                        arg: Some(a),
                    };
                }
                finish(self);
                match self.args.get(self.optind) {
                    Some(a) => {
                        self.optind += 1;
                        Event::Opt {
                            index,
                            arg: Some(a.clone()),
                        }
                    }
                    None => {
                        Event::Bad(self.msg(&[b"option requires an argument -- '", &[c], b"'"]))
                    }
                }
            }
        }
    }
}
