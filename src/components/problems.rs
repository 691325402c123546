use std::rc::Rc;

use connectives_core::{Diagnostic, Document, Severity};
use yew::prelude::*;

use crate::browser;
use crate::i18n::Lang;
use crate::window::{fixed_rows_in, scroll_to_show};

/// Up to this many problems the list renders them all; beyond, only the rows in view.
pub const LIST_FULL_LIMIT: usize = 200;
/// The height of a row of a windowed list in CSS pixels (the stylesheet fixes it to this).
const ROW_PX: f64 = 32.0;
/// Rows rendered above and below the box, so that scrolling shows no gap.
const OVERSCAN_ROWS: usize = 20;

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
    let windowed = total > LIST_FULL_LIMIT;
    let list = use_node_ref();
    // The list's scroll position and height.
    let view = use_state(|| (0.0f64, 600.0f64));

    // A new document starts at the top of its list.
    {
        let list = list.clone();
        let view = view.clone();
        use_effect_with(Rc::as_ptr(&props.doc) as usize, move |_| {
            if let Some(element) = list.cast::<web_sys::Element>() {
                browser::set_scroll_top(&element, 0.0);
                let (_, height, _) = browser::scroll_metrics(&element);
                view.set((0.0, height));
            }
        });
    }
    // The chosen problem (from the text, or by `e`/`E`) is scrolled into view.
    {
        let list = list.clone();
        let view = view.clone();
        use_effect_with(props.chosen, move |chosen| {
            let (Some(index), Some(element)) = (*chosen, list.cast::<web_sys::Element>()) else {
                return;
            };
            if !windowed {
                return;
            }
            let (top, height, _) = browser::scroll_metrics(&element);
            let next = scroll_to_show(index, ROW_PX, top, height);
            if next != top {
                browser::set_scroll_top(&element, next);
            }
            view.set((next, height));
        });
    }
    // The list never shows more than a window's height, whatever its box says.
    let in_view = move |top: f64, height: f64| {
        fixed_rows_in(
            top,
            height.min(browser::window_height()),
            ROW_PX,
            total,
            OVERSCAN_ROWS,
        )
    };
    let rows = if windowed {
        in_view(view.0, view.1)
    } else {
        0..total
    };
    let on_scroll = {
        let view = view.clone();
        let current = rows.clone();
        Callback::from(move |event: Event| {
            let Some(element) = event.target_dyn_into::<web_sys::Element>() else {
                return;
            };
            let (top, height, _) = browser::scroll_metrics(&element);
            // Re-render only when other rows come into view.
            if windowed && in_view(top, height) != current {
                view.set((top, height));
            }
        })
    };
    // Spacers stand for the rows not rendered (padding would count in the box's own height).
    let spacer = |rows: usize| {
        (windowed && rows > 0).then(|| {
            let style = format!("height:{:.0}px", rows as f64 * ROW_PX);
            html! { <li class="spacer" role="presentation" aria-hidden="true" {style}></li> }
        })
    };
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
                    data-testid="problem-list" ref={list} onscroll={on_scroll}>
                    { for spacer(rows.start) }
                    { for rows.clone().map(|index| row(index, &diagnostics[index])) }
                    { for spacer(total - rows.end) }
                </ol>
            }
        </section>
    }
}
