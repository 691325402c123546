//! The reducer's part of comparing and adjudicating: starting a comparison, stepping through
//! the open document's disagreements, settling them (edits of the open document, undoable and
//! journaled like any other), and the comparison following the document. Pure, tested natively
//! with the rest of the state.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use connectives_core::adjudicate::{self, Adjudication, Choice, Comparison, Unmatched};
use connectives_core::agreement::{Disagreement, TextMismatch};
use connectives_core::corpus::Entry;
use connectives_core::journal::Change;
use connectives_core::{Document, SpanId, SpanKind};

use crate::i18n::Lang;
use crate::state::{AppState, Notice};

/// What the open document is compared with.
pub enum CompareWith {
    /// Versions read from a file (`source_name`): one document, or a corpus of which the one
    /// named as the open document (or the only one) is taken.
    Versions {
        source_name: String,
        entries: Vec<Entry>,
    },
    /// Another corpus, compared with the documents of the open corpus `corpus` (built where
    /// they are read); ignored if another corpus is open by the time it arrives.
    Corpus {
        corpus: String,
        comparison: Box<Comparison>,
    },
}

/// "the texts differ at line 3, column 5 …", in the page's language.
pub fn mismatch_message(mismatch: &TextMismatch, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "两个版本的文本不同：第 {} 行第 {} 列，A 为「{}」，B 为「{}」。",
            mismatch.line, mismatch.column, mismatch.excerpt_a, mismatch.excerpt_b
        ),
        Lang::En => format!(
            "The texts of the two versions differ at line {}, column {}: A has 「{}」, B has 「{}」.",
            mismatch.line, mismatch.column, mismatch.excerpt_a, mismatch.excerpt_b
        ),
    }
}

impl AppState {
    /// The open document's name as the comparison knows it: its name in the corpus, or its
    /// file name.
    pub fn compared_name(&self) -> String {
        match (&self.corpus, &self.doc_id) {
            (Some(corpus), Some(id)) => corpus
                .member(id)
                .map_or_else(|| self.name.clone(), |m| m.name.clone()),
            _ => self.name.clone(),
        }
    }

    pub(crate) fn with_notice(&self, notice: Notice) -> AppState {
        AppState {
            notice: Some(notice),
            ..self.clone()
        }
    }

    pub(crate) fn compare(&self, with: CompareWith) -> AppState {
        let lang = self.lang;
        let name = self.compared_name();
        let comparison = match with {
            CompareWith::Corpus {
                corpus,
                mut comparison,
            } => {
                if self.corpus_id() != corpus {
                    return self.clone();
                }
                comparison.enter(&name, &self.doc);
                *comparison
            }
            CompareWith::Versions {
                source_name,
                entries,
            } => {
                let chosen = match entries.len() {
                    1 => entries.first(),
                    _ => entries.iter().find(|e| e.name == name),
                };
                let Some(entry) = chosen else {
                    return self.with_notice(Notice::Error(match lang {
                        Lang::Zh => format!(
                            "{source_name} 中没有名为 {name} 的文档；要比较整个语料库，请先打开语料库。"
                        ),
                        Lang::En => format!(
                            "{source_name} has no document named {name}; to compare a whole corpus, open the corpus first."
                        ),
                    }));
                };
                match Comparison::of_document(&name, &self.doc, &source_name, &entry.source) {
                    Ok(comparison) => comparison,
                    Err(mismatch) => {
                        return self.with_notice(Notice::Error(format!(
                            "{} {}",
                            mismatch_message(&mismatch, lang),
                            lang.pick("未作比较。", "Nothing was compared.")
                        )))
                    }
                }
            }
        };
        let notice = match &comparison.open {
            Some((_, Err(Unmatched::TextsDiffer(mismatch)))) => {
                Some(Notice::Error(mismatch_message(mismatch, lang)))
            }
            Some((_, Err(Unmatched::Missing))) => Some(Notice::Error(match lang {
                Lang::Zh => format!("{} 中没有 {name}。", comparison.source_name),
                Lang::En => format!("{} has no document {name}.", comparison.source_name),
            })),
            _ => None,
        };
        let mut next = AppState {
            comparison: Some(Rc::new(comparison)),
            notice,
            menu: None,
            ..self.clone()
        };
        next.focus_next(true);
        next
    }

    /// Moves the focus to the next (or previous) open disagreement and the view to it.
    fn focus_next(&mut self, forward: bool) {
        let Some(comparison) = &self.comparison else {
            return;
        };
        let mut comparison = (**comparison).clone();
        let Some(session) = comparison.session_mut() else {
            return;
        };
        if let Some(index) = session.step(&self.doc, forward) {
            self.show_disagreement(&comparison, index);
        }
        self.comparison = Some(Rc::new(comparison));
    }

    fn show_disagreement(&mut self, comparison: &Comparison, index: usize) {
        let Some(session) = comparison.session() else {
            return;
        };
        let Some(disagreement) = session.agreement.disagreements.get(index) else {
            return;
        };
        let place = adjudicate::place(&self.doc, &session.other, disagreement);
        let line = self.line_of_offset(place.start);
        let span = match adjudicate::key(&self.doc, &session.other, disagreement) {
            adjudicate::Key::Span {
                a: Some((range, _)),
                ..
            } => adjudicate::span_at(&self.doc, &range),
            _ => None,
        };
        self.filter = self.filter_showing(line);
        self.target = Some(self.with_target(line, place.start, span));
    }

    pub(crate) fn step_disagreement(&self, forward: bool) -> AppState {
        let mut next = self.clone();
        next.focus_next(forward);
        next
    }

    pub(crate) fn focus_disagreement(&self, index: usize) -> AppState {
        let Some(comparison) = &self.comparison else {
            return self.clone();
        };
        let mut comparison = (**comparison).clone();
        let doc = self.doc.clone();
        let Some(session) = comparison.session_mut() else {
            return self.clone();
        };
        if !session.is_open(index) {
            return self.clone();
        }
        let offset = adjudicate::place(
            &doc,
            &session.other,
            &session.agreement.disagreements[index],
        )
        .start;
        session.at = Some(offset);
        let mut next = self.clone();
        next.show_disagreement(&comparison, index);
        next.comparison = Some(Rc::new(comparison));
        next
    }

    /// Settles the disagreement in focus (or, with `all`, every open one) with `choice`: B's
    /// side and neither edit the document as one undoable step.
    pub(crate) fn decide(&self, choice: Choice, all: bool) -> AppState {
        let Some(comparison) = &self.comparison else {
            return self.clone();
        };
        let mut comparison = (**comparison).clone();
        let Some(session) = comparison.session_mut() else {
            return self.clone();
        };
        let (resolution, decisions) = if all {
            (
                session.resolution_of_all(&self.doc, choice),
                session.open_count(),
            )
        } else {
            let index = session
                .current(&self.doc)
                .or_else(|| session.step(&self.doc, true));
            match index.and_then(|i| session.resolution(&self.doc, i, choice)) {
                Some(resolution) => (resolution, 1),
                None => return self.clone(),
            }
        };
        let mut doc = (*self.doc).clone();
        let mut history = (*self.history).clone();
        let edits = match adjudicate::apply(&mut history, &mut doc, &resolution.steps) {
            Ok(edits) => edits,
            Err(error) => {
                return self.with_notice(Notice::Error(match self.lang {
                    Lang::Zh => format!("无法采用：{}", error.message_zh()),
                    Lang::En => format!("Could not accept it: {}", error.message()),
                }))
            }
        };
        session.commit(resolution, decisions);
        comparison.follow(&doc);
        let left = comparison.session().map_or(0, |s| s.open_count());
        let mut next = if edits.is_empty() {
            self.clone()
        } else {
            self.changed(doc, history, None, None, vec![Change::Group(edits)])
        };
        // The focus keeps the offset it had, so it lands on the next one still open.
        if let Some(index) = comparison.session().and_then(|s| s.current(&next.doc)) {
            next.show_disagreement(&comparison, index);
        }
        next.comparison = Some(Rc::new(comparison));
        if left == 0 {
            next.notice = Some(Notice::Info(
                self.lang
                    .pick("所有分歧都已处理。", "Every disagreement is settled.")
                    .to_string(),
            ));
        }
        next
    }

    /// After any action: the comparison follows the open document (an edit, undo, another
    /// tab's save), moves to another document of a compared corpus, or ends with a document
    /// it is not about.
    pub(crate) fn following_comparison(mut self, before: &AppState) -> AppState {
        let moved = self.session != before.session;
        // Opening another document builds a fresh state: a corpus comparison is carried over.
        let comparison = match (&self.comparison, &before.comparison) {
            (Some(now), Some(was)) if Rc::ptr_eq(now, was) => now.clone(),
            (Some(_), _) => return self,
            (None, Some(was)) if moved => was.clone(),
            (None, _) => return self,
        };
        if Rc::ptr_eq(&self.doc, &before.doc) {
            return self;
        }
        let mut comparison = (*comparison).clone();
        let same_corpus = !self.corpus_id().is_empty() && self.corpus_id() == before.corpus_id();
        if !moved {
            comparison.follow(&self.doc);
        } else if comparison.corpus && same_corpus {
            comparison.enter(&self.compared_name(), &self.doc);
        } else {
            self.comparison = None;
            return self;
        }
        self.comparison = Some(Rc::new(comparison));
        self
    }
}

/// A span of the other version shown over the text (it is not in the open document).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherMark {
    pub disagreement: usize,
    pub range: Range<usize>,
    /// `only-b`, or `boundary` for B's side of a boundary difference.
    pub name: &'static str,
    pub kind: SpanKind,
}

/// A span of the open document that a disagreement is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanMark {
    pub span: SpanId,
    pub disagreement: usize,
    /// `only-a`, `kind`, `boundary` or `pair` (the DOM's `data-disagreement`).
    pub name: &'static str,
    /// B's kind, for a kind difference.
    pub other_kind: Option<SpanKind>,
}

/// What one line shows of the open disagreements.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineMarks {
    /// Sorted by span; one mark per span (its span difference before its pair's).
    pub spans: Vec<SpanMark>,
    /// Sorted by range; B's spans do not overlap.
    pub others: Vec<OtherMark>,
}

impl LineMarks {
    pub fn of_span(&self, span: SpanId) -> Option<&SpanMark> {
        self.spans
            .binary_search_by_key(&span, |m| m.span)
            .ok()
            .map(|i| &self.spans[i])
    }

    /// The (index, range) list [`crate::segments::line_segments`] cuts the text by.
    pub fn other_ranges(&self) -> Vec<(usize, Range<usize>)> {
        self.others
            .iter()
            .enumerate()
            .map(|(i, m)| (i, m.range.clone()))
            .collect()
    }

    /// Whether disagreement `index` is marked on this line.
    pub fn has(&self, index: usize) -> bool {
        self.spans.iter().any(|m| m.disagreement == index)
            || self.others.iter().any(|m| m.disagreement == index)
    }
}

/// The marks of the open disagreements, by 0-based line.
pub fn marks_by_line(doc: &Document, session: &Adjudication) -> HashMap<usize, LineMarks> {
    let other = &session.other;
    let mut lines: HashMap<usize, LineMarks> = HashMap::new();
    let mark_span = |lines: &mut HashMap<usize, LineMarks>, mark: SpanMark| {
        if let Some(span) = doc.spans.get(mark.span) {
            lines.entry(span.line).or_default().spans.push(mark);
        }
    };
    for (i, disagreement) in session.agreement.disagreements.iter().enumerate() {
        if !session.is_open(i) {
            continue;
        }
        let mark = |span: SpanId, name: &'static str| SpanMark {
            span,
            disagreement: i,
            name,
            other_kind: None,
        };
        let other_mark = |lines: &mut HashMap<usize, LineMarks>, b: SpanId, name| {
            if let Some(span) = other.spans.get(b) {
                lines.entry(span.line).or_default().others.push(OtherMark {
                    disagreement: i,
                    range: span.range.clone(),
                    name,
                    kind: span.kind,
                });
            }
        };
        match *disagreement {
            Disagreement::OnlyA { a } => mark_span(&mut lines, mark(a, "only-a")),
            Disagreement::OnlyB { b } => other_mark(&mut lines, b, "only-b"),
            Disagreement::Kind { a, b } => mark_span(
                &mut lines,
                SpanMark {
                    other_kind: other.spans.get(b).map(|s| s.kind),
                    ..mark(a, "kind")
                },
            ),
            Disagreement::Boundary { a, b } => {
                mark_span(&mut lines, mark(a, "boundary"));
                other_mark(&mut lines, b, "boundary");
            }
            Disagreement::PairA { a: pair } => {
                if let Some(p) = doc.pairs.get(pair) {
                    mark_span(&mut lines, mark(p.first, "pair"));
                    mark_span(&mut lines, mark(p.second, "pair"));
                }
            }
            Disagreement::PairB { b: pair } => {
                if let Some(p) = other.pairs.get(pair) {
                    for member in [p.first, p.second] {
                        let found = other
                            .spans
                            .get(member)
                            .and_then(|s| adjudicate::span_at(doc, &s.range));
                        if let Some(span) = found {
                            mark_span(&mut lines, mark(span, "pair"));
                        }
                    }
                }
            }
        }
    }
    for marks in lines.values_mut() {
        // A span's own difference wins over its pair's: it is settled first.
        marks.spans.sort_by_key(|m| (m.span, m.name == "pair"));
        marks.spans.dedup_by_key(|m| m.span);
        marks.others.sort_by_key(|m| m.range.start);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;
    use connectives_core::write;
    use yew::Reducible;

    const A: &str =
        "<cand>但</cand>是他来了，<a>虽然</a>下雨<a>但</a>出发。\n<cand>也</cand>好。\n";
    // B: no 但 candidate, the pair the same, 好 marked, 也 a member.
    const B: &str = "但是他来了，<a>虽然</a>下雨<a>但</a>出发。\n<a>也</a><cand>好</cand>。\n";

    fn comparing(a: &str, b: &str) -> Rc<AppState> {
        let state = Rc::new(AppState {
            lang: Lang::En,
            ..AppState::open("doc.txt", a)
        });
        state.reduce(Action::Compare(CompareWith::Versions {
            source_name: "other.txt".into(),
            entries: vec![Entry::new("other.txt", b)],
        }))
    }

    fn left(state: &AppState) -> usize {
        state
            .comparison
            .as_ref()
            .and_then(|c| c.session())
            .map_or(usize::MAX, |s| s.open_count())
    }

    fn decide(state: Rc<AppState>, choice: Choice) -> Rc<AppState> {
        state.reduce(Action::Decide { choice, all: false })
    }

    #[test]
    fn comparing_lists_the_disagreements_and_focuses_the_first() {
        let state = comparing(A, B);
        // Only A: 但; kind: 也 (candidate / member); only B: 好.
        assert_eq!(left(&state), 3);
        let target = state.target.expect("the view goes to the first");
        assert_eq!((target.line, target.offset), (0, 0));
        let figures = &state.comparison.as_ref().unwrap().report.figures;
        assert_eq!((figures.only_a(), figures.only_b()), (1, 1));
    }

    #[test]
    fn accepting_b_edits_the_document_as_one_undoable_journaled_step() {
        let state = comparing(A, B);
        let after = decide(state.clone(), Choice::B);
        assert!(!write(&after.doc).starts_with("<cand>但"), "A's 但 went");
        assert_eq!(left(&after), 2);
        assert_eq!(after.history.len(), state.history.len() + 1);
        assert!(matches!(after.journal.last(), Some((_, Change::Group(_)))));
        // The focus moved on to the next open one: 也 on line 2.
        assert_eq!(after.target.map(|t| t.line), Some(1));
        let undone = after.reduce(Action::Undo);
        assert_eq!(write(&undone.doc), A);
        assert_eq!(left(&undone), 3, "undo brings the disagreement back");
    }

    #[test]
    fn accepting_a_changes_nothing_and_settles_it() {
        let state = comparing(A, B);
        let after = decide(state.clone(), Choice::A);
        assert!(Rc::ptr_eq(&after.doc, &state.doc));
        assert_eq!(left(&after), 2);
        assert_eq!(
            after
                .comparison
                .as_ref()
                .unwrap()
                .session()
                .unwrap()
                .decided,
            1
        );
    }

    #[test]
    fn all_from_b_makes_the_document_b_and_all_from_a_keeps_it() {
        let all_b = comparing(A, B).reduce(Action::Decide {
            choice: Choice::B,
            all: true,
        });
        assert_eq!(write(&all_b.doc), B);
        assert_eq!(left(&all_b), 0);
        let all_a = comparing(A, B).reduce(Action::Decide {
            choice: Choice::A,
            all: true,
        });
        assert_eq!(write(&all_a.doc), A);
        assert_eq!(left(&all_a), 0);
    }

    #[test]
    fn an_edit_while_comparing_is_followed() {
        let state = comparing(A, B);
        // Removing A's 但 by hand settles that disagreement as B would.
        let edited = state.reduce(Action::Select(Some(0))).reduce(Action::Remove);
        assert_eq!(left(&edited), 2);
    }

    #[test]
    fn other_texts_are_refused_with_line_and_column_and_nothing_changes() {
        let state = comparing(A, "但是她来了。\n也好。\n");
        assert!(state.comparison.is_none());
        let Some(Notice::Error(message)) = &state.notice else {
            panic!("a refusal is shown");
        };
        assert!(message.contains("line 1, column 3"), "{message}");
        assert_eq!(write(&state.doc), A);
    }

    #[test]
    fn opening_another_document_ends_a_comparison_of_one_document() {
        let state = comparing(A, B).reduce(Action::Open {
            name: "new.txt".into(),
            source: "新的。".into(),
        });
        assert!(state.comparison.is_none());
    }

    #[test]
    fn a_corpus_comparison_for_a_corpus_no_longer_open_is_ignored() {
        let state = Rc::new(AppState::open("doc.txt", A));
        let doc = parse_doc(A);
        let comparison = Comparison::of_corpora(
            &[("doc.txt", &doc)],
            "b.zip",
            vec![Entry::new("doc.txt", B)],
        );
        let after = state.clone().reduce(Action::Compare(CompareWith::Corpus {
            corpus: "gone".into(),
            comparison: Box::new(comparison),
        }));
        assert!(after.comparison.is_none());
    }

    fn parse_doc(source: &str) -> Document {
        connectives_core::parse(source)
    }

    #[test]
    fn the_marks_of_a_line_name_each_kind() {
        let state = comparing(A, B);
        let session = state.comparison.as_ref().unwrap().session().unwrap();
        let marks = marks_by_line(&state.doc, session);
        let first = &marks[&0];
        assert_eq!(
            first.spans.iter().map(|m| m.name).collect::<Vec<_>>(),
            ["only-a"]
        );
        let second = &marks[&1];
        assert_eq!(second.spans[0].name, "kind");
        assert_eq!(second.spans[0].other_kind, Some(SpanKind::Member));
        assert_eq!(second.others.len(), 1);
        assert_eq!(second.others[0].name, "only-b");
        assert_eq!(&state.doc.text[second.others[0].range.clone()], "好");
    }
}
