//! Classroom mode: one line at a time on a projector, revealed step by step or asked as a
//! quiz. Pure state and moves, tested natively; the view is `components::presenter`.

use connectives_core::lesson::{is_partner, lines_with_pairs, shown, steps, Step};
use connectives_core::lexicon::Lexicon;
use connectives_core::relation::{relation_by_id, RelationName};
use std::ops::Range;
use std::rc::Rc;

use connectives_core::{Document, PairId, SpanId};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Each press reveals the next member, partner or candidate.
    #[default]
    Reveal,
    /// Annotations are hidden; the class guesses each first member's partner.
    Quiz,
}

/// What a quiz asks about each pair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QuizKind {
    /// The first member is shown; the class finds its partner in the text.
    #[default]
    Partner,
    /// Both members are shown; the class chooses what the pair expresses.
    Relation,
}

/// How many relations a relation question offers.
pub const CHOICES: usize = 4;

/// Relations of the scheme a question may offer besides the lexicon's own, when the lexicon
/// uses fewer than [`CHOICES`] (an imported lexicon of two relations still gets four choices).
const FALLBACK: &[&str] = &[
    "contrast",
    "progression",
    "causation",
    "conditional",
    "conjunction",
    "alternative",
    "purpose",
    "temporal",
];

/// The choices for pair `pair`'s relation question: its most frequent relation by `lexicon`
/// and others the lexicon uses, [`CHOICES`] in all, in an order that depends on the pair (so
/// the answer is not always in the same place). Empty for a pair the lexicon does not know.
pub fn relation_choices(lexicon: &Lexicon, doc: &Document, pair: PairId) -> Vec<RelationName> {
    let own = lexicon.pair_relations(doc, pair);
    let Some(answer) = own.first().cloned() else {
        return Vec::new();
    };
    // Only the answer among the pair's own relations, so that exactly one choice is right.
    let mut others: Vec<RelationName> = Vec::new();
    let fallback = FALLBACK
        .iter()
        .filter_map(|id| relation_by_id(id))
        .map(RelationName::Scheme);
    for r in lexicon.relation_set().into_iter().chain(fallback) {
        if !own.contains(&r) && !others.contains(&r) {
            others.push(r);
        }
    }
    let mut choices = vec![answer];
    if !others.is_empty() {
        let start = pair % others.len();
        let n = others.len();
        choices.extend(
            (0..n)
                .map(|k| others[(start + k) % n].clone())
                .take(CHOICES - 1),
        );
    }
    let n = choices.len();
    choices.rotate_right(pair % n);
    choices
}

/// Which lines the presentation walks through.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lines {
    All,
    #[default]
    WithPairs,
}

/// Where a lesson is: what the URL fragment records (never the text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// 0-based line of the document.
    pub line: usize,
    pub mode: Mode,
    pub lines: Lines,
    /// Candidates get presses of their own (in reveal mode); otherwise they stay hidden.
    pub candidates: bool,
    pub quiz: QuizKind,
}

impl Default for Place {
    fn default() -> Self {
        Place {
            line: 0,
            mode: Mode::Reveal,
            lines: Lines::WithPairs,
            candidates: true,
            quiz: QuizKind::Partner,
        }
    }
}

impl Place {
    /// `line=10&mode=quiz&lines=pairs&candidates=hidden`, line 1-based; a relation quiz adds
    /// `&quiz=relation`.
    pub fn to_fragment(self) -> String {
        let quiz = match (self.mode, self.quiz) {
            (Mode::Quiz, QuizKind::Relation) => "&quiz=relation",
            _ => "",
        };
        format!(
            "line={}&mode={}&lines={}&candidates={}{quiz}",
            self.line + 1,
            match self.mode {
                Mode::Reveal => "reveal",
                Mode::Quiz => "quiz",
            },
            match self.lines {
                Lines::All => "all",
                Lines::WithPairs => "pairs",
            },
            if self.candidates { "shown" } else { "hidden" }
        )
    }

    /// Reads a fragment (with or without `#`); `None` unless it asks for a presentation (it
    /// has `mode`). Unknown keys and values are ignored, so an edited URL still opens.
    pub fn from_fragment(fragment: &str) -> Option<Place> {
        let mut place = Place::default();
        let mut presenting = false;
        for pair in fragment.trim_start_matches('#').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match (key, value) {
                ("mode", "reveal") => (place.mode, presenting) = (Mode::Reveal, true),
                ("mode", "quiz") => (place.mode, presenting) = (Mode::Quiz, true),
                ("line", n) => {
                    if let Some(n) = n.parse::<usize>().ok().filter(|&n| n > 0) {
                        place.line = n - 1;
                    }
                }
                ("lines", "all") => place.lines = Lines::All,
                ("lines", "pairs") => place.lines = Lines::WithPairs,
                ("candidates", "shown") => place.candidates = true,
                ("candidates", "hidden") => place.candidates = false,
                ("quiz", "relation") => place.quiz = QuizKind::Relation,
                ("quiz", "partner") => place.quiz = QuizKind::Partner,
                _ => {}
            }
        }
        presenting.then_some(place)
    }
}

/// The answer given to one question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub pair: PairId,
    pub right: bool,
    /// The byte offset of the character the presenter clicked.
    pub guess: usize,
    /// The answer is shown: right, or wrong twice. A first wrong guess leaves the question
    /// open for a second try.
    pub settled: bool,
    /// In a relation quiz, the choice taken, by its place among [`relation_choices`]
    /// (`None`: the answer was shown unasked).
    pub choice: Option<usize>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Right answers, at the first try or the second.
    pub right: usize,
    pub asked: usize,
    /// Of the right answers, those at the second try.
    pub second_try: usize,
}

/// What the stage shows of the presented line, worked out once for a render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub steps: Vec<Step>,
    /// The spans shown, in the order they were revealed.
    pub shown: Vec<SpanId>,
    /// The pairs with both members shown, whose arcs are drawn, in the order revealed.
    pub pairs: Vec<PairId>,
    /// In a quiz, the pair whose first member is shown and whose partner the class is asked.
    pub asking: Option<PairId>,
}

impl Score {
    /// Counts a settled question: right or not, and whether at the second try.
    fn count(&mut self, right: bool, second_try: bool) {
        self.asked += 1;
        self.right += usize::from(right);
        self.second_try += usize::from(right && second_try);
    }
}

/// At most this many teams play a quiz.
pub const MAX_TEAMS: usize = 4;

/// A quiz played by teams in turn: each question is the team's whose turn it is, and the turn
/// passes once the question is settled or its answer shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Teams {
    /// How many teams play; 0 when the class plays as one.
    pub count: usize,
    /// The team whose turn it is, 0-based.
    pub turn: usize,
    /// Each team's score in this round (the first `count` are used).
    pub scores: [Score; MAX_TEAMS],
}

impl Teams {
    /// `count` teams (2 to [`MAX_TEAMS`]) with no score yet; fewer than two is no teams.
    pub fn new(count: usize) -> Teams {
        Teams {
            count: if count < 2 { 0 } else { count.min(MAX_TEAMS) },
            ..Teams::default()
        }
    }

    /// The scores of the teams that play.
    pub fn playing(&self) -> &[Score] {
        &self.scores[..self.count]
    }

    fn settle(&mut self, right: bool, second_try: bool) {
        if self.count > 0 {
            self.scores[self.turn].count(right, second_try);
            self.pass();
        }
    }

    fn pass(&mut self) {
        if self.count > 0 {
            self.turn = (self.turn + 1) % self.count;
        }
    }
}

/// A presentation in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presentation {
    pub place: Place,
    /// How many of the line's steps are taken.
    pub revealed: usize,
    /// The answer to the question last asked on this line, until the next step.
    pub verdict: Option<Verdict>,
    /// The round's score: every question settled since the presentation started or the last
    /// new round.
    pub score: Score,
    pub teams: Teams,
    /// The page's lexicon (`AppState::lexicon`, the same `Rc`): what relation questions ask.
    pub lexicon: Rc<Lexicon>,
    /// A lesson's lines (0-based, in its order): only these are walked, whatever `lines` says.
    pub lesson: Option<Vec<usize>>,
}

/// A move the presenter makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Reveal the next step, or go to the next line when all are shown. In a quiz: show an
    /// open question's answer, else ask the next question (or the next line's first).
    Next,
    /// Hide the last step, or go back to the previous line with all of it shown.
    Back,
    NextLine,
    PreviousLine,
    FirstLine,
    LastLine,
    /// Reveal everything on this line.
    RevealAll,
    /// The presenter clicked the character at this byte offset as the class's guess.
    Guess(usize),
    /// In a relation quiz, the choice the class took: its place among [`relation_choices`].
    Choose(usize),
    /// Play in this many teams (fewer than two: the class as one); the scores start again.
    SetTeams(usize),
    /// Start a new round: every score back to none, the first team's turn.
    NewRound,
    SetQuiz(QuizKind),
    SetMode(Mode),
    SetLines(Lines),
    ToggleCandidates,
}

impl Presentation {
    /// Starts at `place`, moved onto the nearest line the choice of lines includes.
    pub fn start(doc: &Document, lexicon: &Rc<Lexicon>, place: Place) -> Presentation {
        let mut presentation = Presentation {
            place,
            revealed: 0,
            verdict: None,
            score: Score::default(),
            teams: Teams::default(),
            lexicon: lexicon.clone(),
            lesson: None,
        };
        presentation.place.line = presentation.nearest_line(doc, place.line);
        presentation.revealed = presentation.first_question(doc);
        presentation
    }

    /// Starts walking only a lesson's `lines` (0-based, in the lesson's order; those past the
    /// document's end are skipped), at `place.line` if it is one of them, else the first.
    pub fn start_lesson(
        doc: &Document,
        lexicon: &Rc<Lexicon>,
        place: Place,
        lines: Vec<usize>,
    ) -> Presentation {
        let lines: Vec<usize> = lines.into_iter().filter(|&l| l < doc.lines.len()).collect();
        if lines.is_empty() {
            return Presentation::start(doc, lexicon, place);
        }
        let mut presentation = Presentation::start(doc, lexicon, Place { line: 0, ..place });
        presentation.lesson = Some(lines);
        presentation.place.line = presentation.nearest_line(doc, place.line);
        presentation.revealed = presentation.first_question(doc);
        presentation
    }

    /// The document lines shown, in order. "Lines with pairs" on a document without pairs
    /// shows every line rather than nothing.
    pub fn line_list(&self, doc: &Document) -> Vec<usize> {
        if let Some(lesson) = &self.lesson {
            return lesson.clone();
        }
        let with_pairs = match self.place.lines {
            Lines::WithPairs => lines_with_pairs(doc),
            Lines::All => Vec::new(),
        };
        if with_pairs.is_empty() {
            (0..doc.lines.len()).collect()
        } else {
            with_pairs
        }
    }

    /// 1-based position of the line in the list, and the list's length: "3 / 8" ("0 / 0" for
    /// an empty document).
    pub fn progress(&self, doc: &Document) -> (usize, usize) {
        let list = self.line_list(doc);
        if self.lesson.is_some() {
            let at = list.iter().position(|&l| l == self.place.line).unwrap_or(0);
            return ((at + 1).min(list.len()), list.len());
        }
        let at = list.partition_point(|&l| l < self.place.line);
        ((at + 1).min(list.len()), list.len())
    }

    fn nearest_line(&self, doc: &Document, line: usize) -> usize {
        let list = self.line_list(doc);
        if self.lesson.is_some() {
            let kept = list.iter().find(|&&l| l == line && l < doc.lines.len());
            return kept.or(list.first()).copied().unwrap_or_default();
        }
        let at = list.partition_point(|&l| l < line);
        list.get(at).or(list.last()).copied().unwrap_or_default()
    }

    pub fn steps(&self, doc: &Document) -> Vec<Step> {
        let candidates = self.place.candidates && self.place.mode == Mode::Reveal;
        steps(doc, self.place.line, candidates)
    }

    /// What the stage shows now.
    pub fn stage(&self, doc: &Document) -> Stage {
        let steps = self.steps(doc);
        let taken = &steps[..self.revealed.min(steps.len())];
        let pairs = taken
            .iter()
            .filter_map(|step| match step {
                Step::Partner { pair, .. } => Some(*pair),
                _ => None,
            })
            .collect();
        let settled = |pair: PairId| self.verdict.is_some_and(|v| v.pair == pair && v.settled);
        let asking = match (self.place.mode, self.place.quiz) {
            // A partner's step comes right after its first member's, so the next step being a
            // partner means its first member is on show.
            (Mode::Quiz, QuizKind::Partner) => match steps.get(self.revealed) {
                Some(Step::Partner { pair, .. }) if !settled(*pair) => Some(*pair),
                _ => None,
            },
            // The last step taken showed a pair whole: what does it express?
            (Mode::Quiz, QuizKind::Relation) => {
                match self.revealed.checked_sub(1).map(|i| steps.get(i)) {
                    Some(Some(Step::Partner { pair, .. }))
                        if !settled(*pair) && !self.choices(doc, *pair).is_empty() =>
                    {
                        Some(*pair)
                    }
                    _ => None,
                }
            }
            (Mode::Reveal, _) => None,
        };
        Stage {
            shown: shown(&steps, self.revealed),
            pairs,
            asking,
            steps,
        }
    }

    /// The presentation after `step`; `None` when nothing changes.
    pub fn apply(&self, doc: &Document, step: Move) -> Option<Presentation> {
        let mut next = self.clone();
        let count = self.steps(doc).len();
        let quiz = self.place.mode == Mode::Quiz;
        match step {
            // A quiz goes from question to question: the next pair's first member appears
            // with its question; an open question's answer is shown first.
            Move::Next if quiz && self.stage(doc).asking.is_some() => match self.place.quiz {
                QuizKind::Partner => {
                    next.revealed += 1;
                    next.verdict = None;
                    next.teams.pass();
                }
                // The answer is shown, not counted.
                QuizKind::Relation => {
                    next.verdict = Some(Verdict {
                        pair: self.stage(doc).asking?,
                        right: false,
                        guess: usize::MAX,
                        settled: true,
                        choice: None,
                    });
                    next.teams.pass();
                }
            },
            Move::Next if quiz => match self.question_at(doc, self.revealed) {
                Some(question) => {
                    next.revealed = question;
                    next.verdict = None;
                }
                None if self.revealed < count => {
                    next.revealed = count;
                    next.verdict = None;
                }
                None => next.go_line(doc, 1, false)?,
            },
            Move::Next if self.revealed < count => {
                next.revealed += 1;
                next.verdict = None;
            }
            Move::Next | Move::NextLine => next.go_line(doc, 1, false)?,
            Move::Back if self.revealed > 0 => {
                next.revealed -= 1;
                next.verdict = None;
            }
            Move::Back => next.go_line(doc, -1, true)?,
            Move::PreviousLine => next.go_line(doc, -1, false)?,
            Move::FirstLine | Move::LastLine => {
                let list = self.line_list(doc);
                let line = if step == Move::FirstLine {
                    list.first()
                } else {
                    list.last()
                };
                next.show_line(doc, *line?, false);
            }
            Move::RevealAll => next.revealed = count,
            Move::Guess(_) if self.place.quiz == QuizKind::Relation => return None,
            Move::Choose(choice) => {
                let pair = self
                    .stage(doc)
                    .asking
                    .filter(|_| self.place.quiz == QuizKind::Relation)?;
                // The first of the pair's relations is the one the choices offer.
                let chosen = self.choices(doc, pair).into_iter().nth(choice)?;
                let right = self.lexicon.pair_relations(doc, pair).first() == Some(&chosen);
                let second_try = self.verdict.is_some_and(|v| v.pair == pair && !v.settled);
                let settled = right || second_try;
                next.verdict = Some(Verdict {
                    pair,
                    right,
                    guess: usize::MAX,
                    settled,
                    choice: Some(choice),
                });
                if settled {
                    next.score.count(right, second_try);
                    next.teams.settle(right, second_try);
                }
            }
            Move::SetQuiz(kind) => {
                next.place.quiz = kind;
                next.verdict = None;
                next.revealed = next.first_question(doc);
            }
            Move::Guess(offset) => {
                let stage = self.stage(doc);
                let pair = stage.asking?;
                // A click on a word already shown (the first member) is no answer.
                if stage
                    .shown
                    .iter()
                    .any(|&id| doc.spans[id].range.contains(&offset))
                {
                    return None;
                }
                let right = is_partner(doc, pair, offset);
                let second_try = self.verdict.is_some_and(|v| v.pair == pair && !v.settled);
                let settled = right || second_try;
                next.verdict = Some(Verdict {
                    pair,
                    right,
                    guess: offset,
                    settled,
                    choice: None,
                });
                if settled {
                    next.score.count(right, second_try);
                    next.teams.settle(right, second_try);
                    next.revealed += 1;
                }
            }
            Move::SetTeams(count) => next.teams = Teams::new(count),
            Move::NewRound => {
                next.score = Score::default();
                next.teams = Teams::new(self.teams.count);
            }
            Move::SetMode(mode) => {
                next.place.mode = mode;
                next.verdict = None;
                next.revealed = next.first_question(doc);
            }
            Move::SetLines(lines) => {
                next.place.lines = lines;
                next.place.line = next.nearest_line(doc, self.place.line);
                next.revealed = 0;
                next.verdict = None;
            }
            Move::ToggleCandidates => {
                next.place.candidates = !self.place.candidates;
                next.revealed = 0;
                next.verdict = None;
            }
        }
        (next != *self).then_some(next)
    }

    /// Moves `by` lines in the list; lands with all steps shown when `revealed`.
    fn go_line(&mut self, doc: &Document, by: isize, revealed: bool) -> Option<()> {
        let list = self.line_list(doc);
        let at = list.iter().position(|&l| l == self.place.line)?;
        let line = *list.get(at.checked_add_signed(by)?)?;
        self.show_line(doc, line, revealed);
        Some(())
    }

    fn show_line(&mut self, doc: &Document, line: usize, revealed: bool) {
        self.place.line = line;
        self.verdict = None;
        self.revealed = if revealed {
            self.steps(doc).len()
        } else {
            self.first_question(doc)
        };
    }

    /// Where a line starts: in a quiz, at its first question (the first member shown, its
    /// partner asked); otherwise with nothing shown.
    fn first_question(&self, doc: &Document) -> usize {
        match self.place.mode {
            Mode::Quiz => self.question_at(doc, 0).unwrap_or(0),
            Mode::Reveal => 0,
        }
    }

    /// How many steps are taken at the next question at or after step `from`: a partner
    /// question stops before the partner's step, a relation question after it (and only for a
    /// pair the lexicon knows).
    fn question_at(&self, doc: &Document, from: usize) -> Option<usize> {
        let steps = self.steps(doc);
        match self.place.quiz {
            QuizKind::Partner => next_question(&steps, from),
            QuizKind::Relation => (from..steps.len()).find_map(|i| match steps[i] {
                Step::Partner { pair, .. } if !self.choices(doc, pair).is_empty() => Some(i + 1),
                _ => None,
            }),
        }
    }

    /// The choices of pair `pair`'s relation question by this presentation's lexicon.
    pub fn choices(&self, doc: &Document, pair: PairId) -> Vec<RelationName> {
        relation_choices(&self.lexicon, doc, pair)
    }

    /// The presentation with another lexicon: the line starts again, as its questions may be
    /// others now.
    pub fn with_lexicon(&self, doc: &Document, lexicon: &Rc<Lexicon>) -> Presentation {
        let mut next = self.clone();
        next.lexicon = lexicon.clone();
        next.verdict = None;
        next.revealed = next.first_question(doc);
        next
    }

    /// Keeps the presentation on a line that exists after the document changed.
    pub fn fit(&self, doc: &Document) -> Presentation {
        let mut next = self.clone();
        if let Some(lesson) = &mut next.lesson {
            lesson.retain(|&l| l < doc.lines.len());
        }
        next.lesson = next.lesson.filter(|l| !l.is_empty());
        next.place.line = next.nearest_line(doc, self.place.line);
        next.revealed = self.revealed.min(next.steps(doc).len());
        next
    }
}

/// The index of the first partner step at or after `from`: with the steps before it taken,
/// its first member is shown and its partner is the question.
fn next_question(steps: &[Step], from: usize) -> Option<usize> {
    (from..steps.len()).find(|&i| matches!(steps[i], Step::Partner { .. }))
}

/// A stretch of the presented line: plain text, or a span that is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text(Range<usize>),
    Span(SpanId),
}

/// Line `line` cut into plain text and the `shown` spans; spans not shown are plain text, so
/// nothing gives the answer away.
pub fn pieces(doc: &Document, line: usize, shown: &[SpanId]) -> Vec<Piece> {
    let Some(line) = doc.lines.get(line) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = line.range.start;
    for id in line.spans.clone().filter(|id| shown.contains(id)) {
        let range = doc.spans[id].range.clone();
        if range.start > at {
            out.push(Piece::Text(at..range.start));
        }
        out.push(Piece::Span(id));
        at = range.end;
    }
    if line.range.end > at {
        out.push(Piece::Text(at..line.range.end));
    }
    out
}

/// The stage's line height in em (www/style.css `.presented-line`): the gap between rows is
/// wide enough for an arc over a row to stay clear of the row above, and for an arc to run
/// between two rows.
pub const STAGE_LINE_HEIGHT: f64 = 2.4;

/// The largest font size, in CSS pixels, at which `chars` characters (CJK, a full em each)
/// fill about 55 % of a `width` × `height` area at [`STAGE_LINE_HEIGHT`] (the rest is for
/// ragged row ends, pair numbers and the arcs above the first row); between 24 and 120 px.
pub fn fit_font_px(chars: usize, width: f64, height: f64) -> f64 {
    let area = width * height * 0.55;
    let px = (area / (chars.max(1) as f64 * STAGE_LINE_HEIGHT)).sqrt();
    // Never wider than the width allows for one character per row, nor beyond a readable cap.
    px.min(width / 2.0).clamp(24.0, 120.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::builtin;
    use connectives_core::parse;

    /// The place of the relation `id` among pair `pair`'s choices.
    fn choice(doc: &Document, p: &Presentation, pair: PairId, id: &str) -> usize {
        p.choices(doc, pair)
            .iter()
            .position(|r| r.id() == id)
            .expect(id)
    }

    const DOC: &str = "没有关联词。\n<a>虽然</a>下雨，<cand>还</cand>刮风，<a>但</a>我们<a>不仅</a>去了，<a>而且</a>玩了。\n<cand>因此</cand>回家。\n<a>不是</a>我，<a>而是</a>他。\n";

    fn start(mode: Mode, lines: Lines) -> (Document, Presentation) {
        let doc = parse(DOC);
        let place = Place {
            mode,
            lines,
            ..Place::default()
        };
        let presentation = Presentation::start(&doc, &builtin(), place);
        (doc, presentation)
    }

    fn press(doc: &Document, p: &Presentation, step: Move) -> Presentation {
        p.apply(doc, step).unwrap_or_else(|| p.clone())
    }

    fn shown_texts(doc: &Document, p: &Presentation) -> Vec<String> {
        p.stage(doc)
            .shown
            .iter()
            .map(|&id| doc.span_text(id).to_string())
            .collect()
    }

    #[test]
    fn lines_with_pairs_start_at_the_first_such_line_and_count_progress() {
        let (doc, p) = start(Mode::Reveal, Lines::WithPairs);
        assert_eq!(p.place.line, 1);
        assert_eq!(p.progress(&doc), (1, 2));
        let (doc, p) = start(Mode::Reveal, Lines::All);
        assert_eq!(p.place.line, 0);
        assert_eq!(p.progress(&doc), (1, 4));
    }

    #[test]
    fn next_reveals_first_member_then_partner_then_candidate_then_next_pair_then_next_line() {
        let (doc, mut p) = start(Mode::Reveal, Lines::WithPairs);
        let mut seen = Vec::new();
        for _ in 0..5 {
            p = press(&doc, &p, Move::Next);
            seen.push(shown_texts(&doc, &p).join(" "));
        }
        assert_eq!(
            seen,
            [
                "虽然",
                "虽然 但",
                "虽然 但 还",
                "虽然 但 还 不仅",
                "虽然 但 还 不仅 而且"
            ]
        );
        assert_eq!(p.stage(&doc).pairs, vec![0, 1]);
        p = press(&doc, &p, Move::Next);
        assert_eq!(
            (p.place.line, p.revealed),
            (3, 0),
            "the next line with pairs"
        );
        assert_eq!(p.progress(&doc), (2, 2));
        assert!(p.apply(&doc, Move::Next).is_some());
        let end = press(&doc, &press(&doc, &p, Move::Next), Move::Next);
        assert!(
            end.apply(&doc, Move::Next).is_none(),
            "the last step of the last line"
        );
    }

    #[test]
    fn back_hides_the_last_step_and_then_returns_to_the_previous_line_fully_shown() {
        let (doc, p) = start(Mode::Reveal, Lines::WithPairs);
        let p = press(&doc, &p, Move::NextLine);
        assert_eq!(p.place.line, 3);
        let p = press(&doc, &p, Move::Next);
        let p = press(&doc, &p, Move::Back);
        assert_eq!((p.place.line, p.revealed), (3, 0));
        let p = press(&doc, &p, Move::Back);
        assert_eq!(p.place.line, 1);
        assert_eq!(shown_texts(&doc, &p).len(), 5);
        assert!(p.apply(&doc, Move::PreviousLine).is_none());
    }

    #[test]
    fn hidden_candidates_take_no_press() {
        let (doc, p) = start(Mode::Reveal, Lines::WithPairs);
        let p = press(&doc, &p, Move::ToggleCandidates);
        assert!(!p.place.candidates);
        let p = press(&doc, &p, Move::RevealAll);
        assert_eq!(shown_texts(&doc, &p), ["虽然", "但", "不仅", "而且"]);
    }

    #[test]
    fn a_quiz_asks_at_once_gives_a_second_try_and_keeps_score() {
        let (doc, p) = start(Mode::Quiz, Lines::WithPairs);
        // The first question is asked as the quiz starts.
        assert_eq!(
            shown_texts(&doc, &p),
            ["虽然"],
            "candidates stay hidden in a quiz"
        );
        assert_eq!(p.stage(&doc).asking, Some(0));
        // A click on the first member itself is no answer.
        let suiran = doc.text.find("虽然").unwrap();
        assert!(p.apply(&doc, Move::Guess(suiran + "虽".len())).is_none());
        // A wrong guess (下 of 下雨) leaves the question open for a second try.
        let wrong = doc.text.find("下雨").unwrap();
        let p = press(&doc, &p, Move::Guess(wrong));
        let verdict = p.verdict.unwrap();
        assert!(!verdict.right && !verdict.settled);
        assert_eq!(verdict.guess, wrong);
        assert_eq!(shown_texts(&doc, &p), ["虽然"], "not revealed yet");
        assert_eq!(p.score, Score::default(), "not counted yet");
        assert_eq!(p.stage(&doc).asking, Some(0));
        // Wrong again: the answer is shown and counted.
        let p = press(&doc, &p, Move::Guess(wrong));
        assert!(p.verdict.unwrap().settled);
        assert_eq!(shown_texts(&doc, &p), ["虽然", "但"]);
        assert_eq!(
            p.score,
            Score {
                right: 0,
                asked: 1,
                second_try: 0
            }
        );
        assert_eq!(p.stage(&doc).asking, None);
        assert!(
            p.apply(&doc, Move::Guess(wrong)).is_none(),
            "once shown, a click on the text changes nothing"
        );
        // Next asks the next question at once: 不仅 shown, its partner asked.
        let p = press(&doc, &p, Move::Next);
        assert_eq!(p.verdict, None);
        assert_eq!(shown_texts(&doc, &p), ["虽然", "但", "不仅"]);
        assert_eq!(p.stage(&doc).asking, Some(1));
        // Wrong, then right at the second try (the second character of 而且).
        let p = press(&doc, &p, Move::Guess(wrong));
        let er_qie = doc.text.find("而且").unwrap() + "而".len();
        let p = press(&doc, &p, Move::Guess(er_qie));
        assert!(p.verdict.unwrap().right);
        assert_eq!(
            p.score,
            Score {
                right: 1,
                asked: 2,
                second_try: 1
            }
        );
        // The score carries over to the next line, which starts on its question.
        let p = press(&doc, &p, Move::Next);
        assert_eq!((p.place.line, p.score.asked), (3, 2));
        assert_eq!(shown_texts(&doc, &p), ["不是"]);
        // Next on an open question shows its answer without counting it.
        let p = press(&doc, &p, Move::Next);
        assert_eq!(shown_texts(&doc, &p), ["不是", "而是"]);
        assert_eq!(p.score.asked, 2);
    }

    #[test]
    fn a_relation_quiz_shows_each_pair_whole_and_asks_what_it_expresses() {
        let (doc, p) = start(Mode::Quiz, Lines::WithPairs);
        let p = press(&doc, &p, Move::SetQuiz(QuizKind::Relation));
        // Both members of 虽然…但 are shown, and the question is about the pair.
        assert_eq!(shown_texts(&doc, &p), ["虽然", "但"]);
        assert_eq!(p.stage(&doc).asking, Some(0));
        let choices: Vec<String> = p
            .choices(&doc, 0)
            .iter()
            .map(|r| r.id().to_string())
            .collect();
        assert_eq!(choices.len(), CHOICES);
        assert_eq!(choices.iter().filter(|c| *c == "contrast").count(), 1);
        let wrong = choices.iter().find(|c| *c != "contrast").unwrap();
        // A click on the text is no answer in a relation quiz.
        assert!(p
            .apply(&doc, Move::Guess(doc.text.find("下雨").unwrap()))
            .is_none());
        // Wrong, then right at the second try.
        let p = press(&doc, &p, Move::Choose(choice(&doc, &p, 0, wrong)));
        assert!(!p.verdict.unwrap().settled);
        assert_eq!(p.stage(&doc).asking, Some(0), "one more try");
        let right = choice(&doc, &p, 0, "contrast");
        let p = press(&doc, &p, Move::Choose(right));
        let verdict = p.verdict.unwrap();
        assert!(verdict.right && verdict.settled);
        assert_eq!(verdict.choice, Some(right));
        assert_eq!(
            p.score,
            Score {
                right: 1,
                asked: 1,
                second_try: 1
            }
        );
        assert_eq!(p.stage(&doc).asking, None);
        assert!(p.apply(&doc, Move::Choose(right)).is_none(), "answered");
        // Next: 不仅…而且 whole, asked.
        let p = press(&doc, &p, Move::Next);
        assert_eq!(shown_texts(&doc, &p), ["虽然", "但", "不仅", "而且"]);
        assert_eq!(p.stage(&doc).asking, Some(1));
        // Next on an open question shows the answer without counting it.
        let p = press(&doc, &p, Move::Next);
        let shown = p.verdict.unwrap();
        assert!(shown.settled && shown.choice.is_none());
        assert_eq!(p.score.asked, 1);
        // The fragment says which quiz.
        assert_eq!(
            p.place.to_fragment(),
            "line=2&mode=quiz&lines=pairs&candidates=shown&quiz=relation"
        );
        assert_eq!(
            Place::from_fragment(&p.place.to_fragment()).map(|place| place.quiz),
            Some(QuizKind::Relation)
        );
    }

    #[test]
    fn relation_choices_move_the_answer_about_and_skip_unknown_pairs() {
        let doc = parse("<a>甲</a>乙<a>丙</a>。<a>虽然</a>累<a>但</a>去。\n");
        assert!(
            relation_choices(&builtin(), &doc, 0).is_empty(),
            "甲…丙 is not in the lexicon"
        );
        let place = |doc: &Document, pair| {
            relation_choices(&builtin(), doc, pair)
                .iter()
                .position(|r| r.id() == "contrast")
        };
        let many = parse(&"<a>虽然</a>累<a>但</a>去。".repeat(4));
        let places: Vec<Option<usize>> = (0..4).map(|pair| place(&many, pair)).collect();
        assert!(places.iter().all(Option::is_some));
        let distinct: std::collections::HashSet<_> = places.iter().collect();
        assert!(distinct.len() > 1, "{places:?}");
        // A quiz on a line whose first pair is unknown asks about the known one.
        let p = Presentation::start(
            &doc,
            &builtin(),
            Place {
                mode: Mode::Quiz,
                quiz: QuizKind::Relation,
                ..Place::default()
            },
        );
        assert_eq!(p.stage(&doc).asking, Some(1));
    }

    #[test]
    fn changing_the_mode_or_lines_starts_the_line_again() {
        let (doc, p) = start(Mode::Reveal, Lines::All);
        let p = press(&doc, &p, Move::NextLine);
        let p = press(&doc, &p, Move::Next);
        let quiz = press(&doc, &p, Move::SetMode(Mode::Quiz));
        assert_eq!(
            (quiz.place.line, quiz.revealed),
            (1, 1),
            "on its first question"
        );
        let pairs = press(
            &doc,
            &press(&doc, &p, Move::NextLine),
            Move::SetLines(Lines::WithPairs),
        );
        assert_eq!(
            pairs.place.line, 3,
            "line 3 (index 2) has no pair: the next one that has"
        );
        let last = press(&doc, &pairs, Move::FirstLine);
        assert_eq!(last.place.line, 1);
        assert_eq!(press(&doc, &last, Move::LastLine).place.line, 3);
    }

    #[test]
    fn the_fragment_keeps_line_and_mode_and_never_the_text() {
        let place = Place {
            line: 9,
            mode: Mode::Quiz,
            lines: Lines::All,
            candidates: false,
            quiz: QuizKind::Partner,
        };
        let fragment = place.to_fragment();
        assert_eq!(fragment, "line=10&mode=quiz&lines=all&candidates=hidden");
        assert_eq!(Place::from_fragment(&format!("#{fragment}")), Some(place));
        assert_eq!(Place::from_fragment(""), None);
        assert_eq!(
            Place::from_fragment("#line=3"),
            None,
            "no mode: not presenting"
        );
        let odd = Place::from_fragment("mode=reveal&line=zero&x=1&line=0").unwrap();
        assert_eq!(odd, Place::default(), "bad values are ignored");
    }

    #[test]
    fn a_place_beyond_the_document_lands_on_its_last_listed_line() {
        let doc = parse(DOC);
        let p = Presentation::start(
            &doc,
            &builtin(),
            Place {
                line: 99,
                ..Place::default()
            },
        );
        assert_eq!(p.place.line, 3);
        let shorter = parse("<a>虽然</a>…<a>但</a>\n");
        let fitted = press(&doc, &p, Move::RevealAll).fit(&shorter);
        assert_eq!((fitted.place.line, fitted.revealed), (0, 2));
        let empty = parse("");
        assert_eq!(
            Presentation::start(&empty, &builtin(), Place::default()).progress(&empty),
            (0, 0)
        );
    }

    #[test]
    fn pieces_show_only_the_revealed_spans_and_cover_the_line() {
        let doc = parse(DOC);
        let line = &doc.lines[1];
        let first = line.spans.start;
        let cut = pieces(&doc, 1, &[first]);
        assert_eq!(cut[0], Piece::Span(first));
        let covered: String = cut
            .iter()
            .map(|p| match p {
                Piece::Text(r) => &doc.text[r.clone()],
                Piece::Span(id) => doc.span_text(*id),
            })
            .collect();
        assert_eq!(covered, doc.line_text(1));
        assert_eq!(cut.len(), 2, "hidden spans stay inside the plain text");
        assert!(pieces(&doc, 99, &[]).is_empty());
    }

    #[test]
    fn font_size_shrinks_for_long_lines_within_bounds() {
        let short = fit_font_px(20, 1920.0, 1080.0);
        let long = fit_font_px(500, 1920.0, 1080.0);
        assert!(short > long, "{short} > {long}");
        assert_eq!(short, 120.0);
        assert!((24.0..120.0).contains(&long));
        assert_eq!(fit_font_px(100_000, 800.0, 600.0), 24.0);
    }

    #[test]
    fn an_imported_lexicon_asks_its_own_relations_with_four_choices() {
        let doc = parse("<a>甲</a>乙<a>丙</a>。<a>虽然</a>累<a>但</a>去。\n");
        let own = Rc::new(Lexicon::parse("甲,丙,评注\n").unwrap());
        let p = Presentation::start(
            &doc,
            &own,
            Place {
                mode: Mode::Quiz,
                quiz: QuizKind::Relation,
                ..Place::default()
            },
        );
        // 甲…丙 is asked now, and 虽然…但 (not in this lexicon) is not.
        assert_eq!(p.stage(&doc).asking, Some(0));
        let choices = p.choices(&doc, 0);
        assert_eq!(choices.len(), CHOICES, "{choices:?}");
        assert_eq!(choices.iter().filter(|r| r.id() == "评注").count(), 1);
        assert!(p.choices(&doc, 1).is_empty());
        let p = press(&doc, &p, Move::Choose(choice(&doc, &p, 0, "评注")));
        assert!(p.verdict.unwrap().right);
        // Back to the built-in lexicon: the line starts again on its first known pair.
        let back = p.with_lexicon(&doc, &builtin());
        assert_eq!((back.verdict, back.stage(&doc).asking), (None, Some(1)));
        assert_eq!(back.score, p.score, "the score is the round's");
    }

    #[test]
    fn a_choice_that_is_not_offered_changes_nothing() {
        let (doc, p) = start(Mode::Quiz, Lines::WithPairs);
        let p = press(&doc, &p, Move::SetQuiz(QuizKind::Relation));
        assert_eq!(p.stage(&doc).asking, Some(0));
        assert!(p.apply(&doc, Move::Choose(CHOICES)).is_none());
    }

    #[test]
    fn teams_answer_in_turn_and_a_new_round_starts_every_score_again() {
        let (doc, p) = start(Mode::Quiz, Lines::WithPairs);
        let p = press(&doc, &p, Move::SetTeams(2));
        assert_eq!((p.teams.count, p.teams.turn), (2, 0));
        // Team 1: 虽然's partner, wrong then right (a second try, still team 1's turn).
        let wrong = doc.text.find("下雨").unwrap();
        let p = press(&doc, &p, Move::Guess(wrong));
        assert_eq!(p.teams.turn, 0, "a second try is the same team's");
        let p = press(&doc, &p, Move::Guess(doc.text.find("但").unwrap()));
        assert_eq!(p.teams.turn, 1);
        // Team 2: 不仅's partner (Next asks it), wrong twice: asked, not right.
        let p = press(&doc, &p, Move::Next);
        assert_eq!(p.stage(&doc).asking, Some(1));
        let p = press(&doc, &p, Move::Guess(wrong));
        let p = press(&doc, &p, Move::Guess(wrong));
        assert!(p.verdict.unwrap().settled);
        assert_eq!(p.teams.turn, 0);
        let one = Score {
            right: 1,
            asked: 1,
            second_try: 1,
        };
        let none = Score {
            right: 0,
            asked: 1,
            second_try: 0,
        };
        assert_eq!(p.teams.playing(), [one, none]);
        assert_eq!(
            p.score,
            Score {
                right: 1,
                asked: 2,
                second_try: 1
            },
            "the class's too"
        );
        // An answer shown unasked passes the turn without a count.
        let p = press(&doc, &p, Move::Next);
        assert_eq!(p.stage(&doc).asking, Some(2));
        let p = press(&doc, &p, Move::Next);
        assert_eq!(p.teams.turn, 1);
        assert_eq!(p.teams.playing(), [one, none]);
        // A new round: no scores, team 1 first, still two teams.
        let round = press(&doc, &p, Move::NewRound);
        assert_eq!(round.teams, Teams::new(2));
        assert_eq!(round.score, Score::default());
        assert_eq!(round.place, p.place, "the class stays where it is");
        // One team is no teams; more than four are four.
        assert_eq!(Teams::new(1).count, 0);
        assert_eq!(
            press(&doc, &p, Move::SetTeams(9)).teams.playing().len(),
            MAX_TEAMS
        );
        assert_eq!(press(&doc, &p, Move::SetTeams(0)).teams, Teams::default());
    }

    #[test]
    fn relation_questions_pass_the_turn_too() {
        let (doc, p) = start(Mode::Quiz, Lines::WithPairs);
        let p = press(&doc, &p, Move::SetQuiz(QuizKind::Relation));
        let p = press(&doc, &p, Move::SetTeams(3));
        let right = choice(&doc, &p, 0, "contrast");
        let p = press(&doc, &p, Move::Choose(right));
        assert_eq!(p.teams.turn, 1);
        assert_eq!(
            p.teams.playing()[0],
            Score {
                right: 1,
                asked: 1,
                second_try: 0
            }
        );
        let p = press(&doc, &p, Move::Next);
        assert_eq!(p.stage(&doc).asking, Some(1));
        let p = press(&doc, &p, Move::Next);
        assert!(p.verdict.unwrap().settled, "the answer shown");
        assert_eq!(p.teams.turn, 2);
        assert_eq!(p.teams.playing()[1], Score::default());
    }
}
