//! Keeping the work: the hook that saves every change in the browser, writes the journal of
//! unsaved changes after each one, recovers journals a closed tab left, follows the saves of
//! other tabs, and offers the recent list, the versions and the notices' buttons.
//!
//! A save is checked against the stored generation (`storage::save`), so two tabs never write
//! over each other: a tab with nothing unsaved takes another tab's save as it is announced
//! (`tabs::Channel`, or when the tab is shown again); a tab with unsaved edits is told of the
//! conflict and chooses to load the newer version (its own copy kept as a version) or to keep
//! its copy as a document of its own.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use connectives_core::write;
use yew::prelude::*;

use crate::browser::storage::{self, Forgotten, SaveError, SavedSummary};
use crate::browser::tabs::{self, Channel, SavedElsewhere};
use crate::browser::Listener;
use crate::i18n::Lang;
use crate::state::{Action, AppState, Notice, Offer, Restored, SavedAt};
use crate::stored::{
    interval_due, is_same_document, recover, Journal, Recovery, StoredCorpus, StoredDocument,
    VersionReason, VersionSummary, JOURNAL_BASE_LIMIT, SCHEMA,
};

pub type AppContext = UseReducerHandle<AppState>;

thread_local! {
    /// The app's dispatcher, for saves and loads that finish after the state they started
    /// from was replaced.
    static DISPATCH: RefCell<Option<Callback<Action>>> = const { RefCell::new(None) };
    /// The newest state, for listeners and saves that run outside a render.
    static LATEST: RefCell<Option<AppState>> = const { RefCell::new(None) };
    /// This tab's id, and this page's (the tab's life since it was loaded).
    static TAB: RefCell<String> = const { RefCell::new(String::new()) };
    static WRITER: RefCell<String> = const { RefCell::new(String::new()) };
    /// One save at a time: two saves of one document would conflict with each other.
    static SAVING: Cell<bool> = const { Cell::new(false) };
    /// The generation each document was last saved as by this page, newer than a state that
    /// has not seen the `Saved` action yet.
    static SAVED: RefCell<Vec<(String, u64)>> = const { RefCell::new(Vec::new()) };
    /// The id a document never saved will get: (session, id).
    static PENDING_ID: RefCell<Option<(u64, String)>> = const { RefCell::new(None) };
    /// When each document last got an earlier version kept, in this page.
    static LAST_VERSION: RefCell<Vec<(String, f64)>> = const { RefCell::new(Vec::new()) };
    /// The journal reached storage (else the page asks before it is left).
    static JOURNAL_OK: Cell<bool> = const { Cell::new(true) };
    /// The document forgotten last, until the user takes it back or forgets another.
    static FORGOTTEN: RefCell<Option<Forgotten>> = const { RefCell::new(None) };
    static CHANNEL: RefCell<Option<Channel>> = const { RefCell::new(None) };
    /// The recent list's state, for loads that start outside it.
    static RECENT: RefCell<Option<UseStateHandle<Vec<SavedSummary>>>> = const { RefCell::new(None) };
}

fn dispatch(action: Action) {
    if let Some(dispatch) = DISPATCH.with(|d| d.borrow().clone()) {
        dispatch.emit(action);
    }
}

fn latest() -> Option<AppState> {
    LATEST.with(|l| l.borrow().clone())
}

fn tab() -> String {
    TAB.with(|t| t.borrow().clone())
}

fn writer() -> String {
    WRITER.with(|w| w.borrow().clone())
}

fn lang() -> Lang {
    latest().map_or_else(Lang::default, |s| s.lang)
}

fn notify(notice: Notice) {
    dispatch(Action::Notify(notice));
}

/// Opens a corpus: the open document is kept first, then the corpus is stored whole and its
/// first document shown; the notice lists the files that did not open, with their reasons.
pub async fn open_corpus(
    state: &AppState,
    opened: crate::opening::CorpusOpened,
    recent: UseStateHandle<Vec<SavedSummary>>,
) {
    let crate::opening::CorpusOpened { name, corpus } = opened;
    let words = state.lang;
    let refused = corpus
        .refused
        .iter()
        .map(|r| format!("{}: {}", r.name, r.reason))
        .chain(corpus.messages.iter().cloned())
        .collect::<Vec<_>>();
    if corpus.entries.is_empty() {
        let text = match words {
            Lang::Zh => format!("{name} 中没有可以打开的文档。{}", refused.join("；")),
            Lang::En => format!(
                "{name} holds no document that opens. {}",
                refused.join("; ")
            ),
        };
        return dispatch(Action::OpenFailed(text));
    }
    if keep_current(state).await.is_err() && !ask_to_replace(state) {
        return;
    }
    let id = new_id(&name);
    let mut n = 0;
    let (stored, records) = StoredCorpus::of_entries(
        id.clone(),
        name.clone(),
        corpus.entries,
        storage::now(),
        || {
            n += 1;
            format!("{id}/{n}")
        },
    );
    if let Err(error) = storage::add_corpus(&stored, &records).await {
        return dispatch(Action::Saved(Err(error)));
    }
    let count = records.len();
    let Some(first) = records.into_iter().next() else {
        return;
    };
    tabs::set_open_document(&first.id);
    note_saved(&first.id, first.generation);
    dispatch(Action::Restore(Box::new(Restored {
        record: first,
        changes: Vec::new(),
        corpus: Some(Rc::new(stored)),
    })));
    let opened = match words {
        Lang::Zh => format!("已打开语料“{name}”：{count} 篇文档。"),
        Lang::En => format!(
            "Opened the corpus “{name}”: {count} {}.",
            Lang::noun(count, "document", "documents")
        ),
    };
    notify(match refused.is_empty() {
        true => Notice::Info(opened),
        false => Notice::Error(match words {
            Lang::Zh => format!(
                "{opened} 未能打开 {} 个文件：{}",
                refused.len(),
                refused.join("；")
            ),
            Lang::En => format!(
                "{opened} {} could not be opened: {}",
                match refused.len() {
                    1 => "One file".to_string(),
                    n => format!("{n} files"),
                },
                refused.join("; ")
            ),
        }),
    });
    refresh_recent(recent).await;
}

/// Opens another document of the open corpus, after keeping the open one; the corpus remembers
/// the line the reader leaves the open one at.
pub fn move_in_corpus(doc_id: String, left_at: usize) {
    move_in_corpus_to(doc_id, left_at, None)
}

/// [`move_in_corpus`], then show `query`'s matches at a line (1-based): a corpus search's hit.
pub fn move_in_corpus_to(doc_id: String, left_at: usize, at: Option<(usize, String)>) {
    wasm_bindgen_futures::spawn_local(async move {
        let Some(state) = latest() else { return };
        let (Some(corpus), Some(open)) = (state.corpus.clone(), state.doc_id.clone()) else {
            return;
        };
        if keep_current(&state).await.is_err() && !ask_to_replace(&state) {
            return;
        }
        let selected = state.selected;
        dispatch(Action::SetCorpus(Some(Rc::new(corpus.with_member(
            &open,
            |m| {
                m.line = left_at;
                m.selected = selected;
            },
        )))));
        match storage::load(&doc_id).await {
            Ok(Some(record)) => {
                open_stored(record).await;
                if let Some((line, query)) = at {
                    dispatch(Action::ShowMatch { query, line });
                }
            }
            Ok(None) => dispatch(Action::OpenFailed(doc_id)),
            Err(error) => dispatch(Action::Saved(Err(error))),
        }
    });
}

/// Keeps the open corpus's list (statuses, notes, counts, the open document) whenever it
/// changes.
#[hook]
pub fn use_corpus_keeping(corpus: Option<Rc<StoredCorpus>>) {
    let before = use_mut_ref(|| None::<Rc<StoredCorpus>>);
    use_effect_with(corpus, move |corpus| {
        let Some(corpus) = corpus.clone() else {
            *before.borrow_mut() = None;
            return;
        };
        let previous = before.replace(Some(corpus.clone()));
        // Only what this tab changed is stored: another tab's changes to other documents stay.
        let changes = corpus.changes_since(previous.as_deref(), storage::now());
        let moved = previous.as_ref().is_none_or(|p| p.open != corpus.open);
        if changes.documents.is_empty() && !moved {
            return;
        }
        // Written at once where a closed tab cannot lose it (with what is still unstored),
        // then stored.
        let key = tabs::corpus_journal_key(&tab());
        let pending = match tabs::corpus_journal(&key).filter(|j| j.id == changes.id) {
            Some(mut pending) => {
                pending
                    .documents
                    .retain(|m| changes.member(&m.id).is_none());
                pending.documents.extend(changes.documents.iter().cloned());
                StoredCorpus {
                    open: changes.open.clone(),
                    saved_at: changes.saved_at,
                    ..pending
                }
            }
            None => changes.clone(),
        };
        tabs::write_corpus_journal(&tab(), &pending);
        wasm_bindgen_futures::spawn_local(async move {
            match storage::update_corpus(&changes).await {
                Ok(()) => tabs::remove_corpus_journal(&key, &pending),
                Err(error) => dispatch(Action::Saved(Err(error))),
            }
        });
    });
}

/// Opens a stored document the user chose: it becomes this tab's document and the one the
/// next page opens.
async fn open_stored(record: StoredDocument) {
    tabs::set_open_document(&record.id);
    let _ = storage::set_current(&record.id).await;
    restore(Restored {
        record,
        changes: Vec::new(),
        corpus: None,
    })
    .await
}

/// Shows a stored document: a document of a corpus brings its corpus (the documents panel)
/// with it.
async fn restore(mut restored: Restored) {
    let corpus_id = restored.record.corpus.clone();
    let open = latest().and_then(|s| s.corpus.clone());
    let corpus = match open.filter(|c| c.id == corpus_id) {
        _ if corpus_id.is_empty() => None,
        Some(open) => Some(open),
        None => storage::load_corpus(&corpus_id)
            .await
            .ok()
            .flatten()
            .map(Rc::new),
    };
    let corpus = corpus.map(|c| {
        if c.open == restored.record.id {
            c
        } else {
            Rc::new(StoredCorpus {
                open: restored.record.id.clone(),
                ..(*c).clone()
            })
        }
    });
    restored.corpus = corpus;
    dispatch(Action::Restore(Box::new(restored)));
}

/// A new document id: its name, the time and the tab, so no two tabs make the same.
fn new_id(name: &str) -> String {
    format!("{name}@{}-{}", storage::now() as u64, tab())
}

/// The id the open document is saved under (made now if it has none yet).
fn doc_id_of(state: &AppState) -> String {
    if let Some(id) = &state.doc_id {
        return id.clone();
    }
    let pending = PENDING_ID.with(|p| {
        p.borrow()
            .as_ref()
            .filter(|(session, _)| *session == state.session)
            .map(|(_, id)| id.clone())
    });
    pending.unwrap_or_else(|| {
        let id = new_id(&state.name);
        PENDING_ID.with(|p| *p.borrow_mut() = Some((state.session, id.clone())));
        dispatch(Action::Identify {
            session: state.session,
            id: id.clone(),
        });
        id
    })
}

fn saved_generation(id: &str) -> Option<u64> {
    SAVED.with(|s| s.borrow().iter().find(|(d, _)| d == id).map(|(_, g)| *g))
}

fn note_saved(id: &str, generation: u64) {
    SAVED.with(|s| {
        let mut saved = s.borrow_mut();
        saved.retain(|(d, _)| d != id);
        saved.push((id.to_string(), generation));
    });
}

/// The generation a save of `state` replaces.
fn expected_generation(state: &AppState, id: &str) -> u64 {
    state.generation.max(saved_generation(id).unwrap_or(0))
}

fn last_version_at(id: &str) -> Option<f64> {
    LAST_VERSION.with(|v| v.borrow().iter().find(|(d, _)| d == id).map(|(_, t)| *t))
}

/// Keeps `source` as an earlier version of document `id`, unless the newest version has the
/// same text.
async fn keep_version(id: &str, reason: VersionReason, source: &str) -> Result<(), String> {
    let at = storage::now();
    let summary = VersionSummary::of(id, at, reason, source);
    let newest = storage::versions(id).await?.into_iter().next();
    if newest.is_none_or(|v| v.hash != summary.hash) {
        storage::add_version(&summary, source).await?;
    }
    LAST_VERSION.with(|v| {
        let mut versions = v.borrow_mut();
        versions.retain(|(d, _)| d != id);
        versions.push((id.to_string(), at));
    });
    Ok(())
}

/// Waits for the save in flight, if any, and takes the turn.
async fn take_turn() {
    while SAVING.with(Cell::get) {
        yew::platform::time::sleep(Duration::from_millis(15)).await;
    }
    SAVING.with(|s| s.set(true));
}

/// Saves `state` now if it has changes that are not saved and may be saved. Returns whether
/// the document is now kept in the browser as shown.
pub async fn save_now(state: &AppState) -> bool {
    if !state.needs_saving() {
        return state.persist && state.doc_id.is_some();
    }
    if !state.can_save() {
        return false;
    }
    take_turn().await;
    let saved = save_turn(state).await;
    SAVING.with(|s| s.set(false));
    saved
}

async fn save_turn(state: &AppState) -> bool {
    let id = doc_id_of(state);
    let expected = expected_generation(state, &id);
    let source = write(&state.doc);
    // The first save of a session that changed the text keeps it as it was found.
    if let Some(opened) = state.opened_source.as_ref().filter(|o| ***o != source) {
        if keep_version(&id, VersionReason::Session, opened)
            .await
            .is_ok()
        {
            dispatch(Action::SessionVersionKept {
                session: state.session,
            });
        }
    }
    let mut record = StoredDocument {
        schema: SCHEMA,
        id: id.clone(),
        name: state.name.clone(),
        source,
        saved_at: storage::now(),
        edits: state.history.len(),
        generation: expected + 1,
        writer: writer(),
        revision: state.revision,
        corpus: state.corpus_id(),
        ..Default::default()
    };
    record.keep_history(&state.doc, &state.history);
    // A save of the document this tab has left (it finished late) keeps the current one.
    let still_open = latest()
        .and_then(|shown| shown.doc_id)
        .is_none_or(|shown| shown == id);
    match storage::save_as(&record, expected, still_open).await {
        Ok(()) => {
            note_saved(&id, record.generation);
            tabs::set_open_document(&id);
            dispatch(Action::Saved(Ok(SavedAt {
                session: state.session,
                id: id.clone(),
                revision: state.revision,
                generation: record.generation,
            })));
            CHANNEL.with(|c| {
                if let Some(channel) = c.borrow().as_ref() {
                    channel.announce(&SavedElsewhere {
                        tab: tab(),
                        doc_id: id.clone(),
                        generation: record.generation,
                    });
                }
            });
            let interval_due =
                last_version_at(&id).is_some_and(|at| interval_due(at, record.saved_at));
            if state.opened_source.is_none() && interval_due {
                let _ = keep_version(&id, VersionReason::Interval, &record.source).await;
            }
            true
        }
        Err(SaveError::Conflict(generation)) => {
            dispatch(Action::Conflict {
                session: state.session,
                generation,
            });
            false
        }
        Err(SaveError::Failed(error)) => {
            dispatch(Action::Saved(Err(error)));
            false
        }
    }
}

/// Before another document replaces the open one: saves it, and says whether it is kept with
/// edits (then the notice offers to reopen it). A copy in conflict is kept as a version.
pub async fn keep_current(state: &AppState) -> Result<Option<(String, String)>, String> {
    if state.conflict.is_some() {
        let id = doc_id_of(state);
        keep_version(&id, VersionReason::OtherTab, &write(&state.doc)).await?;
        return Ok(Some((id, state.name.clone())));
    }
    let edited = state.history.can_undo() || state.history.can_redo();
    if !state.persist {
        return Ok(None);
    }
    if state.needs_saving() && !save_now(state).await {
        let words = latest().and_then(|s| s.storage_error).unwrap_or_default();
        return Err(words);
    }
    Ok(edited.then(|| (doc_id_of(state), state.name.clone())))
}

/// The text of the notice that says the replaced document is kept.
pub fn kept_words(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("{name}（含修改）仍保存在“最近的文档”中。"),
        Lang::En => format!("{name}, with its edits, is kept in Recent documents."),
    }
}

/// Opens a document saved in the browser (the recent list, or a notice's button).
pub fn open_saved(id: String, recent: UseStateHandle<Vec<SavedSummary>>) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(state) = latest() {
            if keep_current(&state).await.is_err() && !ask_to_replace(&state) {
                return;
            }
        }
        let record = match storage::load(&id).await {
            Ok(None) => match storage::load_corpus(&id).await {
                Ok(Some(corpus)) => {
                    let open = corpus
                        .member(&corpus.open)
                        .or(corpus.documents.first())
                        .map(|m| m.id.clone())
                        .unwrap_or_default();
                    storage::load(&open).await
                }
                other => other.map(|_| None),
            },
            other => other,
        };
        match record {
            Ok(Some(record)) => open_stored(record).await,
            Ok(None) => dispatch(Action::OpenFailed(id)),
            Err(error) => dispatch(Action::Saved(Err(error))),
        }
        refresh_recent(recent).await;
    });
}

/// A file opened again that is a document kept in this browser (same name, same text: see
/// [`is_same_document`]) reopens that document, edits and all, rather than adding a second
/// entry to the recent list. When the file's annotations differ from the kept ones, the file
/// is kept as a version of it. Returns whether it was such a document.
pub async fn reopen_same(state: &AppState, name: &str, source: &str) -> bool {
    let Ok(list) = storage::list().await else {
        return false;
    };
    let text = connectives_core::parse(source).text;
    let mut found = None;
    for summary in list.iter().filter(|s| s.name == name) {
        if let Ok(Some(record)) = storage::load(&summary.id).await {
            if is_same_document(&record, name, &text) {
                found = Some(record);
                break;
            }
        }
    }
    let Some(record) = found else {
        return false;
    };
    // The writer gives back what it parsed (write(parse(s)) == s): no second parse to compare.
    let differs = source != record.source;
    let lang = state.lang;
    if state.doc_id.as_deref() == Some(record.id.as_str()) {
        notify(Notice::Info(match lang {
            Lang::Zh => format!("{name} 已经打开（保存在本浏览器中）。"),
            Lang::En => format!("{name} is already open (kept in this browser)."),
        }));
        return true;
    }
    if keep_current(state).await.is_err() && !ask_to_replace(state) {
        return true;
    }
    let id = record.id.clone();
    let edits = record.edits;
    // Kept before the document opens, so its list of versions shows it.
    let kept_file = differs
        && keep_version(&id, VersionReason::Reopened, source)
            .await
            .is_ok();
    tabs::set_open_document(&id);
    restore(Restored {
        record,
        changes: Vec::new(),
        corpus: None,
    })
    .await;
    let mut words = match (lang, edits) {
        (Lang::Zh, 0) => format!("{name} 已保存在本浏览器中：已重新打开它。"),
        (Lang::Zh, n) => format!("{name} 已保存在本浏览器中：已重新打开它及其 {n} 处修改。"),
        (Lang::En, 0) => format!("{name} is kept in this browser: reopened it."),
        (Lang::En, n) => format!(
            "{name} is kept in this browser: reopened it, with its {n} {}.",
            Lang::noun(n, "edit", "edits")
        ),
    };
    if kept_file {
        words.push_str(lang.pick(
            " 文件中的标注与此不同，已作为一个版本保存在“历史版本”中。",
            " The file's own annotations differ: they are kept in Versions.",
        ));
    }
    notify(Notice::Info(words));
    if let Some(recent) = RECENT.with(|r| r.borrow().clone()) {
        refresh_recent(recent).await;
    }
    true
}

/// When the open document could not be kept: asks before replacing it.
pub fn ask_to_replace(state: &AppState) -> bool {
    tabs::confirm(&match state.lang {
        Lang::Zh => format!("无法在本浏览器中保存 {}。仍然替换它吗？（请先导出以免丢失修改。）", state.name),
        Lang::En => format!(
            "{} could not be saved in this browser. Replace it anyway? (Export it first to keep your edits.)",
            state.name
        ),
    })
}

pub async fn refresh_recent(recent: UseStateHandle<Vec<SavedSummary>>) {
    if let Ok(list) = storage::list().await {
        recent.set(list);
    }
}

/// Forgets a saved document; the notice that follows can take it back.
pub fn forget(id: String, recent: UseStateHandle<Vec<SavedSummary>>) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(Some(corpus)) = storage::load_corpus(&id).await {
            let n = corpus.documents.len();
            let asked = tabs::confirm(&match lang() {
                Lang::Zh => format!("从本浏览器删除语料 {}（{n} 篇文档，连同其状态、备注和历史版本）？此操作无法撤销。", corpus.name),
                Lang::En => format!(
                    "Remove the corpus {} ({n} {}, with their statuses, notes and versions) from this browser? This cannot be undone.",
                    corpus.name,
                    Lang::noun(n, "document", "documents")
                ),
            });
            if asked {
                if let Err(error) = storage::forget_corpus(&id).await {
                    dispatch(Action::Saved(Err(error)));
                }
            }
            return refresh_recent(recent).await;
        }
        match storage::forget(&id).await {
            Ok(Some(forgotten)) => {
                let name = forgotten.record.name.clone();
                FORGOTTEN.with(|f| *f.borrow_mut() = Some(forgotten));
                notify(Notice::Offer {
                    text: match lang() {
                        Lang::Zh => format!("已从本浏览器删除 {name}。"),
                        Lang::En => format!("{name} is forgotten by this browser."),
                    },
                    offers: vec![Offer::UndoForget],
                    warning: false,
                });
            }
            Ok(None) => {}
            Err(error) => dispatch(Action::Saved(Err(error))),
        }
        refresh_recent(recent).await;
    });
}

/// Carries out a notice's button.
pub fn take_offer(offer: Offer, recent: UseStateHandle<Vec<SavedSummary>>) {
    match offer {
        Offer::UndoRestore => dispatch(Action::Undo),
        Offer::Suggest => dispatch(Action::Suggest),
        Offer::Reopen { id, .. } => open_saved(id, recent),
        Offer::UndoForget => wasm_bindgen_futures::spawn_local(async move {
            let Some(forgotten) = FORGOTTEN.with(|f| f.borrow_mut().take()) else {
                return;
            };
            let name = forgotten.record.name.clone();
            match storage::put_back(&forgotten).await {
                Ok(()) => notify(Notice::Info(match lang() {
                    Lang::Zh => format!("{name} 已恢复到“最近的文档”。"),
                    Lang::En => format!("{name} is back in Recent documents."),
                })),
                Err(error) => dispatch(Action::Saved(Err(error))),
            }
            refresh_recent(recent).await;
        }),
        Offer::LoadNewer => wasm_bindgen_futures::spawn_local(async move {
            let Some(state) = latest() else { return };
            let id = doc_id_of(&state);
            if let Err(error) = keep_version(&id, VersionReason::OtherTab, &write(&state.doc)).await
            {
                return dispatch(Action::Saved(Err(error)));
            }
            match storage::load(&id).await {
                Ok(Some(record)) => {
                    note_saved(&id, record.generation);
                    restore(Restored {
                        record,
                        changes: Vec::new(),
                        corpus: None,
                    })
                    .await;
                    notify(Notice::Info(
                        lang()
                            .pick(
                                "已载入较新的版本；本标签页的副本保存在“历史版本”中。",
                                "The newer version is loaded; this tab's copy is kept in Versions.",
                            )
                            .to_string(),
                    ));
                }
                Ok(None) => dispatch(Action::OpenFailed(id)),
                Err(error) => dispatch(Action::Saved(Err(error))),
            }
        }),
        Offer::KeepMine => {
            let Some(state) = latest() else { return };
            dispatch(Action::Forked {
                id: new_id(&state.name),
            });
            notify(Notice::Info(
                lang()
                    .pick(
                        "本标签页的副本另存为一篇新文档。",
                        "This tab's copy is kept as a document of its own.",
                    )
                    .to_string(),
            ));
        }
    }
}

/// Restores an earlier version of the open document; the current one is kept as a version
/// first, and the restore itself can be undone.
pub fn restore_version(saved_at: f64) {
    wasm_bindgen_futures::spawn_local(async move {
        let Some(state) = latest() else { return };
        let id = doc_id_of(&state);
        let text = match storage::version_text(&id, saved_at).await {
            Ok(Some(text)) => text,
            Ok(None) => return dispatch(Action::OpenFailed(id)),
            Err(error) => return dispatch(Action::Saved(Err(error))),
        };
        let _ = keep_version(&id, VersionReason::BeforeRestore, &write(&state.doc)).await;
        dispatch(Action::RestoreVersion { source: text });
    });
}

/// Writes the journal of `state` (or removes it when all is saved).
fn write_journal(state: &AppState) {
    let journal = (state.persist && !state.journal.is_empty()).then(|| {
        let base = state
            .opened_source
            .as_ref()
            .filter(|_| state.generation == 0)
            .filter(|source| source.len() <= JOURNAL_BASE_LIMIT)
            .map(|source| source.to_string());
        Journal {
            tab: tab(),
            writer: writer(),
            doc_id: doc_id_of(state),
            name: state.name.clone(),
            generation: state.generation,
            base,
            changes: (*state.journal).clone(),
            written_at: storage::now(),
        }
    });
    let covered = journal
        .as_ref()
        .is_none_or(|j| j.generation > 0 || j.base.is_some());
    if let Some(journal) = &journal {
        // A reload of this tab reopens this document, saved or not.
        tabs::set_open_document(&journal.doc_id);
    }
    let written = match &journal {
        Some(journal) => tabs::write_journal(&tab(), journal),
        // Only this page's own journal goes: the one a previous page of this tab left is for
        // the start-up to recover.
        None => {
            tabs::remove_journal_of(&tab(), &writer());
            true
        }
    };
    JOURNAL_OK.with(|ok| ok.set(written && covered));
}

/// Whether leaving now would lose something: the browser's prompt appears then.
fn would_lose_work(state: &AppState) -> bool {
    state.conflict.is_some() || (state.needs_saving() && !JOURNAL_OK.with(Cell::get))
}

/// Replays the journals that closed tabs (or this tab, before its reload) left. The one for
/// `open_id` is opened (if nothing else was opened meanwhile); the others are saved where
/// they were, or kept as versions when their document moved on.
async fn recover_journals(open_id: Option<String>, first_pass: bool) -> bool {
    let own_tab = tab();
    let open_tabs = tabs::open_tabs().await;
    let alive = |tab: &str| match &open_tabs {
        Some(open) => open.iter().any(|t| t == tab),
        None => tabs::is_alive(tab),
    };
    let mut opened = false;
    for journal in tabs::journals() {
        if journal.writer == writer() || (journal.tab != own_tab && alive(&journal.tab)) {
            continue;
        }
        let stored = storage::load(&journal.doc_id).await.ok().flatten();
        let recovery = recover(&journal, stored.as_ref());
        let words = lang();
        match recovery {
            Recovery::Replayed {
                changes,
                generation,
                doc,
                history,
            } => {
                let record = stored.unwrap_or_else(|| StoredDocument {
                    schema: SCHEMA,
                    id: journal.doc_id.clone(),
                    name: journal.name.clone(),
                    source: journal.base.clone().unwrap_or_default(),
                    saved_at: journal.written_at,
                    ..Default::default()
                });
                // Open the recovered document here: at start, if it is the one to open and
                // nothing was opened yet; later, if it is open and unedited at that generation.
                let here = latest().is_some_and(|s| {
                    let at_start = first_pass
                        && s.revision == 0
                        && open_id.as_deref().is_none_or(|id| id == journal.doc_id);
                    let open_clean = !first_pass
                        && s.doc_id.as_deref() == Some(journal.doc_id.as_str())
                        && !s.needs_saving()
                        && s.conflict.is_none()
                        && s.generation == generation;
                    at_start || open_clean
                });
                if here && !opened {
                    opened = true;
                    tabs::set_open_document(&record.id);
                    restore(Restored {
                        record,
                        changes,
                        corpus: None,
                    })
                    .await;
                } else if latest()
                    .is_some_and(|s| s.doc_id.as_deref() == Some(journal.doc_id.as_str()))
                {
                    // Open here with edits of its own: saving over it would conflict.
                    keep_recovered(&journal, &doc).await;
                } else {
                    let mut saved = StoredDocument {
                        source: write(&doc),
                        generation: generation + 1,
                        saved_at: storage::now(),
                        edits: history.len(),
                        writer: writer(),
                        revision: 0,
                        ..record
                    };
                    saved.keep_history(&doc, &history);
                    if storage::save(&saved, generation).await.is_ok() {
                        notify(Notice::Info(match words {
                            Lang::Zh => {
                                format!("已找回 {} 在标签页关闭前未保存的修改。", saved.name)
                            }
                            Lang::En => format!(
                                "Recovered the edits of {} not saved when its tab closed.",
                                saved.name
                            ),
                        }));
                    }
                }
            }
            Recovery::Diverged { doc: Some(doc) } => keep_recovered(&journal, &doc).await,
            Recovery::Diverged { doc: None } | Recovery::Lost => {
                notify(Notice::Error(match words {
                    Lang::Zh => format!(
                        "无法找回 {} 在标签页关闭前未保存的 {} 处修改。",
                        journal.name,
                        journal.changes.len()
                    ),
                    Lang::En => format!(
                        "The {} {} of {} not saved when its tab closed could not be recovered.",
                        journal.changes.len(),
                        Lang::noun(journal.changes.len(), "edit", "edits"),
                        journal.name
                    ),
                }))
            }
        }
        tabs::remove_journal_of(&journal.tab, &journal.writer);
    }
    opened
}

/// Keeps the recovered edits of a document that moved on as a version of it.
async fn keep_recovered(journal: &Journal, doc: &connectives_core::Document) {
    if keep_version(&journal.doc_id, VersionReason::Recovered, &write(doc))
        .await
        .is_ok()
    {
        notify(Notice::Info(match lang() {
            Lang::Zh => format!(
                "{} 已在别处更改；其标签页关闭前未保存的修改保存在“历史版本”中。",
                journal.name
            ),
            Lang::En => format!(
                "{} changed elsewhere since; the edits not saved when its tab closed are kept in Versions.",
                journal.name
            ),
        }));
    }
}

/// Stores the corpus changes a page wrote but may not have stored before it was left (a corpus
/// no longer stored stays removed).
async fn recover_corpus_journals() {
    for (key, journal) in tabs::corpus_journals() {
        // Storing the same changes again changes nothing: a journal is stored until it goes.
        if storage::update_corpus(&journal).await.is_ok() {
            tabs::remove_corpus_journal(&key, &journal);
        }
    }
}

/// On start: recover journals, then restore the document this tab (or the browser) had open.
async fn start_up(recent: UseStateHandle<Vec<SavedSummary>>) {
    recover_corpus_journals().await;
    let open_id = match tabs::open_document() {
        Some(id) => Some(id),
        None => storage::current_id().await.ok().flatten(),
    };
    let recovered = recover_journals(open_id.clone(), true).await;
    let untouched = latest().is_some_and(|s| s.revision == 0);
    if !recovered && untouched {
        if let Some(id) = open_id {
            match storage::load(&id).await {
                Ok(Some(record)) if latest().is_some_and(|s| s.revision == 0) => {
                    tabs::set_open_document(&record.id);
                    restore(Restored {
                        record,
                        changes: Vec::new(),
                        corpus: None,
                    })
                    .await
                }
                Ok(_) => {}
                Err(error) => dispatch(Action::Saved(Err(error))),
            }
        }
    }
    refresh_recent(recent.clone()).await;
    // Journals of tabs that closed without saying so are theirs to recover once they are
    // taken as closed.
    yew::platform::time::sleep(Duration::from_millis(tabs::ALIVE_TIMEOUT_MS as u64 + 500)).await;
    recover_journals(None, false).await;
    refresh_recent(recent).await;
}

/// Another tab saved `saved`: a clean copy follows it, an edited one is in conflict.
async fn follow(saved: SavedElsewhere) {
    let Some(state) = latest() else { return };
    if state.doc_id.as_deref() != Some(saved.doc_id.as_str())
        || saved.generation <= expected_generation(&state, &saved.doc_id)
    {
        return;
    }
    if state.needs_saving() || state.conflict.is_some() {
        return dispatch(Action::Conflict {
            session: state.session,
            generation: saved.generation,
        });
    }
    if let Ok(Some(record)) = storage::load(&saved.doc_id).await {
        note_saved(&record.id, record.generation);
        dispatch(Action::Synced {
            session: state.session,
            record,
        });
    }
}

/// When the tab is shown again: has another tab saved the open document meanwhile?
async fn check_stored() {
    let Some(state) = latest() else { return };
    let Some(id) = state.doc_id.clone() else {
        return;
    };
    if let Ok(Some(generation)) = storage::generation(&id).await {
        follow(SavedElsewhere {
            tab: String::new(),
            doc_id: id,
            generation,
        })
        .await;
    }
}

/// Saves every change in the browser within a second (a document never saved, at once),
/// journals each change synchronously, restores the last document on start, follows other
/// tabs, and asks before the page is left while something could be lost.
#[hook]
pub fn use_autosave(state: AppContext, recent: UseStateHandle<Vec<SavedSummary>>) {
    {
        let state = state.clone();
        DISPATCH.with(|d| {
            *d.borrow_mut() = Some(Callback::from(move |action| state.dispatch(action)));
        });
    }
    LATEST.with(|l| *l.borrow_mut() = Some((*state).clone()));
    RECENT.with(|r| *r.borrow_mut() = Some(recent.clone()));
    {
        let recent = recent.clone();
        use_effect_with((), move |_| {
            TAB.with(|t| *t.borrow_mut() = tabs::tab_id());
            WRITER.with(|w| *w.borrow_mut() = format!("{}.{:x}", tab(), storage::now() as u64));
            tabs::heartbeat(&tab());
            tabs::hold_lock(&tab());
            CHANNEL.with(|c| {
                *c.borrow_mut() = Channel::open(|saved| {
                    wasm_bindgen_futures::spawn_local(follow(saved));
                })
            });
            wasm_bindgen_futures::spawn_local(start_up(recent));
        });
    }
    // The journal, after every change.
    {
        let journal = state.journal.clone();
        let key = (
            Rc::as_ptr(&journal) as usize,
            state.session,
            state.doc_id.clone(),
        );
        let state = state.clone();
        use_effect_with(key, move |_| write_journal(&state));
    }
    {
        let recent = recent.clone();
        let never_saved = state.saved_revision.is_none() && state.generation == 0;
        use_effect_with((state.revision, state.persist, state.conflict), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                // Wait for a pause in the edits, then save whatever is newest.
                if !never_saved {
                    yew::platform::time::sleep(Duration::from_millis(300)).await;
                }
                let Some(snapshot) = latest() else { return };
                // A corpus's entry in the recent list does not change with its documents' saves,
                // and reading every record of a large corpus after each save would be slow.
                if snapshot.can_save()
                    && save_now(&snapshot).await
                    && snapshot.corpus_id().is_empty()
                {
                    refresh_recent(recent).await;
                }
            });
        });
    }
    use_effect_with((), move |_| {
        let heartbeat = every(tabs::HEARTBEAT_MS, || tabs::heartbeat(&tab()));
        // Leaving the tab: save at once rather than after the pause.
        let on_hide = Listener::window("pagehide", move |_| {
            tabs::farewell(&tab());
            if let Some(snapshot) = latest() {
                wasm_bindgen_futures::spawn_local(async move {
                    save_now(&snapshot).await;
                });
            }
        });
        let on_show = Listener::window("pageshow", |_| tabs::heartbeat(&tab()));
        let on_leave = Listener::window("beforeunload", |event| {
            if latest().is_some_and(|s| would_lose_work(&s)) {
                tabs::ask_before_leaving(&event);
            }
        });
        let on_visible = Listener::window("visibilitychange", |_| {
            if crate::browser::is_visible() {
                tabs::heartbeat(&tab());
                wasm_bindgen_futures::spawn_local(check_stored());
            }
        });
        let on_focus = Listener::window("focus", |_| {
            wasm_bindgen_futures::spawn_local(check_stored());
        });
        move || {
            heartbeat.set(false);
            drop((on_hide, on_show, on_leave, on_visible, on_focus))
        }
    });
}

/// Runs `f` every `ms` until the returned flag is set to false.
fn every(ms: u32, f: impl Fn() + 'static) -> Rc<Cell<bool>> {
    let running = Rc::new(Cell::new(true));
    let flag = running.clone();
    wasm_bindgen_futures::spawn_local(async move {
        while flag.get() {
            yew::platform::time::sleep(Duration::from_millis(ms.into())).await;
            if flag.get() {
                f();
            }
        }
    });
    running
}
