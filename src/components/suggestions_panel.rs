use std::rc::Rc;

use connectives_core::Document;
use yew::prelude::*;

use crate::i18n::Lang;
use crate::state::Action;
use crate::suggesting::Suggesting;

#[derive(Properties, PartialEq)]
pub struct SuggestionsPanelProps {
    pub lang: Lang,
    pub doc: Rc<Document>,
    pub suggesting: Option<Rc<Suggesting>>,
    /// While comparing, suggestions wait: both draw over the unmarked text.
    pub comparing: bool,
    pub on_action: Callback<Action>,
}

/// A fraction as the page writes it, `0.80`: from its hundredths, without float formatting.
fn hundredths(x: f32) -> String {
    let n = (x.clamp(0.0, 1.0) * 100.0).round() as u32;
    format!("{}.{:02}", n / 100, n % 100)
}

/// A confidence in whole percent, rounded down: the model is never certain, and 99.7 % must
/// not read as 100.
pub fn percent(confidence: f32) -> u32 {
    (confidence.clamp(0.0, 1.0) * 100.0).floor() as u32
}

/// Suggestions: Suggest, then step through them and accept or reject each, or accept all at or
/// above a confidence. The DOM contract: `suggest`, `suggestions-left` (`data-count`),
/// `accept-suggestion-one`, `reject-suggestion`, `accept-suggestions-above`,
/// `suggestion-threshold`, `next-suggestion`, `prev-suggestion`, `end-suggesting`.
#[function_component(SuggestionsPanel)]
pub fn suggestions_panel(props: &SuggestionsPanelProps) -> Html {
    let lang = props.lang;
    let act = |make: fn() -> Action| props.on_action.reform(move |_: MouseEvent| make());
    let Some(suggesting) = &props.suggesting else {
        return html! {
            <section class="panel suggestions" aria-labelledby="suggestions-heading">
                <h2 id="suggestions-heading">{ lang.pick("建议", "Suggestions") }</h2>
                <button type="button" data-testid="suggest" disabled={props.comparing}
                    onclick={act(|| Action::Suggest)}>
                    { lang.pick("建议关联词", "Suggest connectives") }</button>
                <p class="hint">{ lang.pick(
                    "找出未标注文字中可能的关联词和配对，逐个采纳或拒绝；文档在采纳前不变。",
                    "Finds likely connectives and pairs in the unmarked text, to accept or reject one by one; the document changes only when you accept.") }</p>
            </section>
        };
    };
    let spans = &suggesting.suggestions.spans;
    let left = spans.len();
    let focused = suggesting.focus.and_then(|i| spans.get(i));
    let above = suggesting.above_threshold();
    let on_threshold = props.on_action.reform(|event: InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        let value = input.value().trim().replace(',', ".");
        Action::SuggestedThreshold(value.parse().unwrap_or(1.0))
    });
    html! {
        <section class="panel suggestions active" aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">{ lang.pick("建议", "Suggestions") }</h2>
            <p data-testid="suggestions-left" data-count={left.to_string()}
                data-accepted={suggesting.accepted.to_string()} role="status">
                { match lang {
                    Lang::Zh => format!("还有 {left} 个建议 · 已采纳 {}", suggesting.accepted),
                    Lang::En => format!("{left} {} left · {} accepted",
                        Lang::noun(left, "suggestion", "suggestions"), suggesting.accepted),
                } }
            </p>
            if let Some(s) = focused {
                <p class="focused" data-testid="suggestion-focus">
                    <b lang="zh">{ props.doc.text.get(s.range.clone()).unwrap_or_default().to_string() }</b>
                    { match lang {
                        Lang::Zh => format!(" · 第 {} 行 · 置信度 {}%", s.line + 1, percent(s.confidence)),
                        Lang::En => format!(" · line {} · {}% confident", s.line + 1, percent(s.confidence)),
                    } }
                </p>
            }
            <div class="buttons">
                <button type="button" data-testid="prev-suggestion" disabled={left == 0}
                    onclick={act(|| Action::StepSuggested { forward: false })}
                    title={lang.pick("上一个建议 (,)", "Previous suggestion (,)")}>{ "‹" }</button>
                <button type="button" data-testid="next-suggestion" disabled={left == 0}
                    onclick={act(|| Action::StepSuggested { forward: true })}
                    title={lang.pick("下一个建议 (.)", "Next suggestion (.)")}>{ "›" }</button>
                <button type="button" data-testid="accept-suggestion-one" disabled={focused.is_none()}
                    onclick={act(|| Action::AcceptSuggested { all: false })}
                    title={lang.pick("采纳这个建议（连同它的配对）(y)", "Accept this suggestion, with its pair (y)")}>
                    { lang.pick("采纳", "Accept") }</button>
                <button type="button" data-testid="reject-suggestion" disabled={focused.is_none()}
                    onclick={act(|| Action::RejectSuggested)}
                    title={lang.pick("拒绝这个建议 (x)", "Reject this suggestion (x)")}>
                    { lang.pick("拒绝", "Reject") }</button>
            </div>
            <div class="buttons above">
                <label>{ lang.pick("置信度 ≥", "Confidence ≥") }
                    <input type="number" data-testid="suggestion-threshold" min="0" max="1" step="0.05"
                        value={hundredths(suggesting.threshold)} oninput={on_threshold} />
                </label>
                <button type="button" data-testid="accept-suggestions-above" disabled={above == 0}
                    onclick={act(|| Action::AcceptSuggested { all: true })}>
                    { match lang {
                        Lang::Zh => format!("全部采纳（{above}）"),
                        Lang::En => format!("Accept all ({above})"),
                    } }</button>
            </div>
            <button type="button" data-testid="end-suggesting" onclick={act(|| Action::EndSuggesting)}>
                { lang.pick("收起建议", "Put suggestions away") }</button>
        </section>
    }
}
