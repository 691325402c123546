//! The browser's storage in a real headless Chromium: data written by release 1 opens, a save
//! over a generation another tab replaced is refused, versions stay within their bounds, a
//! forgotten document comes back whole, and journals are kept per tab. Native builds skip it.
#![cfg(target_arch = "wasm32")]

use connectives_core::edit::Edit;
use connectives_core::journal::Change;
use connectives_web::browser::storage::{self, SaveError};
use connectives_web::browser::tabs;
use connectives_web::stored::{
    Journal, StoredCorpus, StoredDocument, VersionReason, VersionSummary, MAX_VERSIONS, SCHEMA,
};
use js_sys::{Promise, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbTransactionMode};

wasm_bindgen_test_configure!(run_in_browser);

fn factory() -> web_sys::IdbFactory {
    web_sys::window().unwrap().indexed_db().unwrap().unwrap()
}

/// Resolves when an open or delete request finishes.
async fn settle(request: &IdbOpenDbRequest) -> JsValue {
    let promise = Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |event: web_sys::Event| {
            let result = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::IdbRequest>().ok())
                .and_then(|r| r.result().ok())
                .unwrap_or(JsValue::UNDEFINED);
            let _ = resolve.call1(&JsValue::NULL, &result);
        });
        let failed = Closure::once_into_js(move || {
            let _ = reject.call0(&JsValue::NULL);
        });
        request.set_onsuccess(Some(done.unchecked_ref()));
        request.set_onerror(Some(failed.unchecked_ref()));
    });
    JsFuture::from(promise).await.expect("the request succeeds")
}

/// No database: every case starts from an empty browser.
async fn reset() {
    storage::close();
    settle(&factory().delete_database("connectives").unwrap()).await;
}

/// Writes a database exactly as release 1's storage.rs did: version 1, stores `documents`
/// (out-of-line keys) and `meta`, a record `{id, name, source, saved_at, edits}` and `current`.
async fn write_release_one(id: &str, source: &str) {
    write_old(
        1,
        &["documents", "meta"],
        id,
        &[("source", JsValue::from_str(source))],
    )
    .await
}

/// Writes a database as an older release did: IndexedDB `version`, its `stores`, and one
/// document `id` named `old.txt`, saved with 2 edits, with these fields besides.
async fn write_old(
    version: u32,
    stores: &'static [&'static str],
    id: &str,
    fields: &[(&str, JsValue)],
) {
    let request = factory().open_with_u32("connectives", version).unwrap();
    let upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        let db: IdbDatabase = event
            .target()
            .unwrap()
            .dyn_into::<web_sys::IdbRequest>()
            .unwrap()
            .result()
            .unwrap()
            .dyn_into()
            .unwrap();
        for store in stores {
            db.create_object_store(store).unwrap();
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db: IdbDatabase = settle(&request).await.dyn_into().unwrap();
    let record = js_sys::Object::new();
    for (key, value) in [
        ("id", JsValue::from_str(id)),
        ("name", JsValue::from_str("old.txt")),
        ("saved_at", JsValue::from_f64(1_764_000_000_000.0)),
        ("edits", JsValue::from_f64(2.0)),
    ]
    .iter()
    .chain(fields)
    {
        Reflect::set(&record, &JsValue::from_str(key), value).unwrap();
    }
    let tx = db
        .transaction_with_str_sequence_and_mode(
            &js_sys::Array::of2(&"documents".into(), &"meta".into()),
            IdbTransactionMode::Readwrite,
        )
        .unwrap();
    tx.object_store("documents")
        .unwrap()
        .put_with_key(&record, &JsValue::from_str(id))
        .unwrap();
    tx.object_store("meta")
        .unwrap()
        .put_with_key(&JsValue::from_str(id), &JsValue::from_str("current"))
        .unwrap();
    let done = Promise::new(&mut |resolve, _| {
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        tx.set_oncomplete(Some(ok.unchecked_ref()));
    });
    JsFuture::from(done).await.unwrap();
    db.close();
}

const OLD_SOURCE: &str = "<a>虽然</a>下雨，<a>但</a>出发。<cand>也</cand>\n";

#[wasm_bindgen_test]
async fn a_database_written_by_release_one_opens_and_saves_as_schema_two() {
    reset().await;
    write_release_one("old.txt@1", OLD_SOURCE).await;
    assert_eq!(
        storage::current_id().await.unwrap().as_deref(),
        Some("old.txt@1")
    );
    let record = storage::load("old.txt@1")
        .await
        .unwrap()
        .expect("the old record");
    assert_eq!(record.schema, SCHEMA);
    assert_eq!((record.generation, record.edits), (0, 2));
    assert_eq!(record.source, OLD_SOURCE);
    assert_eq!(record.name, "old.txt");
    assert!(storage::versions("old.txt@1").await.unwrap().is_empty());
    let listed = storage::list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].bytes, OLD_SOURCE.chars().count());

    let next = StoredDocument {
        generation: 1,
        source: "虽然下雨，但出发。<cand>也</cand>\n".into(),
        ..record.clone()
    };
    storage::save(&next, 0)
        .await
        .expect("saves over generation 0");
    assert_eq!(storage::generation("old.txt@1").await.unwrap(), Some(1));
    let again = storage::load("old.txt@1").await.unwrap().unwrap();
    assert_eq!(again, next);
}

#[wasm_bindgen_test]
async fn a_database_of_schema_two_opens_as_schema_three_and_then_keeps_corpora() {
    reset().await;
    let fields = [
        ("schema", JsValue::from_f64(2.0)),
        ("source", JsValue::from_str(OLD_SOURCE)),
        ("generation", JsValue::from_f64(7.0)),
        ("history", JsValue::from_str("")),
        ("writer", JsValue::from_str("w")),
        ("revision", JsValue::from_f64(3.0)),
        ("diagnostics", JsValue::from_str("")),
    ];
    write_old(
        2,
        &["documents", "meta", "versions", "version_texts"],
        "two@1",
        &fields,
    )
    .await;
    let record = storage::load("two@1")
        .await
        .unwrap()
        .expect("the schema 2 record");
    assert_eq!(
        (record.schema, record.generation, record.corpus.as_str()),
        (SCHEMA, 7, "")
    );
    assert_eq!(record.source, OLD_SOURCE);

    // The upgraded database keeps corpora: whole, listed beside the document, and forgotten
    // with their documents.
    let entries = vec![
        connectives_core::corpus::Entry::new("a.txt", "<cand>而</cand>甲\n"),
        connectives_core::corpus::Entry::new("b.txt", "乙\n"),
    ];
    let mut n = 0;
    let (corpus, records) =
        StoredCorpus::of_entries("c@1".into(), "c.zip".into(), entries, 2e12, || {
            n += 1;
            format!("c@1/{n}")
        });
    storage::add_corpus(&corpus, &records).await.unwrap();
    assert_eq!(
        storage::current_id().await.unwrap().as_deref(),
        Some("c@1/1")
    );
    let listed = storage::list().await.unwrap();
    let names: Vec<(&str, Option<(usize, usize)>)> =
        listed.iter().map(|s| (s.name.as_str(), s.corpus)).collect();
    assert_eq!(
        names,
        [("c.zip", Some((2, 0))), ("old.txt", None)],
        "its documents are not listed alone"
    );
    let done = corpus.with_member("c@1/2", |m| {
        m.status = connectives_core::corpus::Status::Done
    });
    storage::update_corpus(&done).await.unwrap();
    assert_eq!(
        storage::load_corpus("c@1").await.unwrap(),
        Some(done.clone())
    );
    let documents = storage::corpus_documents(&done).await.unwrap();
    assert_eq!(
        documents
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>(),
        ["a.txt", "b.txt"]
    );
    storage::forget_corpus("c@1").await.unwrap();
    assert_eq!(storage::load_corpus("c@1").await.unwrap(), None);
    assert_eq!(storage::load("c@1/1").await.unwrap(), None);
    assert!(
        storage::load("two@1").await.unwrap().is_some(),
        "the document of its own stays"
    );
}

#[wasm_bindgen_test]
async fn a_save_over_a_generation_another_tab_replaced_is_refused_and_changes_nothing() {
    reset().await;
    let first = StoredDocument {
        schema: SCHEMA,
        id: "d".into(),
        name: "d.txt".into(),
        source: OLD_SOURCE.into(),
        generation: 1,
        ..Default::default()
    };
    storage::save(&first, 0).await.unwrap();
    // Tab A saves generation 2; tab B, still on generation 1, tries the same.
    let a = StoredDocument {
        generation: 2,
        source: "甲\n".into(),
        ..first.clone()
    };
    storage::save(&a, 1).await.unwrap();
    let b = StoredDocument {
        generation: 2,
        source: "乙\n".into(),
        ..first.clone()
    };
    assert_eq!(storage::save(&b, 1).await, Err(SaveError::Conflict(2)));
    assert_eq!(storage::load("d").await.unwrap().unwrap().source, "甲\n");
    // A document another tab forgot is written again rather than lost.
    storage::forget("d").await.unwrap();
    storage::save(&b, 1)
        .await
        .expect("nothing to conflict with");
    assert_eq!(storage::load("d").await.unwrap().unwrap().source, "乙\n");
}

#[wasm_bindgen_test]
async fn versions_stay_within_their_bounds_and_a_forgotten_document_comes_back_whole() {
    reset().await;
    let record = StoredDocument {
        schema: SCHEMA,
        id: "v".into(),
        name: "v.txt".into(),
        source: OLD_SOURCE.into(),
        generation: 1,
        ..Default::default()
    };
    storage::save(&record, 0).await.unwrap();
    for i in 0..MAX_VERSIONS + 2 {
        let text = format!("{i}\n");
        let summary = VersionSummary::of("v", 1000.0 + i as f64, VersionReason::Interval, &text);
        storage::add_version(&summary, &text).await.unwrap();
    }
    let versions = storage::versions("v").await.unwrap();
    assert_eq!(versions.len(), MAX_VERSIONS);
    assert_eq!(
        versions[0].saved_at,
        1000.0 + (MAX_VERSIONS + 1) as f64,
        "newest first"
    );
    assert_eq!(
        storage::version_text("v", versions[0].saved_at)
            .await
            .unwrap()
            .as_deref(),
        Some(format!("{}\n", MAX_VERSIONS + 1).as_str())
    );
    assert_eq!(
        storage::version_text("v", 1000.0).await.unwrap(),
        None,
        "the oldest went"
    );

    let forgotten = storage::forget("v").await.unwrap().expect("it was there");
    assert_eq!(storage::load("v").await.unwrap(), None);
    assert!(storage::versions("v").await.unwrap().is_empty());
    storage::put_back(&forgotten).await.unwrap();
    assert_eq!(storage::load("v").await.unwrap(), Some(record));
    assert_eq!(storage::versions("v").await.unwrap(), versions);
}

#[wasm_bindgen_test]
fn journals_are_kept_per_tab_and_only_their_writer_removes_them() {
    let journal = Journal {
        tab: "tab-a".into(),
        writer: "tab-a.1".into(),
        doc_id: "d".into(),
        name: "d.txt".into(),
        generation: 3,
        base: None,
        changes: vec![(1, Change::Edit(Edit::Remove { span: 0 }))],
        written_at: 0.0,
    };
    assert!(tabs::write_journal("tab-a", &journal));
    let other = Journal {
        tab: "tab-b".into(),
        writer: "tab-b.1".into(),
        ..journal.clone()
    };
    assert!(tabs::write_journal("tab-b", &other));
    let found: Vec<Journal> = tabs::journals()
        .into_iter()
        .filter(|j| j.tab.starts_with("tab-"))
        .collect();
    assert_eq!(found.len(), 2);
    assert!(found.contains(&journal));
    // A later page of tab A has written its own journal: the old writer's removal keeps it.
    let later = Journal {
        writer: "tab-a.2".into(),
        ..journal.clone()
    };
    assert!(tabs::write_journal("tab-a", &later));
    tabs::remove_journal_of("tab-a", "tab-a.1");
    assert!(tabs::journals().contains(&later));
    tabs::remove_journal_of("tab-a", "tab-a.2");
    tabs::remove_journal_of("tab-b", "tab-b.1");
    assert!(!tabs::journals().iter().any(|j| j.tab.starts_with("tab-")));
    assert!(!tabs::is_alive("tab-never"));
    tabs::heartbeat("tab-now");
    assert!(tabs::is_alive("tab-now"));
    tabs::farewell("tab-now");
    assert!(!tabs::is_alive("tab-now"));
}
