//! The `connectives/1` JSON export: the document text, its spans with offsets in code points
//! and UTF-16 units, its pairs, diagnostics and counts.

use serde::Serialize;

use crate::model::Document;
use crate::offsets::char_and_utf16;

pub const FORMAT: &str = "connectives/1";

#[derive(Serialize)]
pub struct JsonDocument<'d> {
    pub format: &'static str,
    pub text: &'d str,
    pub lines: usize,
    pub spans: Vec<JsonSpan<'d>>,
    pub pairs: Vec<JsonPair>,
    pub diagnostics: Vec<JsonDiagnostic>,
    pub counts: JsonCounts,
}

#[derive(Serialize)]
pub struct JsonSpan<'d> {
    pub id: usize,
    pub kind: &'static str,
    pub text: &'d str,
    /// 1-based line number.
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub start_utf16: usize,
    pub end_utf16: usize,
    pub pair: Option<usize>,
}

#[derive(Serialize)]
pub struct JsonPair {
    pub id: usize,
    pub first: usize,
    pub second: usize,
    pub label: String,
}

#[derive(Serialize)]
pub struct JsonDiagnostic {
    pub severity: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Serialize)]
pub struct JsonCounts {
    pub lines: usize,
    pub candidates: usize,
    pub members: usize,
    pub pairs: usize,
    pub errors: usize,
    pub warnings: usize,
}

pub fn to_json_document(doc: &Document) -> JsonDocument<'_> {
    let offsets = char_and_utf16(
        &doc.text,
        doc.spans.iter().flat_map(|s| [s.range.start, s.range.end]),
    );
    let spans = doc
        .spans
        .iter()
        .enumerate()
        .map(|(id, span)| {
            let (start, start_utf16) = offsets[2 * id];
            let (end, end_utf16) = offsets[2 * id + 1];
            JsonSpan {
                id,
                kind: span.kind.as_str(),
                text: doc.span_text(id),
                line: span.line + 1,
                start,
                end,
                start_utf16,
                end_utf16,
                pair: span.pair,
            }
        })
        .collect();
    let pairs = doc
        .pairs
        .iter()
        .enumerate()
        .map(|(id, pair)| JsonPair {
            id,
            first: pair.first,
            second: pair.second,
            label: doc.pair_label(id),
        })
        .collect();
    let diagnostics = doc
        .diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            severity: d.severity().as_str(),
            line: d.line,
            column: d.column,
            message: d.kind.message(),
        })
        .collect();
    let c = doc.counts();
    JsonDocument {
        format: FORMAT,
        text: &doc.text,
        lines: c.lines,
        spans,
        pairs,
        diagnostics,
        counts: JsonCounts {
            lines: c.lines,
            candidates: c.candidates,
            members: c.members,
            pairs: c.pairs,
            errors: c.errors,
            warnings: c.warnings,
        },
    }
}

/// The export as pretty-printed JSON with a final newline.
pub fn export(doc: &Document) -> String {
    // Plain structs of strings and numbers: serialising them cannot fail.
    let mut out = serde_json::to_string_pretty(&to_json_document(doc)).unwrap_or_default();
    out.push('\n');
    out
}
