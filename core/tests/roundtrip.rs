//! Writing gives back what was read: line endings, BOM, astral characters; the JSON export's
//! offsets; and the writer of edited documents, which adds `pair="…"` only where order fails.

use connectives_core::formats::json::export;
use connectives_core::{parse, write, Document, LineEnding, Pair, PairError, SpanKind};
use serde_json::Value;

fn parsed(source: &str) -> Document {
    let doc = parse(source);
    assert_eq!(write(&doc), source, "write(parse(s)) must give s back");
    doc
}

fn endings(doc: &Document) -> Vec<LineEnding> {
    doc.lines.iter().map(|l| l.ending).collect()
}

fn line_texts(doc: &Document) -> Vec<&str> {
    (0..doc.lines.len()).map(|i| doc.line_text(i)).collect()
}

#[test]
fn crlf_lines_are_written_back_with_crlf_and_read_as_lf() {
    let doc = parsed("甲<cand>但</cand>乙\r\n丙\r\n");
    assert_eq!(endings(&doc), vec![LineEnding::CrLf, LineEnding::CrLf]);
    assert_eq!(doc.text, "甲但乙\n丙\n");
    assert_eq!(line_texts(&doc), vec!["甲但乙", "丙"]);
    assert_eq!(doc.span_text(0), "但");
}

#[test]
fn mixed_line_endings_are_each_kept() {
    let doc = parsed("a\r\nb\nc\r\nd");
    let expected = vec![
        LineEnding::CrLf,
        LineEnding::Lf,
        LineEnding::CrLf,
        LineEnding::None,
    ];
    assert_eq!(endings(&doc), expected);
    assert_eq!(doc.text, "a\nb\nc\nd");
}

#[test]
fn a_lone_carriage_return_is_text_not_a_line_ending() {
    let doc = parsed("a\rb\n\r");
    assert_eq!(line_texts(&doc), vec!["a\rb", "\r"]);
    assert_eq!(endings(&doc), vec![LineEnding::Lf, LineEnding::None]);
}

#[test]
fn bom_is_kept_out_of_the_text_and_written_back() {
    let doc = parsed("\u{FEFF}<cand>但</cand>是\n");
    assert!(doc.bom);
    assert_eq!(doc.text, "但是\n");
    assert_eq!(doc.spans[0].range, 0..3);
    let without = parsed("<cand>但</cand>是\n");
    assert!(!without.bom);
    assert_eq!(without.text, doc.text);
}

#[test]
fn bom_does_not_count_as_a_column() {
    let doc = parsed("\u{FEFF}</a>");
    assert_eq!((doc.diagnostics[0].line, doc.diagnostics[0].column), (1, 1));
}

#[test]
fn a_bom_alone_is_an_empty_document_with_a_bom() {
    let doc = parsed("\u{FEFF}");
    assert!(doc.bom);
    assert!(doc.lines.is_empty());
    assert_eq!(doc.text, "");
}

#[test]
fn a_second_bom_is_text() {
    let doc = parsed("\u{FEFF}\u{FEFF}好");
    assert_eq!(doc.text, "\u{FEFF}好");
}

#[test]
fn last_line_without_newline_is_a_line() {
    let doc = parsed("甲\n乙");
    assert_eq!(doc.lines.len(), 2);
    assert_eq!(doc.text, "甲\n乙");
    assert_eq!(endings(&doc), vec![LineEnding::Lf, LineEnding::None]);
}

#[test]
fn a_final_newline_does_not_start_a_line() {
    let doc = parsed("甲\n乙\n");
    assert_eq!(doc.lines.len(), 2);
    assert_eq!(doc.text, "甲\n乙\n");
}

#[test]
fn empty_input_is_an_empty_document() {
    let doc = parsed("");
    assert_eq!(doc, Document::default());
    assert_eq!(doc.counts().lines, 0);
}

#[test]
fn a_newline_alone_is_one_empty_line() {
    let doc = parsed("\n");
    assert_eq!(doc.lines.len(), 1);
    assert_eq!(doc.lines[0].range, 0..0);
    assert_eq!(doc.text, "\n");
    let doc = parsed("\r\n");
    assert_eq!(endings(&doc), vec![LineEnding::CrLf]);
    assert_eq!(doc.text, "\n");
    let doc = parsed("\n\n");
    assert_eq!(doc.lines.len(), 2);
}

#[test]
fn astral_characters_in_and_around_spans_are_kept() {
    let doc = parsed("𠮷<cand>😀</cand>𠮷\n<a>𠮷</a>😀<a>🀄</a>");
    assert_eq!(doc.text, "𠮷😀𠮷\n𠮷😀🀄");
    assert_eq!(doc.span_text(0), "😀");
    assert_eq!(doc.pair_label(0), "𠮷…🀄");
}

#[test]
fn line_spans_and_span_lines_agree() {
    let doc = parsed("<cand>甲</cand>\n\n<a>乙</a><a>丙</a>\r\n<cand>丁</cand>");
    let per_line: Vec<_> = doc.lines.iter().map(|l| l.spans.clone()).collect();
    assert_eq!(per_line, vec![0..1, 1..1, 1..3, 3..4]);
    let lines: Vec<_> = doc.spans.iter().map(|s| s.line).collect();
    assert_eq!(lines, vec![0, 2, 2, 3]);
}

fn json(doc: &Document) -> Value {
    serde_json::from_str(&export(doc)).expect("the export is valid JSON")
}

fn number(v: &Value) -> usize {
    v.as_u64().expect("a number") as usize
}

#[test]
fn export_offsets_count_code_points_and_utf16_units() {
    // 𠮷 and 😀 are one code point but two UTF-16 units each.
    let doc = parsed("𠮷😀<cand>但</cand>，<a>虽然</a>𠮷<a>但</a>\n😀<cand>也</cand>");
    let v = json(&doc);
    let spans = v["spans"].as_array().expect("spans");
    let found: Vec<(usize, usize, usize, usize)> = spans
        .iter()
        .map(|s| {
            let n = |k: &str| number(&s[k]);
            (n("start"), n("end"), n("start_utf16"), n("end_utf16"))
        })
        .collect();
    // Text: 𠮷😀但，虽然𠮷但\n😀也
    assert_eq!(
        found,
        vec![(2, 3, 4, 5), (4, 6, 6, 8), (7, 8, 10, 11), (10, 11, 14, 15)]
    );
    assert_eq!(v["spans"][3]["line"], 2);
    assert_eq!(v["spans"][3]["text"], "也");
    assert_eq!(v["format"], "connectives/1");
}

#[test]
fn export_offsets_slice_the_exported_text_to_each_span() {
    let doc = parsed("\u{FEFF}🀄<a pair=\"x\">𠮷</a>a\r\n<cand>😀😀</cand>中<a pair=\"x\">b</a>\n");
    let v = json(&doc);
    let text = v["text"].as_str().expect("text");
    let chars: Vec<char> = text.chars().collect();
    let units: Vec<u16> = text.encode_utf16().collect();
    for span in v["spans"].as_array().expect("spans") {
        let expected = span["text"].as_str().expect("span text");
        let by_chars: String = chars[number(&span["start"])..number(&span["end"])]
            .iter()
            .collect();
        let by_units =
            String::from_utf16(&units[number(&span["start_utf16"])..number(&span["end_utf16"])])
                .expect("span ends fall between characters");
        assert_eq!(by_chars, expected);
        assert_eq!(by_units, expected);
    }
}

#[test]
fn export_lists_spans_in_document_order_and_pairs_by_first_member() {
    // The keyed pair starts after the order pair on line 1 but ends on line 2.
    let doc = parsed("<a>不仅</a>甲<a>而且</a>乙<a pair=\"k\">虽然</a>\n<a>如果</a>丙<a pair=\"k\">但</a>丁<a>就</a>\n");
    let v = json(&doc);
    let starts: Vec<usize> = v["spans"]
        .as_array()
        .expect("spans")
        .iter()
        .map(|s| number(&s["start"]))
        .collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    let pairs: Vec<(usize, usize)> = v["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .map(|p| (number(&p["first"]), number(&p["second"])))
        .collect();
    assert_eq!(pairs, vec![(0, 1), (2, 4), (3, 5)]);
    let labels: Vec<&str> = v["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .map(|p| p["label"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(labels, vec!["不仅…而且", "虽然…但", "如果…就"]);
    for (id, span) in v["spans"].as_array().expect("spans").iter().enumerate() {
        assert_eq!(span["pair"], serde_json::json!(doc.spans[id].pair));
    }
}

// --- Writing edited documents ---

const FOUR_MEMBERS: &str = "<a>甲</a>，<a>乙</a>，<a>丙</a>，<a>丁</a>。\n";

fn pairs(list: &[(usize, usize)]) -> Vec<Pair> {
    list.iter()
        .map(|&(first, second)| Pair { first, second })
        .collect()
}

/// The edited document, written and read again, has the same spans and pairs.
fn assert_reads_back(doc: &Document) -> String {
    let written = write(doc);
    let again = parse(&written);
    assert_eq!(again.text, doc.text, "{written}");
    let shape = |d: &Document| -> Vec<_> {
        d.spans
            .iter()
            .map(|s| (s.kind, s.line, s.range.clone(), s.pair))
            .collect()
    };
    assert_eq!(shape(&again), shape(doc), "{written}");
    assert_eq!(again.pairs, doc.pairs, "{written}");
    written
}

fn edited(source: &str, new_pairs: &[(usize, usize)]) -> Document {
    let mut doc = parse(source);
    doc.set_pairs(pairs(new_pairs)).expect("valid pairs");
    doc
}

#[test]
fn nested_pairs_key_only_the_outer_pair() {
    let doc = edited(FOUR_MEMBERS, &[(0, 3), (1, 2)]);
    assert_eq!(
        assert_reads_back(&doc),
        "<a pair=\"p1\">甲</a>，<a>乙</a>，<a>丙</a>，<a pair=\"p1\">丁</a>。\n"
    );
}

#[test]
fn crossing_pairs_key_one_pair() {
    let doc = edited(FOUR_MEMBERS, &[(0, 2), (1, 3)]);
    assert_eq!(
        assert_reads_back(&doc),
        "<a>甲</a>，<a pair=\"p1\">乙</a>，<a>丙</a>，<a pair=\"p1\">丁</a>。\n"
    );
}

#[test]
fn pairs_across_lines_are_keyed_and_the_rest_stays_plain() {
    let source = "<a>甲</a><a>乙</a>\n<a>丙</a><a>丁</a>\n";
    let doc = edited(source, &[(0, 2), (1, 3)]);
    assert_eq!(
        assert_reads_back(&doc),
        "<a pair=\"p1\">甲</a><a pair=\"p2\">乙</a>\n<a pair=\"p1\">丙</a><a pair=\"p2\">丁</a>\n"
    );
    // A pair across lines does not stop a pair around it from being plain.
    let source = "<a>甲</a><a>乙</a><a>丙</a>\n<a>丁</a>\n";
    let doc = edited(source, &[(0, 2), (1, 3)]);
    assert_eq!(
        assert_reads_back(&doc),
        "<a>甲</a><a pair=\"p1\">乙</a><a>丙</a>\n<a pair=\"p1\">丁</a>\n"
    );
}

#[test]
fn unpaired_members_are_keyed_except_one_after_the_plain_pairs() {
    let doc = edited(FOUR_MEMBERS, &[]);
    assert_eq!(
        assert_reads_back(&doc),
        "<a pair=\"p1\">甲</a>，<a pair=\"p2\">乙</a>，<a pair=\"p3\">丙</a>，<a>丁</a>。\n"
    );
    // An unpaired member between the two members of a pair is the one to key.
    let doc = edited("<a>甲</a><a>乙</a><a>丙</a>", &[(0, 2)]);
    assert_eq!(
        assert_reads_back(&doc),
        "<a>甲</a><a pair=\"p1\">乙</a><a>丙</a>"
    );
    let doc = edited(FOUR_MEMBERS, &[(1, 2)]);
    assert_eq!(
        assert_reads_back(&doc),
        "<a pair=\"p1\">甲</a>，<a>乙</a>，<a>丙</a>，<a>丁</a>。\n"
    );
}

#[test]
fn pairs_that_order_gives_are_written_plain() {
    let doc = edited(FOUR_MEMBERS, &[(2, 3), (0, 1)]);
    assert_eq!(assert_reads_back(&doc), FOUR_MEMBERS);
}

#[test]
fn keys_from_the_source_stay_while_they_are_true_and_fresh_keys_avoid_them() {
    let source = "<a pair=\"p1\">甲</a>，<a>乙</a>，<a>丙</a>，<a pair=\"p1\">丁</a>。\n";
    let mut doc = parse(source);
    assert_eq!(doc.pairs, pairs(&[(0, 3), (1, 2)]));
    doc.set_pairs(doc.pairs.clone()).expect("valid pairs");
    assert_eq!(write(&doc), source);
    // Re-pair 乙 with 丁: the old key is no longer true, and the new keys must not reuse it
    // while a true one stays.
    let source =
        "<a pair=\"p1\">甲</a><a>乙</a>\n<a>丙</a><a pair=\"p1\">丁</a>\n<a>戊</a><a>己</a>\n";
    let doc = edited(source, &[(0, 3), (1, 4), (2, 5)]);
    assert_eq!(
        assert_reads_back(&doc),
        "<a pair=\"p1\">甲</a><a pair=\"p2\">乙</a>\n<a pair=\"p3\">丙</a><a pair=\"p1\">丁</a>\n<a pair=\"p2\">戊</a><a pair=\"p3\">己</a>\n"
    );
}

#[test]
fn a_key_that_no_longer_holds_is_dropped() {
    let source = "<a pair=\"x\">甲</a><a>乙</a><a>丙</a><a pair=\"x\">丁</a>";
    let doc = edited(source, &[(0, 1), (2, 3)]);
    assert_eq!(
        assert_reads_back(&doc),
        "<a>甲</a><a>乙</a><a>丙</a><a>丁</a>"
    );
}

#[test]
fn an_invalid_key_set_by_hand_is_not_written() {
    let mut doc = parse("<a>甲</a><a>乙</a>");
    doc.spans[0].pair_key = Some("not valid".to_string());
    doc.spans[1].pair_key = Some("not valid".to_string());
    assert_eq!(assert_reads_back(&doc), "<a>甲</a><a>乙</a>");
}

#[test]
fn candidates_and_text_between_members_are_kept_when_pairs_change() {
    let source =
        "\u{FEFF}<cand>因此</cand>x<a>甲</a>𠮷<cand>而</cand><a>乙</a>\r\n<a>丙</a>&lt;<a>丁</a>";
    // Spans: 0 因此, 1 甲, 2 而, 3 乙, 4 丙, 5 丁; both new pairs cross the line break.
    let doc = edited(source, &[(1, 4), (3, 5)]);
    assert_eq!(
        assert_reads_back(&doc),
        "\u{FEFF}<cand>因此</cand>x<a pair=\"p1\">甲</a>𠮷<cand>而</cand><a pair=\"p2\">乙</a>\r\n<a pair=\"p1\">丙</a>&lt;<a pair=\"p2\">丁</a>"
    );
}

#[test]
fn set_pairs_orders_pairs_and_refreshes_spans() {
    let mut doc = parse(FOUR_MEMBERS);
    doc.set_pairs(pairs(&[(3, 1), (2, 0)]))
        .expect("valid pairs");
    assert_eq!(doc.pairs, pairs(&[(0, 2), (1, 3)]));
    let pair_of: Vec<_> = doc.spans.iter().map(|s| s.pair).collect();
    assert_eq!(pair_of, vec![Some(0), Some(1), Some(0), Some(1)]);
    assert_eq!(doc.partner(3), Some(1));
    doc.set_pairs([]).expect("no pairs is valid");
    assert!(doc.spans.iter().all(|s| s.pair.is_none()));
}

#[test]
fn set_pairs_refuses_invalid_pairs_and_changes_nothing() {
    let source = "<cand>因此</cand><a>甲</a><a>乙</a><a>丙</a>";
    let original = parse(source);
    assert_eq!(original.spans[0].kind, SpanKind::Candidate);
    let cases = [
        (pairs(&[(0, 1)]), PairError::NotAMember(0)),
        (pairs(&[(1, 1)]), PairError::SameSpan(1)),
        (pairs(&[(1, 2), (2, 3)]), PairError::InTwoPairs(2)),
        (pairs(&[(1, 9)]), PairError::NoSuchSpan(9)),
    ];
    for (new_pairs, error) in cases {
        let mut doc = original.clone();
        assert_eq!(doc.set_pairs(new_pairs), Err(error));
        assert_eq!(doc, original);
    }
}
