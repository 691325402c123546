//! The vocabulary: a [`Document`] is lines of text with [`Span`]s on them; two member spans
//! form a [`Pair`]; anything wrong with the markup is a [`Diagnostic`].
//!
//! Offsets: every offset inside the core is a **byte offset into [`Document::text`]** (UTF-8).
//! Code points and UTF-16 units are computed at the edges, by the exporters that need them.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Index of a span in [`Document::spans`]; spans are kept in document order.
pub type SpanId = usize;
/// Index of a pair in [`Document::pairs`]; pairs are ordered by their first member.
pub type PairId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SpanKind {
    /// `<cand>…</cand>`: a word that may be a discourse connective.
    Candidate,
    /// `<a>…</a>`: one member of a paired connective such as 虽然…但.
    Member,
}

impl SpanKind {
    /// The name used in the DOM (`data-kind`) and in every export.
    pub fn as_str(self) -> &'static str {
        match self {
            SpanKind::Candidate => "candidate",
            SpanKind::Member => "member",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LineEnding {
    /// The last line of a file that does not end with a newline.
    None,
    Lf,
    CrLf,
}

impl LineEnding {
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::None => "",
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Byte range of the line's text in [`Document::text`], without its newline.
    pub range: Range<usize>,
    /// How the line ended in the source, so that writing gives back the same bytes.
    pub ending: LineEnding,
    /// The spans on this line, as a range of [`SpanId`]s.
    pub spans: Range<SpanId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub kind: SpanKind,
    /// Index of the line (0-based) the span lies on.
    pub line: usize,
    /// Byte range in [`Document::text`].
    pub range: Range<usize>,
    /// The pair this member belongs to; always `None` for candidates.
    pub pair: Option<PairId>,
    /// The `pair="…"` attribute the member was written with, if any. Kept so that writing an
    /// unedited document gives back exactly what was read.
    pub pair_key: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    /// The member that comes first in the document.
    pub first: SpanId,
    pub second: SpanId,
}

/// Why [`Document::set_pairs`] refused a set of pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairError {
    /// The span does not exist.
    NoSuchSpan(SpanId),
    /// The span is a candidate; only members pair.
    NotAMember(SpanId),
    /// The pair joins a member with itself.
    SameSpan(SpanId),
    /// The member is in more than one pair.
    InTwoPairs(SpanId),
}

impl std::fmt::Display for PairError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PairError::NoSuchSpan(id) => write!(f, "span {id} does not exist"),
            PairError::NotAMember(id) => write!(f, "span {id} is a candidate, not a pair member"),
            PairError::SameSpan(id) => write!(f, "member {id} cannot pair with itself"),
            PairError::InTwoPairs(id) => write!(f, "member {id} is in more than one pair"),
        }
    }
}

impl std::error::Error for PairError {}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What is wrong, with the markup it concerns; [`DiagnosticKind::message`] words it for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiagnosticKind {
    /// An opening tag with no closing tag after it on the same line.
    UnclosedTag { tag: String },
    /// A closing tag with no opening tag before it.
    UnmatchedClosingTag { tag: String },
    /// A tag inside a span that is already open (spans do not nest).
    TagInsideSpan { tag: String, open: String },
    /// `<cand></cand>` or `<a></a>`: a span with no text.
    EmptySpan { tag: String },
    /// Markup that looks like ours but is not exactly it (`<CAND>`, `<a id=1>`, `< a >`).
    LookalikeTag { tag: String },
    /// A member that order or its `pair` attribute leaves without a partner.
    UnpairedMember { text: String },
    /// A `pair` attribute used by more than two members.
    PairKeyReused { key: String },
}

impl DiagnosticKind {
    pub fn severity(&self) -> Severity {
        match self {
            DiagnosticKind::UnclosedTag { .. }
            | DiagnosticKind::UnmatchedClosingTag { .. }
            | DiagnosticKind::TagInsideSpan { .. } => Severity::Error,
            DiagnosticKind::EmptySpan { .. }
            | DiagnosticKind::LookalikeTag { .. }
            | DiagnosticKind::UnpairedMember { .. }
            | DiagnosticKind::PairKeyReused { .. } => Severity::Warning,
        }
    }

    /// A sentence a non-programmer understands, saying what was done with the markup.
    pub fn message(&self) -> String {
        match self {
            DiagnosticKind::UnclosedTag { tag } => format!(
                "{tag} is opened but never closed on this line; it is kept as plain text"
            ),
            DiagnosticKind::UnmatchedClosingTag { tag } => format!(
                "{tag} closes a span that was never opened; it is kept as plain text"
            ),
            DiagnosticKind::TagInsideSpan { tag, open } => format!(
                "{tag} stands inside the span opened by {open}, and spans cannot contain each other; it is kept as plain text"
            ),
            DiagnosticKind::EmptySpan { tag } => {
                format!("{tag} marks no text; the empty span is kept as plain text")
            }
            DiagnosticKind::LookalikeTag { tag } => format!(
                "{tag} looks like a tag but is not one (tags are exactly <cand>, </cand>, <a>, <a pair=\"ID\"> and </a>, in lowercase, where ID is letters, digits, - or _); it is kept as plain text"
            ),
            DiagnosticKind::UnpairedMember { text } => {
                format!("the pair member 「{text}」 has no partner")
            }
            DiagnosticKind::PairKeyReused { key } => format!(
                "pair=\"{key}\" is used by more than two members; this member is left without a partner"
            ),
        }
    }

    /// The same sentence in Chinese, for the page's 中文 interface.
    pub fn message_zh(&self) -> String {
        match self {
            DiagnosticKind::UnclosedTag { tag } => {
                format!("{tag} 在本行开启后没有闭合，已按普通文字保留")
            }
            DiagnosticKind::UnmatchedClosingTag { tag } => {
                format!("{tag} 闭合了一个从未开启的标注，已按普通文字保留")
            }
            DiagnosticKind::TagInsideSpan { tag, open } => format!(
                "{tag} 位于 {open} 开启的标注之内，标注不能相互包含，已按普通文字保留"
            ),
            DiagnosticKind::EmptySpan { tag } => {
                format!("{tag} 没有标注任何文字，已按普通文字保留")
            }
            DiagnosticKind::LookalikeTag { tag } => format!(
                "{tag} 看似标签却不是（标签只有小写的 <cand>、</cand>、<a>、<a pair=\"ID\"> 和 </a>，ID 由字母、数字、- 或 _ 组成），已按普通文字保留"
            ),
            DiagnosticKind::UnpairedMember { text } => {
                format!("配对成员「{text}」没有搭档")
            }
            DiagnosticKind::PairKeyReused { key } => {
                format!("pair=\"{key}\" 被两个以上的成员使用，此成员未能配对")
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub kind: DiagnosticKind,
    /// 1-based line number in the source.
    pub line: usize,
    /// 1-based column in the source line, counted in characters (code points), tags included.
    pub column: usize,
    /// Where it is in [`Document::text`] (byte offset), for the page to scroll to.
    pub offset: usize,
}

impl Diagnostic {
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
}

/// A parsed document: the text without tags, and everything needed to write it back byte for
/// byte.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The text with tags, BOM and `\r` of CRLF removed; each line is followed by `\n` if it
    /// ended with a newline in the source.
    pub text: String,
    pub lines: Vec<Line>,
    pub spans: Vec<Span>,
    pub pairs: Vec<Pair>,
    pub diagnostics: Vec<Diagnostic>,
    /// The source started with a UTF-8 byte order mark.
    pub bom: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub lines: usize,
    pub candidates: usize,
    pub members: usize,
    pub pairs: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Document {
    pub fn span_text(&self, id: SpanId) -> &str {
        &self.text[self.spans[id].range.clone()]
    }

    pub fn line_text(&self, index: usize) -> &str {
        &self.text[self.lines[index].range.clone()]
    }

    /// `虽然…但`: the two members' texts joined by an ellipsis.
    pub fn pair_label(&self, id: PairId) -> String {
        let pair = self.pairs[id];
        format!(
            "{}…{}",
            self.span_text(pair.first),
            self.span_text(pair.second)
        )
    }

    /// The other member of `id`'s pair, if it has one.
    pub fn partner(&self, id: SpanId) -> Option<SpanId> {
        let pair = self.pairs.get(self.spans.get(id)?.pair?)?;
        Some(if pair.first == id {
            pair.second
        } else {
            pair.first
        })
    }

    /// Replaces all pairs, as an edit does: each pair is put first member first, pairs are
    /// ordered by their first member, and every span's `pair` is refreshed. Members in no pair
    /// are left unpaired. An invalid set changes nothing. Diagnostics are left as they are: they
    /// describe the source as it was read.
    pub fn set_pairs(&mut self, pairs: impl IntoIterator<Item = Pair>) -> Result<(), PairError> {
        let mut pairs: Vec<Pair> = pairs
            .into_iter()
            .map(|p| Pair {
                first: p.first.min(p.second),
                second: p.first.max(p.second),
            })
            .collect();
        let mut seen = vec![false; self.spans.len()];
        for pair in &pairs {
            if pair.first == pair.second {
                return Err(PairError::SameSpan(pair.first));
            }
            for id in [pair.first, pair.second] {
                match self.spans.get(id) {
                    None => return Err(PairError::NoSuchSpan(id)),
                    Some(span) if span.kind != SpanKind::Member => {
                        return Err(PairError::NotAMember(id))
                    }
                    Some(_) if seen[id] => return Err(PairError::InTwoPairs(id)),
                    Some(_) => seen[id] = true,
                }
            }
        }
        pairs.sort_by_key(|p| p.first);
        for span in &mut self.spans {
            span.pair = None;
        }
        for (pair_id, pair) in pairs.iter().enumerate() {
            self.spans[pair.first].pair = Some(pair_id);
            self.spans[pair.second].pair = Some(pair_id);
        }
        self.pairs = pairs;
        Ok(())
    }

    pub fn counts(&self) -> Counts {
        let members = self
            .spans
            .iter()
            .filter(|s| s.kind == SpanKind::Member)
            .count();
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count();
        Counts {
            lines: self.lines.len(),
            candidates: self.spans.len() - members,
            members,
            pairs: self.pairs.len(),
            errors,
            warnings: self.diagnostics.len() - errors,
        }
    }
}

/// Why [`Document::from_annotations`] refused a text and its annotations. Span numbers are
/// indexes into the list that was passed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnnotationError {
    /// The span's range is empty, reversed or past the end of the text.
    OutOfBounds { span: usize },
    /// A range boundary falls inside a character.
    NotCharBoundary { span: usize },
    /// The span holds a line break (or the carriage return of one).
    CrossesLine { span: usize },
    /// The span overlaps `other`.
    Overlap { span: usize, other: usize },
    /// A pair names a span that does not exist.
    NoSuchSpan { span: usize },
    /// The pairs are not a valid set (see [`PairError`]); ids are the spans' document order.
    Pair(PairError),
    /// The text holds markup the tagged format would read as tags (`<cand>`, `</a>`, …), so
    /// the document cannot be written as tagged text and read back the same. `line` is 1-based.
    NotWritable { line: usize },
}

impl std::fmt::Display for AnnotationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnnotationError::OutOfBounds { span } => {
                write!(f, "span {span} is empty or lies outside the text")
            }
            AnnotationError::NotCharBoundary { span } => {
                write!(f, "span {span} starts or ends inside a character")
            }
            AnnotationError::CrossesLine { span } => write!(
                f,
                "span {span} holds a line break; a span must lie within one line"
            ),
            AnnotationError::Overlap { span, other } => {
                write!(f, "span {span} overlaps span {other}; spans cannot overlap")
            }
            AnnotationError::NoSuchSpan { span } => {
                write!(f, "a pair names span {span}, which does not exist")
            }
            AnnotationError::Pair(e) => write!(f, "{e}"),
            AnnotationError::NotWritable { line } => write!(
                f,
                "line {line} holds text that the tagged format would read as a tag (<cand>, </cand>, <a>, <a pair=\"…\"> or </a>), or a byte order mark, so it cannot be written as tagged text"
            ),
        }
    }
}

impl std::error::Error for AnnotationError {}

impl Document {
    /// Builds a document from plain text and annotations, as importers need: `spans` are byte
    /// ranges into `text` (in any order) with their kind, `pairs` join two of them by their
    /// index in `spans`. The text may use LF or CRLF and start with a BOM; these are kept as a
    /// parsed document keeps them. The result is `parse(write(doc))`, so its diagnostics (a
    /// member without a partner) and `pair` keys are what the parser gives; it is refused if
    /// that would not read back the same text, spans and pairs.
    pub fn from_annotations(
        text: &str,
        spans: Vec<(Range<usize>, SpanKind)>,
        pairs: Vec<(usize, usize)>,
    ) -> Result<Document, AnnotationError> {
        for (i, (range, _)) in spans.iter().enumerate() {
            if range.start >= range.end || range.end > text.len() {
                return Err(AnnotationError::OutOfBounds { span: i });
            }
            if !text.is_char_boundary(range.start) || !text.is_char_boundary(range.end) {
                return Err(AnnotationError::NotCharBoundary { span: i });
            }
            if text[range.clone()].contains('\n') {
                return Err(AnnotationError::CrossesLine { span: i });
            }
        }

        // Bytes the document text leaves out: the BOM and the CR of each CRLF.
        let bom = text.starts_with('\u{FEFF}');
        let mut removed: Vec<Range<usize>> = Vec::new();
        if bom {
            removed.push(0..3);
        }
        for (i, _) in text.match_indices("\r\n") {
            removed.push(i..i + 1);
        }
        // `removed` is in order and does not overlap: the first range that ends after the span
        // starts is the only one that can reach into it (a scan of all of them for every span
        // took seconds on a file of 50,000 CRLF lines with a span each).
        for (i, (range, _)) in spans.iter().enumerate() {
            let next = removed.partition_point(|r| r.end <= range.start);
            if removed.get(next).is_some_and(|r| r.start < range.end) {
                return Err(AnnotationError::CrossesLine { span: i });
            }
        }
        // removed_before[k]: bytes left out by the first k removed ranges (they are sorted).
        let removed_before: Vec<usize> = std::iter::once(0)
            .chain(removed.iter().scan(0, |sum, r| {
                *sum += r.len();
                Some(*sum)
            }))
            .collect();
        let shift = |at: usize| at - removed_before[removed.partition_point(|r| r.start < at)];
        // The clean offsets of the newlines that had a CR before them.
        let crlf: Vec<usize> = removed
            .iter()
            .filter(|r| r.len() == 1)
            .map(|r| shift(r.start))
            .collect();
        let mut clean = String::with_capacity(text.len());
        let mut at = 0;
        for r in &removed {
            clean.push_str(&text[at..r.start]);
            at = r.end;
        }
        clean.push_str(&text[at..]);

        let mut lines = Vec::new();
        let mut start = 0;
        while start < clean.len() {
            let (end, next) = match clean[start..].find('\n') {
                Some(i) => (start + i, start + i + 1),
                None => (clean.len(), clean.len()),
            };
            let ending = if next == end {
                LineEnding::None
            } else if crlf.binary_search(&end).is_ok() {
                LineEnding::CrLf
            } else {
                LineEnding::Lf
            };
            lines.push(Line {
                range: start..end,
                ending,
                spans: 0..0,
            });
            start = next;
        }

        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_by_key(|&i| spans[i].0.start);
        let mut id_of = vec![0; spans.len()];
        let mut doc_spans: Vec<Span> = Vec::with_capacity(spans.len());
        for (id, &i) in order.iter().enumerate() {
            let (range, kind) = &spans[i];
            let range = shift(range.start)..shift(range.end);
            if id > 0 && doc_spans[id - 1].range.end > range.start {
                return Err(AnnotationError::Overlap {
                    span: i,
                    other: order[id - 1],
                });
            }
            let line = lines.partition_point(|l| l.range.end < range.start);
            id_of[i] = id;
            doc_spans.push(Span {
                kind: *kind,
                line,
                range,
                pair: None,
                pair_key: None,
            });
        }
        for (index, line) in lines.iter_mut().enumerate() {
            let first = doc_spans.partition_point(|s| s.line < index);
            let end = doc_spans.partition_point(|s| s.line <= index);
            line.spans = first..end;
        }

        let mut doc = Document {
            text: clean,
            lines,
            spans: doc_spans,
            bom,
            ..Document::default()
        };
        let mut doc_pairs = Vec::with_capacity(pairs.len());
        for (a, b) in pairs {
            for s in [a, b] {
                if s >= id_of.len() {
                    return Err(AnnotationError::NoSuchSpan { span: s });
                }
            }
            doc_pairs.push(Pair {
                first: id_of[a],
                second: id_of[b],
            });
        }
        doc.set_pairs(doc_pairs).map_err(AnnotationError::Pair)?;

        let read = crate::parse::parse(&crate::write::write(&doc));
        let same_span = |a: &Span, b: &Span| {
            a.kind == b.kind && a.range == b.range && a.line == b.line && a.pair == b.pair
        };
        if read.text != doc.text
            || read.spans.len() != doc.spans.len()
            || read.pairs != doc.pairs
            || !read
                .spans
                .iter()
                .zip(&doc.spans)
                .all(|(a, b)| same_span(a, b))
        {
            let line = read
                .spans
                .iter()
                .zip(&doc.spans)
                .find(|(a, b)| !same_span(a, b))
                .map(|(a, b)| a.line.min(b.line))
                .or_else(|| {
                    (0..doc.lines.len().min(read.lines.len()))
                        .find(|&i| read.line_text(i) != doc.line_text(i))
                })
                .unwrap_or(0);
            return Err(AnnotationError::NotWritable { line: line + 1 });
        }
        Ok(read)
    }
}
