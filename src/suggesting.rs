//! The reducer's part of suggestions: the suggester's likely connectives and pairs shown over
//! the open document (never in it until accepted), stepped through, accepted (one undoable,
//! journaled edit) or rejected. Pure, tested natively; the marks are drawn by `line_view`.

use std::ops::Range;
use std::rc::Rc;

use connectives_core::journal::Change;
use connectives_core::suggest::{ByLine, Model, PairSide, SuggestedSpan, Suggestions};
use connectives_core::{lexicon::Lexicon, suggest, Document};

use crate::i18n::Lang;
use crate::state::{AppState, Notice};

/// Suggestions below this confidence are not shown: at 0.15 the held-out recall is 0.82
/// (docs/PERFORMANCE.md, "Suggestions"), and lower adds mostly noise.
pub const SHOWN_FROM: f32 = 0.15;

/// What "accept all above" starts at: the suggestions an annotator can take with few checks.
pub const DEFAULT_THRESHOLD: f32 = 0.8;

/// The suggestions shown over the open document.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggesting {
    /// For the document as it stands, without the rejected ones; spans in document order.
    pub suggestions: Suggestions,
    /// Everything the suggester found, line by line, and the document it found it in: an
    /// edit suggests again only on the lines it changed.
    found: Found,
    /// The text rejected (byte ranges of the tag-free text, which edits of marks never move):
    /// not suggested again while suggesting.
    pub rejected: Vec<Range<usize>>,
    /// The suggestion in focus, by its index in `suggestions.spans`.
    pub focus: Option<usize>,
    /// "Accept all above" takes the suggestions at or above this confidence.
    pub threshold: f32,
    /// How many suggestions were accepted since Suggest.
    pub accepted: usize,
}

/// The marks of one line: (index in the spans, byte range, confidence, paired) in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineSuggestions {
    pub marks: Vec<(usize, Range<usize>, f32, bool)>,
    pub focus: Option<usize>,
}

impl LineSuggestions {
    pub fn ranges(&self) -> Vec<(usize, Range<usize>)> {
        self.marks
            .iter()
            .enumerate()
            .map(|(k, (_, r, _, _))| (k, r.clone()))
            .collect()
    }
}

/// What the suggester found and the document it found it in; equal when it is the same
/// finding (compared by pointer: the view compares states on every render).
#[derive(Clone, Debug)]
struct Found(Rc<ByLine>, Rc<Document>);

impl PartialEq for Found {
    fn eq(&self, other: &Found) -> bool {
        Rc::ptr_eq(&self.0, &other.0) && Rc::ptr_eq(&self.1, &other.1)
    }
}

impl Found {
    fn new(doc: &Rc<Document>, lexicon: &Lexicon) -> Found {
        Found(
            Rc::new(ByLine::new(doc, lexicon, Model::builtin())),
            doc.clone(),
        )
    }

    /// The finding for `doc`, suggested again only where it differs from the last one's.
    fn update(&self, doc: &Rc<Document>, lexicon: &Lexicon) -> Found {
        if Rc::ptr_eq(&self.1, doc) {
            return self.clone();
        }
        let by_line = self.0.update(&self.1, doc, lexicon, Model::builtin());
        Found(Rc::new(by_line), doc.clone())
    }
}

impl Suggesting {
    fn new(found: Found, threshold: f32) -> Suggesting {
        let mut suggesting = Suggesting {
            suggestions: Suggestions::default(),
            found,
            rejected: Vec::new(),
            focus: None,
            threshold,
            accepted: 0,
        };
        suggesting.show();
        suggesting
    }

    /// The suggestions shown: what was found, confident enough, without the rejected text.
    fn show(&mut self) {
        let Found(by_line, doc) = &self.found;
        let rejected = &self.rejected;
        self.suggestions = by_line
            .suggestions(doc)
            .above(SHOWN_FROM)
            .filtered(|s| !rejected.contains(&s.range));
    }

    /// The suggestions for `doc`, which `self` was not made for.
    fn follow(&mut self, doc: &Rc<Document>, lexicon: &Lexicon, lexicon_changed: bool) {
        self.found = if lexicon_changed {
            Found::new(doc, lexicon)
        } else {
            self.found.update(doc, lexicon)
        };
        self.show();
    }

    /// The marks on each line (only lines with one), for the view.
    pub fn by_line(&self) -> std::collections::HashMap<usize, Rc<LineSuggestions>> {
        let mut lines: std::collections::HashMap<usize, LineSuggestions> = Default::default();
        for (i, s) in self.suggestions.spans.iter().enumerate() {
            let marks = lines.entry(s.line).or_default();
            if self.focus == Some(i) {
                marks.focus = Some(i);
            }
            let paired = self.suggestions.pair_of(i).is_some();
            marks.marks.push((i, s.range.clone(), s.confidence, paired));
        }
        lines.into_iter().map(|(l, m)| (l, Rc::new(m))).collect()
    }

    /// How many of the shown suggestions "accept all above" would take.
    pub fn above_threshold(&self) -> usize {
        self.suggestions
            .spans
            .iter()
            .filter(|s| s.confidence >= self.threshold)
            .count()
    }

    /// The suggestion after (or before) the focus in document order, wrapping.
    fn step(&self, forward: bool) -> Option<usize> {
        let n = self.suggestions.spans.len();
        if n == 0 {
            return None;
        }
        Some(match (self.focus, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        })
    }
}

/// The index of the suggestion nearest after byte `offset` (wrapping to the first).
fn at_or_after(spans: &[SuggestedSpan], offset: usize) -> Option<usize> {
    if spans.is_empty() {
        return None;
    }
    Some(spans.partition_point(|s| s.range.start < offset) % spans.len())
}

impl AppState {
    /// Suggest: the suggester's spans and pairs over the open document, the first in focus.
    pub(crate) fn start_suggesting(&self) -> AppState {
        if self.comparison.is_some() {
            return self.with_notice(Notice::Error(
                self.lang
                    .pick(
                        "比较版本时不能建议：请先结束比较。",
                        "Suggestions wait while comparing versions: end the comparison first.",
                    )
                    .to_string(),
            ));
        }
        let threshold = self
            .suggesting
            .as_ref()
            .map_or(DEFAULT_THRESHOLD, |s| s.threshold);
        let suggesting = Suggesting::new(Found::new(&self.doc, &self.lexicon), threshold);
        if suggesting.suggestions.spans.is_empty() {
            return self.with_notice(Notice::Info(
                self.lang
                    .pick(
                        "没有可建议的关联词：文中未标注的部分没有常见的关联词。",
                        "Nothing to suggest: the unmarked text has no likely connective.",
                    )
                    .to_string(),
            ));
        }
        let n = suggesting.suggestions.spans.len();
        let mut next = AppState {
            suggesting: Some(Rc::new(suggesting)),
            notice: Some(Notice::Info(match self.lang {
                Lang::Zh => {
                    format!(
                        "建议了 {n} 个关联词（点线框），采纳或拒绝：y / x，上一个、下一个：, 和 ."
                    )
                }
                Lang::En => format!(
                    "{n} {} (dotted frames): accept or reject with y / x, step with . and ,",
                    Lang::noun(n, "suggestion", "suggestions")
                ),
            })),
            ..self.clone()
        };
        next.focus_suggestion(Some(0));
        next
    }

    /// Puts suggestion `index` in focus and the view on it.
    fn focus_suggestion(&mut self, index: Option<usize>) {
        let Some(suggesting) = &self.suggesting else {
            return;
        };
        let mut suggesting = (**suggesting).clone();
        suggesting.focus = index.filter(|&i| i < suggesting.suggestions.spans.len());
        if let Some(s) = suggesting.focus.map(|i| &suggesting.suggestions.spans[i]) {
            self.target = Some(self.with_target(s.line, s.range.start, None));
        }
        self.suggesting = Some(Rc::new(suggesting));
    }

    pub(crate) fn step_suggestion(&self, forward: bool) -> AppState {
        let Some(index) = self.suggesting.as_ref().and_then(|s| s.step(forward)) else {
            return self.clone();
        };
        let mut next = self.clone();
        next.focus_suggestion(Some(index));
        next
    }

    pub(crate) fn focus_suggestion_at(&self, index: usize) -> AppState {
        let mut next = self.clone();
        next.focus_suggestion(Some(index));
        next
    }

    pub(crate) fn set_suggestion_threshold(&self, threshold: f32) -> AppState {
        let Some(suggesting) = &self.suggesting else {
            return self.clone();
        };
        AppState {
            suggesting: Some(Rc::new(Suggesting {
                threshold: threshold.clamp(0.0, 1.0),
                ..(**suggesting).clone()
            })),
            ..self.clone()
        }
    }

    /// Accepts the suggestion in focus (with the other side of its pair, if that is a
    /// suggestion too), or every one at or above the threshold (`all`): one edit, undoable.
    pub(crate) fn accept_suggestions(&self, all: bool) -> AppState {
        let Some(suggesting) = &self.suggesting else {
            return self.clone();
        };
        let s = &suggesting.suggestions;
        let chosen: Vec<usize> = if all {
            (0..s.spans.len())
                .filter(|&i| s.spans[i].confidence >= suggesting.threshold)
                .collect()
        } else {
            let Some(i) = suggesting.focus else {
                return self.clone();
            };
            let partner = s.pair_of(i).and_then(|p| {
                [p.first, p.second].into_iter().find_map(|side| match side {
                    PairSide::Suggested(j) if j != i => Some(j),
                    _ => None,
                })
            });
            std::iter::once(i).chain(partner).collect()
        };
        if chosen.is_empty() {
            let percent = (suggesting.threshold * 100.0).round() as u32;
            return self.with_notice(Notice::Info(match self.lang {
                Lang::Zh => format!("没有置信度不低于 {percent}% 的建议。"),
                Lang::En => format!("No suggestion is {percent}% confident or more."),
            }));
        }
        let offset = s.spans[chosen[0]].range.start;
        let mut doc = (*self.doc).clone();
        let mut history = (*self.history).clone();
        let edits = match suggest::accept(&mut history, &mut doc, s, &chosen) {
            Ok(edits) => edits,
            Err(error) => {
                return self.with_notice(Notice::Error(match self.lang {
                    Lang::Zh => format!("无法采纳：{}", error.message_zh()),
                    Lang::En => format!("Could not accept it: {}", error.message()),
                }))
            }
        };
        let notice = all.then(|| {
            Notice::Info(match self.lang {
                Lang::Zh => format!("采纳了 {} 个建议（可撤销）。", chosen.len()),
                Lang::En => format!(
                    "{} {} accepted (undo takes {} back).",
                    chosen.len(),
                    Lang::noun(chosen.len(), "suggestion", "suggestions"),
                    if chosen.len() == 1 { "it" } else { "them" }
                ),
            })
        });
        let mut next = self.changed(doc, history, None, notice, vec![Change::Group(edits)]);
        let mut kept = (**suggesting).clone();
        kept.accepted += chosen.len();
        kept.follow(&next.doc, &next.lexicon, false);
        kept.focus = at_or_after(&kept.suggestions.spans, offset);
        next.suggesting = Some(Rc::new(kept));
        let focus = next.suggesting.as_ref().and_then(|s| s.focus);
        next.focus_suggestion(focus);
        next
    }

    /// Rejects the suggestion in focus: it goes, and is not suggested again while suggesting.
    pub(crate) fn reject_suggestion(&self) -> AppState {
        let Some(suggesting) = &self.suggesting else {
            return self.clone();
        };
        let Some(i) = suggesting.focus else {
            return self.clone();
        };
        let mut kept = (**suggesting).clone();
        let range = kept.suggestions.spans[i].range.clone();
        kept.rejected.push(range.clone());
        kept.show();
        kept.focus = at_or_after(&kept.suggestions.spans, range.end);
        let focus = kept.focus;
        let mut next = AppState {
            suggesting: Some(Rc::new(kept)),
            ..self.clone()
        };
        next.focus_suggestion(focus);
        next
    }

    /// After any action: suggestions follow the open document (an edit by hand, undo, another
    /// tab's save) and the documents of its corpus, and end with any other document.
    pub(crate) fn following_suggestions(mut self, before: &AppState) -> AppState {
        // A comparison draws over the unmarked text too: the suggestions are put away.
        if self.comparison.is_some() {
            self.suggesting = None;
            return self;
        }
        if self.session != before.session {
            // Moving through a corpus, the next document gets its suggestions at once;
            // any other document opened ends them.
            let same_corpus = matches!(
                (&self.corpus, &before.corpus),
                (Some(a), Some(b)) if a.id == b.id
            );
            self.suggesting = before.suggesting.as_ref().filter(|_| same_corpus).map(|s| {
                Rc::new(Suggesting::new(
                    Found::new(&self.doc, &self.lexicon),
                    s.threshold,
                ))
            });
            // The one at the place the document comes back at, or after it.
            let offset = self.target.map_or(0, |t| t.offset);
            let focus = self
                .suggesting
                .as_ref()
                .and_then(|s| at_or_after(&s.suggestions.spans, offset));
            self.focus_suggestion(focus);
            return self;
        }
        let Some(suggesting) = &self.suggesting else {
            return self;
        };
        let lexicon_changed = !Rc::ptr_eq(&self.lexicon, &before.lexicon);
        let changed = !Rc::ptr_eq(&self.doc, &before.doc) || lexicon_changed;
        // An accept has already made the suggestions for the document it made.
        let made_for_it = before
            .suggesting
            .as_ref()
            .is_some_and(|b| !Rc::ptr_eq(b, suggesting));
        if changed && !made_for_it {
            let mut kept = (**suggesting).clone();
            let offset = kept
                .focus
                .and_then(|i| kept.suggestions.spans.get(i))
                .map_or(0, |s| s.range.start);
            kept.follow(&self.doc, &self.lexicon, lexicon_changed);
            kept.focus = at_or_after(&kept.suggestions.spans, offset);
            self.suggesting = Some(Rc::new(kept));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, Offer};
    use connectives_core::write;
    use yew::Reducible;

    /// Untagged: 虽然…但是 (a pair the lexicon knows) and a clause-initial 但是.
    const UNTAGGED: &str =
        "虽然下雨了，但是我们还是出发了。\n他很累。但是他没有休息，而且继续工作。\n";

    fn opened(source: &str) -> Rc<AppState> {
        Rc::new(AppState::default()).reduce(Action::Open {
            name: "news.txt".into(),
            source: source.into(),
        })
    }

    fn texts(state: &AppState) -> Vec<String> {
        let s = state.suggesting.as_ref().unwrap();
        s.suggestions
            .spans
            .iter()
            .map(|s| state.doc.text[s.range.clone()].to_string())
            .collect()
    }

    fn left(state: &AppState) -> usize {
        state
            .suggesting
            .as_ref()
            .map_or(0, |s| s.suggestions.spans.len())
    }

    #[test]
    fn untagged_text_offers_suggestions_which_never_change_the_document_until_accepted() {
        let state = opened(UNTAGGED);
        assert!(matches!(
            &state.notice,
            Some(Notice::Offer { offers, .. }) if offers == &[Offer::Suggest]
        ));
        let tagged = opened("<cand>但是</cand>我们走。\n");
        assert!(
            !matches!(tagged.notice, Some(Notice::Offer { .. })),
            "something is marked"
        );
        let suggesting = state.clone().reduce(Action::Suggest);
        let shown = texts(&suggesting);
        assert!(shown.contains(&"虽然".to_string()), "{shown:?}");
        assert!(shown.contains(&"但是".to_string()), "{shown:?}");
        assert!(
            Rc::ptr_eq(&suggesting.doc, &state.doc),
            "nothing marked yet"
        );
        assert_eq!(suggesting.suggesting.as_ref().unwrap().focus, Some(0));
        assert_eq!(suggesting.target.map(|t| t.line), Some(0));
        // 虽然 and 但是 are suggested as a pair.
        let s = &suggesting.suggesting.as_ref().unwrap().suggestions;
        assert!(s.pair_of(0).is_some(), "{:?}", s.pairs);
    }

    /// What a fresh Suggest on this state's document would show, without `rejected`.
    fn anew(state: &AppState, rejected: &[Range<usize>]) -> Suggestions {
        suggest::suggest(&state.doc, &state.lexicon, Model::builtin())
            .above(SHOWN_FROM)
            .filtered(|s| !rejected.contains(&s.range))
    }

    #[test]
    fn after_each_accept_reject_and_undo_the_suggestions_are_what_suggesting_anew_gives() {
        let mut state = opened(UNTAGGED).reduce(Action::Suggest);
        for action in [
            Action::RejectSuggested,
            Action::AcceptSuggested { all: false },
            Action::StepSuggested { forward: true },
            Action::AcceptSuggested { all: false },
            Action::Undo,
            Action::AcceptSuggested { all: true },
            Action::Undo,
            Action::Redo,
        ] {
            state = state.reduce(action);
            let s = state.suggesting.as_ref().expect("still suggesting");
            assert_eq!(s.suggestions, anew(&state, &s.rejected));
            assert!(
                s.found == Found(s.found.0.clone(), state.doc.clone()),
                "for this document"
            );
        }
    }

    #[test]
    fn accepting_one_takes_its_pair_in_one_undoable_journaled_step() {
        let state = opened(UNTAGGED).reduce(Action::Suggest);
        let before = left(&state);
        let accepted = state.clone().reduce(Action::AcceptSuggested { all: false });
        assert_eq!(accepted.doc.pairs.len(), 1);
        assert_eq!(accepted.doc.pair_label(0), "虽然…但是");
        assert_eq!(left(&accepted), before - 2, "both sides taken");
        assert_eq!(accepted.suggesting.as_ref().unwrap().accepted, 2);
        assert!(matches!(
            accepted.journal.last(),
            Some((_, Change::Group(_)))
        ));
        assert!(accepted.needs_saving());
        let undone = accepted.reduce(Action::Undo);
        assert_eq!(write(&undone.doc), UNTAGGED);
        assert_eq!(left(&undone), before, "undo brings the suggestions back");
    }

    #[test]
    fn a_rejected_suggestion_is_not_suggested_again_and_the_focus_moves_on() {
        let state = opened(UNTAGGED).reduce(Action::Suggest);
        let first = texts(&state)[0].clone();
        let rejected = state.clone().reduce(Action::RejectSuggested);
        assert_eq!(left(&rejected), left(&state) - 1);
        assert!(Rc::ptr_eq(&rejected.doc, &state.doc));
        assert_ne!(texts(&rejected)[0], first);
        assert_eq!(rejected.suggesting.as_ref().unwrap().focus, Some(0));
        // An edit by hand elsewhere: the suggestions follow the document, still without it.
        let edited = rejected.clone().reduce(Action::Undo);
        assert_eq!(left(&edited), left(&rejected));
        let stepped = rejected
            .clone()
            .reduce(Action::StepSuggested { forward: false });
        assert_eq!(
            stepped.suggesting.as_ref().unwrap().focus,
            Some(left(&rejected) - 1),
            "back from the first wraps to the last"
        );
        // `.` steps the suggestions when nothing is compared.
        let dot = rejected.reduce(Action::StepDisagreement { forward: true });
        assert_eq!(dot.suggesting.as_ref().unwrap().focus, Some(1));
    }

    #[test]
    fn accepting_all_above_the_threshold_takes_exactly_those() {
        let state = opened(UNTAGGED).reduce(Action::Suggest);
        let s = state.suggesting.as_ref().unwrap();
        let above = |t: f32| {
            s.suggestions
                .spans
                .iter()
                .filter(|x| x.confidence >= t)
                .count()
        };
        // Between the second and third most confident: exactly two are above it.
        let mut confidences: Vec<f32> = s.suggestions.spans.iter().map(|x| x.confidence).collect();
        confidences.sort_by(|a, b| b.total_cmp(a));
        assert!(
            confidences.len() >= 3 && confidences[1] > confidences[2],
            "{confidences:?}"
        );
        let threshold = (confidences[1] + confidences[2]) / 2.0;
        assert_eq!(above(threshold), 2);
        let set = state.clone().reduce(Action::SuggestedThreshold(threshold));
        assert_eq!(
            set.suggesting.as_ref().unwrap().above_threshold(),
            above(threshold)
        );
        let all = set.reduce(Action::AcceptSuggested { all: true });
        assert_eq!(all.doc.spans.len(), above(threshold));
        assert_eq!(all.history.len(), state.history.len() + 1, "one step");
        let none = all.clone().reduce(Action::SuggestedThreshold(1.0));
        let refused = none.clone().reduce(Action::AcceptSuggested { all: true });
        assert!(Rc::ptr_eq(&refused.doc, &none.doc));
        assert!(matches!(refused.notice, Some(Notice::Info(_))));
        assert_eq!(all.reduce(Action::Undo).doc.spans.len(), 0);
    }

    #[test]
    fn another_document_or_putting_them_away_ends_the_suggestions() {
        let state = opened(UNTAGGED).reduce(Action::Suggest);
        assert!(state.suggesting.is_some());
        assert!(state
            .clone()
            .reduce(Action::EndSuggesting)
            .suggesting
            .is_none());
        let other = state.reduce(Action::Open {
            name: "b.txt".into(),
            source: "甲。\n".into(),
        });
        assert!(other.suggesting.is_none());
        let nothing = opened("甲乙丙。\n").reduce(Action::Suggest);
        assert!(nothing.suggesting.is_none());
        assert!(matches!(nothing.notice, Some(Notice::Info(_))));
    }

    #[test]
    fn moving_through_a_corpus_suggests_in_each_document() {
        use crate::state::Restored;
        use crate::stored::StoredCorpus;
        let entries = vec![
            connectives_core::corpus::Entry::new("a.txt", UNTAGGED),
            connectives_core::corpus::Entry::new("b.txt", "因为路远，所以我们晚了。\n"),
        ];
        let mut n = 0;
        let (corpus, records) =
            StoredCorpus::of_entries("c".into(), "c".into(), entries, 1.0, || {
                n += 1;
                format!("c/{n}")
            });
        let corpus = Rc::new(corpus);
        let restore = |state: Rc<AppState>, k: usize| {
            state.reduce(Action::Restore(Box::new(Restored {
                record: records[k].clone(),
                changes: Vec::new(),
                corpus: Some(corpus.clone()),
            })))
        };
        let first = restore(Rc::new(AppState::default()), 0).reduce(Action::Suggest);
        let rejected = first.reduce(Action::RejectSuggested);
        let second = restore(rejected, 1);
        assert_eq!(texts(&second), ["因为", "所以"]);
        let s = second.suggesting.as_ref().unwrap();
        assert_eq!((s.focus, s.rejected.len(), s.accepted), (Some(0), 0, 0));
        let back = restore(second, 0);
        assert!(
            texts(&back).contains(&"虽然".to_string()),
            "a document's rejections are its own"
        );
    }
}
