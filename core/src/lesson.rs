//! Teaching a line: the order in which its connectives are revealed, one press at a time, and
//! how a guessed partner is judged. Pure, so the classroom mode is tested without a browser.

use crate::model::{Document, Pair, PairId, SpanId, SpanKind};

/// One press of "next" within a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The first member of a pair appears: the class is asked for its partner.
    First { pair: PairId, span: SpanId },
    /// The partner appears, and the arc that links the two.
    Partner { pair: PairId, span: SpanId },
    /// A candidate connective, when candidates are shown.
    Candidate(SpanId),
    /// A member whose partner is missing or on another line.
    Single(SpanId),
}

impl Step {
    pub fn span(self) -> SpanId {
        match self {
            Step::First { span, .. } | Step::Partner { span, .. } => span,
            Step::Candidate(span) | Step::Single(span) => span,
        }
    }
}

/// The steps of line `line` in reading order: each pair as its first member then its partner
/// (before whatever starts after the first member), candidates on a press of their own when
/// `candidates` is true. A line out of range has no steps.
pub fn steps(doc: &Document, line: usize, candidates: bool) -> Vec<Step> {
    let Some(line) = doc.lines.get(line) else {
        return Vec::new();
    };
    let on_line = |id: SpanId| line.spans.contains(&id);
    let mut steps = Vec::new();
    for id in line.spans.clone() {
        let span = &doc.spans[id];
        match (span.kind, span.pair) {
            (SpanKind::Candidate, _) => {
                if candidates {
                    steps.push(Step::Candidate(id));
                }
            }
            (SpanKind::Member, Some(pair)) => {
                let Pair { first, second } = doc.pairs[pair];
                if first == id && on_line(second) {
                    steps.push(Step::First { pair, span: id });
                    steps.push(Step::Partner { pair, span: second });
                } else if !on_line(first) || !on_line(second) {
                    steps.push(Step::Single(id));
                }
                // A second member on the same line was placed with its first.
            }
            (SpanKind::Member, None) => steps.push(Step::Single(id)),
        }
    }
    steps
}

/// The spans shown once the first `revealed` steps are taken.
pub fn shown(steps: &[Step], revealed: usize) -> Vec<SpanId> {
    steps.iter().take(revealed).map(|s| s.span()).collect()
}

/// The lines that have at least one pair with both members on them, in order.
pub fn lines_with_pairs(doc: &Document) -> Vec<usize> {
    let mut lines: Vec<usize> = doc
        .pairs
        .iter()
        .filter(|p| doc.spans[p.first].line == doc.spans[p.second].line)
        .map(|p| doc.spans[p.first].line)
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// Whether a guess at the byte `offset` of the document text picks `pair`'s partner: any
/// character of the partner counts.
pub fn is_partner(doc: &Document, pair: PairId, offset: usize) -> bool {
    doc.pairs
        .get(pair)
        .is_some_and(|p| doc.spans[p.second].range.contains(&offset))
}
