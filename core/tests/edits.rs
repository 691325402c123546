//! Editing annotations: each edit and each refusal, undo and redo, the pairing diagnostics an
//! edit leaves, what the writer makes of an edited document, and a property over random edit
//! sequences (every state reads back after writing; undo and redo give back every state exactly).

use std::ops::Range;

use connectives_core::edit::{Edit, EditError, History};
use connectives_core::journal::{replay, Change};
use connectives_core::{parse, write, DiagnosticKind, Document, SpanId, SpanKind};
use proptest::prelude::*;
use proptest::sample::{select, Index};

mod support;
use support::span;

const EXAMPLE: &str = include_str!("../../www/examples/seed-zh.txt");
const FOUR_MEMBERS: &str = "<a>甲</a>，<a>乙</a>，<a>丙</a>，<a>丁</a>。\n";

/// The byte range of the first `text` on `line` (1-based).
fn range(doc: &Document, line: usize, text: &str) -> Range<usize> {
    let line = &doc.lines[line - 1];
    let at = doc.text[line.range.clone()]
        .find(text)
        .unwrap_or_else(|| panic!("no 「{text}」 on the line"));
    line.range.start + at..line.range.start + at + text.len()
}

fn mark(range: Range<usize>, kind: SpanKind) -> Edit {
    Edit::Mark { range, kind }
}

fn texts(doc: &Document) -> Vec<(SpanKind, &str)> {
    (0..doc.spans.len())
        .map(|id| (doc.spans[id].kind, doc.span_text(id)))
        .collect()
}

fn labels(doc: &Document) -> Vec<String> {
    (0..doc.pairs.len()).map(|id| doc.pair_label(id)).collect()
}

fn unpaired_texts(doc: &Document) -> Vec<&str> {
    doc.diagnostics
        .iter()
        .filter_map(|d| match &d.kind {
            DiagnosticKind::UnpairedMember { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// Everything an edit must keep true: span order and lines, pairs and their indices, sorted
/// diagnostics with exactly one pairing diagnostic per unpaired member, and a written document
/// that reads back with the same spans and pairs.
fn check_consistent(doc: &Document) -> Result<(), TestCaseError> {
    let mut next = 0;
    for (index, line) in doc.lines.iter().enumerate() {
        prop_assert_eq!(line.spans.start, next);
        next = line.spans.end;
        for id in line.spans.clone() {
            let span = &doc.spans[id];
            prop_assert_eq!(span.line, index);
            prop_assert!(!span.range.is_empty());
            prop_assert!(line.range.start <= span.range.start && span.range.end <= line.range.end);
        }
    }
    prop_assert_eq!(next, doc.spans.len());
    for w in doc.spans.windows(2) {
        prop_assert!(w[0].range.end <= w[1].range.start);
    }
    for (pair_id, pair) in doc.pairs.iter().enumerate() {
        prop_assert!(pair.first < pair.second);
        for id in [pair.first, pair.second] {
            prop_assert_eq!(doc.spans[id].kind, SpanKind::Member);
            prop_assert_eq!(doc.spans[id].pair, Some(pair_id));
        }
    }
    for w in doc.pairs.windows(2) {
        prop_assert!(w[0].first < w[1].first);
    }
    let paired = doc.spans.iter().filter(|s| s.pair.is_some()).count();
    prop_assert_eq!(paired, 2 * doc.pairs.len());

    let key = |d: &connectives_core::Diagnostic| (d.line, d.column, d.offset);
    for w in doc.diagnostics.windows(2) {
        prop_assert!(key(&w[0]) <= key(&w[1]), "{:?}", doc.diagnostics);
    }
    let pairing: Vec<(usize, usize)> = doc
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.kind,
                DiagnosticKind::UnpairedMember { .. } | DiagnosticKind::PairKeyReused { .. }
            )
        })
        .map(|d| (d.line - 1, d.offset))
        .collect();
    let mut expected: Vec<(usize, usize)> = doc
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::Member && s.pair.is_none())
        .map(|s| (s.line, s.range.start))
        .collect();
    let mut pairing = pairing;
    pairing.sort_unstable();
    expected.sort_unstable();
    prop_assert_eq!(
        pairing,
        expected,
        "one pairing diagnostic per unpaired member"
    );

    let written = write(doc);
    let again = parse(&written);
    prop_assert_eq!(&again.text, &doc.text);
    let shape = |d: &Document| -> Vec<_> {
        d.spans
            .iter()
            .map(|s| (s.kind, s.line, s.range.clone()))
            .collect()
    };
    prop_assert_eq!(shape(&again), shape(doc), "{}", written);
    prop_assert_eq!(&again.pairs, &doc.pairs, "{}", written);
    Ok(())
}

fn assert_consistent(doc: &Document) {
    if let Err(e) = check_consistent(doc) {
        panic!("{e}");
    }
}

/// Applies `edit`, checks the result, and checks that undo gives back the document exactly and
/// redo gives back the edited one.
fn edited(doc: &Document, edit: Edit) -> Document {
    let mut history = History::new();
    let mut after = doc.clone();
    history
        .apply(&mut after, edit.clone())
        .unwrap_or_else(|e| panic!("{edit:?} refused: {}", e.message()));
    assert_consistent(&after);
    assert_eq!(history.len(), 1);
    let mut back = after.clone();
    assert!(history.undo(&mut back));
    assert_eq!(&back, doc, "undo of {edit:?}");
    assert!(history.redo(&mut back));
    assert_eq!(back, after, "redo of {edit:?}");
    after
}

/// Applies `edit`, which must be refused, and checks that nothing changed.
fn refused(doc: &Document, edit: Edit) -> EditError {
    let mut history = History::new();
    let mut after = doc.clone();
    let error = history
        .apply(&mut after, edit.clone())
        .expect_err("the edit should be refused");
    assert_eq!(&after, doc, "a refused edit changes nothing");
    assert!(!history.can_undo());
    assert!(!error.message().is_empty() && !error.message_zh().is_empty());
    error
}

// --- Mark ---

#[test]
fn marking_adds_a_candidate_in_document_order() {
    let doc = parse("甲乙<cand>丙</cand>丁\n戊<a>己</a>\n");
    let after = edited(&doc, mark(range(&doc, 1, "乙"), SpanKind::Candidate));
    assert_eq!(
        texts(&after),
        [
            (SpanKind::Candidate, "乙"),
            (SpanKind::Candidate, "丙"),
            (SpanKind::Member, "己")
        ]
    );
    assert_eq!(after.lines[0].spans, 0..2);
    assert_eq!(after.lines[1].spans, 2..3);
    assert_eq!(
        write(&after),
        "甲<cand>乙</cand><cand>丙</cand>丁\n戊<a>己</a>\n"
    );
}

#[test]
fn a_marked_member_is_unpaired_and_reported() {
    let doc = parse("甲虽然乙，但丙。\n");
    let after = edited(&doc, mark(range(&doc, 1, "虽然"), SpanKind::Member));
    assert_eq!(after.pairs, []);
    let d = &after.diagnostics[0];
    assert_eq!(
        d.kind,
        DiagnosticKind::UnpairedMember {
            text: "虽然".to_string()
        }
    );
    // Column in characters of the tag-free line, offset at the member's first byte.
    assert_eq!((d.line, d.column, d.offset), (1, 2, 3));
    assert_eq!(write(&after), "甲<a>虽然</a>乙，但丙。\n");
}

#[test]
fn marking_two_members_on_a_line_then_linking_them_pairs_them_in_order() {
    let doc = parse("甲虽然乙，但丙。\n");
    let mut history = History::new();
    let mut after = doc.clone();
    for text in ["虽然", "但"] {
        let range = range(&after, 1, text);
        let edit = Edit::Mark {
            range,
            kind: SpanKind::Member,
        };
        history.apply(&mut after, edit).expect("mark");
    }
    assert_eq!(unpaired_texts(&after), ["虽然", "但"]);
    history
        .apply(&mut after, Edit::Link { a: 1, b: 0 })
        .expect("link");
    assert_consistent(&after);
    assert_eq!(labels(&after), ["虽然…但"]);
    assert_eq!(after.diagnostics, []);
    assert_eq!(write(&after), "甲<a>虽然</a>乙，<a>但</a>丙。\n");
    assert_eq!(history.len(), 3);
    while history.undo(&mut after) {}
    assert_eq!(after, doc);
}

#[test]
fn marking_refuses_an_empty_range() {
    let doc = parse("甲乙\n");
    assert_eq!(
        refused(&doc, mark(3..3, SpanKind::Candidate)),
        EditError::EmptyRange
    );
    #[allow(clippy::reversed_empty_ranges)]
    let backwards = 6..3;
    assert_eq!(
        refused(&doc, mark(backwards, SpanKind::Candidate)),
        EditError::EmptyRange
    );
}

#[test]
fn marking_refuses_a_range_across_lines() {
    let doc = parse("甲乙\n丙丁\n");
    let error = refused(&doc, mark(3..10, SpanKind::Member));
    assert_eq!(error, EditError::CrossesLines);
    assert!(error.message().contains("line"));
    // The line break alone is not on any line's text either.
    assert_eq!(
        refused(&doc, mark(6..7, SpanKind::Member)),
        EditError::CrossesLines
    );
}

#[test]
fn marking_refuses_a_range_inside_a_character_or_outside_the_text() {
    let doc = parse("甲乙\n");
    assert_eq!(
        refused(&doc, mark(1..3, SpanKind::Candidate)),
        EditError::NotOnCharBoundary
    );
    assert_eq!(
        refused(&doc, mark(3..99, SpanKind::Candidate)),
        EditError::OutsideText
    );
}

#[test]
fn marking_refuses_an_overlap_and_names_the_span() {
    let doc = parse("甲<cand>乙丙</cand>丁\n");
    for range in [0..6, 6..12, 3..9, 0..12, 3..6] {
        let error = refused(
            &doc,
            Edit::Mark {
                range,
                kind: SpanKind::Member,
            },
        );
        assert_eq!(
            error,
            EditError::Overlaps {
                span: 0,
                text: "乙丙".to_string()
            }
        );
        assert!(error.message().contains("「乙丙」"), "{}", error.message());
        assert!(
            error.message_zh().contains("「乙丙」"),
            "{}",
            error.message_zh()
        );
    }
    // Touching is not overlapping.
    edited(&doc, mark(0..3, SpanKind::Member));
    edited(&doc, mark(9..12, SpanKind::Member));
}

#[test]
fn marking_refuses_text_that_contains_tags() {
    // Unclosed, so the tags are literal text.
    for (source, markup) in [
        ("甲<a>乙", "<a"),
        ("甲<cand>乙", "<cand>"),
        ("甲</a>乙", "</a>"),
        ("甲</cand>乙", "</cand>"),
    ] {
        let doc = parse(source);
        let error = refused(&doc, mark(0..doc.text.len(), SpanKind::Candidate));
        assert_eq!(
            error,
            EditError::ContainsMarkup {
                markup: markup.to_string()
            },
            "{source}"
        );
        assert!(error.message().contains(markup));
    }
    // `<abbr>` is no tag of ours.
    let doc = parse("甲<abbr>乙");
    edited(&doc, mark(0..doc.text.len(), SpanKind::Candidate));
}

#[test]
fn marking_refuses_to_turn_literal_markup_on_the_line_into_a_tag() {
    // The `<a>` is unclosed; a member after it would bring the `</a>` that closes it.
    let doc = parse("<a>甲 乙\n");
    assert_eq!(doc.diagnostics.len(), 1);
    let error = refused(&doc, mark(range(&doc, 1, "乙"), SpanKind::Member));
    assert_eq!(error, EditError::MarkupOnLine { line: 0 });
    // A candidate brings `</cand>`, which leaves the `<a>` alone.
    edited(&doc, mark(range(&doc, 1, "乙"), SpanKind::Candidate));
}

// --- SetKind ---

#[test]
fn turning_a_member_into_a_candidate_unlinks_its_pair() {
    let doc = parse(EXAMPLE);
    let although = span(&doc, 10, "虽然");
    let but = span(&doc, 10, "但");
    let after = edited(
        &doc,
        Edit::SetKind {
            span: although,
            kind: SpanKind::Candidate,
        },
    );
    assert_eq!(after.spans[although].kind, SpanKind::Candidate);
    assert_eq!(after.spans[although].pair, None);
    assert_eq!(after.partner(but), None);
    assert_eq!(after.pairs.len(), doc.pairs.len() - 1);
    assert_eq!(unpaired_texts(&after), ["但"]);
    assert!(write(&after).contains(
        "<cand>虽然</cand>多次爆发骚乱冲突，吉尔吉斯斯坦<cand>还</cand>发生过“颜色革命”，<a>但</a>"
    ));
}

#[test]
fn turning_a_candidate_into_a_member_leaves_it_unpaired() {
    let doc = parse(EXAMPLE);
    let also = span(&doc, 10, "也");
    let after = edited(
        &doc,
        Edit::SetKind {
            span: also,
            kind: SpanKind::Member,
        },
    );
    assert_eq!(after.spans[also].kind, SpanKind::Member);
    assert_eq!(after.partner(also), None);
    assert_eq!(unpaired_texts(&after), ["也"]);
    assert_eq!(after.pairs, doc.pairs);
}

#[test]
fn setting_the_kind_a_span_has_changes_nothing_and_is_not_recorded() {
    let doc = parse(EXAMPLE);
    let mut after = doc.clone();
    let mut history = History::new();
    let edit = Edit::SetKind {
        span: 0,
        kind: SpanKind::Candidate,
    };
    history
        .apply(&mut after, edit)
        .expect("no change is no error");
    assert_eq!(after, doc);
    assert!(!history.can_undo());
}

#[test]
fn changing_kind_refuses_to_turn_literal_markup_into_a_tag() {
    // The candidate's text holds a literal `</a>`; as a member it would close early.
    let doc = parse("<cand>甲</a>乙</cand>\n");
    assert_eq!(doc.span_text(0), "甲</a>乙");
    let error = refused(
        &doc,
        Edit::SetKind {
            span: 0,
            kind: SpanKind::Member,
        },
    );
    assert_eq!(error, EditError::MarkupOnLine { line: 0 });
}

// --- Remove ---

#[test]
fn removing_a_member_takes_its_pair_and_leaves_the_partner_unpaired() {
    let doc = parse(EXAMPLE);
    let although = span(&doc, 15, "虽然");
    let after = edited(&doc, Edit::Remove { span: although });
    assert_eq!(after.spans.len(), doc.spans.len() - 1);
    assert_eq!(after.pairs.len(), doc.pairs.len() - 1);
    assert_eq!(after.text, doc.text);
    assert_eq!(unpaired_texts(&after), ["但"]);
    assert_eq!(after.diagnostics[0].line, 15);
    let written = write(&after);
    assert!(written.contains("大国竞逐之地。虽然由于历史"));
}

#[test]
fn removing_a_candidate_keeps_every_pair() {
    let doc = parse(EXAMPLE);
    let after = edited(&doc, Edit::Remove { span: 0 });
    assert_eq!(labels(&after), labels(&doc));
    assert!(write(&after).starts_with(
        "中国外交部8日官宣今年中国首场重大主场外交活动。继2022年2月齐聚北京冬奥会后，"
    ));
}

#[test]
fn removing_an_unpaired_member_takes_its_diagnostic() {
    let doc = parse("<a>甲</a>乙\n");
    assert_eq!(unpaired_texts(&doc), ["甲"]);
    let after = edited(&doc, Edit::Remove { span: 0 });
    assert_eq!(after.diagnostics, []);
}

#[test]
fn removing_refuses_to_turn_literal_markup_into_a_tag() {
    // The `<cand>` inside the member is literal; without the member it would open a candidate
    // that the literal `</cand>` closes.
    let doc = parse("<a>甲<cand>乙</a>丙</cand>\n");
    assert_eq!(doc.spans.len(), 1);
    let error = refused(&doc, Edit::Remove { span: 0 });
    assert_eq!(error, EditError::MarkupOnLine { line: 0 });
}

#[test]
fn removing_the_span_that_keeps_a_leading_feff_as_text_is_refused() {
    // Without the tag before it, U+FEFF at the start of the file is read as a byte order mark.
    let doc = parse("<cand>\u{FEFF}但</cand>是\n");
    assert!(!doc.bom);
    assert_eq!(
        refused(&doc, Edit::Remove { span: 0 }),
        EditError::ByteOrderMarkAtStart
    );
    // With a real byte order mark before it, the character stays text either way.
    let doc = parse("\u{FEFF}<cand>\u{FEFF}但</cand>是\n");
    let after = edited(&doc, Edit::Remove { span: 0 });
    assert_eq!(write(&after), "\u{FEFF}\u{FEFF}但是\n");
}

#[test]
fn removing_the_span_that_keeps_a_line_end_carriage_return_as_text_is_refused() {
    // Without the tag after it, `\r` before the line break would make the break a CRLF.
    let doc = parse("甲<cand>乙\r</cand>\n丙\n");
    assert_eq!(doc.line_text(0), "甲乙\r");
    assert_eq!(
        refused(&doc, Edit::Remove { span: 0 }),
        EditError::CarriageReturnAtLineEnd { line: 0 }
    );
    // Another span at the line end keeps it: after the candidate, a member.
    let doc = parse("<cand>甲</cand><a>乙\r</a>\n");
    edited(&doc, Edit::Remove { span: 0 });
}

// --- Link and Unlink ---

#[test]
fn linking_two_members_pairs_them() {
    let doc = parse("<a>甲</a>乙<a>丙</a>丁<a>戊</a>\n");
    assert_eq!(labels(&doc), ["甲…丙"]);
    let after = edited(&doc, Edit::Link { a: 1, b: 2 });
    assert_eq!(labels(&after), ["丙…戊"]);
    assert_eq!(unpaired_texts(&after), ["甲"]);
}

#[test]
fn linking_a_member_that_has_a_partner_unpairs_the_old_partner() {
    let doc = parse(FOUR_MEMBERS);
    assert_eq!(labels(&doc), ["甲…乙", "丙…丁"]);
    let after = edited(&doc, Edit::Link { a: 0, b: 2 });
    assert_eq!(labels(&after), ["甲…丙"]);
    assert_eq!(after.partner(1), None);
    assert_eq!(after.partner(3), None);
    assert_eq!(unpaired_texts(&after), ["乙", "丁"]);
}

#[test]
fn linking_refuses_a_candidate() {
    let doc = parse("<a>虽然</a>甲<cand>但</cand>\n");
    let error = refused(&doc, Edit::Link { a: 0, b: 1 });
    assert_eq!(
        error,
        EditError::NotAMember {
            span: 1,
            text: "但".to_string()
        }
    );
    assert!(error.message().contains("「但」"));
}

#[test]
fn linking_refuses_the_same_span() {
    let doc = parse("<a>虽然</a>甲\n");
    assert_eq!(
        refused(&doc, Edit::Link { a: 0, b: 0 }),
        EditError::SameSpan { span: 0 }
    );
}

#[test]
fn linking_partners_again_changes_nothing() {
    let doc = parse(FOUR_MEMBERS);
    let mut after = doc.clone();
    let mut history = History::new();
    history
        .apply(&mut after, Edit::Link { a: 1, b: 0 })
        .expect("already partners");
    assert_eq!(after, doc);
    assert!(!history.can_undo());
}

#[test]
fn linking_across_lines_is_written_with_keys() {
    let doc = parse("<a>虽然</a>甲\n乙<a>但</a>\n");
    let after = edited(&doc, Edit::Link { a: 0, b: 1 });
    assert_eq!(labels(&after), ["虽然…但"]);
    assert_eq!(after.diagnostics, []);
    assert_eq!(
        write(&after),
        "<a pair=\"p1\">虽然</a>甲\n乙<a pair=\"p1\">但</a>\n"
    );
}

#[test]
fn unlinking_leaves_both_members_unpaired() {
    let doc = parse(EXAMPLE);
    let although = span(&doc, 10, "虽然");
    let after = edited(
        &doc,
        Edit::Unlink {
            span: span(&doc, 10, "但"),
        },
    );
    assert_eq!(after.partner(although), None);
    assert_eq!(after.pairs.len(), 7);
    assert_eq!(unpaired_texts(&after), ["虽然", "但"]);
    assert!(after.diagnostics.iter().all(|d| d.line == 10));
}

#[test]
fn unlinking_refuses_a_span_without_a_partner() {
    let doc = parse("<a>虽然</a>甲<cand>但</cand>\n");
    let error = refused(&doc, Edit::Unlink { span: 0 });
    assert_eq!(
        error,
        EditError::NotPaired {
            span: 0,
            text: "虽然".to_string()
        }
    );
    assert!(matches!(
        refused(&doc, Edit::Unlink { span: 1 }),
        EditError::NotPaired { .. }
    ));
}

#[test]
fn span_ids_that_do_not_exist_are_refused() {
    let doc = parse(FOUR_MEMBERS);
    for edit in [
        Edit::SetKind {
            span: 4,
            kind: SpanKind::Candidate,
        },
        Edit::Remove { span: 4 },
        Edit::Link { a: 0, b: 4 },
        Edit::Link {
            a: usize::MAX,
            b: 0,
        },
        Edit::Unlink { span: 99 },
    ] {
        assert!(matches!(refused(&doc, edit), EditError::NoSuchSpan(_)));
    }
}

// --- Pairing diagnostics ---

#[test]
fn a_reused_key_is_reported_until_its_member_is_linked() {
    let doc = parse("<a pair=\"x\">甲</a><a pair=\"x\">乙</a><a pair=\"x\">丙</a><a>丁</a>\n");
    let reused = |d: &Document| {
        d.diagnostics
            .iter()
            .filter(|d| matches!(d.kind, DiagnosticKind::PairKeyReused { .. }))
            .count()
    };
    assert_eq!(reused(&doc), 1);
    assert_eq!(unpaired_texts(&doc), ["丁"]);
    // Linking 丙 with 丁 leaves no member unpaired.
    let after = edited(&doc, Edit::Link { a: 2, b: 3 });
    assert_eq!(after.diagnostics, []);
    // Unlinking them reports both as unpaired; 丙's key, which named the old pairing, is gone.
    let again = edited(&after, Edit::Unlink { span: 2 });
    assert_eq!(reused(&again), 0);
    assert_eq!(unpaired_texts(&again), ["丙", "丁"]);
}

#[test]
fn diagnostics_about_markup_stay_as_read() {
    let doc = parse("甲<CAND>乙 丙\n");
    let after = edited(&doc, mark(range(&doc, 1, "丙"), SpanKind::Member));
    assert_eq!(after.diagnostics[0], doc.diagnostics[0]);
    assert_eq!(after.diagnostics.len(), 2);
}

// --- History ---

#[test]
fn undo_and_redo_walk_the_history_and_a_new_edit_clears_redo() {
    let doc = parse(EXAMPLE);
    let mut history = History::new();
    assert!(!history.can_undo() && !history.can_redo() && history.is_empty());
    let mut current = doc.clone();
    assert!(!history.undo(&mut current));
    assert!(!history.redo(&mut current));

    let although = span(&doc, 20, "虽然");
    let edits = [
        Edit::Unlink { span: although },
        Edit::SetKind {
            span: although,
            kind: SpanKind::Candidate,
        },
        Edit::Remove { span: 0 },
    ];
    let mut states = vec![current.clone()];
    for edit in edits {
        history.apply(&mut current, edit).expect("valid edit");
        states.push(current.clone());
    }
    assert_eq!(history.len(), 3);
    assert!(history.undo(&mut current));
    assert!(history.undo(&mut current));
    assert_eq!(current, states[1]);
    assert_eq!((history.len(), history.redo_len()), (1, 2));
    assert!(history.redo(&mut current));
    assert_eq!(current, states[2]);

    // A new edit drops what could be redone.
    let first_words = mark(range(&current, 1, "中国外交部"), SpanKind::Candidate);
    history
        .apply(&mut current, first_words)
        .expect("valid mark");
    assert!(!history.can_redo());
    assert_eq!(history.len(), 3);
    while history.undo(&mut current) {}
    assert_eq!(current, doc);
}

#[test]
fn a_refused_edit_keeps_the_redo_stack() {
    let mut doc = parse(FOUR_MEMBERS);
    let mut history = History::new();
    history
        .apply(&mut doc, Edit::Unlink { span: 0 })
        .expect("valid");
    assert!(history.undo(&mut doc));
    assert!(history.apply(&mut doc, Edit::Link { a: 0, b: 0 }).is_err());
    assert!(history.can_redo());
}

#[test]
fn undo_refuses_a_document_it_does_not_know() {
    let mut doc = parse(FOUR_MEMBERS);
    let mut history = History::new();
    history
        .apply(&mut doc, Edit::Remove { span: 3 })
        .expect("valid");
    let mut other = parse("甲\n");
    let before = other.clone();
    assert!(!history.undo(&mut other));
    assert_eq!(other, before);
    assert!(history.undo(&mut doc));
}

// --- What the writer makes of edits ---

#[test]
fn nested_links_key_only_the_outer_pair() {
    let mut doc = parse(FOUR_MEMBERS);
    let mut history = History::new();
    history
        .apply(&mut doc, Edit::Link { a: 0, b: 3 })
        .expect("link");
    history
        .apply(&mut doc, Edit::Link { a: 1, b: 2 })
        .expect("link");
    assert_consistent(&doc);
    assert_eq!(
        write(&doc),
        "<a pair=\"p1\">甲</a>，<a>乙</a>，<a>丙</a>，<a pair=\"p1\">丁</a>。\n"
    );
}

#[test]
fn crossing_links_key_one_pair() {
    let mut doc = parse(FOUR_MEMBERS);
    let mut history = History::new();
    history
        .apply(&mut doc, Edit::Link { a: 0, b: 2 })
        .expect("link");
    history
        .apply(&mut doc, Edit::Link { a: 1, b: 3 })
        .expect("link");
    assert_consistent(&doc);
    assert_eq!(
        write(&doc),
        "<a>甲</a>，<a pair=\"p1\">乙</a>，<a>丙</a>，<a pair=\"p1\">丁</a>。\n"
    );
    // Undone, the members are written as they were read.
    while history.undo(&mut doc) {}
    assert_eq!(write(&doc), FOUR_MEMBERS);
}

#[test]
fn unlinked_members_are_written_so_that_order_does_not_pair_them() {
    let doc = parse("<a>甲</a>，<a>乙</a>\n");
    let after = edited(&doc, Edit::Unlink { span: 0 });
    assert_eq!(write(&after), "<a pair=\"p1\">甲</a>，<a>乙</a>\n");
}

#[test]
fn keys_from_the_source_stay_on_pairs_an_edit_does_not_touch() {
    let source = "<a pair=\"k\">甲</a><a>乙</a><a pair=\"k\">丙</a><a>丁</a>\n";
    let doc = parse(source);
    assert_eq!(labels(&doc), ["甲…丙", "乙…丁"]);
    let after = edited(&doc, Edit::Unlink { span: 1 });
    assert_eq!(
        write(&after),
        "<a pair=\"k\">甲</a><a pair=\"p1\">乙</a><a pair=\"k\">丙</a><a>丁</a>\n"
    );
}

#[test]
fn error_messages_are_worded_in_both_languages() {
    let errors = [
        EditError::NoSuchSpan(3),
        EditError::EmptyRange,
        EditError::OutsideText,
        EditError::NotOnCharBoundary,
        EditError::CrossesLines,
        EditError::Overlaps {
            span: 0,
            text: "但".into(),
        },
        EditError::ContainsMarkup {
            markup: "</a>".into(),
        },
        EditError::MarkupOnLine { line: 4 },
        EditError::ByteOrderMarkAtStart,
        EditError::CarriageReturnAtLineEnd { line: 0 },
        EditError::NotAMember {
            span: 0,
            text: "但".into(),
        },
        EditError::SameSpan { span: 0 },
        EditError::NotPaired {
            span: 0,
            text: "但".into(),
        },
        EditError::OtherText,
    ];
    for error in errors {
        let (en, zh) = (error.message(), error.message_zh());
        assert!(en.is_ascii() || en.contains('「'), "{en}");
        assert!(!zh.is_ascii(), "{zh}");
        assert_eq!(error.to_string(), en);
    }
}

// --- Large documents ---

#[test]
fn edits_on_a_large_document_undo_exactly() {
    // About 2 MB and 20,000 spans; each edit shifts ids and line ranges all the way down.
    let line = "上合组织成立<cand>以来</cand>，中亚国家<a>虽然</a>多次爆发骚乱冲突，<a>但</a>地区整体局势保持了基本稳定，没有发生类似的大规模动荡，经济也在增长。\n";
    let source = line.repeat(7_000);
    let doc = parse(&source);
    assert_eq!(doc.spans.len(), 21_000);
    let mut current = doc.clone();
    let mut history = History::new();
    for i in 0..100 {
        let id = (i * 97) % current.spans.len();
        let edit = match i % 4 {
            0 => Edit::Remove { span: id },
            1 => Edit::SetKind {
                span: id,
                kind: SpanKind::Member,
            },
            2 => Edit::Link {
                a: id,
                b: (id + 4) % current.spans.len(),
            },
            _ => {
                let line = current.spans[id].line + 1;
                mark(range(&current, line, "经济"), SpanKind::Candidate)
            }
        };
        let _ = history.apply(&mut current, edit);
    }
    assert!(history.len() > 50);
    while history.undo(&mut current) {}
    assert_eq!(current, doc);
}

// --- Property ---

/// An edit with its span ids and positions still to be drawn against the document at hand.
#[derive(Clone, Debug)]
enum Draw {
    /// On a line, from a character, over 1–8 characters (maybe past the line end).
    Mark {
        line: Index,
        at: Index,
        chars: usize,
        kind: SpanKind,
    },
    /// Around an existing span, a character more or less on each side.
    MarkAround {
        span: Index,
        grow: (i8, i8),
        kind: SpanKind,
    },
    /// Any bytes at all.
    MarkBytes {
        start: usize,
        len: usize,
        kind: SpanKind,
    },
    SetKind {
        span: Index,
        kind: SpanKind,
    },
    Remove {
        span: Index,
    },
    Link {
        a: Index,
        b: Index,
    },
    /// Two members, when there are two.
    LinkMembers {
        a: Index,
        b: Index,
    },
    Unlink {
        span: Index,
    },
    Undo,
    Redo,
}

/// A span id, one in a few past the last.
fn span_id(doc: &Document, pick: &Index) -> SpanId {
    pick.index(doc.spans.len() + 1 + doc.spans.len() / 8)
}

/// Moves `at` by `by` characters within the text.
fn step_chars(text: &str, at: usize, by: i8) -> usize {
    let mut at = at;
    for _ in 0..by.unsigned_abs() {
        let moved = if by < 0 {
            text[..at].chars().next_back().map(|c| at - c.len_utf8())
        } else {
            text[at..].chars().next().map(|c| at + c.len_utf8())
        };
        at = moved.unwrap_or(at);
    }
    at
}

/// `None` for undo and redo.
fn resolve(doc: &Document, draw: &Draw) -> Option<Edit> {
    Some(match draw {
        Draw::Mark {
            line,
            at,
            chars,
            kind,
        } => {
            if doc.lines.is_empty() {
                return Some(mark(0..1, *kind));
            }
            let line = &doc.lines[line.index(doc.lines.len())];
            let starts: Vec<usize> = doc.text[line.range.clone()]
                .char_indices()
                .map(|(i, _)| line.range.start + i)
                .chain([line.range.end])
                .collect();
            let start = starts[at.index(starts.len())];
            let end = step_chars(&doc.text, start, *chars as i8);
            mark(start..end, *kind)
        }
        Draw::MarkAround { span, grow, kind } => {
            let id = span.index(doc.spans.len().max(1));
            let Some(span) = doc.spans.get(id) else {
                return Some(mark(0..0, *kind));
            };
            let start = step_chars(&doc.text, span.range.start, -grow.0);
            let end = step_chars(&doc.text, span.range.end, grow.1);
            mark(start..end, *kind)
        }
        Draw::MarkBytes { start, len, kind } => {
            let start = start % (doc.text.len() + 2);
            mark(start..start + len, *kind)
        }
        Draw::SetKind { span, kind } => Edit::SetKind {
            span: span_id(doc, span),
            kind: *kind,
        },
        Draw::Remove { span } => Edit::Remove {
            span: span_id(doc, span),
        },
        Draw::Link { a, b } => Edit::Link {
            a: span_id(doc, a),
            b: span_id(doc, b),
        },
        Draw::LinkMembers { a, b } => {
            let members: Vec<SpanId> = (0..doc.spans.len())
                .filter(|&id| doc.spans[id].kind == SpanKind::Member)
                .collect();
            if members.is_empty() {
                return Some(Edit::Link { a: 0, b: 0 });
            }
            Edit::Link {
                a: members[a.index(members.len())],
                b: members[b.index(members.len())],
            }
        }
        Draw::Unlink { span } => Edit::Unlink {
            span: span_id(doc, span),
        },
        Draw::Undo | Draw::Redo => return None,
    })
}

fn kind() -> impl Strategy<Value = SpanKind> {
    prop_oneof![Just(SpanKind::Candidate), Just(SpanKind::Member)]
}

fn draw() -> impl Strategy<Value = Draw> {
    prop_oneof![
        3 => (any::<Index>(), any::<Index>(), 1..9usize, kind())
            .prop_map(|(line, at, chars, kind)| Draw::Mark { line, at, chars, kind }),
        2 => (any::<Index>(), (-1..2i8, -1..2i8), kind())
            .prop_map(|(span, grow, kind)| Draw::MarkAround { span, grow, kind }),
        1 => (any::<usize>(), 0..8usize, kind())
            .prop_map(|(start, len, kind)| Draw::MarkBytes { start, len, kind }),
        2 => (any::<Index>(), kind()).prop_map(|(span, kind)| Draw::SetKind { span, kind }),
        2 => any::<Index>().prop_map(|span| Draw::Remove { span }),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Draw::Link { a, b }),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Draw::LinkMembers { a, b }),
        2 => any::<Index>().prop_map(|span| Draw::Unlink { span }),
        1 => Just(Draw::Undo),
        1 => Just(Draw::Redo),
    ]
}

/// Small documents with candidates, members (some keyed) and literal markup.
fn small_document() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => select(&["甲", "虽然", "但", "不仅", "也", "𠮷", "a", "，", " ", "\r"][..]).prop_map(str::to_string),
        2 => select(&["但", "其中", "也", "也\r", "\u{FEFF}但"][..]).prop_map(|w| format!("<cand>{w}</cand>")),
        3 => select(&["虽然", "但", "不仅", "而且"][..]).prop_map(|w| format!("<a>{w}</a>")),
        1 => (select(&["甲", "乙"][..]), select(&["k", "m"][..]))
            .prop_map(|(w, k)| format!("<a pair=\"{k}\">{w}</a>")),
        2 => select(&["<a>", "</a>", "<cand>", "</cand>", "<", "<CAND>", "\u{FEFF}"][..])
            .prop_map(str::to_string),
    ];
    let line = (
        prop::collection::vec(piece, 0..8),
        select(&["\n", "\r\n", ""][..]),
    );
    prop::collection::vec(line, 0..5).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(pieces, ending)| pieces.concat() + ending)
            .collect()
    })
}

/// Runs the draws, checking every state, then undoes and redoes everything.
fn check_edits(source: &str, draws: &[Draw]) -> Result<(), TestCaseError> {
    let original = parse(source);
    check_consistent(&original)?;
    let mut doc = original.clone();
    let mut history = History::new();
    // The states undo walks back through, and the ones redo walks forward through.
    let mut done = vec![original.clone()];
    let mut undone: Vec<Document> = Vec::new();
    for draw in draws {
        match resolve(&doc, draw) {
            Some(edit) => {
                let before = doc.clone();
                let (len, redo_len) = (history.len(), history.redo_len());
                match history.apply(&mut doc, edit.clone()) {
                    Err(_) => {
                        prop_assert_eq!(&doc, &before, "refused {:?} changed the document", edit);
                        prop_assert_eq!((history.len(), history.redo_len()), (len, redo_len));
                    }
                    Ok(()) if history.len() == len => prop_assert_eq!(&doc, &before),
                    Ok(()) => {
                        check_consistent(&doc)?;
                        prop_assert_eq!(history.redo_len(), 0);
                        done.push(doc.clone());
                        undone.clear();
                    }
                }
            }
            None if matches!(draw, Draw::Undo) => {
                prop_assert_eq!(history.undo(&mut doc), done.len() > 1);
                if done.len() > 1 {
                    undone.extend(done.pop());
                }
                prop_assert_eq!(Some(&doc), done.last());
            }
            None => {
                prop_assert_eq!(history.redo(&mut doc), !undone.is_empty());
                done.extend(undone.pop());
                prop_assert_eq!(Some(&doc), done.last());
            }
        }
    }
    // Undo everything, then redo everything.
    while history.redo(&mut doc) {}
    done.extend(undone.drain(..).rev());
    prop_assert_eq!(Some(&doc), done.last());
    for state in done.iter().rev().skip(1) {
        prop_assert!(history.undo(&mut doc));
        prop_assert_eq!(&doc, state);
    }
    prop_assert!(!history.undo(&mut doc));
    prop_assert_eq!(&doc, &original);
    for state in done.iter().skip(1) {
        prop_assert!(history.redo(&mut doc));
        prop_assert_eq!(&doc, state);
    }
    prop_assert!(!history.redo(&mut doc));
    Ok(())
}

/// What a page does across a reload: the draws before `cut` are saved (written text and
/// serialized history), the rest only journaled. Reopening the saved text, its history and the
/// journal gives the same document; undo then walks back to the original.
fn check_reopened(source: &str, draws: &[Draw], cut: usize) -> Result<(), TestCaseError> {
    let original = parse(source);
    let mut doc = original.clone();
    let mut history = History::new();
    // What the page stores: the text, the history, and the diagnostics the edits left (the
    // parser would word some of them otherwise).
    let save = |doc: &Document, history: &History| {
        (
            write(doc),
            serde_json::to_string(history).expect("history serializes"),
            serde_json::to_string(&doc.diagnostics).expect("diagnostics serialize"),
        )
    };
    let mut saved = save(&doc, &history);
    let mut journal = Vec::new();
    for (index, draw) in draws.iter().enumerate() {
        if index == cut {
            saved = save(&doc, &history);
            journal.clear();
        }
        let change = match (resolve(&doc, draw), draw) {
            (Some(edit), _) => history
                .apply(&mut doc, edit.clone())
                .ok()
                .map(|()| Change::Edit(edit)),
            (None, Draw::Undo) => history.undo(&mut doc).then_some(Change::Undo),
            (None, _) => history.redo(&mut doc).then_some(Change::Redo),
        };
        journal.extend(change);
    }
    let mut reopened = parse(&saved.0);
    reopened.diagnostics = serde_json::from_str(&saved.2).expect("diagnostics read back");
    let mut reopened_history: History = serde_json::from_str(&saved.1).expect("history reads back");
    replay(&mut reopened, &mut reopened_history, &journal)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    // The same annotations; the writer may name pair keys differently.
    prop_assert_eq!(annotations(&reopened), annotations(&doc));
    prop_assert_eq!(&reopened.diagnostics, &doc.diagnostics);
    prop_assert_eq!(reopened_history.len(), history.len());
    check_consistent(&reopened)?;
    while reopened_history.undo(&mut reopened) {
        check_consistent(&reopened)?;
    }
    prop_assert!(reopened_history.is_empty(), "undo walks all the way back");
    prop_assert_eq!(annotations(&reopened), annotations(&original));
    prop_assert_eq!(&reopened.diagnostics, &original.diagnostics);
    Ok(())
}

/// Spans by kind and place, and pairs: what a user sees of a document.
type Seen = (Vec<(SpanKind, Range<usize>)>, Vec<(SpanId, SpanId)>);

fn annotations(doc: &Document) -> Seen {
    (
        doc.spans
            .iter()
            .map(|s| (s.kind, s.range.clone()))
            .collect(),
        doc.pairs.iter().map(|p| (p.first, p.second)).collect(),
    )
}

#[test]
fn restoring_a_version_is_one_step_that_undo_takes_back() {
    let doc = parse(FOUR_MEMBERS);
    let mut current = doc.clone();
    let mut history = History::new();
    history
        .apply(&mut current, Edit::Remove { span: 0 })
        .expect("valid");
    history
        .apply(&mut current, Edit::Remove { span: 0 })
        .expect("valid");
    let edited = current.clone();
    history.replace(&mut current, &doc).expect("same text");
    assert_eq!(current, doc);
    assert_eq!(history.len(), 3);
    assert!(history.undo(&mut current));
    assert_eq!(current, edited);
    assert!(history.redo(&mut current));
    assert_eq!(current, doc);
    let other = parse("<a>乙</a>\n");
    assert_eq!(
        history.replace(&mut current, &other),
        Err(EditError::OtherText)
    );
    assert_eq!(history.len(), 3, "a refused restore is not recorded");
}

#[test]
fn a_journal_that_does_not_fit_the_saved_document_changes_nothing() {
    let mut doc = parse(FOUR_MEMBERS);
    let mut history = History::new();
    let before = doc.clone();
    let journal = [
        Change::Edit(Edit::Remove { span: 3 }),
        Change::Edit(Edit::Remove { span: 3 }),
    ];
    let error = replay(&mut doc, &mut history, &journal).unwrap_err();
    assert_eq!(error.index, 1);
    assert_eq!(doc, before);
    assert!(history.is_empty());
    assert!(replay(&mut doc, &mut history, &[Change::Undo]).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn edits_saved_midway_reopen_with_their_history_and_journal(
        source in small_document(),
        draws in prop::collection::vec(draw(), 0..30),
        cut in 0..30usize,
    ) {
        check_reopened(&source, &draws, cut)?;
    }

    #[test]
    fn edits_on_the_example_reopen_with_their_history_and_journal(
        draws in prop::collection::vec(draw(), 0..30),
        cut in 0..30usize,
    ) {
        check_reopened(EXAMPLE, &draws, cut)?;
    }

    #[test]
    fn edits_on_the_example_read_back_and_undo_exactly(
        draws in prop::collection::vec(draw(), 0..40),
    ) {
        check_edits(EXAMPLE, &draws)?;
    }

    #[test]
    fn edits_on_small_documents_read_back_and_undo_exactly(
        source in small_document(),
        draws in prop::collection::vec(draw(), 0..30),
    ) {
        check_edits(&source, &draws)?;
    }
}
