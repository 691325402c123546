//! The corpus search results mounted alone in headless Chromium. Native builds skip this file.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use connectives_core::corpus_search::{hits_from_ranges, search_corpus, CorpusHits};
use connectives_core::parse;
use connectives_web::components::corpus_search::{CorpusSearch, CorpusSearchProps};
use connectives_web::i18n::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

type Chosen = Rc<RefCell<Vec<usize>>>;

struct Mounted {
    root: Element,
    chosen: Chosen,
}

/// Searches the documents parsed from `sources` (named `a.txt`, `b.txt`, …) and mounts the
/// results.
async fn mount(sources: &[&str], query: &str, limit: usize, lang: Lang) -> Mounted {
    let docs: Vec<_> = sources.iter().map(|s| parse(s)).collect();
    let names: Vec<String> = (0..docs.len())
        .map(|i| format!("{}.txt", char::from(b'a' + i as u8)))
        .collect();
    let named: Vec<(&str, &_)> = names.iter().map(String::as_str).zip(&docs).collect();
    mount_hits(search_corpus(&named, query, limit), names, lang, None).await
}

async fn mount_hits(
    hits: CorpusHits,
    names: Vec<String>,
    lang: Lang,
    chosen: Option<usize>,
) -> Mounted {
    let document = web_sys::window().unwrap().document().unwrap();
    // The page's stylesheet: the windowed list's box and row height come from it.
    if document.get_element_by_id("page-style").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("page-style");
        style.set_text_content(Some(include_str!("../www/style.css")));
        document.head().unwrap().append_child(&style).unwrap();
    }
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let emitted: Chosen = Rc::default();
    let props = CorpusSearchProps {
        hits: Rc::new(hits),
        names: Rc::new(names),
        lang,
        chosen,
        on_choose: {
            let emitted = emitted.clone();
            yew::Callback::from(move |index| emitted.borrow_mut().push(index))
        },
    };
    yew::Renderer::<CorpusSearch>::with_root_and_props(root.clone(), props).render();
    settle().await;
    Mounted {
        root,
        chosen: emitted,
    }
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(50)).await;
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into().unwrap())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

fn click(element: &Element) {
    element.clone().dyn_into::<HtmlElement>().unwrap().click();
}

/// Each row as (data-result, document, line, before, mark, after).
fn rows(root: &Element) -> Vec<[String; 6]> {
    all(
        root,
        "[data-testid=corpus-search-results] button[data-result]",
    )
    .iter()
    .map(|b| {
        [
            b.get_attribute("data-result").unwrap_or_default(),
            text(&one(b, ".hit-document")),
            text(&one(b, ".hit-line")),
            text(&one(b, ".hit-before")),
            text(&one(b, "mark")),
            text(&one(b, ".hit-after")),
        ]
    })
    .collect()
}

fn row(items: [&str; 6]) -> [String; 6] {
    items.map(String::from)
}

#[wasm_bindgen_test]
async fn each_hit_shows_its_document_line_and_highlighted_context() {
    let m = mount(
        &[
            "开头\n<a>虽然</a>下雨，<a>但</a>我们去了。\n",
            "没有\n",
            "<cand>但</cand>是𠮷\n",
        ],
        "但",
        100,
        Lang::En,
    )
    .await;
    assert_eq!(
        rows(&m.root),
        [
            row(["0", "a.txt", "2", "虽然下雨，", "但", "我们去了。"]),
            row(["1", "c.txt", "1", "", "但", "是𠮷"]),
        ]
    );
    assert_eq!(
        text(&one(&m.root, "[data-testid=corpus-search-count]")).trim(),
        "2 matches in 2 documents"
    );
    m.root.remove();
}

#[wasm_bindgen_test]
async fn choosing_a_result_emits_its_index() {
    let m = mount(&["也也\n", "也\n"], "也", 100, Lang::Zh).await;
    assert_eq!(
        text(&one(&m.root, "[data-testid=corpus-search-count]")).trim(),
        "2 个文档中有 3 处匹配"
    );
    click(&one(&m.root, "button[data-result='2']"));
    click(&one(&m.root, "button[data-result='0']"));
    assert_eq!(*m.chosen.borrow(), [2, 0]);
    m.root.remove();
}

#[wasm_bindgen_test]
async fn markup_in_the_text_is_shown_as_text() {
    // The parser keeps markup it does not accept as text, so `<b>` reaches the hit as
    // characters.
    let m = mount(&["<b>粗</b>但<i>x</i>\n"], "但", 100, Lang::En).await;
    let button = one(&m.root, "button[data-result='0']");
    assert!(all(&button, "b, i").is_empty(), "no element made from text");
    assert_eq!(text(&one(&button, ".hit-before")), "<b>粗</b>");
    assert_eq!(text(&one(&button, ".hit-after")), "<i>x</i>");
    m.root.remove();
}

#[wasm_bindgen_test]
async fn no_hits_say_so_and_list_nothing() {
    let m = mount(&["文字\n"], "无", 100, Lang::En).await;
    assert_eq!(
        text(&one(&m.root, "[data-testid=corpus-search-count]")).trim(),
        "No matches"
    );
    assert!(rows(&m.root).is_empty());
    let m2 = mount(&["文字\n"], "", 100, Lang::Zh).await;
    assert_eq!(
        text(&one(&m2.root, "[data-testid=corpus-search-count]")).trim(),
        "没有匹配"
    );
    m.root.remove();
    m2.root.remove();
}

#[wasm_bindgen_test]
async fn a_hundred_thousand_hits_render_only_the_rows_in_view() {
    // 100 documents of 1,000 lines, each line one hit.
    let source = "甲但乙\n".repeat(1_000);
    let sources: Vec<&str> = (0..100).map(|_| source.as_str()).collect();
    let m = mount(&sources, "但", 100_000, Lang::En).await;
    assert_eq!(
        text(&one(&m.root, "[data-testid=corpus-search-count]")).trim(),
        "100000 matches in 100 documents"
    );
    let rendered = rows(&m.root);
    assert!(
        !rendered.is_empty() && rendered.len() < 200,
        "{} rows rendered",
        rendered.len()
    );
    assert_eq!(rendered[0][0], "0");
    let list = one(&m.root, "[data-testid=corpus-search-results]");
    assert!(list.class_list().contains("windowed"));
    // Scrolling far down renders the rows there.
    list.set_scroll_top(32 * 50_000);
    list.dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    settle().await;
    let rendered = rows(&m.root);
    let indices: Vec<usize> = rendered.iter().filter_map(|r| r[0].parse().ok()).collect();
    assert!(indices.contains(&50_000), "{indices:?}");
    click(&one(&m.root, "button[data-result='50000']"));
    assert_eq!(*m.chosen.borrow(), [50_000]);
    m.root.remove();
}

#[wasm_bindgen_test]
async fn a_cut_search_says_there_are_more() {
    let m = mount(&["也也也\n"], "也", 2, Lang::En).await;
    assert_eq!(rows(&m.root).len(), 2);
    assert_eq!(
        text(&one(&m.root, "[data-testid=corpus-search-count]")).trim(),
        "2 matches in 1 document (only the first are listed; there are more)"
    );
    m.root.remove();
}

#[wasm_bindgen_test]
async fn the_chosen_hit_far_down_a_long_list_is_rendered_and_marked() {
    // Hits built from ranges, as the page does for its regex matches: every line's 但.
    let doc = parse(&"甲但乙\n".repeat(5_000));
    let ranges: Vec<_> = (0..5_000).map(|i| i * 10 + 3..i * 10 + 6).collect();
    let hits = CorpusHits {
        hits: hits_from_ranges(0, &doc, &ranges),
        cut: false,
    };
    assert_eq!(hits.hits.len(), 5_000);
    let m = mount_hits(hits, vec!["长.txt".into()], Lang::En, Some(4_321)).await;
    let chosen = one(&m.root, "li.chosen button");
    assert_eq!(chosen.get_attribute("data-result").as_deref(), Some("4321"));
    assert_eq!(
        chosen.get_attribute("aria-current").as_deref(),
        Some("true")
    );
    assert_eq!(text(&one(&chosen, ".hit-line")), "4322");
    assert_eq!(text(&one(&chosen, ".hit-document")), "长.txt");
    assert!(
        all(&m.root, "button[data-result='0']").is_empty(),
        "the top is not rendered"
    );
    m.root.remove();
}
