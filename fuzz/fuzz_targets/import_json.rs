//! Any text given to the `connectives/1` JSON import is refused or read; what is read exports
//! to JSON that imports back to the same document.
#![no_main]

use connectives_core::formats::json::{export, import};
use connectives_core_fuzz::assert_same_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let Ok(doc) = import(input) else {
        return;
    };
    let back = import(&export(&doc)).expect("the export of an import imports again");
    assert_same_document(&doc, &back);
});
