//! The rule database: every file make knows of, its prerequisites and
//! recipe, the pattern rules, and the special targets' settings.
//!
//! `record_rule` (record.rs) enters one rule as GNU's `record_files`
//! does, target_vars.rs keeps the target- and pattern-specific variables;
//! the update engine (`update.rs`) reads and marks the entries.

use std::rc::Rc;

use crate::error::Loc;
use crate::fs::MTime;
use crate::target_vars::PatternVar;
use crate::vars::VarSet;

pub type FileId = u32;

/// A time later than any file's: targets remade under `-n`/`-t`, `-W` files.
pub const NEW_MTIME: MTime = MTime::At(i64::MAX);
/// A time earlier than any file's: `-o` files.
pub const OLD_MTIME: MTime = MTime::At(i64::MIN);

/// A rule's recipe as GNU keeps it: the lines as written (unexpanded,
/// prefix removed, backslash-newlines kept) joined by newlines. Recipes
/// live as long as make runs: rules refer to them as `&'static Recipe`
/// (see [`keep_recipe`]), copied freely.
#[derive(Debug, Clone, Default)]
pub struct Recipe {
    text: &'static [u8],
    /// The makefile and line of the first recipe line (or of the rule when
    /// the recipe is empty).
    pub loc: Loc,
    /// The recipe prefix in effect when the recipe was read (`.RECIPEPREFIX`,
    /// tab by default): removed after backslash-newlines before running.
    pub prefix: u8,
}

impl Recipe {
    /// A recipe with the default tab prefix.
    pub fn new(text: Vec<u8>, loc: Loc) -> Recipe {
        Recipe::with_prefix(text, loc, b'\t')
    }

    pub fn with_prefix(text: Vec<u8>, loc: Loc, prefix: u8) -> Recipe {
        Recipe {
            text: crate::file_names::keep(&text),
            loc,
            prefix,
        }
    }

    /// The lines joined by newlines.
    pub fn text(&self) -> &'static [u8] {
        self.text
    }
}

/// Keeps a recipe for the rest of the run, in chunks of recipes that are
/// never freed (no heap block or reference count per rule).
pub fn keep_recipe(r: Recipe) -> &'static Recipe {
    // Chunks grow from 16 to 256 recipes (few for a small makefile).
    thread_local! {
        static FREE: std::cell::RefCell<(&'static mut [Recipe], usize)> = const { std::cell::RefCell::new((&mut [], 16)) };
    }
    FREE.with(|free| {
        let (free, next) = &mut *free.borrow_mut();
        if free.is_empty() {
            *free = Box::leak((0..*next).map(|_| Recipe::default()).collect());
            *next = (*next * 2).min(256);
        }
        match std::mem::take(free).split_first_mut() {
            Some((slot, rest)) => {
                *slot = r;
                *free = rest;
                &*slot
            }
            None => Box::leak(Box::new(r)),
        }
    })
}

#[derive(Debug, Clone)]
pub struct Dep {
    pub file: FileId,
    pub order_only: bool,
    /// A `.WAIT` came before this prerequisite.
    pub wait_here: bool,
    /// Set while updating: the prerequisite changed (for `$?`).
    pub changed: bool,
    /// Left out of the automatic variables (`.EXTRA_PREREQS`).
    pub ignore_auto: bool,
    /// `--shuffle`: the position of the prerequisite visited instead (with
    /// `shuffle::UNLINKED` set: its index among the file's unlinked ones).
    pub shuf: Option<u32>,
}

impl Dep {
    pub fn new(file: FileId, order_only: bool) -> Dep {
        Dep {
            file,
            order_only,
            wait_here: false,
            changed: false,
            ignore_auto: false,
            shuf: None,
        }
    }
}

/// How updating a file went, ordered as GNU's `enum update_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum UpdateStatus {
    #[default]
    Success,
    /// Not tried yet.
    None,
    /// `-q` found it out of date.
    Question,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum CommandState {
    #[default]
    NotStarted,
    DepsRunning,
    Running,
    Finished,
}

#[derive(Debug, Clone, Default)]
pub struct File {
    /// Kept for the whole run (see [`crate::file_names::keep`]).
    pub name: &'static [u8],
    pub deps: Vec<Dep>,
    pub recipe: Option<&'static Recipe>,
    /// What few files have (see [`FileExt`]), boxed: most files have none.
    ext: Option<Box<FileExt>>,
    /// The target this file was last considered as a prerequisite of.
    pub parent: FileLink,
    pub considered: u32,
    /// Cached modification time (unknown: not looked at yet).
    pub last_mtime: TimeSlot,
    pub mtime_before_update: TimeSlot,
    pub update_status: UpdateStatus,
    pub command_state: CommandState,
    /// Appeared as a target of a rule.
    pub is_target: bool,
    pub phony: bool,
    pub precious: bool,
    pub secondary: bool,
    pub intermediate: bool,
    pub notintermediate: bool,
    pub low_resolution_time: bool,
    /// `.SILENT: this`.
    pub cmd_silent: bool,
    /// `.IGNORE: this`.
    pub cmd_noerror: bool,
    /// The recipe was taken from `.DEFAULT` (`$<` is `$@`).
    pub from_default: bool,
    pub tried_implicit: bool,
    /// Named as a goal on the command line.
    pub cmd_target: bool,
    /// Entered by make itself (`.SUFFIXES`, the default suffixes and
    /// suffix rules) and not mentioned since.
    pub builtin: bool,
    // Update state.
    pub updated: bool,
    /// On the current recursion path (circular dependency detection).
    pub updating: bool,
    pub dontcare: bool,
    pub no_diag: bool,
    /// Mentioned explicitly as a target or prerequisite of a rule (GNU's
    /// `is_explicit`): never intermediate by implicit search.
    pub is_explicit: bool,
}

/// The parts of a file entry that most files never use, kept out of
/// [`File`] so that the table of tens of thousands of entries stays small.
#[derive(Debug, Clone, Default)]
pub struct FileExt {
    /// Target-specific variables.
    pub vars: Option<Rc<VarSet>>,
    /// For double-colon entries: the first entry of the chain.
    pub double_colon: FileLink,
    /// For double-colon entries: the next entry of the chain.
    pub dc_next: FileLink,
    /// For the first double-colon entry: the last entry of the chain (none
    /// while it is the only one), so that adding one is not a walk.
    pub dc_last: FileLink,
    /// `$*` from a static pattern or implicit rule.
    pub stem: Option<Box<[u8]>>,
    /// The name a vpath search found the file under (GNU's `hname`).
    pub vpath_name: Option<Box<[u8]>>,
    /// The other targets of a grouped (`&:`) rule.
    pub also_make: crate::thinvec::ThinVec<FileId>,
    /// For `-p`: this file's place in its grouped rule's targets.
    pub group_index: Option<u32>,
    /// The later places of this file in its grouped rule's targets when
    /// the rule names it more than once (`x.c ./x.c &:`): GNU's list
    /// holds it once for each.
    pub group_index_more: Option<Box<[u32]>>,
    /// For `-p`: the automatic variables GNU's set for the file holds (of
    /// its last recipe or second expansion).
    pub auto_vars: Option<Rc<VarSet>>,
    /// Prerequisite lists waiting for their second expansion.
    pub second_deps: crate::thinvec::ThinVec<SecondDep>,
    /// Recipe lines found recursive (`+`, `$(MAKE)`) only once expanded.
    pub recurse_lines: crate::thinvec::ThinVec<usize>,
    /// `--shuffle` has reordered this file's prerequisites.
    pub was_shuffled: bool,
    /// `--shuffle`: prerequisites taken out of the list (circular ones)
    /// that another's `shuf` still names (see `shuffle::unlink`).
    pub unlinked_deps: Vec<Dep>,
    /// The vpath name thrown out because the file is remade (GNU keeps it
    /// as `hname`, its `ignore_vpath` set).
    pub ignored_vpath: Option<Box<[u8]>>,
    /// The pattern-specific variables for this file, once looked for.
    pub pattern_vars: Option<Option<Rc<VarSet>>>,
    /// This entry stands for another one now (GNU's `renamed`): a name
    /// vpath found is that of an entry being made (see `Make::take_over`).
    pub forward: Option<FileId>,
    /// This entry took over the one of the name vpath found: GNU's entry
    /// of the searched name, renamed away, which a goal naming it reports.
    pub renamed_away: Option<RenamedAway>,
    /// This entry, of the name vpath found, was taken over by the entry
    /// searched (see `Make::take_over`), which goes on as GNU's kept entry
    /// of this name: as a goal, that one's state counts.
    pub taken_over: bool,
    /// The name grouped rules' lists (`-p`'s `Also makes`) show for this
    /// entry when it was renamed since (GNU's lists hold the names the
    /// rule gave): its name before a GPATH rename or before it took over
    /// the entry of the name vpath found (see `Make::take_over`).
    pub listed_name: Option<&'static [u8]>,
    /// This first entry of a double-colon chain was merged into the
    /// single-colon entry of the name vpath found (which took the chain):
    /// its own name, which GNU's entry keeps (`Considering target file`).
    /// GNU's walk of the chain goes on from the found entry, which has no
    /// next, so the file's later double-colon rules are never made.
    pub chain_merged: Option<&'static [u8]>,
    /// With `chain_merged`: the target the chain's first entry was last
    /// reached from before the merge (GNU's `parent` of that entry, which
    /// the kept entry's variables go on to through its `double_colon`; the
    /// kept entry's own parent, set later, is not in that chain).
    pub chain_parent: FileLink,
    /// With `chain_merged`, once its recipe ran: the time GNU's kept entry
    /// holds then (`-p` shows it). Times found later go to the chain's
    /// entries only (GNU's f_mtime stores them there), which this entry
    /// stands for too.
    pub chain_kept_time: Option<TimeSlot>,
    /// This entry, searched and in a group, was merged with the entry of
    /// the name vpath found (see `Make::take_over`): the link where the
    /// merged list goes on into this entry's own prerequisites (none when
    /// it had none). GNU's peer is the searched entry, whose list starts
    /// there and shares those links (an empty one stays empty).
    pub peer_tail: Option<Option<u32>>,
    /// With `peer_tail`, when this entry took over the found one: the
    /// targets whose group lists named this entry as a peer then (the
    /// others, which named the found entry, walk the whole merged list).
    pub peer_listers: Vec<FileId>,
    /// Where the lists of `peer_listers` named the found entry too (a
    /// group of both names), as (lister, index in its `also_make`): GNU's
    /// list holds both entries, and at those places the entry kept, whose
    /// whole list is walked and which the group's recipe marks.
    pub peer_found_at: Vec<(FileId, u32)>,
}

impl File {
    /// The rarely used parts (all empty when the file has none).
    pub fn ext(&self) -> &FileExt {
        match &self.ext {
            Some(e) => e,
            None => empty_ext(),
        }
    }

    /// The name the file is found under: its vpath name if a search found
    /// one, else its name (GNU's `hname`).
    pub fn found_name(&self) -> &[u8] {
        self.ext().vpath_name.as_deref().unwrap_or(self.name)
    }

    /// The name the file is filed under (GNU's `hname`): the name a search
    /// found, also once it is ignored because the file is remade.
    pub fn hash_name(&self) -> &[u8] {
        let ext = self.ext();
        ext.vpath_name
            .as_deref()
            .or(ext.ignored_vpath.as_deref())
            .unwrap_or(self.name)
    }

    /// The rarely used parts, for changing (made on first use).
    pub fn ext_mut(&mut self) -> &mut FileExt {
        self.ext.get_or_insert_with(Box::default)
    }
}

/// The shared empty [`FileExt`] (per thread: it holds `Rc`s; one small
/// allocation, never freed).
fn empty_ext() -> &'static FileExt {
    thread_local! {
        static EMPTY: &'static FileExt = Box::leak(Box::default());
    }
    EMPTY.with(|e| *e)
}

/// An optional reference to another file entry in 4 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileLink(u32);

impl FileLink {
    pub const NONE: FileLink = FileLink(u32::MAX);

    pub fn get(self) -> Option<FileId> {
        (self.0 != u32::MAX).then_some(self.0)
    }
}

impl Default for FileLink {
    fn default() -> Self {
        FileLink::NONE
    }
}

impl From<Option<FileId>> for FileLink {
    fn from(f: Option<FileId>) -> Self {
        FileLink(f.unwrap_or(u32::MAX))
    }
}

/// A remembered modification time in 8 bytes: not known yet, missing, or
/// a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeSlot(i64);

impl TimeSlot {
    const UNKNOWN: i64 = i64::MIN + 1;
    const MISSING: i64 = i64::MIN + 2;
    pub const NONE: TimeSlot = TimeSlot(TimeSlot::UNKNOWN);

    pub fn get(self) -> Option<MTime> {
        match self.0 {
            TimeSlot::UNKNOWN => None,
            TimeSlot::MISSING => Some(MTime::Missing),
            t => Some(MTime::At(t)),
        }
    }
}

impl Default for TimeSlot {
    fn default() -> Self {
        TimeSlot::NONE
    }
}

impl From<Option<MTime>> for TimeSlot {
    fn from(m: Option<MTime>) -> Self {
        TimeSlot(match m {
            None => TimeSlot::UNKNOWN,
            Some(MTime::Missing) => TimeSlot::MISSING,
            // Times lie above the two markers (see `MTime::At`); only
            // OLD_MTIME is below them.
            Some(MTime::At(t)) if t == TimeSlot::UNKNOWN || t == TimeSlot::MISSING => {
                TimeSlot::MISSING + 1
            }
            Some(MTime::At(t)) => t,
        })
    }
}

/// A prerequisite list kept for `.SECONDEXPANSION`: the text after the
/// first expansion, where it goes in the file's list, and the stem of a
/// static pattern rule.
#[derive(Debug, Clone)]
pub struct SecondDep {
    pub text: Vec<u8>,
    pub pos: usize,
    pub stem: Option<Vec<u8>>,
    /// The rule line (where expansion errors are reported).
    pub loc: Option<Loc>,
}

/// A pattern rule `%.o: %.c`.
#[derive(Debug, Clone)]
pub struct PatternRule {
    pub targets: Vec<Vec<u8>>,
    pub prereqs: Vec<Vec<u8>>,
    pub order_only: Vec<Vec<u8>>,
    pub recipe: Option<&'static Recipe>,
    /// `::`: a terminal rule.
    pub terminal: bool,
    pub loc: Loc,
    /// Prerequisite text kept whole for `.SECONDEXPANSION` (it has a `$`);
    /// `prereqs` and `order_only` are empty then.
    pub raw_deps: Option<Vec<u8>>,
}

impl PatternRule {
    /// The rule as GNU shows it (`-p`, `-d`): `TARGETS: PREREQS | ORDER-ONLY`
    /// (`::` for a terminal rule); second-expansion text as written.
    pub fn defn(&self) -> Vec<u8> {
        self.defn_with(&[], &[])
    }

    /// `defn` with `extra` (the global `.EXTRA_PREREQS`, which GNU appends
    /// to every pattern rule's prerequisites) after the prerequisites, and
    /// `extra_oo` (those after a `|` in it) after the order-only ones.
    pub fn defn_with(&self, extra: &[Vec<u8>], extra_oo: &[Vec<u8>]) -> Vec<u8> {
        let mut o = self.targets.join(&b' ');
        o.push(b':');
        if self.terminal {
            o.push(b':');
        }
        for p in &self.prereqs {
            o.push(b' ');
            o.extend_from_slice(p);
        }
        if let Some(raw) = &self.raw_deps {
            let raw = crate::parser::trim_end_blank(crate::parser::skip_ws(raw));
            if !raw.is_empty() {
                o.push(b' ');
                o.extend_from_slice(raw);
            }
        }
        for p in extra {
            o.push(b' ');
            o.extend_from_slice(p);
        }
        let mut sep: &[u8] = b" | ";
        for p in self.order_only.iter().chain(extra_oo) {
            o.extend_from_slice(sep);
            sep = b" ";
            o.extend_from_slice(p);
        }
        o
    }
}

/// One rule line as the evaluator hands it over.
#[derive(Debug, Clone)]
pub struct RuleDef {
    /// Expanded, split into words (globs not yet expanded).
    pub targets: Vec<Vec<u8>>,
    /// Static pattern rule `targets: PATTERN: prereqs`.
    pub target_pattern: Option<Vec<u8>>,
    /// Expanded words before `|` (may include `.WAIT`).
    pub prereqs: crate::parser::Words,
    /// Expanded words after `|`.
    pub order_only: crate::parser::Words,
    /// The whole prerequisite text as expanded once (kept for
    /// `.SECONDEXPANSION`).
    pub raw_deps: Vec<u8>,
    pub double_colon: bool,
    /// `&:`.
    pub grouped: bool,
    /// None: the rule had no `;` and no recipe lines.
    pub recipe: Option<Recipe>,
    /// The rule line.
    pub loc: Loc,
}

#[derive(Debug, Default)]
pub struct Db {
    pub files: Vec<File>,
    /// Names to entries of `files` (see file_names.rs).
    pub names: crate::file_names::NameIndex,
    /// For `-p`: automatic variables of the second expansion of a file the
    /// implicit search had no entry for yet; the entry gets them when it
    /// is made (GNU's intermediate file keeps its variable set).
    pub pending_auto_vars: crate::hash::FxHashMap<Box<[u8]>, Rc<crate::vars::VarSet>>,
    pub patterns: Vec<Rc<PatternRule>>,
    /// Pattern-specific variables in definition order: (pattern, name, var).
    /// Pattern-specific variables: one set per pattern, in definition order.
    pub pattern_vars: Vec<PatternVar>,
    /// Set by the reader while reading a makefile that must not choose the
    /// default goal (GNU's `RM_NO_DEFAULT_GOAL`).
    pub no_default_goal: bool,
    /// `.POSIX` seen.
    pub posix: bool,
    /// `.ONESHELL` seen.
    pub one_shell: bool,
    /// `.SECONDEXPANSION` seen.
    pub second_expansion: bool,
    // Settings computed from special targets when updating starts.
    pub snapped: bool,
    pub export_all: bool,
    pub silent_all: bool,
    pub not_parallel: bool,
    pub all_secondary: bool,
    pub no_intermediates: bool,
    pub delete_on_error: bool,
    /// Update pass counter (GNU's `considered`).
    pub considered: u32,
    /// Commands started so far (for "is up to date" messages).
    pub commands_started: u64,
    /// Files marked updated so far (an update pass that finished one made
    /// progress, even when it started and reaped no command).
    pub files_finished: u64,
    /// Whether a `.WAIT` error was already reported (once each).
    pub wait_prereq_warned: bool,
    pub wait_recipe_warned: bool,
    /// A file had a modification time in the future.
    pub clock_skew: bool,
    /// The present as last read for that check (ns since the epoch): a
    /// time at or before it needs no new look at the clock (GNU's
    /// `adjusted_now`).
    pub now_seen: i128,
    /// Names no implicit rule can make (GNU's `file_impossible`).
    pub impossible: crate::impossible::Impossible,
    /// Commands finished or files written by make so far (GNU's
    /// `command_count`), and its value when `impossible` was last valid.
    pub command_count: u64,
    impossible_epoch: u64,
    /// Whether `.DEFAULT_GOAL` was set, as of the global variables'
    /// `any_stamp`.
    pub(crate) default_goal_seen: Option<(u64, bool)>,
    /// Bumped whenever `patterns` changes (the search index follows it).
    pub patterns_gen: u64,
    pub pattern_index: Option<Rc<crate::implicit::Index>>,
    /// The built-in rules were installed and suffix rules converted.
    pub implicit_snapped: bool,
    /// The global `.EXTRA_PREREQS` as every pattern rule gets them (GNU
    /// appends them to each rule's prerequisites when snapping).
    pub pattern_extra: Vec<Vec<u8>>,
    /// Those of them after a `|`: order-only.
    pub pattern_extra_oo: Vec<Vec<u8>>,
    /// For `-p`: the entries GNU moved in its table of files to the name a
    /// vpath search found (its `rehash_file`), in order.
    pub rehashes: Vec<Rehash>,
    /// Some entry forwards to another (`FileExt::forward`).
    pub any_forward: bool,
    /// Prerequisite lists that share their links with other lists, as
    /// GNU's group peers come to (see `shuffle::SharedDeps`).
    pub shared_deps: crate::shuffle::SharedDeps,
    /// Prerequisites (owner, position) of an entry a vpath merge renamed,
    /// with the name they still show until make looks at them (GNU's
    /// dependency keeps the renamed file, whose name stays, until its
    /// `check_renamed`), and whether a circular dependency's message names
    /// it so (that entry was being updated or intermediate when it was
    /// merged: see `Make::circular_dep_name`). Shown by `-p`.
    pub stale_dep_names: crate::hash::FxHashMap<(FileId, usize), (&'static [u8], bool)>,
    /// The entries vpath merged away that such prerequisites still hold in
    /// GNU (keyed by the entry the prerequisite names and the name shown):
    /// the marks GNU's renamed entry keeps of its own (see
    /// `Make::check_dep`).
    pub ghosts: crate::hash::FxHashMap<(FileId, &'static [u8]), Ghost>,
}

/// GNU's entry of a searched name that vpath merged into the entry of the
/// name found (its renamed `struct file`), where the searched entry took
/// over the found one (see `Make::take_over`): a goal naming it says
/// "Nothing to be done" or "is up to date" after it, by its status, name,
/// recipe and phony mark (the group recipe of a list still holding it
/// marks its status: see `Db::peer_renamed_away`).
#[derive(Debug, Clone, Copy)]
pub struct RenamedAway {
    pub status: UpdateStatus,
    pub name: &'static [u8],
    /// Phony or without a recipe ("Nothing to be done").
    pub nothing_to_do: bool,
}

/// The marks of an entry vpath merged away (GNU's renamed `struct file`,
/// which dependencies not looked at since still hold): its own, apart from
/// those of the entry kept for the file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ghost {
    /// Usable: its marks are its own. A double-colon entry merged into a
    /// single-colon one shares them (GNU's kept entry takes its chain, and
    /// its `double_colon` then points to this one), unless that entry is
    /// kept apart (merged into a double-colon entry or one filed under the
    /// found name: see `Ghost::kept_apart`).
    pub usable: bool,
    pub intermediate: bool,
    pub phony: bool,
    /// Being updated now (GNU's `updating` of the renamed entry).
    pub updating: bool,
    /// The pass of the graph on which it was last considered.
    pub considered: u32,
    /// It has a recipe (its own or `.DEFAULT`'s).
    pub has_recipe: bool,
    pub is_target: bool,
}

impl Ghost {
    /// The marks of entry `f` as it is merged into an entry kept apart,
    /// which takes neither its chain nor its marks.
    pub fn kept_apart(f: &File) -> Ghost {
        Ghost {
            usable: true,
            ..Ghost::of(f)
        }
    }

    /// The marks of entry `f` as it is merged away.
    pub fn of(f: &File) -> Ghost {
        Ghost {
            usable: f.ext().double_colon.get().is_none(),
            intermediate: f.intermediate,
            phony: f.phony,
            updating: f.updating,
            considered: f.considered,
            has_recipe: f.recipe.is_some(),
            is_target: f.is_target,
        }
    }
}

/// An entry moved in GNU's table of files to another name (see
/// `Db::rehashes`).
#[derive(Debug)]
pub struct Rehash {
    /// How many entries there were then.
    pub at: usize,
    pub id: FileId,
    /// The entry's name before.
    pub from: Box<[u8]>,
    /// The name found.
    pub to: Box<[u8]>,
}

impl Db {
    /// The global `.EXTRA_PREREQS` gives pattern rules prerequisites.
    pub fn has_pattern_extra(&self) -> bool {
        !self.pattern_extra.is_empty() || !self.pattern_extra_oo.is_empty()
    }

    /// The id of the file called `name`, creating its entry if needed.
    pub fn intern(&mut self, name: &[u8]) -> FileId {
        if let Some(id) = self.names.get(&self.files, name) {
            // Mentioned again: no longer only a built-in (GNU's enter_file).
            self.files[id as usize].builtin = false;
            return id;
        }
        let id = self.files.len() as FileId;
        let auto_vars = match self.pending_auto_vars.is_empty() {
            true => None,
            false => self.pending_auto_vars.remove(name),
        };
        let mut file = File {
            name: crate::file_names::keep(name),
            update_status: UpdateStatus::None,
            ..File::default()
        };
        if auto_vars.is_some() {
            file.ext_mut().auto_vars = auto_vars;
        }
        self.files.push(file);
        self.names.insert_new(&self.files, id);
        id
    }

    pub fn get(&self, name: &[u8]) -> Option<FileId> {
        self.names.get(&self.files, name)
    }

    /// The file called `name`, entered if new, as GNU enters a
    /// prerequisite (`lookup_file`, then `enter_file` only for a new name):
    /// an existing built-in entry stays built-in (unlike `intern`).
    pub fn intern_prereq(&mut self, name: &[u8]) -> FileId {
        match self.get(name) {
            Some(id) => id,
            None => self.intern(name),
        }
    }

    /// Forgets the names found impossible once a command has run since
    /// they were: GNU keeps them in its directory cache, which it reads
    /// anew (forgetting them) when it next looks into the directory after
    /// a command, so a name found impossible is never seen so again after
    /// one (a recipe may have made the file since).
    pub fn expire_impossible(&mut self) {
        if self.impossible_epoch != self.command_count {
            self.impossible.clear();
            self.impossible_epoch = self.command_count;
        }
    }

    /// Makes room for `n` more files at once. The file table's spare room
    /// costs no memory until used; the name index's costs a byte each.
    /// Only a hint: nothing happens when the memory is not to be had.
    pub fn reserve(&mut self, n: usize) {
        if self.files.try_reserve(n).is_ok() {
            self.names.reserve(&self.files, n);
        }
    }

    /// Notes that GNU moves entry `id` in its table of files to `to`, the
    /// name vpath found (see `rehashes`).
    pub fn note_rehash(&mut self, id: FileId, to: &[u8]) {
        let from = self.file(id).name;
        if from != to {
            self.rehashes.push(Rehash {
                at: self.files.len(),
                id,
                from: from.into(),
                to: to.into(),
            });
        }
    }

    /// The entry `id` stands for: itself, or the one it forwards to.
    /// (Inlined: nothing forwards in most runs.)
    #[inline]
    pub fn resolve(&self, id: FileId) -> FileId {
        if self.any_forward {
            self.resolve_forward(id)
        } else {
            id
        }
    }

    #[inline(never)]
    fn resolve_forward(&self, mut id: FileId) -> FileId {
        for _ in 0..self.files.len() {
            match self.file(id).ext().forward {
                Some(t) if t != id => id = t,
                _ => break,
            }
        }
        id
    }

    /// Entry `id` is called `new` from now on; its old name still finds it.
    pub fn rename(&mut self, id: FileId, new: &[u8]) {
        self.names.rename(&mut self.files, id, new);
    }

    /// `name` finds entry `id` from now on.
    pub fn alias(&mut self, name: &[u8], id: FileId) {
        self.names.alias(name, id);
    }

    /// `name`, another name of entry `id`, no longer finds it.
    pub fn unalias(&mut self, name: &[u8], id: FileId) {
        self.names.unalias(name, id);
    }

    /// Entry `id`'s own name no longer finds it (see `NameIndex::hide`).
    pub fn hide(&mut self, id: FileId) {
        self.names.hide(&self.files, id);
    }

    pub fn file(&self, id: FileId) -> &File {
        &self.files[id as usize]
    }

    pub fn file_mut(&mut self, id: FileId) -> &mut File {
        &mut self.files[id as usize]
    }

    /// The targets `f` was reached from, `f` first, each with the head of
    /// its double-colon group (itself when it has none): the chain along
    /// which target-specific variables are inherited. Each file comes once;
    /// the walk stops where the links loop back.
    pub fn ancestry(&self, f: FileId) -> Ancestry<'_> {
        Ancestry {
            db: self,
            walk: AncestryWalk::new(f),
        }
    }

    /// Whether `name` is a target of a rule (`lookup_file(name)->is_target`).
    pub fn is_target(&self, name: &[u8]) -> bool {
        self.get(name).is_some_and(|f| self.file(f).is_target)
    }

    /// The files a recipe for `id` also makes, as GNU lists them: for a
    /// grouped target the whole group, itself included, last first.
    pub fn also_makes(&self, id: FileId) -> Vec<FileId> {
        let ext = self.file(id).ext();
        let mut also: Vec<FileId> = ext.also_make.to_vec();
        if let Some(more) = &ext.group_index_more {
            // The group in its rule's order, the target at each of its
            // places, then GNU's order (last first).
            let mut others = also.iter().copied();
            let n = also.len() + 1 + more.len();
            let mut group = Vec::with_capacity(n);
            for i in 0..n as u32 {
                let me = ext.group_index == Some(i) || more.contains(&i);
                match me {
                    true => group.push(id),
                    false => group.extend(others.next()),
                }
            }
            group.reverse();
            return group;
        }
        if let Some(at) = self.also_makes_self_at(id) {
            also.reverse();
            also.insert(at, id);
        }
        also
    }

    /// Whether `peer`, listed among the group peers of `target` at `at`
    /// (an index in its `also_make`; none for the target's own place),
    /// took over the entry of the name vpath found for it since the list
    /// was made (see `FileExt::peer_listers`): GNU's list still holds the
    /// entry that search renamed away (in the list the taken over entry
    /// had too, which `peer` goes on with), so what the group's recipe
    /// does to its peers (`set_command_state`, `notice_finished_file`)
    /// goes to that entry, not to the one kept. (A list naming both
    /// entries names the one kept at its own places: see
    /// `FileExt::peer_found_at`.)
    pub fn peer_renamed_away(&self, target: FileId, peer: FileId, at: Option<usize>) -> bool {
        let ext = self.file(peer).ext();
        at.is_some()
            && ext.peer_listers.iter().any(|&l| self.resolve(l) == target)
            && !self.peer_found_at(target, peer, at)
    }

    /// Whether `target`'s group list names `peer` at `at` (an index in its
    /// `also_make`) as the entry vpath found, which `peer` took over (see
    /// `FileExt::peer_found_at`), not as the entry searched.
    pub fn peer_found_at(&self, target: FileId, peer: FileId, at: Option<usize>) -> bool {
        let found = &self.file(peer).ext().peer_found_at;
        at.is_some_and(|at| found.contains(&(target, at as u32)))
    }

    /// The index in `id`'s `also_make` of the entry at `p` in
    /// [`Db::also_makes`] (none for the target itself, or when the rule
    /// names it more than once).
    pub fn also_make_index(&self, id: FileId, p: usize) -> Option<usize> {
        let ext = self.file(id).ext();
        if ext.group_index_more.is_some() {
            return None;
        }
        let n = ext.also_make.len();
        let rev = match self.also_makes_self_at(id) {
            Some(at) if p == at => return None,
            Some(at) if p > at => p - 1,
            _ => p,
        };
        (rev < n).then(|| n - 1 - rev)
    }

    /// Where [`Db::also_makes`] lists the grouped target `id` itself.
    pub fn also_makes_self_at(&self, id: FileId) -> Option<usize> {
        let ext = self.file(id).ext();
        let n = ext.also_make.len();
        ext.group_index.map(|i| n - (i as usize).min(n))
    }

    /// All the entries of a file: the chain of double-colon entries, or the
    /// file alone.
    #[inline]
    /// Names `id` and every double-colon entry of its file `name` (GNU's
    /// rename_file renames them all; its table finds the first).
    pub fn name_entries(&mut self, id: FileId, name: &'static [u8]) {
        for e in self.entries(id) {
            self.file_mut(e).name = name;
        }
    }

    pub fn entries(&self, id: FileId) -> Entries {
        let head = self.file(id).ext().double_colon.get().unwrap_or(id);
        match self.file(head).ext().dc_next.get() {
            // The usual case: one entry, nothing allocated.
            None => Entries {
                one: [head],
                more: Vec::new(),
            },
            Some(next) => self.double_colon_entries(head, next),
        }
    }

    #[inline(never)]
    fn double_colon_entries(&self, head: FileId, mut cur: FileId) -> Entries {
        let mut more = vec![head];
        loop {
            more.push(cur);
            match self.file(cur).ext().dc_next.get() {
                Some(n) => cur = n,
                None => break,
            }
        }
        Entries { one: [head], more }
    }

    /// The prerequisite names of `.SUFFIXES`, in order.
    /// The names of the known suffixes, in order, without copying them.
    pub fn suffix_names(&self) -> impl Iterator<Item = &[u8]> {
        let deps = match self.get(b".SUFFIXES") {
            Some(f) => self.file(f).deps.as_slice(),
            None => &[],
        };
        deps.iter().map(|d| self.file(d.file).name)
    }

    pub fn suffixes(&self) -> Vec<Vec<u8>> {
        match self.get(b".SUFFIXES") {
            Some(f) => self
                .file(f)
                .deps
                .iter()
                .map(|d| self.file(d.file).name.to_vec())
                .collect(),
            None => Vec::new(),
        }
    }

    /// The suffix rules among `suffixes`: `(i, j, file)` for every name
    /// `suffixes[i] suffixes[j]` (two different suffixes) whose file has a
    /// recipe, ordered by `i` then `j`, as GNU finds them by looking up
    /// every pair. When the database holds fewer names than there are
    /// pairs, the names are split instead of the pairs probed.
    pub fn suffix_rule_pairs(&self, suffixes: &[Vec<u8>]) -> Vec<(usize, usize, FileId)> {
        let n = suffixes.len();
        let named = self.files.len() + self.names.aliases().len();
        match named >= n.saturating_mul(n) {
            true => self.probe_suffix_pairs(suffixes),
            false => self.split_suffix_names(suffixes),
        }
    }

    fn probe_suffix_pairs(&self, suffixes: &[Vec<u8>]) -> Vec<(usize, usize, FileId)> {
        let mut pairs = Vec::new();
        let mut name = Vec::new();
        for (i, s) in suffixes.iter().enumerate() {
            for (j, s2) in suffixes.iter().enumerate() {
                if s == s2 {
                    continue;
                }
                name.clear();
                name.extend_from_slice(s);
                name.extend_from_slice(s2);
                if let Some(f) = self.get(&name).filter(|&f| self.file(f).recipe.is_some()) {
                    pairs.push((i, j, f));
                }
            }
        }
        pairs
    }

    fn split_suffix_names(&self, suffixes: &[Vec<u8>]) -> Vec<(usize, usize, FileId)> {
        let mut pairs = Vec::new();
        let mut first = [false; 256];
        for s in suffixes {
            if let Some(&c) = s.first() {
                first[c as usize] = true;
            }
        }
        let files = self
            .files
            .iter()
            .enumerate()
            .map(|(id, f)| (f.name, id as FileId));
        let aliases = self.names.aliases().iter().map(|(k, &id)| (&k[..], id));
        for (name, id) in files.chain(aliases) {
            if !name.first().is_some_and(|&c| first[c as usize])
                || self.file(id).recipe.is_none()
                || self.get(name) != Some(id)
            {
                continue;
            }
            for (i, s) in suffixes.iter().enumerate() {
                let Some(rest) = name.strip_prefix(s.as_slice()) else {
                    continue;
                };
                if rest.is_empty() || rest == s.as_slice() {
                    continue;
                }
                for (j, _) in suffixes
                    .iter()
                    .enumerate()
                    .filter(|(_, s2)| s2.as_slice() == rest)
                {
                    pairs.push((i, j, id));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| (p.0, p.1));
        pairs
    }

    /// A new double-colon entry for `name`, appended to its chain.
    /// GNU's `enter_file`: the file of that name, or, when the name has
    /// double-colon entries, a new entry (without rules) at the end of
    /// their chain.
    pub fn enter_file(&mut self, name: &[u8]) -> FileId {
        match self.get(name) {
            Some(h) if self.file(h).ext().double_colon.get().is_some() => {
                self.new_double_colon(name)
            }
            _ => self.intern(name),
        }
    }

    pub(crate) fn new_double_colon(&mut self, name: &[u8]) -> FileId {
        let head = match self.get(name) {
            None => {
                let id = self.intern(name);
                self.file_mut(id).ext_mut().double_colon = Some(id).into();
                return id;
            }
            Some(h) => h,
        };
        if self.file(head).ext().double_colon.get().is_none() {
            self.file_mut(head).ext_mut().double_colon = Some(head).into();
            return head;
        }
        let id = self.files.len() as FileId;
        let last = self.file(head).ext().dc_last.get().unwrap_or(head);
        let mut file = File {
            name: crate::file_names::keep(name),
            update_status: UpdateStatus::None,
            ..File::default()
        };
        file.ext_mut().double_colon = Some(head).into();
        self.files.push(file);
        self.file_mut(last).ext_mut().dc_next = Some(id).into();
        self.file_mut(head).ext_mut().dc_last = Some(id).into();
        id
    }
}

/// GNU's test for an identical pattern rule: same targets, same
/// prerequisite names in the same order, whether order-only or not (GNU
/// compares the names of its one list, the order-only ones last).
pub fn same_rule(a: &PatternRule, b: &PatternRule) -> bool {
    a.targets == b.targets
        && a.prereqs.len() + a.order_only.len() == b.prereqs.len() + b.order_only.len()
        && a.prereqs
            .iter()
            .chain(&a.order_only)
            .eq(b.prereqs.iter().chain(&b.order_only))
        && a.raw_deps == b.raw_deps
}

/// GNU's test in `new_pattern_rule` for the older rule `old` that a new
/// rule replaces: every target of `old` is one target of `new` (so
/// `%.c %.h:` replaces `%.h:`, not the other way round), with the same
/// prerequisites.
pub fn replaces_rule(new: &PatternRule, old: &PatternRule) -> bool {
    let Some(first) = old.targets.first() else {
        return false;
    };
    old.targets.iter().all(|t| t == first)
        && new.targets.contains(first)
        && new.prereqs.len() + new.order_only.len() == old.prereqs.len() + old.order_only.len()
        && new
            .prereqs
            .iter()
            .chain(&new.order_only)
            .eq(old.prereqs.iter().chain(&old.order_only))
        && new.raw_deps == old.raw_deps
}

/// Position of the first `%` not quoted by a backslash.
pub fn find_percent(s: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'\\' if i + 1 < s.len() => i += 2,
            b'%' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Strips leading `./` (and the slashes after it) from a file name, as GNU's
/// parser does; a name that is only `./` stays `./`.
pub fn strip_dot_slash(mut s: &[u8]) -> &[u8] {
    let orig = s;
    while s.len() > 2 && s[0] == b'.' && s[1] == b'/' {
        s = &s[2..];
        while s.first() == Some(&b'/') {
            s = &s[1..];
        }
    }
    if s.is_empty() {
        &orig[..2.min(orig.len())]
    } else {
        s
    }
}

/// The walk of [`Db::ancestry`]; [`AncestryWalk::step`] walks it without
/// holding the data base borrowed. Chains are short in practice and are
/// checked for loops without allocating; a long one (a prerequisite chain
/// thousands deep) moves to a hash set, so that the walk stays linear.
pub struct AncestryWalk {
    cur: Option<FileId>,
    seen: [FileId; AncestryWalk::SCAN_LIMIT],
    len: usize,
    seen_set: Option<crate::hash::FxHashSet<FileId>>,
}

impl AncestryWalk {
    const SCAN_LIMIT: usize = 16;

    pub fn new(f: FileId) -> AncestryWalk {
        AncestryWalk {
            cur: Some(f),
            seen: [0; Self::SCAN_LIMIT],
            len: 0,
            seen_set: None,
        }
    }

    /// Records `id`; false when it was met before.
    pub fn first_visit(&mut self, id: FileId) -> bool {
        if let Some(set) = &mut self.seen_set {
            return set.insert(id);
        }
        if self.seen[..self.len].contains(&id) {
            return false;
        }
        if self.len == Self::SCAN_LIMIT {
            let mut set: crate::hash::FxHashSet<FileId> = self.seen.iter().copied().collect();
            set.insert(id);
            self.seen_set = Some(set);
        } else {
            self.seen[self.len] = id;
            self.len += 1;
        }
        true
    }

    /// The next file of the chain and its double-colon head.
    pub fn step(&mut self, db: &Db) -> Option<(FileId, FileId)> {
        let id = self.cur?;
        if !self.first_visit(id) {
            self.cur = None;
            return None;
        }
        let file = db.file(id);
        let head = file.ext().double_colon.get().unwrap_or(id);
        self.cur = match file.ext().chain_merged {
            // (GNU's kept entry goes on to the chain's first entry, and
            // that one to its own parent.)
            Some(_) => file.ext().chain_parent.get(),
            None => file.parent.get().or(db.file(head).parent.get()),
        };
        Some((id, head))
    }
}

/// [`AncestryWalk`] as an iterator.
pub struct Ancestry<'a> {
    db: &'a Db,
    walk: AncestryWalk,
}

impl Iterator for Ancestry<'_> {
    type Item = (FileId, FileId);

    fn next(&mut self) -> Option<(FileId, FileId)> {
        self.walk.step(self.db)
    }
}

#[cfg(test)]
mod size_tests {
    /// The file table holds one `File` per name a makefile mentions: its
    /// size is most of the data base's memory (40,000 files in the parse
    /// bench). Keep it from growing unnoticed.
    #[test]
    fn file_and_dep_stay_small() {
        assert!(
            std::mem::size_of::<super::File>() <= 120,
            "{}",
            std::mem::size_of::<super::File>()
        );
        assert!(std::mem::size_of::<super::Dep>() <= 16);
        assert_eq!(std::mem::size_of::<super::TimeSlot>(), 8);
        assert_eq!(std::mem::size_of::<super::FileLink>(), 4);
        // Every rule, recipe and variable keeps a location.
        assert_eq!(std::mem::size_of::<Option<crate::error::Loc>>(), 8);
        assert!(std::mem::size_of::<crate::vars::Var>() <= 48);
    }

    #[test]
    fn time_slots_keep_every_time() {
        use super::{TimeSlot, NEW_MTIME, OLD_MTIME};
        use crate::fs::MTime;
        for m in [
            None,
            Some(MTime::Missing),
            Some(OLD_MTIME),
            Some(NEW_MTIME),
            Some(MTime::At(0)),
            Some(MTime::At(-5)),
        ] {
            assert_eq!(TimeSlot::from(m).get(), m);
        }
        assert_eq!(super::FileLink::from(Some(7)).get(), Some(7));
        assert_eq!(super::FileLink::from(None).get(), None);
    }
}

/// The entries of a file (`Db::entries`): a slice, and iterable by value;
/// a file with one entry (the usual case) needs no allocation.
#[derive(Debug, Clone)]
pub struct Entries {
    one: [FileId; 1],
    /// Every entry when there are more than one.
    more: Vec<FileId>,
}

impl std::ops::Deref for Entries {
    type Target = [FileId];
    fn deref(&self) -> &[FileId] {
        if self.more.is_empty() {
            &self.one
        } else {
            &self.more
        }
    }
}

impl IntoIterator for Entries {
    type Item = FileId;
    type IntoIter = std::iter::Chain<std::option::IntoIter<FileId>, std::vec::IntoIter<FileId>>;
    fn into_iter(self) -> Self::IntoIter {
        let one = if self.more.is_empty() {
            Some(self.one[0])
        } else {
            None
        };
        one.into_iter().chain(self.more)
    }
}

impl<'a> IntoIterator for &'a Entries {
    type Item = &'a FileId;
    type IntoIter = std::slice::Iter<'a, FileId>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestry_visits_each_file_once_on_long_chains_and_loops() {
        let mut db = Db::default();
        let ids: Vec<FileId> = (0..100)
            .map(|i| db.intern(format!("t{i}").as_bytes()))
            .collect();
        // t0 was reached from t1, t1 from t2, ... and t99 from t40: a loop.
        for w in ids.windows(2) {
            db.file_mut(w[0]).parent = FileLink::from(Some(w[1]));
        }
        db.file_mut(ids[99]).parent = FileLink::from(Some(ids[40]));
        let walked: Vec<FileId> = db.ancestry(ids[0]).map(|(id, _)| id).collect();
        assert_eq!(walked, ids);
        let short: Vec<FileId> = db
            .ancestry(ids[98])
            .map(|(id, head)| {
                assert_eq!(id, head);
                id
            })
            .collect();
        assert_eq!(short.len(), 60); // t98, t99, then t40..=t97
    }

    #[test]
    fn suffix_pairs_split_as_probed() {
        let sufs: Vec<Vec<u8>> = [".c", ".o", ".c", ".a.b", ".a", ".b", "x", ".b.b"]
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
        let mut db = Db::default();
        let r = keep_recipe(Recipe::new(
            b"true".to_vec(),
            Loc::new(Default::default(), 1),
        ));
        for name in [
            ".c.o", ".o.c", ".c.c", ".a.b.b", "x.c", ".ax", ".o", "y.o", ".b.bx",
        ] {
            let f = db.intern(name.as_bytes());
            db.file_mut(f).recipe = Some(r);
        }
        db.intern(b".o.a");
        let renamed = db.intern(b".x.y");
        db.file_mut(renamed).recipe = Some(r);
        db.rename(renamed, b".b.a");
        let probed = db.probe_suffix_pairs(&sufs);
        assert_eq!(db.split_suffix_names(&sufs), probed);
        let names: Vec<(usize, usize)> = probed.iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(
            names,
            [
                (0, 1),
                (1, 0),
                (1, 2),
                (2, 1),
                (3, 5),
                (4, 6),
                (4, 7),
                (5, 4),
                (6, 0),
                (6, 2),
                (7, 6)
            ]
        );
    }
}
