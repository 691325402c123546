use web_sys::HtmlInputElement;
use yew::prelude::*;

use connectives_core::formats::Format;

use super::export_menu::ExportMenu;
use crate::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub lang: Lang,
    /// Called with the `<input type="file">` after the user chose a file.
    pub on_open: Callback<HtmlInputElement>,
    /// Reopen the built-in example.
    pub on_example: Callback<()>,
    pub can_copy: bool,
    pub on_export: Callback<Format>,
    pub on_copy: Callback<Format>,
    pub all_arcs: bool,
    pub on_toggle_arcs: Callback<()>,
    pub on_lang: Callback<()>,
    pub on_help: Callback<()>,
    pub on_present: Callback<()>,
}

/// The document's actions: open, export, show all arcs, language, help.
#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let lang = props.lang;
    let on_change = props
        .on_open
        .reform(|event: Event| event.target_unchecked_into::<HtmlInputElement>());
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    html! {
        <nav class="toolbar" aria-label={lang.pick("操作", "Actions")}>
            <label class="button file-button"
                title={lang.pick("打开带标注的文本，或导入 JSON、brat（.txt + .ann 或 .zip）、doccano JSONL；也可拖放或粘贴", "Open tagged text, or import JSON, brat (.txt + .ann, or .zip) or doccano JSONL; or drop or paste")}>
                { lang.pick("打开…", "Open…") }
                <input type="file" data-testid="open-file" multiple=true
                    accept=".txt,.json,.jsonl,.zip,.ann,text/plain,application/json,application/zip"
                    onchange={on_change} />
            </label>
            <button type="button" data-testid="example-open" onclick={click(&props.on_example)}
                title={lang.pick("重新打开内置示例", "Open the built-in example again")}>
                { lang.pick("示例", "Example") }
            </button>
            <ExportMenu {lang} can_copy={props.can_copy} on_export={props.on_export.clone()}
                on_copy={props.on_copy.clone()} />
            <button type="button" data-testid="toggle-arcs" aria-pressed={props.all_arcs.to_string()}
                onclick={click(&props.on_toggle_arcs)}
                title={lang.pick("显示屏幕上所有配对的连线（A）", "Show the arcs of every pair on screen (A)")}>
                { lang.pick("全部连线", "All arcs") }
            </button>
            <button type="button" data-testid="present" onclick={click(&props.on_present)}
                title={lang.pick("课堂演示：一次一行，大字，逐步揭示或测验（P）", "Classroom: one line at a time, large, revealed step by step or as a quiz (P)")}>
                { lang.pick("演示", "Present") }
            </button>
            <button type="button" data-testid="lang" onclick={click(&props.on_lang)} lang={lang.other().code()}
                title={lang.pick("Switch the interface to English", "切换为中文界面")}>
                { lang.pick("English", "中文") }
            </button>
            <button type="button" data-testid="help" onclick={click(&props.on_help)}
                aria-label={lang.pick("键盘快捷键", "Keyboard shortcuts")}>{"?"}</button>
        </nav>
    }
}
