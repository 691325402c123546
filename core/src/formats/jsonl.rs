//! JSON Lines: one object per line of the document, `{"line", "text", "spans", "pairs"}`, with
//! span offsets relative to the line in code points and UTF-16 units. A pair is listed on the
//! line of its first member; `second_line` says where its second member is.

use serde::Serialize;

use crate::formats::line_offsets;
use crate::model::Document;

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
