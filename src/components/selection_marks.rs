//! Marking by pointer: the "candidate" / "member" buttons for the text selected in the
//! document, floating next to the selection, and the long press that selects a word-sized
//! piece on a touch screen.

use std::cell::Cell;
use std::ops::Range;
use std::rc::Rc;
use std::time::Duration;

use connectives_core::lexicon::word_at;
use connectives_core::SpanKind;
use yew::prelude::*;

use crate::arcs::Rect;
use crate::autosave::AppContext;
use crate::browser::{self, selecting};
use crate::i18n::Lang;
use crate::state::{line_piece, Action};

/// How long a finger rests on a character before the piece under it is selected.
const LONG_PRESS_MS: u64 = 450;
/// A finger that moves farther than this (CSS pixels) scrolls or drags: no long press.
const PRESS_SLOP_PX: f64 = 10.0;
/// The floating buttons' width, to keep them inside the text column.
const BUTTONS_PX: f64 = 240.0;

#[derive(Properties, PartialEq)]
pub struct MarkButtonsProps {
    pub lang: Lang,
    /// The bytes of the selected text.
    pub range: Range<usize>,
    pub on_action: Callback<Action>,
}

/// "候选 candidate" and "成员 member" for a selection: each marks it as `c` / `a` do.
#[function_component(MarkButtons)]
pub fn mark_buttons(props: &MarkButtonsProps) -> Html {
    let lang = props.lang;
    let mark = |kind: SpanKind| {
        let range = props.range.clone();
        let on_action = props.on_action.clone();
        move || {
            on_action.emit(Action::Mark {
                range: range.clone(),
                kind,
            });
            browser::clear_selection();
        }
    };
    // Marked on pointer down: a tap on a touch screen would first clear the selection. The
    // click that follows finds it marked; Enter on a focused button is a click.
    let button =
        |testid: &'static str, zh: &'static str, en: &'static str, key: &'static str, kind| {
            let on_down = {
                let mark = mark(kind);
                Callback::from(move |event: PointerEvent| {
                    event.prevent_default();
                    if event.button() <= 0 {
                        mark();
                    }
                })
            };
            let on_click = {
                let mark = mark(kind);
                Callback::from(move |event: MouseEvent| {
                    // A pointer's click was handled on pointer down; a keyboard's has no pointer.
                    if event.detail() == 0 {
                        mark();
                    }
                })
            };
            html! {
                <button type="button" data-testid={testid} onpointerdown={on_down}
                    onmousedown={Callback::from(|event: MouseEvent| event.prevent_default())}
                    onclick={on_click} title={format!("{} ({key})", lang.pick(zh, en))}>
                    { lang.pick(zh, en) }<kbd>{key}</kbd>
                </button>
            }
        };
    html! {
        <>
            { button("mark-candidate", "候选", "Candidate", "c", SpanKind::Candidate) }
            { button("mark-member", "成员", "Member", "a", SpanKind::Member) }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectionMarksProps {
    /// The document's text (`article.document`), which the buttons are placed in.
    pub container: NodeRef,
}

/// Follows the page's text selection (its bytes go to the state; its box, geometry read from
/// the DOM, stays here) and floats the mark buttons under it. On a touch screen, a long press
/// on a character selects the word-sized piece there ([`word_at`]), with the browser's handles
/// to adjust it.
#[function_component(SelectionMarks)]
pub fn selection_marks(props: &SelectionMarksProps) -> Html {
    let state = use_context::<AppContext>().expect("SelectionMarks is inside App");
    let place = use_state(|| None::<(Rect, f64)>);
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    {
        let container = props.container.clone();
        let place = place.clone();
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let on_change = {
                let container = container.clone();
                let latest = latest.clone();
                selecting::on_selection_change(move |_| {
                    let state = latest.borrow().clone();
                    let range = browser::selected_text_range()
                        .and_then(|(line, start, end)| line_piece(&state.doc, line, start, end))
                        .filter(|r| r.start < r.end);
                    let element = container.cast::<web_sys::Element>();
                    let measured = range.as_ref().and(element).and_then(|element| {
                        let rect = selecting::selection_rect_in(&element)?;
                        Some((rect, f64::from(element.client_width())))
                    });
                    place.set(measured);
                    state.dispatch(Action::SelectText(range));
                })
            };
            let presses = container
                .cast::<web_sys::Element>()
                .map(|element| long_presses(&element, latest));
            move || drop((on_change, presses))
        });
    }
    let range = state.text_selection.clone();
    let (Some(range), Some((rect, width))) = (range, *place) else {
        return html! {};
    };
    let left = rect.x.min(width - BUTTONS_PX).max(0.0);
    let top = rect.y + rect.height + 6.0;
    let on_action = {
        let state = state.clone();
        Callback::from(move |action| state.dispatch(action))
    };
    html! {
        <div class="selection-marks" role="toolbar" lang={state.lang.code()}
            aria-label={state.lang.pick("标注选中的文字", "Mark the selected text")}
            style={format!("left:{left:.0}px;top:{top:.0}px")}>
            <MarkButtons lang={state.lang} {range} {on_action} />
        </div>
    }
}

/// The listeners that turn a finger resting on a character into a selection of the piece
/// there. `press` counts presses: a timer fires only for the press it was started for.
fn long_presses(
    element: &web_sys::Element,
    latest: Rc<std::cell::RefCell<AppContext>>,
) -> Vec<browser::Listener> {
    let press = Rc::new(Cell::new(0u64));
    let start = Rc::new(Cell::new((0.0, 0.0)));
    let fired = Rc::new(Cell::new(false));
    let target: &web_sys::EventTarget = element.as_ref();
    let down = {
        let (press, start, fired) = (press.clone(), start.clone(), fired.clone());
        browser::Listener::new(target, "pointerdown", move |event| {
            press.set(press.get() + 1);
            fired.set(false);
            if !selecting::is_touch(&event) || browser::span_of(event.target()).is_some() {
                return;
            }
            let Some(at) = selecting::pointer_at(&event) else {
                return;
            };
            start.set(at);
            let (press, fired, latest) = (press.clone(), fired.clone(), latest.clone());
            let this = press.get();
            wasm_bindgen_futures::spawn_local(async move {
                yew::platform::time::sleep(Duration::from_millis(LONG_PRESS_MS)).await;
                if press.get() == this && select_piece_at(&latest.borrow(), at) {
                    fired.set(true);
                }
            });
        })
    };
    let moved = {
        let (press, start) = (press.clone(), start.clone());
        browser::Listener::new(target, "pointermove", move |event| {
            let (x0, y0) = start.get();
            if let Some((x, y)) = selecting::pointer_at(&event) {
                if (x - x0).hypot(y - y0) > PRESS_SLOP_PX {
                    press.set(press.get() + 1);
                }
            }
        })
    };
    let ended = |name| {
        let press = press.clone();
        browser::Listener::new(target, name, move |_| press.set(press.get() + 1))
    };
    // The browser's own long-press menu would cover the piece just selected.
    let menu = browser::Listener::new(target, "contextmenu", move |event| {
        if fired.get() {
            event.prevent_default();
        }
    });
    vec![
        down,
        moved,
        ended("pointerup"),
        ended("pointercancel"),
        menu,
    ]
}

/// Selects the word-sized piece at the viewport point `at`; whether there was text there.
fn select_piece_at(state: &AppContext, (x, y): (f64, f64)) -> bool {
    let Some((line, units)) = selecting::text_offset_at(x, y) else {
        return false;
    };
    let Some(line_range) = state.doc.lines.get(line).map(|l| l.range.clone()) else {
        return false;
    };
    let Some(at) = line_piece(&state.doc, line, units, units).map(|r| r.start) else {
        return false;
    };
    let text = &state.doc.text[line_range.clone()];
    let Some(piece) = word_at(text, at - line_range.start) else {
        return false;
    };
    let utf16 = |bytes: usize| text[..bytes].encode_utf16().count();
    selecting::select_in_line(line + 1, utf16(piece.start), utf16(piece.end))
}
