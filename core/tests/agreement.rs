//! The agreement module: every measure on small documents whose figures are worked out by hand
//! in the comments, the edge cases, corpus matching by name, the reports, and a property: a
//! version against itself agrees fully.

use connectives_core::agreement::{
    compare, compare_corpora, report_csv, report_json, rounded, ConnectiveRow, Disagreement,
    DocumentAgreement, TextMismatch,
};
use connectives_core::corpus::Entry;
use connectives_core::parse;
use proptest::prelude::*;

fn agree(a: &str, b: &str) -> DocumentAgreement {
    match compare(&parse(a), &parse(b)) {
        Ok(agreement) => agreement,
        Err(mismatch) => panic!("the texts should be the same: {mismatch}"),
    }
}

fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

#[test]
fn a_kind_swap_a_missing_candidate_and_a_lost_pair_are_each_counted() {
    // Text 虽然下雨，但是也好 (9 characters).
    // A: 虽然 member, 但 member (paired), 也 candidate.  B: 虽然 member, 但 candidate.
    let result = agree(
        "<a>虽然</a>下雨，<a>但</a>是<cand>也</cand>好\n",
        "<a>虽然</a>下雨，<cand>但</cand>是也好\n",
    );
    let f = result.figures;
    assert_eq!((f.spans_a, f.spans_b, f.pairs_a, f.pairs_b), (3, 2, 1, 0));
    // Same boundaries: 虽然, 但 → 2·2/(3+2); same kind: 虽然 only → 2·1/5.
    close(f.span_f1(), 0.8);
    close(f.labelled_f1(), 0.4);
    close(f.overlap_f1(), 0.8);
    // A's one pair, none in B: 0/(1+0).
    close(f.pair_f1(), 0.0);
    assert_eq!((f.only_a(), f.only_b()), (1, 0));
    // Characters (A row, B column): M·M 2 (虽然), M·C 1 (但), C·O 1 (也), O·O 5.
    // po = 7/9; A's labels O 5, C 1, M 3; B's O 6, C 1, M 2;
    // pe = (5·6 + 1·1 + 3·2)/81 = 37/81; κ = (63 − 37)/(81 − 37) = 26/44.
    close(f.kappa(), 26.0 / 44.0);
    // Per kind: candidates A 1 (也), B 1 (但), none alike → 0; members A 2, B 1, 虽然 alike →
    // 2·1/3.
    let [candidates, members] = f.kinds;
    assert_eq!((candidates.a, candidates.b, candidates.matched), (1, 1, 0));
    assert_eq!((members.a, members.b, members.matched), (2, 1, 1));
    close(candidates.f1(), 0.0);
    close(members.f1(), 2.0 / 3.0);
    assert_eq!(
        result.disagreements,
        vec![
            Disagreement::PairA { a: 0 },
            Disagreement::Kind { a: 1, b: 1 },
            Disagreement::OnlyA { a: 2 },
        ]
    );
    let row = |text: &str, a, b, matched| ConnectiveRow {
        text: text.to_string(),
        a,
        b,
        matched,
    };
    // Most disagreed first: 但 (2 spans), 也 (1), 虽然 (0).
    assert_eq!(
        result.connectives,
        vec![row("但", 1, 1, 0), row("也", 1, 0, 0), row("虽然", 1, 1, 1)]
    );
}

#[test]
fn shifted_boundaries_match_by_overlap_only() {
    // A: [虽然]下雨; B: [虽]然下雨. No same boundaries; one overlap match.
    let result = agree("<cand>虽然</cand>下雨", "<cand>虽</cand>然下雨");
    let f = result.figures;
    close(f.span_f1(), 0.0);
    close(f.labelled_f1(), 0.0);
    close(f.overlap_f1(), 1.0);
    assert_eq!((f.only_a(), f.only_b()), (1, 1));
    // C·C 1, C·O 1, O·O 2: po = 3/4; A: C 2, O 2; B: C 1, O 3; pe = (2·1 + 2·3)/16 = 1/2;
    // κ = (3/4 − 1/2)/(1 − 1/2) = 0.5.
    close(f.kappa(), 0.5);
    assert_eq!(
        result.disagreements,
        vec![Disagreement::Boundary { a: 0, b: 0 }]
    );
}

#[test]
fn overlap_matching_is_one_to_one_and_greedy_in_document_order() {
    // A: [ab][cd]; B: [abc]d. [ab] takes [abc]; [cd] overlaps it too but it is taken.
    let result = agree("<cand>ab</cand><cand>cd</cand>", "<cand>abc</cand>d");
    close(result.figures.overlap_f1(), 2.0 / 3.0);
    assert_eq!(
        result.disagreements,
        vec![
            Disagreement::Boundary { a: 0, b: 0 },
            Disagreement::OnlyA { a: 1 },
        ]
    );
    // Nested: B's [b] inside A's [abc] is matched by overlap.
    let nested = agree("<cand>abc</cand>", "a<cand>b</cand>c");
    close(nested.figures.overlap_f1(), 1.0);
    close(nested.figures.span_f1(), 0.0);
}

#[test]
fn overlap_does_not_cross_lines() {
    let result = agree("<cand>ab</cand>\ncd", "ab\n<cand>cd</cand>");
    close(result.figures.overlap_f1(), 0.0);
    assert_eq!(
        result.disagreements,
        vec![Disagreement::OnlyA { a: 0 }, Disagreement::OnlyB { b: 0 }]
    );
}

#[test]
fn a_pair_matches_only_between_the_same_members() {
    // A pairs 虽然–但 and 也–就; B pairs 虽然–也 and 但–就: all spans agree, no pair does.
    let a = r#"<a pair="1">虽然</a>x<a pair="1">但</a>y<a pair="2">也</a>z<a pair="2">就</a>"#;
    let b = r#"<a pair="1">虽然</a>x<a pair="2">但</a>y<a pair="1">也</a>z<a pair="2">就</a>"#;
    let result = agree(a, b);
    close(result.figures.labelled_f1(), 1.0);
    close(result.figures.pair_f1(), 0.0);
    assert_eq!(
        result.disagreements,
        vec![
            Disagreement::PairA { a: 0 },
            Disagreement::PairB { b: 0 },
            Disagreement::PairB { b: 1 },
            Disagreement::PairA { a: 1 },
        ]
    );
    // B keeps 虽然–但 only: 1 of A's 2 pairs and B's 1 → 2·1/3.
    let b = r#"<a pair="1">虽然</a>x<a pair="1">但</a>y也z就"#;
    let result = agree(a, b);
    close(result.figures.pair_f1(), 2.0 / 3.0);
    assert_eq!(result.figures.only_a(), 2);
}

#[test]
fn empty_documents_and_documents_without_spans_agree_fully() {
    for (a, b) in [("", ""), ("但是\n", "但是\n")] {
        let f = agree(a, b).figures;
        // 0/0 is defined as 1.0: neither marks anything.
        for value in [
            f.span_f1(),
            f.labelled_f1(),
            f.overlap_f1(),
            f.pair_f1(),
            // pe is 1 (every character O on both sides, or no characters): κ is 1.0.
            f.kappa(),
        ] {
            close(value, 1.0);
        }
        assert_eq!((f.only_a(), f.only_b()), (0, 0));
    }
}

#[test]
fn no_spans_on_one_side_gives_zero() {
    let result = agree("<cand>但</cand>是", "但是");
    let f = result.figures;
    close(f.span_f1(), 0.0);
    close(f.overlap_f1(), 0.0);
    close(f.pair_f1(), 1.0);
    // C·O 1, O·O 1: po = 1/2; A: C 1, O 1; B: O 2; pe = (1·2)/4 = 1/2; κ = 0.
    close(f.kappa(), 0.0);
    assert_eq!(result.disagreements, vec![Disagreement::OnlyA { a: 0 }]);
}

#[test]
fn texts_that_differ_are_refused_with_the_first_difference() {
    let a = parse("第一行\n虽然<cand>下雨</cand>了\n");
    let b = parse("第一行\n虽然下午了\n");
    assert_eq!(
        compare(&a, &b),
        Err(TextMismatch {
            line: 2,
            column: 4,
            excerpt_a: "虽然下雨了".to_string(),
            excerpt_b: "虽然下午了".to_string(),
        })
    );
    // A missing line, and line endings that do not count.
    let mismatch = compare(&parse("一\n二"), &parse("一")).err();
    assert_eq!(mismatch.map(|m| (m.line, m.column)), Some((2, 1)));
    assert!(compare(&parse("一\r\n<cand>二</cand>"), &parse("一\n二")).is_ok());
}

#[test]
fn corpora_are_matched_by_name_and_unmatched_names_listed() {
    let a = [
        Entry::new("one.txt", "<cand>但</cand>是"),
        Entry::new("two.txt", "<cand>也</cand>好"),
        Entry::new("three.txt", "不同"),
        Entry::new("mine.txt", "x"),
    ];
    let b = [
        Entry::new("two.txt", "<cand>也</cand>好"),
        Entry::new("yours.txt", "y"),
        Entry::new("one.txt", "但是"),
        Entry::new("three.txt", "不一样"),
    ];
    let report = compare_corpora(&a, &b);
    let names: Vec<&str> = report.documents.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["one.txt", "two.txt"]);
    assert_eq!(report.only_in_a, ["mine.txt"]);
    assert_eq!(report.only_in_b, ["yours.txt"]);
    assert_eq!(report.mismatched.len(), 1);
    assert_eq!(report.mismatched[0].0, "three.txt");
    assert_eq!(report.mismatched[0].1.column, 2);
    // Summed: A 2 spans, B 1, 1 matched → 2·1/3.
    let f = report.figures;
    assert_eq!((f.spans_a, f.spans_b, f.same_kind), (2, 1, 1));
    close(f.labelled_f1(), 2.0 / 3.0);
    assert_eq!(f.kinds[0].matched, 1);
    // 4 characters: C·C 1 (也), C·O 1 (但), O·O 2: po 3/4; A: C 2, O 2; B: C 1, O 3;
    // pe = (2·1 + 2·3)/16 = 1/2 → κ 0.5.
    close(f.kappa(), 0.5);
    assert_eq!(report.connectives[0].text, "但");
}

#[test]
fn the_reports_round_to_three_decimals_with_the_issue_keys() {
    let report = compare_corpora(
        &[Entry::new(
            "d.txt",
            "<a>虽然</a>下雨，<a>但</a>是<cand>也</cand>好\n",
        )],
        &[Entry::new(
            "d.txt",
            "<a>虽然</a>下雨，<cand>但</cand>是也好\n",
        )],
    );
    let json = report_json(&report);
    assert_eq!(json["span_f1"], 0.8);
    assert_eq!(json["labelled_f1"], 0.4);
    assert_eq!(json["kappa"], 0.591);
    assert_eq!(json["only_a"], 1);
    assert_eq!(json["spans_a"], 3);
    assert_eq!(json["pairs_b"], 0);
    assert_eq!(json["documents"][0]["name"], "d.txt");
    assert_eq!(json["documents"][0]["pair_f1"], 0.0);
    assert_eq!(json["connectives"][0]["text"], "但");
    assert_eq!(json["kinds"]["member"]["f1"], 0.667);
    assert_eq!(json["kinds"]["candidate"]["b"], 1);
    assert_eq!(json["documents"][0]["kinds"]["member"]["matched"], 1);
    assert_eq!(json["connectives"][2]["f1"], 1.0);
    assert_eq!(rounded(2.0 / 3.0), 0.667);
    let csv = report_csv(&report);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[1], "d.txt,0.800,0.400,0.800,0.000,0.591,1,0,3,2,1,0");
    assert_eq!(
        lines[2],
        "*total*,0.800,0.400,0.800,0.000,0.591,1,0,3,2,1,0"
    );
}

fn tagged_document() -> impl Strategy<Value = String> {
    let word = prop::collection::vec(
        prop::sample::select(&["中", "但", "虽然", "𠮷", "a"][..]),
        1..3,
    )
    .prop_map(|parts| parts.concat());
    let piece = (0..4u8, word).prop_map(|(kind, word)| match kind {
        0 => word,
        1 => format!("<cand>{word}</cand>"),
        2 => format!("<a>{word}</a>"),
        _ => "\n".to_string(),
    });
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn a_version_against_itself_agrees_fully(source in tagged_document()) {
        let doc = parse(&source);
        let result = compare(&doc, &doc);
        prop_assert!(result.is_ok());
        let result = result.unwrap_or_default();
        let f = result.figures;
        for value in [f.span_f1(), f.labelled_f1(), f.overlap_f1(), f.pair_f1(), f.kappa()] {
            prop_assert_eq!(value, 1.0);
        }
        prop_assert_eq!((f.only_a(), f.only_b()), (0, 0));
        prop_assert!(f.kinds.iter().all(|k| k.f1() == 1.0));
        prop_assert!(result.disagreements.is_empty());
        prop_assert!(result.connectives.iter().all(|row| row.matched == row.a && row.a == row.b));
    }
}
