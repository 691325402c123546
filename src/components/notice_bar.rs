use yew::prelude::*;

use crate::i18n::Lang;
use crate::state::Notice;

#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub notice: Option<Notice>,
    pub lang: Lang,
    pub on_dismiss: Callback<()>,
}

/// The current notice, announced to screen readers; errors in the error style.
#[function_component(NoticeBar)]
pub fn notice_bar(props: &NoticeBarProps) -> Html {
    let Some(notice) = &props.notice else {
        return html! {};
    };
    let (class, role, text) = match notice {
        Notice::Info(text) => ("notice info", "status", text),
        Notice::Error(text) => ("notice error", "alert", text),
    };
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div {class} {role} data-testid="notice">
            <span class="notice-text">{text.clone()}</span>
            <button type="button" class="dismiss" onclick={dismiss}
                aria-label={props.lang.pick("关闭", "Dismiss")}>{"×"}</button>
        </div>
    }
}
