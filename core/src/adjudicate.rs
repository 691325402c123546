//! Adjudication: one person settles the disagreements between two annotators' versions into
//! one, the open document (A). Accepting B's side edits A; accepting A's side, or a side that
//! leaves a difference standing (neither, where B has a span), records the disagreement as
//! settled. Disagreements are told by what they are about (byte ranges and kinds), not by span
//! ids, so that one is known again after edits have moved the ids; after every change A is
//! compared with B again and what is left open follows.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

use crate::agreement::{compare, CorpusAgreement, Disagreement, DocumentAgreement, TextMismatch};
use crate::corpus::Entry;
use crate::edit::{Edit, EditError, History};
use crate::model::{Document, SpanId, SpanKind};
use crate::parse::parse;

/// Whose annotation a disagreement is settled with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    A,
    B,
    /// Neither side's span or pair: the text is left unmarked there.
    Neither,
}

/// A disagreement by its content. `Span` sides are (range, kind) in the shared tag-free text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Span {
        a: Option<(Range<usize>, SpanKind)>,
        b: Option<(Range<usize>, SpanKind)>,
    },
    Pair {
        in_a: bool,
        first: Range<usize>,
        second: Range<usize>,
    },
}

/// An edit of A by ranges, turned into [`Edit`]s against the document as it stands when it
/// runs ([`apply`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The span at exactly this range goes (nothing if there is none).
    Remove(Range<usize>),
    /// A span of this kind at this range: spans overlapping it go, one at the range changes
    /// kind, or one is marked.
    Mark(Range<usize>, SpanKind),
    /// The members at these ranges are paired.
    Link(Range<usize>, Range<usize>),
    /// The members at these ranges, if paired with each other, are separated.
    Unlink(Range<usize>, Range<usize>),
}

/// What deciding a disagreement takes: steps on A, and the key to record as settled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolution {
    pub steps: Vec<Step>,
    pub settle: Vec<Key>,
}

fn side(doc: &Document, span: SpanId) -> Option<(Range<usize>, SpanKind)> {
    doc.spans.get(span).map(|s| (s.range.clone(), s.kind))
}

fn members(doc: &Document, pair: usize) -> (Range<usize>, Range<usize>) {
    let range = |id: SpanId| doc.spans.get(id).map_or(0..0, |s| s.range.clone());
    doc.pairs
        .get(pair)
        .map_or((0..0, 0..0), |p| (range(p.first), range(p.second)))
}

/// The key of a disagreement between `a` and `b`.
pub fn key(a: &Document, b: &Document, disagreement: &Disagreement) -> Key {
    let span_key = |x: Option<SpanId>, y: Option<SpanId>| Key::Span {
        a: x.and_then(|x| side(a, x)),
        b: y.and_then(|y| side(b, y)),
    };
    match *disagreement {
        Disagreement::OnlyA { a } => span_key(Some(a), None),
        Disagreement::OnlyB { b } => span_key(None, Some(b)),
        Disagreement::Kind { a, b } | Disagreement::Boundary { a, b } => span_key(Some(a), Some(b)),
        Disagreement::PairA { a: pair } => {
            let (first, second) = members(a, pair);
            Key::Pair {
                in_a: true,
                first,
                second,
            }
        }
        Disagreement::PairB { b: pair } => {
            let (first, second) = members(b, pair);
            Key::Pair {
                in_a: false,
                first,
                second,
            }
        }
    }
}

/// The text a disagreement is about (bytes of the shared text): both sides' spans, or a pair's
/// first member.
pub fn place(a: &Document, b: &Document, disagreement: &Disagreement) -> Range<usize> {
    match key(a, b, disagreement) {
        Key::Span { a, b } => {
            let ranges = a.into_iter().chain(b).map(|(r, _)| r);
            ranges
                .reduce(|x, y| x.start.min(y.start)..x.end.max(y.end))
                .unwrap_or(0..0)
        }
        Key::Pair { first, .. } => first,
    }
}

/// What settling `disagreement` with `choice` takes.
pub fn resolve(
    a: &Document,
    b: &Document,
    disagreement: &Disagreement,
    choice: Choice,
) -> Resolution {
    let settle = |key: Key| Resolution {
        steps: Vec::new(),
        settle: vec![key],
    };
    let steps = |steps: Vec<Step>| Resolution {
        steps,
        settle: Vec::new(),
    };
    if choice == Choice::A {
        return settle(key(a, b, disagreement));
    }
    let range = |doc: &Document, id: SpanId| doc.spans.get(id).map_or(0..0, |s| s.range.clone());
    match (*disagreement, choice) {
        (Disagreement::OnlyA { a: x }, _) => steps(vec![Step::Remove(range(a, x))]),
        (Disagreement::OnlyB { .. }, Choice::Neither)
        | (Disagreement::PairB { .. }, Choice::Neither) => settle(key(a, b, disagreement)),
        (Disagreement::OnlyB { b: y }, _)
        | (Disagreement::Kind { b: y, .. }, _)
        | (Disagreement::Boundary { b: y, .. }, _)
            if choice == Choice::B =>
        {
            let (r, kind) = side(b, y).unwrap_or((0..0, SpanKind::Candidate));
            steps(vec![Step::Mark(r, kind)])
        }
        // Neither: A's span goes, and B's stays unaccepted.
        (Disagreement::Kind { a: x, b: y }, _) | (Disagreement::Boundary { a: x, b: y }, _) => {
            Resolution {
                steps: vec![Step::Remove(range(a, x))],
                settle: vec![Key::Span {
                    a: None,
                    b: side(b, y),
                }],
            }
        }
        (Disagreement::PairA { a: pair }, _) => {
            let (first, second) = members(a, pair);
            steps(vec![Step::Unlink(first, second)])
        }
        (Disagreement::PairB { b: pair }, _) => {
            let (first, second) = members(b, pair);
            steps(vec![
                Step::Mark(first.clone(), SpanKind::Member),
                Step::Mark(second.clone(), SpanKind::Member),
                Step::Link(first, second),
            ])
        }
        // Unreachable: OnlyB with B is taken above.
        (Disagreement::OnlyB { .. }, _) => settle(key(a, b, disagreement)),
    }
}

/// The span of `doc` at exactly `range`, if there is one.
pub fn span_at(doc: &Document, range: &Range<usize>) -> Option<SpanId> {
    let i = doc.spans.partition_point(|s| s.range.start < range.start);
    doc.spans.get(i).filter(|s| s.range == *range).map(|_| i)
}

/// The next edit `step` needs on `doc`, or `None` once it holds.
fn next_edit(doc: &Document, step: &Step) -> Option<Edit> {
    match step {
        Step::Remove(range) => span_at(doc, range).map(|span| Edit::Remove { span }),
        Step::Mark(range, kind) => {
            let i = doc.spans.partition_point(|s| s.range.end <= range.start);
            let overlapping = doc
                .spans
                .get(i)
                .filter(|s| s.range.start < range.end && s.range != *range);
            if overlapping.is_some() {
                return Some(Edit::Remove { span: i });
            }
            match span_at(doc, range) {
                Some(span) if doc.spans[span].kind == *kind => None,
                Some(span) => Some(Edit::SetKind { span, kind: *kind }),
                None => Some(Edit::Mark {
                    range: range.clone(),
                    kind: *kind,
                }),
            }
        }
        Step::Link(first, second) => {
            let (x, y) = (span_at(doc, first)?, span_at(doc, second)?);
            let together = doc.spans[x].pair.is_some() && doc.spans[x].pair == doc.spans[y].pair;
            (!together).then_some(Edit::Link { a: x, b: y })
        }
        Step::Unlink(first, second) => {
            let (x, y) = (span_at(doc, first)?, span_at(doc, second)?);
            let together = doc.spans[x].pair.is_some() && doc.spans[x].pair == doc.spans[y].pair;
            together.then_some(Edit::Unlink { span: x })
        }
    }
}

/// Runs `steps` on `doc` as one undoable step of `history`. Refused as a whole if one edit
/// is refused. Gives the edits applied, for the journal.
pub fn apply(
    history: &mut History,
    doc: &mut Document,
    steps: &[Step],
) -> Result<Vec<Edit>, EditError> {
    let mut index = 0;
    // Every edit removes a span or makes a step hold, so this bound is never the one that
    // stops a sound run; it keeps a mistaken step from looping.
    let mut budget = doc.spans.len() + 4 * steps.len() + 4;
    history.apply_all(doc, |doc| loop {
        let step = steps.get(index)?;
        if budget == 0 {
            return None;
        }
        match next_edit(doc, step) {
            Some(edit) => {
                budget -= 1;
                return Some(edit);
            }
            None => index += 1,
        }
    })
}

/// Two versions of the open document being adjudicated.
#[derive(Clone, Debug, PartialEq)]
pub struct Adjudication {
    /// B, the other annotator's version.
    pub other: Rc<Document>,
    /// A, as it stands now, against B.
    pub agreement: DocumentAgreement,
    /// Disagreements decided so that a difference stays.
    settled: HashSet<Key>,
    /// Indices into `agreement.disagreements` not settled, in document order.
    open: Vec<usize>,
    /// Where the one in focus starts (a byte offset): stepping goes on from here.
    pub at: Option<usize>,
    /// How many decisions were taken ("accept all" counts each it settles).
    pub decided: usize,
}

impl Adjudication {
    pub fn new(a: &Document, other: Rc<Document>) -> Result<Adjudication, TextMismatch> {
        let agreement = compare(a, &other)?;
        let mut adjudication = Adjudication {
            other,
            agreement,
            settled: HashSet::new(),
            open: Vec::new(),
            at: None,
            decided: 0,
        };
        adjudication.find_open(a);
        Ok(adjudication)
    }

    fn find_open(&mut self, a: &Document) {
        let other = &self.other;
        let settled = &self.settled;
        self.open = (0..self.agreement.disagreements.len())
            .filter(|&i| !settled.contains(&key(a, other, &self.agreement.disagreements[i])))
            .collect();
    }

    /// A changed (an edit, undo, a resolution): compares again. A refusal leaves the last
    /// comparison (the text of A does not change under edits).
    pub fn follow(&mut self, a: &Document) {
        if let Ok(agreement) = compare(a, &self.other) {
            self.agreement = agreement;
        }
        self.find_open(a);
    }

    /// The disagreements not settled, in document order.
    pub fn open(&self) -> impl Iterator<Item = &Disagreement> {
        self.open.iter().map(|&i| &self.agreement.disagreements[i])
    }

    pub fn open_count(&self) -> usize {
        self.open.len()
    }

    /// Whether this disagreement (of the current comparison) is still open.
    pub fn is_open(&self, index: usize) -> bool {
        self.open.binary_search(&index).is_ok()
    }

    fn offset(&self, a: &Document, index: usize) -> usize {
        place(a, &self.other, &self.agreement.disagreements[index]).start
    }

    /// The index (into `agreement.disagreements`) of the open one in focus: the first open at
    /// or after `at`, wrapping.
    pub fn current(&self, a: &Document) -> Option<usize> {
        let at = self.at?;
        self.open
            .iter()
            .copied()
            .find(|&i| self.offset(a, i) >= at)
            .or_else(|| self.open.first().copied())
    }

    /// Focus on the next (or previous) open disagreement, wrapping; the first when none is in
    /// focus. Gives its index.
    pub fn step(&mut self, a: &Document, forward: bool) -> Option<usize> {
        let offsets: Vec<(usize, usize)> =
            self.open.iter().map(|&i| (self.offset(a, i), i)).collect();
        let chosen = match (self.current(a), forward) {
            (None, true) => offsets.first(),
            (None, false) => offsets.last(),
            (Some(now), true) => {
                let k = offsets.iter().position(|&(_, i)| i == now).unwrap_or(0);
                offsets.get(k + 1).or(offsets.first())
            }
            (Some(now), false) => {
                let k = offsets.iter().position(|&(_, i)| i == now).unwrap_or(0);
                match k {
                    0 => offsets.last(),
                    k => offsets.get(k - 1),
                }
            }
        };
        let (offset, index) = *chosen?;
        self.at = Some(offset);
        Some(index)
    }

    /// What settling the disagreement `index` with `choice` takes.
    pub fn resolution(&self, a: &Document, index: usize, choice: Choice) -> Option<Resolution> {
        let disagreement = self.agreement.disagreements.get(index)?;
        Some(resolve(a, &self.other, disagreement, choice))
    }

    /// What settling every open disagreement with `choice` takes, in document order.
    pub fn resolution_of_all(&self, a: &Document, choice: Choice) -> Resolution {
        let mut all = Resolution::default();
        for disagreement in self.open() {
            let one = resolve(a, &self.other, disagreement, choice);
            all.steps.extend(one.steps);
            all.settle.extend(one.settle);
        }
        // Removals first and from the end of the text back, so that no state in between leaves
        // a literal tag before a member it would now open; then marks, unlinks and links in
        // document order (a sort that keeps equal steps in order).
        all.steps.sort_by_key(|step| match step {
            Step::Remove(range) => (0, usize::MAX - range.start),
            Step::Mark(range, _) => (1, range.start),
            Step::Unlink(first, _) => (2, first.start),
            Step::Link(first, _) => (3, first.start),
        });
        all
    }

    /// Records a resolution whose steps were applied, and counts `decisions`; then
    /// [`Adjudication::follow`] the document they left. The focus stays where it was, so it
    /// lands on the next open disagreement.
    pub fn commit(&mut self, resolution: Resolution, decisions: usize) {
        self.settled.extend(resolution.settle);
        self.decided += decisions;
    }
}

/// A comparison in progress: another annotator's version of the open document, or their
/// corpus against the open corpus, and the session on the open document.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The file the other version came from.
    pub source_name: String,
    /// B's documents by name; for two documents, the one entry is A's name.
    others: Rc<HashMap<String, Rc<Document>>>,
    /// Whether a corpus is compared (per-document rows are shown).
    pub corpus: bool,
    /// The figures of every compared document, the open one's kept as it is edited.
    pub report: CorpusAgreement,
    /// The open document's name and session; `Err` says why it is not compared.
    pub open: Option<(String, Result<Adjudication, Unmatched>)>,
    /// The sessions of documents left, to come back to.
    kept: HashMap<String, Adjudication>,
}

/// Why the open document is not compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unmatched {
    /// B has no document of this name.
    Missing,
    TextsDiffer(TextMismatch),
}

impl Comparison {
    /// B is another version of the open document `a`, named `name`.
    pub fn of_document(
        name: &str,
        a: &Document,
        source_name: &str,
        other: &str,
    ) -> Result<Comparison, TextMismatch> {
        let other = Rc::new(parse(other));
        let adjudication = Adjudication::new(a, other.clone())?;
        let report = CorpusAgreement::of_document(name, adjudication.agreement.clone());
        Ok(Comparison {
            source_name: source_name.to_string(),
            others: Rc::new(HashMap::from([(name.to_string(), other)])),
            corpus: false,
            report,
            open: Some((name.to_string(), Ok(adjudication))),
            kept: HashMap::new(),
        })
    }

    /// B is a corpus compared with the open corpus `a` (its documents by name, matched by
    /// name); then [`Comparison::enter`] the open document.
    pub fn of_corpora(a: &[(&str, &Document)], source_name: &str, other: Vec<Entry>) -> Comparison {
        let parsed: Vec<(String, Document)> = other
            .iter()
            .map(|e| (e.name.clone(), parse(&e.source)))
            .collect();
        let named: Vec<(&str, &Document)> = parsed.iter().map(|(n, d)| (n.as_str(), d)).collect();
        let report = crate::agreement::compare_named(a, &named);
        let mut others = HashMap::new();
        for (name, doc) in parsed {
            others.entry(name).or_insert_with(|| Rc::new(doc));
        }
        Comparison {
            source_name: source_name.to_string(),
            others: Rc::new(others),
            corpus: true,
            report,
            open: None,
            kept: HashMap::new(),
        }
    }

    /// The open document is now `name` (`a`): its session is taken up again, or begun.
    pub fn enter(&mut self, name: &str, a: &Document) {
        if matches!(&self.open, Some((open, _)) if open == name) {
            return self.follow(a);
        }
        if let Some((left, Ok(session))) = self.open.take() {
            self.kept.insert(left, session);
        }
        let session = match self.kept.remove(name) {
            Some(mut session) => {
                session.follow(a);
                Ok(session)
            }
            None => match self.others.get(name) {
                None => Err(Unmatched::Missing),
                Some(other) => Adjudication::new(a, other.clone()).map_err(Unmatched::TextsDiffer),
            },
        };
        if let Ok(session) = &session {
            self.report.refresh(name, session.agreement.clone());
        }
        self.open = Some((name.to_string(), session));
    }

    /// The open document changed: its session and its row of the report follow.
    pub fn follow(&mut self, a: &Document) {
        if let Some((name, Ok(session))) = &mut self.open {
            session.follow(a);
            self.report.refresh(name, session.agreement.clone());
        }
    }

    pub fn session(&self) -> Option<&Adjudication> {
        match &self.open {
            Some((_, Ok(session))) => Some(session),
            _ => None,
        }
    }

    pub fn session_mut(&mut self) -> Option<&mut Adjudication> {
        match &mut self.open {
            Some((_, Ok(session))) => Some(session),
            _ => None,
        }
    }
}
