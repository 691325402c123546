use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub lang: Lang,
    /// Called with the `<input type="file">` after the user chose a file.
    pub on_open: Callback<HtmlInputElement>,
    pub on_export_json: Callback<()>,
    pub on_export_tagged: Callback<()>,
    pub all_arcs: bool,
    pub on_toggle_arcs: Callback<()>,
    pub on_lang: Callback<()>,
    pub on_help: Callback<()>,
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
                title={lang.pick("打开带标注的文本文件（也可拖放或粘贴）", "Open a tagged text file (or drop or paste one)")}>
                { lang.pick("打开…", "Open…") }
                <input type="file" data-testid="open-file" accept=".txt,text/plain"
                    onchange={on_change} />
            </label>
            <button type="button" data-testid="export-json" onclick={click(&props.on_export_json)}
                title={lang.pick("下载 connectives/1 JSON", "Download the connectives/1 JSON export")}>
                { lang.pick("导出 JSON", "Export JSON") }
            </button>
            <button type="button" data-testid="export-tagged" onclick={click(&props.on_export_tagged)}
                title={lang.pick("下载带标注的文本（本工具的格式）", "Download the tagged text (this tool's format)")}>
                { lang.pick("导出标注文本", "Export tagged") }
            </button>
            <button type="button" data-testid="toggle-arcs" aria-pressed={props.all_arcs.to_string()}
                onclick={click(&props.on_toggle_arcs)}
                title={lang.pick("显示屏幕上所有配对的连线（A）", "Show the arcs of every pair on screen (A)")}>
                { lang.pick("全部连线", "All arcs") }
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
