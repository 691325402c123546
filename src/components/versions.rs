use yew::prelude::*;

use crate::i18n::Lang;
use crate::stored::VersionSummary;

#[derive(Properties, PartialEq)]
pub struct VersionsProps {
    pub lang: Lang,
    /// Newest first.
    pub versions: Vec<VersionSummary>,
    /// Called with the time of the version to restore.
    pub on_restore: Callback<f64>,
}

/// "MM-DD HH:MM" in local time.
pub fn local_time(ms: f64) -> String {
    let when = js_sys::Date::new(&ms.into());
    format!(
        "{:02}-{:02} {:02}:{:02}",
        when.get_month() + 1,
        when.get_date(),
        when.get_hours(),
        when.get_minutes()
    )
}

/// The earlier versions the browser keeps of the open document, each with its time, why it
/// was kept and its counts; restoring one is an edit that undo takes back.
#[function_component(Versions)]
pub fn versions(props: &VersionsProps) -> Html {
    let lang = props.lang;
    html! {
        <details class="panel versions" data-testid="versions">
            <summary>{ format!("{} ({})", lang.pick("历史版本", "Versions"), props.versions.len()) }</summary>
            if props.versions.is_empty() {
                <p class="empty">{ lang.pick(
                    "还没有较早的版本：编辑后，开始编辑前的文档和每十分钟的文档都会保存在这里。",
                    "No earlier version yet: once you edit, the document as it was before and every ten minutes of editing are kept here.",
                ) }</p>
            } else {
                <ol class="version-list">
                    { for props.versions.iter().map(|v| {
                        let at = v.saved_at;
                        let restore = props.on_restore.reform(move |_: MouseEvent| at);
                        let counts = match lang {
                            Lang::Zh => format!("候选 {} · 成员 {} · 配对 {}", v.candidates, v.members, v.pairs),
                            Lang::En => format!("{} {} · {} {} · {} {}",
                                v.candidates, Lang::noun(v.candidates, "candidate", "candidates"),
                                v.members, Lang::noun(v.members, "member", "members"),
                                v.pairs, Lang::noun(v.pairs, "pair", "pairs")),
                        };
                        html! {
                            <li data-version={at.to_string()}>
                                <span class="version-when">{ local_time(at) }</span>
                                <span class="version-why">{ v.reason.words(lang) }</span>
                                <span class="version-counts">{ counts }</span>
                                <button type="button" data-testid="restore-version" onclick={restore}>
                                    { lang.pick("恢复", "Restore") }</button>
                            </li>
                        }
                    }) }
                </ol>
            }
        </details>
    }
}
