//! Any text exports to valid JSON whose span offsets cut the exported text at each span.
#![no_main]

use connectives_core::formats::json::export;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|source: &str| {
    let doc = connectives_core::parse(source);
    let json: Value = serde_json::from_str(&export(&doc)).expect("the export is valid JSON");
    let text = json["text"].as_str().expect("text is a string");
    let chars: Vec<char> = text.chars().collect();
    let units: Vec<u16> = text.encode_utf16().collect();
    let spans = json["spans"].as_array().expect("spans is an array");
    assert_eq!(spans.len(), doc.spans.len());
    for (id, span) in spans.iter().enumerate() {
        let n = |key: &str| span[key].as_u64().expect("offsets are numbers") as usize;
        let by_chars: String = chars[n("start")..n("end")].iter().collect();
        let by_units = String::from_utf16(&units[n("start_utf16")..n("end_utf16")])
            .expect("UTF-16 offsets fall between characters");
        assert_eq!(by_chars, doc.span_text(id));
        assert_eq!(by_units, doc.span_text(id));
    }
});
