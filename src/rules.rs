//! The rule database: every file make knows of, its prerequisites and
//! recipe, and the pattern rules. (Skeleton: filled in by the rules work.)

use std::rc::Rc;

use crate::error::Loc;
use crate::hash::FxHashMap;

pub type FileId = u32;

/// One recipe line as written (unexpanded; backslash-newlines kept).
#[derive(Debug, Clone)]
pub struct RecipeLine {
    pub text: Vec<u8>,
    /// Line number in the makefile.
    pub line: u32,
}

#[derive(Debug, Clone)]
pub struct Recipe {
    pub lines: Vec<RecipeLine>,
    /// The makefile and line of the first recipe line (or of the rule when
    /// the recipe is empty).
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Dep {
    pub file: FileId,
    pub order_only: bool,
}

#[derive(Debug, Clone, Default)]
pub struct File {
    pub name: Vec<u8>,
    pub deps: Vec<Dep>,
    pub recipe: Option<Rc<Recipe>>,
}

#[derive(Debug, Default)]
pub struct Db {
    pub files: Vec<File>,
    pub by_name: FxHashMap<Vec<u8>, FileId>,
}

impl Db {
    /// The id of the file called `name`, creating its entry if needed.
    pub fn intern(&mut self, name: &[u8]) -> FileId {
        if let Some(&id) = self.by_name.get(name) {
            return id;
        }
        let id = self.files.len() as FileId;
        self.files.push(File { name: name.to_vec(), ..File::default() });
        self.by_name.insert(name.to_vec(), id);
        id
    }

    pub fn get(&self, name: &[u8]) -> Option<FileId> {
        self.by_name.get(name).copied()
    }

    pub fn file(&self, id: FileId) -> &File {
        &self.files[id as usize]
    }

    pub fn file_mut(&mut self, id: FileId) -> &mut File {
        &mut self.files[id as usize]
    }
}

/// A rule line as the evaluator read it (see `Make::record_rule`).
#[derive(Debug, Clone)]
pub struct RuleDef {
    pub targets: Vec<Vec<u8>>,
    pub target_pattern: Option<Vec<u8>>,
    pub prereqs: Vec<Vec<u8>>,
    pub order_only: Vec<Vec<u8>>,
    pub double_colon: bool,
    pub grouped: bool,
    pub recipe: Option<Recipe>,
    pub loc: Loc,
}

impl crate::make::Make {
    /// Enters a rule into the database. (Stub until the rules work lands.)
    pub fn record_rule(&mut self, r: RuleDef) -> crate::error::Result<()> {
        for t in &r.targets {
            let id = self.db.intern(t);
            if r.recipe.is_some() {
                self.db.file_mut(id).recipe = r.recipe.clone().map(Rc::new);
            }
        }
        Ok(())
    }

    /// Records a target-specific variable. (Stub.)
    pub fn record_target_var(&mut self, _targets: &[Vec<u8>], _name: &[u8], _var: crate::vars::Var) -> crate::error::Result<()> {
        Ok(())
    }

    /// Brings goals up to date. (Stub.)
    pub fn update_goals(&mut self, _goals: &[Vec<u8>]) -> i32 {
        0
    }
}
