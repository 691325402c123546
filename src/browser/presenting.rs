//! What classroom mode needs from the browser: the window's size, full screen, the URL's
//! fragment and which character a click landed on.

use yew::NodeRef;

/// The window's inner size in CSS pixels (1280 × 720 if it cannot be read).
pub fn viewport_size() -> (f64, f64) {
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64());
    web_sys::window()
        .and_then(|w| Some((size(w.inner_width())?, size(w.inner_height())?)))
        .unwrap_or((1280.0, 720.0))
}

/// Moves the keyboard focus to an element (it needs a `tabindex`).
pub fn focus_element(node: &NodeRef) {
    if let Some(element) = node.cast::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}

/// The byte offset a click landed on: the `data-offset` of the character element clicked.
pub fn clicked_offset(event: &web_sys::MouseEvent) -> Option<usize> {
    super::number_in(event.target(), "[data-offset]", "data-offset")
}

/// Full screen on, or off if it is on. Browsers allow it only after a key or a click.
pub fn toggle_full_screen() {
    let Some(document) = super::document() else {
        return;
    };
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    } else if let Some(root) = document.document_element() {
        let _ = root.request_fullscreen();
    }
}

/// The URL's fragment without `#`.
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// Replaces the URL's fragment without adding a history entry (empty: removes it).
pub fn set_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let url = if fragment.is_empty() {
        format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        )
    } else {
        format!("#{fragment}")
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
