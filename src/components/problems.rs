use std::rc::Rc;

use connectives_core::{Document, Severity};
use yew::prelude::*;

use crate::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub doc: Rc<Document>,
    pub lang: Lang,
    pub chosen: Option<usize>,
    /// Called with the index of the diagnostic the user chose.
    pub on_choose: Callback<usize>,
}

/// Every diagnostic as `line:col message`; choosing one shows its place in the text.
#[function_component(Problems)]
pub fn problems(props: &ProblemsProps) -> Html {
    let diagnostics = &props.doc.diagnostics;
    let lang = props.lang;
    html! {
        <section class="panel problems" aria-labelledby="problems-heading">
            <h2 id="problems-heading">{ lang.pick("问题", "Problems") }
                <span class="badge" data-testid="problems-count">{diagnostics.len()}</span></h2>
            if diagnostics.is_empty() {
                <p class="empty">{ lang.pick("没有问题：标记格式正确。", "No problems: the markup is well formed.") }</p>
            } else {
                <ol class="problem-list" data-testid="problem-list">
                    { for diagnostics.iter().enumerate().map(|(index, d)| {
                        let on_click = props.on_choose.reform(move |_: MouseEvent| index);
                        let severity = d.severity();
                        let (icon, label) = match severity {
                            Severity::Error => ("✖", lang.pick("错误", "error")),
                            Severity::Warning => ("⚠", lang.pick("警告", "warning")),
                        };
                        let class = classes!("problem-item", severity.as_str(),
                            (props.chosen == Some(index)).then_some("chosen"));
                        html! {
                            <li {class}>
                                <button type="button" onclick={on_click} data-problem={index.to_string()}>
                                    <span class="severity" aria-label={label} title={label}>{icon}</span>
                                    <span class="where">{format!("{}:{}", d.line, d.column)}</span>
                                    <span class="message">{ match lang {
                                        Lang::Zh => d.kind.message_zh(),
                                        Lang::En => d.kind.message(),
                                    } }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}
