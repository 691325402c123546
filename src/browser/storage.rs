//! Documents kept in the browser's IndexedDB, so that a closed tab loses nothing. One object
//! store holds every saved document (the tagged text as written by the core's writer); the
//! `current` key of the `meta` store names the one that was open last.

use js_sys::{Array, Promise, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "connectives";
const VERSION: u32 = 1;
const DOCUMENTS: &str = "documents";
const META: &str = "meta";
const CURRENT: &str = "current";

/// A document as saved: what is needed to reopen it exactly, and what the list shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedDocument {
    pub id: String,
    pub name: String,
    /// Tagged text, written by the core's writer.
    pub source: String,
    /// Milliseconds since the epoch.
    pub saved_at: f64,
    /// Edits made since the document was opened from a file.
    pub edits: usize,
}

/// The list entry of a saved document, without its text.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedSummary {
    pub id: String,
    pub name: String,
    pub saved_at: f64,
    pub edits: usize,
    pub bytes: usize,
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

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()
        .map_err(describe)?
        .ok_or("this browser gives the page no IndexedDB")?;
    let request = factory.open_with_u32(DATABASE, VERSION).map_err(describe)?;
    let upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        let db = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            let names = db.object_store_names();
            for store in [DOCUMENTS, META] {
                if !names.contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db = finish(&request).await?;
    db.dyn_into::<IdbDatabase>()
        .map_err(|_| "the database did not open".to_string())
}

fn store(
    db: &IdbDatabase,
    name: &str,
    mode: IdbTransactionMode,
) -> Result<web_sys::IdbObjectStore, String> {
    db.transaction_with_str_and_mode(name, mode)
        .and_then(|t| t.object_store(name))
        .map_err(describe)
}

/// Saves a document and makes it the current one.
pub async fn save(document: &SavedDocument) -> Result<(), String> {
    let db = open().await?;
    let value = serde_wasm_bindgen::to_value(document).map_err(|e| e.to_string())?;
    let documents = store(&db, DOCUMENTS, IdbTransactionMode::Readwrite)?;
    finish(
        &documents
            .put_with_key(&value, &JsValue::from_str(&document.id))
            .map_err(describe)?,
    )
    .await?;
    let meta = store(&db, META, IdbTransactionMode::Readwrite)?;
    finish(
        &meta
            .put_with_key(
                &JsValue::from_str(&document.id),
                &JsValue::from_str(CURRENT),
            )
            .map_err(describe)?,
    )
    .await?;
    Ok(())
}

/// The document that was open last, if any was saved.
pub async fn load_current() -> Result<Option<SavedDocument>, String> {
    let db = open().await?;
    let meta = store(&db, META, IdbTransactionMode::Readonly)?;
    let id = finish(&meta.get(&JsValue::from_str(CURRENT)).map_err(describe)?).await?;
    let Some(id) = id.as_string() else {
        return Ok(None);
    };
    load_with(&db, &id).await
}

pub async fn load(id: &str) -> Result<Option<SavedDocument>, String> {
    let db = open().await?;
    load_with(&db, id).await
}

async fn load_with(db: &IdbDatabase, id: &str) -> Result<Option<SavedDocument>, String> {
    let documents = store(db, DOCUMENTS, IdbTransactionMode::Readonly)?;
    let value = finish(&documents.get(&JsValue::from_str(id)).map_err(describe)?).await?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    serde_wasm_bindgen::from_value(value)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Every saved document, newest first, without the texts' contents.
pub async fn list() -> Result<Vec<SavedSummary>, String> {
    let db = open().await?;
    let documents = store(&db, DOCUMENTS, IdbTransactionMode::Readonly)?;
    let all = finish(&documents.get_all().map_err(describe)?).await?;
    let mut out: Vec<SavedSummary> = Array::from(&all)
        .iter()
        .filter_map(|value| {
            let field = |name: &str| Reflect::get(&value, &JsValue::from_str(name)).ok();
            Some(SavedSummary {
                id: field("id")?.as_string()?,
                name: field("name")?.as_string()?,
                saved_at: field("saved_at")?.as_f64()?,
                edits: field("edits")?.as_f64()? as usize,
                bytes: field("source")?
                    .dyn_ref::<js_sys::JsString>()
                    .map_or(0, |s| s.length() as usize),
            })
        })
        .collect();
    out.sort_by(|a, b| b.saved_at.total_cmp(&a.saved_at));
    Ok(out)
}

pub async fn remove(id: &str) -> Result<(), String> {
    let db = open().await?;
    let documents = store(&db, DOCUMENTS, IdbTransactionMode::Readwrite)?;
    finish(&documents.delete(&JsValue::from_str(id)).map_err(describe)?).await?;
    Ok(())
}
