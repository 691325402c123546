//! This tab among the page's other tabs: its id (kept across reloads in sessionStorage), the
//! journal of its unsaved changes (localStorage, written synchronously after every change), the
//! heartbeat that tells other tabs it is still open, and the channel on which a tab says it
//! saved a document.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::Storage;

use crate::stored::Journal;
use crate::stored::StoredCorpus;

const TAB_KEY: &str = "connectives.tab";
const OPEN_KEY: &str = "connectives.open";
const JOURNAL_PREFIX: &str = "connectives.journal.";
const ALIVE_PREFIX: &str = "connectives.alive.";
const CORPUS_PREFIX: &str = "connectives.corpus.";
const CHANNEL: &str = "connectives";
/// A tab that has not said it is alive for this long is taken as closed.
pub const ALIVE_TIMEOUT_MS: f64 = 6_000.0;
/// How often an open tab says it is alive.
pub const HEARTBEAT_MS: u32 = 2_000;

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// This tab's id: the same after a reload, another in every other tab.
pub fn tab_id() -> String {
    let stored = session().and_then(|s| s.get_item(TAB_KEY).ok().flatten());
    if let Some(id) = stored {
        return id;
    }
    let id = format!(
        "{:x}{:06x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 16_777_216.0) as u32
    );
    if let Some(s) = session() {
        let _ = s.set_item(TAB_KEY, &id);
    }
    id
}

/// The document this tab had open before a reload.
pub fn open_document() -> Option<String> {
    session()?.get_item(OPEN_KEY).ok()?
}

pub fn set_open_document(id: &str) {
    if let Some(s) = session() {
        let _ = s.set_item(OPEN_KEY, id);
    }
}

/// Writes this tab's journal. `false` when the browser refused (storage full or off): the
/// page then asks before it is left.
pub fn write_journal(tab: &str, journal: &Journal) -> bool {
    let Some(storage) = local() else {
        return false;
    };
    storage
        .set_item(&format!("{JOURNAL_PREFIX}{tab}"), &journal.to_json())
        .is_ok()
}

/// The keys of `storage` that start with `prefix`.
fn keys_with_prefix(storage: &Storage, prefix: &str) -> Vec<String> {
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// Every journal in this browser, with the tab that wrote it.
pub fn journals() -> Vec<Journal> {
    let Some(storage) = local() else {
        return Vec::new();
    };
    keys_with_prefix(&storage, JOURNAL_PREFIX)
        .iter()
        .filter_map(|k| storage.get_item(k).ok().flatten())
        .filter_map(|json| Journal::from_json(&json))
        .collect()
}

/// Writes the open corpus's list (statuses, notes) under this tab, synchronously: a status or
/// a note changed just before the page is left is found by the next page, even if the
/// IndexedDB write had not finished. `false` when the browser refused.
pub fn write_corpus_journal(tab: &str, corpus: &StoredCorpus) -> bool {
    let (Some(storage), Ok(json)) = (local(), serde_json::to_string(corpus)) else {
        return false;
    };
    storage.set_item(&corpus_journal_key(tab), &json).is_ok()
}

/// Every corpus list written by a tab and not yet known to be stored: (its key, the list).
pub fn corpus_journals() -> Vec<(String, StoredCorpus)> {
    let Some(storage) = local() else {
        return Vec::new();
    };
    keys_with_prefix(&storage, CORPUS_PREFIX)
        .into_iter()
        .filter_map(|k| {
            let json = storage.get_item(&k).ok().flatten()?;
            Some((k, serde_json::from_str(&json).ok()?))
        })
        .collect()
}

/// Removes a corpus list once it is stored: the one under `key`, if it is still `corpus` (a
/// newer change may have been written there since).
pub fn remove_corpus_journal(key: &str, corpus: &StoredCorpus) {
    let Some(storage) = local() else {
        return;
    };
    let current = storage.get_item(key).ok().flatten();
    if current.as_deref() == serde_json::to_string(corpus).ok().as_deref() {
        let _ = storage.remove_item(key);
    }
}

/// The corpus changes written under `key`, if any.
pub fn corpus_journal(key: &str) -> Option<StoredCorpus> {
    let json = local()?.get_item(key).ok()??;
    serde_json::from_str(&json).ok()
}

/// The key this tab's corpus list is written under.
pub fn corpus_journal_key(tab: &str) -> String {
    format!("{CORPUS_PREFIX}{tab}")
}

/// Removes the journal `tab` keeps, if `writer` (a page of that tab) wrote it: a newer page
/// of the same tab may have written its own there since.
pub fn remove_journal_of(tab: &str, writer: &str) {
    let Some(storage) = local() else {
        return;
    };
    let key = format!("{JOURNAL_PREFIX}{tab}");
    let written_by = storage
        .get_item(&key)
        .ok()
        .flatten()
        .and_then(|json| Journal::from_json(&json))
        .map(|j| j.writer);
    if written_by.as_deref() == Some(writer) {
        let _ = storage.remove_item(&key);
    }
}

const LOCK_PREFIX: &str = "connectives.tab.";

fn locks() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

fn method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into()
        .ok()
}

/// Holds a Web Lock named after `tab` for as long as this page lives, where the browser has
/// Web Locks: other pages then know at once whether the tab is still open (a closed tab, or
/// a browser that was quit, holds none).
pub fn hold_lock(tab: &str) {
    let Some(locks) = locks() else {
        return;
    };
    let Some(request) = method(&locks, "request") else {
        return;
    };
    let forever = Closure::once_into_js(|_lock: JsValue| js_sys::Promise::new(&mut |_, _| {}));
    let _ = request.call2(
        &locks,
        &JsValue::from_str(&format!("{LOCK_PREFIX}{tab}")),
        &forever,
    );
}

/// The tabs that hold their lock now; `None` where the browser has no Web Locks (then the
/// heartbeat tells, a few seconds late).
pub async fn open_tabs() -> Option<Vec<String>> {
    let locks = locks()?;
    let query = method(&locks, "query")?;
    let promise: js_sys::Promise = query.call0(&locks).ok()?.dyn_into().ok()?;
    let snapshot = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let held = js_sys::Reflect::get(&snapshot, &JsValue::from_str("held")).ok()?;
    Some(
        js_sys::Array::from(&held)
            .iter()
            .filter_map(|lock| {
                js_sys::Reflect::get(&lock, &JsValue::from_str("name"))
                    .ok()?
                    .as_string()
            })
            .filter_map(|name| name.strip_prefix(LOCK_PREFIX).map(str::to_string))
            .collect(),
    )
}

/// Says that `tab` is open, now.
pub fn heartbeat(tab: &str) {
    if let Some(storage) = local() {
        let _ = storage.set_item(
            &format!("{ALIVE_PREFIX}{tab}"),
            &js_sys::Date::now().to_string(),
        );
    }
}

/// Says that `tab` is closing (its journal, if any, is then another tab's to recover).
pub fn farewell(tab: &str) {
    if let Some(storage) = local() {
        let _ = storage.remove_item(&format!("{ALIVE_PREFIX}{tab}"));
    }
}

/// Whether `tab` said it was open within the timeout.
pub fn is_alive(tab: &str) -> bool {
    let said = local()
        .and_then(|s| s.get_item(&format!("{ALIVE_PREFIX}{tab}")).ok().flatten())
        .and_then(|t| t.parse::<f64>().ok());
    said.is_some_and(|at| js_sys::Date::now() - at < ALIVE_TIMEOUT_MS)
}

/// A save announced by a tab.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedElsewhere {
    pub tab: String,
    pub doc_id: String,
    pub generation: u64,
}

/// The channel between this page's tabs; dropping it stops listening.
pub struct Channel {
    channel: web_sys::BroadcastChannel,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
}

impl Channel {
    /// Listens for saves announced by other tabs; `None` where the browser has no
    /// BroadcastChannel (the page then checks when the tab is shown again).
    pub fn open(on_saved: impl Fn(SavedElsewhere) + 'static) -> Option<Channel> {
        let channel = web_sys::BroadcastChannel::new(CHANNEL).ok()?;
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let data = event.data();
                let field = |name: &str| js_sys::Reflect::get(&data, &JsValue::from_str(name)).ok();
                let saved = (|| {
                    Some(SavedElsewhere {
                        tab: field("tab")?.as_string()?,
                        doc_id: field("doc_id")?.as_string()?,
                        generation: field("generation")?.as_f64()? as u64,
                    })
                })();
                if let Some(saved) = saved {
                    on_saved(saved);
                }
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Channel {
            channel,
            _on_message: on_message,
        })
    }

    pub fn announce(&self, saved: &SavedElsewhere) {
        let message = js_sys::Object::new();
        let set = |name: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(&message, &JsValue::from_str(name), &value);
        };
        set("tab", JsValue::from_str(&saved.tab));
        set("doc_id", JsValue::from_str(&saved.doc_id));
        set("generation", JsValue::from_f64(saved.generation as f64));
        let _ = self.channel.post_message(&message);
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

/// Asks the browser to confirm leaving the page (the `beforeunload` prompt).
pub fn ask_before_leaving(event: &web_sys::Event) {
    event.prevent_default();
    if let Some(event) = event.dyn_ref::<web_sys::BeforeUnloadEvent>() {
        event.set_return_value("unsaved");
    }
}

/// `window.confirm`: the page's question before it throws work away.
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}
