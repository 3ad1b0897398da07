//! rmake: a drop-in replacement for GNU make 4.4.1.
//!
//! The pipeline: `reader` (bytes to logical lines) -> `parser` (lines to
//! statements with expression trees) -> `eval` (statements run in order,
//! filling `vars` and the rule database `rules`) -> `update` (bringing goals
//! up to date) -> `exec` (running recipe lines).

pub mod archive;
pub mod ast;
pub mod beyond;
pub mod cli;
pub mod compile_commands;
pub mod dbprint;
pub mod debug;
pub mod default_rules;
pub mod environ;
pub mod error;
pub mod eval;
pub mod exec;
pub mod expand;
pub mod fs;
pub mod functions;
pub mod glob;
pub mod graph;
pub mod hash;
pub mod implicit;
pub mod jobs;
pub mod jobserver;
pub mod list;
pub mod load;
pub mod make;
pub mod makefiles;
pub mod output;
pub mod parser;
pub mod patterns;
pub mod reader;
pub mod recipe;
pub mod rules;
pub mod run;
pub mod shuffle;
pub mod signals;
pub mod update;
pub mod vars;
pub mod vpath;
pub mod why;

/// Runs make with the process's arguments; returns the exit status.
pub fn run() -> i32 {
    run::run()
}
