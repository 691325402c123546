use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, HtmlInputElement, TextDecoder, TextDecoderOptions};

/// The files chosen in an `<input type="file">`; clears the input so choosing the same file
/// again fires another change.
pub fn take_chosen_files(input: &HtmlInputElement) -> Vec<File> {
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// A file read whole: its name and bytes.
pub struct ReadFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Reads a file's bytes. Errors are worded for the user.
pub async fn read_bytes(file: &File) -> Result<ReadFile, String> {
    // A file from a folder picker is named by its path in the folder (`folder/sub/a.txt`).
    let path = js_sys::Reflect::get(file, &wasm_bindgen::JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|p| p.as_string())
        .unwrap_or_default();
    let name = if path.is_empty() { file.name() } else { path };
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("{name}: {}", describe(&e)))?;
    Ok(ReadFile {
        name,
        bytes: Uint8Array::new(&buffer).to_vec(),
    })
}

/// Bytes to text with the browser's decoder for `label` (`gb18030`, `big5`, `utf-16le`, …);
/// with `fatal`, malformed input is an error rather than U+FFFD.
pub fn decode_as(label: &str, bytes: &[u8], fatal: bool) -> Result<String, String> {
    decode_with(label, bytes, fatal)
}

fn decode_with(label: &str, bytes: &[u8], fatal: bool) -> Result<String, String> {
    let options = TextDecoderOptions::new();
    options.set_fatal(fatal);
    let decoder =
        TextDecoder::new_with_label_and_options(label, &options).map_err(|e| describe(&e))?;
    decoder
        .decode_with_js_u8_array(&Uint8Array::from(bytes))
        .map_err(|e| describe(&e))
}

fn describe(error: &JsValue) -> String {
    super::error_words(error, "the file could not be read")
}
