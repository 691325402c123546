//! Selecting text by pointer: where the selection is on screen, the character under a finger,
//! and selecting a piece of a line (a long press on a touch screen).

use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

use crate::arcs::Rect;

/// The box of the page's selection relative to `container`, if the selection is inside it.
pub fn selection_rect_in(container: &Element) -> Option<Rect> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    if !container.contains(Some(&range.common_ancestor_container().ok()?)) {
        return None;
    }
    let r = range.get_bounding_client_rect();
    let origin = container.get_bounding_client_rect();
    Some(Rect {
        x: r.left() - origin.left(),
        y: r.top() - origin.top(),
        width: r.width(),
        height: r.height(),
    })
}

/// The line text element of line `number` (1-based), if rendered.
fn line_text(number: usize) -> Option<Element> {
    let document = super::document()?;
    document
        .query_selector(&format!("#line-{number} .line-text"))
        .ok()?
}

/// The character under the viewport point (x, y), as (0-based line, UTF-16 offset within the
/// line's text); `None` off the document's text.
pub fn text_offset_at(x: f64, y: f64) -> Option<(usize, usize)> {
    let document = super::document()?;
    let (node, offset) = match document.caret_position_from_point(x as f32, y as f32) {
        Some(caret) => (caret.offset_node()?, caret.offset()),
        None => caret_range_at(&document, x, y)?,
    };
    let element = match node.dyn_ref::<Element>() {
        Some(e) => e.clone(),
        None => node.parent_element()?,
    };
    let text = element.closest(".line-text").ok()??;
    let number: usize = text
        .closest(".line")
        .ok()??
        .get_attribute("data-line")?
        .parse()
        .ok()?;
    let before = document.create_range().ok()?;
    before.set_start(&text, 0).ok()?;
    before.set_end(&node, offset).ok()?;
    let units = String::from(before.to_string()).encode_utf16().count();
    Some((number.checked_sub(1)?, units))
}

/// WebKit's older `caretRangeFromPoint`, where `caretPositionFromPoint` is missing.
fn caret_range_at(document: &web_sys::Document, x: f64, y: f64) -> Option<(Node, u32)> {
    let function: js_sys::Function = js_sys::Reflect::get(document, &"caretRangeFromPoint".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let range: web_sys::Range = function
        .call2(document, &x.into(), &y.into())
        .ok()?
        .dyn_into()
        .ok()?;
    Some((range.start_container().ok()?, range.start_offset().ok()?))
}

/// The text node and offset in it at UTF-16 unit `units` of `root`'s text.
fn point_in(root: &Element, units: usize) -> Option<(Node, u32)> {
    let document = super::document()?;
    // 0x4: text nodes only.
    let walker = document
        .create_tree_walker_with_what_to_show(root, 0x4)
        .ok()?;
    let mut left = units;
    let mut last = None;
    while let Some(node) = walker.next_node().ok()? {
        let length = node.text_content().map_or(0, |t| t.encode_utf16().count());
        if left <= length {
            return Some((node, left as u32));
        }
        left -= length;
        last = Some((node, length as u32));
    }
    last
}

/// Selects UTF-16 units `start..end` of line `number`'s text (1-based), so the browser shows
/// its handles for adjusting it.
pub fn select_in_line(number: usize, start: usize, end: usize) -> bool {
    let Some(text) = line_text(number) else {
        return false;
    };
    let (Some((start_node, start_at)), Some((end_node, end_at))) =
        (point_in(&text, start), point_in(&text, end))
    else {
        return false;
    };
    let Some(document) = super::document() else {
        return false;
    };
    let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) else {
        return false;
    };
    let Ok(range) = document.create_range() else {
        return false;
    };
    if range.set_start(&start_node, start_at).is_err() || range.set_end(&end_node, end_at).is_err()
    {
        return false;
    }
    let _ = selection.remove_all_ranges();
    selection.add_range(&range).is_ok()
}

/// Whether a pointer event comes from a finger (or a pen) rather than a mouse.
pub fn is_touch(event: &web_sys::Event) -> bool {
    event
        .dyn_ref::<web_sys::PointerEvent>()
        .is_some_and(|e| e.pointer_type() != "mouse")
}

/// The viewport position of a pointer event.
pub fn pointer_at(event: &web_sys::Event) -> Option<(f64, f64)> {
    let event = event.dyn_ref::<web_sys::MouseEvent>()?;
    Some((f64::from(event.client_x()), f64::from(event.client_y())))
}

/// Listens for changes of the page's text selection.
pub fn on_selection_change(f: impl FnMut(web_sys::Event) + 'static) -> Option<super::Listener> {
    let document = super::document()?;
    Some(super::Listener::new(
        document.as_ref(),
        "selectionchange",
        f,
    ))
}
