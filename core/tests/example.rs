//! The built-in example document, parsed.

use std::collections::BTreeMap;

use connectives_core::{parse, write, SpanKind};

const EXAMPLE: &str = include_str!("../../www/examples/seed-zh.txt");

#[test]
fn example_has_33_lines_24_candidates_16_members_8_pairs() {
    let doc = parse(EXAMPLE);
    let counts = doc.counts();
    assert_eq!(counts.lines, 33);
    assert_eq!(counts.candidates, 24);
    assert_eq!(counts.members, 16);
    assert_eq!(counts.pairs, 8);
    assert_eq!(doc.diagnostics, vec![], "the example is well formed");
}

#[test]
fn example_pair_labels_are_the_eight_known_pairs() {
    let doc = parse(EXAMPLE);
    let mut labels: BTreeMap<String, usize> = BTreeMap::new();
    for id in 0..doc.pairs.len() {
        *labels.entry(doc.pair_label(id)).or_default() += 1;
    }
    let expected: BTreeMap<String, usize> = [
        ("虽然…但", 3),
        ("不仅…而且", 2),
        ("不仅…也", 1),
        ("不仅…还", 1),
        ("不是…而是", 1),
    ]
    .into_iter()
    .map(|(label, n)| (label.to_string(), n))
    .collect();
    assert_eq!(labels, expected);
}

#[test]
fn example_members_pair_in_order_within_their_line() {
    let doc = parse(EXAMPLE);
    for pair in &doc.pairs {
        let (first, second) = (&doc.spans[pair.first], &doc.spans[pair.second]);
        assert_eq!(first.kind, SpanKind::Member);
        assert_eq!(second.kind, SpanKind::Member);
        assert_eq!(first.line, second.line);
        assert!(first.range.end <= second.range.start);
    }
    // Line 10 holds the first 虽然…但.
    let first = &doc.spans[doc.pairs[0].first];
    assert_eq!(first.line + 1, 10);
    assert_eq!(doc.span_text(doc.pairs[0].first), "虽然");
    assert_eq!(doc.span_text(doc.pairs[0].second), "但");
}

#[test]
fn example_text_has_no_tags_and_writes_back_unchanged() {
    let doc = parse(EXAMPLE);
    assert!(!doc.text.contains('<'));
    assert_eq!(write(&doc), EXAMPLE);
}
