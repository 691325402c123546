//! Any bytes given to the corpus reader are refused or read, a member that cannot open listed
//! and never a panic; the documents read, exported as a tagged corpus zip, read back the same.
#![no_main]

use connectives_core::corpus::{export_zip, read_zip, Entry};
use connectives_core::formats::sniff::{self, Seen};
use connectives_core::formats::Format;
use libfuzzer_sys::fuzz_target;

/// Whether a document's tagged text can come back from a `.txt` in a zip: an import (JSON,
/// doccano) may give a text with a NUL, which is not text, or one that reads as JSON.
fn reopens(entry: &Entry) -> bool {
    !entry.source.contains('\0') && sniff::text("a.txt", &entry.source) == Seen::Tagged
}

fuzz_target!(|input: &[u8]| {
    let Ok(corpus) = read_zip(input) else {
        return;
    };
    let Ok(zip) = export_zip(&corpus.entries, Format::Tagged) else {
        return;
    };
    let back = read_zip(&zip).expect("a corpus export reads");
    if corpus.entries.iter().all(reopens) {
        assert_eq!(back.refused, vec![]);
        assert_eq!(back.entries, corpus.entries);
    }
});
