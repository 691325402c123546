use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::Lang;
use crate::state::{Landmark, LineFilter, Search};

#[derive(Properties, PartialEq)]
pub struct SearchBarProps {
    pub lang: Lang,
    pub search: Search,
    pub filter: LineFilter,
    pub lines: usize,
    /// The query and whether it is a regular expression.
    pub on_search: Callback<(String, bool)>,
    pub on_filter: Callback<LineFilter>,
    pub on_jump: Callback<(Landmark, bool)>,
    /// A 1-based line number.
    pub on_go_to_line: Callback<usize>,
}

const FILTERS: [(LineFilter, &str, &str, &str); 4] = [
    (LineFilter::All, "all", "全部行", "All lines"),
    (
        LineFilter::WithPairs,
        "pairs",
        "含配对的行",
        "Lines with pairs",
    ),
    (
        LineFilter::WithProblems,
        "problems",
        "有问题的行",
        "Lines with problems",
    ),
    (
        LineFilter::Matching,
        "matching",
        "匹配的行",
        "Matching lines",
    ),
];

/// Search (plain or regular expression), line filters, go to line, and the jump buttons.
#[function_component(SearchBar)]
pub fn search_bar(props: &SearchBarProps) -> Html {
    let lang = props.lang;
    let search = &props.search;
    let regex = search.regex;
    let on_input = props.on_search.reform(move |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        (input.value(), regex)
    });
    let query = search.query.clone();
    let on_regex = props.on_search.reform(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        (query.clone(), input.checked())
    });
    let on_search_key = {
        let on_jump = props.on_jump.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" {
                event.prevent_default();
                on_jump.emit((Landmark::Match, !event.shift_key()));
                // Leave the box, so that n, c and a act on the match at once.
                let input: HtmlInputElement = event.target_unchecked_into();
                let _ = input.blur();
            }
        })
    };
    let on_filter = props.on_filter.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        FILTERS
            .iter()
            .find(|f| f.1 == select.value())
            .map_or(LineFilter::All, |f| f.0)
    });
    let on_go = {
        let on_go_to_line = props.on_go_to_line.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form: web_sys::HtmlFormElement = event.target_unchecked_into();
            let value = form
                .elements()
                .named_item("line")
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(e).ok())
                .map(|input| input.value());
            if let Some(number) = value.and_then(|v| v.trim().parse::<usize>().ok()) {
                on_go_to_line.emit(number);
            }
        })
    };
    let jump =
        |to: Landmark, forward: bool| props.on_jump.reform(move |_: MouseEvent| (to, forward));
    let status = match (&search.error, search.query.is_empty()) {
        (Some(error), _) => html! {
            <span class="search-error" role="alert" data-testid="search-error">
                { format!("{} {error}", lang.pick("表达式有误：", "Invalid pattern:")) }
            </span>
        },
        (None, true) => html! {},
        (None, false) => {
            let count = search.matches.len();
            let position = search
                .current
                .map(|i| format!("{} / ", i + 1))
                .unwrap_or_default();
            html! {
                <span class="match-count" aria-live="polite">
                    { position }<span data-testid="match-count">{count}</span>
                    { match lang {
                        Lang::Zh => " 处匹配",
                        Lang::En => Lang::noun(count, " match", " matches"),
                    } }
                </span>
            }
        }
    };
    let jump_row = |to: Landmark, zh: &'static str, en: &'static str, keys: &'static str| {
        html! {
            <div class="jump-row">
                <span class="jump-label">{ lang.pick(zh, en) }</span>
                <button type="button" onclick={jump(to, false)} data-testid={format!("prev-{}", landmark_name(to))}
                    aria-label={format!("{} {}", lang.pick("上一个", "Previous"), lang.pick(zh, en))}>{"↑"}</button>
                <button type="button" onclick={jump(to, true)} data-testid={format!("next-{}", landmark_name(to))}
                    aria-label={format!("{} {}", lang.pick("下一个", "Next"), lang.pick(zh, en))}>{"↓"}</button>
                <kbd class="keys">{keys}</kbd>
            </div>
        }
    };
    html! {
        <section class="panel search-bar" aria-label={lang.pick("搜索与导航", "Search and navigation")}>
            <div class="search-row">
                <input id="search" type="search" data-testid="search"
                    placeholder={lang.pick("搜索文字…  /", "Search text…  /")}
                    aria-label={lang.pick("搜索", "Search")}
                    value={search.query.clone()} oninput={on_input} onkeydown={on_search_key} />
                <label class="check">
                    <input type="checkbox" data-testid="search-regex" checked={regex} onchange={on_regex} />
                    { lang.pick("正则", "Regex") }
                </label>
            </div>
            <div class="search-status">{ status }</div>
            <div class="filter-row">
                <label for="filter">{ lang.pick("显示", "Show") }</label>
                <select id="filter" data-testid="filter" onchange={on_filter}>
                    { for FILTERS.iter().map(|(f, value, zh, en)| html! {
                        <option value={*value} selected={*f == props.filter}>{ lang.pick(zh, en) }</option>
                    }) }
                </select>
            </div>
            <form class="goto-row" onsubmit={on_go}>
                <label for="goto-line">{ lang.pick("跳到行", "Go to line") }</label>
                <input id="goto-line" name="line" type="number" min="1" max={props.lines.to_string()}
                    data-testid="goto-line" inputmode="numeric" />
                <button type="submit">{ lang.pick("跳转", "Go") }</button>
                <kbd class="keys">{"g"}</kbd>
            </form>
            { jump_row(Landmark::Connective, "关联词", "Connective", "j k") }
            { jump_row(Landmark::Pair, "配对", "Pair", "] [") }
            { jump_row(Landmark::Problem, "问题", "Problem", "e E") }
            { jump_row(Landmark::Match, "匹配", "Match", "n N") }
        </section>
    }
}

fn landmark_name(to: Landmark) -> &'static str {
    match to {
        Landmark::Connective => "connective",
        Landmark::Pair => "pair",
        Landmark::Problem => "problem",
        Landmark::Match => "match",
    }
}
