use yew::prelude::*;

use crate::browser::storage::SavedSummary;
use crate::components::versions::local_time;
use crate::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct RecentProps {
    pub lang: Lang,
    pub documents: Vec<SavedSummary>,
    /// The id of the document that is open.
    pub current: Option<String>,
    /// The id of the corpus that is open.
    pub corpus: Option<String>,
    pub on_open: Callback<String>,
    pub on_forget: Callback<String>,
}

/// When a document was saved and how many edits were saved with it: `10:42 · 1 edit`.
pub fn edits_words(lang: Lang, when: &str, edits: usize) -> String {
    match (lang, edits) {
        (Lang::Zh, 0) => format!("{when} · 未修改"),
        (Lang::Zh, n) => format!("{when} · {n} 处修改"),
        (Lang::En, 0) => format!("{when} · not edited"),
        (Lang::En, n) => format!("{when} · {n} {}", Lang::noun(n, "edit", "edits")),
    }
}

/// A corpus in the recent list: `10:42 · corpus of 12 documents, 3 done`.
pub fn corpus_words(lang: Lang, when: &str, documents: usize, done: usize) -> String {
    match lang {
        Lang::Zh => format!("{when} · 语料 {documents} 篇，已完成 {done} 篇"),
        Lang::En => format!(
            "{when} · corpus of {documents} {}, {done} done",
            Lang::noun(documents, "document", "documents")
        ),
    }
}

/// The documents and corpora kept in this browser, newest first: reopen one, or forget it.
#[function_component(Recent)]
pub fn recent(props: &RecentProps) -> Html {
    let lang = props.lang;
    if props.documents.is_empty() {
        return html! {};
    }
    html! {
        <section class="panel recent" aria-label={lang.pick("最近的文档", "Recent documents")}>
            <h2>{ lang.pick("最近的文档", "Recent documents") }</h2>
            <ul data-testid="recent-list">
                { for props.documents.iter().map(|doc| {
                    let is_current = props.current.as_deref() == Some(doc.id.as_str())
                        || props.corpus.as_deref() == Some(doc.id.as_str());
                    let open = { let id = doc.id.clone(); props.on_open.reform(move |_: MouseEvent| id.clone()) };
                    let forget = { let id = doc.id.clone(); props.on_forget.reform(move |_: MouseEvent| id.clone()) };
                    let when = local_time(doc.saved_at);
                    html! {
                        <li class={classes!(is_current.then_some("current"))}>
                            <button type="button" class="recent-open" onclick={open} disabled={is_current}
                                data-testid="recent-open" title={doc.name.clone()}>
                                <span class="recent-name">{ doc.name.clone() }</span>
                                if let Some((documents, done)) = doc.corpus {
                                    <span class="recent-meta" data-testid="recent-corpus">
                                        { corpus_words(lang, &when, documents, done) }</span>
                                } else {
                                    <span class="recent-meta" data-testid="recent-edits"
                                        data-edits={doc.edits.to_string()}>{ edits_words(lang, &when, doc.edits) }</span>
                                }
                            </button>
                            if !is_current {
                                <button type="button" class="recent-forget" onclick={forget} data-testid="recent-forget"
                                    aria-label={format!("{} {}", lang.pick("从本浏览器删除", "Forget"), doc.name)}>{"×"}</button>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
