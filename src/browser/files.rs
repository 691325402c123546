use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, HtmlInputElement};

/// The first file chosen in an `<input type="file">`, and clears the input so choosing the
/// same file again fires another change.
pub fn take_chosen_file(input: &HtmlInputElement) -> Option<File> {
    let file = input.files()?.get(0);
    input.set_value("");
    file
}

/// A file's name and its text, decoded as UTF-8. Errors are worded for the user.
pub async fn read_text(file: File) -> Result<(String, String), String> {
    let name = file.name();
    let text = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{name}: {}", describe(&e)))?;
    let text = text
        .as_string()
        .ok_or_else(|| format!("{name}: the browser gave no text"))?;
    Ok((name, text))
}

fn describe(error: &wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the file could not be read".to_string())
}
