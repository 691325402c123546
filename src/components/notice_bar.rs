use yew::prelude::*;

use crate::i18n::Lang;
use crate::state::{Notice, Offer};

#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub notice: Option<Notice>,
    pub lang: Lang,
    pub on_dismiss: Callback<()>,
    /// A button of the notice was pressed.
    pub on_offer: Callback<Offer>,
}

/// The label and test id of a notice's button.
fn offer_words(offer: &Offer, lang: Lang) -> (String, &'static str) {
    match offer {
        Offer::UndoForget => (lang.pick("撤销", "Undo").to_string(), "undo-forget"),
        Offer::Reopen { name, .. } => (
            format!("{} {name}", lang.pick("重新打开", "Reopen")),
            "reopen-replaced",
        ),
        Offer::LoadNewer => (
            lang.pick("载入较新的版本", "Load the newer version")
                .to_string(),
            "conflict-load-newer",
        ),
        Offer::KeepMine => (
            lang.pick("把我的副本另存为新文档", "Keep mine as a separate document")
                .to_string(),
            "conflict-keep-mine",
        ),
        Offer::UndoRestore => (lang.pick("撤销", "Undo").to_string(), "undo-restore"),
        Offer::Suggest => (
            lang.pick("建议关联词", "Suggest its connectives")
                .to_string(),
            "offer-suggest",
        ),
    }
}

/// The current notice, announced to screen readers; errors in the error style; its buttons
/// take back what just happened or make a choice. It floats at the foot of the screen, so it
/// never moves the text; a notice that is only information fades by itself (a CSS animation,
/// paused while the pointer or the focus is on it) and is dismissed when the animation ends.
#[function_component(NoticeBar)]
pub fn notice_bar(props: &NoticeBarProps) -> Html {
    let Some(notice) = &props.notice else {
        return html! {};
    };
    let (class, role) = match notice {
        Notice::Info(_) => ("notice info", "status"),
        Notice::Error(_) => ("notice error", "alert"),
        Notice::Offer { warning: true, .. } => ("notice error", "alert"),
        Notice::Offer { .. } => ("notice info", "status"),
    };
    let offers = match notice {
        Notice::Offer { offers, .. } => offers.as_slice(),
        _ => &[],
    };
    let fades = matches!(notice, Notice::Info(_));
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let faded = props.on_dismiss.reform(|_: AnimationEvent| ());
    html! {
        // Keyed by its text, so that a new notice starts its own time.
        <div key={notice.text().to_string()} class={classes!(class, fades.then_some("fades"))} {role}
            data-testid="notice" onanimationend={fades.then_some(faded)}>
            <span class="notice-text">{notice.text().to_string()}</span>
            { for offers.iter().map(|offer| {
                let (label, testid) = offer_words(offer, props.lang);
                let onclick = { let offer = offer.clone(); props.on_offer.reform(move |_: MouseEvent| offer.clone()) };
                html! { <button type="button" class="notice-action" data-testid={testid} {onclick}>{label}</button> }
            }) }
            <button type="button" class="dismiss" onclick={dismiss}
                aria-label={props.lang.pick("关闭", "Dismiss")}>{"×"}</button>
        </div>
    }
}
