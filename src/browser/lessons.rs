//! The lessons kept in this browser (localStorage), one per document name, each as its URL
//! fragment (`lesson=12,3,7&lesson-name=…`: line numbers and the name, never the text).

const PREFIX: &str = "connectives.lesson:";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The lesson kept for the document named `name`.
pub fn kept_lesson(name: &str) -> Option<String> {
    storage()?.get_item(&format!("{PREFIX}{name}")).ok()?
}

/// Keeps the lesson of the document named `name` (`None`: forgets it). Without storage it is
/// simply not kept.
pub fn keep_lesson(name: &str, fragment: Option<&str>) {
    let Some(storage) = storage() else {
        return;
    };
    let key = format!("{PREFIX}{name}");
    let _ = match fragment {
        Some(fragment) => storage.set_item(&key, fragment),
        None => storage.remove_item(&key),
    };
}

/// Asks the browser to print the page (what `@media print` shows of it).
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
