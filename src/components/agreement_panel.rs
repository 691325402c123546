//! The agreement panel: Compare… (another annotator's version of the open document, or their
//! corpus against the open corpus), the figures, stepping through the open document's
//! disagreements and settling each with A's side, B's or neither, the connectives most
//! disagreed on, a row per document of a corpus, and the report's export.

use std::rc::Rc;

use connectives_core::adjudicate::{self, Choice, Comparison, Unmatched};
use connectives_core::agreement::{rounded, ConnectiveRow, Disagreement, Figures};
use connectives_core::{Document, SpanKind};
use yew::prelude::*;

use crate::comparing::mismatch_message;
use crate::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct AgreementPanelProps {
    pub lang: Lang,
    pub doc: Rc<Document>,
    pub comparison: Option<Rc<Comparison>>,
    /// A corpus is open: the other version may be a corpus too.
    pub corpus: bool,
    /// The `<input type="file">` after the user chose the other version's file(s).
    pub on_compare: Callback<web_sys::HtmlInputElement>,
    /// Next (`true`) or previous disagreement.
    pub on_step: Callback<bool>,
    /// Settle the one in focus (`false`) or all open ones (`true`) with a side.
    pub on_decide: Callback<(Choice, bool)>,
    /// Download the report: `true` JSON, `false` CSV.
    pub on_export: Callback<bool>,
    pub on_close: Callback<()>,
}

/// Rows of the connectives table shown; the export has them all.
const CONNECTIVE_ROWS: usize = 30;

fn measure(value: f64) -> String {
    format!("{:.3}", rounded(value))
}

fn kind_words(kind: SpanKind, lang: Lang) -> &'static str {
    match kind {
        SpanKind::Candidate => lang.pick("候选", "candidate"),
        SpanKind::Member => lang.pick("成员", "member"),
    }
}

/// The disagreement in focus, in words: what A has there and what B has.
fn describe(a: &Document, b: &Document, d: &Disagreement, lang: Lang) -> String {
    let text = |doc: &Document, id: usize| {
        doc.spans
            .get(id)
            .map_or("", |_| doc.span_text(id))
            .to_string()
    };
    let kind =
        |doc: &Document, id: usize| doc.spans.get(id).map_or("", |s| kind_words(s.kind, lang));
    match *d {
        Disagreement::OnlyA { a: x } => match lang {
            Lang::Zh => format!("只有 A 标注了「{}」（{}）", text(a, x), kind(a, x)),
            Lang::En => format!("Only A marks 「{}」 ({})", text(a, x), kind(a, x)),
        },
        Disagreement::OnlyB { b: y } => match lang {
            Lang::Zh => format!("只有 B 标注了「{}」（{}）", text(b, y), kind(b, y)),
            Lang::En => format!("Only B marks 「{}」 ({})", text(b, y), kind(b, y)),
        },
        Disagreement::Kind { a: x, b: y } => match lang {
            Lang::Zh => format!("「{}」：A 为{}，B 为{}", text(a, x), kind(a, x), kind(b, y)),
            Lang::En => format!(
                "「{}」: a {} in A, a {} in B",
                text(a, x),
                kind(a, x),
                kind(b, y)
            ),
        },
        Disagreement::Boundary { a: x, b: y } => match lang {
            Lang::Zh => format!("边界不同：A 为「{}」，B 为「{}」", text(a, x), text(b, y)),
            Lang::En => format!(
                "Other boundaries: 「{}」 in A, 「{}」 in B",
                text(a, x),
                text(b, y)
            ),
        },
        Disagreement::PairA { a: p } => match lang {
            Lang::Zh => format!("只有 A 把「{}」配成一对", a.pair_label(p)),
            Lang::En => format!("Only A pairs 「{}」", a.pair_label(p)),
        },
        Disagreement::PairB { b: p } => match lang {
            Lang::Zh => format!("只有 B 把「{}」配成一对", b.pair_label(p)),
            Lang::En => format!("Only B pairs 「{}」", b.pair_label(p)),
        },
    }
}

fn figures_list(figures: &Figures, lang: Lang) -> Html {
    let rows: [(&str, &str, &str, String); 7] = [
        (
            "agree-span-f1",
            "边界 F1",
            "span F1",
            measure(figures.span_f1()),
        ),
        (
            "agree-labelled-f1",
            "边界与类型 F1",
            "labelled F1",
            measure(figures.labelled_f1()),
        ),
        (
            "agree-overlap-f1",
            "重叠 F1",
            "overlap F1",
            measure(figures.overlap_f1()),
        ),
        (
            "agree-pair-f1",
            "配对 F1",
            "pair F1",
            measure(figures.pair_f1()),
        ),
        (
            "agree-kappa",
            "κ（逐字）",
            "κ (characters)",
            measure(figures.kappa()),
        ),
        (
            "agree-only-a",
            "只有 A",
            "only A",
            figures.only_a().to_string(),
        ),
        (
            "agree-only-b",
            "只有 B",
            "only B",
            figures.only_b().to_string(),
        ),
    ];
    html! {
        <dl class="agreement-figures">
            { for rows.into_iter().map(|(id, zh, en, value)| html! {
                <>
                    <dt>{ lang.pick(zh, en) }</dt>
                    <dd data-testid={id}>{ value }</dd>
                </>
            }) }
        </dl>
    }
}

fn connectives_table(rows: &[ConnectiveRow], lang: Lang) -> Html {
    if rows.is_empty() {
        return Html::default();
    }
    let more = rows.len().saturating_sub(CONNECTIVE_ROWS);
    html! {
        <details class="agreement-connectives" open=true>
            <summary>{ lang.pick("关联词（分歧多的在前）", "Connectives (most disagreed first)") }</summary>
            <table data-testid="agreement-connectives">
                <thead><tr>
                    <th>{ lang.pick("文字", "Text") }</th><th>{"A"}</th><th>{"B"}</th>
                    <th>{ lang.pick("一致", "Matched") }</th><th>{"F1"}</th>
                </tr></thead>
                <tbody>
                    { for rows.iter().take(CONNECTIVE_ROWS).map(|row| html! {
                        <tr>
                            <td lang="zh">{ row.text.clone() }</td>
                            <td>{ row.a }</td><td>{ row.b }</td><td>{ row.matched }</td>
                            <td>{ measure(row.f1()) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if more > 0 {
                <p class="hint">{ match lang {
                    Lang::Zh => format!("另有 {more} 个，见导出的报告。"),
                    Lang::En => format!("{more} more in the exported report."),
                } }</p>
            }
        </details>
    }
}

fn documents_table(comparison: &Comparison, lang: Lang) -> Html {
    let report = &comparison.report;
    let open = comparison.open.as_ref().map(|(name, _)| name.as_str());
    html! {
        <details class="agreement-documents" open=true>
            <summary>{ lang.pick("各文档", "By document") }</summary>
            <table data-testid="agreement-documents">
                <thead><tr>
                    <th>{ lang.pick("文档", "Document") }</th><th>{"span F1"}</th>
                    <th>{"labelled"}</th><th>{"pair"}</th><th>{"κ"}</th><th>{"A"}</th><th>{"B"}</th>
                </tr></thead>
                <tbody>
                    { for report.documents.iter().map(|(name, agreement)| {
                        let f = &agreement.figures;
                        html! {
                            <tr class={classes!((Some(name.as_str()) == open).then_some("open"))}>
                                <td>{ name.clone() }</td>
                                <td>{ measure(f.span_f1()) }</td><td>{ measure(f.labelled_f1()) }</td>
                                <td>{ measure(f.pair_f1()) }</td><td>{ measure(f.kappa()) }</td>
                                <td>{ f.only_a() }</td><td>{ f.only_b() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            { for report.mismatched.iter().map(|(name, mismatch)| html! {
                <p class="hint warning">{ format!("{name}: {}", mismatch_message(mismatch, lang)) }</p>
            }) }
            if !report.only_in_a.is_empty() {
                <p class="hint">{ format!("{} {}", lang.pick("只在 A 中：", "Only in A:"), report.only_in_a.join(", ")) }</p>
            }
            if !report.only_in_b.is_empty() {
                <p class="hint">{ format!("{} {}", lang.pick("只在 B 中：", "Only in B:"), report.only_in_b.join(", ")) }</p>
            }
        </details>
    }
}

/// Samples of each disagreement's look, with the same classes as the text.
fn legend(lang: Lang) -> Html {
    html! {
        <ul class="agreement-legend" aria-label={lang.pick("分歧图例", "Disagreement legend")}>
            <li><b class="sample span candidate disagreeing" data-disagreement="only-a">{"还"}</b>
                { lang.pick("只有 A（实线框）", "only in A (solid box)") }</li>
            <li><mark class="sample other-version other-end" data-disagreement="only-b">{"但"}</mark>
                { lang.pick("只有 B（虚线框，未标注）", "only in B (dashed box, not marked)") }</li>
            <li><b class="sample span member pair-c0 disagreeing" data-disagreement="kind">{"而"}</b>
                { lang.pick("类型不同（双下划线）", "another kind (double underline)") }</li>
            <li><b class="sample span candidate disagreeing" data-disagreement="boundary">{"虽"}</b>
                <mark class="sample other-version other-end" data-disagreement="boundary">{"然"}</mark>
                { lang.pick("边界不同（点线，B 的范围为虚线）", "other boundaries (dotted; B's range dashed)") }</li>
            <li><b class="sample span member pair-c1 disagreeing" data-disagreement="pair">{"不仅"}</b>
                { lang.pick("配对不同（波浪线）", "the pair differs (wavy underline)") }</li>
        </ul>
    }
}

#[function_component(AgreementPanel)]
pub fn agreement_panel(props: &AgreementPanelProps) -> Html {
    let lang = props.lang;
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    let step = |forward: bool| props.on_step.reform(move |_: MouseEvent| forward);
    let decide =
        |choice: Choice, all: bool| props.on_decide.reform(move |_: MouseEvent| (choice, all));
    let export = |json: bool| props.on_export.reform(move |_: MouseEvent| json);
    let picker = html! {
        <label class="button file-button compare-button">
            { if props.comparison.is_some() {
                lang.pick("换一个版本…", "Compare with another…")
            } else {
                lang.pick("比较…", "Compare…")
            } }
            <input type="file" data-testid="compare-file" multiple=true
                aria-label={lang.pick("选择另一位标注者的版本", "Choose another annotator's version")}
                accept=".txt,.json,.jsonl,.zip,.ann,text/plain,application/json,application/zip"
                onchange={props.on_compare.reform(|event: Event| event.target_unchecked_into::<web_sys::HtmlInputElement>())} />
        </label>
    };
    let Some(comparison) = &props.comparison else {
        return html! {
            <section class="panel agreement-start" aria-label={lang.pick("一致性", "Agreement")}>
                <h2>{ lang.pick("一致性", "Agreement") }</h2>
                <p class="hint">{ if props.corpus {
                    lang.pick(
                        "打开另一位标注者的语料库（或本文档的另一版本），查看一致性并逐条裁定分歧。",
                        "Open another annotator's corpus (or version of this document) to see the agreement and settle each disagreement.")
                } else {
                    lang.pick(
                        "打开另一位标注者对本文档的标注，查看一致性并逐条裁定分歧。",
                        "Open another annotator's version of this document to see the agreement and settle each disagreement.")
                } }</p>
                { picker }
            </section>
        };
    };
    let doc = &props.doc;
    let session = comparison.session();
    let left = session.map_or(0, |s| s.open_count());
    let decided = session.map_or(0, |s| s.decided);
    let current = session.and_then(|s| s.current(doc).map(|i| (s, i)));
    let focus_words = current.and_then(|(s, i)| {
        let d = s.agreement.disagreements.get(i)?;
        let offset = adjudicate::place(doc, &s.other, d).start;
        let line = doc.lines.partition_point(|l| l.range.end < offset) + 1;
        Some(format!(
            "{} {line}{} · {}",
            lang.pick("第", "Line"),
            lang.pick(" 行", ""),
            describe(doc, &s.other, d, lang)
        ))
    });
    let unmatched = match &comparison.open {
        Some((_, Err(Unmatched::Missing))) => Some(
            lang.pick(
                "另一版本中没有本文档。",
                "The other version has no such document.",
            )
            .to_string(),
        ),
        Some((_, Err(Unmatched::TextsDiffer(m)))) => Some(mismatch_message(m, lang)),
        _ => None,
    };
    let none_left = left == 0;
    html! {
        <section class="panel agreement" data-testid="agreement" aria-label={lang.pick("一致性", "Agreement")}>
            <h2>{ lang.pick("一致性", "Agreement") }</h2>
            <p class="hint">{ format!("A = {} · B = {}", lang.pick("本文档", "this document"), comparison.source_name) }</p>
            if comparison.corpus {
                <h3>{ lang.pick("整个语料库", "Whole corpus") }</h3>
            }
            { figures_list(&comparison.report.figures, lang) }
            if let Some(message) = unmatched {
                <p class="hint warning" data-testid="agreement-unmatched">{ message }</p>
            }
            if session.is_some() {
                <div class="adjudicate" role="group" aria-label={lang.pick("裁定分歧", "Settle the disagreements")}>
                    <p class="adjudicate-count">
                        <span>{ lang.pick("未决：", "Open: ") }</span>
                        <b data-testid="disagreements-left">{ left }</b>
                        <span data-testid="disagreements-resolved">{ match lang {
                            Lang::Zh => format!(" · 已裁定 {decided}"),
                            Lang::En => format!(" · settled {decided}"),
                        } }</span>
                    </p>
                    if let Some(words) = focus_words {
                        <p class="adjudicate-focus" data-testid="disagreement-focus" lang="zh">{ words }</p>
                    }
                    <div class="button-row">
                        <button type="button" data-testid="prev-disagreement" disabled={none_left}
                            onclick={step(false)} title={lang.pick("上一个分歧（,）", "Previous disagreement (,)")}>
                            { lang.pick("‹ 上一个", "‹ Previous") }</button>
                        <button type="button" data-testid="next-disagreement" disabled={none_left}
                            onclick={step(true)} title={lang.pick("下一个分歧（.）", "Next disagreement (.)")}>
                            { lang.pick("下一个 ›", "Next ›") }</button>
                    </div>
                    <div class="button-row">
                        <button type="button" data-testid="accept-a" disabled={none_left}
                            onclick={decide(Choice::A, false)} title={lang.pick("采用 A（1）", "Accept A (1)")}>
                            { lang.pick("采用 A", "Accept A") }</button>
                        <button type="button" data-testid="accept-b" disabled={none_left}
                            onclick={decide(Choice::B, false)} title={lang.pick("采用 B（2）", "Accept B (2)")}>
                            { lang.pick("采用 B", "Accept B") }</button>
                        <button type="button" data-testid="accept-none" disabled={none_left}
                            onclick={decide(Choice::Neither, false)} title={lang.pick("都不采用（0）", "Neither (0)")}>
                            { lang.pick("都不要", "Neither") }</button>
                    </div>
                    <div class="button-row">
                        <button type="button" data-testid="accept-all-a" disabled={none_left}
                            onclick={decide(Choice::A, true)}>{ lang.pick("其余全采用 A", "All remaining from A") }</button>
                        <button type="button" data-testid="accept-all-b" disabled={none_left}
                            onclick={decide(Choice::B, true)}>{ lang.pick("其余全采用 B", "All remaining from B") }</button>
                    </div>
                    { legend(lang) }
                </div>
            }
            if comparison.corpus {
                { documents_table(comparison, lang) }
            }
            { connectives_table(&comparison.report.connectives, lang) }
            <div class="button-row">
                <button type="button" data-testid="agreement-export-csv" onclick={export(false)}>
                    { lang.pick("导出 CSV", "Export CSV") }</button>
                <button type="button" data-testid="agreement-export-json" onclick={export(true)}>
                    { lang.pick("导出 JSON", "Export JSON") }</button>
                { picker }
                <button type="button" data-testid="compare-close" onclick={click(&props.on_close)}>
                    { lang.pick("结束比较", "End comparison") }</button>
            </div>
        </section>
    }
}
