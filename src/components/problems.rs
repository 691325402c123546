use std::rc::Rc;

use connectives_core::{Diagnostic, Document, Severity};
use yew::prelude::*;

use super::windowed_rows::use_windowed_rows;
use crate::i18n::Lang;

/// Up to this many problems the list renders them all; beyond, only the rows in view.
pub const LIST_FULL_LIMIT: usize = 200;
/// The height of a row of a windowed list in CSS pixels (the stylesheet fixes it to this).
const ROW_PX: f64 = 32.0;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub doc: Rc<Document>,
    pub lang: Lang,
    pub chosen: Option<usize>,
    /// Called with the index of the diagnostic the user chose.
    pub on_choose: Callback<usize>,
}

/// Every diagnostic as `line:col message`; choosing one shows its place in the text. Beyond
/// [`LIST_FULL_LIMIT`] problems the list is windowed: rows have one height, only those in view
/// are rendered, and the chosen one is scrolled into view.
#[function_component(Problems)]
pub fn problems(props: &ProblemsProps) -> Html {
    let diagnostics = &props.doc.diagnostics;
    let lang = props.lang;
    let total = diagnostics.len();
    let list = use_node_ref();
    let window = use_windowed_rows(
        list.clone(),
        total,
        LIST_FULL_LIMIT,
        ROW_PX,
        Rc::as_ptr(&props.doc) as usize,
        props.chosen,
    );
    let windowed = window.windowed;
    let row = |index: usize, d: &Diagnostic| {
        let on_click = props.on_choose.reform(move |_: MouseEvent| index);
        let severity = d.severity();
        let (icon, label) = match severity {
            Severity::Error => ("✖", lang.pick("错误", "error")),
            Severity::Warning => ("⚠", lang.pick("警告", "warning")),
        };
        let class = classes!(
            "problem-item",
            severity.as_str(),
            (props.chosen == Some(index)).then_some("chosen")
        );
        let message = match lang {
            Lang::Zh => d.kind.message_zh(),
            Lang::En => d.kind.message(),
        };
        let place = format!("{}:{}", d.line, d.column);
        // A windowed row shows one line of its message; the whole of it is the tooltip.
        let title = windowed.then(|| format!("{place} {message}"));
        html! {
            <li {class} key={index} aria-posinset={(index + 1).to_string()}
                aria-setsize={total.to_string()}>
                <button type="button" onclick={on_click} data-problem={index.to_string()} {title}>
                    <span class="severity" aria-label={label} title={label}>{icon}</span>
                    <span class="where">{place}</span>
                    <span class="message">{message}</span>
                </button>
            </li>
        }
    };
    html! {
        <section class="panel problems" aria-labelledby="problems-heading">
            <h2 id="problems-heading">{ lang.pick("问题", "Problems") }
                <span class="badge" data-testid="problems-count">{total}</span></h2>
            if diagnostics.is_empty() {
                <p class="empty">{ lang.pick("没有问题：标记格式正确。", "No problems: the markup is well formed.") }</p>
            } else {
                <ol class={classes!("problem-list", windowed.then_some("windowed"))}
                    data-testid="problem-list" ref={list} onscroll={window.on_scroll.clone()}>
                    { for window.before() }
                    { for window.rows.clone().map(|index| row(index, &diagnostics[index])) }
                    { for window.after() }
                </ol>
            }
        </section>
    }
}
