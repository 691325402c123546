//! Tagged text → [`Document`]. Every input parses: markup that is not exactly ours is kept as
//! literal text and reported with a [`Diagnostic`], so `write(parse(s)) == s` for every `s`.
//!
//! The scan is line by line (`memchr` for `\n`), and within a line jumps from `<` to `<`, so
//! plain text is copied in large slices. Every search is bounded by the line or by a failed
//! earlier search, so the parse stays linear on hostile input.

use std::collections::HashMap;

use memchr::memchr;

use crate::model::{
    Diagnostic, DiagnosticKind, Document, Line, LineEnding, Pair, Span, SpanId, SpanKind,
};

const OPEN_CAND: &str = "<cand>";
const CLOSE_CAND: &str = "</cand>";
const OPEN_MEMBER: &str = "<a>";
const CLOSE_MEMBER: &str = "</a>";
const OPEN_MEMBER_KEYED: &str = "<a pair=\"";

/// How far after a lookalike's name its `>` may be before we treat the `<` as plain text.
const LOOKALIKE_MAX_LEN: usize = 200;

/// The opening tag for a span, as the writer emits it.
pub(crate) fn opening_tag(kind: SpanKind, key: Option<&str>) -> String {
    match (kind, key) {
        (SpanKind::Candidate, _) => OPEN_CAND.to_string(),
        (SpanKind::Member, None) => OPEN_MEMBER.to_string(),
        (SpanKind::Member, Some(key)) => format!("{OPEN_MEMBER_KEYED}{key}\">"),
    }
}

pub(crate) fn closing_tag(kind: SpanKind) -> &'static str {
    match kind {
        SpanKind::Candidate => CLOSE_CAND,
        SpanKind::Member => CLOSE_MEMBER,
    }
}

fn is_pair_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// A `pair` attribute value: ASCII letters, digits, `-` and `_`.
pub fn is_valid_pair_key(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(is_pair_key_byte)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag<'s> {
    Open(SpanKind, Option<&'s str>),
    Close(SpanKind),
}

/// Recognises one of our exact tags at the start of `s` (which starts with `<`).
fn recognize(s: &str) -> Option<(Tag<'_>, usize)> {
    let b = s.as_bytes();
    match b.get(1)? {
        b'c' if s.starts_with(OPEN_CAND) => Some((Tag::Open(SpanKind::Candidate, None), 6)),
        b'a' if s.starts_with(OPEN_MEMBER) => Some((Tag::Open(SpanKind::Member, None), 3)),
        b'a' if s.starts_with(OPEN_MEMBER_KEYED) => {
            let start = OPEN_MEMBER_KEYED.len();
            let key_len = b[start..]
                .iter()
                .take_while(|&&c| is_pair_key_byte(c))
                .count();
            let end = start + key_len;
            if key_len > 0 && b.get(end) == Some(&b'"') && b.get(end + 1) == Some(&b'>') {
                Some((Tag::Open(SpanKind::Member, Some(&s[start..end])), end + 2))
            } else {
                None
            }
        }
        b'/' if s.starts_with(CLOSE_CAND) => Some((Tag::Close(SpanKind::Candidate), 7)),
        b'/' if s.starts_with(CLOSE_MEMBER) => Some((Tag::Close(SpanKind::Member), 4)),
        _ => None,
    }
}

/// Length of markup at the start of `s` that resembles one of our tags without being one:
/// `<CAND>`, `<a id=1>`, `< a >`, `</A >`, `<a pair='x'>`, `<a pair="">`.
fn lookalike(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let skip_space = |mut i: usize| {
        while matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        i
    };
    let mut i = skip_space(1);
    if b.get(i) == Some(&b'/') {
        i = skip_space(i + 1);
    }
    let name_start = i;
    while b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    let name = &s[name_start..i];
    if !(name.eq_ignore_ascii_case("cand") || name.eq_ignore_ascii_case("a")) {
        return None;
    }
    if !matches!(b.get(i), Some(b'>' | b' ' | b'\t' | b'/')) {
        return None;
    }
    // A `<` before the `>` means this is not one tag; the window keeps the search bounded.
    let window = &b[i..b.len().min(i + LOOKALIKE_MAX_LEN)];
    let close = window.iter().position(|&c| c == b'>' || c == b'<')?;
    (window[close] == b'>').then_some(i + close + 1)
}

/// 1-based columns, in characters, of increasing byte offsets in one line, counted once.
struct Columns<'s> {
    line: &'s str,
    byte: usize,
    column: usize,
}

impl<'s> Columns<'s> {
    fn new(line: &'s str) -> Self {
        Columns {
            line,
            byte: 0,
            column: 1,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        // Offsets grow within a line; only the unpaired member found at the line's end goes
        // back, and it is counted from the line start (once per line at most).
        if byte < self.byte {
            *self = Columns::new(self.line);
        }
        self.column += self.line[self.byte..byte].chars().count();
        self.byte = byte;
        self.column
    }
}

struct OpenSpan<'s> {
    kind: SpanKind,
    key: Option<&'s str>,
    tag: &'s str,
    /// Byte offset in the line of the opening tag.
    tag_at: usize,
    /// Column of the opening tag of a keyed member, counted now while columns only grow.
    key_column: usize,
    /// Byte offset in the line of the closing tag that ends this span.
    close_at: usize,
    /// Where the span's text starts in the document text.
    text_start: usize,
}

/// A member with a `pair` attribute; it finds its partner only once the whole document is read.
struct KeyedMember {
    id: SpanId,
    /// Column of its opening tag, for a diagnostic if it stays without a partner.
    column: usize,
}

struct Parser<'s> {
    doc: Document,
    /// Pairs made by order, found in order of their first member.
    order_pairs: Vec<Pair>,
    /// Members with a `pair` attribute, by key, in document order.
    keyed: HashMap<&'s str, Vec<KeyedMember>>,
    /// Keys in order of first use, so that keyed pairs come out ordered by first member.
    key_order: Vec<&'s str>,
}

/// Parses tagged text. Never fails: problems become [`Document::diagnostics`].
pub fn parse(source: &str) -> Document {
    let (bom, body) = match source.strip_prefix('\u{FEFF}') {
        Some(body) => (true, body),
        None => (false, source),
    };
    let bytes = body.as_bytes();
    // Sizing the vectors up front (a fast count) saves regrowing them, which on a large
    // document costs more than the count: every regrowth copies and touches fresh pages.
    // The span estimate is capped so that text full of stray `<` does not reserve much.
    let (newlines, angles) = count_two(bytes, b'\n', b'<');
    let lines = newlines + 1;
    let spans = (angles / 2).min(bytes.len() / 32);
    let mut parser = Parser {
        doc: Document {
            text: String::with_capacity(body.len()),
            lines: Vec::with_capacity(lines),
            spans: Vec::with_capacity(spans),
            bom,
            ..Document::default()
        },
        order_pairs: Vec::new(),
        keyed: HashMap::new(),
        key_order: Vec::new(),
    };
    let mut start = 0;
    while start < bytes.len() {
        let (end, ending, next) = match memchr(b'\n', &bytes[start..]) {
            Some(i) => {
                let newline = start + i;
                if newline > start && bytes[newline - 1] == b'\r' {
                    (newline - 1, LineEnding::CrLf, newline + 1)
                } else {
                    (newline, LineEnding::Lf, newline + 1)
                }
            }
            None => (bytes.len(), LineEnding::None, bytes.len()),
        };
        parser.line(&body[start..end], ending);
        start = next;
    }
    parser.finish()
}

/// How many times `a` and `b` occur in `bytes`, in one pass the compiler vectorises (the byte
/// counters cannot overflow in a chunk of 255).
fn count_two(bytes: &[u8], a: u8, b: u8) -> (usize, usize) {
    let (mut total_a, mut total_b) = (0usize, 0usize);
    for chunk in bytes.chunks(255) {
        let (mut in_a, mut in_b) = (0u8, 0u8);
        for &byte in chunk {
            in_a += u8::from(byte == a);
            in_b += u8::from(byte == b);
        }
        total_a += usize::from(in_a);
        total_b += usize::from(in_b);
    }
    (total_a, total_b)
}

/// Byte offset of the first `closer` in `bytes[from..]`, looking only at `<`s.
fn find_closer(bytes: &[u8], from: usize, closer: &str) -> Option<usize> {
    let mut pos = from;
    while let Some(found) = memchr(b'<', &bytes[pos..]) {
        let at = pos + found;
        if bytes[at..].starts_with(closer.as_bytes()) {
            return Some(at);
        }
        pos = at + 1;
    }
    None
}

impl<'s> Parser<'s> {
    fn diagnose(&mut self, kind: DiagnosticKind, column: usize, offset: usize) {
        self.doc.diagnostics.push(Diagnostic {
            kind,
            line: self.doc.lines.len() + 1,
            column,
            offset,
        });
    }

    fn line(&mut self, content: &'s str, ending: LineEnding) {
        let line_index = self.doc.lines.len();
        let text_start = self.doc.text.len();
        let first_span = self.doc.spans.len();
        let bytes = content.as_bytes();
        let mut columns = Columns::new(content);
        // `content[copied..]` has not been copied into the text yet.
        let mut copied = 0;
        let mut pos = 0;
        let mut open: Option<OpenSpan<'s>> = None;
        // A plain member waiting for the next one on this line, with its tag's byte offset.
        let mut waiting: Option<(SpanId, usize)> = None;
        // A failed search for a closer from `p` fails from anywhere after `p` too.
        let mut no_closer_after = [usize::MAX; 2];

        while let Some(found) = memchr(b'<', &bytes[pos..]) {
            let at = pos + found;
            // Where this markup would land in the document text if kept literally.
            let offset_here = self.doc.text.len() + (at - copied);
            let Some((tag, len)) = recognize(&content[at..]) else {
                match lookalike(&content[at..]) {
                    Some(len) => {
                        let tag = content[at..at + len].to_string();
                        let column = columns.at(at);
                        self.diagnose(DiagnosticKind::LookalikeTag { tag }, column, offset_here);
                        pos = at + len;
                    }
                    None => pos = at + 1,
                }
                continue;
            };
            let tag_text = &content[at..at + len];
            pos = at + len;
            match (&open, tag) {
                (None, Tag::Open(kind, key)) => {
                    let closer = closing_tag(kind);
                    let slot = kind as usize;
                    let close_at = if pos >= no_closer_after[slot] {
                        None
                    } else {
                        find_closer(bytes, pos, closer)
                    };
                    match close_at {
                        None => {
                            no_closer_after[slot] = no_closer_after[slot].min(pos);
                            let tag = tag_text.to_string();
                            let column = columns.at(at);
                            self.diagnose(DiagnosticKind::UnclosedTag { tag }, column, offset_here);
                        }
                        Some(close_at) if close_at == pos => {
                            let tag = format!("{tag_text}{closer}");
                            let column = columns.at(at);
                            self.diagnose(DiagnosticKind::EmptySpan { tag }, column, offset_here);
                            pos = close_at + closer.len();
                        }
                        Some(close_at) => {
                            self.doc.text.push_str(&content[copied..at]);
                            copied = pos;
                            // Only keyed members need a column later; counting characters
                            // for every span would cost a pass over the line.
                            let key_column = if key.is_some() { columns.at(at) } else { 0 };
                            open = Some(OpenSpan {
                                kind,
                                key,
                                tag: tag_text,
                                tag_at: at,
                                key_column,
                                close_at,
                                text_start: self.doc.text.len(),
                            });
                        }
                    }
                }
                (None, Tag::Close(_)) => {
                    let tag = tag_text.to_string();
                    let column = columns.at(at);
                    let kind = DiagnosticKind::UnmatchedClosingTag { tag };
                    self.diagnose(kind, column, offset_here);
                }
                (Some(span), Tag::Close(_)) if at == span.close_at => {
                    self.doc.text.push_str(&content[copied..at]);
                    copied = pos;
                    let id = self.doc.spans.len();
                    self.doc.spans.push(Span {
                        kind: span.kind,
                        line: line_index,
                        range: span.text_start..self.doc.text.len(),
                        pair: None,
                        pair_key: span.key.map(str::to_string),
                    });
                    match (span.kind, span.key) {
                        (SpanKind::Candidate, _) => {}
                        (SpanKind::Member, Some(key)) => {
                            let column = span.key_column;
                            let group = self.keyed.entry(key).or_default();
                            if group.is_empty() {
                                self.key_order.push(key);
                            }
                            group.push(KeyedMember { id, column });
                        }
                        (SpanKind::Member, None) => match waiting.take() {
                            Some((first, _)) => self.order_pairs.push(Pair { first, second: id }),
                            None => waiting = Some((id, span.tag_at)),
                        },
                    }
                    open = None;
                }
                (Some(span), _) => {
                    let kind = DiagnosticKind::TagInsideSpan {
                        tag: tag_text.to_string(),
                        open: span.tag.to_string(),
                    };
                    let column = columns.at(at);
                    self.diagnose(kind, column, offset_here);
                }
            }
        }
        if let Some((id, tag_at)) = waiting {
            let column = columns.at(tag_at);
            self.unpaired(id, column);
        }
        self.doc.text.push_str(&content[copied..]);
        let range = text_start..self.doc.text.len();
        if ending != LineEnding::None {
            self.doc.text.push('\n');
        }
        self.doc.lines.push(Line {
            range,
            ending,
            spans: first_span..self.doc.spans.len(),
        });
    }

    /// A diagnostic about a member, placed at its opening tag.
    fn diagnose_member(&mut self, id: SpanId, column: usize, kind: DiagnosticKind) {
        let span = &self.doc.spans[id];
        let diagnostic = Diagnostic {
            kind,
            line: span.line + 1,
            column,
            offset: span.range.start,
        };
        self.doc.diagnostics.push(diagnostic);
    }

    fn unpaired(&mut self, id: SpanId, column: usize) {
        let text = self.doc.span_text(id).to_string();
        self.diagnose_member(id, column, DiagnosticKind::UnpairedMember { text });
    }

    /// Pairs keyed members (the first two sharing a key), numbers all pairs in order of their
    /// first member, and sorts the diagnostics by position.
    fn finish(mut self) -> Document {
        let mut pairs = std::mem::take(&mut self.order_pairs);
        let order_count = pairs.len();
        for key in std::mem::take(&mut self.key_order) {
            let group = self.keyed.remove(key).unwrap_or_default();
            match group.as_slice() {
                [single] => self.unpaired(single.id, single.column),
                [first, second, extra @ ..] => {
                    pairs.push(Pair {
                        first: first.id,
                        second: second.id,
                    });
                    for member in extra {
                        let kind = DiagnosticKind::PairKeyReused {
                            key: key.to_string(),
                        };
                        self.diagnose_member(member.id, member.column, kind);
                    }
                }
                [] => {}
            }
        }
        // Order pairs and keyed pairs are each sorted already; only a mix needs sorting.
        if pairs.len() > order_count {
            pairs.sort_by_key(|p| p.first);
        }
        for (pair_id, pair) in pairs.iter().enumerate() {
            self.doc.spans[pair.first].pair = Some(pair_id);
            self.doc.spans[pair.second].pair = Some(pair_id);
        }
        self.doc.pairs = pairs;
        self.doc
            .diagnostics
            .sort_by_key(|d| (d.line, d.column, d.offset));
        self.doc
    }
}
