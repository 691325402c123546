//! The whole app state and the actions that change it. Pure: tested natively.

use std::ops::Range;
use std::rc::Rc;

use connectives_core::adjudicate::{Choice, Comparison};
use connectives_core::edit::{Edit, EditError, History};
use connectives_core::journal::{replay, Change};
use connectives_core::lexicon::{Lexicon, Suggestion};
use connectives_core::navigate::step;
use connectives_core::search::find_plain;
use connectives_core::stats::{candidate_frequencies, pair_frequencies};
use connectives_core::{parse, Document, SpanId, SpanKind};
use yew::Reducible;

use crate::comparing::CompareWith;
use crate::i18n::Lang;
use crate::lesson::{Move, Place, Presentation};
use crate::lessons::PlanEdit;
use crate::pair_numbers::PairNumbers;
use crate::segments::problem_range;
use crate::stored::{MemberCounts, StoredCorpus, StoredDocument};
use crate::{EXAMPLE_NAME, EXAMPLE_SOURCE};
use connectives_core::corpus::Status;
use connectives_core::lesson_plan::LessonPlan;

/// A place the view should bring on screen and mark. `seq` changes with every request, so
/// asking for the same place twice scrolls twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// 0-based line index.
    pub line: usize,
    /// Byte offset in the document text; also where "next" and "previous" start from.
    pub offset: usize,
    /// The span navigated to, marked as current.
    pub span: Option<SpanId>,
    pub seq: u64,
}

/// A message shown above the document until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Error(String),
    /// A message with buttons: what just happened and how to take it back, or a choice.
    Offer {
        text: String,
        offers: Vec<Offer>,
        warning: bool,
    },
}

impl Notice {
    pub fn text(&self) -> &str {
        match self {
            Notice::Info(text) | Notice::Error(text) | Notice::Offer { text, .. } => text,
        }
    }
}

/// A button in a notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Put back the document just forgotten.
    UndoForget,
    /// Reopen the document that was replaced (by a paste or a drop).
    Reopen { id: String, name: String },
    /// Another tab saved this document: load its version (this tab's copy is kept as a
    /// version of it).
    LoadNewer,
    /// Another tab saved this document: keep this tab's copy as a document of its own.
    KeepMine,
    /// Undo the restore of a version.
    UndoRestore,
    /// Suggest the connectives of a text with nothing marked.
    Suggest,
}

/// A save that finished: which document (`session`, `id`), which `revision` of it, and the
/// stored generation it became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedAt {
    pub session: u64,
    pub id: String,
    pub revision: u64,
    pub generation: u64,
}

/// A saved document to open, with the unsaved changes found for it in a journal.
#[derive(Clone, Debug, PartialEq)]
pub struct Restored {
    pub record: StoredDocument,
    pub changes: Vec<Change>,
    /// The corpus the record belongs to, as stored (none for a document of its own).
    pub corpus: Option<Rc<StoredCorpus>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LineFilter {
    #[default]
    All,
    WithPairs,
    WithProblems,
    Matching,
}

/// What the search box asks for and what it found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Search {
    pub query: String,
    pub regex: bool,
    /// Byte ranges in the document text, in order, none crossing a line end.
    pub matches: Rc<Vec<Range<usize>>>,
    /// Why the regular expression is not valid, in the browser's words.
    pub error: Option<String>,
    /// The match navigated to.
    pub current: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Candidate,
    Pair,
}

/// An entry chosen in a frequency table, and which of its occurrences is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChosenEntry {
    pub kind: EntryKind,
    pub text: String,
    /// Candidate spans, or first members of pairs, in document order.
    pub occurrences: Rc<Vec<SpanId>>,
    pub index: usize,
}

/// Searching stops after this many matches; the count says so.
pub const SEARCH_LIMIT: usize = 100_000;

/// A menu that floats over the page; one at most is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    Export,
    /// The toolbar's labels, on a narrow screen where the toolbar shows only icons.
    Toolbar,
}

/// Things the navigation keys step through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Landmark {
    Connective,
    Pair,
    Problem,
    Match,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The file name the document came from, shown in the header and the page title.
    pub name: String,
    pub doc: Rc<Document>,
    pub lang: Lang,
    pub notice: Option<Notice>,
    pub target: Option<Target>,
    /// The diagnostic chosen in the problems list, marked in the text.
    pub chosen_diagnostic: Option<usize>,
    /// The member under the pointer or keyboard focus.
    pub hovered: Option<SpanId>,
    /// The member clicked: its pair stays lit until Esc or another click.
    pub pinned: Option<SpanId>,
    /// Draw the arcs of every pair on screen, not only the lit one.
    pub all_arcs: bool,
    pub search: Search,
    pub filter: LineFilter,
    pub entry: Option<ChosenEntry>,
    /// The keyboard help is open.
    pub help: bool,
    /// Where the document is saved in the browser; `None` until it needs saving (the built-in
    /// example is saved only once edited).
    pub doc_id: Option<String>,
    /// Every edit since the document was opened, for undo and redo.
    pub history: Rc<History>,
    /// The span chosen for editing (by click, focus or navigation).
    pub selected: Option<SpanId>,
    /// `l` was pressed on this member: the next member chosen becomes its partner.
    pub linking: Option<SpanId>,
    /// Counts changes to the document; autosave remembers which one it saved.
    pub revision: u64,
    pub saved_revision: Option<u64>,
    /// Whether the document is kept in the browser: files opened and anything edited are; the
    /// unedited built-in example is not.
    pub persist: bool,
    /// Why the browser could not save, while it cannot.
    pub storage_error: Option<String>,
    /// Classroom mode: the line on the projector and how far it is revealed.
    pub present: Option<Presentation>,
    /// The place a bookmarked URL asked for, kept until the document it was meant for is
    /// restored from storage (the page starts on the example and restores a moment later).
    pub bookmark: Option<Place>,
    /// Counts the documents opened in this tab: a save or a load that finishes after another
    /// document was opened names an older session and is ignored.
    pub session: u64,
    /// The stored generation this copy was loaded from or last saved as; 0 if never saved.
    pub generation: u64,
    /// Changes since the last save, with the revision each made: written synchronously after
    /// each change, so that leaving the page at once loses nothing.
    pub journal: Rc<Vec<(u64, Change)>>,
    /// The text this session started from, until a version of it is kept (and, for a document
    /// never saved, the base of the journal).
    pub opened_source: Option<Rc<String>>,
    /// Another tab saved this generation over the one this copy came from: nothing is saved
    /// until the user chooses.
    pub conflict: Option<u64>,
    /// The number and colour each pair shows: kept by each pair while the document is open.
    pub pair_numbers: Rc<PairNumbers>,
    /// The text selected with the mouse or a finger, as bytes of one line: what the
    /// "candidate" / "member" buttons mark.
    pub text_selection: Option<Range<usize>>,
    /// The floating menu that is open: it closes after use, on Esc and on a click elsewhere.
    pub menu: Option<Menu>,
    /// On a narrow screen the side panel is a drawer over the text; this one is open.
    pub drawer: bool,
    /// The corpus the open document belongs to, if it belongs to one: its documents with
    /// their statuses, notes and counts (the open one's kept up to date by every edit).
    pub corpus: Option<Rc<StoredCorpus>>,
    /// The documents panel shows only documents of this status.
    pub corpus_filter: Option<Status>,
    /// Another annotator's version being compared with the open document (or corpus), and
    /// the adjudication of the open document's disagreements.
    pub comparison: Option<Rc<Comparison>>,
    /// The lexicon the page uses (suggestions, statistics, the stage, the quiz): the built-in
    /// one or one imported; kept across documents.
    pub lexicon: Rc<Lexicon>,
    /// The imported lexicon's file name; `None` for the built-in lexicon.
    pub lexicon_name: Option<String>,
    /// The suggester's spans and pairs shown over the open document, until accepted,
    /// rejected or put away (`suggesting.rs`).
    pub suggesting: Option<Rc<crate::suggesting::Suggesting>>,
    /// The lesson being built on this document (`lessons.rs`); `None` until one is built,
    /// kept or restored in this session.
    pub lesson: Option<Rc<LessonPlan>>,
    /// The line read last: of the span chosen or the place gone to, whichever came last
    /// (what "add to the lesson" adds in the reading view).
    pub reading_line: Option<usize>,
    /// A URL fragment with a lesson, kept until the document it was meant for is restored.
    pub lesson_bookmark: Option<String>,
    /// The lesson's answer key is open (on screen, and what printing prints).
    pub handout: bool,
}

pub enum Action {
    /// Show the suggester's likely connectives and pairs over the open document.
    Suggest,
    /// Put the suggestions away (nothing in the document changes).
    EndSuggesting,
    /// Accept the suggestion in focus (with its pair), or all at or above the threshold.
    AcceptSuggested {
        all: bool,
    },
    RejectSuggested,
    /// The next (or previous) suggestion in document order.
    StepSuggested {
        forward: bool,
    },
    /// Focus suggestion N (a click on its mark).
    FocusSuggested(usize),
    /// What "accept all above" takes: suggestions at or above this confidence.
    SuggestedThreshold(f32),
    /// Use this lexicon from now on: `name` is the imported file's, `None` the built-in
    /// lexicon. `announce` says so in a notice (not when another tab or the start-up sets it).
    SetLexicon {
        name: Option<String>,
        lexicon: Rc<Lexicon>,
        announce: bool,
    },
    /// An imported lexicon was refused (the message names the file and the line).
    LexiconRefused(String),
    /// Replace the document with tagged text read from `name`. Text that is not text (NUL
    /// bytes) is refused with a notice, and the open document stays.
    Open {
        name: String,
        source: String,
    },
    /// Open the built-in example as it ships (kept in the browser only once edited).
    OpenExample,
    /// A file could not be read; the open document stays.
    OpenFailed(String),
    /// The text selected in the document changed: bytes of one line, or none.
    SelectText(Option<Range<usize>>),
    DismissNotice,
    /// Open this menu, or close it if it is open.
    ToggleMenu(Menu),
    /// Close the open menu (after use, or a click elsewhere).
    CloseMenu,
    /// Open or close the side panel's drawer (narrow screens).
    Drawer(bool),
    /// The open document's corpus (read from storage before one of its documents is restored),
    /// or none.
    SetCorpus(Option<Rc<StoredCorpus>>),
    /// Mark the open document of a corpus done, or take done back (it is in progress again).
    ToggleDone,
    /// The open document's note in its corpus.
    SetNote(String),
    /// Show only the corpus's documents of this status.
    CorpusFilter(Option<Status>),
    /// Search the open document for `query` (plain text) and go to line `line` (1-based): a
    /// hit of the corpus search, opened.
    ShowMatch {
        query: String,
        line: usize,
    },
    SetLang(Lang),
    /// Show the place of diagnostic `index` and mark it.
    ChooseDiagnostic(usize),
    /// The pointer or focus entered (`Some`) or left (`None`) a member.
    Hover(Option<SpanId>),
    /// Pin a member's pair, or unpin it if it is pinned.
    Pin(SpanId),
    /// Esc: unpin, and forget the chosen entry and problem.
    Clear,
    ToggleAllArcs,
    ToggleHelp,
    /// The search box changed; `matches` were found at the edge (the browser runs regular
    /// expressions), or the pattern is invalid.
    Search {
        query: String,
        regex: bool,
        matches: Result<Vec<Range<usize>>, String>,
    },
    SetFilter(LineFilter),
    /// Go to the next (or previous) connective, pair, problem or match.
    Jump {
        to: Landmark,
        forward: bool,
    },
    /// Go to a 1-based line number.
    GoToLine(usize),
    ChooseEntry {
        kind: EntryKind,
        text: String,
    },
    StepEntry {
        forward: bool,
    },
    /// Choose a span for editing (`None`: choose nothing).
    Select(Option<SpanId>),
    /// A click or Enter on a span: selects it; on a member also pins its pair, or, while
    /// linking, makes it the partner.
    Click(SpanId),
    /// Mark a byte range of the text (a selection, or the current search match).
    Mark {
        range: Range<usize>,
        kind: SpanKind,
    },
    /// Make the selected span a candidate or a member.
    SetKind(SpanKind),
    /// Remove the selected span.
    Remove,
    /// Unlink the selected member from its partner.
    Unlink,
    /// Start linking the selected member: the next member chosen becomes its partner.
    StartLink,
    /// Link the member being linked with this one.
    LinkTo(SpanId),
    /// Accept the first suggested partner of the selected member.
    AcceptSuggestion,
    Undo,
    Redo,
    /// A document restored from the browser's storage.
    Restore(Box<Restored>),
    /// The browser saved a revision of a document, or could not save.
    Saved(Result<SavedAt, String>),
    /// A save was refused: another tab saved `generation` of this document first.
    Conflict {
        session: u64,
        generation: u64,
    },
    /// Another tab saved this document and this tab had nothing unsaved: show its version.
    Synced {
        session: u64,
        record: StoredDocument,
    },
    /// Restore an earlier version of the open document (an undoable step).
    RestoreVersion {
        source: String,
    },
    /// Keep this tab's copy as a document of its own, under a new id.
    Forked {
        id: String,
    },
    /// The id under which the open document will be saved.
    Identify {
        session: u64,
        id: String,
    },
    /// The version of the text this session started from is kept.
    SessionVersionKept {
        session: u64,
    },
    /// Show a notice.
    Notify(Notice),
    /// An export (named) was put on the clipboard, or could not be.
    Copied(Result<String, String>),
    /// Enter classroom mode at a place (or move there).
    Present(Place),
    /// Leave classroom mode, back to the reading view at the line presented.
    StopPresenting,
    /// A move of the presenter.
    Lesson(Move),
    /// Compare the open document (or corpus) with another annotator's version.
    Compare(CompareWith),
    /// Close the comparison; the document stays as adjudicated.
    EndCompare,
    /// Go to the next (or previous) open disagreement.
    StepDisagreement {
        forward: bool,
    },
    /// Focus on disagreement `index` (of the open document's comparison), as clicked.
    FocusDisagreement(usize),
    /// Settle the disagreement in focus (all open ones with `all`) with a side.
    Decide {
        choice: Choice,
        all: bool,
    },
    /// Change the lesson being built.
    LessonPlan(PlanEdit),
    /// The lesson kept in the browser for the document of `session` (a fragment).
    LessonKept {
        session: u64,
        fragment: String,
    },
    /// A URL fragment with a lesson was opened.
    LessonFragment(String),
    /// Present the lesson's lines in its order.
    PresentLesson,
    /// Open or close the lesson's answer key.
    Handout(bool),
}

impl AppState {
    pub fn open(name: impl Into<String>, source: &str) -> Self {
        let doc = parse(source);
        AppState {
            name: name.into(),
            pair_numbers: Rc::new(PairNumbers::in_document_order(&doc)),
            doc: Rc::new(doc),
            lang: Lang::default(),
            notice: None,
            target: None,
            chosen_diagnostic: None,
            hovered: None,
            pinned: None,
            all_arcs: false,
            search: Search::default(),
            filter: LineFilter::default(),
            entry: None,
            help: false,
            doc_id: None,
            history: Rc::new(History::new()),
            selected: None,
            linking: None,
            revision: 0,
            saved_revision: None,
            persist: false,
            storage_error: None,
            present: None,
            bookmark: None,
            session: 0,
            generation: 0,
            journal: Rc::new(Vec::new()),
            opened_source: Some(Rc::new(source.to_string())),
            conflict: None,
            text_selection: None,
            menu: None,
            drawer: false,
            corpus: None,
            corpus_filter: None,
            comparison: None,
            lexicon: crate::lexicon::builtin(),
            lexicon_name: None,
            suggesting: None,
            lesson: None,
            lesson_bookmark: None,
            reading_line: None,
            handout: false,
        }
    }

    /// For a document opened with text but nothing marked: the offer to suggest its
    /// connectives.
    fn untagged_offer(&self, lang: Lang) -> Option<Notice> {
        let untagged =
            self.doc.spans.is_empty() && self.doc.text.chars().any(|c| !c.is_whitespace());
        untagged.then(|| Notice::Offer {
            text: lang
                .pick(
                    "这段文字还没有标注。",
                    "Nothing in this text is marked yet.",
                )
                .to_string(),
            offers: vec![Offer::Suggest],
            warning: false,
        })
    }

    fn set_lexicon(&self, name: Option<String>, lexicon: Rc<Lexicon>, announce: bool) -> AppState {
        let pairs = lexicon.entries.len();
        let notice = match (announce, &name) {
            (false, _) => self.notice.clone(),
            (true, None) => Some(Notice::Info(
                self.lang
                    .pick("已恢复内置词表。", "The built-in lexicon is back.")
                    .to_string(),
            )),
            (true, Some(name)) => Some(Notice::Info(match self.lang {
                Lang::Zh => format!("已载入词表 {name}：{pairs} 对。"),
                Lang::En => format!("Lexicon {name} loaded: {pairs} pairs."),
            })),
        };
        AppState {
            present: self
                .present
                .as_ref()
                .map(|p| p.with_lexicon(&self.doc, &lexicon)),
            lexicon,
            lexicon_name: name,
            notice,
            ..self.clone()
        }
    }

    /// Where classroom mode starts: the line last navigated to, as last presented.
    pub fn presentation_place(&self) -> Place {
        Place {
            line: self.target.map_or(0, |t| t.line),
            ..self.present.as_ref().map(|p| p.place).unwrap_or_default()
        }
    }

    /// The member whose pair is lit: the pinned one, else the hovered one.
    pub fn active_member(&self) -> Option<SpanId> {
        self.pinned.or(self.hovered)
    }

    /// The 0-based indices of the lines the filter lets through, in order.
    pub fn visible_lines(&self) -> Vec<usize> {
        filtered_lines(&self.doc, self.filter, &self.search.matches)
    }

    pub(crate) fn with_target(&self, line: usize, offset: usize, span: Option<SpanId>) -> Target {
        Target {
            line,
            offset,
            span,
            seq: self.target.map_or(1, |t| t.seq + 1),
        }
    }

    fn target_span(&self, id: SpanId) -> Target {
        let span = &self.doc.spans[id];
        self.with_target(span.line, span.range.start, Some(id))
    }

    /// A line a target is on must be visible: if the filter hides it, show all lines.
    pub(crate) fn filter_showing(&self, line: usize) -> LineFilter {
        if self.visible_lines().binary_search(&line).is_ok() {
            self.filter
        } else {
            LineFilter::All
        }
    }

    pub(crate) fn line_of_offset(&self, offset: usize) -> usize {
        let lines = &self.doc.lines;
        lines
            .partition_point(|l| l.range.end < offset)
            .min(lines.len().saturating_sub(1))
    }

    fn jump(&self, to: Landmark, forward: bool) -> AppState {
        let doc = &self.doc;
        let from = self.target.map(|t| t.offset);
        let mut next = self.clone();
        let target = match to {
            // While linking, only the members it can be linked with.
            Landmark::Connective if self.linking.is_some() => {
                let partners = self.possible_partners();
                if partners.is_empty() {
                    next.notice = Some(Notice::Error(
                        self.lang
                            .pick(
                                "没有其他成员可以连接：先选中文字并按 a 标为成员。Esc 取消连接。",
                                "There is no other member to link with: select some text and press a to mark one. Esc cancels linking.",
                            )
                            .to_string(),
                    ));
                }
                // From the span in hand (the member being linked, or where j/k went), which a
                // click chooses without moving the target.
                let from = self
                    .selected
                    .and_then(|id| doc.spans.get(id))
                    .map(|s| s.range.start)
                    .or(from);
                step(
                    partners.len(),
                    |i| doc.spans[partners[i]].range.start,
                    from,
                    forward,
                )
                .map(|i| self.target_span(partners[i]))
            }
            Landmark::Connective => {
                step(doc.spans.len(), |i| doc.spans[i].range.start, from, forward)
                    .map(|id| self.target_span(id))
            }
            Landmark::Pair => step(
                doc.pairs.len(),
                |i| doc.spans[doc.pairs[i].first].range.start,
                from,
                forward,
            )
            .map(|p| self.target_span(doc.pairs[p].first)),
            Landmark::Problem => step(
                doc.diagnostics.len(),
                |i| doc.diagnostics[i].offset,
                from,
                forward,
            )
            .map(|d| {
                next.chosen_diagnostic = Some(d);
                let range = problem_range(doc, d);
                self.with_target(doc.diagnostics[d].line - 1, range.start, None)
            }),
            Landmark::Match => {
                let matches = &self.search.matches;
                step(matches.len(), |i| matches[i].start, from, forward).map(|m| {
                    next.search.current = Some(m);
                    let start = matches[m].start;
                    self.with_target(self.line_of_offset(start), start, None)
                })
            }
        };
        if let Some(target) = target {
            next.filter = self.filter_showing(target.line);
            next.target = Some(target);
            next.selected = target.span;
        }
        next
    }
}

/// The core's messages are clauses; a notice starts with a capital.
fn sentence_case(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The name of a tab's own copy of a document: `a.txt` → `a (copy).txt`.
fn copy_name(name: &str, lang: Lang) -> String {
    let mark = lang.pick("（副本）", " (copy)");
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}{mark}.{ext}"),
        _ => format!("{name}{mark}"),
    }
}

/// The bytes of the document text that a selection within 0-based `line` covers, from its
/// ends in UTF-16 units of that line (as the browser measures them).
pub fn line_piece(doc: &Document, line: usize, start: usize, end: usize) -> Option<Range<usize>> {
    let line = doc.lines.get(line)?;
    let (start, end) = (start.min(end), start.max(end));
    let text = &doc.text[line.range.clone()];
    let bytes = connectives_core::offsets::bytes_of_utf16(text, [start, end]);
    Some(line.range.start + bytes[0]..line.range.start + bytes[1])
}

/// The lines a filter lets through.
pub fn filtered_lines(doc: &Document, filter: LineFilter, matches: &[Range<usize>]) -> Vec<usize> {
    let all = 0..doc.lines.len();
    match filter {
        LineFilter::All => all.collect(),
        LineFilter::WithPairs => all
            .filter(|&i| {
                doc.lines[i]
                    .spans
                    .clone()
                    .any(|id| doc.spans[id].pair.is_some())
            })
            .collect(),
        LineFilter::WithProblems => {
            let mut lines: Vec<usize> = doc.diagnostics.iter().map(|d| d.line - 1).collect();
            lines.dedup();
            lines
        }
        LineFilter::Matching => {
            let mut lines = Vec::new();
            let mut line = 0;
            for m in matches {
                while line < doc.lines.len() && doc.lines[line].range.end < m.start {
                    line += 1;
                }
                if line < doc.lines.len() && lines.last() != Some(&line) {
                    lines.push(line);
                }
            }
            lines
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::open(EXAMPLE_NAME, EXAMPLE_SOURCE)
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match action {
            Action::Open { name, source } => match source.find('\0') {
                Some(at) => {
                    let line = source[..at].matches('\n').count() + 1;
                    let message = match self.lang {
                        Lang::Zh => format!("{name} 不是文本文件（第 {line} 行有 NUL 字节），当前文档未改变。"),
                        Lang::En => format!(
                            "{name} is not a text file (a NUL byte on line {line}); the open document is unchanged."
                        ),
                    };
                    AppState {
                        notice: Some(Notice::Error(message)),
                        ..(*self).clone()
                    }
                }
                None => {
                    let opened = AppState::open(name, &source);
                    AppState {
                        lang: self.lang,
                        all_arcs: self.all_arcs,
                        persist: true,
                        revision: self.revision + 1,
                        session: self.session + 1,
                        present: self.present.as_ref().map(|p| {
                            let place = Place { line: 0, ..p.place };
                            Presentation::start(&opened.doc, &self.lexicon, place)
                        }),
                        lexicon: self.lexicon.clone(),
                        lexicon_name: self.lexicon_name.clone(),
                        notice: opened.untagged_offer(self.lang),
                        ..opened
                    }
                }
            },
            Action::OpenExample => AppState {
                lang: self.lang,
                all_arcs: self.all_arcs,
                revision: self.revision + 1,
                session: self.session + 1,
                lexicon: self.lexicon.clone(),
                lexicon_name: self.lexicon_name.clone(),
                ..AppState::default()
            },
            Action::SelectText(range) => {
                let range = range.filter(|r| self.is_line_piece(r));
                if range == self.text_selection {
                    return self;
                }
                AppState {
                    text_selection: range,
                    ..(*self).clone()
                }
            }
            Action::OpenFailed(message) => AppState {
                notice: Some(Notice::Error(format!(
                    "{message}. {}",
                    self.lang
                        .pick("当前文档未改变。", "The open document is unchanged.")
                ))),
                ..(*self).clone()
            },
            Action::SetLexicon {
                name,
                lexicon,
                announce,
            } => self.set_lexicon(name, lexicon, announce),
            Action::Suggest => self.start_suggesting(),
            Action::EndSuggesting => AppState {
                suggesting: None,
                ..(*self).clone()
            },
            Action::AcceptSuggested { all } => self.accept_suggestions(all),
            Action::RejectSuggested => self.reject_suggestion(),
            // `.` and `,` step the disagreements while comparing, else the suggestions.
            Action::StepDisagreement { forward } if self.comparison.is_none() => {
                self.step_suggestion(forward)
            }
            Action::StepSuggested { forward } => self.step_suggestion(forward),
            Action::FocusSuggested(index) => self.focus_suggestion_at(index),
            Action::SuggestedThreshold(threshold) => self.set_suggestion_threshold(threshold),
            Action::LexiconRefused(message) => AppState {
                notice: Some(Notice::Error(message)),
                ..(*self).clone()
            },
            Action::DismissNotice => AppState {
                notice: None,
                ..(*self).clone()
            },
            Action::SetLang(lang) => AppState {
                lang,
                ..(*self).clone()
            },
            Action::ChooseDiagnostic(index) => {
                let Some(diagnostic) = self.doc.diagnostics.get(index) else {
                    return self;
                };
                let line = diagnostic.line.saturating_sub(1);
                AppState {
                    chosen_diagnostic: Some(index),
                    target: Some(self.with_target(line, diagnostic.offset, None)),
                    filter: self.filter_showing(line),
                    ..(*self).clone()
                }
            }
            Action::Hover(hovered) => {
                let hovered = hovered.filter(|&id| self.is_member(id));
                if hovered == self.hovered {
                    return self;
                }
                AppState {
                    hovered,
                    ..(*self).clone()
                }
            }
            Action::Pin(id) => {
                if !self.is_member(id) {
                    return self;
                }
                AppState {
                    pinned: (self.pinned != Some(id)).then_some(id),
                    ..(*self).clone()
                }
            }
            Action::ToggleMenu(menu) => AppState {
                menu: (self.menu != Some(menu)).then_some(menu),
                ..(*self).clone()
            },
            // Unchanged state is handed back as is, so a click with no menu open renders nothing.
            Action::CloseMenu if self.menu.is_none() => return self,
            Action::CloseMenu => AppState {
                menu: None,
                ..(*self).clone()
            },
            Action::Drawer(open) if open == self.drawer => return self,
            Action::Drawer(open) => AppState {
                drawer: open,
                menu: None,
                ..(*self).clone()
            },
            Action::SetCorpus(corpus) => AppState {
                corpus,
                ..(*self).clone()
            },
            Action::ToggleDone => {
                let (Some(corpus), Some(id)) = (&self.corpus, &self.doc_id) else {
                    return self;
                };
                AppState {
                    corpus: Some(Rc::new(corpus.with_member(id, |m| {
                        m.status = match m.status {
                            Status::Done => Status::InProgress,
                            _ => Status::Done,
                        }
                    }))),
                    ..(*self).clone()
                }
            }
            Action::SetNote(note) => {
                let (Some(corpus), Some(id)) = (&self.corpus, &self.doc_id) else {
                    return self;
                };
                AppState {
                    corpus: Some(Rc::new(corpus.with_member(id, |m| m.note = note))),
                    ..(*self).clone()
                }
            }
            Action::ShowMatch { query, line } => {
                let matches = Ok(find_plain(&self.doc.text, &query, SEARCH_LIMIT));
                return self
                    .reduce(Action::Search {
                        query,
                        regex: false,
                        matches,
                    })
                    .reduce(Action::GoToLine(line));
            }
            Action::CorpusFilter(filter) => AppState {
                corpus_filter: filter,
                ..(*self).clone()
            },
            // Esc closes what floats on top first: a menu, then the drawer.
            Action::Clear if self.menu.is_some() => AppState {
                menu: None,
                ..(*self).clone()
            },
            Action::Clear if self.drawer => AppState {
                drawer: false,
                ..(*self).clone()
            },
            // Esc closes the answer key first, as it covers the page.
            Action::Clear if self.handout => AppState {
                handout: false,
                ..(*self).clone()
            },
            Action::Clear => AppState {
                linking: None,
                notice: if self.linking.is_some() { None } else { self.notice.clone() },
                help: false,
                pinned: None,
                hovered: None,
                entry: None,
                chosen_diagnostic: None,
                ..(*self).clone()
            },
            Action::ToggleAllArcs => AppState {
                all_arcs: !self.all_arcs,
                ..(*self).clone()
            },
            Action::ToggleHelp => AppState {
                help: !self.help,
                ..(*self).clone()
            },
            Action::Search {
                query,
                regex,
                matches,
            } => {
                let (matches, error) = match matches {
                    Ok(matches) => (matches, None),
                    Err(error) => (Vec::new(), Some(error)),
                };
                let filter = match (self.filter, query.is_empty()) {
                    (LineFilter::Matching, true) => LineFilter::All,
                    (filter, _) => filter,
                };
                AppState {
                    search: Search {
                        query,
                        regex,
                        matches: Rc::new(matches),
                        error,
                        current: None,
                    },
                    filter,
                    ..(*self).clone()
                }
            }
            Action::SetFilter(filter) => AppState {
                filter,
                ..(*self).clone()
            },
            Action::Jump { to, forward } => self.jump(to, forward),
            Action::GoToLine(number) => {
                if number == 0 || number > self.doc.lines.len() {
                    return self;
                }
                let line = number - 1;
                AppState {
                    target: Some(self.with_target(line, self.doc.lines[line].range.start, None)),
                    filter: self.filter_showing(line),
                    ..(*self).clone()
                }
            }
            Action::ChooseEntry { kind, text } => {
                let table = match kind {
                    EntryKind::Candidate => candidate_frequencies(&self.doc),
                    EntryKind::Pair => pair_frequencies(&self.doc),
                };
                let Some(row) = table.into_iter().find(|row| row.text == text) else {
                    return self;
                };
                let first = row.occurrences[0];
                let target = self.target_span(first);
                AppState {
                    entry: Some(ChosenEntry {
                        kind,
                        text,
                        occurrences: Rc::new(row.occurrences),
                        index: 0,
                    }),
                    filter: self.filter_showing(target.line),
                    target: Some(target),
                    ..(*self).clone()
                }
            }
            Action::Select(selected) => AppState {
                selected: selected.filter(|&id| id < self.doc.spans.len()),
                ..(*self).clone()
            },
            Action::Click(id) => {
                if id >= self.doc.spans.len() {
                    return self;
                }
                if let Some(a) = self.linking {
                    return Rc::new(self.choose_partner(a, id));
                }
                let pinned = if self.is_member(id) {
                    (self.pinned != Some(id)).then_some(id)
                } else {
                    self.pinned
                };
                AppState {
                    selected: Some(id),
                    pinned,
                    ..(*self).clone()
                }
            }
            Action::Mark { range, kind } => {
                let start = range.start;
                let marked = self.edit(vec![Edit::Mark { range, kind }], move |doc| {
                    doc.spans.iter().position(|s| s.range.start == start)
                });
                // The selection is used up (its buttons go), marked or refused.
                AppState {
                    text_selection: None,
                    ..marked
                }
            }
            Action::SetKind(kind) => match self.selected {
                Some(span) => self.edit(vec![Edit::SetKind { span, kind }], move |_| Some(span)),
                None => return self.nothing_selected(),
            },
            Action::Remove => match self.selected {
                Some(span) => self.edit(vec![Edit::Remove { span }], |_| None),
                None => return self.nothing_selected(),
            },
            Action::Unlink => match self.selected {
                Some(span) => self.edit(vec![Edit::Unlink { span }], move |_| Some(span)),
                None => return self.nothing_selected(),
            },
            Action::StartLink => match self.selected {
                Some(id) if self.is_member(id) => AppState {
                    linking: Some(id),
                    notice: Some(Notice::Info(
                        self.lang
                            .pick(
                                "请选择搭档：点击另一个成员，或用 j/k 移动后按 Enter。Esc 取消。",
                                "Choose the partner: click another member, or move with j/k and press Enter. Esc cancels.",
                            )
                            .to_string(),
                    )),
                    ..(*self).clone()
                },
                Some(_) => self.refuse(self.lang.pick(
                    "只有成员可以配对：先按 a 把它设为成员。",
                    "Only members can be linked: press a to make it a member first.",
                )),
                None => return self.nothing_selected(),
            },
            Action::LinkTo(b) => match self.linking {
                Some(a) => self.choose_partner(a, b),
                None => return self,
            },
            Action::AcceptSuggestion => {
                let Some(id) = self.selected else {
                    return self.nothing_selected();
                };
                match self.lexicon.suggest_partners(&self.doc, id).first() {
                    None => self.refuse(self.lang.pick(
                        "没有可建议的搭档。",
                        "There is no partner to suggest.",
                    )),
                    Some(suggestion) => self.accept(id, suggestion.clone()),
                }
            }
            Action::Undo => self.walk_history(true),
            Action::Redo => self.walk_history(false),
            Action::Restore(restored) => {
                let restored = self.restore(*restored);
                match &self.lesson_bookmark {
                    Some(fragment) => restored.with_lesson_fragment(fragment, self.bookmark),
                    None => restored,
                }
            }
            Action::LessonPlan(edit) => self.edit_lesson(edit),
            Action::LessonKept { session, fragment } => match self.lesson_kept(session, &fragment) {
                Some(next) => next,
                None => return self,
            },
            Action::LessonFragment(fragment) => {
                self.with_lesson_fragment(&fragment, Place::from_fragment(&fragment))
            }
            Action::PresentLesson => match self.present_lesson() {
                Some(next) => next,
                None => return self,
            },
            Action::Handout(open) => AppState {
                handout: open,
                ..(*self).clone()
            },
            Action::Saved(Ok(saved)) => {
                if saved.session != self.session {
                    return self;
                }
                let journal: Vec<(u64, Change)> = self
                    .journal
                    .iter()
                    .filter(|(revision, _)| *revision > saved.revision)
                    .cloned()
                    .collect();
                AppState {
                    doc_id: Some(saved.id),
                    saved_revision: Some(saved.revision),
                    generation: saved.generation,
                    journal: Rc::new(journal),
                    storage_error: None,
                    ..(*self).clone()
                }
            }
            Action::Conflict {
                session,
                generation,
            } => {
                if session != self.session || self.conflict == Some(generation) {
                    return self;
                }
                AppState {
                    conflict: Some(generation),
                    notice: Some(Notice::Offer {
                        text: self
                            .lang
                            .pick(
                                "另一个标签页保存了本文档的较新版本，本标签页的修改尚未保存。请选择：",
                                "Another tab saved a newer version of this document; this tab's edits are not saved. Choose:",
                            )
                            .to_string(),
                        offers: vec![Offer::LoadNewer, Offer::KeepMine],
                        warning: true,
                    }),
                    ..(*self).clone()
                }
            }
            Action::Synced { session, record } => {
                let stale = session != self.session
                    || self.doc_id.as_deref() != Some(record.id.as_str())
                    || record.generation <= self.generation;
                if stale {
                    return self;
                }
                if self.needs_saving() || self.conflict.is_some() {
                    // Edited meanwhile: that is a conflict, for the user to resolve.
                    return self.reduce(Action::Conflict {
                        session,
                        generation: record.generation,
                    });
                }
                self.synced(record)
            }
            Action::RestoreVersion { source } => {
                let mut doc = (*self.doc).clone();
                let mut history = (*self.history).clone();
                match history.replace(&mut doc, &parse(&source)) {
                    Err(error) => self.refuse(&match self.lang {
                        Lang::Zh => error.message_zh(),
                        Lang::En => error.message(),
                    }),
                    Ok(()) => {
                        let notice = Notice::Offer {
                            text: self
                                .lang
                                .pick("已恢复该版本。", "The version is restored.")
                                .to_string(),
                            offers: vec![Offer::UndoRestore],
                            warning: false,
                        };
                        self.changed(doc, history, None, Some(notice), vec![Change::Restore(source)])
                    }
                }
            }
            Action::Forked { id } => AppState {
                doc_id: Some(id),
                generation: 0,
                conflict: None,
                saved_revision: None,
                persist: true,
                name: copy_name(&self.name, self.lang),
                notice: None,
                ..(*self).clone()
            },
            Action::Identify { session, id } => {
                if session != self.session || self.doc_id.is_some() {
                    return self;
                }
                AppState {
                    doc_id: Some(id),
                    ..(*self).clone()
                }
            }
            Action::SessionVersionKept { session } => {
                if session != self.session {
                    return self;
                }
                AppState {
                    opened_source: None,
                    ..(*self).clone()
                }
            }
            Action::Notify(notice) => AppState {
                notice: Some(notice),
                ..(*self).clone()
            },
            Action::Copied(result) => AppState {
                notice: Some(match result {
                    Ok(name) => Notice::Info(format!(
                        "{} {name}",
                        self.lang.pick("已复制到剪贴板：", "Copied to the clipboard:")
                    )),
                    Err(error) => Notice::Error(format!(
                        "{} {error}",
                        self.lang.pick("无法复制：", "Could not copy:")
                    )),
                }),
                ..(*self).clone()
            },
            Action::Saved(Err(error)) => {
                if self.storage_error.as_deref() == Some(error.as_str()) {
                    return self;
                }
                AppState {
                    storage_error: Some(error),
                    ..(*self).clone()
                }
            }
            Action::Present(place) => AppState {
                present: Some(Presentation::start(&self.doc, &self.lexicon, place)),
                help: false,
                bookmark: None,
                ..(*self).clone()
            },
            Action::StopPresenting => {
                let Some(present) = &self.present else {
                    return self;
                };
                let line = present.place.line.min(self.doc.lines.len().saturating_sub(1));
                let target = self
                    .doc
                    .lines
                    .get(line)
                    .map(|l| self.with_target(line, l.range.start, None));
                AppState {
                    present: None,
                    bookmark: None,
                    filter: if target.is_some() { self.filter_showing(line) } else { self.filter },
                    target: target.or(self.target),
                    ..(*self).clone()
                }
            }
            Action::Compare(with) => self.compare(with),
            Action::EndCompare => AppState {
                comparison: None,
                ..(*self).clone()
            },
            Action::StepDisagreement { forward } => self.step_disagreement(forward),
            Action::FocusDisagreement(index) => self.focus_disagreement(index),
            Action::Decide { choice, all } => self.decide(choice, all),
            Action::Lesson(step) => {
                let Some(next) = self
                    .present
                    .as_ref()
                    .and_then(|p| p.apply(&self.doc, step))
                else {
                    return self;
                };
                AppState {
                    present: Some(next),
                    bookmark: None,
                    ..(*self).clone()
                }
            }
            Action::StepEntry { forward } => {
                let Some(entry) = &self.entry else {
                    return self;
                };
                let n = entry.occurrences.len();
                let index = if forward {
                    (entry.index + 1) % n
                } else {
                    (entry.index + n - 1) % n
                };
                let target = self.target_span(entry.occurrences[index]);
                AppState {
                    entry: Some(ChosenEntry {
                        index,
                        ..entry.clone()
                    }),
                    filter: self.filter_showing(target.line),
                    target: Some(target),
                    ..(*self).clone()
                }
            }
        };
        Rc::new(
            next.following_corpus(&self)
                .following_comparison(&self)
                .following_suggestions(&self)
                .following_reading(&self),
        )
    }
}

impl AppState {
    /// Whether `range` is a non-empty piece of one line's text, on character boundaries.
    fn is_line_piece(&self, range: &Range<usize>) -> bool {
        let text = &self.doc.text;
        range.start < range.end
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end)
            && range.end <= text.len()
            && !text[range.clone()].contains('\n')
    }

    /// Whether the document has changes the browser has not saved yet.
    pub fn needs_saving(&self) -> bool {
        self.persist && self.saved_revision != Some(self.revision)
    }

    /// Whether autosave may save now: not while a conflict with another tab is open.
    pub fn can_save(&self) -> bool {
        self.needs_saving() && self.conflict.is_none()
    }

    /// The changes not saved yet, oldest first.
    pub fn unsaved_changes(&self) -> Vec<Change> {
        self.journal
            .iter()
            .map(|(_, change)| change.clone())
            .collect()
    }

    /// Opens a stored document, replaying the unsaved changes a journal kept for it.
    fn restore(&self, restored: Restored) -> AppState {
        let Restored {
            record,
            changes,
            corpus,
        } = restored;
        let revision = self.revision + 1;
        // A document of the open corpus keeps it; moving within a corpus needs no notice, and
        // comes back at the line it was left at.
        let corpus = corpus.filter(|c| !record.corpus.is_empty() && c.id == record.corpus);
        let within_corpus = corpus.as_ref().is_some_and(|c| {
            self.corpus.as_ref().is_some_and(|open| open.id == c.id)
                && self
                    .doc_id
                    .as_ref()
                    .is_some_and(|id| c.position(id).is_some())
        });
        let (left_at, left_selected) = corpus
            .as_ref()
            .and_then(|c| c.member(&record.id))
            .map_or((0, None), |m| (m.line, m.selected));
        let mut opened = AppState::open(record.name.clone(), &record.source);
        opened.doc = Rc::new(record.document());
        let mut history = record.undo_history();
        let mut doc = (*opened.doc).clone();
        let replayed = !changes.is_empty() && replay(&mut doc, &mut history, &changes).is_ok();
        // Said only when there is something to show for it: edits that can be undone (or, in
        // a record kept without its history, edits counted), unsaved changes that changed it.
        let edited = history.can_undo() || (record.history.is_empty() && record.edits > 0);
        let changed = replayed && doc != *opened.doc;
        let message = match (changed, edited) {
            (true, _) => self.lang.pick(
                "已恢复上次的文档，包括关闭前尚未保存的修改：",
                "Restored, with the edits not yet saved when the page closed:",
            ),
            (false, true) => self.lang.pick(
                "已从本浏览器恢复上次的文档及其修改：",
                "Restored from this browser, with its edits:",
            ),
            (false, false) => self.lang.pick(
                "已从本浏览器恢复上次的文档：",
                "Restored from this browser:",
            ),
        };
        let journal = if replayed {
            changes
                .into_iter()
                .map(|change| (revision, change))
                .collect()
        } else {
            Vec::new()
        };
        if replayed {
            opened.doc = Rc::new(doc);
        }
        opened.pair_numbers = Rc::new(PairNumbers::in_document_order(&opened.doc));
        let target = match opened.doc.lines.get(left_at) {
            Some(line) if within_corpus && left_at > 0 => {
                Some(self.with_target(left_at, line.range.start, None))
            }
            _ => opened.target,
        };
        AppState {
            lang: self.lang,
            // A bookmarked lesson restores its place in the restored document.
            present: match self.bookmark {
                Some(place) => Some(Presentation::start(&opened.doc, &self.lexicon, place)),
                None => self.present.as_ref().map(|p| p.fit(&opened.doc)),
            },
            lexicon: self.lexicon.clone(),
            lexicon_name: self.lexicon_name.clone(),
            all_arcs: self.all_arcs,
            doc_id: Some(record.id),
            persist: true,
            revision,
            saved_revision: (!replayed).then_some(revision),
            history: Rc::new(history),
            generation: record.generation,
            journal: Rc::new(journal),
            session: self.session + 1,
            opened_source: Some(Rc::new(record.source)),
            notice: (!within_corpus).then(|| Notice::Info(format!("{message} {}", record.name))),
            target,
            selected: left_selected.filter(|&id| within_corpus && id < opened.doc.spans.len()),
            corpus,
            corpus_filter: self.corpus_filter,
            ..opened
        }
    }

    /// The id of the corpus the open document belongs to; empty for a document of its own.
    pub fn corpus_id(&self) -> String {
        match (&self.corpus, &self.doc_id) {
            (Some(corpus), Some(id)) if corpus.position(id).is_some() => corpus.id.clone(),
            _ => String::new(),
        }
    }

    /// The corpus follows the open document's edits: its counts, and `in-progress` at the
    /// first edit of a new document.
    fn following_corpus(mut self, before: &AppState) -> AppState {
        let edited = self.session == before.session && !Rc::ptr_eq(&self.doc, &before.doc);
        if let (true, Some(corpus), Some(id)) = (edited, &self.corpus, &self.doc_id) {
            let counts = MemberCounts::of(&self.doc);
            let changed = !Rc::ptr_eq(&self.history, &before.history);
            self.corpus = Some(Rc::new(corpus.with_member(id, |m| {
                m.counts = counts;
                if changed && m.status == Status::New {
                    m.status = Status::InProgress;
                }
            })));
        }
        self
    }

    /// Shows the newer version another tab saved, keeping the view where it was.
    fn synced(&self, record: StoredDocument) -> AppState {
        let doc = record.document();
        let revision = self.revision + 1;
        let target = self.target.filter(|t| t.line < doc.lines.len());
        AppState {
            // The same document as edited in another tab: pairs keep their numbers.
            pair_numbers: Rc::new(self.pair_numbers.follow(&doc)),
            doc: Rc::new(doc),
            history: Rc::new(record.undo_history()),
            revision,
            saved_revision: Some(revision),
            generation: record.generation,
            conflict: None,
            journal: Rc::new(Vec::new()),
            target: target.map(|t| Target { span: None, ..t }),
            selected: None,
            hovered: None,
            pinned: None,
            linking: None,
            entry: None,
            chosen_diagnostic: None,
            notice: Some(Notice::Info(
                self.lang
                    .pick(
                        "已载入另一个标签页保存的修改。",
                        "Updated with the edits saved in another tab.",
                    )
                    .to_string(),
            )),
            ..self.clone()
        }
    }

    /// Applies `edits` in order as separate undo steps; a refused one stops there with a
    /// notice. `select` finds the span to select in the edited document.
    fn edit(&self, edits: Vec<Edit>, select: impl Fn(&Document) -> Option<SpanId>) -> AppState {
        let mut doc = (*self.doc).clone();
        let mut history = (*self.history).clone();
        let mut refused: Option<EditError> = None;
        let mut applied = Vec::new();
        for edit in edits {
            match history.apply(&mut doc, edit.clone()) {
                Ok(()) => applied.push(Change::Edit(edit)),
                Err(error) => {
                    refused = Some(error);
                    break;
                }
            }
        }
        let notice = refused.map(|error| {
            Notice::Error(match self.lang {
                Lang::Zh => error.message_zh(),
                Lang::En => error.message(),
            })
        });
        if applied.is_empty() {
            return AppState {
                notice,
                linking: None,
                ..self.clone()
            };
        }
        let selected = select(&doc);
        self.changed(doc, history, selected, notice, applied)
    }

    /// The state after the document changed: ids may have moved, so marks that name spans or
    /// diagnostics are dropped.
    pub(crate) fn changed(
        &self,
        doc: Document,
        history: History,
        selected: Option<SpanId>,
        notice: Option<Notice>,
        changes: Vec<Change>,
    ) -> AppState {
        let revision = self.revision + 1;
        let mut journal = (*self.journal).clone();
        journal.extend(changes.into_iter().map(|change| (revision, change)));
        let target = selected.map(|id| {
            let span = &doc.spans[id];
            self.with_target(span.line, span.range.start, Some(id))
        });
        AppState {
            pair_numbers: Rc::new(self.pair_numbers.follow(&doc)),
            doc: Rc::new(doc),
            history: Rc::new(history),
            revision,
            journal: Rc::new(journal),
            persist: true,
            selected,
            target: target.or(self.target.map(|t| Target { span: None, ..t })),
            notice,
            pinned: None,
            hovered: None,
            linking: None,
            entry: None,
            chosen_diagnostic: None,
            ..self.clone()
        }
    }

    fn walk_history(&self, undo: bool) -> AppState {
        let mut doc = (*self.doc).clone();
        let mut history = (*self.history).clone();
        let moved = if undo {
            history.undo(&mut doc)
        } else {
            history.redo(&mut doc)
        };
        if !moved {
            return self.refuse(if undo {
                self.lang.pick("没有可撤销的修改。", "Nothing to undo.")
            } else {
                self.lang.pick("没有可重做的修改。", "Nothing to redo.")
            });
        }
        let selected = self.selected.filter(|&id| id < doc.spans.len());
        let change = if undo { Change::Undo } else { Change::Redo };
        self.changed(doc, history, selected, None, vec![change])
    }

    fn accept(&self, id: SpanId, suggestion: Suggestion) -> AppState {
        let doc = &self.doc;
        let member = |span: SpanId| Edit::SetKind {
            span,
            kind: SpanKind::Member,
        };
        match suggestion {
            Suggestion::Span(partner) => {
                let mut edits = vec![member(id), member(partner)];
                edits.push(Edit::Link { a: id, b: partner });
                self.edit(edits, move |_| Some(id))
            }
            Suggestion::Text(range) => {
                // Marking shifts ids after the new span: find both again by their starts.
                let (own, other) = (doc.spans[id].range.start, range.start);
                let mut next = self.edit(vec![member(id)], |_| Some(id));
                if next.notice.is_some() {
                    return next;
                }
                next = next.edit(
                    vec![Edit::Mark {
                        range,
                        kind: SpanKind::Member,
                    }],
                    |_| None,
                );
                let find = |doc: &Document, start: usize| {
                    doc.spans.iter().position(|s| s.range.start == start)
                };
                match (find(&next.doc, own), find(&next.doc, other)) {
                    (Some(a), Some(b)) => next.edit(vec![Edit::Link { a, b }], move |_| Some(a)),
                    _ => next,
                }
            }
        }
    }

    fn refuse(&self, message: &str) -> AppState {
        AppState {
            notice: Some(Notice::Error(message.to_string())),
            linking: None,
            ..self.clone()
        }
    }

    fn nothing_selected(self: Rc<Self>) -> Rc<Self> {
        Rc::new(self.refuse(self.lang.pick(
            "请先选择一个关联词（点击它，或用 j/k 移动）。",
            "Choose a connective first (click it, or move to it with j/k).",
        )))
    }

    /// The members the one being linked can be linked with: every other member, on any line.
    pub fn possible_partners(&self) -> Vec<SpanId> {
        let Some(linking) = self.linking else {
            return Vec::new();
        };
        (0..self.doc.spans.len())
            .filter(|&id| id != linking && self.is_member(id))
            .collect()
    }

    /// The member being linked (`a`) was given a partner (`b`): link them, or, if `b` cannot be
    /// its partner, say why at once and keep linking, so the next choice can be right.
    fn choose_partner(&self, a: SpanId, b: SpanId) -> AppState {
        let Some(span) = self.doc.spans.get(b) else {
            return self.clone();
        };
        let why = if a == b {
            Some(EditError::SameSpan { span: b })
        } else if span.kind != SpanKind::Member {
            Some(EditError::NotAMember {
                span: b,
                text: self.doc.span_text(b).to_string(),
            })
        } else {
            None
        };
        let Some(why) = why else {
            return self.edit(vec![Edit::Link { a, b }], move |_| Some(a));
        };
        let reason = match self.lang {
            Lang::Zh => why.message_zh(),
            Lang::En => sentence_case(&why.message()),
        };
        let again = self.lang.pick(
            "。请选择另一个成员，或按 Esc 取消。",
            ". Choose another member, or press Esc to cancel.",
        );
        AppState {
            notice: Some(Notice::Error(format!("{reason}{again}"))),
            ..self.clone()
        }
    }

    fn is_member(&self, id: SpanId) -> bool {
        self.doc
            .spans
            .get(id)
            .is_some_and(|s| s.kind == SpanKind::Member)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(source: &str) -> Rc<AppState> {
        Rc::new(AppState::open("test.txt", source))
    }

    #[test]
    fn the_page_opens_on_the_built_in_example() {
        let state = AppState::default();
        assert_eq!(state.name, "seed-zh.txt");
        assert_eq!(state.doc.counts().pairs, 8);
    }

    #[test]
    fn presenting_the_example_walks_its_eight_lines_with_pairs_and_leaving_returns_there() {
        let state = Rc::new(AppState::default());
        let place = state.presentation_place();
        let presenting = state.reduce(Action::Present(place));
        let p = presenting.present.clone().unwrap();
        assert_eq!(p.progress(&presenting.doc), (1, 8));
        assert_eq!(p.place.line, 9, "line 10 is the first with a pair");
        let mut now = presenting;
        for _ in 0..3 {
            now = now.reduce(Action::Lesson(Move::NextLine));
        }
        let p = now.present.clone().unwrap();
        assert_eq!(p.progress(&now.doc), (4, 8));
        let line = p.place.line;
        let left = now.reduce(Action::StopPresenting);
        assert!(left.present.is_none());
        assert_eq!(left.target.map(|t| t.line), Some(line));
        // Coming back starts where reading left off, in the same mode.
        assert_eq!(left.presentation_place().line, line);
    }

    #[test]
    fn a_restored_document_keeps_the_bookmarked_place_and_an_opened_one_starts_over() {
        // The page starts on the example, which has no pair on line 2, and then restores the
        // document the bookmark was made on.
        let place = Place::from_fragment("line=2&mode=quiz").unwrap();
        let doc = AppState::default().doc;
        let state = Rc::new(AppState {
            present: Some(Presentation::start(&doc, &crate::lexicon::builtin(), place)),
            bookmark: Some(place),
            ..AppState::default()
        });
        assert_eq!(state.present.as_ref().unwrap().place.line, 9);
        let restored = state.clone().reduce(restore_action(
            "x",
            "一\n<a>不是</a>我，<a>而是</a>他。\n<a>虽然</a>…<a>但</a>",
            1,
            vec![],
        ));
        let p = restored.present.clone().unwrap();
        assert_eq!((p.place.line, p.place.mode), (1, crate::lesson::Mode::Quiz));
        assert_eq!(restored.bookmark, None);
        let opened = restored.reduce(Action::Open {
            name: "y.txt".into(),
            source: "一\n<a>虽然</a>…<a>但</a>".into(),
        });
        assert_eq!(opened.present.as_ref().unwrap().place.line, 1);
        let moved = opened.clone().reduce(Action::Lesson(Move::NextLine));
        assert!(Rc::ptr_eq(&opened, &moved), "nothing to move to");
    }

    #[test]
    fn open_replaces_the_document_and_keeps_the_language() {
        let state = Rc::new(AppState::default()).reduce(Action::SetLang(Lang::En));
        let next = state.reduce(Action::Open {
            name: "mine.txt".into(),
            source: "<a>不仅</a>……<a>而且</a>".into(),
        });
        assert_eq!(next.name, "mine.txt");
        assert_eq!(next.doc.lines.len(), 1);
        assert_eq!(next.doc.pair_label(0), "不仅…而且");
        assert_eq!(next.lang, Lang::En);
    }

    #[test]
    fn a_file_with_nul_bytes_is_refused_and_the_document_stays() {
        let state = Rc::new(AppState::default()).reduce(Action::SetLang(Lang::En));
        let next = state.clone().reduce(Action::Open {
            name: "photo.png".into(),
            source: "\u{89}PNG\r\n\0\0".into(),
        });
        assert!(Rc::ptr_eq(&state.doc, &next.doc));
        assert_eq!(next.name, "seed-zh.txt");
        match &next.notice {
            Some(Notice::Error(message)) => {
                assert!(
                    message.contains("photo.png is not a text file"),
                    "{message}"
                );
                assert!(message.contains("line 2"), "{message}");
            }
            other => panic!("expected an error notice, got {other:?}"),
        }
        let dismissed = next.reduce(Action::DismissNotice);
        assert_eq!(dismissed.notice, None);
    }

    #[test]
    fn a_failed_read_says_why_and_keeps_the_document() {
        let state = Rc::new(AppState::default()).reduce(Action::SetLang(Lang::En));
        let next = state
            .clone()
            .reduce(Action::OpenFailed("big.txt: NotReadableError".into()));
        assert!(Rc::ptr_eq(&state.doc, &next.doc));
        assert_eq!(
            next.notice,
            Some(Notice::Error(
                "big.txt: NotReadableError. The open document is unchanged.".into()
            ))
        );
    }

    #[test]
    fn choosing_a_diagnostic_targets_its_line_and_offset() {
        let state = state("好的\n甲乙<cand>丙\n");
        let next = state.reduce(Action::ChooseDiagnostic(0));
        assert_eq!(next.chosen_diagnostic, Some(0));
        let target = next.target.expect("a target");
        assert_eq!(target.line, 1);
        assert_eq!(&next.doc.text[target.offset..], "<cand>丙\n");
        let again = next.reduce(Action::ChooseDiagnostic(0));
        assert!(
            again.target.expect("a target").seq > target.seq,
            "asking twice scrolls twice"
        );
    }

    #[test]
    fn choosing_a_diagnostic_that_does_not_exist_changes_nothing() {
        let state = Rc::new(AppState::default());
        let next = state.clone().reduce(Action::ChooseDiagnostic(3));
        assert!(Rc::ptr_eq(&state, &next));
    }

    #[test]
    fn hovering_lights_a_member_and_pinning_wins_until_cleared() {
        let state = state("<a>虽然</a>x<cand>也</cand><a>但</a>");
        let hovered = state.reduce(Action::Hover(Some(0)));
        assert_eq!(hovered.active_member(), Some(0));
        let candidate = hovered.clone().reduce(Action::Hover(Some(1)));
        assert_eq!(candidate.hovered, None, "a candidate has no pair to light");
        let pinned = hovered
            .reduce(Action::Pin(2))
            .reduce(Action::Hover(Some(0)));
        assert_eq!(pinned.active_member(), Some(2));
        let unpinned = pinned.clone().reduce(Action::Pin(2));
        assert_eq!(unpinned.pinned, None);
        let cleared = pinned.reduce(Action::Clear);
        assert_eq!(cleared.active_member(), None);
    }

    #[test]
    fn one_menu_is_open_at_a_time_and_esc_closes_what_floats_on_top_first() {
        let state = state("<a>虽然</a>x<a>但</a>").reduce(Action::Pin(0));
        let export = state.reduce(Action::ToggleMenu(Menu::Export));
        assert_eq!(export.menu, Some(Menu::Export));
        let labels = export.clone().reduce(Action::ToggleMenu(Menu::Toolbar));
        assert_eq!(
            labels.menu,
            Some(Menu::Toolbar),
            "opening one menu closes the other"
        );
        assert_eq!(labels.reduce(Action::ToggleMenu(Menu::Toolbar)).menu, None);

        let drawer = export.reduce(Action::Drawer(true));
        assert!(drawer.drawer);
        assert_eq!(drawer.menu, None, "the drawer closes the menu");
        let with_menu = drawer.reduce(Action::ToggleMenu(Menu::Export));
        let esc = with_menu.reduce(Action::Clear);
        assert_eq!(
            (esc.menu, esc.drawer, esc.pinned),
            (None, true, Some(0)),
            "Esc: the menu first"
        );
        let esc = esc.reduce(Action::Clear);
        assert_eq!(
            (esc.drawer, esc.pinned),
            (false, Some(0)),
            "then the drawer"
        );
        let esc = esc.reduce(Action::Clear);
        assert_eq!(esc.pinned, None, "then the pinned pair");
    }

    fn corpus_state() -> (Rc<AppState>, Rc<StoredCorpus>, Vec<StoredDocument>) {
        let entries = vec![
            connectives_core::corpus::Entry::new("a.txt", "<cand>而</cand>甲\n"),
            connectives_core::corpus::Entry::new("b.txt", "乙\n丙\n丁\n"),
        ];
        let mut n = 0;
        let (corpus, records) =
            StoredCorpus::of_entries("c".into(), "c".into(), entries, 1.0, || {
                n += 1;
                format!("c/{n}")
            });
        let corpus = Rc::new(corpus);
        let opened = Rc::new(AppState::default()).reduce(Action::Restore(Box::new(Restored {
            record: records[0].clone(),
            changes: Vec::new(),
            corpus: Some(corpus.clone()),
        })));
        (opened, corpus, records)
    }

    #[test]
    fn a_corpus_document_is_in_progress_at_its_first_edit_and_done_when_the_annotator_says() {
        let (opened, _, _) = corpus_state();
        assert!(opened.notice.is_some(), "opening the corpus says so");
        let member = |s: &AppState| s.corpus.as_ref().unwrap().documents[0].clone();
        assert_eq!(member(&opened).status, Status::New);
        let selected = opened.reduce(Action::Select(Some(0)));
        let edited = selected.reduce(Action::SetKind(SpanKind::Member));
        assert_eq!(member(&edited).status, Status::InProgress);
        assert_eq!(
            (
                member(&edited).counts.candidates,
                member(&edited).counts.members
            ),
            (0, 1)
        );
        let done = edited.reduce(Action::ToggleDone);
        assert_eq!(member(&done).status, Status::Done);
        let noted = done.reduce(Action::SetNote("看一下".into()));
        assert_eq!(member(&noted).note, "看一下");
        assert_eq!(
            member(&noted.reduce(Action::ToggleDone)).status,
            Status::InProgress,
            "done taken back"
        );
        assert_eq!(
            corpus_state()
                .0
                .reduce(Action::ToggleDone)
                .corpus
                .as_ref()
                .unwrap()
                .progress(),
            (1, 2),
            "done with no edit"
        );
    }

    #[test]
    fn moving_within_a_corpus_is_quiet_and_comes_back_at_the_line_left_at() {
        let (opened, corpus, records) = corpus_state();
        let left = Rc::new(corpus.with_member("c/2", |m| {
            m.line = 2;
            m.selected = Some(0);
        }));
        let moved = opened.reduce(Action::Restore(Box::new(Restored {
            record: records[1].clone(),
            changes: Vec::new(),
            corpus: Some(left),
        })));
        assert_eq!(moved.notice, None);
        assert_eq!(moved.target.map(|t| t.line), Some(2));
        assert_eq!(moved.selected, None, "b.txt has no span 0 to choose");
        let back = moved.clone().reduce(Action::Restore(Box::new(Restored {
            record: records[0].clone(),
            changes: Vec::new(),
            corpus: Some(Rc::new(corpus.with_member("c/1", |m| m.selected = Some(0)))),
        })));
        assert_eq!(
            back.selected,
            Some(0),
            "a.txt comes back with its candidate chosen"
        );
        assert_eq!(moved.corpus_id(), "c");
        let single = moved.reduce(Action::Open {
            name: "x.txt".into(),
            source: "x\n".into(),
        });
        assert!(
            single.corpus.is_none(),
            "a file of its own leaves the corpus"
        );
        assert_eq!(single.corpus_id(), "");
    }

    #[test]
    fn closing_what_is_closed_hands_back_the_same_state_so_nothing_renders() {
        let state = state("<a>虽然</a>x<a>但</a>");
        assert!(Rc::ptr_eq(&state.clone().reduce(Action::CloseMenu), &state));
        assert!(Rc::ptr_eq(
            &state.clone().reduce(Action::Drawer(false)),
            &state
        ));
        let open = state.reduce(Action::ToggleMenu(Menu::Export));
        assert_eq!(open.reduce(Action::CloseMenu).menu, None);
    }

    #[test]
    fn filters_let_through_lines_with_pairs_problems_or_matches() {
        let state = state("<a>虽然</a>x<a>但</a>\n平常\n<cand>坏\n也是平常\n");
        let lines = |filter| filtered_lines(&state.doc, filter, &[0..6, 7..10, 11..14]);
        assert_eq!(lines(LineFilter::All), [0, 1, 2, 3]);
        assert_eq!(lines(LineFilter::WithPairs), [0]);
        assert_eq!(lines(LineFilter::WithProblems), [2]);
        // "虽然x但\n" is 11 bytes, so 平常 starts at 11: two matches in line 0, one in line 1.
        assert_eq!(lines(LineFilter::Matching), [0, 1]);
    }

    #[test]
    fn jumping_steps_through_connectives_pairs_and_problems_and_wraps() {
        let state =
            state("<cand>也</cand>x<a>虽然</a>y<a>但</a>\n<cand>坏\n<a>不仅</a>z<a>而且</a>\n");
        let next = |s: Rc<AppState>, to| s.reduce(Action::Jump { to, forward: true });
        let a = next(state.clone(), Landmark::Connective);
        assert_eq!(a.target.and_then(|t| t.span), Some(0));
        let b = next(a, Landmark::Connective);
        assert_eq!(b.target.and_then(|t| t.span), Some(1));
        let p = next(b, Landmark::Pair);
        assert_eq!(
            p.target.and_then(|t| t.span),
            Some(3),
            "the pair after 虽然 is 不仅…而且"
        );
        let wrapped = next(p, Landmark::Pair);
        assert_eq!(wrapped.target.and_then(|t| t.span), Some(1));
        let problem = next(wrapped, Landmark::Problem);
        assert_eq!(problem.chosen_diagnostic, Some(0));
        assert_eq!(problem.target.map(|t| t.line), Some(1));
        let back = problem.reduce(Action::Jump {
            to: Landmark::Connective,
            forward: false,
        });
        assert_eq!(
            back.target.and_then(|t| t.span),
            Some(2),
            "back from line 2 is 但"
        );
    }

    #[test]
    fn jumping_to_a_hidden_line_shows_all_lines() {
        let state = state("<a>虽然</a>x<a>但</a>\n<cand>也</cand>\n")
            .reduce(Action::SetFilter(LineFilter::WithPairs));
        let next = state.reduce(Action::Jump {
            to: Landmark::Connective,
            forward: false,
        });
        assert_eq!(next.target.map(|t| t.line), Some(1));
        assert_eq!(next.filter, LineFilter::All);
    }

    #[test]
    fn search_results_are_stepped_through_and_an_empty_query_leaves_the_matching_filter() {
        let state = state("甲乙甲\n丙甲\n");
        let searched = state.reduce(Action::Search {
            query: "甲".into(),
            regex: false,
            matches: Ok(vec![0..3, 6..9, 16..19]),
        });
        let filtered = searched.reduce(Action::SetFilter(LineFilter::Matching));
        assert_eq!(filtered.visible_lines(), [0, 1]);
        let m1 = filtered.reduce(Action::Jump {
            to: Landmark::Match,
            forward: true,
        });
        assert_eq!(m1.search.current, Some(0));
        let m2 = m1.reduce(Action::Jump {
            to: Landmark::Match,
            forward: true,
        });
        let m3 = m2.reduce(Action::Jump {
            to: Landmark::Match,
            forward: true,
        });
        assert_eq!(m3.search.current, Some(2));
        assert_eq!(m3.target.map(|t| t.line), Some(1));
        let cleared = m3.reduce(Action::Search {
            query: String::new(),
            regex: false,
            matches: Ok(vec![]),
        });
        assert_eq!(cleared.filter, LineFilter::All);
    }

    #[test]
    fn an_invalid_pattern_keeps_the_error_and_finds_nothing() {
        let state = state("甲\n");
        let next = state.reduce(Action::Search {
            query: "(".into(),
            regex: true,
            matches: Err("Unterminated group".into()),
        });
        assert_eq!(next.search.error.as_deref(), Some("Unterminated group"));
        assert!(next.search.matches.is_empty());
    }

    #[test]
    fn go_to_line_targets_a_real_line_only() {
        let state = state("一\n二\n三\n");
        let next = state.clone().reduce(Action::GoToLine(3));
        assert_eq!(next.target.map(|t| (t.line, t.offset)), Some((2, 8)));
        assert!(Rc::ptr_eq(
            &state,
            &state.clone().reduce(Action::GoToLine(4))
        ));
        assert!(Rc::ptr_eq(
            &state,
            &state.clone().reduce(Action::GoToLine(0))
        ));
    }

    #[test]
    fn choosing_a_frequency_entry_steps_through_its_occurrences() {
        let state = state("<cand>也</cand>x<cand>还</cand>\n<cand>也</cand>\n");
        let chosen = state.reduce(Action::ChooseEntry {
            kind: EntryKind::Candidate,
            text: "也".into(),
        });
        let entry = chosen.entry.clone().expect("an entry");
        assert_eq!(*entry.occurrences, [0, 2]);
        assert_eq!(chosen.target.and_then(|t| t.span), Some(0));
        let second = chosen.reduce(Action::StepEntry { forward: true });
        assert_eq!(second.target.and_then(|t| t.span), Some(2));
        assert_eq!(second.target.map(|t| t.line), Some(1));
        let wrapped = second.reduce(Action::StepEntry { forward: true });
        assert_eq!(wrapped.entry.as_ref().map(|e| e.index), Some(0));
    }

    fn span_texts(state: &AppState) -> Vec<String> {
        (0..state.doc.spans.len())
            .map(|id| state.doc.span_text(id).to_string())
            .collect()
    }

    #[test]
    fn marking_a_range_adds_a_span_selects_it_and_asks_to_be_saved() {
        let state = state("甲说虽然下雨，但是我们出发了。\n");
        assert!(!state.needs_saving() || state.persist);
        let start = "甲说".len();
        let marked = state.reduce(Action::Mark {
            range: start..start + "虽然".len(),
            kind: SpanKind::Member,
        });
        assert_eq!(span_texts(&marked), ["虽然"]);
        assert_eq!(marked.selected, Some(0));
        assert!(marked.needs_saving());
        assert!(marked.history.can_undo());
    }

    #[test]
    fn clicking_a_member_while_linking_links_it_and_undo_redo_walk_back_and_forth() {
        let state = state("<a>虽然</a>下雨，<a>但是</a>出发。<cand>因此</cand>\n");
        // Two members on a line pair in order; unlink first to have something to link.
        let unlinked = state.reduce(Action::Click(0)).reduce(Action::Unlink);
        assert_eq!(unlinked.doc.pairs.len(), 0);
        let linking = unlinked.reduce(Action::Click(0)).reduce(Action::StartLink);
        assert_eq!(linking.linking, Some(0));
        let linked = linking.reduce(Action::Click(1));
        assert_eq!(linked.doc.pairs.len(), 1);
        assert_eq!(linked.linking, None);
        let undone = linked.reduce(Action::Undo);
        assert_eq!(undone.doc.pairs.len(), 0);
        let redone = undone.clone().reduce(Action::Redo);
        assert_eq!(redone.doc.pairs.len(), 1);
        assert!(redone.revision > undone.revision);
    }

    /// Each pair's text and place, with the number and colour it shows.
    fn shown_pairs(state: &AppState) -> Vec<(String, usize, usize, usize)> {
        (0..state.doc.pairs.len())
            .map(|p| {
                let first = state.doc.spans[state.doc.pairs[p].first].range.start;
                (
                    state.doc.pair_label(p),
                    first,
                    state.pair_numbers.number(p),
                    state.pair_numbers.colour(p),
                )
            })
            .collect()
    }

    #[test]
    fn unlinking_pair_one_leaves_every_other_pair_its_number_and_colour() {
        let opened = Rc::new(AppState::default());
        let before = shown_pairs(&opened);
        assert_eq!(before[0].2, 1);
        assert_eq!(
            before.iter().map(|p| p.2).collect::<Vec<_>>(),
            (1..=before.len()).collect::<Vec<_>>(),
            "a document opens numbered in order"
        );
        let first = opened.doc.pairs[0].first;
        let unlinked = opened.reduce(Action::Click(first)).reduce(Action::Unlink);
        assert_eq!(shown_pairs(&unlinked), before[1..]);
        assert_eq!(unlinked.doc.spans[first].pair, None, "pair 1 is unlinked");
        let undone = unlinked.reduce(Action::Undo);
        assert_eq!(
            shown_pairs(&undone),
            before,
            "undo gives pair 1 back its number"
        );
    }

    #[test]
    fn linking_two_members_gives_the_new_pair_the_next_free_number() {
        let source = "<a>虽然</a>下雨，<a>但</a>出发。\n<a>因为</a>累，<a>所以</a>睡。\n<a>如果</a>去，<a>就</a>好。\n";
        let opened = state(source);
        assert_eq!(
            shown_pairs(&opened).iter().map(|p| p.2).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        // Unlink 因为…所以 (2), then link 虽然 with 所以: a new pair, numbered 4, coloured 3.
        let unlinked = opened.reduce(Action::Click(2)).reduce(Action::Unlink);
        let linked = unlinked
            .reduce(Action::Click(0))
            .reduce(Action::StartLink)
            .reduce(Action::Click(3));
        assert_eq!(
            shown_pairs(&linked)
                .iter()
                .map(|(label, _, number, colour)| (label.as_str(), *number, *colour))
                .collect::<Vec<_>>(),
            [("虽然…所以", 4, 3), ("如果…就", 3, 2)]
        );
        let undone = linked.reduce(Action::Undo);
        assert_eq!(
            shown_pairs(&undone)
                .iter()
                .map(|(label, _, number, _)| (label.as_str(), *number))
                .collect::<Vec<_>>(),
            [("虽然…但", 1), ("如果…就", 3)]
        );
        let redone = undone.reduce(Action::Redo);
        assert_eq!(redone.pair_numbers.number(0), 4, "redo gives 4 back");
        // Reopening numbers in document order again.
        let reopened = redone.clone().reduce(Action::Open {
            name: "again.txt".into(),
            source: connectives_core::write(&redone.doc),
        });
        assert_eq!(
            shown_pairs(&reopened)
                .iter()
                .map(|p| p.2)
                .collect::<Vec<_>>(),
            [1, 2]
        );
    }

    #[test]
    fn while_linking_j_and_k_move_only_among_the_other_members() {
        // Spans: 0 虽然 (member), 1 也 (candidate), 2 但 (member), 3 而 (candidate),
        // 4 所以 (member, next line).
        let source =
            "<a>虽然</a><cand>也</cand>下雨，<a>但</a><cand>而</cand>出发。\n<a>所以</a>走。\n";
        let linking = state(source)
            .reduce(Action::Click(2))
            .reduce(Action::StartLink);
        assert_eq!(linking.linking, Some(2));
        assert_eq!(linking.possible_partners(), [0, 4]);
        let j = |s: Rc<AppState>| {
            s.reduce(Action::Jump {
                to: Landmark::Connective,
                forward: true,
            })
        };
        let k = |s: Rc<AppState>| {
            s.reduce(Action::Jump {
                to: Landmark::Connective,
                forward: false,
            })
        };
        let once = j(linking.clone());
        assert_eq!(
            once.selected,
            Some(4),
            "past 而, a candidate, onto the next line"
        );
        let twice = j(once.clone());
        assert_eq!(twice.selected, Some(0), "wraps around");
        let thrice = j(twice.clone());
        assert_eq!(thrice.selected, Some(4), "never the member being linked");
        assert_eq!(k(twice).selected, Some(4));
        assert_eq!(thrice.linking, Some(2), "moving does not end linking");
        // Enter on where j landed links.
        let linked = thrice.reduce(Action::LinkTo(4));
        assert_eq!(
            linked.doc.pair_label(linked.doc.spans[2].pair.unwrap()),
            "但…所以"
        );
        // Not linking, j visits candidates too.
        let reading = state(source).reduce(Action::Jump {
            to: Landmark::Connective,
            forward: true,
        });
        assert_eq!(j(reading).selected, Some(1));
    }

    #[test]
    fn a_member_alone_says_there_is_nothing_to_link_with_when_moving() {
        let alone = state("<a>虽然</a><cand>也</cand>下雨\n")
            .reduce(Action::Click(0))
            .reduce(Action::StartLink)
            .reduce(Action::Jump {
                to: Landmark::Connective,
                forward: true,
            });
        assert_eq!(alone.selected, Some(0), "the cursor stays");
        assert!(matches!(alone.notice, Some(Notice::Error(ref m)) if m.contains("没有其他成员")));
    }

    #[test]
    fn an_impossible_partner_is_refused_with_the_reason_at_once_and_linking_goes_on() {
        let source = "<a>虽然</a><cand>也</cand>下雨，<a>但</a>出发。\n";
        let linking = state(source)
            .reduce(Action::SetLang(Lang::En))
            .reduce(Action::Click(0))
            .reduce(Action::Unlink)
            .reduce(Action::StartLink);
        assert_eq!(linking.linking, Some(0));
        let candidate = linking.clone().reduce(Action::Click(1));
        assert!(Rc::ptr_eq(&candidate.doc, &linking.doc), "nothing linked");
        assert_eq!(candidate.linking, Some(0), "still choosing a partner");
        match &candidate.notice {
            Some(Notice::Error(text)) => {
                assert!(text.starts_with("「也」 is a candidate"), "{text}");
                assert!(text.ends_with("Choose another member, or press Esc to cancel."));
            }
            other => panic!("{other:?}"),
        }
        let itself = linking.clone().reduce(Action::LinkTo(0));
        assert_eq!(itself.linking, Some(0));
        assert!(matches!(&itself.notice,
            Some(Notice::Error(text)) if text.starts_with("A member cannot be linked with itself")));
        // The right choice after a wrong one links.
        let linked = candidate.reduce(Action::Click(2));
        assert_eq!(linked.linking, None);
        assert_eq!(linked.doc.pairs.len(), 1);
        assert_eq!(linked.notice, None);
        // Esc leaves linking and its notice.
        let cancelled = itself.reduce(Action::Clear);
        assert_eq!((cancelled.linking, cancelled.notice.clone()), (None, None));
    }

    #[test]
    fn a_refused_edit_says_why_and_changes_nothing() {
        let state = state("<a>虽然</a>下雨\n");
        // Overlaps 虽然.
        let refused = state.clone().reduce(Action::Mark {
            range: 0..3,
            kind: SpanKind::Candidate,
        });
        assert!(Rc::ptr_eq(&state.doc, &refused.doc));
        assert!(matches!(refused.notice, Some(Notice::Error(_))));
        let nothing = state.clone().reduce(Action::Remove);
        assert!(
            matches!(nothing.notice, Some(Notice::Error(_))),
            "nothing selected"
        );
        let linking_a_candidate = Rc::new(AppState::open("t", "<cand>也</cand>\n"))
            .reduce(Action::Click(0))
            .reduce(Action::StartLink);
        assert_eq!(linking_a_candidate.linking, None);
    }

    #[test]
    fn accepting_a_suggestion_marks_and_links_the_partner_text() {
        let state = state("<a>虽然</a>下雨，但是我们出发了。\n");
        let accepted = state
            .reduce(Action::Click(0))
            .reduce(Action::AcceptSuggestion);
        assert_eq!(span_texts(&accepted), ["虽然", "但是"]);
        assert_eq!(accepted.doc.pair_label(0), "虽然…但是");
    }

    fn own_lexicon(text: &str) -> Action {
        Action::SetLexicon {
            name: Some("mine.csv".into()),
            lexicon: Rc::new(Lexicon::parse(text).unwrap()),
            announce: true,
        }
    }

    #[test]
    fn an_imported_lexicon_suggests_its_partners_and_stays_across_documents() {
        let source = "<a>甲</a>乙，丙丁。\n";
        let builtin = state(source)
            .reduce(Action::Click(0))
            .reduce(Action::AcceptSuggestion);
        assert!(
            matches!(builtin.notice, Some(Notice::Error(_))),
            "甲 is no word of the built-in lexicon"
        );
        let own = state(source).reduce(own_lexicon("甲,丙丁,评注\n"));
        assert_eq!(own.lexicon_name.as_deref(), Some("mine.csv"));
        assert_eq!(
            own.notice,
            Some(Notice::Info("已载入词表 mine.csv：1 对。".into()))
        );
        let accepted = own
            .clone()
            .reduce(Action::Click(0))
            .reduce(Action::AcceptSuggestion);
        assert_eq!(accepted.doc.pair_label(0), "甲…丙丁");
        // Another document, opened or restored, uses the same lexicon.
        let opened = own.clone().reduce(Action::Open {
            name: "b.txt".into(),
            source: "乙\n".into(),
        });
        assert!(Rc::ptr_eq(&opened.lexicon, &own.lexicon));
        assert_eq!(opened.lexicon_name.as_deref(), Some("mine.csv"));
        let restored = own.clone().reduce(restore_action("r", "丙\n", 1, vec![]));
        assert!(Rc::ptr_eq(&restored.lexicon, &own.lexicon));
        // Back to the built-in one; quietly when another tab did it.
        let reset = own.reduce(Action::SetLexicon {
            name: None,
            lexicon: crate::lexicon::builtin(),
            announce: false,
        });
        assert_eq!(reset.lexicon_name, None);
        assert_eq!(*reset.lexicon, *Lexicon::builtin());
        assert_eq!(
            reset.notice,
            Some(Notice::Info("已载入词表 mine.csv：1 对。".into())),
            "a quiet change leaves the notice as it was"
        );
        let refused = reset.reduce(Action::LexiconRefused("bad.csv: line 2".into()));
        assert_eq!(
            refused.notice,
            Some(Notice::Error("bad.csv: line 2".into()))
        );
        assert_eq!(refused.lexicon_name, None);
    }

    #[test]
    fn a_new_lexicon_restarts_the_presented_relation_question() {
        let source = "<a>甲</a>乙<a>丙</a>。<a>虽然</a>累<a>但</a>去。\n";
        let place = Place::from_fragment("line=1&mode=quiz&quiz=relation").unwrap();
        let presenting = state(source).reduce(Action::Present(place));
        let asking = |s: &AppState| {
            let p = s.present.as_ref().unwrap();
            (p.stage(&s.doc).asking, p.choices(&s.doc, 0).len())
        };
        assert_eq!(
            asking(&presenting),
            (Some(1), 0),
            "the built-in knows only 虽然…但"
        );
        let own = presenting.reduce(own_lexicon("甲,丙,评注\n"));
        assert_eq!(asking(&own), (Some(0), crate::lesson::CHOICES));
        assert!(Rc::ptr_eq(
            &own.present.as_ref().unwrap().lexicon,
            &own.lexicon
        ));
    }

    fn saved_at(state: &AppState, id: &str, revision: u64) -> Action {
        Action::Saved(Ok(SavedAt {
            session: state.session,
            id: id.into(),
            revision,
            generation: state.generation + 1,
        }))
    }

    fn record(id: &str, source: &str, generation: u64) -> StoredDocument {
        StoredDocument {
            schema: crate::stored::SCHEMA,
            id: id.into(),
            name: format!("{id}.txt"),
            source: source.into(),
            saved_at: 0.0,
            edits: 0,
            generation,
            ..Default::default()
        }
    }

    fn restore_action(id: &str, source: &str, generation: u64, changes: Vec<Change>) -> Action {
        Action::Restore(Box::new(Restored {
            record: StoredDocument {
                name: "x.txt".into(),
                ..record(id, source, generation)
            },
            changes,
            corpus: None,
        }))
    }

    #[test]
    fn a_save_counts_only_for_the_revision_it_saved() {
        let state = Rc::new(AppState::open("a.txt", "甲\n"));
        let opened = state.reduce(Action::Open {
            name: "b.txt".into(),
            source: "乙\n".into(),
        });
        assert!(opened.needs_saving());
        let stale = opened
            .clone()
            .reduce(saved_at(&opened, "b@1", opened.revision - 1));
        assert!(stale.needs_saving(), "an older revision was saved");
        let saved = opened.reduce(saved_at(&stale, "b@1", stale.revision));
        assert!(!saved.needs_saving());
        assert_eq!(saved.doc_id.as_deref(), Some("b@1"));
        assert_eq!(saved.generation, 2, "each save makes the next generation");
        let failed = saved.reduce(Action::Saved(Err("QuotaExceededError".into())));
        assert_eq!(failed.storage_error.as_deref(), Some("QuotaExceededError"));
    }

    #[test]
    fn a_save_that_finishes_after_another_document_was_opened_leaves_the_new_one_alone() {
        let first = state("<a>虽然</a>下雨，<a>但</a>出发。\n")
            .reduce(Action::Click(0))
            .reduce(Action::Remove);
        let first = first.reduce(Action::Identify {
            session: 0,
            id: "first@1".into(),
        });
        assert_eq!(first.doc_id.as_deref(), Some("first@1"));
        // The save of `first` is under way when another document is opened.
        let late = saved_at(&first, "first@1", first.revision);
        let second = first.reduce(Action::Open {
            name: "second.txt".into(),
            source: "<cand>也</cand>\n".into(),
        });
        assert_eq!(second.doc_id, None);
        let after = second.clone().reduce(late);
        assert!(
            Rc::ptr_eq(&second, &after),
            "the old save names the old session"
        );
        assert_eq!(
            after.doc_id, None,
            "the new document did not take the old id"
        );
        assert!(after.needs_saving());
        // A late Identify of the old session is ignored too.
        let named = after.clone().reduce(Action::Identify {
            session: 0,
            id: "first@1".into(),
        });
        assert_eq!(named.doc_id, None);
        let own = after.reduce(Action::Identify {
            session: second.session,
            id: "second@2".into(),
        });
        assert_eq!(own.doc_id.as_deref(), Some("second@2"));
    }

    #[test]
    fn edits_are_journaled_until_the_save_of_their_revision() {
        let opened = state("<a>虽然</a>下雨，<a>但</a>出发。<cand>也</cand>\n");
        let one = opened.reduce(Action::Click(2)).reduce(Action::Remove);
        let saving = one.revision;
        let two = one.reduce(Action::Undo).reduce(Action::Redo);
        assert_eq!(
            two.unsaved_changes(),
            [
                Change::Edit(Edit::Remove { span: 2 }),
                Change::Undo,
                Change::Redo
            ]
        );
        let saved = two.clone().reduce(saved_at(&two, "d", saving));
        assert_eq!(saved.unsaved_changes(), [Change::Undo, Change::Redo]);
        assert!(saved.needs_saving());
        let all = saved.clone().reduce(saved_at(&saved, "d", saved.revision));
        assert!(all.journal.is_empty());
        assert!(!all.needs_saving());
    }

    #[test]
    fn a_restore_replays_the_journal_it_is_given_and_keeps_it_unsaved() {
        let source = "<a>虽然</a>下雨，<a>但</a>出发。<cand>也</cand>\n";
        let changes = vec![Change::Edit(Edit::Remove { span: 2 })];
        let english = Rc::new(AppState::default()).reduce(Action::SetLang(Lang::En));
        let restored = english
            .clone()
            .reduce(restore_action("d", source, 4, changes.clone()));
        assert_eq!(restored.doc.spans.len(), 2);
        assert!(
            restored.needs_saving(),
            "the replayed edits still need saving"
        );
        assert_eq!(restored.unsaved_changes(), changes);
        assert_eq!(restored.generation, 4);
        assert!(
            restored.history.can_undo(),
            "the replayed edit can be undone"
        );
        assert!(restored
            .notice
            .as_ref()
            .unwrap()
            .text()
            .contains("not yet saved"));
        let undone = restored.reduce(Action::Undo);
        assert_eq!(undone.doc.spans.len(), 3);
        // Changes that do not fit are not applied: the stored document opens as saved.
        let misfit = vec![Change::Edit(Edit::Remove { span: 7 })];
        let plain = english.reduce(restore_action("d", source, 4, misfit));
        assert_eq!(plain.doc.spans.len(), 3);
        assert!(!plain.needs_saving());
        assert!(plain
            .notice
            .as_ref()
            .unwrap()
            .text()
            .starts_with("Restored from this browser:"));
    }

    #[test]
    fn a_stored_undo_history_comes_back_with_the_document() {
        let mut doc = parse("<a>虽然</a>下雨，<a>但</a>出发。\n");
        let mut history = History::new();
        history.apply(&mut doc, Edit::Remove { span: 0 }).unwrap();
        let mut stored = StoredDocument {
            edits: 1,
            ..record("d", &connectives_core::write(&doc), 2)
        };
        stored.keep_history(&doc, &history);
        let english = Rc::new(AppState::default()).reduce(Action::SetLang(Lang::En));
        let restored = english.reduce(Action::Restore(Box::new(Restored {
            record: stored,
            changes: vec![],
            corpus: None,
        })));
        assert!(restored
            .notice
            .as_ref()
            .unwrap()
            .text()
            .contains("with its edits"));
        let undone = restored.reduce(Action::Undo);
        assert_eq!(undone.doc.pairs.len(), 1);
    }

    #[test]
    fn an_untouched_document_is_restored_without_talk_of_edits() {
        let source = "<a>虽然</a>下雨，<a>但</a>出发。\n";
        let english = Rc::new(AppState::default()).reduce(Action::SetLang(Lang::En));
        let mut untouched = record("d", source, 2);
        untouched.keep_history(&parse(source), &History::new());
        let restored = english.clone().reduce(Action::Restore(Box::new(Restored {
            record: untouched.clone(),
            changes: vec![],
            corpus: None,
        })));
        let words = restored
            .notice
            .as_ref()
            .map(Notice::text)
            .unwrap_or_default();
        assert!(words.starts_with("Restored from this browser:"), "{words}");
        // An edit undone before the page closed leaves it as it was.
        let undone = vec![Change::Edit(Edit::Remove { span: 0 }), Change::Undo];
        let restored = english.clone().reduce(Action::Restore(Box::new(Restored {
            record: untouched,
            changes: undone,
            corpus: None,
        })));
        let words = restored
            .notice
            .as_ref()
            .map(Notice::text)
            .unwrap_or_default();
        assert!(words.starts_with("Restored from this browser:"), "{words}");
        // A record of release 1 kept no history, only how many edits it had.
        let counted = StoredDocument {
            edits: 2,
            schema: 1,
            ..record("d", source, 0)
        };
        let restored = english.reduce(Action::Restore(Box::new(Restored {
            record: counted,
            changes: vec![],
            corpus: None,
        })));
        let words = restored
            .notice
            .as_ref()
            .map(Notice::text)
            .unwrap_or_default();
        assert!(words.contains("with its edits"), "{words}");
    }

    #[test]
    fn a_selection_is_kept_as_bytes_of_one_line_and_used_up_by_marking_it() {
        let state = state("虽然下雨，但出发。\n乙丙\n");
        let piece = line_piece(&state.doc, 0, 0, 2);
        assert_eq!(piece, Some(0.."虽然".len()));
        assert_eq!(
            line_piece(&state.doc, 1, 1, 2),
            Some(state.doc.text.find('丙').unwrap_or_default().."虽然下雨，但出发。\n乙丙".len())
        );
        assert_eq!(line_piece(&state.doc, 5, 0, 1), None, "no such line");
        let selected = state.clone().reduce(Action::SelectText(piece.clone()));
        assert_eq!(selected.text_selection, piece);
        let across = state
            .clone()
            .reduce(Action::SelectText(Some(0.."虽然下雨，但出发。\n乙".len())));
        assert_eq!(
            across.text_selection, None,
            "a selection across lines is none"
        );
        let inside = state.clone().reduce(Action::SelectText(Some(1..3)));
        assert_eq!(inside.text_selection, None, "not on character boundaries");
        let marked = selected.reduce(Action::Mark {
            range: 0.."虽然".len(),
            kind: SpanKind::Member,
        });
        assert_eq!(marked.doc.spans.len(), 1);
        assert_eq!(marked.text_selection, None);
    }

    #[test]
    fn the_example_reopens_as_it_ships_in_a_new_session() {
        let pasted = Rc::new(AppState::default()).reduce(Action::Open {
            name: "a.txt".into(),
            source: "甲\n".into(),
        });
        let example = pasted.clone().reduce(Action::OpenExample);
        assert_eq!(example.name, crate::EXAMPLE_NAME);
        assert_eq!(*example.doc, parse(crate::EXAMPLE_SOURCE));
        assert!(!example.persist, "kept only once edited");
        assert_eq!(example.doc_id, None);
        assert!(example.session > pasted.session);
        assert!(example.revision > pasted.revision);
    }

    #[test]
    fn another_tabs_save_updates_a_clean_copy_and_conflicts_with_an_edited_one() {
        let source = "<a>虽然</a>下雨，<a>但</a>出发。<cand>也</cand>\n";
        let clean = Rc::new(AppState::default()).reduce(restore_action("d", source, 3, vec![]));
        let newer = record("d", "<a>虽然</a>下雨，<a>但</a>出发。也\n", 4);
        let synced = clean.clone().reduce(Action::Synced {
            session: clean.session,
            record: newer.clone(),
        });
        assert_eq!(synced.doc.spans.len(), 2);
        assert_eq!(synced.generation, 4);
        assert!(!synced.needs_saving());
        let again = synced.clone().reduce(Action::Synced {
            session: synced.session,
            record: newer.clone(),
        });
        assert!(
            Rc::ptr_eq(&synced, &again),
            "an old generation changes nothing"
        );

        let edited = clean.reduce(Action::Click(0)).reduce(Action::Remove);
        let conflicted = edited.reduce(Action::Synced {
            session: 1,
            record: newer,
        });
        assert_eq!(conflicted.conflict, Some(4));
        assert_eq!(
            conflicted.doc.spans.len(),
            2,
            "this tab's edit stays on screen"
        );
        assert!(conflicted.needs_saving() && !conflicted.can_save());
        match &conflicted.notice {
            Some(Notice::Offer {
                offers, warning, ..
            }) => {
                assert_eq!(offers, &[Offer::LoadNewer, Offer::KeepMine]);
                assert!(warning);
            }
            other => panic!("{other:?}"),
        }
        let forked = conflicted.reduce(Action::Forked {
            id: "d-copy".into(),
        });
        assert_eq!(forked.name, "x（副本）.txt");
        assert_eq!((forked.generation, forked.conflict), (0, None));
        assert!(forked.can_save());
    }

    #[test]
    fn restoring_a_version_is_undone_like_an_edit() {
        let source = "<a>虽然</a>下雨，<a>但</a>出发。<cand>也</cand>\n";
        let edited = state(source)
            .reduce(Action::Click(2))
            .reduce(Action::Remove);
        let restored = edited.reduce(Action::RestoreVersion {
            source: source.into(),
        });
        assert_eq!(restored.doc.spans.len(), 3);
        assert!(restored.needs_saving());
        assert!(matches!(
            restored.notice,
            Some(Notice::Offer { ref offers, .. }) if offers == &[Offer::UndoRestore]
        ));
        assert_eq!(
            restored.unsaved_changes().last(),
            Some(&Change::Restore(source.into()))
        );
        let undone = restored.reduce(Action::Undo);
        assert_eq!(undone.doc.spans.len(), 2);
        let other = undone.reduce(Action::RestoreVersion {
            source: "别的文字\n".into(),
        });
        assert!(matches!(other.notice, Some(Notice::Error(_))));
        assert_eq!(other.doc.spans.len(), 2);
    }

    #[test]
    fn the_built_in_example_is_kept_only_once_edited_and_a_restore_is_saved_already() {
        let state = Rc::new(AppState::default());
        assert!(!state.needs_saving());
        let edited = state
            .clone()
            .reduce(Action::Click(0))
            .reduce(Action::Remove);
        assert!(edited.needs_saving());
        let restored = state.reduce(restore_action("x@1", "<cand>也</cand>\n", 1, vec![]));
        assert_eq!(restored.doc_id.as_deref(), Some("x@1"));
        assert!(!restored.needs_saving());
        assert!(matches!(restored.notice, Some(Notice::Info(_))));
    }
}
