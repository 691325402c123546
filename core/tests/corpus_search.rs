//! Corpus search on arbitrary text: hits are where the query is, their context is a piece of
//! their own line, and ranges from elsewhere never panic.

use connectives_core::corpus_search::{hits_from_ranges, search_corpus, CONTEXT_CHARS};
use connectives_core::parse;
use proptest::prelude::*;

/// Text of a few letters, CJK, astral characters, newlines and tags, so that matches are
/// frequent and sit next to multi-byte characters.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop::sample::select(vec!["a", "但", "𠮷", "\n", "<cand>", "</cand>", "é", " "]),
        0..60,
    )
    .prop_map(|pieces| pieces.concat())
}

fn query() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop::sample::select(vec!["a", "但", "𠮷", "é"]), 1..3)
        .prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn every_hit_is_the_query_inside_its_line_with_its_context(
        sources in proptest::collection::vec(text(), 0..4),
        query in query(),
        limit in 0usize..20,
    ) {
        let docs: Vec<_> = sources.iter().map(|s| parse(s)).collect();
        let named: Vec<(&str, &_)> = docs.iter().map(|d| ("d", d)).collect();
        let found = search_corpus(&named, &query, limit);
        let total: usize = docs.iter().map(|d| d.text.matches(query.as_str()).count()).sum();
        prop_assert_eq!(found.hits.len(), total.min(limit));
        prop_assert_eq!(found.cut, total > limit);
        let mut last = (0, 0);
        for hit in &found.hits {
            let doc = &docs[hit.document];
            prop_assert!((hit.document, hit.range.start) >= last, "in order");
            last = (hit.document, hit.range.end);
            prop_assert_eq!(&doc.text[hit.range.clone()], query.as_str());
            prop_assert_eq!(&hit.matched, &query);
            let line = doc.line_text(hit.line - 1);
            let shown = format!("{}{}{}", hit.before, hit.matched, hit.after);
            prop_assert!(line.contains(&shown), "{:?} in {:?}", shown, line);
            prop_assert!(hit.before.chars().count() <= CONTEXT_CHARS);
            prop_assert!(hit.after.chars().count() <= CONTEXT_CHARS);
        }
    }

    #[test]
    fn any_ranges_become_hits_without_panic(
        source in text(),
        ranges in proptest::collection::vec((0usize..200, 0usize..200), 0..10),
    ) {
        let doc = parse(&source);
        let ranges: Vec<_> = ranges.into_iter().map(|(a, b)| a..b).collect();
        for hit in hits_from_ranges(0, &doc, &ranges) {
            let line = &doc.lines[hit.line - 1].range;
            prop_assert!(line.start <= hit.range.start && hit.range.end <= line.end);
            prop_assert_eq!(&doc.text[hit.range.clone()], hit.matched.as_str());
        }
    }
}
