//! Any bytes given to the brat zip import are refused or read; what is read exports to a zip
//! that imports back to the same document.
#![no_main]

use connectives_core::formats::brat::{export_zip, import_zip};
use connectives_core_fuzz::assert_same_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Ok(doc) = import_zip(input) else {
        return;
    };
    let back = import_zip(&export_zip(&doc, "doc.txt")).expect("the zip of an import imports again");
    assert_same_document(&doc, &back);
});
