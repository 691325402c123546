//! Documents kept in the browser's IndexedDB, so that a closed tab loses nothing. The records
//! and their schema are in `crate::stored`; this module only reads and writes them, and is the
//! only one that opens IndexedDB.
//!
//! Stores: `documents` (key: id) holds every saved document, `meta` the id of the one open
//! last (`current`), `versions` and `version_texts` earlier versions (key `[doc_id, saved_at]`),
//! `corpora` (key: id) the corpora, each with its documents' ids, statuses and notes.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbKeyRange, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode,
};

use crate::stored::{versions_over_bounds, StoredCorpus, StoredDocument, VersionSummary, SCHEMA};

const DATABASE: &str = "connectives";
/// The IndexedDB version: the schema number of `crate::stored`.
const VERSION: u32 = SCHEMA;
const DOCUMENTS: &str = "documents";
const META: &str = "meta";
const VERSIONS: &str = "versions";
const VERSION_TEXTS: &str = "version_texts";
const CORPORA: &str = "corpora";
const CURRENT: &str = "current";

/// The list entry of a saved document, without its text.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedSummary {
    pub id: String,
    pub name: String,
    pub saved_at: f64,
    pub edits: usize,
    pub bytes: usize,
    /// For a corpus: how many documents it has, and how many are done.
    pub corpus: Option<(usize, usize)>,
}

/// Why a save did not happen.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveError {
    /// Another tab saved this generation of the document since this tab's copy was loaded.
    Conflict(u64),
    Failed(String),
}

pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Words for a storage failure, for the notice the page shows.
fn describe(error: JsValue) -> String {
    if let Some(e) = error.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", e.name(), e.message());
    }
    super::error_words(&error, "storage is not available")
}

/// Resolves when an IndexedDB request succeeds, with its result.
async fn finish(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |event: web_sys::Event| {
            let result = event
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.result().ok())
                .unwrap_or(JsValue::UNDEFINED);
            let _ = resolve.call1(&JsValue::NULL, &result);
        });
        let failed = Closure::once_into_js(move |event: web_sys::Event| {
            let error = event
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.error().ok().flatten())
                .map(JsValue::from)
                .unwrap_or_else(|| JsValue::from_str("the request failed"));
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(failed.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(describe)
}

/// Resolves when a transaction has committed (its data is on disk), or says why it did not.
async fn committed(transaction: &IdbTransaction) -> Result<(), String> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let reject = Rc::new(reject);
        let failed = {
            let reject = reject.clone();
            Closure::once_into_js(move |event: web_sys::Event| {
                let error = event
                    .target()
                    .and_then(|t| t.dyn_into::<IdbTransaction>().ok())
                    .and_then(|t| t.error())
                    .map(JsValue::from)
                    .unwrap_or_else(|| JsValue::from_str("the transaction was aborted"));
                let _ = reject.call1(&JsValue::NULL, &error);
            })
        };
        transaction.set_oncomplete(Some(ok.unchecked_ref()));
        transaction.set_onabort(Some(failed.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(describe)
}

/// Asks the browser to commit at once rather than after the next round trip (where it can).
fn commit_now(transaction: &IdbTransaction) {
    if let Ok(commit) = Reflect::get(transaction, &JsValue::from_str("commit")) {
        if let Some(commit) = commit.dyn_ref::<js_sys::Function>() {
            let _ = commit.call0(transaction);
        }
    }
}

thread_local! {
    /// One connection for the page's life: opening one per save would delay every save.
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// Creates what a database of an older schema lacks. Records of schema 1 are read as they are
/// and migrated when read (`StoredDocument::migrated`), then written as schema 2 by the next
/// save.
fn upgrade(db: &IdbDatabase) {
    let names = db.object_store_names();
    for store in [DOCUMENTS, META, VERSIONS, VERSION_TEXTS, CORPORA] {
        if !names.contains(store) {
            let _ = db.create_object_store(store);
        }
    }
}

/// The database, opened (and upgraded) once.
pub async fn database() -> Result<IdbDatabase, String> {
    if let Some(db) = DB.with(|db| db.borrow().clone()) {
        return Ok(db);
    }
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()
        .map_err(describe)?
        .ok_or("this browser gives the page no IndexedDB")?;
    let request = factory.open_with_u32(DATABASE, VERSION).map_err(describe)?;
    let on_upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        let db = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            upgrade(&db);
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db = finish(&request)
        .await?
        .dyn_into::<IdbDatabase>()
        .map_err(|_| "the database did not open".to_string())?;
    // A newer release opened in another tab needs this connection closed to upgrade.
    let on_version_change = Closure::<dyn Fn()>::new({
        let db = db.clone();
        move || {
            db.close();
            DB.with(|slot| slot.borrow_mut().take());
        }
    });
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    on_version_change.forget();
    DB.with(|slot| *slot.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// Closes the page's connection (tests delete the database between cases).
pub fn close() {
    if let Some(db) = DB.with(|slot| slot.borrow_mut().take()) {
        db.close();
    }
}

fn transaction(
    db: &IdbDatabase,
    stores: &[&str],
    mode: IdbTransactionMode,
) -> Result<IdbTransaction, String> {
    let names = Array::new();
    for store in stores {
        names.push(&JsValue::from_str(store));
    }
    db.transaction_with_str_sequence_and_mode(&names, mode)
        .map_err(describe)
}

fn store(transaction: &IdbTransaction, name: &str) -> Result<IdbObjectStore, String> {
    transaction.object_store(name).map_err(describe)
}

fn read_record(value: JsValue) -> Option<StoredDocument> {
    if value.is_undefined() || value.is_null() {
        return None;
    }
    serde_wasm_bindgen::from_value::<StoredDocument>(value)
        .ok()
        .map(StoredDocument::migrated)
}

fn generation_of(value: &JsValue) -> Option<u64> {
    if value.is_undefined() || value.is_null() {
        return None;
    }
    Some(
        Reflect::get(value, &JsValue::from_str("generation"))
            .ok()
            .and_then(|g| g.as_f64())
            .unwrap_or(0.0) as u64,
    )
}

/// Saves `record` and makes it the current document, if the stored copy is still generation
/// `expected` (or absent): checked and written in one transaction, so two tabs can never both
/// write over the same generation.
pub async fn save(record: &StoredDocument, expected: u64) -> Result<(), SaveError> {
    save_as(record, expected, true).await
}

/// [`save`], making the record the current document only if `make_current`: a save that
/// lands after the tab moved to another document must not send the next page back.
pub async fn save_as(
    record: &StoredDocument,
    expected: u64,
    make_current: bool,
) -> Result<(), SaveError> {
    let failed = SaveError::Failed;
    let db = database().await.map_err(failed)?;
    let value = serde_wasm_bindgen::to_value(record).map_err(|e| failed(e.to_string()))?;
    let tx = transaction(&db, &[DOCUMENTS, META], IdbTransactionMode::Readwrite).map_err(failed)?;
    let documents = store(&tx, DOCUMENTS).map_err(failed)?;
    let meta = store(&tx, META).map_err(failed)?;
    let id = JsValue::from_str(&record.id);
    let get = documents.get(&id).map_err(|e| failed(describe(e)))?;
    let conflict = Rc::new(Cell::new(None));
    let on_read = {
        let (tx, conflict, get) = (tx.clone(), conflict.clone(), get.clone());
        Closure::once_into_js(move || {
            let stored = get.result().unwrap_or(JsValue::UNDEFINED);
            match generation_of(&stored) {
                Some(generation) if generation != expected => {
                    conflict.set(Some(generation));
                    let _ = tx.abort();
                }
                _ => {
                    let _ = documents.put_with_key(&value, &id);
                    if make_current {
                        let _ = meta.put_with_key(&id, &JsValue::from_str(CURRENT));
                    }
                    commit_now(&tx);
                }
            }
        })
    };
    get.set_onsuccess(Some(on_read.unchecked_ref()));
    let result = committed(&tx).await;
    match (conflict.get(), result) {
        (Some(generation), _) => Err(SaveError::Conflict(generation)),
        (None, result) => result.map_err(failed),
    }
}

/// Makes `id` the document the page opens next time.
pub async fn set_current(id: &str) -> Result<(), String> {
    let db = database().await?;
    let tx = transaction(&db, &[META], IdbTransactionMode::Readwrite)?;
    store(&tx, META)?
        .put_with_key(&JsValue::from_str(id), &JsValue::from_str(CURRENT))
        .map_err(describe)?;
    committed(&tx).await
}

/// The value stored under `key` in `name` (undefined when there is none), in a read-only
/// transaction of its own.
async fn read(name: &str, key: &JsValue) -> Result<JsValue, String> {
    let db = database().await?;
    let tx = transaction(&db, &[name], IdbTransactionMode::Readonly)?;
    finish(&store(&tx, name)?.get(key).map_err(describe)?).await
}

/// Every value stored in `name`, in a read-only transaction of its own.
async fn read_all(name: &str) -> Result<Array, String> {
    let db = database().await?;
    let tx = transaction(&db, &[name], IdbTransactionMode::Readonly)?;
    let all = finish(&store(&tx, name)?.get_all().map_err(describe)?).await?;
    Ok(Array::from(&all))
}

/// The id of the document that was open last, if any was saved.
pub async fn current_id() -> Result<Option<String>, String> {
    Ok(read(META, &JsValue::from_str(CURRENT)).await?.as_string())
}

pub async fn load(id: &str) -> Result<Option<StoredDocument>, String> {
    Ok(read_record(read(DOCUMENTS, &JsValue::from_str(id)).await?))
}

/// The stored generation of a document, without reading it all into Rust.
pub async fn generation(id: &str) -> Result<Option<u64>, String> {
    Ok(generation_of(
        &read(DOCUMENTS, &JsValue::from_str(id)).await?,
    ))
}

/// Every saved document of its own (not of a corpus), newest first, without the texts'
/// contents.
pub async fn list() -> Result<Vec<SavedSummary>, String> {
    let all = read_all(DOCUMENTS).await?;
    let mut out: Vec<SavedSummary> = all
        .iter()
        .filter_map(|value| {
            let field = |name: &str| Reflect::get(&value, &JsValue::from_str(name)).ok();
            if field("corpus")
                .and_then(|c| c.as_string())
                .is_some_and(|c| !c.is_empty())
            {
                return None;
            }
            Some(SavedSummary {
                id: field("id")?.as_string()?,
                name: field("name")?.as_string()?,
                saved_at: field("saved_at")?.as_f64()?,
                edits: field("edits")?.as_f64()? as usize,
                bytes: field("source")?
                    .dyn_ref::<js_sys::JsString>()
                    .map_or(0, |s| s.length() as usize),
                corpus: None,
            })
        })
        .collect();
    out.extend(corpora().await?.into_iter().map(|corpus| SavedSummary {
        corpus: Some((corpus.documents.len(), corpus.progress().0)),
        id: corpus.id,
        name: corpus.name,
        saved_at: corpus.saved_at,
        edits: 0,
        bytes: 0,
    }));
    out.sort_by(|a, b| b.saved_at.total_cmp(&a.saved_at));
    Ok(out)
}

fn version_key(doc_id: &str, saved_at: f64) -> JsValue {
    Array::of2(&JsValue::from_str(doc_id), &JsValue::from_f64(saved_at)).into()
}

/// Keys `[doc_id, any time]`.
fn versions_of(doc_id: &str) -> Result<JsValue, String> {
    IdbKeyRange::bound(
        &version_key(doc_id, f64::NEG_INFINITY),
        &version_key(doc_id, f64::INFINITY),
    )
    .map(JsValue::from)
    .map_err(describe)
}

/// A document's earlier versions, newest first.
pub async fn versions(doc_id: &str) -> Result<Vec<VersionSummary>, String> {
    let db = database().await?;
    let tx = transaction(&db, &[VERSIONS], IdbTransactionMode::Readonly)?;
    let all = finish(
        &store(&tx, VERSIONS)?
            .get_all_with_key(&versions_of(doc_id)?)
            .map_err(describe)?,
    )
    .await?;
    let mut out: Vec<VersionSummary> = Array::from(&all)
        .iter()
        .filter_map(|v| serde_wasm_bindgen::from_value(v).ok())
        .collect();
    out.sort_by(|a, b| b.saved_at.total_cmp(&a.saved_at));
    Ok(out)
}

/// The tagged text of an earlier version.
pub async fn version_text(doc_id: &str, saved_at: f64) -> Result<Option<String>, String> {
    Ok(read(VERSION_TEXTS, &version_key(doc_id, saved_at))
        .await?
        .as_string())
}

/// Keeps an earlier version of a document, then drops the oldest beyond the bounds.
pub async fn add_version(summary: &VersionSummary, text: &str) -> Result<(), String> {
    let db = database().await?;
    let tx = transaction(
        &db,
        &[VERSIONS, VERSION_TEXTS],
        IdbTransactionMode::Readwrite,
    )?;
    let key = version_key(&summary.doc_id, summary.saved_at);
    let value = serde_wasm_bindgen::to_value(summary).map_err(|e| e.to_string())?;
    store(&tx, VERSIONS)?
        .put_with_key(&value, &key)
        .map_err(describe)?;
    store(&tx, VERSION_TEXTS)?
        .put_with_key(&JsValue::from_str(text), &key)
        .map_err(describe)?;
    committed(&tx).await?;
    let all = versions(&summary.doc_id).await?;
    let over = versions_over_bounds(&all);
    if !over.is_empty() {
        let tx = transaction(
            &db,
            &[VERSIONS, VERSION_TEXTS],
            IdbTransactionMode::Readwrite,
        )?;
        for saved_at in over {
            let key = version_key(&summary.doc_id, saved_at);
            store(&tx, VERSIONS)?.delete(&key).map_err(describe)?;
            store(&tx, VERSION_TEXTS)?.delete(&key).map_err(describe)?;
        }
        committed(&tx).await?;
    }
    Ok(())
}

/// A forgotten document with everything it had, to put back if the user takes it back.
#[derive(Clone, Debug, PartialEq)]
pub struct Forgotten {
    pub record: StoredDocument,
    pub versions: Vec<(VersionSummary, String)>,
}

/// Deletes a document and its versions; returns them, so that forgetting can be undone.
pub async fn forget(id: &str) -> Result<Option<Forgotten>, String> {
    let Some(record) = load(id).await? else {
        return Ok(None);
    };
    let mut kept = Vec::new();
    for summary in versions(id).await? {
        let text = version_text(id, summary.saved_at)
            .await?
            .unwrap_or_default();
        kept.push((summary, text));
    }
    let db = database().await?;
    let tx = transaction(
        &db,
        &[DOCUMENTS, VERSIONS, VERSION_TEXTS],
        IdbTransactionMode::Readwrite,
    )?;
    delete_document(&tx, id)?;
    committed(&tx).await?;
    Ok(Some(Forgotten {
        record,
        versions: kept,
    }))
}

/// Deletes a document and its versions in `tx` (which has their three stores).
fn delete_document(tx: &IdbTransaction, id: &str) -> Result<(), String> {
    store(tx, DOCUMENTS)?
        .delete(&JsValue::from_str(id))
        .map_err(describe)?;
    for name in [VERSIONS, VERSION_TEXTS] {
        store(tx, name)?
            .delete(&versions_of(id)?)
            .map_err(describe)?;
    }
    Ok(())
}

/// Puts a forgotten document back as it was.
pub async fn put_back(forgotten: &Forgotten) -> Result<(), String> {
    let db = database().await?;
    let tx = transaction(
        &db,
        &[DOCUMENTS, VERSIONS, VERSION_TEXTS],
        IdbTransactionMode::Readwrite,
    )?;
    let record = &forgotten.record;
    let value = serde_wasm_bindgen::to_value(record).map_err(|e| e.to_string())?;
    store(&tx, DOCUMENTS)?
        .put_with_key(&value, &JsValue::from_str(&record.id))
        .map_err(describe)?;
    for (summary, text) in &forgotten.versions {
        let key = version_key(&summary.doc_id, summary.saved_at);
        let value = serde_wasm_bindgen::to_value(summary).map_err(|e| e.to_string())?;
        store(&tx, VERSIONS)?
            .put_with_key(&value, &key)
            .map_err(describe)?;
        store(&tx, VERSION_TEXTS)?
            .put_with_key(&JsValue::from_str(text), &key)
            .map_err(describe)?;
    }
    committed(&tx).await
}

/// Saves a new corpus and its documents in one transaction, and makes its first document the
/// current one: a corpus is kept whole or not at all.
pub async fn add_corpus(corpus: &StoredCorpus, documents: &[StoredDocument]) -> Result<(), String> {
    let db = database().await?;
    let tx = transaction(
        &db,
        &[CORPORA, DOCUMENTS, META],
        IdbTransactionMode::Readwrite,
    )?;
    let records = store(&tx, DOCUMENTS)?;
    for record in documents {
        let value = serde_wasm_bindgen::to_value(record).map_err(|e| e.to_string())?;
        records
            .put_with_key(&value, &JsValue::from_str(&record.id))
            .map_err(describe)?;
    }
    let value = serde_wasm_bindgen::to_value(corpus).map_err(|e| e.to_string())?;
    store(&tx, CORPORA)?
        .put_with_key(&value, &JsValue::from_str(&corpus.id))
        .map_err(describe)?;
    store(&tx, META)?
        .put_with_key(
            &JsValue::from_str(&corpus.open),
            &JsValue::from_str(CURRENT),
        )
        .map_err(describe)?;
    committed(&tx).await
}

/// Stores what a tab changed in a corpus (see `StoredCorpus::changes_since`): read, merged and
/// written in one transaction, so two tabs never write over each other's members. A corpus no
/// longer stored stays removed.
pub async fn update_corpus(changes: &StoredCorpus) -> Result<(), String> {
    let db = database().await?;
    let tx = transaction(&db, &[CORPORA], IdbTransactionMode::Readwrite)?;
    let corpora = store(&tx, CORPORA)?;
    let key = JsValue::from_str(&changes.id);
    let get = corpora.get(&key).map_err(describe)?;
    let on_read = {
        let (tx, get, changes) = (tx.clone(), get.clone(), changes.clone());
        Closure::once_into_js(move || {
            let stored = get.result().unwrap_or(JsValue::UNDEFINED);
            if let Ok(mut corpus) = serde_wasm_bindgen::from_value::<StoredCorpus>(stored) {
                corpus.merge(&changes);
                let put = serde_wasm_bindgen::to_value(&corpus)
                    .ok()
                    .and_then(|value| corpora.put_with_key(&value, &key).ok());
                // A write refused is no write: the caller keeps what it could not store.
                if put.is_none() {
                    let _ = tx.abort();
                    return;
                }
            }
            commit_now(&tx);
        })
    };
    get.set_onsuccess(Some(on_read.unchecked_ref()));
    committed(&tx).await
}

pub async fn load_corpus(id: &str) -> Result<Option<StoredCorpus>, String> {
    let value = read(CORPORA, &JsValue::from_str(id)).await?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    serde_wasm_bindgen::from_value(value)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Every corpus kept, newest first.
pub async fn corpora() -> Result<Vec<StoredCorpus>, String> {
    let all = read_all(CORPORA).await?;
    let mut out: Vec<StoredCorpus> = all
        .iter()
        .filter_map(|value| serde_wasm_bindgen::from_value(value).ok())
        .collect();
    out.sort_by(|a, b| b.saved_at.total_cmp(&a.saved_at));
    Ok(out)
}

/// Every document of a corpus, in the corpus's order, read in one transaction.
pub async fn corpus_documents(corpus: &StoredCorpus) -> Result<Vec<StoredDocument>, String> {
    let all = read_all(DOCUMENTS).await?;
    let mut of_corpus: std::collections::HashMap<String, StoredDocument> = all
        .iter()
        .filter(|value| {
            Reflect::get(value, &JsValue::from_str("corpus"))
                .ok()
                .and_then(|c| c.as_string())
                .is_some_and(|c| c == corpus.id)
        })
        .filter_map(read_record)
        .map(|record| (record.id.clone(), record))
        .collect();
    Ok(corpus
        .documents
        .iter()
        .filter_map(|member| of_corpus.remove(&member.id))
        .collect())
}

/// Deletes a corpus with its documents and their versions (the page asks first).
pub async fn forget_corpus(id: &str) -> Result<(), String> {
    let Some(corpus) = load_corpus(id).await? else {
        return Ok(());
    };
    let db = database().await?;
    let tx = transaction(
        &db,
        &[CORPORA, DOCUMENTS, VERSIONS, VERSION_TEXTS],
        IdbTransactionMode::Readwrite,
    )?;
    for member in &corpus.documents {
        delete_document(&tx, &member.id)?;
    }
    store(&tx, CORPORA)?
        .delete(&JsValue::from_str(id))
        .map_err(describe)?;
    committed(&tx).await
}
