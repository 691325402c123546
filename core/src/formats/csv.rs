//! CSV for spreadsheets: UTF-8 with a BOM (so Excel reads it as UTF-8), one row per span, CRLF
//! row ends and quoting as in RFC 4180. Quoting is done here rather than with the `csv` crate:
//! the rule is four lines, and the page's wasm does not carry a CSV library for it.

use crate::model::Document;
use crate::offsets::char_and_utf16;

pub const HEADER: [&str; 11] = [
    "line",
    "span",
    "kind",
    "text",
    "start",
    "end",
    "pair",
    "partner",
    "pair_label",
    "left_context",
    "right_context",
];

/// How many characters of context each side of a span, at most (never past its line).
pub const CONTEXT_CHARS: usize = 10;

pub fn export(doc: &Document) -> String {
    let mut out = String::from("\u{FEFF}");
    push_row(&mut out, HEADER.iter().map(|s| s.to_string()));
    let offsets = char_and_utf16(
        &doc.text,
        doc.spans.iter().flat_map(|s| [s.range.start, s.range.end]),
    );
    for (id, span) in doc.spans.iter().enumerate() {
        let line = &doc.lines[span.line];
        let before = &doc.text[line.range.start..span.range.start];
        let after = &doc.text[span.range.end..line.range.end];
        let left_cut = before
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let right_cut = after
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(after.len(), |(i, _)| i);
        let partner = doc.partner(id);
        push_row(
            &mut out,
            [
                (span.line + 1).to_string(),
                id.to_string(),
                span.kind.as_str().to_string(),
                doc.span_text(id).to_string(),
                offsets[2 * id].0.to_string(),
                offsets[2 * id + 1].0.to_string(),
                span.pair.map(|p| p.to_string()).unwrap_or_default(),
                partner
                    .map(|p| doc.span_text(p).to_string())
                    .unwrap_or_default(),
                span.pair.map(|p| doc.pair_label(p)).unwrap_or_default(),
                before[left_cut..].to_string(),
                after[..right_cut].to_string(),
            ],
        );
    }
    out
}

fn push_row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (i, mut field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // A spreadsheet runs a cell that starts like a formula: an apostrophe keeps it text.
        if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            field.insert(0, '\'');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    #[test]
    fn cells_that_look_like_formulas_stay_text() {
        let csv = export(&parse("=SUM(A1)<cand>也</cand>-1\n"));
        let row = csv.lines().nth(1).unwrap_or_default();
        assert!(row.ends_with(",'=SUM(A1),'-1"), "{row}");
        assert!(row.contains(",也,"), "ordinary cells are unchanged: {row}");
    }
}
