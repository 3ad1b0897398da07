//! The messages of `-d`, `--debug=FLAGS` and `--trace`, one function per
//! message, called from the update engine and the recipe runner.

use crate::cli::db;
use crate::fs::MTime;
use crate::make::Make;
use crate::rules::FileId;

impl Make {
    /// `--trace` (`why`): before a recipe starts, says why the target is
    /// remade: `Makefile:2: update target 'all' due to: target does not exist`.
    pub fn trace_why(&mut self, f: FileId) -> crate::error::Result<()> {
        if !self.isdb(db::WHY) {
            return Ok(());
        }
        let file = self.db.file(f);
        let mut m = match file.recipe.as_ref() {
            Some(r) if !r.loc.file.is_empty() => {
                let mut v = r.loc.file.to_vec();
                v.extend_from_slice(format!(":{}", r.loc.line).as_bytes());
                v
            }
            _ => b"<builtin>".to_vec(),
        };
        m.extend_from_slice(b": update target '");
        m.extend_from_slice(&file.name);
        m.extend_from_slice(b"' due to: ");
        if file.phony {
            m.extend_from_slice(b"target is .PHONY");
        } else if file.last_mtime == Some(MTime::Missing) {
            m.extend_from_slice(b"target does not exist");
        } else {
            let newer = self.expand_text(b"$?")?;
            if !newer.is_empty() {
                m.extend_from_slice(&newer);
            } else {
                let file = self.db.file(f);
                let missing: Vec<&[u8]> = file
                    .deps
                    .iter()
                    .map(|d| self.db.file(d.file))
                    .filter(|d| d.last_mtime == Some(MTime::Missing))
                    .map(|d| d.name.as_slice())
                    .collect();
                if missing.is_empty() {
                    m.extend_from_slice(b"unknown reasons");
                } else {
                    m.extend_from_slice(&missing.join(&b' '));
                }
            }
        }
        m.push(b'\n');
        self.out.stdout(&m);
        Ok(())
    }

    /// Whether recipe lines are echoed even when silent (`--debug=print`).
    pub fn print_all_commands(&self) -> bool {
        self.isdb(db::PRINT)
    }
}
