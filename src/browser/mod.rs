//! Browser glue: every web-sys and js-sys call of the app lives under this module.

mod download;
pub mod figure;
mod files;
pub mod lessons;
mod listen;
mod presenting;
mod search;
pub mod selecting;
pub mod storage;
pub mod tabs;

pub use download::{copy_text, download};
pub use files::{decode_as, read_bytes, take_chosen_files, ReadFile};
pub use listen::Listener;
pub use presenting::{
    clicked_offset, focus_element, fragment, set_fragment, toggle_full_screen, viewport_size,
};
pub use search::regex_matches;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, EventTarget, HtmlElement};

use crate::arcs::Rect;

const LANG_KEY: &str = "connectives.lang";
/// The imported lexicon (`lexicon::KeptLexicon` as JSON); absent for the built-in one.
pub const LEXICON_KEY: &str = "connectives.lexicon";

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Whether the page is on screen (not in a background tab or minimised).
pub fn is_visible() -> bool {
    document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Sets the tab's title.
pub fn set_title(title: &str) {
    if let Some(document) = document() {
        document.set_title(title);
    }
}

/// Sets `<html lang>`, so screen readers and fonts follow the interface language.
pub fn set_document_lang(code: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", code);
    }
}

/// The interface language the user chose before, if storage works.
pub fn stored_lang() -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(LANG_KEY).ok()?
}

/// Remembers the interface language; without storage it is simply not remembered.
pub fn store_lang(code: &str) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(LANG_KEY, code);
    }
}

/// The imported lexicon kept in this browser, as `lexicon::KeptLexicon` JSON.
pub fn kept_lexicon() -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(LEXICON_KEY).ok()?
}

/// Keeps an imported lexicon (`Some(json)`) or goes back to the built-in one (`None`). Fails
/// with the browser's reason when storage is off or full.
pub fn keep_lexicon(json: Option<&str>) -> Result<(), String> {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or("this browser gives the page no storage")?;
    match json {
        Some(json) => storage.set_item(LEXICON_KEY, json),
        None => storage.remove_item(LEXICON_KEY),
    }
    .map_err(|e| error_words(&e, "the lexicon could not be kept"))
}

/// The key a `storage` event is about (`None` when all of storage was cleared).
pub fn storage_event_key(event: &web_sys::Event) -> Option<String> {
    js_sys::Reflect::get(event, &JsValue::from_str("key"))
        .ok()?
        .as_string()
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let mut out: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if out.is_empty() {
        out.extend(navigator.language());
    }
    out
}

/// The number in `attribute` of the element matching `selector` that an event target is in.
fn number_in(target: Option<EventTarget>, selector: &str, attribute: &str) -> Option<usize> {
    let element: Element = target?.dyn_into().ok()?;
    element
        .closest(selector)
        .ok()??
        .get_attribute(attribute)?
        .parse()
        .ok()
}

/// A JavaScript error in words: its message, or the string thrown, else `otherwise`.
fn error_words(error: &wasm_bindgen::JsValue, otherwise: &str) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| otherwise.to_string())
}

/// The span an event target is in, if any.
pub fn span_of(target: Option<EventTarget>) -> Option<usize> {
    number_in(target, "[data-span-id]", "data-span-id")
}

/// The disagreement (while comparing) a target is the mark of, if any.
pub fn disagreement_of(target: Option<EventTarget>) -> Option<usize> {
    number_in(
        target,
        "[data-disagreement-index]",
        "data-disagreement-index",
    )
}

/// The suggestion an event target is in, if any.
pub fn suggestion_of(target: Option<EventTarget>) -> Option<usize> {
    number_in(target, "[data-suggestion]", "data-suggestion")
}

/// The text selected in the document, as (0-based line, UTF-16 start, UTF-16 end) within
/// that line's text; `None` without a selection, or one across lines (or across the parts of
/// a line rendered in parts).
pub fn selected_text_range() -> Option<(usize, usize, usize)> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let line_text = |node: web_sys::Node| -> Option<Element> {
        let element = match node.dyn_ref::<Element>() {
            Some(e) => e.clone(),
            None => node.parent_element()?,
        };
        element.closest(".line-text").ok()?
    };
    let start_line = line_text(range.start_container().ok()?)?;
    let end_line = line_text(range.end_container().ok()?)?;
    if start_line != end_line {
        return None;
    }
    let number: usize = start_line
        .closest(".line")
        .ok()??
        .get_attribute("data-line")?
        .parse()
        .ok()?;
    // The line's text content is exactly its document text: measure up to each end.
    let document = document()?;
    let measure = |node: web_sys::Node, offset: u32| -> Option<usize> {
        let before = document.create_range().ok()?;
        before.set_start(&start_line, 0).ok()?;
        before.set_end(&node, offset).ok()?;
        Some(String::from(before.to_string()).encode_utf16().count())
    };
    // A part of a long line says where it starts in the line.
    let base: usize = start_line
        .get_attribute("data-offset")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let start = base + measure(range.start_container().ok()?, range.start_offset().ok()?)?;
    let end = base + measure(range.end_container().ok()?, range.end_offset().ok()?)?;
    Some((number.checked_sub(1)?, start, end))
}

/// Opens the file chooser of the toolbar's Open… (from another button: the empty state).
pub fn choose_file() {
    if let Some(input) = document()
        .and_then(|d| d.query_selector("[data-testid=open-file]").ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        input.click();
    }
}

/// The text on the clipboard, where the browser lets the page read it.
pub async fn clipboard_text() -> Result<String, String> {
    let clipboard = web_sys::window()
        .ok_or_else(|| "no window".to_string())?
        .navigator()
        .clipboard();
    let text = wasm_bindgen_futures::JsFuture::from(clipboard.read_text())
        .await
        .map_err(|e| error_words(&e, "the clipboard cannot be read"))?;
    Ok(text.as_string().unwrap_or_default())
}

/// Clears the page's text selection (after it was marked).
pub fn clear_selection() {
    if let Some(Ok(Some(selection))) = web_sys::window().map(|w| w.get_selection()) {
        let _ = selection.remove_all_ranges();
    }
}

/// Whether a key press lands on a control that handles Enter itself.
pub fn is_control(target: Option<EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
        .is_some_and(|e| {
            matches!(
                e.tag_name().as_str(),
                "BUTTON" | "A" | "SUMMARY" | "LABEL" | "SELECT"
            )
        })
}

/// The member span an event target is in, if any (for delegated pointer and focus events).
pub fn member_of(target: Option<EventTarget>) -> Option<usize> {
    number_in(target, "[data-kind=member]", "data-span-id")
}

/// The 0-based index of the first line at the top of the document's scroller, if any is shown.
pub fn top_line() -> Option<usize> {
    let document = web_sys::window()?.document()?;
    let scroller = document.query_selector(".doc-scroller").ok()??;
    let top = scroller.get_bounding_client_rect().top();
    let lines = document
        .query_selector_all(".doc-scroller .line[id]")
        .ok()?;
    (0..lines.length())
        .filter_map(|i| lines.item(i)?.dyn_into::<Element>().ok())
        .find(|line| line.get_bounding_client_rect().bottom() > top + 1.0)
        .and_then(|line| line.id().strip_prefix("line-")?.parse::<usize>().ok())
        .map(|n| n.saturating_sub(1))
}

/// Whether an event target is inside a floating menu (`data-menu`).
pub fn is_in_menu(target: Option<EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|e| e.closest("[data-menu]").ok().flatten())
        .is_some()
}

/// Whether a key press is meant for a text field rather than for the page's shortcuts. Inputs
/// that take no text (the file chooser, checkboxes) and selects leave the keys to the page: the
/// focus stays on them after Open… or a choice, and the next key is a shortcut. (A select's
/// own keys are arrows, Space and Enter; its type-ahead by letter gives way to the shortcuts.)
pub fn is_typing(target: Option<EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
        return false;
    };
    match element.tag_name().as_str() {
        "TEXTAREA" => true,
        "INPUT" => element
            .dyn_ref::<web_sys::HtmlInputElement>()
            .is_none_or(|input| input_takes_text(&input.type_())),
        _ => element.is_content_editable(),
    }
}

/// Whether an `<input>` of this `type` (as the DOM reports it, lower case) is typed into.
fn input_takes_text(kind: &str) -> bool {
    !matches!(
        kind,
        "file" | "checkbox" | "radio" | "button" | "submit" | "reset" | "image" | "range" | "color"
    )
}

/// Scroll position and size of a scrolling element: (top, height, width of its content box).
pub fn scroll_metrics(element: &Element) -> (f64, f64, f64) {
    (
        f64::from(element.scroll_top()),
        f64::from(element.client_height()),
        f64::from(element.client_width()),
    )
}

/// The height of the browser window's viewport in CSS pixels (900 if it cannot be read).
pub fn window_height() -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(900.0)
}

pub fn set_scroll_top(element: &Element, top: f64) {
    element.set_scroll_top(top.max(0.0) as i32);
}

/// Heights of the rendered rows under `container`, as (0-based line index, part, height): a
/// `.line` element, or each `.line-text[data-part]` of a line rendered in parts.
pub fn measure_rows(container: &Element) -> Vec<(usize, usize, f32)> {
    let Ok(lines) = container.query_selector_all(".line") else {
        return Vec::new();
    };
    let height = |element: &Element| element.get_bounding_client_rect().height() as f32;
    let mut rows = Vec::new();
    for i in 0..lines.length() {
        let Some(element) = lines.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let Some(line) = element
            .get_attribute("data-line")
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
        else {
            continue;
        };
        let parts = element
            .query_selector_all(".line-text[data-part]")
            .ok()
            .filter(|parts| parts.length() > 0);
        match parts {
            None => rows.push((line, 0, height(&element))),
            Some(parts) => {
                for k in 0..parts.length() {
                    let Some(part) = parts.item(k).and_then(|n| n.dyn_into::<Element>().ok())
                    else {
                        continue;
                    };
                    if let Some(index) = part
                        .get_attribute("data-part")
                        .and_then(|n| n.parse::<usize>().ok())
                    {
                        rows.push((line, index, height(&part)));
                    }
                }
            }
        }
    }
    rows
}

/// The font size, line height and text column width of the first rendered line text.
pub fn text_metrics(container: &Element) -> Option<(f32, f32, f32)> {
    let text = container.query_selector(".line-text").ok()??;
    let style = web_sys::window()?.get_computed_style(&text).ok()??;
    let px = |name: &str| -> Option<f32> {
        style
            .get_property_value(name)
            .ok()?
            .trim_end_matches("px")
            .parse()
            .ok()
    };
    Some((
        px("font-size")?,
        px("line-height")?,
        text.get_bounding_client_rect().width() as f32,
    ))
}

/// For each (first, second) member pair, the boxes its arc joins, relative to `container`;
/// `None` where a member is not rendered.
pub fn span_rects(container: &Element, pairs: &[(usize, usize)]) -> Vec<Option<(Rect, Rect)>> {
    let origin = container.get_bounding_client_rect();
    // A member cut by a row end has a box on each row: the arc leaves the first member's last
    // box and reaches the second member's first one.
    let fragment = |id: usize, last: bool| -> Option<Rect> {
        let selector = format!("[data-span-id=\"{id}\"]");
        let element = container.query_selector(&selector).ok()??;
        let rects = element.get_client_rects();
        let index = if last {
            rects.length().saturating_sub(1)
        } else {
            0
        };
        // An element with no box of its own yet (layout still to come) gets its bounding box,
        // as before: the arc is measured again when the layout changes.
        let r = rects
            .item(index)
            .unwrap_or_else(|| element.get_bounding_client_rect());
        Some(Rect {
            x: r.left() - origin.left(),
            y: r.top() - origin.top(),
            width: r.width(),
            height: r.height(),
        })
    };
    pairs
        .iter()
        .map(|&(first, second)| Some((fragment(first, true)?, fragment(second, false)?)))
        .collect()
}

/// Brings line `number` (1-based) on screen, centred; then, if it is not wholly visible, the
/// most precise element of the place within it: span `span` (which also gets the focus), else
/// the first element matching `mark` (a chosen problem), else part `part` of a line rendered in
/// parts. False if the line, or that part of it, is not rendered yet.
pub fn show_place(
    number: usize,
    part: Option<usize>,
    span: Option<usize>,
    mark: Option<&str>,
) -> bool {
    let Some(document) = document() else {
        return false;
    };
    let Some(line) = document.get_element_by_id(&format!("line-{number}")) else {
        return false;
    };
    let within = match part {
        Some(part) => {
            let selector = format!(".line-text[data-part=\"{part}\"]");
            match line.query_selector(&selector).ok().flatten() {
                Some(element) => element,
                None => return false,
            }
        }
        None => line.clone(),
    };
    let find = |selector: &str| within.query_selector(selector).ok().flatten();
    let span_element = span.and_then(|id| find(&format!("[data-span-id=\"{id}\"]")));
    let precise = span_element
        .clone()
        .or_else(|| mark.and_then(find))
        .or_else(|| part.map(|_| within.clone()));
    let center = web_sys::ScrollIntoViewOptions::new();
    center.set_block(web_sys::ScrollLogicalPosition::Center);
    line.scroll_into_view_with_scroll_into_view_options(&center);
    if let Some(element) = precise {
        if !wholly_visible(&element) {
            element.scroll_into_view_with_scroll_into_view_options(&center);
        }
    }
    if let Some(element) = span_element.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
    }
    true
}

/// Whether `element` lies within the document's scroller as it is scrolled now.
fn wholly_visible(element: &Element) -> bool {
    let Some(scroller) = element.closest(".doc-scroller").ok().flatten() else {
        return true;
    };
    let (outer, inner) = (
        scroller.get_bounding_client_rect(),
        element.get_bounding_client_rect(),
    );
    inner.top() >= outer.top() && inner.bottom() <= outer.bottom()
}

/// Focuses the element with `id` (a search box, the go-to-line field) and selects its text.
pub fn focus_field(id: &str) {
    if let Some(input) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        let _ = input.focus();
        input.select();
    }
}

/// The key of a keydown event, for [`crate::keys::command_for_key`].
pub fn key_of(event: &web_sys::Event) -> Option<crate::keys::Key> {
    let event = event.dyn_ref::<web_sys::KeyboardEvent>()?;
    Some(crate::keys::Key {
        key: event.key(),
        ctrl: event.ctrl_key() || event.meta_key(),
        alt: event.alt_key(),
    })
}

/// The files dropped on the page.
pub fn dropped_files(event: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(list) = event
        .dyn_ref::<web_sys::DragEvent>()
        .and_then(|e| e.data_transfer())
        .and_then(|d| d.files())
    else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The entries of a drop that holds a folder (`webkitGetAsEntry`), or `None` when it holds
/// only files or the browser has no entries: then [`dropped_files`] is what was dropped.
pub fn dropped_folder_entries(event: &web_sys::Event) -> Option<Vec<JsValue>> {
    let items = event
        .dyn_ref::<web_sys::DragEvent>()?
        .data_transfer()
        .map(|d| d.items())?;
    let entries: Vec<JsValue> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| call0(item.as_ref(), "webkitGetAsEntry"))
        .filter(|entry| !entry.is_null() && !entry.is_undefined())
        .collect();
    let folder = entries.iter().any(|e| flag(e, "isDirectory"));
    folder.then_some(entries)
}

/// Every file in `entries` and the folders among them, however deep, named by its path
/// (`folder/sub/a.txt`, without the leading `/`), in no particular order.
pub async fn files_in_entries(entries: Vec<JsValue>) -> Vec<(String, web_sys::File)> {
    let mut files = Vec::new();
    let mut pending = entries;
    while let Some(entry) = pending.pop() {
        if flag(&entry, "isDirectory") {
            let Some(reader) = call0(&entry, "createReader") else {
                continue;
            };
            // `readEntries` gives a batch at a time, an empty one at the end.
            loop {
                let batch = callback_result(&reader, "readEntries").await;
                let batch = batch.map(|b| js_sys::Array::from(&b)).unwrap_or_default();
                if batch.length() == 0 {
                    break;
                }
                pending.extend(batch.iter());
            }
        } else if flag(&entry, "isFile") {
            let path = js_sys::Reflect::get(&entry, &JsValue::from_str("fullPath"))
                .ok()
                .and_then(|p| p.as_string())
                .unwrap_or_default();
            if let Some(file) = callback_result(&entry, "file")
                .await
                .and_then(|f| f.dyn_into::<web_sys::File>().ok())
            {
                let path = path.trim_start_matches('/').to_string();
                files.push((if path.is_empty() { file.name() } else { path }, file));
            }
        }
    }
    files
}

fn flag(value: &JsValue, name: &str) -> bool {
    js_sys::Reflect::get(value, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

fn call0(value: &JsValue, method: &str) -> Option<JsValue> {
    let function = js_sys::Reflect::get(value, &JsValue::from_str(method))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    function.call0(value).ok()
}

/// Calls `method(success, failure)` on `value` and waits for the value it calls back with.
async fn callback_result(value: &JsValue, method: &str) -> Option<JsValue> {
    let function = js_sys::Reflect::get(value, &JsValue::from_str(method))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = function.call2(value, &resolve, &reject);
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

/// Plain text pasted on the page.
pub fn pasted_text(event: &web_sys::Event) -> Option<String> {
    let event = event.dyn_ref::<web_sys::ClipboardEvent>()?;
    let text = event.clipboard_data()?.get_data("text/plain").ok()?;
    (!text.is_empty()).then_some(text)
}
