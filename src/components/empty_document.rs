use yew::prelude::*;

use crate::autosave::AppContext;
use crate::browser;
use crate::state::{Action, Notice};

/// What an empty document (no text, or only blank lines) shows instead of its lines: that it is
/// empty, and the ways to get text in: open a file, paste (a button that reads the clipboard
/// where the browser allows it, and a box to paste into, which works everywhere).
#[function_component(EmptyDocument)]
pub fn empty_document() -> Html {
    let state = use_context::<AppContext>().expect("EmptyDocument is inside App");
    let lang = state.lang;
    let on_open = Callback::from(|_: MouseEvent| browser::choose_file());
    let on_paste = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::clipboard_text().await {
                    Ok(text) if !text.trim().is_empty() => {
                        crate::app::open_pasted(&state, text).await
                    }
                    Ok(_) => state.dispatch(Action::Notify(Notice::Info(
                        lang.pick("剪贴板里没有文字。", "The clipboard holds no text.")
                            .to_string(),
                    ))),
                    Err(_) => state.dispatch(Action::Notify(Notice::Info(
                        lang.pick(
                            "浏览器不允许本页读取剪贴板：请按 Ctrl+V，或粘贴到下面的框里。",
                            "The browser does not let the page read the clipboard: press Ctrl+V, or paste into the box below.",
                        )
                        .to_string(),
                    ))),
                }
            });
        })
    };
    let on_paste_box = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            if let Some(text) = browser::pasted_text(&event) {
                event.prevent_default();
                let state = state.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    crate::app::open_pasted(&state, text).await;
                });
            }
        })
    };
    html! {
        <section class="empty-document" data-testid="empty-document" lang={lang.code()}>
            <h2>{ lang.pick("这个文档是空的", "This document is empty") }</h2>
            <p>{ match lang {
                crate::i18n::Lang::Zh => format!("{} 里没有文字。请打开一个带标注的文本文件，或粘贴文字。", state.name),
                crate::i18n::Lang::En => format!("{} has no text. Open a tagged text file, or paste text.", state.name),
            } }</p>
            <div class="empty-actions">
                <button type="button" data-testid="empty-open" onclick={on_open}>
                    { lang.pick("打开…", "Open…") }</button>
                <button type="button" data-testid="empty-paste" onclick={on_paste}>
                    { lang.pick("粘贴", "Paste") }</button>
            </div>
            <textarea class="paste-box" data-testid="paste-box" rows="3" onpaste={on_paste_box}
                aria-label={lang.pick("粘贴文字", "Paste text")}
                placeholder={lang.pick("或把文字粘贴到这里（Ctrl+V）", "or paste text here (Ctrl+V)")} />
        </section>
    }
}
