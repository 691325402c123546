//! The order a line's connectives are revealed in, and how a guessed partner is judged.

use connectives_core::lesson::{is_partner, lines_with_pairs, shown, steps, Step};
use connectives_core::parse;

const LINE: &str =
    "<a>虽然</a>下雨，<cand>还</cand>刮风，<a>但</a>我们<a>不仅</a>去了，<a>而且</a>玩得很好。";

fn texts(doc: &connectives_core::Document, steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .map(|s| doc.span_text(s.span()).to_string())
        .collect()
}

#[test]
fn a_pair_shows_its_first_member_then_its_partner_before_the_next_pair() {
    let doc = parse(LINE);
    let order = steps(&doc, 0, false);
    assert_eq!(texts(&doc, &order), ["虽然", "但", "不仅", "而且"]);
    assert!(matches!(order[0], Step::First { pair: 0, .. }));
    assert!(matches!(order[1], Step::Partner { pair: 0, .. }));
    assert!(matches!(order[2], Step::First { pair: 1, .. }));
    assert!(matches!(order[3], Step::Partner { pair: 1, .. }));
}

#[test]
fn candidates_get_a_press_of_their_own_in_reading_order_or_none() {
    let doc = parse(LINE);
    let order = steps(&doc, 0, true);
    assert_eq!(texts(&doc, &order), ["虽然", "但", "还", "不仅", "而且"]);
    assert!(matches!(order[2], Step::Candidate(_)));
}

#[test]
fn shown_spans_grow_one_step_at_a_time() {
    let doc = parse(LINE);
    let order = steps(&doc, 0, false);
    assert!(shown(&order, 0).is_empty());
    assert_eq!(shown(&order, 1), vec![order[0].span()]);
    assert_eq!(shown(&order, 99).len(), 4);
}

#[test]
fn an_unpaired_member_is_a_step_alone() {
    let doc = parse("<a>虽然</a>下雨。\n<a>但</a><a>而且</a>晴。");
    // Members pair up within a line: line 1 has one member, line 2 a pair.
    assert_eq!(steps(&doc, 0, true), vec![Step::Single(0)]);
    assert!(matches!(steps(&doc, 1, true)[0], Step::First { .. }));
    assert!(steps(&doc, 7, true).is_empty());
}

#[test]
fn only_lines_whose_pairs_are_on_them_count_as_lines_with_pairs() {
    let doc = parse("没有。\n<a>虽然</a>…<a>但</a>\n<cand>还</cand>\n<a>不是</a>…<a>而是</a>");
    assert_eq!(lines_with_pairs(&doc), vec![1, 3]);
}

#[test]
fn any_character_of_the_partner_is_a_right_guess_and_nothing_else_is() {
    let doc = parse(LINE);
    let erqie = doc.pairs[1].second;
    let range = doc.spans[erqie].range.clone();
    assert!(is_partner(&doc, 1, range.start));
    assert!(is_partner(&doc, 1, range.start + "而".len()));
    assert!(!is_partner(&doc, 1, range.end));
    assert!(!is_partner(
        &doc,
        1,
        doc.spans[doc.pairs[1].first].range.start
    ));
    assert!(
        !is_partner(&doc, 0, range.start),
        "the partner of another pair"
    );
    assert!(!is_partner(&doc, 9, range.start), "no such pair");
}

mod properties {
    use std::collections::HashSet;

    use connectives_core::lesson::{steps, Step};
    use connectives_core::{parse, SpanKind};
    use proptest::prelude::*;
    use proptest::sample::select;

    /// Lines of tagged text, with keyed members that may pair across their line.
    const FRAGMENTS: &[&str] = &[
        "<cand>还</cand>",
        "<a>虽然</a>",
        "<a>但</a>",
        "<a pair=\"k\">不是</a>",
        "<a pair=\"k\">而是</a>",
        "下雨，",
        "\n",
        "<a>不仅</a>",
    ];

    proptest! {
        #[test]
        fn every_span_of_a_line_is_revealed_once_and_a_partner_follows_its_first(
            parts in prop::collection::vec(select(FRAGMENTS), 0..24),
            candidates in any::<bool>(),
        ) {
            let doc = parse(&parts.concat());
            for (index, line) in doc.lines.iter().enumerate() {
                let order = steps(&doc, index, candidates);
                let mut seen = HashSet::new();
                for (at, step) in order.iter().enumerate() {
                    prop_assert!(seen.insert(step.span()), "span {} twice", step.span());
                    prop_assert!(line.spans.contains(&step.span()));
                    if let Step::Partner { pair, span } = *step {
                        prop_assert_eq!(doc.pairs[pair].second, span);
                        let first = Step::First { pair, span: doc.pairs[pair].first };
                        let follows = at > 0 && order[at - 1] == first;
                        prop_assert!(follows, "the partner comes right after its first member");
                    }
                }
                let expected = line
                    .spans
                    .clone()
                    .filter(|&id| candidates || doc.spans[id].kind == SpanKind::Member)
                    .count();
                prop_assert_eq!(order.len(), expected, "line {}", index);
            }
        }
    }
}
