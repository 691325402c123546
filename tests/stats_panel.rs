//! The statistics panel mounted alone in headless Chromium. Native builds skip this file.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use connectives_core::lexicon::Lexicon;
use connectives_core::parse;
use connectives_core::stats::{corpus_stats, CorpusStats};
use connectives_web::components::stats_panel::{StatsPanel, StatsPanelProps};
use connectives_web::i18n::Lang;
use connectives_web::state::{ChosenEntry, EntryKind};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// 也 ×3, 还 ×2, 就 ×1; 虽然…但 ×2, 不仅…而且 ×1.
const SOURCE: &str = "<cand>也</cand><cand>还</cand><a>虽然</a>x<a>但</a>\n\
    <cand>也</cand><a>不仅</a>y<a>而且</a>\n\
    <cand>就</cand><cand>还</cand><cand>也</cand><a>虽然</a>z<a>但</a>\n";

type Chosen = Rc<RefCell<Vec<(EntryKind, String)>>>;
type Steps = Rc<RefCell<Vec<bool>>>;

struct Mounted {
    root: Element,
    chosen: Chosen,
    steps: Steps,
}

/// Mounts the panel on a document parsed from `source` and lets Yew render.
async fn mount(source: &str, lang: Lang, entry: Option<ChosenEntry>) -> Mounted {
    mount_with(
        source,
        lang,
        entry,
        None,
        connectives_web::lexicon::builtin(),
    )
    .await
}

async fn mount_with(
    source: &str,
    lang: Lang,
    entry: Option<ChosenEntry>,
    corpus: Option<Rc<CorpusStats>>,
    lexicon: Rc<Lexicon>,
) -> Mounted {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let chosen: Chosen = Rc::default();
    let steps: Steps = Rc::default();
    let props = StatsPanelProps {
        corpus,
        doc: Rc::new(parse(source)),
        lexicon,
        lang,
        entry,
        on_choose: {
            let chosen = chosen.clone();
            yew::Callback::from(move |choice| chosen.borrow_mut().push(choice))
        },
        on_step: {
            let steps = steps.clone();
            yew::Callback::from(move |forward| steps.borrow_mut().push(forward))
        },
    };
    yew::Renderer::<StatsPanel>::with_root_and_props(root.clone(), props).render();
    settle().await;
    Mounted {
        root,
        chosen,
        steps,
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

/// Each row of a table as (data-entry, the count's text).
fn rows(root: &Element, table: &str) -> Vec<(String, String)> {
    all(root, &format!("[data-testid={table}] button[data-entry]"))
        .iter()
        .map(|button| {
            (
                button.get_attribute("data-entry").unwrap_or_default(),
                text(&one(button, ".freq-count")),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|&(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn click(element: &Element) {
    element.clone().dyn_into::<HtmlElement>().unwrap().click();
}

#[wasm_bindgen_test]
async fn tables_list_entries_most_frequent_first_with_their_counts() {
    let m = mount(SOURCE, Lang::Zh, None).await;
    assert_eq!(
        rows(&m.root, "freq-candidates"),
        pairs(&[("也", "×3"), ("还", "×2"), ("就", "×1")])
    );
    assert_eq!(
        rows(&m.root, "freq-pairs"),
        pairs(&[("虽然…但", "×2"), ("不仅…而且", "×1")])
    );
    let headings: Vec<String> = all(&m.root, "h2").iter().map(text).collect();
    assert!(
        headings.iter().any(|h| h.starts_with("候选词频")),
        "{headings:?}"
    );
    assert!(
        headings.iter().any(|h| h.starts_with("配对词频")),
        "{headings:?}"
    );
    m.root.remove();
}

#[wasm_bindgen_test]
async fn each_chart_has_one_bar_per_entry_labelled_in_order() {
    let m = mount(SOURCE, Lang::En, None).await;
    let candidates = one(&m.root, "[data-testid=freq-candidates] svg[role=img]");
    assert_eq!(all(&candidates, "rect.bar").len(), 3);
    let labels: Vec<String> = all(&candidates, "text.bar-label")
        .iter()
        .map(text)
        .collect();
    assert_eq!(labels, ["也", "还", "就"]);
    let counts: Vec<String> = all(&candidates, "text.bar-count")
        .iter()
        .map(text)
        .collect();
    assert_eq!(counts, ["3", "2", "1"]);
    let pairs = one(&m.root, "[data-testid=freq-pairs] svg[role=img]");
    assert_eq!(all(&pairs, "rect.bar").len(), 2);
    assert_eq!(
        pairs.get_attribute("aria-label").as_deref(),
        Some("Pair frequencies: 虽然…但 2, 不仅…而且 1")
    );
    assert_eq!(text(&one(&pairs, "title")), "Pair frequencies");
    let width = |bar: &Element| -> f64 {
        bar.get_attribute("width")
            .and_then(|w| w.parse().ok())
            .unwrap_or(f64::NAN)
    };
    let bars = all(&pairs, "rect.bar");
    assert!(
        (width(&bars[0]) - 2.0 * width(&bars[1])).abs() < 0.2,
        "bars are scaled to the counts"
    );
    m.root.remove();
}

#[wasm_bindgen_test]
async fn clicking_a_row_chooses_that_entry_of_that_table() {
    let m = mount(SOURCE, Lang::Zh, None).await;
    click(&one(
        &m.root,
        "[data-testid=freq-candidates] [data-entry='还']",
    ));
    click(&one(
        &m.root,
        "[data-testid=freq-pairs] [data-entry='不仅…而且']",
    ));
    assert_eq!(
        *m.chosen.borrow(),
        [
            (EntryKind::Candidate, "还".to_string()),
            (EntryKind::Pair, "不仅…而且".to_string()),
        ]
    );
    assert!(m.steps.borrow().is_empty());
    m.root.remove();
}

#[wasm_bindgen_test]
async fn the_chosen_entry_shows_its_position_and_steps_both_ways() {
    let entry = ChosenEntry {
        kind: EntryKind::Pair,
        text: "虽然…但".into(),
        occurrences: Rc::new(vec![2, 11]),
        index: 0,
    };
    let m = mount(SOURCE, Lang::En, Some(entry)).await;
    assert_eq!(all(&m.root, "[data-testid=entry-position]").len(), 1);
    let position = one(
        &m.root,
        "[data-testid=freq-pairs] [data-testid=entry-position]",
    );
    assert_eq!(text(&position).trim(), "1 / 2");
    let pressed: Vec<String> = all(&m.root, "button[aria-pressed=true]")
        .iter()
        .filter_map(|b| b.get_attribute("data-entry"))
        .collect();
    assert_eq!(pressed, ["虽然…但"]);
    click(&one(&m.root, "[data-testid=entry-next]"));
    click(&one(&m.root, "[data-testid=entry-prev]"));
    assert_eq!(*m.steps.borrow(), [true, false]);
    m.root.remove();
}

#[wasm_bindgen_test]
async fn a_long_table_shows_twelve_rows_until_all_are_asked_for() {
    let words = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰";
    let source: String = words.chars().map(|c| format!("<cand>{c}</cand>")).collect();
    let m = mount(&source, Lang::En, None).await;
    let shown = |m: &Mounted| rows(&m.root, "freq-candidates").len();
    assert_eq!(shown(&m), 12);
    let chart = one(&m.root, "[data-testid=freq-candidates] svg");
    assert_eq!(
        all(&chart, "rect.bar").len(),
        8,
        "the chart keeps to the top 8"
    );
    let toggle = |m: &Mounted| one(&m.root, "[data-testid=freq-candidates] .freq-toggle");
    assert_eq!(text(&toggle(&m)), "Show all (15)");
    assert_eq!(
        toggle(&m).get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    click(&toggle(&m));
    settle().await;
    assert_eq!(shown(&m), 15);
    assert_eq!(
        toggle(&m).get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert_eq!(text(&toggle(&m)), "Show fewer");
    click(&toggle(&m));
    settle().await;
    assert_eq!(shown(&m), 12);
    m.root.remove();
}

#[wasm_bindgen_test]
async fn an_empty_document_shows_empty_tables_without_charts() {
    let m = mount("", Lang::Zh, None).await;
    assert!(all(&m.root, "svg").is_empty());
    assert!(all(&m.root, "button").is_empty());
    assert_eq!(
        text(&one(&m.root, "[data-testid=freq-candidates] .empty")),
        "没有候选词。"
    );
    assert_eq!(
        text(&one(&m.root, "[data-testid=freq-pairs] .empty")),
        "没有配对。"
    );
    m.root.remove();
}

/// The panel's document and two more: 也 ×5 in 3 documents, 还 ×2, 就 ×1; 虽然…但 ×3.
fn corpus() -> Rc<CorpusStats> {
    let docs = [
        parse(SOURCE),
        parse("<cand>也</cand>\n<a>虽然</a>w<a>但</a>\n"),
        parse("<cand>也</cand></a>\n"),
    ];
    Rc::new(corpus_stats(&docs))
}

#[wasm_bindgen_test]
async fn without_a_corpus_there_is_no_scope_switch() {
    let m = mount(SOURCE, Lang::En, None).await;
    assert!(all(&m.root, "[data-testid^=stats-scope]").is_empty());
    assert!(all(&m.root, "[data-testid^=corpus-count]").is_empty());
    m.root.remove();
}

#[wasm_bindgen_test]
async fn the_corpus_scope_shows_summed_counts_and_merged_tables() {
    let m = mount_with(
        SOURCE,
        Lang::En,
        None,
        Some(corpus()),
        connectives_web::lexicon::builtin(),
    )
    .await;
    let document = one(&m.root, "[data-testid=stats-scope-document]");
    assert_eq!(
        document.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(
        rows(&m.root, "freq-candidates"),
        pairs(&[("也", "×3"), ("还", "×2"), ("就", "×1")]),
        "the document's own tables first"
    );
    click(&one(&m.root, "[data-testid=stats-scope-corpus]"));
    settle().await;
    let count = |id: &str| text(&one(&m.root, &format!("[data-testid={id}]")));
    assert_eq!(count("corpus-count-documents"), "3");
    assert_eq!(count("corpus-count-candidates"), "8");
    assert_eq!(count("corpus-count-members"), "8");
    assert_eq!(count("corpus-count-pairs"), "4");
    assert_eq!(count("corpus-count-lines"), "6");
    assert_eq!(count("corpus-count-problems"), "1");
    let corpus_rows = |table: &str| -> Vec<(String, String, String)> {
        all(&m.root, &format!("[data-testid={table}] li[data-entry]"))
            .iter()
            .map(|row| {
                (
                    row.get_attribute("data-entry").unwrap_or_default(),
                    text(&one(row, ".freq-count")),
                    text(&one(row, ".freq-documents")),
                )
            })
            .collect()
    };
    let expect = |items: &[(&str, &str, &str)]| -> Vec<(String, String, String)> {
        items
            .iter()
            .map(|&(a, b, c)| (a.into(), b.into(), c.into()))
            .collect()
    };
    assert_eq!(
        corpus_rows("corpus-freq-candidates"),
        expect(&[
            ("也", "×5", "3 documents"),
            ("还", "×2", "1 document"),
            ("就", "×1", "1 document")
        ])
    );
    assert_eq!(
        corpus_rows("corpus-freq-pairs"),
        expect(&[
            ("虽然…但", "×3", "2 documents"),
            ("不仅…而且", "×1", "1 document")
        ])
    );
    let chart = one(
        &m.root,
        "[data-testid=corpus-freq-candidates] svg[role=img]",
    );
    let labels: Vec<String> = all(&chart, "text.bar-label").iter().map(text).collect();
    assert_eq!(labels, ["也", "还", "就"]);
    assert!(all(&m.root, "[data-testid=freq-candidates]").is_empty());
    click(&one(&m.root, "[data-testid=stats-scope-document]"));
    settle().await;
    assert_eq!(rows(&m.root, "freq-candidates").len(), 3);
    assert!(all(&m.root, "[data-testid=corpus-count-documents]").is_empty());
    m.root.remove();
}

#[wasm_bindgen_test]
async fn an_imported_lexicon_decides_which_pairs_are_known_and_what_they_mean() {
    // 虽然…但 is in this lexicon under a relation of its own; 不仅…而且 is not in it.
    let own = Rc::new(Lexicon::parse("虽然\t但\t评注\n").unwrap());
    let m = mount_with(SOURCE, Lang::En, None, None, own).await;
    assert_eq!(
        text(&one(&m.root, "[data-testid=lexicon-agreement]")),
        "2 pairs match the lexicon, 1 does not"
    );
    let rows: Vec<(String, String)> = all(&m.root, "[data-testid=freq-relations] li")
        .iter()
        .map(|li| {
            (
                li.get_attribute("data-relation").unwrap_or_default(),
                li.get_attribute("data-count").unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(rows, pairs(&[("评注", "2"), ("", "1")]));
    assert!(text(&one(&m.root, "[data-testid=freq-relations]")).contains("评注"));
}
