//! The `connectives/1` JSON export: the document text, its spans with offsets in code points
//! and UTF-16 units, its pairs, diagnostics and counts; and [`import`], which reads it back.

use std::collections::HashMap;

use serde::Serialize;

use crate::formats::{CharIndex, ImportError};
use crate::model::{Document, SpanKind};
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

#[derive(serde::Deserialize)]
struct ImportDocument {
    format: Option<String>,
    text: String,
    #[serde(default)]
    spans: Vec<ImportSpan>,
    #[serde(default)]
    pairs: Vec<ImportPair>,
}

#[derive(serde::Deserialize)]
struct ImportSpan {
    id: Option<usize>,
    kind: String,
    text: Option<String>,
    start: usize,
    end: usize,
}

#[derive(serde::Deserialize)]
struct ImportPair {
    first: usize,
    second: usize,
}

/// Reads a `connectives/1` export back: its `text`, its spans (by `kind`, `start` and `end` in
/// code points; a span's `text`, if given, must be what those offsets cover) and its pairs (by
/// span `id`). Lines, diagnostics and counts are recomputed, not read.
pub fn import(json: &str) -> Result<Document, ImportError> {
    let json = json.strip_prefix('\u{FEFF}').unwrap_or(json);
    let input: ImportDocument = serde_json::from_str(json)
        .map_err(|e| ImportError::json(&e, json, 1, "this is not a connectives/1 JSON document"))?;
    if let Some(format) = input.format.as_deref().filter(|&f| f != FORMAT) {
        return Err(ImportError::new(format!(
            "the document's format is \"{format}\", not \"{FORMAT}\""
        )));
    }
    let chars = CharIndex::new(&input.text);
    let mut spans = Vec::with_capacity(input.spans.len());
    let mut index_of = HashMap::new();
    for (i, span) in input.spans.iter().enumerate() {
        let id = span.id.unwrap_or(i);
        let kind = match span.kind.as_str() {
            "candidate" => SpanKind::Candidate,
            "member" => SpanKind::Member,
            other => {
                return Err(ImportError::new(format!(
                    "span {id} has the kind \"{other}\"; it must be \"candidate\" or \"member\""
                )))
            }
        };
        let range = (span.start < span.end)
            .then(|| chars.bytes(span.start, span.end))
            .flatten()
            .ok_or_else(|| {
                ImportError::new(format!(
                    "span {id} has start {} and end {}, which are not a span of the text (it has {} characters)",
                    span.start,
                    span.end,
                    chars.len()
                ))
            })?;
        if let Some(text) = span.text.as_deref() {
            if text != &input.text[range.clone()] {
                return Err(ImportError::new(format!(
                    "span {id} says it covers \"{text}\" but the text there is \"{}\"",
                    &input.text[range]
                )));
            }
        }
        if index_of.insert(id, i).is_some() {
            return Err(ImportError::new(format!("span id {id} is used twice")));
        }
        spans.push((range, kind));
    }
    let mut pairs = Vec::with_capacity(input.pairs.len());
    for pair in &input.pairs {
        let find = |id: usize| {
            index_of.get(&id).copied().ok_or_else(|| {
                ImportError::new(format!("a pair names span {id}, which does not exist"))
            })
        };
        pairs.push((find(pair.first)?, find(pair.second)?));
    }
    Ok(Document::from_annotations(&input.text, spans, pairs)?)
}
