use std::ops::Range;
use std::rc::Rc;

use connectives_core::lexicon::{Lexicon, Suggestion};
use connectives_core::{Document, SpanId, SpanKind};
use yew::prelude::*;

use super::line_view::describe_span;
use super::selection_marks::MarkButtons;
use crate::i18n::Lang;
use crate::pair_numbers::PairNumbers;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct EditPanelProps {
    pub doc: Rc<Document>,
    /// The page's lexicon: it suggests partners and names relations.
    #[prop_or_else(crate::lexicon::builtin)]
    pub lexicon: Rc<Lexicon>,
    pub numbers: Rc<PairNumbers>,
    pub lang: Lang,
    pub selected: Option<SpanId>,
    pub linking: Option<SpanId>,
    /// The text selected in the document (bytes of one line), which can be marked.
    #[prop_or_default]
    pub text_selection: Option<Range<usize>>,
    pub can_undo: bool,
    pub can_redo: bool,
    /// How the document is kept in the browser, in words.
    pub storage: String,
    pub storage_failed: bool,
    pub on_action: Callback<Action>,
}

/// The chosen span and what can be done with it, partner suggestions, undo and redo, and
/// whether the work is saved.
#[function_component(EditPanel)]
pub fn edit_panel(props: &EditPanelProps) -> Html {
    let lang = props.lang;
    let doc = &props.doc;
    let act = |make: fn() -> Action| props.on_action.reform(move |_: MouseEvent| make());
    let button = |testid: &'static str,
                  zh: &'static str,
                  en: &'static str,
                  key: &'static str,
                  make: fn() -> Action| {
        html! {
            <button type="button" data-testid={testid} onclick={act(make)}
                title={format!("{} ({key})", lang.pick(zh, en))}>
                { lang.pick(zh, en) }<kbd>{key}</kbd>
            </button>
        }
    };
    let selected = props.selected.filter(|&id| id < doc.spans.len());
    let text_selection = props.text_selection.clone().filter(|r| {
        r.end <= doc.text.len()
            && doc.text.is_char_boundary(r.start)
            && doc.text.is_char_boundary(r.end)
    });
    let marking = text_selection.map(|range| {
        html! {
            <div class="text-selection" data-testid="text-selection">
                <p><b lang="zh">{ format!("「{}」", &doc.text[range.clone()]) }</b>{" "}
                    { lang.pick("已选中，标为：", "selected; mark it as:") }</p>
                <div class="edit-buttons">
                    <MarkButtons {lang} {range} on_action={props.on_action.clone()} />
                </div>
            </div>
        }
    });
    let body = match selected {
        None if marking.is_some() => html! {},
        None => html! {
            <p class="hint" data-testid="edit-hint">{ lang.pick(
                "选中文字（用鼠标拖选，或在触摸屏上长按），再点“候选”或“成员”，或按 c / a；点击关联词可修改它。只用键盘：按 / 搜索文字，按 n 到达，再按 c 或 a。",
                "Select text (drag with the mouse, or press and hold on a touch screen), then choose Candidate or Member, or press c / a; click a connective to change it. Keyboard only: press / to find the text, n to reach it, then c or a.") }</p>
        },
        Some(id) => {
            let span = &doc.spans[id];
            let text = doc.span_text(id).to_string();
            let what = describe_span(doc, &props.lexicon, &props.numbers, id, lang);
            let suggestions = if span.kind == SpanKind::Member && span.pair.is_none() {
                props.lexicon.suggest_partners(doc, id)
            } else {
                Vec::new()
            };
            let suggestion_items = suggestions
                .iter()
                .take(5)
                .enumerate()
                .map(|(i, suggestion)| {
                    let (text, offset) = match suggestion {
                        Suggestion::Span(other) => (
                            doc.span_text(*other).to_string(),
                            doc.spans[*other].range.start,
                        ),
                        Suggestion::Text(range) => {
                            (doc.text[range.clone()].to_string(), range.start)
                        }
                    };
                    let line = doc.lines.partition_point(|l| l.range.end < offset) + 1;
                    html! {
                        <li>
                            { format!("「{text}」 · {} {line}", lang.pick("行", "line")) }
                            if i == 0 {
                                <button type="button" data-testid="accept-suggestion"
                                    onclick={act(|| Action::AcceptSuggestion)}>
                                    { lang.pick("接受", "Accept") }<kbd>{"s"}</kbd>
                                </button>
                            }
                        </li>
                    }
                });
            html! {
                <>
                    <p class="selected-span" data-testid="selected-span">
                        <b lang="zh">{ format!("「{text}」") }</b>{" "}{ what }
                    </p>
                    <div class="edit-buttons">
                        { button("make-candidate", "候选", "Candidate", "c", || Action::SetKind(SpanKind::Candidate)) }
                        { button("make-member", "成员", "Member", "a", || Action::SetKind(SpanKind::Member)) }
                        { button("remove-span", "删除", "Remove", "Del", || Action::Remove) }
                        if span.kind == SpanKind::Member {
                            { button("link", "连接", "Link", "l", || Action::StartLink) }
                        }
                        if span.pair.is_some() {
                            { button("unlink", "解除配对", "Unlink", "u", || Action::Unlink) }
                        }
                    </div>
                    if props.linking.is_some() {
                        <p class="linking-hint" role="status">{ lang.pick(
                            "连接中：请选择搭档成员（点击，或 j/k 后按 Enter），Esc 取消。",
                            "Linking: choose the partner member (click it, or j/k then Enter); Esc cancels.") }</p>
                    }
                    if !suggestions.is_empty() {
                        <div class="suggestions" data-testid="suggestions">
                            <h3>{ lang.pick("可能的搭档", "Likely partners") }</h3>
                            <ol>{ for suggestion_items }</ol>
                        </div>
                    }
                </>
            }
        }
    };
    html! {
        <section class="panel edit-panel" aria-label={lang.pick("标注", "Annotate")}>
            <h2>{ lang.pick("标注", "Annotate") }</h2>
            { for marking }
            { body }
            <div class="history-buttons">
                <button type="button" data-testid="undo" disabled={!props.can_undo}
                    onclick={act(|| Action::Undo)} title="Ctrl+Z">{ lang.pick("撤销", "Undo") }</button>
                <button type="button" data-testid="redo" disabled={!props.can_redo}
                    onclick={act(|| Action::Redo)} title="Ctrl+Shift+Z / Ctrl+Y">{ lang.pick("重做", "Redo") }</button>
                <span class={classes!("storage-status", props.storage_failed.then_some("failed"))}
                    data-testid="storage-status" role="status">{ props.storage.clone() }</span>
            </div>
        </section>
    }
}
