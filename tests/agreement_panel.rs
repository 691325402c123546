//! The agreement panel mounted alone in headless Chromium, and a line of the text with its
//! disagreement marks. Native builds skip this file.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use connectives_core::adjudicate::{Choice, Comparison};
use connectives_core::parse;
use connectives_web::comparing::marks_by_line;
use connectives_web::components::agreement_panel::{AgreementPanel, AgreementPanelProps};
use connectives_web::components::line_view::{LineView, LineViewProps};
use connectives_web::i18n::Lang;
use connectives_web::pair_numbers::PairNumbers;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

// A: 但 only here, 也 a candidate; B: 也 a member, 好 only there, 虽然 (A) against 虽 (B).
const A: &str = "<cand>但</cand>是他来了，<cand>虽然</cand>下雨。\n<cand>也</cand>好。\n";
const B: &str = "但是他来了，<cand>虽</cand>然下雨。\n<a>也</a><cand>好</cand>。\n";

fn comparison() -> Comparison {
    Comparison::of_document("a.txt", &parse(A), "b.txt", B).expect("same text")
}

fn root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn one(root: &Element, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap()
}

fn text(root: &Element, id: &str) -> String {
    one(root, &format!("[data-testid={id}]"))
        .text_content()
        .unwrap_or_default()
}

#[derive(Default)]
struct Calls {
    steps: Vec<bool>,
    decisions: Vec<(Choice, bool)>,
    exports: Vec<bool>,
}

async fn mount(comparison: Option<Comparison>) -> (Element, Rc<RefCell<Calls>>) {
    let root = root();
    let calls: Rc<RefCell<Calls>> = Rc::default();
    let props = AgreementPanelProps {
        lang: Lang::En,
        doc: Rc::new(parse(A)),
        comparison: comparison.map(Rc::new),
        corpus: false,
        on_compare: yew::Callback::noop(),
        on_step: {
            let calls = calls.clone();
            yew::Callback::from(move |forward| calls.borrow_mut().steps.push(forward))
        },
        on_decide: {
            let calls = calls.clone();
            yew::Callback::from(move |d| calls.borrow_mut().decisions.push(d))
        },
        on_export: {
            let calls = calls.clone();
            yew::Callback::from(move |json| calls.borrow_mut().exports.push(json))
        },
        on_close: yew::Callback::noop(),
    };
    yew::Renderer::<AgreementPanel>::with_root_and_props(root.clone(), props).render();
    yew::platform::time::sleep(Duration::from_millis(30)).await;
    (root, calls)
}

#[wasm_bindgen_test]
async fn before_comparing_only_the_file_input_shows() {
    let (root, _) = mount(None).await;
    assert!(root
        .query_selector("[data-testid=compare-file]")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("[data-testid=agreement]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn the_figures_and_the_open_count_are_the_comparison_s() {
    let (root, _) = mount(Some(comparison())).await;
    // A: 但, 虽然, 也 (3 spans); B: 虽, 也, 好 (3). Same boundaries: 也 only, so span F1 =
    // 2·1/6; same kind: none. Overlap: 但 none, 虽然–虽, 也–也: 2 of 3 each side.
    assert_eq!(text(&root, "agree-span-f1"), "0.333");
    assert_eq!(text(&root, "agree-labelled-f1"), "0.000");
    assert_eq!(text(&root, "agree-overlap-f1"), "0.667");
    assert_eq!(text(&root, "agree-only-a"), "2");
    assert_eq!(text(&root, "agree-only-b"), "2");
    // Only A 但, boundary 虽然/虽, kind 也, only B 好.
    assert_eq!(text(&root, "disagreements-left"), "4");
}

#[wasm_bindgen_test]
async fn the_buttons_say_what_they_settle() {
    let (root, calls) = mount(Some(comparison())).await;
    for id in [
        "next-disagreement",
        "prev-disagreement",
        "accept-a",
        "accept-b",
        "accept-none",
    ] {
        one(&root, &format!("[data-testid={id}]")).click();
    }
    one(&root, "[data-testid=accept-all-b]").click();
    one(&root, "[data-testid=agreement-export-json]").click();
    let calls = calls.borrow();
    assert_eq!(calls.steps, [true, false]);
    assert_eq!(
        calls.decisions,
        [
            (Choice::A, false),
            (Choice::B, false),
            (Choice::Neither, false),
            (Choice::B, true)
        ]
    );
    assert_eq!(calls.exports, [true]);
}

#[wasm_bindgen_test]
async fn a_line_shows_each_disagreement_of_its_own_kind() {
    let comparison = comparison();
    let session = comparison.session().unwrap();
    let doc = Rc::new(parse(A));
    let marks = marks_by_line(&doc, session);
    let root = root();
    let props = LineViewProps {
        lexicon: connectives_web::lexicon::builtin(),
        suggestions: None,
        doc: doc.clone(),
        numbers: Rc::new(PairNumbers::in_document_order(&doc)),
        index: 1,
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
        parts: None,
        shown: 0..0,
        disagreements: marks.get(&1).cloned().map(Rc::new),
        focus: None,
    };
    yew::Renderer::<LineView>::with_root_and_props(root.clone(), props).render();
    yew::platform::time::sleep(Duration::from_millis(30)).await;
    let kind = one(&root, "[data-disagreement=kind]");
    assert_eq!(kind.text_content().as_deref(), Some("也"));
    assert_eq!(
        kind.get_attribute("data-other-kind").as_deref(),
        Some("member")
    );
    let only_b = one(&root, "mark[data-disagreement=only-b]");
    assert_eq!(only_b.text_content().as_deref(), Some("好"));
    assert!(only_b.class_list().contains("other-version"));
    // The text stays whole: B's mark is drawn over it, not added to it.
    assert_eq!(root.text_content().unwrap(), "2也好。");
}
