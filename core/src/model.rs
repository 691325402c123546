//! The vocabulary: a [`Document`] is lines of text with [`Span`]s on them; two member spans
//! form a [`Pair`]; anything wrong with the markup is a [`Diagnostic`].
//!
//! Offsets: every offset inside the core is a **byte offset into [`Document::text`]** (UTF-8).
//! Code points and UTF-16 units are computed at the edges, by the exporters that need them.

use std::ops::Range;

/// Index of a span in [`Document::spans`]; spans are kept in document order.
pub type SpanId = usize;
/// Index of a pair in [`Document::pairs`]; pairs are ordered by their first member.
pub type PairId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Byte range of the line's text in [`Document::text`], without its newline.
    pub range: Range<usize>,
    /// How the line ended in the source, so that writing gives back the same bytes.
    pub ending: LineEnding,
    /// The spans on this line, as a range of [`SpanId`]s.
    pub spans: Range<SpanId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
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
