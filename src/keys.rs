//! The page's keyboard shortcuts, as a pure mapping from a key press to what it does.

use connectives_core::adjudicate::Choice;
use connectives_core::SpanKind;

use crate::lesson::{Lines, Mode, Move, Place, MAX_TEAMS};
use crate::lessons::PlanEdit;
use crate::state::{Action, Landmark};
use crate::stored::Step;

/// A key press, as much of it as the shortcuts look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// `KeyboardEvent.key`: `"j"`, `"]"`, `"Escape"`, …
    pub key: String,
    /// Ctrl or Meta (⌘) held.
    pub ctrl: bool,
    /// Alt held: such keys belong to the browser and the system.
    pub alt: bool,
}

pub enum KeyCommand {
    Act(Action),
    /// Mark the text selected in the page (or else the current search match) as this kind,
    /// or, with no text selected, make the selected span this kind.
    MarkAs(SpanKind),
    /// Focus the field with this element id.
    Focus(&'static str),
    /// Enter classroom mode where the reader is.
    Present,
    /// Ask the browser for full screen, or leave it.
    FullScreen,
    /// Move to another document of the open corpus.
    Corpus(Step),
}

/// What a key does; `typing` is true while a text field has the focus (only Esc acts then).
pub fn command_for_key(key: &Key, typing: bool) -> Option<KeyCommand> {
    if key.alt {
        return None;
    }
    if key.ctrl {
        // Undo and redo work everywhere but in a text field, where they edit the field.
        return match (key.key.as_str(), typing) {
            ("z", false) => Some(KeyCommand::Act(Action::Undo)),
            ("Z" | "y", false) => Some(KeyCommand::Act(Action::Redo)),
            _ => None,
        };
    }
    if key.key == "Escape" {
        return Some(KeyCommand::Act(Action::Clear));
    }
    if typing {
        return None;
    }
    let jump = |to, forward| Some(KeyCommand::Act(Action::Jump { to, forward }));
    match key.key.as_str() {
        "j" => jump(Landmark::Connective, true),
        "k" => jump(Landmark::Connective, false),
        "]" => jump(Landmark::Pair, true),
        "[" => jump(Landmark::Pair, false),
        "e" => jump(Landmark::Problem, true),
        "E" => jump(Landmark::Problem, false),
        "n" => jump(Landmark::Match, true),
        "N" => jump(Landmark::Match, false),
        "A" => Some(KeyCommand::Act(Action::ToggleAllArcs)),
        "c" => Some(KeyCommand::MarkAs(SpanKind::Candidate)),
        "a" => Some(KeyCommand::MarkAs(SpanKind::Member)),
        "Delete" | "Backspace" => Some(KeyCommand::Act(Action::Remove)),
        "u" => Some(KeyCommand::Act(Action::Unlink)),
        "l" => Some(KeyCommand::Act(Action::StartLink)),
        "s" => Some(KeyCommand::Act(Action::AcceptSuggestion)),
        "?" => Some(KeyCommand::Act(Action::ToggleHelp)),
        "/" => Some(KeyCommand::Focus("search")),
        "g" => Some(KeyCommand::Focus("goto-line")),
        "p" | "P" => Some(KeyCommand::Present),
        ">" => Some(KeyCommand::Corpus(Step::Next)),
        "<" => Some(KeyCommand::Corpus(Step::Previous)),
        "T" => Some(KeyCommand::Corpus(Step::NextToDo)),
        "D" => Some(KeyCommand::Act(Action::ToggleDone)),
        "L" => Some(KeyCommand::Act(Action::LessonPlan(PlanEdit::AddShown))),
        // While comparing (the reducer ignores them otherwise): step and settle.
        "." => Some(KeyCommand::Act(Action::StepDisagreement { forward: true })),
        "," => Some(KeyCommand::Act(Action::StepDisagreement { forward: false })),
        "1" => decide(Choice::A),
        "2" => decide(Choice::B),
        "0" => decide(Choice::Neither),
        // While suggesting: accept (with its pair) or reject the suggestion in focus.
        "y" => Some(KeyCommand::Act(Action::AcceptSuggested { all: false })),
        "x" => Some(KeyCommand::Act(Action::RejectSuggested)),
        _ => None,
    }
}

fn decide(choice: Choice) -> Option<KeyCommand> {
    Some(KeyCommand::Act(Action::Decide { choice, all: false }))
}

/// What a key does while presenting. Presenter remotes send the arrows, PageUp/PageDown
/// and Space; every other key here is for a keyboard at the lectern. `teams` is how many teams
/// play now (`t` takes the next choice).
pub fn lesson_command_for_key(key: &Key, place: &Place, teams: usize) -> Option<KeyCommand> {
    if key.alt || key.ctrl {
        return None;
    }
    let act = |step| Some(KeyCommand::Act(Action::Lesson(step)));
    match key.key.as_str() {
        "ArrowRight" | "PageDown" | " " => act(Move::Next),
        "ArrowLeft" | "PageUp" | "Backspace" => act(Move::Back),
        "ArrowDown" => act(Move::NextLine),
        "ArrowUp" => act(Move::PreviousLine),
        "Home" => act(Move::FirstLine),
        "End" => act(Move::LastLine),
        "r" => act(Move::RevealAll),
        "q" => act(Move::SetMode(match place.mode {
            Mode::Reveal => Mode::Quiz,
            Mode::Quiz => Mode::Reveal,
        })),
        "w" => act(Move::SetLines(match place.lines {
            Lines::All => Lines::WithPairs,
            Lines::WithPairs => Lines::All,
        })),
        "c" => act(Move::ToggleCandidates),
        // Teams: none, 2, 3, 4, none again.
        "t" if place.mode == Mode::Quiz => act(Move::SetTeams(match teams {
            0 => 2,
            n if n < MAX_TEAMS => n + 1,
            _ => 0,
        })),
        "f" => Some(KeyCommand::FullScreen),
        "L" => Some(KeyCommand::Act(Action::LessonPlan(PlanEdit::AddShown))),
        "Escape" | "p" | "P" => Some(KeyCommand::Act(Action::StopPresenting)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Key {
        Key {
            key: k.to_string(),
            ctrl: false,
            alt: false,
        }
    }

    fn ctrl(k: &str) -> Key {
        Key {
            ctrl: true,
            ..key(k)
        }
    }

    #[test]
    fn corpus_keys_move_between_documents_and_mark_done_but_not_while_typing() {
        for (k, want) in [
            (">", Step::Next),
            ("<", Step::Previous),
            ("T", Step::NextToDo),
        ] {
            assert!(
                matches!(command_for_key(&key(k), false), Some(KeyCommand::Corpus(s)) if s == want),
                "{k}"
            );
            assert!(
                command_for_key(&key(k), true).is_none(),
                "{k} in a text field is text"
            );
        }
        assert!(matches!(
            command_for_key(&key("D"), false),
            Some(KeyCommand::Act(Action::ToggleDone))
        ));
        assert!(command_for_key(&key("d"), false).is_none());
    }

    #[test]
    fn navigation_keys_jump_forward_and_back() {
        for (k, to, forward) in [
            ("j", Landmark::Connective, true),
            ("k", Landmark::Connective, false),
            ("]", Landmark::Pair, true),
            ("[", Landmark::Pair, false),
            ("e", Landmark::Problem, true),
            ("E", Landmark::Problem, false),
            ("n", Landmark::Match, true),
            ("N", Landmark::Match, false),
        ] {
            match command_for_key(&key(k), false) {
                Some(KeyCommand::Act(Action::Jump { to: t, forward: f })) => {
                    assert_eq!((t, f), (to, forward), "key {k}")
                }
                _ => panic!("key {k} should jump"),
            }
        }
    }

    #[test]
    fn while_typing_only_escape_acts() {
        assert!(command_for_key(&key("j"), true).is_none());
        assert!(matches!(
            command_for_key(&key("Escape"), true),
            Some(KeyCommand::Act(Action::Clear))
        ));
    }

    #[test]
    fn other_keys_with_ctrl_or_alt_are_left_to_the_browser() {
        assert!(command_for_key(&ctrl("j"), false).is_none());
        let alt_j = Key {
            alt: true,
            ..key("j")
        };
        assert!(command_for_key(&alt_j, false).is_none());
    }

    #[test]
    fn ctrl_z_undoes_and_ctrl_shift_z_or_ctrl_y_redo_except_in_a_text_field() {
        assert!(matches!(
            command_for_key(&ctrl("z"), false),
            Some(KeyCommand::Act(Action::Undo))
        ));
        assert!(matches!(
            command_for_key(&ctrl("Z"), false),
            Some(KeyCommand::Act(Action::Redo))
        ));
        assert!(matches!(
            command_for_key(&ctrl("y"), false),
            Some(KeyCommand::Act(Action::Redo))
        ));
        assert!(command_for_key(&ctrl("z"), true).is_none());
    }

    #[test]
    fn editing_keys_mark_remove_link_and_unlink() {
        assert!(matches!(
            command_for_key(&key("c"), false),
            Some(KeyCommand::MarkAs(SpanKind::Candidate))
        ));
        assert!(matches!(
            command_for_key(&key("a"), false),
            Some(KeyCommand::MarkAs(SpanKind::Member))
        ));
        assert!(matches!(
            command_for_key(&key("Delete"), false),
            Some(KeyCommand::Act(Action::Remove))
        ));
        assert!(matches!(
            command_for_key(&key("l"), false),
            Some(KeyCommand::Act(Action::StartLink))
        ));
        assert!(matches!(
            command_for_key(&key("u"), false),
            Some(KeyCommand::Act(Action::Unlink))
        ));
        assert!(matches!(
            command_for_key(&key("s"), false),
            Some(KeyCommand::Act(Action::AcceptSuggestion))
        ));
        assert!(matches!(
            command_for_key(&key("A"), false),
            Some(KeyCommand::Act(Action::ToggleAllArcs))
        ));
        assert!(
            command_for_key(&key("a"), true).is_none(),
            "typing an a in the search box"
        );
    }

    #[test]
    fn remote_keys_step_forward_and_back_and_arrows_up_down_change_line() {
        let place = Place::default();
        let step = |k: &str| match lesson_command_for_key(&key(k), &place, 0) {
            Some(KeyCommand::Act(Action::Lesson(step))) => Some(step),
            _ => None,
        };
        for k in ["ArrowRight", "PageDown", " "] {
            assert_eq!(step(k), Some(Move::Next), "{k}");
        }
        for k in ["ArrowLeft", "PageUp"] {
            assert_eq!(step(k), Some(Move::Back), "{k}");
        }
        assert_eq!(step("ArrowDown"), Some(Move::NextLine));
        assert_eq!(step("ArrowUp"), Some(Move::PreviousLine));
        assert_eq!(step("q"), Some(Move::SetMode(Mode::Quiz)));
        let quiz = Place {
            mode: Mode::Quiz,
            ..place
        };
        assert!(matches!(
            lesson_command_for_key(&key("q"), &quiz, 0),
            Some(KeyCommand::Act(Action::Lesson(Move::SetMode(Mode::Reveal))))
        ));
        assert!(matches!(
            lesson_command_for_key(&key("Escape"), &place, 0),
            Some(KeyCommand::Act(Action::StopPresenting))
        ));
        assert_eq!(step("j"), None, "reading keys do nothing on the projector");
        assert!(lesson_command_for_key(&ctrl("z"), &place, 0).is_none());
        // t goes through the choices of teams in a quiz, and does nothing outside one.
        let teams = |n| match lesson_command_for_key(&key("t"), &quiz, n) {
            Some(KeyCommand::Act(Action::Lesson(Move::SetTeams(next)))) => Some(next),
            _ => None,
        };
        assert_eq!(
            [teams(0), teams(2), teams(3), teams(4)],
            [Some(2), Some(3), Some(4), Some(0)]
        );
        assert_eq!(step("t"), None);
        assert!(matches!(
            command_for_key(&key("P"), false),
            Some(KeyCommand::Present)
        ));
    }

    #[test]
    fn slash_and_g_focus_the_search_and_line_fields() {
        assert!(matches!(
            command_for_key(&key("/"), false),
            Some(KeyCommand::Focus("search"))
        ));
        assert!(matches!(
            command_for_key(&key("g"), false),
            Some(KeyCommand::Focus("goto-line"))
        ));
        assert!(command_for_key(&key("q"), false).is_none());
    }

    #[test]
    fn y_and_x_accept_and_reject_a_suggestion_but_not_while_typing() {
        assert!(matches!(
            command_for_key(&key("y"), false),
            Some(KeyCommand::Act(Action::AcceptSuggested { all: false }))
        ));
        assert!(matches!(
            command_for_key(&key("x"), false),
            Some(KeyCommand::Act(Action::RejectSuggested))
        ));
        assert!(command_for_key(&key("x"), true).is_none());
    }

    #[test]
    fn comparing_keys_step_and_settle() {
        let act = |k: &str| match command_for_key(&key(k), false) {
            Some(KeyCommand::Act(action)) => Some(action),
            _ => None,
        };
        assert!(matches!(
            act("."),
            Some(Action::StepDisagreement { forward: true })
        ));
        assert!(matches!(
            act(","),
            Some(Action::StepDisagreement { forward: false })
        ));
        for (k, choice) in [("1", Choice::A), ("2", Choice::B), ("0", Choice::Neither)] {
            assert!(
                matches!(act(k), Some(Action::Decide { choice: c, all: false }) if c == choice),
                "{k}"
            );
        }
        // Typing a digit in a field (the note, the line number) settles nothing.
        assert!(command_for_key(&key("1"), true).is_none());
    }
}
