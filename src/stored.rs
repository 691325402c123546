//! What the page keeps in the browser: the records, their schema version and the migration of
//! every older one, the journal of unsaved changes, and the rules for earlier versions. Pure
//! (tested natively); `browser/storage.rs` reads and writes these records in IndexedDB and
//! `browser/tabs.rs` keeps the journals in localStorage.
//!
//! Schema history:
//! - 1 (release of 2026-11-27): `documents` (key: id) holds `{id, name, source, saved_at,
//!   edits}`; `meta` holds `current`, the id of the document open last.
//! - 2: each document also has `schema`, `generation` (bumped by every save, so that a tab
//!   saves only over the copy it has) and `history` (its undo and redo, as JSON); new stores
//!   `versions` (earlier versions' summaries, key `[doc_id, saved_at]`) and `version_texts`
//!   (their texts, same key).
//! - 3: a document may belong to a corpus (`corpus`, its id; empty for a document of its own);
//!   new store `corpora` (key: id) holds each corpus: its name, its documents in order (id,
//!   name, status, note, counts) and the one open last. Records of schema 1 and 2 are read as
//!   documents of their own.

use connectives_core::corpus::Status;
use connectives_core::edit::History;
use connectives_core::journal::Change;
use connectives_core::{parse, Counts, Diagnostic, Document};
use serde::{Deserialize, Serialize};

/// The schema this release writes.
pub const SCHEMA: u32 = 3;

/// A document as saved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    /// Absent in schema 1.
    #[serde(default = "schema_one")]
    pub schema: u32,
    pub id: String,
    pub name: String,
    /// Tagged text, written by the core's writer.
    pub source: String,
    /// Milliseconds since the epoch.
    pub saved_at: f64,
    /// Edits saved since the document was first opened.
    pub edits: usize,
    /// How many times it was saved; a save names the generation it replaces.
    #[serde(default)]
    pub generation: u64,
    /// The undo and redo history as JSON; empty when there is none (schema 1).
    #[serde(default)]
    pub history: String,
    /// The page (one tab's life between two loads) that saved it, and the revision it saved:
    /// a journal of that page tells from them which of its changes are in this record.
    #[serde(default)]
    pub writer: String,
    #[serde(default)]
    pub revision: u64,
    /// The diagnostics as the edits left them, as JSON (empty: as the parser reads the text).
    /// The parser words some pairing diagnostics otherwise, and undo needs them as they were.
    #[serde(default)]
    pub diagnostics: String,
    /// The id of the corpus the document belongs to; empty for a document of its own (and in
    /// schemas 1 and 2).
    #[serde(default)]
    pub corpus: String,
}

/// Diagnostics beyond this many are not stored; the undo history of such a document is not
/// kept across a reload either (it could not be replayed on diagnostics worded otherwise).
pub const STORED_DIAGNOSTICS_LIMIT: usize = 20_000;

fn schema_one() -> u32 {
    1
}

impl StoredDocument {
    /// The record as this release writes it. Schema 1 had no generation and no history: it
    /// becomes generation 0 with an empty history.
    pub fn migrated(self) -> StoredDocument {
        match self.schema {
            1 => StoredDocument {
                schema: SCHEMA,
                generation: 0,
                history: String::new(),
                ..self
            },
            2 => StoredDocument {
                schema: SCHEMA,
                ..self
            },
            _ => self,
        }
    }

    /// The fields that keep the undo history of `doc` across a reload.
    pub fn keep_history(&mut self, doc: &Document, history: &History) {
        if doc.diagnostics.len() > STORED_DIAGNOSTICS_LIMIT {
            self.history.clear();
            self.diagnostics.clear();
            return;
        }
        self.history = history_json(history);
        self.diagnostics = serde_json::to_string(&doc.diagnostics).unwrap_or_default();
    }

    /// The document as the page had it: the text parsed, with the stored diagnostics when they
    /// fit the text.
    pub fn document(&self) -> Document {
        let mut doc = parse(&self.source);
        if let Ok(diagnostics) = serde_json::from_str::<Vec<Diagnostic>>(&self.diagnostics) {
            let fits = diagnostics.iter().all(|d| {
                d.offset <= doc.text.len() && d.line >= 1 && d.line <= doc.lines.len().max(1)
            }) && diagnostics
                .windows(2)
                .all(|w| (w[0].line, w[0].column) <= (w[1].line, w[1].column));
            if fits {
                doc.diagnostics = diagnostics;
            }
        }
        doc
    }

    /// The saved undo history; an unreadable one (or none) is an empty history, never an error:
    /// the document itself is what matters.
    pub fn undo_history(&self) -> History {
        serde_json::from_str(&self.history).unwrap_or_default()
    }
}

/// A corpus as saved: its documents in order, each with what the documents panel shows, so
/// the panel and the corpus totals need no document read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StoredCorpus {
    pub schema: u32,
    pub id: String,
    pub name: String,
    pub documents: Vec<CorpusMember>,
    /// The id of the document open last.
    pub open: String,
    /// Milliseconds since the epoch.
    pub saved_at: f64,
}

/// One document of a corpus, as the documents panel lists it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CorpusMember {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub counts: MemberCounts,
    /// The line the reader was at when they left it (0-based), to come back there.
    #[serde(default)]
    pub line: usize,
    /// The span chosen for editing when they left it.
    #[serde(default)]
    pub selected: Option<usize>,
}

/// The counts the documents panel shows for a document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCounts {
    pub lines: usize,
    pub candidates: usize,
    pub members: usize,
    pub pairs: usize,
    pub problems: usize,
}

impl MemberCounts {
    pub fn of(doc: &Document) -> MemberCounts {
        let counts = doc.counts();
        MemberCounts {
            lines: counts.lines,
            candidates: counts.candidates,
            members: counts.members,
            pairs: counts.pairs,
            problems: counts.errors + counts.warnings,
        }
    }
}

impl StoredCorpus {
    /// A new corpus of `entries`, each a document of its own record with the id `make_id`
    /// gives; the first document is the open one.
    pub fn of_entries(
        id: String,
        name: String,
        entries: Vec<connectives_core::corpus::Entry>,
        saved_at: f64,
        mut make_id: impl FnMut() -> String,
    ) -> (StoredCorpus, Vec<StoredDocument>) {
        let mut members = Vec::with_capacity(entries.len());
        let mut records = Vec::with_capacity(entries.len());
        for entry in entries {
            let doc = parse(&entry.source);
            let doc_id = make_id();
            members.push(CorpusMember {
                id: doc_id.clone(),
                name: entry.name.clone(),
                status: entry.status,
                note: entry.note,
                counts: MemberCounts::of(&doc),
                line: 0,
                selected: None,
            });
            records.push(StoredDocument {
                schema: SCHEMA,
                id: doc_id,
                name: entry.name,
                source: entry.source,
                saved_at,
                generation: 1,
                corpus: id.clone(),
                ..Default::default()
            });
        }
        let open = members.first().map(|m| m.id.clone()).unwrap_or_default();
        let corpus = StoredCorpus {
            schema: SCHEMA,
            id,
            name,
            documents: members,
            open,
            saved_at,
        };
        (corpus, records)
    }

    pub fn position(&self, doc_id: &str) -> Option<usize> {
        self.documents.iter().position(|m| m.id == doc_id)
    }

    pub fn member(&self, doc_id: &str) -> Option<&CorpusMember> {
        self.documents.iter().find(|m| m.id == doc_id)
    }

    /// The documents that are done, and all of them.
    pub fn progress(&self) -> (usize, usize) {
        let done = self
            .documents
            .iter()
            .filter(|m| m.status == Status::Done)
            .count();
        (done, self.documents.len())
    }

    /// The document a move from `from` leads to: the next or the previous one (none past the
    /// ends), or the next one not done (after `from`, wrapping round; none when all are done).
    pub fn step(&self, from: &str, step: Step) -> Option<&CorpusMember> {
        let at = self.position(from)?;
        let n = self.documents.len();
        match step {
            Step::Next => self.documents.get(at + 1),
            Step::Previous => at.checked_sub(1).and_then(|i| self.documents.get(i)),
            Step::NextToDo => (1..n)
                .map(|k| &self.documents[(at + k) % n])
                .find(|m| m.status != Status::Done),
        }
    }

    /// What this tab changed since `before`: a corpus of the same id, name and open document
    /// holding only the members that differ. Stored by [`StoredCorpus::merge`], it never
    /// undoes what another tab changed in other members.
    pub fn changes_since(&self, before: Option<&StoredCorpus>, saved_at: f64) -> StoredCorpus {
        let documents = match before.filter(|b| b.id == self.id) {
            Some(before) => self
                .documents
                .iter()
                .filter(|m| before.member(&m.id) != Some(*m))
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        StoredCorpus {
            documents,
            saved_at,
            ..self.clone()
        }
    }

    /// Takes in `changes` (from [`StoredCorpus::changes_since`]): its members replace those
    /// with their ids, its open document becomes the open one.
    pub fn merge(&mut self, changes: &StoredCorpus) {
        for changed in &changes.documents {
            if let Some(member) = self.documents.iter_mut().find(|m| m.id == changed.id) {
                *member = changed.clone();
            }
        }
        if !changes.open.is_empty() {
            self.open = changes.open.clone();
        }
        self.saved_at = self.saved_at.max(changes.saved_at);
    }

    /// The corpus with the member `doc_id` changed by `change`.
    pub fn with_member(
        &self,
        doc_id: &str,
        change: impl FnOnce(&mut CorpusMember),
    ) -> StoredCorpus {
        let mut next = self.clone();
        if let Some(member) = next.documents.iter_mut().find(|m| m.id == doc_id) {
            change(member);
        }
        next
    }
}

/// A move between the documents of a corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Next,
    Previous,
    /// The next document that is not done.
    NextToDo,
}

/// Whether a file opened as `name`, whose text without tags is `text`, is the stored document
/// `record`: the same name and the same text. Edits change only the annotations, never the
/// text, so a document edited here is still the file it came from.
pub fn is_same_document(record: &StoredDocument, name: &str, text: &str) -> bool {
    record.name == name && parse(&record.source).text == text
}

/// The history as stored.
pub fn history_json(history: &History) -> String {
    serde_json::to_string(history).unwrap_or_default()
}

/// Why an earlier version was kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersionReason {
    /// The document as it was when this session started editing it.
    Session,
    /// Every [`VERSION_INTERVAL_MS`] of editing.
    Interval,
    /// Just before another version was restored.
    BeforeRestore,
    /// A tab's own copy, kept when it loaded the newer one another tab saved.
    OtherTab,
    /// Unsaved edits found after a tab closed, which no longer fit the saved document.
    Recovered,
    /// The file as opened again, when its annotations differ from the ones kept.
    Reopened,
}

impl VersionReason {
    pub fn words(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            VersionReason::Session => lang.pick("开始编辑前", "before editing"),
            VersionReason::Interval => lang.pick("自动", "automatic"),
            VersionReason::BeforeRestore => lang.pick("恢复版本前", "before a restore"),
            VersionReason::OtherTab => lang.pick("另一标签页的副本", "copy from another tab"),
            VersionReason::Recovered => lang.pick("恢复的未保存修改", "recovered edits"),
            VersionReason::Reopened => lang.pick("再次打开的文件", "the file opened again"),
        }
    }
}

/// An earlier version's summary; its text is stored apart, read only to restore it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub doc_id: String,
    pub saved_at: f64,
    pub reason: VersionReason,
    pub candidates: usize,
    pub members: usize,
    pub pairs: usize,
    pub bytes: usize,
    /// Tells versions with the same text apart from others without reading them.
    #[serde(default)]
    pub hash: String,
}

/// A 64-bit FNV-1a hash of a text, in hex.
pub fn text_hash(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

impl VersionSummary {
    pub fn of(doc_id: &str, saved_at: f64, reason: VersionReason, source: &str) -> Self {
        VersionSummary {
            hash: text_hash(source),
            ..Self::counted(doc_id, saved_at, reason, &parse(source), source.len())
        }
    }

    pub fn counted(
        doc_id: &str,
        saved_at: f64,
        reason: VersionReason,
        doc: &Document,
        bytes: usize,
    ) -> Self {
        let Counts {
            candidates,
            members,
            pairs,
            ..
        } = doc.counts();
        VersionSummary {
            doc_id: doc_id.to_string(),
            saved_at,
            reason,
            candidates,
            members,
            pairs,
            bytes,
            hash: String::new(),
        }
    }
}

/// A document keeps at most this many earlier versions…
pub const MAX_VERSIONS: usize = 20;
/// …and at most this many bytes of them (a 10 MB document keeps five).
pub const MAX_VERSION_BYTES: usize = 50 * 1024 * 1024;
/// While a document is edited, a version is kept at most this often.
pub const VERSION_INTERVAL_MS: f64 = 10.0 * 60.0 * 1000.0;

/// The versions to delete so that `versions` (any order) fits the bounds: the oldest go first,
/// but the newest always stays.
pub fn versions_over_bounds(versions: &[VersionSummary]) -> Vec<f64> {
    let mut newest_first: Vec<&VersionSummary> = versions.iter().collect();
    newest_first.sort_by(|a, b| b.saved_at.total_cmp(&a.saved_at));
    let mut bytes = 0;
    let mut drop = Vec::new();
    for (index, version) in newest_first.into_iter().enumerate() {
        bytes += version.bytes;
        if index > 0 && (index >= MAX_VERSIONS || bytes > MAX_VERSION_BYTES) {
            drop.push(version.saved_at);
        }
    }
    drop
}

/// Whether a save at `now`, while a document is edited, should also keep a version: one every
/// interval since the last one (the first save of a session keeps the text it started from).
pub fn interval_due(last_version_at: f64, now: f64) -> bool {
    now - last_version_at >= VERSION_INTERVAL_MS
}

/// The changes a tab made since its last save, written synchronously after each one, so that
/// closing the tab a moment after an edit loses nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    /// The tab that wrote it, and the page (that tab's life since its last load).
    pub tab: String,
    pub writer: String,
    pub doc_id: String,
    pub name: String,
    /// The generation of the saved document the changes apply to.
    pub generation: u64,
    /// The text the changes apply to when the document was never saved (the built-in
    /// example's first edit), if it is small enough to keep here.
    pub base: Option<String>,
    /// Each change with the page's revision it made.
    pub changes: Vec<(u64, Change)>,
    pub written_at: f64,
}

/// A base text longer than this is not put in the journal (localStorage holds about 5 MB);
/// such a document is saved at once when opened, and the page asks before leaving meanwhile.
pub const JOURNAL_BASE_LIMIT: usize = 1_000_000;

impl Journal {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(json: &str) -> Option<Journal> {
        serde_json::from_str(json).ok()
    }
}

/// A journal replayed on the document it was written on: the document and history the tab
/// had, or why that is not possible.
#[derive(Debug)]
pub enum Recovery {
    Replayed {
        doc: Document,
        history: History,
        /// The generation the result replaces.
        generation: u64,
        /// The changes that were not in the saved document yet.
        changes: Vec<Change>,
    },
    /// The saved document moved on (another tab saved) or the changes do not apply; the
    /// result of replaying them on the newest saved document, when they apply there.
    Diverged { doc: Option<Document> },
    /// Nothing to replay on: the document was never saved and its text is not in the journal.
    Lost,
}

/// Replays `journal` on `stored`, the saved document with its id (if there is one).
pub fn recover(journal: &Journal, stored: Option<&StoredDocument>) -> Recovery {
    use connectives_core::journal::replay;
    let (mut doc, mut history, generation) = match (stored, &journal.base) {
        (Some(record), _) => (record.document(), record.undo_history(), record.generation),
        (None, Some(base)) if journal.generation == 0 => (parse(base), History::new(), 0),
        (None, _) => return Recovery::Lost,
    };
    // The page saved once more after writing the journal and closed before it could trim it:
    // the record has the changes up to the revision it names.
    let saved_by_writer = stored.is_some_and(|r| {
        !r.writer.is_empty() && r.writer == journal.writer && r.generation == journal.generation + 1
    });
    let saved_up_to = match stored {
        Some(record) if saved_by_writer => record.revision,
        _ => 0,
    };
    let changes: Vec<Change> = journal
        .changes
        .iter()
        .filter(|(revision, _)| *revision > saved_up_to)
        .map(|(_, change)| change.clone())
        .collect();
    let replayed = replay(&mut doc, &mut history, &changes);
    match replayed {
        Ok(()) if generation == journal.generation || saved_by_writer => Recovery::Replayed {
            doc,
            history,
            generation,
            changes,
        },
        Ok(()) => Recovery::Diverged { doc: Some(doc) },
        Err(_) => Recovery::Diverged { doc: None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connectives_core::edit::Edit;
    use connectives_core::write;

    /// A record exactly as release 1's storage.rs wrote it (serde of its SavedDocument).
    const SCHEMA_ONE: &str = r#"{"id":"a.txt@1764000000000","name":"a.txt","source":"<a>虽然</a>下雨，<a>但</a>出发。\n","saved_at":1764000000000.0,"edits":2}"#;

    #[test]
    fn the_same_name_and_text_is_the_same_document_whatever_its_annotations() {
        let stored = StoredDocument {
            name: "a.txt".into(),
            source: "<a>虽然</a>下雨，<a>但</a>出发。\n".into(),
            ..Default::default()
        };
        let file = parse("虽然下雨，<cand>但</cand>出发。\n");
        assert!(is_same_document(&stored, "a.txt", &file.text));
        assert!(
            !is_same_document(&stored, "b.txt", &file.text),
            "another name"
        );
        let other = parse("虽然下雪，但出发。\n");
        assert!(
            !is_same_document(&stored, "a.txt", &other.text),
            "another text"
        );
        let crlf = parse("虽然下雨，但出发。\r\n");
        assert!(
            is_same_document(&stored, "a.txt", &crlf.text),
            "line endings are not the text"
        );
    }

    #[test]
    fn a_schema_one_record_reads_as_generation_zero_without_history() {
        let old: StoredDocument = serde_json::from_str(SCHEMA_ONE).unwrap();
        assert_eq!(old.schema, 1);
        let record = old.migrated();
        assert_eq!(record.schema, SCHEMA);
        assert_eq!((record.generation, record.history.as_str()), (0, ""));
        assert_eq!(record.source, "<a>虽然</a>下雨，<a>但</a>出发。\n");
        assert_eq!((record.name.as_str(), record.edits), ("a.txt", 2));
        assert!(!record.undo_history().can_undo());
    }

    /// A document as schema 2 wrote it (the release of 2026-12-02).
    const SCHEMA_TWO: &str = r#"{"schema":2,"id":"d2","name":"b.txt","source":"<a>虽然</a>x<a>但</a>\n","saved_at":5.0,"edits":1,"generation":4,"history":"","writer":"w","revision":3,"diagnostics":""}"#;

    #[test]
    fn a_schema_two_record_reads_as_a_document_of_its_own_with_everything_kept() {
        let old: StoredDocument = serde_json::from_str(SCHEMA_TWO).unwrap();
        let record = old.migrated();
        assert_eq!(record.schema, SCHEMA);
        assert_eq!(record.corpus, "", "belongs to no corpus");
        assert_eq!(
            (record.generation, record.revision, record.edits),
            (4, 3, 1)
        );
        assert_eq!(record.document().counts().pairs, 1);
    }

    fn corpus_of(statuses: &[Status]) -> StoredCorpus {
        let entries = statuses
            .iter()
            .enumerate()
            .map(|(i, &status)| connectives_core::corpus::Entry {
                status,
                note: format!("n{i}"),
                ..connectives_core::corpus::Entry::new(
                    format!("d{i}.txt"),
                    format!("<cand>而</cand>{i}\n"),
                )
            })
            .collect();
        let mut next = 0;
        let (corpus, records) =
            StoredCorpus::of_entries("c".into(), "c.zip".into(), entries, 1.0, || {
                next += 1;
                format!("id{next}")
            });
        assert!(records.iter().all(|r| r.corpus == "c" && r.generation == 1));
        assert_eq!(
            records.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            corpus
                .documents
                .iter()
                .map(|m| m.name.as_str())
                .collect::<Vec<_>>()
        );
        corpus
    }

    #[test]
    fn a_corpus_of_entries_keeps_their_order_statuses_notes_and_counts() {
        let corpus = corpus_of(&[Status::New, Status::Done, Status::InProgress]);
        assert_eq!(corpus.open, "id1");
        assert_eq!(corpus.documents[1].status, Status::Done);
        assert_eq!(corpus.documents[2].note, "n2");
        assert_eq!(corpus.progress(), (1, 3));
        for member in &corpus.documents {
            let c = member.counts;
            assert_eq!(
                (c.lines, c.candidates, c.pairs),
                (1, 1, 0),
                "{}",
                member.name
            );
        }
        let json = serde_json::to_string(&corpus).unwrap();
        assert!(json.contains(r#""status":"in-progress""#), "{json}");
        assert_eq!(serde_json::from_str::<StoredCorpus>(&json).unwrap(), corpus);
    }

    #[test]
    fn a_tab_stores_only_the_members_it_changed_so_another_tab_s_changes_stay() {
        let stored = corpus_of(&[Status::New, Status::New, Status::New]);
        // Two tabs start from the same list; each marks another document done.
        let tab_a = stored.with_member("id1", |m| m.status = Status::Done);
        let tab_b = stored.with_member("id3", |m| m.note = "b's note".into());
        let a = tab_a.changes_since(Some(&stored), 2.0);
        let b = StoredCorpus {
            open: "id3".into(),
            ..tab_b.changes_since(Some(&stored), 3.0)
        };
        assert_eq!(a.documents.len(), 1);
        let mut kept = stored.clone();
        kept.merge(&a);
        kept.merge(&b);
        assert_eq!(
            kept.documents[0].status,
            Status::Done,
            "a's change survives b's write"
        );
        assert_eq!(kept.documents[2].note, "b's note");
        assert_eq!((kept.open.as_str(), kept.saved_at), ("id3", 3.0));
        // Merging twice changes nothing more (a journal may be stored again after a reload).
        let again = {
            let mut k = kept.clone();
            k.merge(&a);
            k.merge(&b);
            k
        };
        assert_eq!(again, kept);
        assert!(
            stored.changes_since(None, 1.0).documents.is_empty(),
            "a corpus just opened has no change"
        );
    }

    #[test]
    fn moves_stop_at_the_ends_and_the_next_to_do_wraps_round_past_done_ones() {
        let corpus = corpus_of(&[Status::Done, Status::New, Status::Done, Status::InProgress]);
        let id = |m: Option<&CorpusMember>| m.map(|m| m.id.clone());
        assert_eq!(id(corpus.step("id1", Step::Next)), Some("id2".into()));
        assert_eq!(id(corpus.step("id1", Step::Previous)), None);
        assert_eq!(id(corpus.step("id4", Step::Next)), None);
        assert_eq!(id(corpus.step("id2", Step::NextToDo)), Some("id4".into()));
        assert_eq!(
            id(corpus.step("id4", Step::NextToDo)),
            Some("id2".into()),
            "wraps round"
        );
        let all_done = corpus
            .with_member("id2", |m| m.status = Status::Done)
            .with_member("id4", |m| m.status = Status::Done);
        assert_eq!(id(all_done.step("id1", Step::NextToDo)), None);
        assert_eq!(id(corpus.step("nope", Step::Next)), None);
    }

    #[test]
    fn a_stored_history_undoes_after_reading_back_and_a_broken_one_is_empty() {
        let mut doc = parse("<a>虽然</a>下雨，<a>但</a>出发。\n");
        let mut history = History::new();
        history.apply(&mut doc, Edit::Remove { span: 0 }).unwrap();
        let record = StoredDocument {
            schema: SCHEMA,
            id: "a".into(),
            name: "a.txt".into(),
            source: write(&doc),
            saved_at: 0.0,
            edits: 1,
            generation: 3,
            writer: "w".into(),
            revision: 9,
            ..Default::default()
        };
        let mut record = record;
        record.keep_history(&doc, &history);
        let json = serde_json::to_string(&record).unwrap();
        let back: StoredDocument = serde_json::from_str(&json).unwrap();
        assert_eq!(back.clone().migrated(), record);
        let mut reopened = parse(&back.source);
        let mut undo = back.undo_history();
        assert!(undo.undo(&mut reopened));
        assert_eq!(write(&reopened), "<a>虽然</a>下雨，<a>但</a>出发。\n");
        let broken = StoredDocument {
            history: "{not json".into(),
            ..record
        };
        assert!(!broken.undo_history().can_undo());
    }

    fn version(at: f64, bytes: usize) -> VersionSummary {
        VersionSummary {
            doc_id: "d".into(),
            saved_at: at,
            reason: VersionReason::Interval,
            candidates: 0,
            members: 0,
            pairs: 0,
            bytes,
            hash: String::new(),
        }
    }

    #[test]
    fn texts_hash_apart_and_alike() {
        assert_eq!(text_hash("甲\n"), text_hash("甲\n"));
        assert_ne!(text_hash("<a>甲</a>\n"), text_hash("甲\n"));
        assert_eq!(text_hash(""), "cbf29ce484222325");
    }

    #[test]
    fn versions_beyond_the_count_or_the_bytes_go_oldest_first_and_the_newest_stays() {
        let many: Vec<_> = (0..MAX_VERSIONS + 3)
            .map(|i| version(i as f64, 10))
            .collect();
        assert_eq!(versions_over_bounds(&many), [2.0, 1.0, 0.0]);
        let big = [
            version(5.0, MAX_VERSION_BYTES / 2),
            version(9.0, MAX_VERSION_BYTES / 2),
            version(1.0, 1),
        ];
        assert_eq!(versions_over_bounds(&big), [1.0]);
        let huge = [version(1.0, MAX_VERSION_BYTES * 2)];
        assert!(
            versions_over_bounds(&huge).is_empty(),
            "the newest always stays"
        );
    }

    #[test]
    fn a_version_is_due_once_per_interval_of_editing() {
        assert!(!interval_due(100.0, 100.0 + VERSION_INTERVAL_MS - 1.0));
        assert!(interval_due(100.0, 100.0 + VERSION_INTERVAL_MS));
    }

    fn journal(generation: u64, base: Option<&str>, changes: Vec<Change>) -> Journal {
        Journal {
            tab: "t".into(),
            writer: "t-1".into(),
            doc_id: "d".into(),
            name: "d.txt".into(),
            generation,
            base: base.map(str::to_string),
            changes: (1..).zip(changes).collect(),
            written_at: 0.0,
        }
    }

    const TWO_PAIRS: &str = "<a>虽然</a>下雨，<a>但</a>出发。<a>不仅</a>甲<a>而且</a>乙\n";

    fn stored(generation: u64) -> StoredDocument {
        StoredDocument {
            schema: SCHEMA,
            id: "d".into(),
            name: "d.txt".into(),
            source: TWO_PAIRS.into(),
            saved_at: 0.0,
            edits: 0,
            generation,
            ..Default::default()
        }
    }

    #[test]
    fn a_journal_replays_on_the_generation_it_was_written_on() {
        let remove = vec![Change::Edit(Edit::Remove { span: 0 })];
        let json = journal(4, None, remove.clone()).to_json();
        let read = Journal::from_json(&json).unwrap();
        match recover(&read, Some(&stored(4))) {
            Recovery::Replayed {
                doc,
                history,
                generation,
                changes,
            } => {
                assert_eq!(changes, remove);
                assert_eq!(
                    write(&doc),
                    "虽然下雨，<a pair=\"p1\">但</a>出发。<a>不仅</a>甲<a>而且</a>乙\n"
                );
                assert_eq!((history.len(), generation), (1, 4));
            }
            other => panic!("{other:?}"),
        }
        match recover(&read, Some(&stored(5))) {
            Recovery::Diverged { doc: Some(doc) } => assert_eq!(doc.pairs.len(), 1),
            other => panic!("{other:?}"),
        }
        let beyond = journal(4, None, vec![Change::Edit(Edit::Remove { span: 9 })]);
        assert!(matches!(
            recover(&beyond, Some(&stored(4))),
            Recovery::Diverged { doc: None }
        ));
    }

    #[test]
    fn a_journal_whose_first_changes_the_same_page_saved_replays_only_the_rest() {
        let changes = vec![
            Change::Edit(Edit::Remove { span: 0 }),
            Change::Edit(Edit::Remove { span: 0 }),
        ];
        let written = journal(4, None, changes.clone());
        // The page saved revision 1 as generation 5, then closed before trimming its journal.
        let mut doc = parse(TWO_PAIRS);
        let mut history = History::new();
        connectives_core::journal::replay(&mut doc, &mut history, &changes[..1]).unwrap();
        let mut saved = StoredDocument {
            source: write(&doc),
            writer: "t-1".into(),
            revision: 1,
            ..stored(5)
        };
        saved.keep_history(&doc, &history);
        match recover(&written, Some(&saved)) {
            Recovery::Replayed {
                doc,
                changes,
                generation,
                history,
            } => {
                assert_eq!(changes.len(), 1);
                assert_eq!(generation, 5);
                assert_eq!(history.len(), 2);
                assert_eq!(
                    write(&doc),
                    "虽然下雨，但出发。<a>不仅</a>甲<a>而且</a>乙\n"
                );
            }
            other => panic!("{other:?}"),
        }
        // Another page's record of the next generation is not trusted that way.
        let foreign = StoredDocument {
            writer: "u-1".into(),
            ..saved
        };
        assert!(matches!(
            recover(&written, Some(&foreign)),
            Recovery::Diverged { .. }
        ));
    }

    #[test]
    fn a_never_saved_document_recovers_from_the_journal_base_or_is_lost() {
        let remove = vec![Change::Edit(Edit::Remove { span: 2 })];
        match recover(&journal(0, Some(TWO_PAIRS), remove.clone()), None) {
            Recovery::Replayed { doc, .. } => assert_eq!(doc.pairs.len(), 1),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            recover(&journal(0, None, remove), None),
            Recovery::Lost
        ));
        assert_eq!(Journal::from_json("{}"), None);
    }
}
