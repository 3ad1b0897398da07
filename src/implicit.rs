//! Implicit rule search (GNU's `pattern_search`), plugged in where GNU calls
//! `try_implicit_rule`: finds a pattern rule whose target matches a file
//! and whose prerequisites exist, ought to exist, or can be made by a
//! further (intermediate) search.

use std::rc::Rc;

use crate::error::Result;
use crate::fs::MTime;
use crate::make::Make;
use crate::patterns::match_pattern;
use crate::rules::{find_percent, subst_percent, Dep, FileId, PatternRule};

/// How deep chains of intermediate files may go.
const MAX_DEPTH: usize = 16;

/// A chosen rule for one name: (rule index, target index, stem with dir,
/// prerequisite names, order-only names, also-make names).
struct Found {
    rule: usize,
    stem: Vec<u8>,
    prereqs: Vec<Vec<u8>>,
    order_only: Vec<Vec<u8>>,
    also: Vec<Vec<u8>>,
    /// Prerequisites that must be made by nested implicit rules.
    intermediates: Vec<(Vec<u8>, Found)>,
}

/// Matches `name` against a target pattern, as GNU does: a pattern without
/// `/` is matched against the name's last component, the directory being
/// put back in front of the stem and of every prerequisite.
fn match_target(pat: &[u8], name: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let (dir, base) = if !pat.contains(&b'/') {
        match name.iter().rposition(|&c| c == b'/') {
            Some(i) => (&name[..=i], &name[i + 1..]),
            None => (&name[..0], name),
        }
    } else {
        (&name[..0], name)
    };
    let stem = match_pattern(pat, base)?;
    if stem.is_empty() {
        return None;
    }
    Some((dir.to_vec(), stem.to_vec()))
}

/// A prerequisite pattern instantiated for a stem (and directory).
fn instantiate(pat: &[u8], dir: &[u8], stem: &[u8]) -> Vec<u8> {
    if find_percent(pat).is_none() {
        return pat.to_vec();
    }
    let mut v = if pat.contains(&b'/') {
        Vec::new()
    } else {
        dir.to_vec()
    };
    v.extend_from_slice(&subst_percent(pat, stem));
    v
}

impl Make {
    /// Whether a file exists or is mentioned in the makefiles.
    fn exists_or_mentioned(&mut self, name: &[u8]) -> bool {
        if let Some(f) = self.db.get(name) {
            let file = self.db.file(f);
            if file.is_target || file.phony {
                return true;
            }
            if self.file_mtime(f) != MTime::Missing {
                return true;
            }
            return false;
        }
        self.fs.mtime(name) != MTime::Missing
    }

    fn search(&mut self, name: &[u8], in_use: &mut Vec<usize>, depth: usize) -> Option<Found> {
        let rules: Vec<Rc<PatternRule>> = self.db.patterns.iter().cloned().map(Rc::new).collect();
        // Candidates: (stem length, rule, target index, dir, stem).
        let mut cands: Vec<(usize, usize, usize, Vec<u8>, Vec<u8>)> = Vec::new();
        let mut specific = false;
        for (ri, r) in rules.iter().enumerate() {
            if in_use.contains(&ri) || r.recipe.is_none() {
                continue;
            }
            for (ti, t) in r.targets.iter().enumerate() {
                if let Some((dir, stem)) = match_target(t, name) {
                    if t.len() > 1 {
                        specific = true;
                    }
                    cands.push((dir.len() + stem.len(), ri, ti, dir, stem));
                    break;
                }
            }
        }
        if specific {
            // Match-anything rules that are not terminal give way.
            cands.retain(|c| {
                let r = &rules[c.1];
                r.targets[c.2].len() > 1 || r.terminal
            });
        }
        cands.sort_by_key(|c| c.0);
        for pass in 0..2 {
            if pass == 1 && depth >= MAX_DEPTH {
                break;
            }
            for (_, ri, ti, dir, stem) in &cands {
                let r = &rules[*ri];
                if pass == 1 && r.terminal {
                    continue;
                }
                let prereqs: Vec<Vec<u8>> = r
                    .prereqs
                    .iter()
                    .map(|p| instantiate(p, dir, stem))
                    .collect();
                let order_only: Vec<Vec<u8>> = r
                    .order_only
                    .iter()
                    .map(|p| instantiate(p, dir, stem))
                    .collect();
                let mut ok = true;
                let mut intermediates = Vec::new();
                for p in prereqs.iter().chain(order_only.iter()) {
                    if self.exists_or_mentioned(p) {
                        continue;
                    }
                    if pass == 0 {
                        ok = false;
                        break;
                    }
                    in_use.push(*ri);
                    let sub = self.search(p, in_use, depth + 1);
                    in_use.pop();
                    match sub {
                        Some(f) => intermediates.push((p.clone(), f)),
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if !ok {
                    continue;
                }
                let mut full_stem = dir.clone();
                full_stem.extend_from_slice(stem);
                let also = r
                    .targets
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i != ti)
                    .map(|(_, t)| instantiate(t, dir, stem))
                    .collect();
                return Some(Found {
                    rule: *ri,
                    stem: full_stem,
                    prereqs,
                    order_only,
                    also,
                    intermediates,
                });
            }
        }
        None
    }

    /// Gives `file` the found rule's recipe, stem and prerequisites, entering
    /// intermediate files for the nested results.
    fn apply_found(&mut self, file: FileId, found: Found) {
        for (name, sub) in found.intermediates {
            let f = self.db.intern(&name);
            if !self.db.file(f).tried_implicit {
                let is_new = !self.db.file(f).is_target;
                let notinter = self.db.file(f).notintermediate;
                self.apply_found(f, sub);
                let file = self.db.file_mut(f);
                file.tried_implicit = true;
                if is_new && !notinter {
                    file.intermediate = true;
                }
            }
        }
        let rule = match self.db.patterns.get(found.rule) {
            Some(r) => r.clone(),
            None => return,
        };
        let mut deps: Vec<Dep> = Vec::new();
        for p in &found.prereqs {
            deps.push(Dep::new(self.db.intern(p), false));
        }
        for p in &found.order_only {
            deps.push(Dep::new(self.db.intern(p), true));
        }
        let also: Vec<FileId> = found.also.iter().map(|n| self.db.intern(n)).collect();
        let f = self.db.file_mut(file);
        f.recipe = rule.recipe.clone();
        f.stem = Some(found.stem);
        deps.append(&mut f.deps);
        f.deps = deps;
        if !also.is_empty() {
            f.also_make = also.clone();
        }
        for &a in &also {
            let af = self.db.file_mut(a);
            if af.recipe.is_none() {
                af.recipe = rule.recipe.clone();
                af.tried_implicit = true;
            }
        }
    }
}

/// Looks for a pattern rule to make `file`; on success gives the file the
/// rule's recipe, prerequisites and stem. Returns whether one was found.
pub fn pattern_search(mk: &mut Make, file: FileId, _depth: u32) -> Result<bool> {
    if mk.db.patterns.is_empty() {
        return Ok(false);
    }
    let name = mk.db.file(file).name.clone();
    let mut in_use = Vec::new();
    match mk.search(&name, &mut in_use, 0) {
        Some(found) => {
            mk.apply_found(file, found);
            Ok(true)
        }
        None => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_part_goes_in_front() {
        assert_eq!(
            match_target(b"%.o", b"dir/foo.o"),
            Some((b"dir/".to_vec(), b"foo".to_vec()))
        );
        assert_eq!(instantiate(b"%.c", b"dir/", b"foo"), b"dir/foo.c");
        assert_eq!(match_target(b"%.o", b".o"), None);
        assert_eq!(
            match_target(b"src/%.o", b"src/a.o"),
            Some((Vec::new(), b"a".to_vec()))
        );
    }
}
