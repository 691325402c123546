//! Edits of a document's annotations (mark, change kind, remove, link, unlink) with unlimited
//! undo and redo. The text never changes; only spans, pairs and pairing diagnostics do.
//!
//! An edit is checked in full before anything changes, so a refused edit leaves the document as
//! it was. An accepted edit is carried out as a few primitive operations (insert a span, remove a
//! pair, insert a diagnostic, …), each of which can be run backwards. [`History`] keeps those
//! operations, not copies of the document, so a step costs memory in proportion to what it
//! changed. Running one costs at most O(spans + lines): span ids after an inserted or removed
//! span shift, as do pair ids after an inserted or removed pair and the lines' span ranges.
//!
//! After an edit the pairing diagnostics are brought up to date: every member without a partner
//! has one (`UnpairedMember`, or the `PairKeyReused` it was read with while it still has that
//! key), and no other span has one. A new `UnpairedMember` is placed at the member's first
//! character, its column counted in characters of the tag-free line. Diagnostics about literal
//! markup stay as they were read.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::model::{
    Diagnostic, DiagnosticKind, Document, LineEnding, Pair, Span, SpanId, SpanKind,
};
use crate::parse::{closing_tag, opening_tag, parse};

/// One change a user can make to the annotations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Edit {
    /// Marks the text at `range` (bytes in [`Document::text`]) as a new span, unpaired.
    Mark { range: Range<usize>, kind: SpanKind },
    /// Turns a candidate into a member or back; a member that becomes a candidate loses its pair.
    SetKind { span: SpanId, kind: SpanKind },
    /// Removes the span, and its pair if it has one; the text stays.
    Remove { span: SpanId },
    /// Pairs two members (on any lines); their old partners are left unpaired.
    Link { a: SpanId, b: SpanId },
    /// Separates a member from its partner; both are left unpaired.
    Unlink { span: SpanId },
}

/// Why an edit was refused. The document is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    NoSuchSpan(SpanId),
    /// A span needs at least one character.
    EmptyRange,
    /// The range ends after the text.
    OutsideText,
    /// The range starts or ends inside a character's UTF-8 bytes.
    NotOnCharBoundary,
    /// The range includes a line break.
    CrossesLines,
    /// The range overlaps this span.
    Overlaps {
        span: SpanId,
        text: String,
    },
    /// The range's text contains one of our tags, kept as literal text when it was read.
    ContainsMarkup {
        markup: String,
    },
    /// After the edit, literal markup on the line would be read as a tag when the file is
    /// written and read again (an unclosed `<a>` before a new member, say).
    MarkupOnLine {
        line: usize,
    },
    /// The text starts with U+FEFF, kept as text only because a span's tag stood before it;
    /// without a span there it would be read as a byte order mark.
    ByteOrderMarkAtStart,
    /// The line ends with a `\r` kept as text only because a span's tag stood after it; without
    /// a span there it would be read as part of a CRLF line break.
    CarriageReturnAtLineEnd {
        line: usize,
    },
    /// Only members link; this span is a candidate.
    NotAMember {
        span: SpanId,
        text: String,
    },
    /// A member cannot be linked with itself.
    SameSpan {
        span: SpanId,
    },
    /// The span has no partner to unlink.
    NotPaired {
        span: SpanId,
        text: String,
    },
    /// Annotations of another text cannot replace these (a version of another document).
    OtherText,
}

impl EditError {
    /// A sentence for the page's English interface.
    pub fn message(&self) -> String {
        match self {
            EditError::NoSuchSpan(id) => format!("there is no span number {id}"),
            EditError::EmptyRange => "nothing is selected; select the text to mark".to_string(),
            EditError::OutsideText => "the selection lies outside the text".to_string(),
            EditError::NotOnCharBoundary => {
                "the selection starts or ends inside a character".to_string()
            }
            EditError::CrossesLines => {
                "the selection runs over a line break; a span must lie within one line".to_string()
            }
            EditError::Overlaps { text, .. } => {
                format!("the selection overlaps the span 「{text}」; spans cannot overlap")
            }
            EditError::ContainsMarkup { markup } => format!(
                "the selection contains the markup {markup}, which could not be told apart from a tag when the file is saved"
            ),
            EditError::MarkupOnLine { line } => format!(
                "line {} keeps markup such as <a> or </cand> as plain text; after this change it would be read as a tag when the file is saved",
                line + 1
            ),
            EditError::ByteOrderMarkAtStart => "the text starts with the invisible character U+FEFF; without a span at the very start, it would be taken for a byte order mark and lost when the file is saved".to_string(),
            EditError::CarriageReturnAtLineEnd { line } => format!(
                "line {} ends with a carriage return (\\r); without a span at the end of the line, it would be taken for part of a Windows line break and lost when the file is saved",
                line + 1
            ),
            EditError::NotAMember { text, .. } => format!(
                "「{text}」 is a candidate; only pair members can be linked, so make it a member first"
            ),
            EditError::SameSpan { .. } => "a member cannot be linked with itself".to_string(),
            EditError::NotPaired { text, .. } => format!("「{text}」 has no partner to unlink"),
            EditError::OtherText => "that version belongs to another text".to_string(),
        }
    }

    /// The same sentence for the page's 中文 interface.
    pub fn message_zh(&self) -> String {
        match self {
            EditError::NoSuchSpan(id) => format!("不存在编号为 {id} 的标注"),
            EditError::EmptyRange => "没有选中文字，请先选中要标注的文字".to_string(),
            EditError::OutsideText => "所选范围超出了文本".to_string(),
            EditError::NotOnCharBoundary => "所选范围的起点或终点落在一个字符的中间".to_string(),
            EditError::CrossesLines => "所选文字跨越了换行，标注必须在同一行之内".to_string(),
            EditError::Overlaps { text, .. } => {
                format!("所选文字与已有标注「{text}」重叠，标注不能重叠")
            }
            EditError::ContainsMarkup { markup } => {
                format!("所选文字包含标记 {markup}，保存文件时将无法与标签区分")
            }
            EditError::MarkupOnLine { line } => format!(
                "第 {} 行含有按普通文字保留的标记（如 <a> 或 </cand>），此修改会使其在保存文件后被读成标签",
                line + 1
            ),
            EditError::ByteOrderMarkAtStart => "文本以不可见字符 U+FEFF 开头；若开头没有标注，保存文件时它会被当作字节顺序标记而丢失".to_string(),
            EditError::CarriageReturnAtLineEnd { line } => format!(
                "第 {} 行以回车符（\\r）结尾；若行末没有标注，保存文件时它会被当作 Windows 换行符的一部分而丢失",
                line + 1
            ),
            EditError::NotAMember { text, .. } => {
                format!("「{text}」是候选词，只有配对成员才能连接，请先把它设为成员")
            }
            EditError::SameSpan { .. } => "成员不能与自身配对".to_string(),
            EditError::NotPaired { text, .. } => format!("「{text}」没有可解除的搭档"),
            EditError::OtherText => "该版本属于另一篇文本".to_string(),
        }
    }
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for EditError {}

/// Undo and redo stacks of edits. Unlimited; a new edit clears the redo stack.
///
/// `undo` and `redo` must be given the document the edits were applied to. Given another one
/// they change nothing and return `false` when it visibly differs (other lengths), and never
/// panic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// One applied edit: its primitive operations in the order they ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Step {
    ops: Vec<Op>,
    before: Shape,
    after: Shape,
}

/// Lengths that tell whether a document is the one a step expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Shape {
    text: usize,
    lines: usize,
    spans: usize,
    pairs: usize,
    diagnostics: usize,
}

impl Shape {
    fn of(doc: &Document) -> Self {
        Shape {
            text: doc.text.len(),
            lines: doc.lines.len(),
            spans: doc.spans.len(),
            pairs: doc.pairs.len(),
            diagnostics: doc.diagnostics.len(),
        }
    }
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies `edit` to `doc` and records it. A refused edit changes neither. An edit that
    /// changes nothing (a span set to the kind it has, partners linked again) is not recorded.
    pub fn apply(&mut self, doc: &mut Document, edit: Edit) -> Result<(), EditError> {
        let before = Shape::of(doc);
        let ops = perform(doc, &edit)?;
        if !ops.is_empty() {
            let after = Shape::of(doc);
            self.undo.push(Step { ops, before, after });
            self.redo.clear();
        }
        Ok(())
    }

    /// Applies edits one after another as one step, undone and redone together. `next` is
    /// asked for each edit with the document as the edits before it left it (span ids move
    /// when spans come and go), until it gives `None`. If one is refused, those before it are
    /// taken back: the document is as it was. Gives the edits applied, for the journal.
    pub fn apply_all(
        &mut self,
        doc: &mut Document,
        mut next: impl FnMut(&Document) -> Option<Edit>,
    ) -> Result<Vec<Edit>, EditError> {
        let before = Shape::of(doc);
        let mut ops: Vec<Op> = Vec::new();
        let mut applied = Vec::new();
        while let Some(edit) = next(doc) {
            match perform(doc, &edit) {
                Ok(done) => {
                    ops.extend(done);
                    applied.push(edit);
                }
                Err(error) => {
                    for op in ops.iter().rev() {
                        op.run(doc, false);
                    }
                    return Err(error);
                }
            }
        }
        if !ops.is_empty() {
            let after = Shape::of(doc);
            self.undo.push(Step { ops, before, after });
            self.redo.clear();
        }
        Ok(applied)
    }

    /// Replaces every annotation of `doc` by those of `with` (an earlier version of the same
    /// text) as one step, so that restoring a version can be undone like any edit.
    pub fn replace(&mut self, doc: &mut Document, with: &Document) -> Result<(), EditError> {
        if doc.text != with.text || doc.lines.len() != with.lines.len() {
            return Err(EditError::OtherText);
        }
        let before = Shape::of(doc);
        let op = Op::Replace {
            before: Box::new(Annotations::of(doc)),
            after: Box::new(Annotations::of(with)),
        };
        if let Op::Replace { before, after } = &op {
            if before == after {
                return Ok(());
            }
        }
        op.run(doc, true);
        let after = Shape::of(doc);
        self.undo.push(Step {
            ops: vec![op],
            before,
            after,
        });
        self.redo.clear();
        Ok(())
    }

    /// Takes back the last edit; `false` if there is none.
    pub fn undo(&mut self, doc: &mut Document) -> bool {
        match self.undo.last() {
            Some(step) if Shape::of(doc) == step.after => {
                for op in step.ops.iter().rev() {
                    op.run(doc, false);
                }
            }
            _ => return false,
        }
        self.redo.extend(self.undo.pop());
        true
    }

    /// Applies again the last edit taken back; `false` if there is none.
    pub fn redo(&mut self, doc: &mut Document) -> bool {
        match self.redo.last() {
            Some(step) if Shape::of(doc) == step.before => {
                for op in &step.ops {
                    op.run(doc, true);
                }
            }
            _ => return false,
        }
        self.undo.extend(self.redo.pop());
        true
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// How many edits can be undone.
    pub fn len(&self) -> usize {
        self.undo.len()
    }

    /// No edit can be undone.
    pub fn is_empty(&self) -> bool {
        self.undo.is_empty()
    }

    /// How many edits can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// Forgets every step, as when another document is opened.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

/// A change small enough to run in both directions. Each carries what running it backwards
/// needs, captured when it first ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum Op {
    /// `span` (unpaired) becomes span `id`.
    InsertSpan {
        id: SpanId,
        span: Span,
    },
    /// Span `id`, unpaired and equal to `span`, goes.
    RemoveSpan {
        id: SpanId,
        span: Span,
    },
    /// Span `id`'s kind and `pair` attribute change.
    Restyle {
        id: SpanId,
        before: (SpanKind, Option<String>),
        after: (SpanKind, Option<String>),
    },
    AddPair(Pair),
    RemovePair(Pair),
    InsertDiagnostic {
        index: usize,
        diagnostic: Diagnostic,
    },
    RemoveDiagnostic {
        index: usize,
        diagnostic: Diagnostic,
    },
    /// Every annotation at once (restoring a version).
    Replace {
        before: Box<Annotations>,
        after: Box<Annotations>,
    },
}

/// Everything about a document but its text: what a version restores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Annotations {
    line_spans: Vec<Range<SpanId>>,
    spans: Vec<Span>,
    pairs: Vec<Pair>,
    diagnostics: Vec<Diagnostic>,
}

impl Annotations {
    fn of(doc: &Document) -> Self {
        Annotations {
            line_spans: doc.lines.iter().map(|l| l.spans.clone()).collect(),
            spans: doc.spans.clone(),
            pairs: doc.pairs.clone(),
            diagnostics: doc.diagnostics.clone(),
        }
    }

    fn put(&self, doc: &mut Document) {
        if self.line_spans.len() != doc.lines.len() {
            return;
        }
        for (line, spans) in doc.lines.iter_mut().zip(&self.line_spans) {
            line.spans = spans.clone();
        }
        doc.spans = self.spans.clone();
        doc.pairs = self.pairs.clone();
        doc.diagnostics = self.diagnostics.clone();
    }
}

impl Op {
    fn run(&self, doc: &mut Document, forward: bool) {
        match (self, forward) {
            (Op::InsertSpan { id, span }, true) | (Op::RemoveSpan { id, span }, false) => {
                insert_span(doc, *id, span.clone())
            }
            (Op::RemoveSpan { id, .. }, true) | (Op::InsertSpan { id, .. }, false) => {
                remove_span(doc, *id)
            }
            (Op::Restyle { id, before, after }, _) => {
                let (kind, key) = if forward { after } else { before };
                if let Some(span) = doc.spans.get_mut(*id) {
                    span.kind = *kind;
                    span.pair_key = key.clone();
                }
            }
            (Op::AddPair(pair), true) | (Op::RemovePair(pair), false) => add_pair(doc, *pair),
            (Op::RemovePair(pair), true) | (Op::AddPair(pair), false) => remove_pair(doc, *pair),
            (Op::InsertDiagnostic { index, diagnostic }, true)
            | (Op::RemoveDiagnostic { index, diagnostic }, false) => {
                if *index <= doc.diagnostics.len() {
                    doc.diagnostics.insert(*index, diagnostic.clone());
                }
            }
            (Op::Replace { after, .. }, true) => after.put(doc),
            (Op::Replace { before, .. }, false) => before.put(doc),
            (Op::RemoveDiagnostic { index, .. }, true)
            | (Op::InsertDiagnostic { index, .. }, false) => {
                if *index < doc.diagnostics.len() {
                    doc.diagnostics.remove(*index);
                }
            }
        }
    }
}

fn insert_span(doc: &mut Document, id: SpanId, span: Span) {
    if id > doc.spans.len() || span.line >= doc.lines.len() {
        return;
    }
    let line = span.line;
    doc.spans.insert(id, span);
    for pair in &mut doc.pairs {
        for member in [&mut pair.first, &mut pair.second] {
            if *member >= id {
                *member += 1;
            }
        }
    }
    doc.lines[line].spans.end += 1;
    for later in &mut doc.lines[line + 1..] {
        later.spans.start += 1;
        later.spans.end += 1;
    }
}

fn remove_span(doc: &mut Document, id: SpanId) {
    let Some(span) = doc.spans.get(id) else {
        return;
    };
    let line = span.line;
    if span.pair.is_some() || line >= doc.lines.len() {
        return;
    }
    doc.spans.remove(id);
    for pair in &mut doc.pairs {
        for member in [&mut pair.first, &mut pair.second] {
            if *member > id {
                *member -= 1;
            }
        }
    }
    let own = &mut doc.lines[line].spans;
    own.end = own.end.saturating_sub(1);
    for later in &mut doc.lines[line + 1..] {
        later.spans.start = later.spans.start.saturating_sub(1);
        later.spans.end = later.spans.end.saturating_sub(1);
    }
}

/// Gives every pair from `from` on its place in its members' `pair`.
fn renumber_pairs(doc: &mut Document, from: usize) {
    for (pair_id, pair) in doc.pairs.iter().enumerate().skip(from) {
        for member in [pair.first, pair.second] {
            if let Some(span) = doc.spans.get_mut(member) {
                span.pair = Some(pair_id);
            }
        }
    }
}

fn add_pair(doc: &mut Document, pair: Pair) {
    let pair = Pair {
        first: pair.first.min(pair.second),
        second: pair.first.max(pair.second),
    };
    let at = doc.pairs.partition_point(|p| p.first < pair.first);
    doc.pairs.insert(at, pair);
    renumber_pairs(doc, at);
}

fn remove_pair(doc: &mut Document, pair: Pair) {
    let first = pair.first.min(pair.second);
    let at = doc.pairs.partition_point(|p| p.first < first);
    if doc.pairs.get(at).is_none_or(|p| p.first != first) {
        return;
    }
    let removed = doc.pairs.remove(at);
    for member in [removed.first, removed.second] {
        if let Some(span) = doc.spans.get_mut(member) {
            span.pair = None;
        }
    }
    renumber_pairs(doc, at);
}

/// Runs primitive operations on a document and keeps them for the history.
struct Recorder<'d> {
    doc: &'d mut Document,
    ops: Vec<Op>,
    /// Where spans whose pairing may have changed start, with their lines; their diagnostics
    /// are refreshed once the spans and pairs are done.
    touched: Vec<(usize, usize)>,
}

impl<'d> Recorder<'d> {
    fn new(doc: &'d mut Document) -> Self {
        Recorder {
            doc,
            ops: Vec::new(),
            touched: Vec::new(),
        }
    }

    /// Refreshes the diagnostics and hands over the operations that ran.
    fn finish(mut self) -> Vec<Op> {
        self.refresh_touched();
        self.ops
    }

    fn run(&mut self, op: Op) {
        op.run(self.doc, true);
        self.ops.push(op);
    }

    fn touch(&mut self, id: SpanId) {
        if let Some(span) = self.doc.spans.get(id) {
            self.touched.push((span.line, span.range.start));
        }
    }

    /// Unpairs `id`, clearing both members' `pair` attributes, which named the old pair;
    /// returns the old partner.
    fn unpair(&mut self, id: SpanId) -> Option<SpanId> {
        let pair = *self.doc.pairs.get(self.doc.spans.get(id)?.pair?)?;
        let partner = self.doc.partner(id)?;
        self.touch(id);
        self.touch(partner);
        self.run(Op::RemovePair(pair));
        self.clear_key(partner);
        self.clear_key(id);
        Some(partner)
    }

    fn restyle(&mut self, id: SpanId, kind: SpanKind, key: Option<String>) {
        let Some(span) = self.doc.spans.get(id) else {
            return;
        };
        let before = (span.kind, span.pair_key.clone());
        let after = (kind, key);
        if before != after {
            self.touch(id);
            self.run(Op::Restyle { id, before, after });
        }
    }

    fn clear_key(&mut self, id: SpanId) {
        if let Some(kind) = self.doc.spans.get(id).map(|s| s.kind) {
            self.restyle(id, kind, None);
        }
    }

    /// Brings the pairing diagnostics of every touched place up to date.
    fn refresh_touched(&mut self) {
        let mut touched = std::mem::take(&mut self.touched);
        touched.sort_unstable();
        touched.dedup();
        for (line, offset) in touched {
            self.refresh(line, offset);
        }
    }

    /// Keeps at most one pairing diagnostic at `offset`: one that still holds, or a new
    /// `UnpairedMember` if the member there has no partner and no diagnostic says so.
    fn refresh(&mut self, line: usize, offset: usize) {
        let doc = &*self.doc;
        let unpaired = span_at(doc, line, offset)
            .and_then(|id| doc.spans.get(id))
            .filter(|span| span.kind == SpanKind::Member && span.pair.is_none());
        let lo = doc.diagnostics.partition_point(|d| d.line < line + 1);
        let hi = doc.diagnostics.partition_point(|d| d.line <= line + 1);
        let mut kept = false;
        let mut stale = Vec::new();
        for (index, d) in doc.diagnostics.iter().enumerate().take(hi).skip(lo) {
            if d.offset != offset {
                continue;
            }
            let holds = match (&d.kind, unpaired) {
                (DiagnosticKind::UnpairedMember { .. }, Some(_)) => true,
                (DiagnosticKind::PairKeyReused { key }, Some(span)) => {
                    span.pair_key.as_deref() == Some(key.as_str())
                }
                (
                    DiagnosticKind::UnpairedMember { .. } | DiagnosticKind::PairKeyReused { .. },
                    _,
                ) => false,
                _ => continue,
            };
            if holds && !kept {
                kept = true;
            } else {
                stale.push((index, d.clone()));
            }
        }
        let missing = match unpaired {
            Some(span) if !kept => Some(unpaired_diagnostic(doc, span)),
            _ => None,
        };
        for (index, diagnostic) in stale.into_iter().rev() {
            self.run(Op::RemoveDiagnostic { index, diagnostic });
        }
        if let Some(diagnostic) = missing {
            let key = (diagnostic.line, diagnostic.column, diagnostic.offset);
            let index = self
                .doc
                .diagnostics
                .partition_point(|d| (d.line, d.column, d.offset) <= key);
            self.run(Op::InsertDiagnostic { index, diagnostic });
        }
    }
}

fn unpaired_diagnostic(doc: &Document, span: &Span) -> Diagnostic {
    let text = doc.text.get(span.range.clone()).unwrap_or_default();
    let line_start = doc.lines.get(span.line).map_or(0, |l| l.range.start);
    let before = doc
        .text
        .get(line_start..span.range.start)
        .unwrap_or_default();
    Diagnostic {
        kind: DiagnosticKind::UnpairedMember {
            text: text.to_string(),
        },
        line: span.line + 1,
        column: before.chars().count() + 1,
        offset: span.range.start,
    }
}

/// The span on `line` that starts at `offset`.
fn span_at(doc: &Document, line: usize, offset: usize) -> Option<SpanId> {
    let ids = doc.lines.get(line)?.spans.clone();
    let on_line = doc.spans.get(ids.clone())?;
    let i = on_line
        .binary_search_by_key(&offset, |s| s.range.start)
        .ok()?;
    Some(ids.start + i)
}

fn text_of(doc: &Document, id: SpanId) -> String {
    doc.spans
        .get(id)
        .and_then(|s| doc.text.get(s.range.clone()))
        .unwrap_or_default()
        .to_string()
}

fn existing(doc: &Document, id: SpanId) -> Result<&Span, EditError> {
    doc.spans.get(id).ok_or(EditError::NoSuchSpan(id))
}

/// Our tags, which inside a span's text would be read as markup rather than text. `<a` followed
/// by a letter (`<abbr>`) is not one of them.
fn markup_in(text: &str) -> Option<String> {
    for tag in ["<cand>", "</cand>", "</a>"] {
        if text.contains(tag) {
            return Some(tag.to_string());
        }
    }
    text.match_indices("<a")
        .find(|(at, _)| {
            text.as_bytes()
                .get(at + 2)
                .is_none_or(|b| !b.is_ascii_alphabetic())
        })
        .map(|_| "<a".to_string())
}

/// Whether `line` could read differently once its spans change: it holds a `<`, which may be
/// literal markup; it starts the text with U+FEFF, which only a tag before it keeps from being
/// read as a byte order mark; or it ends with a `\r` that only a tag after it keeps from being
/// read as half of a CRLF line break.
fn line_is_delicate(doc: &Document, line: usize) -> bool {
    let Some(line) = doc.lines.get(line) else {
        return true;
    };
    let text = doc.text.get(line.range.clone()).unwrap_or_default();
    memchr::memchr(b'<', text.as_bytes()).is_some()
        || (line.range.start == 0 && !doc.bom && text.starts_with('\u{FEFF}'))
        || (line.ending == LineEnding::Lf && text.ends_with('\r'))
}

/// Whether `line`, written with `spans` (kind and range, in order), reads back as the same text
/// and exactly these spans. Literal markup can change meaning when spans come or go around it:
/// an unclosed `<a>` becomes a real tag once a member after it brings a `</a>`.
fn line_reads_back(doc: &Document, line: usize, spans: &[(SpanKind, Range<usize>)]) -> bool {
    let Some(line) = doc.lines.get(line) else {
        return false;
    };
    let range = line.range.clone();
    let newline = usize::from(line.ending != LineEnding::None);
    let Some(text) = doc.text.get(range.start..range.end + newline) else {
        return false;
    };
    // The reader drops one BOM at the start of the file: written at the start, the line is
    // preceded by the document's BOM if it has one; elsewhere, a BOM put first is dropped and
    // leaves the line as it would be read in place.
    let mut tagged = if range.start == 0 && !doc.bom {
        String::new()
    } else {
        String::from('\u{FEFF}')
    };
    let mut at = range.start;
    for (kind, span) in spans {
        let (Some(before), Some(inside)) =
            (doc.text.get(at..span.start), doc.text.get(span.clone()))
        else {
            return false;
        };
        tagged.push_str(before);
        tagged.push_str(&opening_tag(*kind, None));
        tagged.push_str(inside);
        tagged.push_str(closing_tag(*kind));
        at = span.end;
    }
    tagged.push_str(doc.text.get(at..range.end).unwrap_or_default());
    tagged.push_str(line.ending.as_str());
    let reread = parse(&tagged);
    reread.text == text
        && reread.spans.len() == spans.len()
        && reread.spans.iter().zip(spans).all(|(read, (kind, span))| {
            read.kind == *kind
                && read.range.start + range.start == span.start
                && read.range.end + range.start == span.end
        })
}

/// The spans of `line` as kind and range.
fn line_spans(doc: &Document, line: usize) -> Vec<(SpanKind, Range<usize>)> {
    let ids = doc.lines.get(line).map(|l| l.spans.clone()).unwrap_or(0..0);
    doc.spans
        .get(ids)
        .unwrap_or_default()
        .iter()
        .map(|s| (s.kind, s.range.clone()))
        .collect()
}

/// Refuses a change to `line`'s spans after which the written line would read differently.
fn check_line(
    doc: &Document,
    line: usize,
    change: impl FnOnce(&mut Vec<(SpanKind, Range<usize>)>),
) -> Result<(), EditError> {
    if !line_is_delicate(doc, line) {
        return Ok(());
    }
    let mut spans = line_spans(doc, line);
    change(&mut spans);
    if line_reads_back(doc, line, &spans) {
        return Ok(());
    }
    let Some(l) = doc.lines.get(line) else {
        return Err(EditError::MarkupOnLine { line });
    };
    let text = doc.text.get(l.range.clone()).unwrap_or_default();
    let bare_feff = l.range.start == 0
        && !doc.bom
        && text.starts_with('\u{FEFF}')
        && spans.first().is_none_or(|(_, s)| s.start > 0);
    let bare_cr = l.ending == LineEnding::Lf
        && text.ends_with('\r')
        && spans.last().is_none_or(|(_, s)| s.end < l.range.end);
    Err(if bare_feff {
        EditError::ByteOrderMarkAtStart
    } else if bare_cr {
        EditError::CarriageReturnAtLineEnd { line }
    } else {
        EditError::MarkupOnLine { line }
    })
}

/// The line that holds byte `offset` of the text (or ends just before it).
fn line_of(doc: &Document, offset: usize) -> Option<usize> {
    doc.lines
        .partition_point(|l| l.range.start <= offset)
        .checked_sub(1)
}

/// Checks `edit` against `doc`, then carries it out; returns the operations that ran, none when
/// the edit changes nothing.
fn perform(doc: &mut Document, edit: &Edit) -> Result<Vec<Op>, EditError> {
    // Every check comes before the recorder touches the document.
    match edit {
        Edit::Mark { range, kind } => {
            let (line, id) = check_mark(doc, range, *kind)?;
            let mut rec = Recorder::new(doc);
            let span = Span {
                kind: *kind,
                line,
                range: range.clone(),
                pair: None,
                pair_key: None,
            };
            rec.run(Op::InsertSpan { id, span });
            rec.touch(id);
            Ok(rec.finish())
        }
        Edit::SetKind { span: id, kind } => {
            let span = existing(doc, *id)?;
            if span.kind == *kind {
                return Ok(Vec::new());
            }
            let first = doc.lines.get(span.line).map_or(0, |l| l.spans.start);
            check_line(doc, span.line, |spans| {
                if let Some(s) = spans.get_mut(id.saturating_sub(first)) {
                    s.0 = *kind;
                }
            })?;
            let mut rec = Recorder::new(doc);
            rec.unpair(*id);
            rec.restyle(*id, *kind, None);
            Ok(rec.finish())
        }
        Edit::Remove { span: id } => {
            let span = existing(doc, *id)?;
            let first = doc.lines.get(span.line).map_or(0, |l| l.spans.start);
            check_line(doc, span.line, |spans| {
                if id.saturating_sub(first) < spans.len() {
                    spans.remove(id - first);
                }
            })?;
            let mut rec = Recorder::new(doc);
            rec.touch(*id);
            rec.unpair(*id);
            if let Some(span) = rec.doc.spans.get(*id).cloned() {
                rec.run(Op::RemoveSpan { id: *id, span });
            }
            Ok(rec.finish())
        }
        Edit::Link { a, b } => {
            for id in [*a, *b] {
                if existing(doc, id)?.kind != SpanKind::Member {
                    let text = text_of(doc, id);
                    return Err(EditError::NotAMember { span: id, text });
                }
            }
            if a == b {
                return Err(EditError::SameSpan { span: *a });
            }
            if doc.partner(*a) == Some(*b) {
                return Ok(Vec::new());
            }
            let mut rec = Recorder::new(doc);
            rec.unpair(*a);
            rec.unpair(*b);
            rec.clear_key(*a);
            rec.clear_key(*b);
            rec.run(Op::AddPair(Pair {
                first: (*a).min(*b),
                second: (*a).max(*b),
            }));
            rec.touch(*a);
            rec.touch(*b);
            Ok(rec.finish())
        }
        Edit::Unlink { span: id } => {
            existing(doc, *id)?;
            if doc.partner(*id).is_none() {
                let text = text_of(doc, *id);
                return Err(EditError::NotPaired { span: *id, text });
            }
            let mut rec = Recorder::new(doc);
            rec.unpair(*id);
            Ok(rec.finish())
        }
    }
}

/// Checks a new span's range; gives its line and the id it will have.
fn check_mark(
    doc: &Document,
    range: &Range<usize>,
    kind: SpanKind,
) -> Result<(usize, SpanId), EditError> {
    if range.start >= range.end {
        return Err(EditError::EmptyRange);
    }
    if range.end > doc.text.len() {
        return Err(EditError::OutsideText);
    }
    let Some(text) = doc.text.get(range.clone()) else {
        return Err(EditError::NotOnCharBoundary);
    };
    let line = line_of(doc, range.start).ok_or(EditError::CrossesLines)?;
    let line_range = doc.lines.get(line).map_or(0..0, |l| l.range.clone());
    if text.contains('\n') || range.end > line_range.end {
        return Err(EditError::CrossesLines);
    }
    let ids = doc.lines.get(line).map_or(0..0, |l| l.spans.clone());
    let on_line = doc.spans.get(ids.clone()).unwrap_or_default();
    let i = on_line.partition_point(|s| s.range.start < range.start);
    let before = i
        .checked_sub(1)
        .filter(|&j| on_line[j].range.end > range.start);
    let after = Some(i).filter(|&j| on_line.get(j).is_some_and(|s| s.range.start < range.end));
    if let Some(j) = before.or(after) {
        let span = ids.start + j;
        let text = text_of(doc, span);
        return Err(EditError::Overlaps { span, text });
    }
    if let Some(markup) = markup_in(text) {
        return Err(EditError::ContainsMarkup { markup });
    }
    check_line(doc, line, |spans| spans.insert(i, (kind, range.clone())))?;
    Ok((line, ids.start + i))
}
