//! Any `.txt` and `.ann` given to the brat import are refused or read; what is read exports to
//! a brat zip, and to a `.ann` beside its text, that import back to the same document.
//!
//! The input is the `.txt`, a NUL byte, then the `.ann` (no NUL: the whole input is the `.txt`).
#![no_main]

use connectives_core::formats::brat::{export_ann, export_zip, import, import_zip};
use connectives_core_fuzz::assert_same_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let (txt, ann) = match input.iter().position(|&b| b == 0) {
        Some(nul) => (&input[..nul], &input[nul + 1..]),
        None => (input, &[][..]),
    };
    let (Ok(txt), Ok(ann)) = (std::str::from_utf8(txt), std::str::from_utf8(ann)) else {
        return;
    };
    let Ok(doc) = import(txt, ann) else {
        return;
    };
    let back = import_zip(&export_zip(&doc, "doc.txt")).expect("the zip of an import imports again");
    assert_same_document(&doc, &back);
    let again = import(&doc.text, &export_ann(&doc)).expect("the .ann of an import imports again");
    assert_same_document(&doc, &again);
});
