use connectives_core::formats::Format;
use yew::prelude::*;

use crate::i18n::Lang;

/// Exports small enough to offer on the clipboard too.
pub const COPY_LIMIT: usize = 1 << 20;

#[derive(Properties, PartialEq)]
pub struct ExportMenuProps {
    pub lang: Lang,
    /// The document's text is small enough to copy an export.
    pub can_copy: bool,
    pub on_export: Callback<Format>,
    pub on_copy: Callback<Format>,
    /// The menu is open (the app's state decides, so it closes after use and on Esc).
    pub open: bool,
    pub on_toggle: Callback<()>,
    /// A corpus is open: each format is offered for the whole corpus too, as one zip.
    pub corpus: bool,
    pub on_export_corpus: Callback<Format>,
}

fn label(format: Format, lang: Lang) -> &'static str {
    match format {
        Format::Tagged => lang.pick("标注文本 (.txt)", "Tagged text (.txt)"),
        Format::Json => "JSON (connectives/1)",
        Format::Jsonl => lang.pick("JSONL（每行一条）", "JSONL (one per line)"),
        Format::Csv => lang.pick("CSV（Excel，含上下文）", "CSV (Excel, with context)"),
        Format::Brat => "brat (.zip)",
        Format::Doccano => "doccano (JSONL)",
        Format::LabelStudio => "Label Studio (.zip)",
        Format::Bio => lang.pick("字符 BIO (.tsv)", "Character BIO (.tsv)"),
    }
}

/// Text formats can be copied; zips cannot.
fn copyable(format: Format) -> bool {
    !matches!(format, Format::Brat | Format::LabelStudio)
}

/// Every export format, each a download named after the document, and a copy for small ones:
/// a list floating over the page, closed again once a format is chosen.
#[function_component(ExportMenu)]
pub fn export_menu(props: &ExportMenuProps) -> Html {
    let lang = props.lang;
    // The summary's own toggle is replaced by the app's, which also knows Esc and outside clicks.
    let toggle = props
        .on_toggle
        .reform(|event: MouseEvent| event.prevent_default());
    let chosen = |then: &Callback<Format>, format: Format| {
        let (then, close) = (then.clone(), props.on_toggle.clone());
        Callback::from(move |_: MouseEvent| {
            close.emit(());
            then.emit(format);
        })
    };
    html! {
        <details class="export-menu" data-testid="export-menu" data-menu="export" open={props.open} style="--i:2">
            <summary class="button" onclick={toggle} title={lang.pick("导出…", "Export…")}>
                { super::toolbar::icon("export") }<span class="label">{ lang.pick("导出…", "Export…") }</span>
            </summary>
            <ul role="list">
                { for Format::ALL.into_iter().map(|format| {
                    let export = chosen(&props.on_export, format);
                    let copy = chosen(&props.on_copy, format);
                    html! {
                        <li>
                            <button type="button" data-testid={format!("export-{}", format.name())}
                                onclick={export}>{ label(format, lang) }</button>
                            if props.can_copy && copyable(format) {
                                <button type="button" class="copy" data-testid={format!("copy-{}", format.name())}
                                    onclick={copy} aria-label={format!("{} {}", lang.pick("复制", "Copy"), label(format, lang))}>
                                    { lang.pick("复制", "Copy") }
                                </button>
                            }
                        </li>
                    }
                }) }
                if props.corpus {
                    <li class="menu-heading">{ lang.pick("整个语料（每种格式一个 .zip）", "The whole corpus (one .zip per format)") }</li>
                    { for Format::ALL.into_iter().map(|format| html! {
                        <li>
                            <button type="button" data-testid={format!("export-corpus-{}", format.name())}
                                onclick={chosen(&props.on_export_corpus, format)}>{ label(format, lang) }</button>
                        </li>
                    }) }
                }
            </ul>
        </details>
    }
}
