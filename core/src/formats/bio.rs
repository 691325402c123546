//! BIO tags for sequence labelling: one character per row, `CHAR<TAB>TAG`, with `B-CAND`,
//! `I-CAND`, `B-MEMBER`, `I-MEMBER` or `O`, and an empty row after each line of the document.
//!
//! A whitespace character (space, tab, ideographic space, a lone CR, …) would leave the row
//! unreadable to tools that split on whitespace, so it is written as `U+` and four or more
//! hexadecimal digits (`U+0020`); every other row's first column is exactly one character.

use std::fmt::Write;

use crate::model::{Document, SpanKind};

pub fn export(doc: &Document) -> String {
    let mut out = String::with_capacity(doc.text.len() * 4);
    for line in &doc.lines {
        let mut spans = line.spans.clone().peekable();
        let text = &doc.text[line.range.clone()];
        for (i, c) in text.char_indices() {
            let at = line.range.start + i;
            while spans
                .peek()
                .is_some_and(|&id| doc.spans[id].range.end <= at)
            {
                spans.next();
            }
            let tag = match spans.peek().map(|&id| &doc.spans[id]) {
                Some(span) if span.range.start <= at => {
                    let inside = if span.range.start == at { "B" } else { "I" };
                    let kind = match span.kind {
                        SpanKind::Candidate => "CAND",
                        SpanKind::Member => "MEMBER",
                    };
                    format!("{inside}-{kind}")
                }
                _ => "O".to_string(),
            };
            if c.is_whitespace() {
                let _ = write!(out, "U+{:04X}", u32::from(c));
            } else {
                out.push(c);
            }
            out.push('\t');
            out.push_str(&tag);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}
