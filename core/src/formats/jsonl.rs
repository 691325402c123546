//! JSON Lines: one object per line of the document, `{"line", "text", "spans", "pairs"}`, with
//! span offsets relative to the line in code points and UTF-16 units. A pair is listed on the
//! line of its first member; `second_line` says where its second member is. [`import`] reads
//! it back.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::formats::{annotation_error, line_offsets, sniff, CharIndex, ImportError};
use crate::model::{Document, SpanKind};

#[derive(Serialize)]
struct JsonlLine<'d> {
    /// 1-based.
    line: usize,
    text: &'d str,
    spans: Vec<JsonlSpan<'d>>,
    pairs: Vec<JsonlPair>,
}

#[derive(Serialize)]
struct JsonlSpan<'d> {
    /// The span's id in the whole document, as in `connectives/1`.
    id: usize,
    kind: &'static str,
    text: &'d str,
    start: usize,
    end: usize,
    start_utf16: usize,
    end_utf16: usize,
    pair: Option<usize>,
}

#[derive(Serialize)]
struct JsonlPair {
    id: usize,
    first: usize,
    second: usize,
    label: String,
    /// 1-based line of the second member: this line unless the pair spans lines.
    second_line: usize,
}

pub fn export(doc: &Document) -> String {
    let mut out = String::with_capacity(doc.text.len() * 2);
    // Pairs are ordered by their first member, so each line takes the next few.
    let mut next_pair = 0;
    for (index, line) in doc.lines.iter().enumerate() {
        let offsets = line_offsets(doc, index);
        let spans = line
            .spans
            .clone()
            .zip(&offsets)
            .map(|(id, o)| {
                let span = &doc.spans[id];
                JsonlSpan {
                    id,
                    kind: span.kind.as_str(),
                    text: doc.span_text(id),
                    start: o.start,
                    end: o.end,
                    start_utf16: o.start_utf16,
                    end_utf16: o.end_utf16,
                    pair: span.pair,
                }
            })
            .collect();
        let mut pairs = Vec::new();
        while let Some(pair) = doc.pairs.get(next_pair) {
            if doc.spans[pair.first].line != index {
                break;
            }
            pairs.push(JsonlPair {
                id: next_pair,
                first: pair.first,
                second: pair.second,
                label: doc.pair_label(next_pair),
                second_line: doc.spans[pair.second].line + 1,
            });
            next_pair += 1;
        }
        let record = JsonlLine {
            line: index + 1,
            text: doc.line_text(index),
            spans,
            pairs,
        };
        // Strings and numbers only: serialising cannot fail.
        out.push_str(&serde_json::to_string(&record).unwrap_or_default());
        out.push('\n');
    }
    out
}

#[derive(Deserialize)]
struct ImportLine {
    line: usize,
    text: String,
    spans: Vec<ImportSpan>,
    pairs: Vec<ImportPair>,
}

#[derive(Deserialize)]
struct ImportSpan {
    id: usize,
    kind: String,
    text: Option<String>,
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
struct ImportPair {
    first: usize,
    second: usize,
}

/// Why a line of the file is not one of our records: a doccano record is named as such, so
/// that the user knows which import to choose.
fn not_a_record(e: &serde_json::Error, raw: &str, n: usize) -> ImportError {
    let seen = serde_json::from_str::<serde_json::Value>(raw)
        .ok()
        .map(|v| sniff::record(&v));
    match seen {
        Some(sniff::Record::Doccano) => ImportError::at(
            n,
            "this is a doccano record (it has entities or relations), not a record of the page's JSONL; import the file as doccano JSONL",
        ),
        _ => ImportError::json(e, raw, n, "not a record of the page's JSONL"),
    }
}

/// Reads the JSONL export back: each record's `text` becomes a line (in the order of the
/// records, whose `line` must count 1, 2, 3, …), its spans by `kind`, `start` and `end` (code
/// points of the line; `text`, if given, must be what they cover), and the pairs by the
/// document span ids `first` and `second`, which may be on other records. Each record is ended
/// with LF; blank lines are skipped.
pub fn import(jsonl: &str) -> Result<Document, ImportError> {
    let mut text = String::new();
    let mut spans = Vec::new();
    // The id and JSONL line of each span, for messages.
    let mut names: Vec<(usize, usize)> = Vec::new();
    let mut index_of: HashMap<usize, usize> = HashMap::new();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    let mut records = 0;
    for (i, raw) in jsonl.lines().enumerate() {
        let n = i + 1;
        let raw = if n == 1 {
            raw.strip_prefix('\u{FEFF}').unwrap_or(raw)
        } else {
            raw
        };
        if raw.trim().is_empty() {
            continue;
        }
        let record: ImportLine = serde_json::from_str(raw).map_err(|e| not_a_record(&e, raw, n))?;
        records += 1;
        if record.line != records {
            return Err(ImportError::at(
                n,
                format!(
                    "the record says it is line {} of the document, but it is record {records}: a record is missing, repeated or out of order",
                    record.line
                ),
            ));
        }
        let base = text.len();
        let chars = CharIndex::new(&record.text);
        for span in &record.spans {
            let id = span.id;
            let kind = match span.kind.as_str() {
                "candidate" => SpanKind::Candidate,
                "member" => SpanKind::Member,
                other => {
                    return Err(ImportError::at(
                        n,
                        format!("span {id} has the kind \"{other}\"; it must be \"candidate\" or \"member\""),
                    ))
                }
            };
            let range = (span.start < span.end)
                .then(|| chars.bytes(span.start, span.end))
                .flatten()
                .ok_or_else(|| {
                    ImportError::at(
                        n,
                        format!(
                            "span {id} has start {} and end {}, which are not a span of the line (it has {} characters)",
                            span.start,
                            span.end,
                            chars.len()
                        ),
                    )
                })?;
            if let Some(said) = span.text.as_deref() {
                if said != &record.text[range.clone()] {
                    return Err(ImportError::at(
                        n,
                        format!(
                            "span {id} says it covers \"{said}\" but the line has \"{}\" there",
                            &record.text[range]
                        ),
                    ));
                }
            }
            if index_of.insert(id, spans.len()).is_some() {
                return Err(ImportError::at(n, format!("span id {id} is used twice")));
            }
            spans.push((base + range.start..base + range.end, kind));
            names.push((id, n));
        }
        pairs.extend(record.pairs.iter().map(|p| (p.first, p.second, n)));
        text.push_str(&record.text);
        // Each record is a line, ended by LF.
        text.push('\n');
    }
    let pairs = pairs
        .into_iter()
        .map(|(first, second, n)| {
            let find = |id: usize| {
                index_of.get(&id).copied().ok_or_else(|| {
                    ImportError::at(n, format!("a pair names span {id}, which no record has"))
                })
            };
            Ok((find(first)?, find(second)?))
        })
        .collect::<Result<Vec<_>, ImportError>>()?;
    Document::from_annotations(&text, spans, pairs).map_err(|e| {
        annotation_error(e, |i| match names.get(i) {
            Some(&(id, line)) => (format!("span {id}"), Some(line)),
            None => ("a span".to_string(), None),
        })
    })
}
