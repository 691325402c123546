//! Any text given to the doccano import is refused or read; what is read exports to doccano
//! JSONL that imports back to the same text and spans, with the pairs that lie within a line
//! (a doccano relation cannot join two records), and the same document when all do.
#![no_main]

use connectives_core::formats::doccano::{export, import};
use connectives_core::SpanKind;
use connectives_core_fuzz::{assert_same_document, can_round_trip};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let Ok(doc) = import(input) else {
        return;
    };
    let back = import(&export(&doc)).expect("the export of an import imports again");
    let same_line: Vec<_> = doc
        .pairs
        .iter()
        .copied()
        .filter(|p| doc.spans[p.first].line == doc.spans[p.second].line)
        .collect();
    if same_line.len() == doc.pairs.len() {
        assert_same_document(&doc, &back);
    } else if can_round_trip(&doc) {
        let spans =
            |d: &connectives_core::Document| -> Vec<(SpanKind, usize, std::ops::Range<usize>)> {
                d.spans
                    .iter()
                    .map(|s| (s.kind, s.line, s.range.clone()))
                    .collect()
            };
        assert_eq!(back.text, doc.text);
        assert_eq!(spans(&back), spans(&doc));
        assert_eq!(back.pairs, same_line);
    }
});
