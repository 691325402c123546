//! The suggester on hand-made lines: what it suggests and what not, pairs through the lexicon,
//! confidences, no overlaps, no panics, and tagged output that keeps the existing markup.
//! Tests use the built-in model; one trains a model of its own on made-up documents.

use std::io::Write;

use connectives_core::lexicon::Lexicon;
use connectives_core::suggest::{
    suggest, write_with_suggestions, Model, PairSide, Suggestions, BUILTIN_MODEL,
};
use connectives_core::{parse, write, Document, SpanKind};
use proptest::prelude::*;
use proptest::sample::select;

fn suggestions(source: &str) -> (Document, Suggestions) {
    let doc = parse(source);
    let found = suggest(&doc, Lexicon::builtin(), Model::builtin());
    (doc, found)
}

/// The confidence of the suggestion with exactly this byte range, if there is one.
fn confidence_at(found: &Suggestions, range: std::ops::Range<usize>) -> Option<f32> {
    found
        .spans
        .iter()
        .find(|s| s.range == range)
        .map(|s| s.confidence)
}

fn range_of(text: &str, needle: &str, nth: usize) -> std::ops::Range<usize> {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} #{nth} in {text}"))
        .0;
    start..start + needle.len()
}

#[test]
fn the_builtin_model_reads_and_knows_common_connectives() {
    let model = Model::parse(BUILTIN_MODEL).expect("the shipped model reads");
    for word in ["但", "但是", "因此", "虽然", "而且"] {
        assert!(
            model.words().iter().any(|w| w.text == word),
            "{word} is in the model"
        );
    }
    assert_eq!(Model::builtin().words().len(), model.words().len());
}

#[test]
fn the_model_file_is_under_30_kb_gzipped() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(BUILTIN_MODEL.as_bytes()).expect("gzip");
    let gzipped = encoder.finish().expect("gzip");
    assert!(
        gzipped.len() <= 30 * 1024,
        "{} bytes gzipped",
        gzipped.len()
    );
}

#[test]
fn clause_initial_dan_is_suggested() {
    let text = "他们的收入增加了，但物价也上涨了。";
    let (_, found) = suggestions(text);
    let p = confidence_at(&found, range_of(text, "但", 0)).expect("但 is suggested");
    assert!(p >= 0.5, "但 after a comma: {p}");
}

#[test]
fn zai_inside_a_word_or_as_a_preposition_is_not_suggested() {
    let text = "目前存在的问题是在工作中发现的。";
    let (_, found) = suggestions(text);
    let 存在 = range_of(text, "在", 0);
    let preposition = range_of(text, "在", 1);
    for range in [存在, preposition] {
        let p = confidence_at(&found, range.clone()).unwrap_or(0.0);
        assert!(p < 0.5, "在 at {range:?}: {p}");
    }
}

#[test]
fn an_untagged_suiran_dan_becomes_a_suggested_pair() {
    let text = "虽然下了大雨，但是比赛照常进行。";
    let (_, found) = suggestions(text);
    let suiran = found
        .spans
        .iter()
        .position(|s| s.range == range_of(text, "虽然", 0))
        .expect("虽然 suggested");
    let danshi = found
        .spans
        .iter()
        .position(|s| s.range == range_of(text, "但是", 0))
        .expect("但是 suggested");
    let pair = found.pair_of(suiran).expect("虽然 in a pair");
    assert_eq!(pair.first, PairSide::Suggested(suiran));
    assert_eq!(pair.second, PairSide::Suggested(danshi));
    assert!(pair.confidence > 0.0 && pair.confidence <= 1.0);
}

#[test]
fn a_marked_suiran_gets_its_untagged_dan_as_partner() {
    let source = "<a>虽然</a>下了大雨，但比赛照常进行。";
    let (doc, found) = suggestions(source);
    let dan = found
        .spans
        .iter()
        .position(|s| s.range == range_of(&doc.text, "但", 0))
        .expect("但 suggested");
    let pair = found.pair_of(dan).expect("但 in a pair");
    assert_eq!(pair.first, PairSide::Span(0));
    assert_eq!(pair.second, PairSide::Suggested(dan));
    let out = write_with_suggestions(&doc, &found.above(0.5));
    assert_eq!(out, "<a>虽然</a>下了大雨，<a>但</a>比赛照常进行。");
    let back = parse(&out);
    assert_eq!(back.pairs.len(), 1);
}

#[test]
fn without_a_lexicon_there_are_no_pairs() {
    let doc = parse("虽然下了大雨，但是比赛照常进行。");
    let found = suggest(&doc, &Lexicon::default(), Model::builtin());
    assert!(found.pairs.is_empty());
}

#[test]
fn ranked_is_by_confidence_and_the_clause_initial_word_ranks_higher() {
    let text = "我们在这里工作，但他不在。因此，我们走了。";
    let (_, found) = suggestions(text);
    let ranked = found.ranked();
    assert_eq!(ranked.len(), found.spans.len());
    for w in ranked.windows(2) {
        assert!(found.spans[w[0]].confidence >= found.spans[w[1]].confidence);
    }
    let dan = confidence_at(&found, range_of(text, "但", 0)).unwrap_or(0.0);
    let zai = confidence_at(&found, range_of(text, "在", 0)).unwrap_or(0.0);
    assert!(dan > zai, "但 {dan} above 在 {zai}");
}

#[test]
fn above_keeps_only_the_confident_and_renumbers_pairs() {
    let (_, found) = suggestions("虽然下了大雨，但是比赛照常进行，也有人在。");
    let strong = found.above(0.5);
    assert!(strong.spans.iter().all(|s| s.confidence >= 0.5));
    for pair in &strong.pairs {
        for side in [pair.first, pair.second] {
            if let PairSide::Suggested(i) = side {
                assert!(i < strong.spans.len());
            }
        }
    }
    assert!(found.above(1.01).spans.is_empty());
}

#[test]
fn a_trained_model_learns_what_is_tagged_where() {
    // 而 is a connective after a comma and not inside 然而 … nor at the start of 而已.
    let docs: Vec<Document> = (0..20)
        .map(|_| {
            parse(
                "他很累，<cand>而</cand>她很好。这只是玩笑而已。\n我们去了，<cand>而</cand>你没来。\n",
            )
        })
        .collect();
    let model = Model::train(&docs, Lexicon::builtin());
    let text = "天很冷，而风很大。不过如此而已。";
    let found = suggest(&parse(text), Lexicon::builtin(), &model);
    let after_comma = confidence_at(&found, range_of(text, "而", 0)).unwrap_or(0.0);
    let in_word = confidence_at(&found, range_of(text, "而", 1)).unwrap_or(0.0);
    assert!(after_comma > 0.5, "{after_comma}");
    assert!(in_word < 0.5, "{in_word}");
    // The text form reads back as the same model.
    let again = Model::parse(&model.to_text("test")).expect("reads");
    assert_eq!(
        suggest(&parse(text), Lexicon::builtin(), &again),
        suggest(&parse(text), Lexicon::builtin(), &model)
    );
}

#[test]
fn suggestions_never_overlap_existing_spans() {
    let source = "<cand>但是</cand>，但是我们<a>虽然</a>在，<cand>但</cand>也是。";
    let (doc, found) = suggestions(source);
    for s in &found.spans {
        for span in &doc.spans {
            assert!(
                s.range.end <= span.range.start || span.range.end <= s.range.start,
                "{s:?} overlaps {span:?}"
            );
        }
    }
}

/// The original text is a subsequence of the output with only whole tags added, and the
/// existing spans and pairs read back the same.
fn check_output_keeps_marks(source: &str, min_confidence: f32) {
    let doc = parse(source);
    let found = suggest(&doc, Lexicon::builtin(), Model::builtin()).above(min_confidence);
    let out = write_with_suggestions(&doc, &found);
    let written = write(&doc);
    // Only tags inserted: removing the new tags gives back write(doc).
    let mut rest = out.as_str();
    let mut rebuilt = String::new();
    while !rest.is_empty() {
        let tag = ["<cand>", "</cand>", "</a>", "<a>"]
            .iter()
            .find(|t| rest.starts_with(**t))
            .map(|t| t.len())
            .or_else(|| {
                rest.strip_prefix("<a pair=\"s")
                    .and_then(|r| r.find("\">").map(|i| "<a pair=\"s".len() + i + 2))
            });
        // A tag of the output that is not in write(doc) at this point is an added one.
        match tag {
            Some(len) if !written[rebuilt.len()..].starts_with(&rest[..len]) => {
                rest = &rest[len..];
            }
            _ => {
                let c = rest.chars().next().map_or(1, char::len_utf8);
                rebuilt.push_str(&rest[..c]);
                rest = &rest[c..];
            }
        }
    }
    assert_eq!(rebuilt, written, "only tags added to {source:?}: {out:?}");
    let back = parse(&out);
    assert_eq!(back.text, doc.text);
    let added = found
        .spans
        .iter()
        .filter(|s| !doc.line_text(s.line).contains('<'))
        .count();
    assert_eq!(back.spans.len(), doc.spans.len() + added);
    let old: Vec<_> = doc
        .spans
        .iter()
        .map(|s| (s.range.clone(), s.kind))
        .collect();
    let kept: Vec<_> = back
        .spans
        .iter()
        .filter(|s| doc.spans.iter().any(|o| o.range == s.range))
        .map(|s| (s.range.clone(), s.kind))
        .collect();
    assert_eq!(kept, old);
    for pair in &doc.pairs {
        let (a, b) = (&doc.spans[pair.first].range, &doc.spans[pair.second].range);
        assert!(back
            .pairs
            .iter()
            .any(|p| back.spans[p.first].range == *a && back.spans[p.second].range == *b));
    }
}

#[test]
fn output_keeps_existing_marks_byte_for_byte() {
    for source in [
        "<a>虽然</a>下了大雨，但比赛照常进行。",
        "\u{FEFF}<a pair=\"s1\">虽然</a>冷，<a pair=\"s1\">但是</a>去了，而且<cand>也</cand>好。\r\n因此，我们走了。\r\n",
        "<a>不仅</a>好，<a>而且</a>快，虽然贵，但是值。<a>因为</a>累",
        "<CAND>但是</CAND>，但是<cand>未闭合。\n\n<a></a>因此",
    ] {
        check_output_keeps_marks(source, 0.5);
        check_output_keeps_marks(source, 0.0);
    }
}

const PIECES: &[&str] = &[
    "但",
    "但是",
    "虽然",
    "，",
    "。",
    "在",
    "存在",
    "也",
    "而且",
    "不仅",
    "因此",
    "<cand>",
    "</cand>",
    "<a>",
    "</a>",
    "<a pair=\"s1\">",
    "<a pair=\"x\">",
    "\n",
    "\r\n",
    "𠮷",
    "a",
    " ",
    "<",
    "中",
    "就",
    "如果",
];

proptest! {
    #[test]
    fn never_panics_and_never_overlaps(source in "\\PC*") {
        let (doc, found) = suggestions(&source);
        check_invariants(&doc, &found);
        let _ = write_with_suggestions(&doc, &found);
    }

    #[test]
    fn tag_soup_keeps_its_marks(pieces in proptest::collection::vec(select(PIECES), 0..40)) {
        let source: String = pieces.concat();
        let (doc, found) = suggestions(&source);
        check_invariants(&doc, &found);
        check_output_keeps_marks(&source, 0.0);
        check_output_keeps_marks(&source, 0.5);
    }
}

fn check_invariants(doc: &Document, found: &Suggestions) {
    let mut last_end = 0;
    for s in &found.spans {
        assert!((0.0..=1.0).contains(&s.confidence));
        assert!(s.range.start >= last_end, "in order and apart");
        assert!(s.range.start < s.range.end);
        assert!(doc.text.is_char_boundary(s.range.start) && doc.text.is_char_boundary(s.range.end));
        let line = &doc.lines[s.line];
        assert!(line.range.start <= s.range.start && s.range.end <= line.range.end);
        last_end = s.range.end;
        for span in &doc.spans {
            assert!(s.range.end <= span.range.start || span.range.end <= s.range.start);
        }
    }
    let mut used = std::collections::HashSet::new();
    for pair in &found.pairs {
        for side in [pair.first, pair.second] {
            assert!(used.insert(side), "{side:?} in one pair at most");
            match side {
                PairSide::Suggested(i) => assert!(i < found.spans.len()),
                PairSide::Span(id) => {
                    assert!(id < doc.spans.len());
                    assert!(
                        doc.spans[id].kind == SpanKind::Candidate || doc.spans[id].pair.is_none()
                    );
                }
            }
        }
    }
}

#[test]
fn suggestions_that_do_not_fit_the_document_are_left_out_of_the_output() {
    use connectives_core::suggest::SuggestedSpan;
    let doc = parse("<cand>但是</cand>我们也去。");
    let bad = |range: std::ops::Range<usize>| SuggestedSpan {
        line: 0,
        range,
        confidence: 0.9,
    };
    let found = Suggestions {
        // Inside 但是's span, across a character, past the end, empty, then a good one.
        spans: vec![bad(0..3), bad(7..8), bad(10..99), bad(12..12), bad(12..15)],
        pairs: Vec::new(),
    };
    let out = write_with_suggestions(&doc, &found);
    assert_eq!(out, "<cand>但是</cand>我们<cand>也</cand>去。");
}

#[test]
fn accepting_marks_and_links_as_one_undoable_step() {
    use connectives_core::edit::History;
    use connectives_core::suggest::accept;
    let mut doc = parse("<cand>虽然</cand>下了大雨，但比赛照常进行，而且观众很多。");
    let found = suggest(&doc, Lexicon::builtin(), Model::builtin()).above(0.5);
    let all: Vec<usize> = (0..found.spans.len()).collect();
    assert!(!found.pairs.is_empty(), "{found:?}");
    let mut history = History::new();
    let before = write(&doc);
    accept(&mut history, &mut doc, &found, &all).expect("accepted");
    assert_eq!(
        write(&doc),
        "<a>虽然</a>下了大雨，<a>但</a>比赛照常进行，<cand>而且</cand>观众很多。"
    );
    assert!(history.undo(&mut doc));
    assert_eq!(write(&doc), before);
    assert!(!history.can_undo(), "one step");
}

/// Suggesting again after an edit, line by line, must give exactly what suggesting the
/// edited document from nothing gives, span ids and pair sides included.
fn check_update_after_accepting(source: &str, pick: &[bool]) {
    use connectives_core::edit::History;
    use connectives_core::suggest::{accept, ByLine};
    let (lexicon, model) = (Lexicon::builtin(), Model::builtin());
    let before = parse(source);
    let by_line = ByLine::new(&before, lexicon, model);
    let found = by_line.suggestions(&before);
    assert_eq!(found, suggest(&before, lexicon, model));
    let chosen: Vec<usize> = (0..found.spans.len())
        .filter(|&i| pick.get(i).copied().unwrap_or(false))
        .collect();
    let mut doc = before.clone();
    let mut history = History::new();
    if accept(&mut history, &mut doc, &found, &chosen).is_err() {
        return;
    }
    let updated = by_line.update(&before, &doc, lexicon, model);
    assert_eq!(updated.suggestions(&doc), suggest(&doc, lexicon, model));
    // And back: undo, suggested again from the accepted state.
    let accepted = doc.clone();
    history.undo(&mut doc);
    let back = updated.update(&accepted, &doc, lexicon, model);
    assert_eq!(back.suggestions(&doc), suggest(&doc, lexicon, model));
}

#[test]
fn suggesting_again_after_an_accept_reuses_lines_and_equals_suggesting_anew() {
    let source = "<cand>虽然</cand>下了大雨，但比赛照常进行。\n\
                  他不仅会说汉语，而且会写。\n\
                  <a>如果</a>明天下雨，<a>就</a>不去了，但是后天去。\n";
    // Accept only on the second line: the first line's pair must still name its span by
    // its id after the second line's ids shift, and the third line's pairs too.
    let (doc, found) = suggestions(source);
    let second: Vec<bool> = found.spans.iter().map(|s| s.line == 1).collect();
    assert!(second.iter().any(|&b| b), "{found:?}");
    assert!(!found.pairs.is_empty(), "{found:?}");
    check_update_after_accepting(source, &second);
    check_update_after_accepting(source, &vec![true; found.spans.len()]);
    let _ = doc;
}

proptest! {
    #[test]
    fn suggesting_again_equals_suggesting_anew(
        pieces in proptest::collection::vec(select(PIECES), 0..40),
        pick in proptest::collection::vec(any::<bool>(), 0..20),
    ) {
        check_update_after_accepting(&pieces.concat(), &pick);
    }
}
