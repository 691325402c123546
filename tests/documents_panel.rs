//! The documents panel of a corpus mounted alone in headless Chromium. Native builds skip this
//! file.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use connectives_core::corpus::{Entry, Status};
use connectives_web::components::documents::{Documents, DocumentsProps};
use connectives_web::i18n::Lang;
use connectives_web::stored::{Step, StoredCorpus};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Default)]
struct Calls {
    opened: Vec<String>,
    steps: Vec<Step>,
    done: usize,
}

/// A corpus of `n` documents; every seventh is done, every fifth has a note, document `i`
/// has `i % 3` candidates.
fn corpus(n: usize) -> StoredCorpus {
    let entries = (0..n)
        .map(|i| Entry {
            status: if i % 7 == 0 {
                Status::Done
            } else {
                Status::New
            },
            note: if i % 5 == 0 {
                format!("note {i}")
            } else {
                String::new()
            },
            ..Entry::new(
                format!("d{i:04}.txt"),
                "<cand>也</cand>".repeat(i % 3) + "\n",
            )
        })
        .collect();
    let mut next = 0;
    StoredCorpus::of_entries("c".into(), "c".into(), entries, 1.0, || {
        next += 1;
        format!("c/{next}")
    })
    .0
}

async fn mount(
    corpus: StoredCorpus,
    open: &str,
    filter: Option<Status>,
) -> (Element, Rc<RefCell<Calls>>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let calls: Rc<RefCell<Calls>> = Rc::default();
    let record = |f: fn(&mut Calls)| {
        let calls = calls.clone();
        yew::Callback::from(move |()| f(&mut calls.borrow_mut()))
    };
    let props = DocumentsProps {
        lang: Lang::En,
        corpus: Rc::new(corpus),
        open: Some(open.to_string()),
        filter,
        on_open: {
            let calls = calls.clone();
            yew::Callback::from(move |id| calls.borrow_mut().opened.push(id))
        },
        on_step: {
            let calls = calls.clone();
            yew::Callback::from(move |step| calls.borrow_mut().steps.push(step))
        },
        on_done: record(|c| c.done += 1),
        on_note: yew::Callback::noop(),
        on_filter: yew::Callback::noop(),
    };
    yew::Renderer::<Documents>::with_root_and_props(root.clone(), props).render();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    (root, calls)
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into().unwrap())
        .collect()
}

fn one(root: &Element, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_thousand_documents_render_only_the_rows_in_view_with_their_status_counts_and_notes() {
    let (root, calls) = mount(corpus(1000), "c/1", None).await;
    let rows = all(&root, "[data-doc]");
    assert!(
        !rows.is_empty() && rows.len() < 60,
        "{} rows rendered",
        rows.len()
    );
    assert_eq!(
        one(&root, "[data-testid=corpus-progress]")
            .text_content()
            .unwrap(),
        "143 / 1000"
    );
    let first = &rows[0];
    assert_eq!(
        first.get_attribute("data-doc").as_deref(),
        Some("d0000.txt")
    );
    assert_eq!(first.get_attribute("data-status").as_deref(), Some("done"));
    assert_eq!(first.get_attribute("aria-current").as_deref(), Some("true"));
    assert!(first
        .query_selector("[data-testid=doc-note-marker]")
        .unwrap()
        .is_some());
    let second = &rows[1];
    assert_eq!(second.get_attribute("aria-current"), None);
    assert_eq!(
        second.get_attribute("data-candidates").as_deref(),
        Some("1")
    );
    assert!(second
        .query_selector("[data-testid=doc-note-marker]")
        .unwrap()
        .is_none());
    second.dyn_ref::<HtmlElement>().unwrap().click();
    assert_eq!(calls.borrow().opened, ["c/2"]);
    // The first document: no previous one; the next to do is the second.
    assert!(one(&root, "[data-testid=doc-prev]")
        .get_attribute("disabled")
        .is_some());
    one(&root, "[data-testid=doc-next-todo]").click();
    one(&root, "[data-testid=doc-done]").click();
    assert_eq!(calls.borrow().steps, [Step::NextToDo]);
    assert_eq!(calls.borrow().done, 1);
    assert_eq!(
        one(&root, "[data-testid=doc-done]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_status_filter_lists_only_documents_of_that_status_and_says_when_there_are_none() {
    let (root, _) = mount(corpus(30), "c/2", Some(Status::Done)).await;
    let names: Vec<String> = all(&root, "[data-doc]")
        .iter()
        .filter_map(|r| r.get_attribute("data-doc"))
        .collect();
    assert_eq!(
        names,
        [
            "d0000.txt",
            "d0007.txt",
            "d0014.txt",
            "d0021.txt",
            "d0028.txt"
        ]
    );
    root.remove();
    let (root, _) = mount(corpus(30), "c/2", Some(Status::InProgress)).await;
    assert!(all(&root, "[data-doc]").is_empty());
    assert!(root
        .text_content()
        .unwrap()
        .contains("No document has this status."));
    root.remove();
}
