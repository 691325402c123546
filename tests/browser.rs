//! Components in a real headless Chromium (wasm-bindgen-test). Native builds skip this file.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use connectives_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app in a fresh element and lets Yew render.
async fn mount_app() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    root
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
async fn app_renders_every_candidate_and_member_of_the_example() {
    let root = mount_app().await;
    assert_eq!(count(&root, "[data-kind=candidate]"), 24);
    assert_eq!(count(&root, "[data-kind=member]"), 16);
    assert_eq!(count(&root, ".line"), 33);
    root.remove();
}

#[wasm_bindgen_test]
async fn tags_are_not_shown_and_members_carry_their_pair() {
    let root = mount_app().await;
    let text = root
        .query_selector(".document")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .inner_text();
    assert!(!text.contains("<cand>") && !text.contains("<a>"));
    let members = root.query_selector_all("[data-kind=member]").unwrap();
    for i in 0..members.length() {
        let member: Element = members.item(i).unwrap().dyn_into().unwrap();
        assert!(
            member.get_attribute("data-pair-id").is_some(),
            "every member of the example is paired"
        );
        assert!(member.get_attribute("data-span-id").is_some());
    }
    assert_eq!(
        root.query_selector("[data-testid=count-pairs]")
            .unwrap()
            .unwrap()
            .text_content()
            .as_deref(),
        Some("8")
    );
    root.remove();
}

/// Lets Yew re-render after an event.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

fn mouse_over(element: &Element) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("mouseover", &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn hovering_a_member_lights_its_partner_and_draws_its_arc() {
    let root = mount_app().await;
    let members = root
        .query_selector_all("#line-10 [data-kind=member]")
        .unwrap();
    let first: Element = members.item(0).unwrap().dyn_into().unwrap();
    let second: Element = members.item(1).unwrap().dyn_into().unwrap();
    assert!(!second.class_list().contains("lit"));
    mouse_over(&first);
    settle().await;
    assert!(second.class_list().contains("lit"), "the partner is lit");
    // The arc is measured after the layout, in an effect a render later: wait for it (a
    // loaded machine takes longer than one settle).
    for _ in 0..50 {
        if count(&root, "path.arc") > 0 {
            break;
        }
        settle().await;
    }
    let arcs = root.query_selector_all("path.arc").unwrap();
    assert_eq!(arcs.length(), 1);
    let arc: Element = arcs.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(
        arc.get_attribute("data-pair-id"),
        first.get_attribute("data-pair-id")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn the_search_box_marks_and_counts_matches() {
    let root = mount_app().await;
    let input: web_sys::HtmlInputElement = root
        .query_selector("[data-testid=search]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value("中亚");
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    settle().await;
    let expected = connectives_core::parse(connectives_web::EXAMPLE_SOURCE)
        .text
        .matches("中亚")
        .count();
    let count = root
        .query_selector("[data-testid=match-count]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(count, expected.to_string());
    assert_eq!(
        root.query_selector_all("mark.match").unwrap().length() as usize,
        expected
    );
    root.remove();
}

fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

fn attribute(root: &Element, selector: &str, name: &str) -> Option<String> {
    root.query_selector(selector).unwrap()?.get_attribute(name)
}

#[wasm_bindgen_test]
async fn the_presenter_shows_one_line_and_reveals_a_pair_press_by_press() {
    let root = mount_app().await;
    click(&root, "[data-testid=present]");
    settle().await;
    assert_eq!(count(&root, ".line"), 0, "the reading view makes way");
    let presenter = "[data-testid=presenter]";
    assert_eq!(
        attribute(&root, presenter, "data-line").as_deref(),
        Some("10")
    );
    click(&root, "[data-testid=present-candidates]");
    settle().await;
    let on_stage = |kind: &str| {
        count(
            &root,
            &format!("[data-testid=presented-line] [data-kind={kind}]"),
        )
    };
    assert_eq!((on_stage("member"), on_stage("candidate")), (0, 0));
    // A press of the remote: the first member, then its partner.
    for expected in [1, 2] {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("PageDown");
        let event =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        web_sys::window().unwrap().dispatch_event(&event).unwrap();
        settle().await;
        assert_eq!(on_stage("member"), expected);
    }
    assert_eq!(on_stage("candidate"), 0, "candidates hidden");
    let members = root
        .query_selector_all("[data-testid=presented-line] [data-kind=member]")
        .unwrap();
    let text = |i| members.item(i).unwrap().text_content().unwrap();
    assert_eq!((text(0), text(1)), ("虽然".to_string(), "但".to_string()));
    let hash = || web_sys::window().unwrap().location().hash().unwrap();
    assert_eq!(hash(), "#line=10&mode=reveal&lines=pairs&candidates=hidden");
    click(&root, "[data-testid=present-exit]");
    // Leaving removes the fragment (the next app mounted here would present otherwise).
    for _ in 0..50 {
        if hash().is_empty() {
            break;
        }
        settle().await;
    }
    assert_eq!(hash(), "");
    assert_eq!(count(&root, presenter), 0);
    assert_eq!(count(&root, ".line"), 33);
    root.remove();
}

#[wasm_bindgen_test]
fn keys_are_shortcuts_on_a_file_chooser_checkbox_or_select_and_text_in_a_text_field() {
    let document = web_sys::window().unwrap().document().unwrap();
    let holder = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&holder).unwrap();
    let cases = [
        // After Open… the file input keeps the focus: the next key must reach the page.
        ("<input type=file>", false),
        ("<input type=checkbox>", false),
        ("<button>b</button>", false),
        ("<p>text</p>", false),
        ("<input>", true),
        ("<input type=search>", true),
        ("<input type=number>", true),
        ("<textarea></textarea>", true),
        // The line filter keeps the focus after a choice: letters are the page's, not type-ahead.
        ("<select></select>", false),
        ("<div contenteditable=true></div>", true),
    ];
    for (html, typing) in cases {
        holder.set_inner_html(html);
        let target: web_sys::EventTarget = holder.first_element_child().unwrap().into();
        assert_eq!(
            connectives_web::browser::is_typing(Some(target)),
            typing,
            "{html}"
        );
    }
    holder.remove();
}

/// Selects the first two characters of the first unmarked text of line `number`.
fn select_unmarked_text(root: &Element, number: usize) -> String {
    let text = root
        .query_selector(&format!("#line-{number} .line-text"))
        .unwrap()
        .unwrap();
    let nodes = text.child_nodes();
    let node = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .find(|n| n.node_type() == web_sys::Node::TEXT_NODE)
        .expect("line has unmarked text");
    let document = web_sys::window().unwrap().document().unwrap();
    let range = document.create_range().unwrap();
    range.set_start(&node, 0).unwrap();
    range.set_end(&node, 2).unwrap();
    let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    selection.remove_all_ranges().unwrap();
    selection.add_range(&range).unwrap();
    String::from(range.to_string())
}

#[wasm_bindgen_test]
async fn a_selection_gets_mark_buttons_beside_it_and_in_the_panel_that_mark_it() {
    let root = mount_app().await;
    let candidates = count(&root, "[data-kind=candidate]");
    let selected = select_unmarked_text(&root, 1);
    settle().await;
    assert_eq!(
        count(&root, ".selection-marks [data-testid=mark-candidate]"),
        1
    );
    assert_eq!(count(&root, ".edit-panel [data-testid=mark-member]"), 1);
    let panel_text = root
        .query_selector("[data-testid=text-selection]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    assert!(panel_text.contains(&selected), "{panel_text}");
    let button: HtmlElement = root
        .query_selector(".selection-marks [data-testid=mark-candidate]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    // A keyboard's click: Enter on the focused button.
    button.click();
    settle().await;
    assert_eq!(count(&root, "[data-kind=candidate]"), candidates + 1);
    let marked = root
        .query_selector("#line-1 [data-kind=candidate]")
        .unwrap()
        .unwrap()
        .text_content();
    assert_eq!(marked.as_deref(), Some(selected.as_str()));
    assert_eq!(
        count(&root, ".selection-marks"),
        0,
        "the selection is used up"
    );
    root.remove();
}

/// A dropped folder's entries, as the browser's FileSystemEntry objects behave: a directory
/// gives its children in batches through `readEntries` (an empty batch at the end), a file
/// gives its `File` through `file()`.
const FAKE_ENTRIES: &str = r#"
const file = (path, text) => ({
  isFile: true, isDirectory: false, fullPath: path,
  file(ok) { setTimeout(() => ok(new File([text], path.split('/').pop())), 0); },
});
const folder = (path, batches) => ({
  isFile: false, isDirectory: true, fullPath: path,
  createReader() {
    let i = 0;
    return { readEntries(ok) { setTimeout(() => ok(batches[i++] ?? []), 0); } };
  },
});
return [folder('/cdtb', [
  [file('/cdtb/a.txt', '甲'), folder('/cdtb/sub', [[file('/cdtb/sub/b.txt', '乙')]])],
  [file('/cdtb/notes.md', '#')],
])];
"#;

#[wasm_bindgen_test]
async fn a_dropped_folder_gives_every_file_inside_however_deep_named_by_its_path() {
    let entries: js_sys::Array = js_sys::Function::new_no_args(FAKE_ENTRIES)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap()
        .into();
    let files = connectives_web::browser::files_in_entries(entries.iter().collect()).await;
    let mut names: Vec<(String, String)> = files
        .iter()
        .map(|(path, file)| (path.clone(), file.name()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ("cdtb/a.txt".to_string(), "a.txt".to_string()),
            ("cdtb/notes.md".to_string(), "notes.md".to_string()),
            ("cdtb/sub/b.txt".to_string(), "b.txt".to_string()),
        ]
    );
}
