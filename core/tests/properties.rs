//! Properties over many inputs: arbitrary strings, strings of tag fragments, and near-well-formed
//! documents. Parsing never panics, writing gives back the input byte for byte, diagnostics
//! point at their markup, the JSON export is valid with consistent offsets, and an edited
//! document reads back with the same pairs.

use connectives_core::formats::json::export;
use connectives_core::{parse, write, DiagnosticKind, Document, Pair, SpanKind};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;

/// Pieces that make parsing interesting when strung together at random.
const FRAGMENTS: &[&str] = &[
    "<cand>",
    "</cand>",
    "<a>",
    "</a>",
    "<a pair=\"x\">",
    "<a pair=\"y-2\">",
    "<a pair=\"\">",
    "<CAND>",
    "< a >",
    "<a id=1>",
    "<",
    ">",
    "/",
    "\"",
    "=",
    "a",
    "cand",
    "pair",
    " ",
    "\t",
    "\r\n",
    "\n",
    "\r",
    "\u{FEFF}",
    "𠮷",
    "😀",
    "中",
    "但",
    "x",
    "&lt;",
];

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..64).prop_map(|chars| chars.into_iter().collect())
}

fn fragment_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(select(FRAGMENTS), 0..48).prop_map(|parts| parts.concat())
}

#[derive(Clone, Debug)]
enum Piece {
    Text(String),
    Candidate(String),
    Member(String, Option<String>),
}

fn cjk_word() -> impl Strategy<Value = String> {
    prop::collection::vec(
        select(&["中", "亚", "但", "虽然", "𠮷", "😀", "a", "1", "，"][..]),
        1..4,
    )
    .prop_map(|parts| parts.concat())
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        3 => cjk_word().prop_map(Piece::Text),
        2 => cjk_word().prop_map(Piece::Candidate),
        2 => cjk_word().prop_map(|w| Piece::Member(w, None)),
        1 => (cjk_word(), select(&["k1", "k2", "k3"][..]))
            .prop_map(|(w, k)| Piece::Member(w, Some(k.to_string()))),
    ]
}

fn render(lines: &[(Vec<Piece>, &str)], bom: bool) -> String {
    let mut out = String::new();
    if bom {
        out.push('\u{FEFF}');
    }
    for (pieces, ending) in lines {
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Candidate(t) => out.push_str(&format!("<cand>{t}</cand>")),
                Piece::Member(t, None) => out.push_str(&format!("<a>{t}</a>")),
                Piece::Member(t, Some(k)) => out.push_str(&format!("<a pair=\"{k}\">{t}</a>")),
            }
        }
        out.push_str(ending);
    }
    out
}

/// A well-formed document, then a few edits at random places: a character removed or a
/// fragment inserted, which is how real files go wrong.
fn near_well_formed() -> impl Strategy<Value = String> {
    let line = (
        prop::collection::vec(piece(), 0..8),
        select(&["\n", "\r\n", "\n", ""][..]),
    );
    let edits = prop::collection::vec(
        (
            any::<bool>(),
            any::<prop::sample::Index>(),
            select(FRAGMENTS),
        ),
        0..3,
    );
    (prop::collection::vec(line, 0..6), any::<bool>(), edits).prop_map(|(lines, bom, edits)| {
        let mut text = render(&lines, bom);
        for (remove, at, fragment) in edits {
            let boundaries: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let at = boundaries[at.index(boundaries.len())];
            if remove && at < text.len() {
                text.remove(at);
            } else {
                text.insert_str(at, fragment);
            }
        }
        text
    })
}

fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![arbitrary_text(), fragment_soup(), near_well_formed()]
}

/// The source lines as the parser sees them: BOM stripped, split at LF, CR of CRLF dropped.
fn source_lines(source: &str) -> Vec<&str> {
    let body = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let mut lines: Vec<&str> = body.split('\n').collect();
    if body.ends_with('\n') || body.is_empty() {
        lines.pop();
    }
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter_mut().enumerate() {
        if i < last || body.ends_with('\n') {
            *line = line.strip_suffix('\r').unwrap_or(line);
        }
    }
    lines
}

fn check_parse(source: &str) -> Result<Document, TestCaseError> {
    let doc = parse(source);
    prop_assert_eq!(write(&doc), source);

    // The document text: no BOM at the start, one `\n` per line ending.
    prop_assert_eq!(
        doc.text.matches('\n').count(),
        doc.lines.iter().filter(|l| l.ending.as_str() != "").count()
    );
    let lines = source_lines(source);
    prop_assert_eq!(doc.lines.len(), lines.len());

    // Every diagnostic points at its markup in the source line, by character column.
    for d in &doc.diagnostics {
        let line = lines[d.line - 1];
        let rest: String = line.chars().skip(d.column - 1).collect();
        let expected = match &d.kind {
            DiagnosticKind::UnclosedTag { tag }
            | DiagnosticKind::UnmatchedClosingTag { tag }
            | DiagnosticKind::TagInsideSpan { tag, .. }
            | DiagnosticKind::EmptySpan { tag }
            | DiagnosticKind::LookalikeTag { tag } => {
                prop_assert!(doc.text[d.offset..].starts_with(tag.as_str()));
                tag.clone()
            }
            DiagnosticKind::UnpairedMember { .. } | DiagnosticKind::PairKeyReused { .. } => {
                "<a".to_string()
            }
        };
        prop_assert!(
            rest.starts_with(&expected),
            "{:?} at {}:{} in {:?}",
            d.kind,
            d.line,
            d.column,
            line
        );
    }

    // Spans: in order, on their line, members paired consistently.
    for (id, span) in doc.spans.iter().enumerate() {
        let line = &doc.lines[span.line];
        prop_assert!(line.spans.contains(&id));
        prop_assert!(line.range.start <= span.range.start && span.range.end <= line.range.end);
        prop_assert!(!span.range.is_empty());
        if span.kind == SpanKind::Candidate {
            prop_assert_eq!(span.pair, None);
        }
        if let Some(partner) = doc.partner(id) {
            prop_assert_eq!(doc.partner(partner), Some(id));
        }
    }
    for w in doc.spans.windows(2) {
        prop_assert!(w[0].range.end <= w[1].range.start);
    }
    for w in doc.pairs.windows(2) {
        prop_assert!(w[0].first < w[1].first);
    }

    // Writing what was read and reading it again changes nothing.
    let again = parse(&write(&doc));
    prop_assert_eq!(&again.text, &doc.text);
    prop_assert_eq!(&again.spans, &doc.spans);
    prop_assert_eq!(&again.pairs, &doc.pairs);
    Ok(doc)
}

fn check_export(doc: &Document) -> Result<(), TestCaseError> {
    let v: Value =
        serde_json::from_str(&export(doc)).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let text = v["text"].as_str().unwrap_or_default();
    prop_assert_eq!(text, doc.text.as_str());
    let chars: Vec<char> = text.chars().collect();
    let units: Vec<u16> = text.encode_utf16().collect();
    let spans = v["spans"].as_array().cloned().unwrap_or_default();
    prop_assert_eq!(spans.len(), doc.spans.len());
    for (id, span) in spans.iter().enumerate() {
        let n = |k: &str| span[k].as_u64().unwrap_or(u64::MAX) as usize;
        prop_assert!(n("start") <= n("end") && n("end") <= chars.len());
        prop_assert!(n("start_utf16") <= n("end_utf16") && n("end_utf16") <= units.len());
        let by_chars: String = chars[n("start")..n("end")].iter().collect();
        let by_units = String::from_utf16_lossy(&units[n("start_utf16")..n("end_utf16")]);
        prop_assert_eq!(&by_chars, doc.span_text(id));
        prop_assert_eq!(&by_units, doc.span_text(id));
    }
    let pairs = v["pairs"].as_array().cloned().unwrap_or_default();
    prop_assert_eq!(pairs.len(), doc.pairs.len());
    prop_assert_eq!(v["counts"]["lines"].as_u64(), Some(doc.lines.len() as u64));
    prop_assert_eq!(
        v["diagnostics"].as_array().map(Vec::len),
        Some(doc.diagnostics.len())
    );
    Ok(())
}

/// Re-pairs the members from a list of choices, as an editor might.
fn repaired(doc: &Document, choices: &[prop::sample::Index]) -> Vec<Pair> {
    let mut members: Vec<usize> = (0..doc.spans.len())
        .filter(|&id| doc.spans[id].kind == SpanKind::Member)
        .collect();
    let mut pairs = Vec::new();
    for pick in choices.chunks(2) {
        if members.len() < 2 {
            break;
        }
        let first = members.remove(pick[0].index(members.len()));
        if pick.len() < 2 {
            break;
        }
        let second = members.remove(pick[1].index(members.len()));
        pairs.push(Pair { first, second });
    }
    pairs
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_reads_and_writes_back(source in arbitrary_text()) {
        let doc = check_parse(&source)?;
        check_export(&doc)?;
    }

    #[test]
    fn fragment_soup_reads_and_writes_back(source in fragment_soup()) {
        let doc = check_parse(&source)?;
        check_export(&doc)?;
    }

    #[test]
    fn near_well_formed_documents_read_and_write_back(source in near_well_formed()) {
        let doc = check_parse(&source)?;
        check_export(&doc)?;
    }

    #[test]
    fn edited_pairs_read_back_as_edited(
        source in any_input(),
        choices in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        let mut doc = parse(&source);
        let pairs = repaired(&doc, &choices);
        prop_assert!(doc.set_pairs(pairs).is_ok());
        let written = write(&doc);
        let again = parse(&written);
        prop_assert_eq!(&again.text, &doc.text);
        let shape = |d: &Document| -> Vec<_> {
            d.spans.iter().map(|s| (s.kind, s.line, s.range.clone(), s.pair)).collect()
        };
        prop_assert_eq!(shape(&again), shape(&doc), "{}", written);
        prop_assert_eq!(&again.pairs, &doc.pairs);
        // Pairs are written plain when order gives them: written again, nothing changes.
        prop_assert_eq!(write(&again), written);
    }
}
