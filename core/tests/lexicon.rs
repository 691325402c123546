//! The built-in lexicon of paired connectives: lookups, partner suggestions and how many pairs
//! agree with it.

use std::collections::HashSet;

use connectives_core::edit::{Edit, History};
use connectives_core::lexicon::{
    firsts_for, is_known_pair, pair_agreement, seconds_for, suggest_partners, word_at, Suggestion,
    LEXICON,
};
use connectives_core::{parse, Document, SpanKind};

mod support;
use support::span;

const EXAMPLE: &str = include_str!("../../www/examples/seed-zh.txt");

/// What the suggestions point at, as text.
fn suggested<'d>(doc: &'d Document, suggestions: &[Suggestion]) -> Vec<(&'static str, &'d str)> {
    suggestions
        .iter()
        .map(|s| match s {
            Suggestion::Span(id) => ("span", doc.span_text(*id)),
            Suggestion::Text(range) => ("text", &doc.text[range.clone()]),
        })
        .collect()
}

#[test]
fn seconds_and_firsts_are_looked_up_both_ways() {
    assert_eq!(seconds_for("虽然"), ["但", "但是", "却", "可是"]);
    assert_eq!(seconds_for("尽管"), seconds_for("虽然"));
    assert_eq!(seconds_for("宁可"), ["也不"]);
    assert!(seconds_for("但").is_empty());
    assert_eq!(firsts_for("所以"), ["因为"]);
    assert_eq!(
        firsts_for("也"),
        ["不仅", "不但", "即使", "哪怕", "既", "无论", "不管"]
    );
    assert!(firsts_for("虽然").is_empty());
}

#[test]
fn known_pairs_are_first_word_then_second_word() {
    assert!(is_known_pair("虽然", "但"));
    assert!(is_known_pair("不是", "而是"));
    assert!(is_known_pair("越", "越"));
    assert!(!is_known_pair("但", "虽然"));
    assert!(!is_known_pair("虽然", "而且"));
}

#[test]
fn every_first_word_belongs_to_one_entry() {
    let mut seen = HashSet::new();
    for connective in LEXICON {
        assert!(!connective.seconds.is_empty());
        for first in connective.firsts {
            assert!(seen.insert(*first), "{first} is in two entries");
        }
    }
}

#[test]
fn although_on_line_10_once_unlinked_suggests_its_but() {
    let mut doc = parse(EXAMPLE);
    let although = span(&doc, 10, "虽然");
    let but = span(&doc, 10, "但");
    // A member with a partner needs no suggestion.
    assert_eq!(suggest_partners(&doc, although), []);
    History::new()
        .apply(&mut doc, Edit::Unlink { span: although })
        .expect("虽然 has a partner");
    let suggestions = suggest_partners(&doc, although);
    assert_eq!(suggestions.first(), Some(&Suggestion::Span(but)));
    // And the other way round: 但 looks back for its first word.
    assert_eq!(
        suggest_partners(&doc, but).first(),
        Some(&Suggestion::Span(although))
    );
}

#[test]
fn a_member_with_no_partner_on_its_line_gets_no_suggestion() {
    let mut doc = parse(EXAMPLE);
    let line = &doc.lines[16];
    let at = line.range.start + doc.line_text(16).find("不是").expect("不是 on line 17");
    let edit = Edit::Mark {
        range: at..at + "不是".len(),
        kind: SpanKind::Member,
    };
    History::new().apply(&mut doc, edit).expect("valid mark");
    let not = span(&doc, 17, "不是");
    assert_eq!(suggest_partners(&doc, not), []);
    // A word the lexicon does not know gets none either.
    assert_eq!(suggest_partners(&doc, span(&doc, 17, "例如")), []);
}

#[test]
fn existing_spans_come_first_then_text_each_nearest_first() {
    let doc = parse("甲<a>不仅</a>乙也丙<cand>更</cand>丁<cand>还</cand>而且\n");
    let suggestions = suggest_partners(&doc, 0);
    assert_eq!(
        suggested(&doc, &suggestions),
        [
            ("span", "更"),
            ("span", "还"),
            ("text", "也"),
            ("text", "而且")
        ]
    );
}

#[test]
fn a_second_word_suggests_first_words_before_it() {
    let doc = parse("如果甲，要是乙，<a>就</a>丙。只要丁\n");
    let suggestions = suggest_partners(&doc, 0);
    assert_eq!(
        suggested(&doc, &suggestions),
        [("text", "要是"), ("text", "如果")]
    );
}

#[test]
fn the_longest_word_at_a_place_is_suggested_once() {
    let doc = parse("<a>虽然</a>甲，但是乙\n");
    let suggestions = suggest_partners(&doc, 0);
    assert_eq!(suggested(&doc, &suggestions), [("text", "但是")]);
}

#[test]
fn text_inside_spans_and_on_other_lines_is_not_suggested() {
    let doc = parse("<a>虽然</a>甲<cand>不但</cand>乙\n但是丙\n");
    assert_eq!(suggest_partners(&doc, 0), []);
}

#[test]
fn a_paired_partner_is_not_suggested() {
    let doc = parse("<a>虽然</a>甲<a pair=\"k\">但</a>乙<a pair=\"k\">而且</a>\n");
    assert_eq!(suggest_partners(&doc, 0), []);
}

#[test]
fn a_span_that_does_not_exist_gets_no_suggestion() {
    let doc = parse(EXAMPLE);
    assert_eq!(suggest_partners(&doc, doc.spans.len()), []);
    assert_eq!(suggest_partners(&Document::default(), 0), []);
}

#[test]
fn the_example_pairs_all_agree_with_the_lexicon() {
    let doc = parse(EXAMPLE);
    assert_eq!(pair_agreement(&doc), (8, 0));
}

#[test]
fn pairs_outside_the_lexicon_are_counted_apart() {
    let doc = parse("<a>虽然</a>甲<a>而且</a>\n<a>因为</a>乙<a>所以</a>\n<a>但</a>丙<a>虽然</a>\n");
    assert_eq!(pair_agreement(&doc), (1, 2));
    assert_eq!(pair_agreement(&Document::default()), (0, 0));
}

/// The text a long press at byte `at` selects.
fn pressed(text: &str, at: usize) -> Option<&str> {
    word_at(text, at).map(|range| &text[range])
}

#[test]
fn a_long_press_selects_the_lexicon_word_starting_there() {
    let line = "虽然下雨，另一方面我们也不怕。";
    assert_eq!(pressed(line, 0), Some("虽然"));
    let other = line.find("另一方面").unwrap_or_default();
    assert_eq!(
        pressed(line, other),
        Some("另一方面"),
        "the longest word wins"
    );
    let also = line.find("也不").unwrap_or_default();
    assert_eq!(pressed(line, also), Some("也不"));
}

#[test]
fn a_long_press_elsewhere_selects_two_characters_or_one_before_punctuation() {
    let line = "中亚国家，吉。\n乙";
    assert_eq!(pressed(line, 0), Some("中亚"));
    assert_eq!(pressed(line, "中亚".len()), Some("国家"));
    assert_eq!(
        pressed(line, line.find('吉').unwrap_or_default()),
        Some("吉")
    );
    assert_eq!(
        pressed(line, line.find('，').unwrap_or_default()),
        Some("，")
    );
    assert_eq!(pressed(line, line.find('\n').unwrap_or_default()), None);
    assert_eq!(pressed(line, line.len()), None, "past the end");
    assert_eq!(pressed(line, line.len() + 9), None);
    assert_eq!(pressed(line, 1), Some("中亚"), "inside 中: that character");
    assert_eq!(pressed("ab c", 0), Some("ab"));
}
