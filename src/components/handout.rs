use connectives_core::lesson_plan::{Handout, Language};
use yew::prelude::*;

use crate::i18n::Lang;
use crate::lessons::language;

#[derive(Properties, PartialEq)]
pub struct HandoutViewProps {
    pub lang: Lang,
    pub handout: Handout,
    pub on_print: Callback<()>,
    pub on_download: Callback<()>,
    pub on_figures: Callback<()>,
    pub on_close: Callback<()>,
}

/// The lesson's answer key, as printed: each line in lesson order with its pairs and their
/// relations. While it is open, printing prints it alone (www/style.css).
#[function_component(HandoutView)]
pub fn handout_view(props: &HandoutViewProps) -> Html {
    let lang = props.lang;
    let language: Language = language(lang);
    let handout = &props.handout;
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    html! {
        <div class="handout-view" data-testid="handout-view" role="dialog"
            aria-label={lang.pick("答案讲义", "Answer key")}>
            <div class="handout-bar">
                <button type="button" data-testid="handout-print" onclick={click(&props.on_print)}>
                    { lang.pick("打印", "Print") }</button>
                <button type="button" data-testid="handout-download" onclick={click(&props.on_download)}>
                    { lang.pick("下载讲义 (HTML)", "Download (HTML)") }</button>
                <button type="button" data-testid="handout-figures" onclick={click(&props.on_figures)}>
                    { lang.pick("全部图 (zip)", "All figures (zip)") }</button>
                <button type="button" data-testid="handout-close" onclick={click(&props.on_close)}>
                    { lang.pick("关闭", "Close") }</button>
            </div>
            <article class="handout" data-testid="handout" lang="zh">
                <h1>{ handout.title(language) }</h1>
                if !handout.document.is_empty() {
                    <p class="source">{ format!("{} {}", lang.pick("出自：", "From:"), handout.document) }</p>
                }
                <ol class="handout-lines">
                    { for handout.lines.iter().map(|line| html! {
                        <li data-line={(line.line + 1).to_string()}>
                            <p>
                                <span class="handout-line-no">{ Handout::line_label(line.line, language) }</span>
                                <span class="handout-text">{ line.text.clone() }</span>
                            </p>
                            if line.pairs.is_empty() {
                                <p class="no-pairs">{ lang.pick("（本行没有配对）", "(no pairs on this line)") }</p>
                            } else {
                                <ul class="handout-pairs">
                                    { for line.pairs.iter().map(|pair| html! {
                                        <li data-relation={pair.relations.iter().map(|r| r.id().to_string()).collect::<Vec<_>>().join(" ")}>
                                            if let Some(n) = pair.number { <span class="pair-no">{ format!("{n}. ") }</span> }
                                            <span class="label">{ pair.label.clone() }</span>
                                            {" — "}
                                            <span class="relation">{ Handout::relation_words(pair, language) }</span>
                                        </li>
                                    }) }
                                </ul>
                            }
                        </li>
                    }) }
                </ol>
            </article>
        </div>
    }
}
