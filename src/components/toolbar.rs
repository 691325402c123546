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
    pub export_open: bool,
    /// A corpus is open: the export menu offers it whole too.
    pub corpus: bool,
    pub on_export_corpus: Callback<Format>,
    pub on_toggle_export: Callback<()>,
    /// On a narrow screen, the toolbar shows its labels as a floating list.
    pub labelled: bool,
    pub on_toggle_labels: Callback<()>,
    pub all_arcs: bool,
    pub on_toggle_arcs: Callback<()>,
    pub on_lang: Callback<()>,
    pub on_help: Callback<()>,
    pub on_present: Callback<()>,
}

/// A small line drawing for a toolbar button: on a narrow screen the buttons show only these,
/// and the labels come on demand. Drawn here so the page needs no icon font.
pub fn icon(name: &str) -> Html {
    let path = match name {
        "open" => "M2 5h6l2 2h8v9H2z",
        "folder" => "M2 5h6l2 2h8v9H2zM2 9h16",
        "example" => "M5 2h7l4 4v12H5zM12 2v4h4M8 10h5M8 13h5",
        "export" => "M10 3v10M6 9l4 4 4-4M4 17h12",
        "arcs" => "M3 15C5 6 15 6 17 15M3 15h0M17 15h0",
        "present" => "M2 4h16v10H2zM10 14v3M6 17h8",
        "more" => "M4 10h0M10 10h0M16 10h0",
        "tools" => "M3 5h14M3 10h14M3 15h14",
        _ => "",
    };
    html! {
        <svg class="icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
            <path d={path} />
        </svg>
    }
}

/// The document's actions: open, export, show all arcs, language, help. On a narrow screen
/// they collapse to icons; `toolbar-labels` shows each button's label as a row of a list under
/// the icons (`--i` is the row). The rows are parts of their buttons, so a tap on one acts.
#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let lang = props.lang;
    let on_change = props
        .on_open
        .reform(|event: Event| event.target_unchecked_into::<HtmlInputElement>());
    // A choice in the labelled list closes it.
    let click = |callback: &Callback<()>| {
        let (callback, labelled, close) = (
            callback.clone(),
            props.labelled,
            props.on_toggle_labels.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if labelled {
                close.emit(());
            }
            callback.emit(());
        })
    };
    let label = |zh: &'static str, en: &'static str| {
        html! { <span class="label">{ lang.pick(zh, en) }</span> }
    };
    let open_title = lang.pick(
        "打开带标注的文本，或导入 JSON、brat（.txt + .ann 或 .zip）、doccano JSONL；也可拖放或粘贴",
        "Open tagged text, or import JSON, brat (.txt + .ann, or .zip) or doccano JSONL; or drop or paste",
    );
    html! {
        <div class="toolbar-wrap" data-menu="toolbar">
            <nav class={classes!("toolbar", props.labelled.then_some("labelled"))}
                aria-label={lang.pick("操作", "Actions")}>
                <label class="button file-button" title={open_title} style="--i:0">
                    { icon("open") }{ label("打开…", "Open…") }
                    <input type="file" data-testid="open-file" multiple=true
                        aria-label={lang.pick("打开…", "Open…")}
                        accept=".txt,.json,.jsonl,.zip,.ann,text/plain,application/json,application/zip"
                        onchange={on_change.clone()} />
                </label>
                <button type="button" data-testid="example-open" style="--i:1" onclick={click(&props.on_example)}
                    aria-label={lang.pick("示例", "Example")}
                    title={lang.pick("重新打开内置示例", "Open the built-in example again")}>
                    { icon("example") }{ label("示例", "Example") }
                </button>
                <ExportMenu {lang} can_copy={props.can_copy} on_export={props.on_export.clone()}
                    on_copy={props.on_copy.clone()} open={props.export_open}
                    on_toggle={props.on_toggle_export.clone()} corpus={props.corpus}
                    on_export_corpus={props.on_export_corpus.clone()} />
                <button type="button" data-testid="toggle-arcs" style="--i:3" aria-pressed={props.all_arcs.to_string()}
                    onclick={click(&props.on_toggle_arcs)} aria-label={lang.pick("全部连线", "All arcs")}
                    title={lang.pick("显示屏幕上所有配对的连线（A）", "Show the arcs of every pair on screen (A)")}>
                    { icon("arcs") }{ label("全部连线", "All arcs") }
                </button>
                <button type="button" data-testid="present" style="--i:4" onclick={click(&props.on_present)}
                    aria-label={lang.pick("演示", "Present")}
                    title={lang.pick("课堂演示：一次一行，大字，逐步揭示或测验（P）", "Classroom: one line at a time, large, revealed step by step or as a quiz (P)")}>
                    { icon("present") }{ label("演示", "Present") }
                </button>
                <button type="button" data-testid="lang" style="--i:5" onclick={click(&props.on_lang)} lang={lang.other().code()}
                    title={lang.pick("Switch the interface to English", "切换为中文界面")}>
                    <span class="glyph" aria-hidden="true">{ lang.pick("En", "中") }</span>
                    { label("English", "中文") }
                </button>
                <button type="button" data-testid="help" style="--i:6" onclick={click(&props.on_help)}
                    aria-label={lang.pick("键盘快捷键", "Keyboard shortcuts")}>
                    <span aria-hidden="true">{"?"}</span>
                    <span class="label listed-only">{ lang.pick("帮助与快捷键", "Help and keys") }</span>
                </button>
                <label class="button file-button folder-button" style="--i:7"
                    title={lang.pick("打开一个文件夹中所有带标注的 .txt 文件，作为语料", "Open every tagged .txt file in a folder, as a corpus")}>
                    { icon("folder") }{ label("文件夹…", "Folder…") }
                    <input type="file" data-testid="open-folder" webkitdirectory=true multiple=true
                        aria-label={lang.pick("打开文件夹…", "Open a folder…")} onchange={on_change} />
                </label>
            </nav>
            <button type="button" class="labels-toggle" data-testid="toolbar-labels"
                aria-expanded={props.labelled.to_string()}
                onclick={props.on_toggle_labels.reform(|_: MouseEvent| ())}
                aria-label={lang.pick("显示按钮名称", "Show the buttons' names")}
                title={lang.pick("显示按钮名称", "Show the buttons' names")}>
                { icon("more") }
            </button>
        </div>
    }
}
