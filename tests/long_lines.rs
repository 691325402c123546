//! What keeps hostile documents quick, mounted alone in headless Chromium: a long problems list
//! renders only its rows in view, and a line in parts renders only the parts it is asked to.
//! Native builds skip this file.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use connectives_core::{parse, Document};
use connectives_web::components::line_view::{LineView, LineViewProps};
use connectives_web::components::problems::{Problems, ProblemsProps, LIST_FULL_LIMIT};
use connectives_web::i18n::Lang;
use connectives_web::segments::LineParts;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(50)).await;
}

/// A fresh element to mount in, with the page's stylesheet in the document (the list's box
/// and its rows' height come from it).
fn new_root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    if document.get_element_by_id("page-style").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("page-style");
        style.set_text_content(Some(include_str!("../www/style.css")));
        document.head().unwrap().append_child(&style).unwrap();
    }
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

/// Mounts the problems list of `doc`; returns the root and the indices it reported chosen.
async fn mount_problems(
    doc: Document,
    chosen: Option<usize>,
) -> (Element, Rc<RefCell<Vec<usize>>>) {
    let root = new_root();
    let reported: Rc<RefCell<Vec<usize>>> = Rc::default();
    let props = ProblemsProps {
        doc: Rc::new(doc),
        lang: Lang::En,
        chosen,
        on_choose: {
            let reported = reported.clone();
            yew::Callback::from(move |index| reported.borrow_mut().push(index))
        },
    };
    yew::Renderer::<Problems>::with_root_and_props(root.clone(), props).render();
    settle().await;
    (root, reported)
}

fn strays(n: usize) -> Document {
    parse(&"</cand>".repeat(n))
}

#[wasm_bindgen_test]
async fn a_short_problems_list_renders_every_row() {
    let (root, _) = mount_problems(strays(LIST_FULL_LIMIT), None).await;
    assert_eq!(count(&root, "li.problem-item"), LIST_FULL_LIMIT as u32);
    assert_eq!(count(&root, "li.spacer"), 0);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_long_problems_list_renders_only_the_rows_in_view_and_keeps_its_height() {
    let (root, reported) = mount_problems(strays(5_000), None).await;
    let count_badge = find(&root, "[data-testid=problems-count]").unwrap();
    assert_eq!(count_badge.text_content().as_deref(), Some("5000"));
    let rows = count(&root, "li.problem-item");
    assert!(rows > 10 && rows < 200, "{rows} rows rendered");
    assert!(find(&root, "button[data-problem=\"0\"]").is_some());
    assert!(find(&root, "button[data-problem=\"4999\"]").is_none());
    let list = find(&root, "[data-testid=problem-list]").unwrap();
    assert!(
        list.scroll_height() >= 5_000 * 32,
        "the list is as tall as every row"
    );
    assert!(list.client_height() < 2_000, "and scrolls within its box");

    // Scrolled to the end, the last rows are rendered, and a click reports its index.
    list.set_scroll_top(list.scroll_height());
    list.dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    settle().await;
    let last = find(&root, "button[data-problem=\"4999\"]").expect("the last row");
    last.dyn_ref::<web_sys::HtmlElement>().unwrap().click();
    assert_eq!(*reported.borrow(), [4999]);
    assert!(find(&root, "button[data-problem=\"0\"]").is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn a_chosen_problem_far_down_the_list_is_scrolled_into_view() {
    let (root, _) = mount_problems(strays(5_000), Some(4_321)).await;
    let row = find(&root, "li.chosen button[data-problem=\"4321\"]").expect("the chosen row");
    let list = find(&root, "[data-testid=problem-list]").unwrap();
    let (outer, inner) = (
        list.get_bounding_client_rect(),
        row.get_bounding_client_rect(),
    );
    assert!(inner.top() >= outer.top() && inner.bottom() <= outer.bottom());
    assert_eq!(
        row.get_attribute("title")
            .as_deref()
            .map(|t| t.starts_with("1:")),
        Some(true)
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_line_in_parts_renders_only_the_parts_shown_each_saying_where_it_starts() {
    // 𠮷 is four bytes and two UTF-16 units; one long member runs across parts.
    let source = format!(
        "{}<a>{}</a>{}",
        "𠮷".repeat(1_500),
        "虽".repeat(12_000),
        "𠮷".repeat(1_500)
    );
    let doc = Rc::new(parse(&source));
    let parts = Rc::new(LineParts::of(&doc, 0).expect("a long line has parts"));
    assert!(parts.ranges.len() > 6);
    let root = new_root();
    let props = LineViewProps {
        lexicon: connectives_web::lexicon::builtin(),
        suggestions: None,
        numbers: Rc::new(connectives_web::pair_numbers::PairNumbers::in_document_order(&doc)),
        doc: doc.clone(),
        index: 0,
        lang: Lang::En,
        chosen: None,
        active: None,
        current: None,
        selected: None,
        linking: None,
        matches: Rc::default(),
        line_matches: 0..0,
        current_match: None,
        entry: Vec::new(),
        parts: Some(parts.clone()),
        shown: 2..4,
        disagreements: None,
        focus: None,
    };
    yew::Renderer::<LineView>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let shown = root.query_selector_all(".line-text[data-part]").unwrap();
    assert_eq!(shown.length(), 2);
    for (i, k) in [2usize, 3].into_iter().enumerate() {
        let part: Element = shown.item(i as u32).unwrap().dyn_into().unwrap();
        assert_eq!(part.get_attribute("data-part"), Some(k.to_string()));
        assert_eq!(
            part.get_attribute("data-offset"),
            Some(parts.utf16_starts[k].to_string())
        );
        assert_eq!(
            part.text_content().unwrap(),
            doc.text[parts.ranges[k].clone()]
        );
    }
    assert_eq!(
        count(&root, "#line-1"),
        1,
        "one line, whichever parts it shows"
    );
    // The member is longer than PART_MAX_BYTES: its pieces in both parts are the same span.
    assert_eq!(count(&root, "[data-span-id=\"0\"][data-kind=member]"), 2);
    root.remove();
}
