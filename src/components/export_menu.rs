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

/// Every export format, each a download named after the document, and a copy for small ones.
#[function_component(ExportMenu)]
pub fn export_menu(props: &ExportMenuProps) -> Html {
    let lang = props.lang;
    html! {
        <details class="export-menu" data-testid="export-menu">
            <summary class="button">{ lang.pick("导出…", "Export…") }</summary>
            <ul role="list">
                { for Format::ALL.into_iter().map(|format| {
                    let export = props.on_export.reform(move |_: MouseEvent| format);
                    let copy = props.on_copy.reform(move |_: MouseEvent| format);
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
            </ul>
        </details>
    }
}
