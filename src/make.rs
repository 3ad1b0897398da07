//! The state of one make run: variables, the rule database, options and
//! output, shared by every stage.

use crate::cli::Options;
use crate::error::Loc;
use crate::output::Output;
use crate::rules::Db;
use crate::vars::Vars;

pub struct Make {
    pub opts: Options,
    pub vars: Vars,
    pub db: Db,
    pub out: Output,
    /// Where the line being read, or the recipe being expanded, comes from:
    /// the location errors and warnings are reported at.
    pub loc: Option<Loc>,
    /// Recursive variables being expanded (self-reference detection).
    pub expanding: Vec<Vec<u8>>,
    /// The file system seen by the update engine (a virtual one in tests).
    pub fs: Box<dyn crate::fs::Fs>,
    /// Runs recipe lines (a recording fake in tests).
    pub runner: Box<dyn crate::exec::Runner>,
}

impl Make {
    pub fn new(opts: Options, out: Output) -> Make {
        Make {
            opts,
            vars: Vars::default(),
            db: Db::default(),
            out,
            loc: None,
            expanding: Vec::new(),
            fs: Box::new(crate::fs::RealFs),
            runner: Box::new(crate::exec::RealRunner),
        }
    }
}
