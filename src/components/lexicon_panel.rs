use std::rc::Rc;

use connectives_core::lexicon::Lexicon;
use yew::prelude::*;

use crate::i18n::{relation_name, Lang};

#[derive(Properties, PartialEq)]
pub struct LexiconPanelProps {
    pub lang: Lang,
    pub lexicon: Rc<Lexicon>,
    /// The imported file's name; `None` for the built-in lexicon.
    pub name: Option<String>,
    /// Called with the file input once the user chose a file.
    pub on_import: Callback<web_sys::HtmlInputElement>,
    pub on_export: Callback<()>,
    pub on_reset: Callback<()>,
}

/// The lexicon in use: which one, how many pairs and relations; import one of one's own,
/// export it, go back to the built-in one. The DOM contract: `lexicon-import` (the file
/// input), `lexicon-export`, `lexicon-reset`, `lexicon-name` (`data-builtin`).
#[function_component(LexiconPanel)]
pub fn lexicon_panel(props: &LexiconPanelProps) -> Html {
    let lang = props.lang;
    let pairs = props.lexicon.entries.len();
    let relations = props.lexicon.relation_set();
    let which = match &props.name {
        None => lang.pick("内置词表", "Built-in lexicon").to_string(),
        Some(name) => name.clone(),
    };
    let size = match lang {
        Lang::Zh => format!("{pairs} 对 · {} 种关系", relations.len()),
        Lang::En => format!(
            "{pairs} {} · {} {}",
            Lang::noun(pairs, "pair", "pairs"),
            relations.len(),
            Lang::noun(relations.len(), "relation", "relations")
        ),
    };
    let names: Vec<String> = relations
        .iter()
        .map(|r| relation_name(r, lang).to_string())
        .collect();
    html! {
        <section class="panel lexicon" aria-labelledby="lexicon-heading">
            <h2 id="lexicon-heading">{ lang.pick("词表", "Lexicon") }</h2>
            <p>
                <b data-testid="lexicon-name" data-builtin={props.name.is_none().to_string()}>{ which }</b>
                {" · "}<span data-testid="lexicon-size">{ size }</span>
            </p>
            <p class="hint relations" lang={lang.code()}>{ names.join(" · ") }</p>
            <div class="buttons">
                <label class="button file-button">
                    { lang.pick("导入…", "Import…") }
                    <input type="file" data-testid="lexicon-import"
                        aria-label={lang.pick("选择词表文件（CSV 或 TSV）", "Choose a lexicon file (CSV or TSV)")}
                        accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
                        onchange={props.on_import.reform(|event: Event| event.target_unchecked_into::<web_sys::HtmlInputElement>())} />
                </label>
                <button type="button" data-testid="lexicon-export"
                    onclick={props.on_export.reform(|_: MouseEvent| ())}>
                    { lang.pick("导出 CSV", "Export CSV") }
                </button>
                <button type="button" data-testid="lexicon-reset" disabled={props.name.is_none()}
                    onclick={props.on_reset.reform(|_: MouseEvent| ())}>
                    { lang.pick("恢复内置词表", "Use the built-in") }
                </button>
            </div>
            <p class="hint">{ lang.pick(
                "每行一对：前词,后词,关系（CSV 或 TSV；多个关系用 | 分隔，常见的先写）。用于建议、统计、课堂展示和测验。",
                "One pair a row: first,second,relation (CSV or TSV; several relations separated by |, most frequent first). Used by suggestions, statistics, the stage and the quiz.") }</p>
        </section>
    }
}
