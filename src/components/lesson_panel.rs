use std::rc::Rc;

use connectives_core::lesson_plan::LessonPlan;
use connectives_core::Document;
use yew::prelude::*;

use crate::i18n::Lang;
use crate::lessons::{excerpt, PlanEdit};

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub lang: Lang,
    pub doc: Rc<Document>,
    pub plan: Rc<LessonPlan>,
    /// The line "add" takes (0-based): the chosen span's, or the last one navigated to.
    pub current: Option<usize>,
    /// How many lines have a search hit.
    pub matching: usize,
    /// The pair chosen in the frequency table and how many lines it is on.
    pub entry: Option<(String, usize)>,
    pub on_edit: Callback<PlanEdit>,
    pub on_present: Callback<()>,
    pub on_handout: Callback<()>,
    pub on_figures: Callback<()>,
}

/// The lesson being built: add lines, order them, name it, present it, hand out its key.
#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let lang = props.lang;
    let plan = &props.plan;
    let edit = |make: PlanEdit| props.on_edit.reform(move |_: MouseEvent| make.clone());
    let on_name = props.on_edit.reform(|event: InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        PlanEdit::Rename(input.value())
    });
    let count = plan.lines.len();
    let empty = plan.is_empty();
    let summary = match lang {
        Lang::Zh => format!("课（{count} 行）"),
        Lang::En => format!("Lesson ({count} {})", Lang::noun(count, "line", "lines")),
    };
    html! {
        <details class="panel lesson-panel" data-testid="lesson-panel" open={!empty}>
            <summary>{ summary }</summary>
            <label class="lesson-name">
                { lang.pick("课名", "Name") }
                <input type="text" data-testid="lesson-name" value={plan.name.clone()}
                    placeholder={lang.pick("例如：转折与让步", "e.g. Contrast and concession")}
                    oninput={on_name} />
            </label>
            <div class="lesson-add">
                <button type="button" data-testid="lesson-add" disabled={props.current.is_none()}
                    onclick={edit(PlanEdit::AddShown)}
                    title={lang.pick("把当前行（所选词所在的行）加入课中；快捷键 L", "Add the current line (the chosen word's) to the lesson; key L")}>
                    { match (props.current, lang) {
                        (Some(line), Lang::Zh) => format!("加入第 {} 行", line + 1),
                        (Some(line), Lang::En) => format!("Add line {}", line + 1),
                        (None, _) => lang.pick("加入当前行", "Add the current line").to_string(),
                    } }
                    <kbd>{"L"}</kbd>
                </button>
                if props.matching > 0 {
                    <button type="button" data-testid="lesson-add-search" onclick={edit(PlanEdit::AddMatches)}>
                        { match lang {
                            Lang::Zh => format!("加入有搜索结果的 {} 行", props.matching),
                            Lang::En => format!("Add the {} {} with search hits", props.matching,
                                Lang::noun(props.matching, "line", "lines")),
                        } }
                    </button>
                }
                if let Some((label, n)) = &props.entry {
                    <button type="button" data-testid="lesson-add-pair" onclick={edit(PlanEdit::AddEntry)}>
                        { match lang {
                            Lang::Zh => format!("加入有「{label}」的 {n} 行"),
                            Lang::En => format!("Add the {n} {} with 「{label}」", Lang::noun(*n, "line", "lines")),
                        } }
                    </button>
                }
            </div>
            if empty {
                <p class="empty" data-testid="lesson-list" data-count="0">{ lang.pick(
                    "还没有选行：在文中选一个词后按 L，或用搜索结果、配对表加入。",
                    "No lines yet: choose a word in the text and press L, or add the lines of a search or of a pair in the table.") }</p>
            } else {
                <ol class="lesson-list" data-testid="lesson-list" data-count={count.to_string()}>
                    { for plan.lines.iter().enumerate().map(|(at, &line)| {
                        let text = if line < props.doc.lines.len() { props.doc.line_text(line) } else { "" };
                        let number = (line + 1).to_string();
                        let label = |zh: &str, en: &str| match lang {
                            Lang::Zh => format!("{zh}第 {number} 行"),
                            Lang::En => format!("{en} line {number}"),
                        };
                        html! {
                            <li key={number.clone()} data-line={number.clone()}>
                                <span class="lesson-line-no">{ number.clone() }</span>
                                <span class="lesson-excerpt" title={text.to_string()}>{ excerpt(text, 18) }</span>
                                <span class="lesson-moves">
                                    <button type="button" data-testid="lesson-up" disabled={at == 0}
                                        aria-label={label("上移", "Move up")} onclick={edit(PlanEdit::Up(at))}>{"↑"}</button>
                                    <button type="button" data-testid="lesson-down" disabled={at + 1 == count}
                                        aria-label={label("下移", "Move down")} onclick={edit(PlanEdit::Down(at))}>{"↓"}</button>
                                    <button type="button" data-testid="lesson-remove"
                                        aria-label={label("移除", "Remove")} onclick={edit(PlanEdit::Remove(at))}>{"×"}</button>
                                </span>
                            </li>
                        }
                    }) }
                </ol>
            }
            <div class="lesson-actions">
                <button type="button" data-testid="lesson-present" disabled={empty}
                    onclick={props.on_present.reform(|_: MouseEvent| ())}>
                    { lang.pick("演示这课", "Present the lesson") }</button>
                <button type="button" data-testid="lesson-handout" disabled={empty}
                    onclick={props.on_handout.reform(|_: MouseEvent| ())}>
                    { lang.pick("答案讲义", "Answer key") }</button>
                <button type="button" data-testid="lesson-figures" disabled={empty}
                    onclick={props.on_figures.reform(|_: MouseEvent| ())}
                    title={lang.pick("每行一张 SVG 图，打包为 zip", "One SVG figure per line, in a zip")}>
                    { lang.pick("全部图 (zip)", "All figures (zip)") }</button>
                if !empty {
                    <button type="button" data-testid="lesson-clear" onclick={edit(PlanEdit::Clear)}>
                        { lang.pick("清空", "Clear") }</button>
                }
            </div>
        </details>
    }
}
