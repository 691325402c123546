//! Malformed markup: each case is reported at its line and column (in characters), recovered
//! without losing a character, and written back unchanged.

use connectives_core::{parse, write, Diagnostic, DiagnosticKind, Document, Severity, SpanKind};

/// Parses `source` and checks the one invariant every case shares.
fn parsed(source: &str) -> Document {
    let doc = parse(source);
    assert_eq!(write(&doc), source, "write(parse(s)) must give s back");
    doc
}

fn only_diagnostic(doc: &Document) -> &Diagnostic {
    assert_eq!(doc.diagnostics.len(), 1, "{:#?}", doc.diagnostics);
    &doc.diagnostics[0]
}

/// Checks where a diagnostic about literal markup points: its line and column, and that the
/// document text holds the markup at its offset (kept as text, not dropped).
fn assert_at(
    doc: &Document,
    d: &Diagnostic,
    severity: Severity,
    line: usize,
    column: usize,
    tag: &str,
) {
    assert_eq!(d.severity(), severity, "{d:?}");
    assert_eq!((d.line, d.column), (line, column), "{d:?}");
    assert!(
        doc.text[d.offset..].starts_with(tag),
        "offset {} should point at {tag} in {:?}",
        d.offset,
        doc.text
    );
    assert!(d.kind.message().contains(tag), "{}", d.kind.message());
}

fn span_texts(doc: &Document) -> Vec<(SpanKind, &str)> {
    (0..doc.spans.len())
        .map(|id| (doc.spans[id].kind, doc.span_text(id)))
        .collect()
}

#[test]
fn unclosed_cand_is_reported_and_kept_as_text() {
    // 𠮷 is one character (four bytes): the column counts characters.
    let doc = parsed("第一行。\n中亚𠮷<cand>但是地区稳定\n");
    let d = only_diagnostic(&doc);
    let tag = "<cand>".to_string();
    assert_eq!(d.kind, DiagnosticKind::UnclosedTag { tag });
    assert_at(&doc, d, Severity::Error, 2, 4, "<cand>");
    assert_eq!(doc.text, "第一行。\n中亚𠮷<cand>但是地区稳定\n");
    assert!(doc.spans.is_empty());
}

#[test]
fn unclosed_member_is_reported_and_kept_as_text() {
    let doc = parsed("甲<a>虽然乙");
    let d = only_diagnostic(&doc);
    let tag = "<a>".to_string();
    assert_eq!(d.kind, DiagnosticKind::UnclosedTag { tag });
    assert_at(&doc, d, Severity::Error, 1, 2, "<a>");
    assert_eq!(doc.text, "甲<a>虽然乙");
    assert!(doc.spans.is_empty());
}

#[test]
fn closer_on_the_next_line_does_not_close_a_span() {
    let doc = parsed("<cand>因此\n</cand>\n");
    let kinds: Vec<_> = doc
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.severity()))
        .collect();
    assert_eq!(
        kinds,
        vec![(1, 1, Severity::Error), (2, 1, Severity::Error)]
    );
    assert!(matches!(
        doc.diagnostics[0].kind,
        DiagnosticKind::UnclosedTag { .. }
    ));
    assert!(matches!(
        doc.diagnostics[1].kind,
        DiagnosticKind::UnmatchedClosingTag { .. }
    ));
    assert_eq!(doc.text, "<cand>因此\n</cand>\n");
}

#[test]
fn stray_closing_cand_is_reported_and_kept_as_text() {
    let doc = parsed("因此</cand>。");
    let d = only_diagnostic(&doc);
    let tag = "</cand>".to_string();
    assert_eq!(d.kind, DiagnosticKind::UnmatchedClosingTag { tag });
    assert_at(&doc, d, Severity::Error, 1, 3, "</cand>");
    assert_eq!(doc.text, "因此</cand>。");
}

#[test]
fn stray_closing_member_after_astral_characters_is_reported_at_its_character_column() {
    let doc = parsed("好\n𠮷😀中</a>开头");
    let d = only_diagnostic(&doc);
    let tag = "</a>".to_string();
    assert_eq!(d.kind, DiagnosticKind::UnmatchedClosingTag { tag });
    assert_at(&doc, d, Severity::Error, 2, 4, "</a>");
    assert_eq!(doc.text, "好\n𠮷😀中</a>开头");
}

#[test]
fn member_tag_inside_a_candidate_is_reported_and_kept_in_the_span_text() {
    let doc = parsed("<cand>因<a>此</a></cand>，");
    let found: Vec<_> = doc.diagnostics.iter().map(|d| (d.line, d.column)).collect();
    // <cand> is six characters and 因 one, so <a> starts at column 8; </a> after 此 at 12.
    assert_eq!(found, vec![(1, 8), (1, 12)]);
    for (d, tag) in doc.diagnostics.iter().zip(["<a>", "</a>"]) {
        let open = "<cand>".to_string();
        let tag_string = tag.to_string();
        assert_eq!(
            d.kind,
            DiagnosticKind::TagInsideSpan {
                tag: tag_string,
                open
            }
        );
        assert_at(&doc, d, Severity::Error, 1, d.column, tag);
    }
    assert_eq!(span_texts(&doc), vec![(SpanKind::Candidate, "因<a>此</a>")]);
    assert_eq!(doc.text, "因<a>此</a>，");
}

#[test]
fn candidate_opened_inside_a_candidate_is_reported_and_the_outer_span_stands() {
    let doc = parsed("<cand>甲<cand>乙</cand>丙");
    let d = only_diagnostic(&doc);
    let (tag, open) = ("<cand>".to_string(), "<cand>".to_string());
    assert_eq!(d.kind, DiagnosticKind::TagInsideSpan { tag, open });
    assert_at(&doc, d, Severity::Error, 1, 8, "<cand>");
    assert_eq!(span_texts(&doc), vec![(SpanKind::Candidate, "甲<cand>乙")]);
}

#[test]
fn closing_cand_inside_a_member_is_reported_and_kept_in_the_span_text() {
    let doc = parsed("<a>但</cand></a>");
    assert_eq!(doc.diagnostics.len(), 2, "{:#?}", doc.diagnostics);
    // The member alone on its line is unpaired: a warning at its own tag, column 1.
    let text = "但</cand>".to_string();
    assert_eq!(
        doc.diagnostics[0].kind,
        DiagnosticKind::UnpairedMember { text }
    );
    assert_eq!((doc.diagnostics[0].line, doc.diagnostics[0].column), (1, 1));
    let d = &doc.diagnostics[1];
    let (tag, open) = ("</cand>".to_string(), "<a>".to_string());
    assert_eq!(d.kind, DiagnosticKind::TagInsideSpan { tag, open });
    assert_at(&doc, d, Severity::Error, 1, 5, "</cand>");
    assert_eq!(span_texts(&doc), vec![(SpanKind::Member, "但</cand>")]);
}

#[test]
fn empty_cand_is_a_warning_and_kept_as_text() {
    let doc = parsed("中<cand></cand>好");
    let d = only_diagnostic(&doc);
    let tag = "<cand></cand>".to_string();
    assert_eq!(d.kind, DiagnosticKind::EmptySpan { tag });
    assert_at(&doc, d, Severity::Warning, 1, 2, "<cand></cand>");
    assert_eq!(doc.text, "中<cand></cand>好");
    assert!(doc.spans.is_empty());
}

#[test]
fn empty_member_is_a_warning_and_kept_as_text() {
    let doc = parsed("<a pair=\"k1\"></a>");
    let d = only_diagnostic(&doc);
    let tag = "<a pair=\"k1\"></a>".to_string();
    assert_eq!(d.kind, DiagnosticKind::EmptySpan { tag });
    assert_at(&doc, d, Severity::Warning, 1, 1, "<a pair=\"k1\"></a>");
    assert!(doc.spans.is_empty());
}

#[test]
fn uppercase_cand_is_a_lookalike_warning_and_kept_as_text() {
    let doc = parsed("好<CAND>但</CAND>");
    let found: Vec<_> = doc.diagnostics.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(found, vec![(1, 2), (1, 9)]);
    for (d, tag) in doc.diagnostics.iter().zip(["<CAND>", "</CAND>"]) {
        let tag_string = tag.to_string();
        assert_eq!(d.kind, DiagnosticKind::LookalikeTag { tag: tag_string });
        assert_at(&doc, d, Severity::Warning, 1, d.column, tag);
    }
    assert_eq!(doc.text, "好<CAND>但</CAND>");
    assert!(doc.spans.is_empty());
}

#[test]
fn member_with_another_attribute_is_a_lookalike_and_its_closer_is_stray() {
    let doc = parsed("甲<a id=1>虽然</a>");
    assert_eq!(doc.diagnostics.len(), 2, "{:#?}", doc.diagnostics);
    let tag = "<a id=1>".to_string();
    assert_eq!(
        doc.diagnostics[0].kind,
        DiagnosticKind::LookalikeTag { tag }
    );
    assert_at(
        &doc,
        &doc.diagnostics[0],
        Severity::Warning,
        1,
        2,
        "<a id=1>",
    );
    let tag = "</a>".to_string();
    assert_eq!(
        doc.diagnostics[1].kind,
        DiagnosticKind::UnmatchedClosingTag { tag }
    );
    assert_at(&doc, &doc.diagnostics[1], Severity::Error, 1, 12, "</a>");
    assert_eq!(doc.text, "甲<a id=1>虽然</a>");
    assert!(doc.spans.is_empty());
}

#[test]
fn spaced_member_tag_is_a_lookalike_warning_and_kept_as_text() {
    let doc = parsed("x < a > y");
    let d = only_diagnostic(&doc);
    let tag = "< a >".to_string();
    assert_eq!(d.kind, DiagnosticKind::LookalikeTag { tag });
    assert_at(&doc, d, Severity::Warning, 1, 3, "< a >");
    assert_eq!(doc.text, "x < a > y");
}

#[test]
fn empty_pair_attribute_is_a_lookalike_warning_and_kept_as_text() {
    let doc = parsed("<a pair=\"\">虽然</a>");
    let tag = "<a pair=\"\">".to_string();
    assert_eq!(
        doc.diagnostics[0].kind,
        DiagnosticKind::LookalikeTag { tag }
    );
    assert_at(
        &doc,
        &doc.diagnostics[0],
        Severity::Warning,
        1,
        1,
        "<a pair=\"\">",
    );
    assert!(doc.spans.is_empty());
    assert_eq!(doc.text, "<a pair=\"\">虽然</a>");
}

#[test]
fn pair_attribute_with_other_characters_is_a_lookalike() {
    for tag in [
        "<a pair=\"a b\">",
        "<a pair='k'>",
        "<a pair=\"键\">",
        "<a pair=\"k\" >",
    ] {
        let source = format!("{tag}虽然</a>");
        let doc = parsed(&source);
        let expected = DiagnosticKind::LookalikeTag {
            tag: tag.to_string(),
        };
        assert_eq!(doc.diagnostics[0].kind, expected, "{source}");
        assert!(doc.spans.is_empty(), "{source}");
    }
}

#[test]
fn other_markup_is_plain_text_without_a_warning() {
    let source = "x < y，<b>粗</b><br/>&lt;<candy>，a<b\n";
    let doc = parsed(source);
    assert_eq!(doc.diagnostics, vec![]);
    assert_eq!(doc.text, source);
}

#[test]
fn odd_member_is_kept_as_a_member_with_a_warning() {
    let doc = parsed("<a>虽然</a>甲<a>但</a>乙𠮷<a>也</a>");
    let d = only_diagnostic(&doc);
    let text = "也".to_string();
    assert_eq!(d.kind, DiagnosticKind::UnpairedMember { text });
    assert_eq!(d.severity(), Severity::Warning);
    // <a>虽然</a>甲<a>但</a>乙𠮷 is 20 characters.
    assert_eq!((d.line, d.column), (1, 21));
    assert_eq!(&doc.text[d.offset..], "也");
    assert_eq!(doc.spans.len(), 3);
    assert_eq!(doc.spans[2].kind, SpanKind::Member);
    assert_eq!(doc.spans[2].pair, None);
    assert_eq!(doc.pairs.len(), 1);
    assert_eq!(doc.pair_label(0), "虽然…但");
}

#[test]
fn members_do_not_pair_in_order_across_lines() {
    let doc = parsed("<a>虽然</a>甲\n<a>但</a>乙\n");
    assert!(doc.pairs.is_empty());
    let found: Vec<_> = doc
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.severity()))
        .collect();
    assert_eq!(
        found,
        vec![(1, 1, Severity::Warning), (2, 1, Severity::Warning)]
    );
}

#[test]
fn pair_key_used_once_leaves_its_member_unpaired_with_a_warning() {
    let doc = parsed("第一行\n<a>不仅</a>中文<a pair=\"x1\">虽然</a>，<a>而且</a>");
    let d = only_diagnostic(&doc);
    let text = "虽然".to_string();
    assert_eq!(d.kind, DiagnosticKind::UnpairedMember { text });
    // <a>不仅</a>中文 is 11 characters.
    assert_eq!((d.line, d.column, d.severity()), (2, 12, Severity::Warning));
    assert_eq!(&doc.text[d.offset..d.offset + "虽然".len()], "虽然");
    // Order pairing skips the keyed member, so 不仅 and 而且 still pair.
    assert_eq!(doc.pairs.len(), 1);
    assert_eq!(doc.pair_label(0), "不仅…而且");
    assert_eq!(doc.spans[1].kind, SpanKind::Member);
    assert_eq!(doc.spans[1].pair, None);
}

#[test]
fn pair_key_used_three_times_pairs_the_first_two_and_warns_on_the_third() {
    let doc = parsed("<a pair=\"k\">虽然</a>\n<a pair=\"k\">但</a>\n𠮷<a pair=\"k\">也</a>\n");
    let d = only_diagnostic(&doc);
    let key = "k".to_string();
    assert_eq!(d.kind, DiagnosticKind::PairKeyReused { key });
    assert_eq!((d.line, d.column, d.severity()), (3, 2, Severity::Warning));
    assert_eq!(doc.pairs.len(), 1);
    assert_eq!(doc.pair_label(0), "虽然…但");
    assert_eq!(doc.spans[2].pair, None);
}

#[test]
fn several_problems_on_one_line_are_all_reported_in_order() {
    let doc = parsed("</a>中<CAND>𠮷<cand></cand>x<a>");
    let found: Vec<_> = doc
        .diagnostics
        .iter()
        .map(|d| (d.column, d.severity()))
        .collect();
    assert_eq!(
        found,
        vec![
            (1, Severity::Error),
            (6, Severity::Warning),
            (13, Severity::Warning),
            (27, Severity::Error),
        ]
    );
    assert_eq!(doc.text, "</a>中<CAND>𠮷<cand></cand>x<a>");
}

#[test]
fn a_lone_less_than_sign_before_many_spaces_is_plain_text() {
    // Regression: a lookalike scan used to slice past its window and panic here.
    let source = format!("<{}a>", " ".repeat(300));
    let doc = parsed(&source);
    assert_eq!(doc.text, source);
    assert!(doc.spans.is_empty());
}

#[test]
fn keyed_member_with_a_tag_inside_is_reported_at_its_own_column() {
    let doc = parsed("中<a pair=\"k\">甲<cand>乙</a>");
    let found: Vec<_> = doc
        .diagnostics
        .iter()
        .map(|d| (d.column, d.severity()))
        .collect();
    // The member's tag is at column 2; the <cand> inside it at 2 + 12 + 1 = 15.
    assert_eq!(found, vec![(2, Severity::Warning), (15, Severity::Error)]);
    let text = "甲<cand>乙".to_string();
    assert_eq!(
        doc.diagnostics[0].kind,
        DiagnosticKind::UnpairedMember { text }
    );
}
