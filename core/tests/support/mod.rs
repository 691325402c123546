//! Helpers shared by the core's test files.

use connectives_core::{Document, SpanId};

/// The span on `line` (1-based) with this text.
pub fn span(doc: &Document, line: usize, text: &str) -> SpanId {
    doc.lines[line - 1]
        .spans
        .clone()
        .find(|&id| doc.span_text(id) == text)
        .unwrap_or_else(|| panic!("no span 「{text}」 on line {line}"))
}
