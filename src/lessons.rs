//! The reducer's part of lessons: the plan an instructor builds (`AppState::lesson`, the core's
//! `LessonPlan`), where its lines come from (the line shown, search hits, a pair chosen in the
//! table), presenting it, and restoring it from the URL fragment or the browser. Pure: tested
//! natively; the view is `components::lesson_panel` and `components::handout`.

use std::rc::Rc;

use connectives_core::lesson_plan::{handout, Handout, Language, LessonPlan};

use crate::i18n::Lang;
use crate::lesson::{Place, Presentation};
use crate::state::{filtered_lines, AppState, LineFilter, Notice};

/// A change to the lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanEdit {
    /// The line on the stage while presenting, else the line of the chosen span or the last
    /// place navigated to.
    AddShown,
    /// Every line with a search hit, in document order.
    AddMatches,
    /// Every line with an occurrence of the entry chosen in a frequency table (a pair).
    AddEntry,
    /// These positions in the lesson.
    Remove(usize),
    Up(usize),
    Down(usize),
    Rename(String),
    Clear,
}

impl AppState {
    /// The lesson as the page shows it: empty until one is built or restored.
    pub fn lesson_plan(&self) -> Rc<LessonPlan> {
        self.lesson.clone().unwrap_or_default()
    }

    /// The line a "add to lesson" takes: the one on the stage, else the chosen span's, else
    /// the one last navigated to.
    pub fn current_line(&self) -> Option<usize> {
        if let Some(present) = &self.present {
            return (present.place.line < self.doc.lines.len()).then_some(present.place.line);
        }
        self.reading_line.filter(|&l| l < self.doc.lines.len())
    }

    /// Keeps `reading_line` on the span chosen or the place gone to, whichever changed last.
    pub(crate) fn following_reading(mut self, before: &AppState) -> AppState {
        let span_line = |state: &AppState| {
            let span = state.selected.and_then(|id| state.doc.spans.get(id))?;
            Some(state.line_of_offset(span.range.start))
        };
        if self.target != before.target {
            self.reading_line = self.target.map(|t| t.line).or(self.reading_line);
        } else if self.selected != before.selected {
            self.reading_line = span_line(&self).or(self.reading_line);
        }
        self
    }

    /// The lines with a search hit.
    pub fn matching_lines(&self) -> Vec<usize> {
        filtered_lines(&self.doc, LineFilter::Matching, &self.search.matches)
    }

    /// The lines of the chosen entry's occurrences, in document order.
    pub fn entry_lines(&self) -> Vec<usize> {
        let Some(entry) = &self.entry else {
            return Vec::new();
        };
        let mut lines: Vec<usize> = entry
            .occurrences
            .iter()
            .filter_map(|&id| self.doc.spans.get(id))
            .map(|s| self.line_of_offset(s.range.start))
            .collect();
        lines.sort_unstable();
        lines.dedup();
        lines
    }

    pub(crate) fn edit_lesson(&self, edit: PlanEdit) -> AppState {
        let lang = self.lang;
        let mut plan = (*self.lesson_plan()).clone();
        let mut notice = None;
        let mut add = |lines: Vec<usize>| {
            let offered = lines.len();
            let added = plan.add_all(lines);
            notice = Some(Notice::Info(added_words(lang, added, offered - added)));
        };
        match edit {
            PlanEdit::AddShown => add(self.current_line().into_iter().collect()),
            PlanEdit::AddMatches => add(self.matching_lines()),
            PlanEdit::AddEntry => add(self.entry_lines()),
            PlanEdit::Remove(at) => {
                plan.remove(at);
            }
            PlanEdit::Up(at) => {
                plan.move_up(at);
            }
            PlanEdit::Down(at) => {
                plan.move_down(at);
            }
            PlanEdit::Rename(name) => plan.name = name,
            PlanEdit::Clear => plan.lines.clear(),
        }
        let unchanged = self.lesson.as_deref() == Some(&plan);
        AppState {
            lesson: if unchanged {
                self.lesson.clone()
            } else {
                Some(Rc::new(plan))
            },
            notice: notice.or(self.notice.clone()),
            ..self.clone()
        }
    }

    /// A lesson kept in the browser for this document (`fragment` in the URL's form), read
    /// after it opened: taken unless this session already has a lesson (from the URL).
    pub(crate) fn lesson_kept(&self, session: u64, fragment: &str) -> Option<AppState> {
        if session != self.session || self.lesson.is_some() {
            return None;
        }
        let decoded = LessonPlan::from_fragment(fragment, self.doc.lines.len())?;
        Some(AppState {
            lesson: Some(Rc::new(decoded.plan)),
            ..self.clone()
        })
    }

    /// Presents the lesson's lines in its order, from its first line.
    pub(crate) fn present_lesson(&self) -> Option<AppState> {
        let plan = self.lesson.as_ref().filter(|p| !p.is_empty())?;
        let place = Place {
            line: plan.lines[0],
            ..self.present.as_ref().map(|p| p.place).unwrap_or_default()
        };
        Some(AppState {
            present: Some(Presentation::start_lesson(
                &self.doc,
                &self.lexicon,
                place,
                plan.lines.clone(),
            )),
            help: false,
            handout: false,
            bookmark: None,
            ..self.clone()
        })
    }

    /// A URL fragment with a lesson (`lesson=…`, and the presenter's place if it presents):
    /// the lesson becomes this document's, presented at the place when there is one. Line
    /// numbers the document lacks are dropped, and a notice says how many.
    pub(crate) fn with_lesson_fragment(&self, fragment: &str, place: Option<Place>) -> AppState {
        let Some(decoded) = LessonPlan::from_fragment(fragment, self.doc.lines.len()) else {
            return self.clone();
        };
        let present = match place {
            Some(place) if !decoded.plan.is_empty() => Some(Presentation::start_lesson(
                &self.doc,
                &self.lexicon,
                place,
                decoded.plan.lines.clone(),
            )),
            _ => self.present.clone(),
        };
        let notice = (decoded.dropped > 0).then(|| {
            Notice::Error(match self.lang {
                Lang::Zh => format!(
                    "链接里的课有 {} 个行号不在这个文档里（或重复），已略去。",
                    decoded.dropped
                ),
                Lang::En => format!(
                    "{} {} of the lesson in the link {} not in this document (or repeated) and {} left out.",
                    decoded.dropped,
                    Lang::noun(decoded.dropped, "line number", "line numbers"),
                    if decoded.dropped == 1 { "is" } else { "are" },
                    if decoded.dropped == 1 { "was" } else { "were" },
                ),
            })
        });
        AppState {
            lesson: Some(Rc::new(decoded.plan)),
            present,
            notice: notice.or(self.notice.clone()),
            ..self.clone()
        }
    }

    /// What the URL's fragment says now: the presenter's place, and the lesson when the
    /// presentation walks it. `None` when not presenting.
    pub fn presenting_fragment(&self) -> Option<String> {
        let present = self.present.as_ref()?;
        let place = present.place.to_fragment();
        match (&present.lesson, &self.lesson) {
            (Some(_), Some(plan)) => Some(format!("{place}&{}", plan.to_fragment())),
            _ => Some(place),
        }
    }

    /// The answer key of the lesson, with the numbers the page shows on the pairs.
    pub fn lesson_handout(&self) -> Handout {
        let mut handout = handout(&self.doc, &self.name, &self.lesson_plan(), &self.lexicon);
        for line in &mut handout.lines {
            for pair in &mut line.pairs {
                pair.number = Some(self.pair_numbers.number(pair.pair));
            }
        }
        handout
    }
}

/// The core's name for the page's language.
pub fn language(lang: Lang) -> Language {
    match lang {
        Lang::Zh => Language::Zh,
        Lang::En => Language::En,
    }
}

fn added_words(lang: Lang, added: usize, already: usize) -> String {
    match (lang, already) {
        (Lang::Zh, 0) => format!("已把 {added} 行加入课中。"),
        (Lang::Zh, _) => format!("已把 {added} 行加入课中（{already} 行已在课中）。"),
        (Lang::En, 0) => format!(
            "{added} {} added to the lesson.",
            Lang::noun(added, "line", "lines")
        ),
        (Lang::En, _) => format!(
            "{added} {} added to the lesson ({already} already in it).",
            Lang::noun(added, "line", "lines")
        ),
    }
}

/// A short excerpt of a line for the lesson list: its first `chars` characters.
pub fn excerpt(text: &str, chars: usize) -> String {
    let mut cut: String = text.chars().take(chars).collect();
    if text.chars().nth(chars).is_some() {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Move;
    use crate::state::Action;
    use yew::Reducible;

    const DOC: &str = "没有关联词。\n<a>虽然</a>下雨，<a>但</a>去了。\n<a>因为</a>累，<a>所以</a>睡了。\n<a>虽然</a>冷，<a>但</a>好。\n";

    fn opened() -> Rc<AppState> {
        Rc::new(AppState::open("课.txt", DOC))
    }

    fn edit(state: &Rc<AppState>, edit: PlanEdit) -> Rc<AppState> {
        state.clone().reduce(Action::LessonPlan(edit))
    }

    #[test]
    fn lines_come_from_the_current_line_the_search_and_the_chosen_pair_without_repeats() {
        let state = opened().reduce(Action::GoToLine(3));
        let state = edit(&state, PlanEdit::AddShown);
        assert_eq!(state.lesson_plan().lines, [2]);
        let state = state.reduce(Action::Search {
            query: "了".into(),
            regex: false,
            matches: Ok(connectives_core::search::find_plain(
                &parse_text(DOC),
                "了",
                100,
            )),
        });
        let state = edit(&state, PlanEdit::AddMatches);
        assert_eq!(state.lesson_plan().lines, [2, 1]);
        assert!(state.notice.as_ref().unwrap().text().contains('1'));
        let state = state.reduce(Action::ChooseEntry {
            kind: crate::state::EntryKind::Pair,
            text: "虽然…但".into(),
        });
        assert_eq!(state.entry_lines(), [1, 3]);
        let state = edit(&state, PlanEdit::AddEntry);
        assert_eq!(state.lesson_plan().lines, [2, 1, 3]);
        let state = edit(&state, PlanEdit::Up(2));
        let state = edit(&state, PlanEdit::Remove(0));
        let state = edit(&state, PlanEdit::Rename("第一课 & <二>".into()));
        assert_eq!(state.lesson_plan().lines, [3, 1]);
        assert_eq!(state.lesson_plan().name, "第一课 & <二>");
    }

    #[test]
    fn the_reading_view_adds_the_line_of_the_last_click_or_jump() {
        let state = opened().reduce(Action::GoToLine(1));
        assert_eq!(state.current_line(), Some(0));
        let yinwei = state.doc.lines[2].spans.start;
        let state = state.reduce(Action::Click(yinwei));
        assert_eq!(
            state.current_line(),
            Some(2),
            "the click came after the jump"
        );
        let state = state.reduce(Action::GoToLine(4));
        assert_eq!(
            state.current_line(),
            Some(3),
            "the jump came after the click"
        );
        assert_eq!(opened().current_line(), None);
    }

    fn parse_text(source: &str) -> String {
        connectives_core::parse(source).text
    }

    #[test]
    fn presenting_a_lesson_walks_its_lines_in_its_order_and_the_fragment_says_so() {
        let state = opened();
        let state = edit(&state.reduce(Action::GoToLine(4)), PlanEdit::AddShown);
        let state = edit(&state.reduce(Action::GoToLine(1)), PlanEdit::AddShown);
        let state = edit(&state.reduce(Action::GoToLine(2)), PlanEdit::AddShown);
        let state = edit(&state, PlanEdit::Rename("雨".into()));
        let mut state = state.reduce(Action::PresentLesson);
        let mut seen = Vec::new();
        for _ in 0..4 {
            let present = state.present.as_ref().unwrap();
            seen.push((present.place.line, present.progress(&state.doc)));
            state = state.reduce(Action::Lesson(Move::NextLine));
        }
        assert_eq!(seen, [(3, (1, 3)), (0, (2, 3)), (1, (3, 3)), (1, (3, 3))]);
        let fragment = state.presenting_fragment().unwrap();
        assert!(
            fragment.ends_with("&lesson=4,1,2&lesson-name=%E9%9B%A8"),
            "{fragment}"
        );
        // A page opened on that fragment has the lesson, presented at its place.
        let place = Place::from_fragment(&fragment);
        let reopened = AppState::open("课.txt", DOC).with_lesson_fragment(&fragment, place);
        assert_eq!(reopened.lesson_plan().lines, [3, 0, 1]);
        let present = reopened.present.unwrap();
        assert_eq!(
            (present.place.line, present.progress(&reopened.doc)),
            (1, (3, 3))
        );
        assert_eq!(reopened.notice, None);
    }

    #[test]
    fn a_fragment_past_the_document_is_cut_with_a_notice_and_a_kept_lesson_does_not_override_it() {
        let state = AppState::open("课.txt", DOC).with_lesson_fragment("lesson=2,9,2,0", None);
        assert_eq!(state.lesson_plan().lines, [1]);
        assert!(state.notice.as_ref().unwrap().text().contains('3'));
        assert!(state.lesson_kept(state.session, "lesson=3").is_none());
        let fresh = opened();
        let kept = fresh.lesson_kept(fresh.session, "lesson=3,1").unwrap();
        assert_eq!(kept.lesson_plan().lines, [2, 0]);
        assert!(
            fresh.lesson_kept(fresh.session + 1, "lesson=3").is_none(),
            "another document's"
        );
    }

    #[test]
    fn the_handout_numbers_pairs_as_the_page_does() {
        let state = edit(&opened().reduce(Action::GoToLine(4)), PlanEdit::AddShown);
        let handout = state.lesson_handout();
        assert_eq!(handout.lines.len(), 1);
        assert_eq!(handout.lines[0].pairs[0].number, Some(3));
        assert_eq!(excerpt("一二三四", 3), "一二三…");
        assert_eq!(excerpt("一二三", 3), "一二三");
    }

    #[test]
    fn the_handout_names_relations_by_the_page_lexicon_and_esc_closes_it_first() {
        let state = edit(&opened().reduce(Action::GoToLine(4)), PlanEdit::AddShown);
        let builtin = state.lesson_handout();
        let own = Rc::new(connectives_core::lexicon::Lexicon::parse("虽然,但,评注\n").unwrap());
        let state = state.reduce(Action::SetLexicon {
            name: Some("mine.csv".into()),
            lexicon: own,
            announce: false,
        });
        let mine = state.lesson_handout();
        assert_ne!(
            builtin.lines[0].pairs[0].relations,
            mine.lines[0].pairs[0].relations
        );
        let ids: Vec<&str> = mine.lines[0].pairs[0]
            .relations
            .iter()
            .map(|r| r.id())
            .collect();
        assert_eq!(ids, ["评注"]);
        let open = state
            .reduce(Action::Handout(true))
            .reduce(Action::Select(Some(0)));
        let closed = open.clone().reduce(Action::Clear);
        assert!(!closed.handout);
        assert_eq!(closed.selected, open.selected, "only the key closed");
        assert!(!closed.reduce(Action::Clear).handout);
    }

    #[test]
    fn the_handout_uses_the_page_font_stack() {
        assert_eq!(
            connectives_core::lesson_plan::CJK_FONT_STACK,
            crate::figure::FONT_STACK
        );
    }
}
