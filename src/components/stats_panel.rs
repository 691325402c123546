//! How often each candidate text and each pair label occurs, and the pairs by relation: a
//! chart and a table of each.
//! Choosing a row steps through its occurrences in the document. Given a corpus, a switch
//! shows the same for all its documents together.

use std::rc::Rc;

use connectives_core::lexicon::Lexicon;
use connectives_core::stats::{
    candidate_frequencies, pair_frequencies, relation_frequencies, CorpusFrequency, CorpusStats,
    Frequency, RelationRow,
};
use connectives_core::Document;
use yew::prelude::*;

use super::bar_chart::{BarChart, MAX_BARS};
use crate::i18n::{relation_name, Lang};
use crate::state::{ChosenEntry, EntryKind};

/// A table shows this many rows until the user asks for all.
pub const TOP_ROWS: usize = 12;

/// The indices of the rows a table shows: the first [`TOP_ROWS`] unless `expanded`, and the
/// chosen row wherever it is, so that the entry being stepped through never disappears.
pub fn shown_rows(table: &[Frequency], expanded: bool, chosen: Option<&str>) -> Vec<usize> {
    (0..table.len())
        .filter(|&i| expanded || i < TOP_ROWS || chosen == Some(table[i].text.as_str()))
        .collect()
}

/// The chosen entry's text, if it belongs to the table of `kind`.
pub fn chosen_text(entry: Option<&ChosenEntry>, kind: EntryKind) -> Option<&str> {
    entry
        .filter(|entry| entry.kind == kind)
        .map(|entry| entry.text.as_str())
}

/// `2 / 5`: which occurrence of the chosen entry is shown, 1-based, of how many.
pub fn position_text(entry: &ChosenEntry) -> String {
    let total = entry.occurrences.len();
    let at = if total == 0 {
        0
    } else {
        entry.index.min(total - 1) + 1
    };
    format!("{at} / {total}")
}

/// The texts and counts a chart draws.
pub fn chart_rows(table: &[Frequency]) -> Vec<(String, usize)> {
    table
        .iter()
        .take(MAX_BARS)
        .map(|row| (row.text.clone(), row.count()))
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct StatsPanelProps {
    pub doc: Rc<Document>,
    /// The page's lexicon: which pairs it knows and what they mean.
    #[prop_or_else(crate::lexicon::builtin)]
    pub lexicon: Rc<Lexicon>,
    pub lang: Lang,
    /// The entry chosen in one of the tables, with the occurrence shown.
    #[prop_or_default]
    pub entry: Option<ChosenEntry>,
    /// Called with the table and the text of the row the user chose.
    pub on_choose: Callback<(EntryKind, String)>,
    /// Step through the chosen entry's occurrences: `true` is next, `false` previous.
    pub on_step: Callback<bool>,
    /// The whole corpus's statistics; when given, a switch shows them instead of the
    /// document's.
    #[prop_or_default]
    pub corpus: Option<Rc<CorpusStats>>,
}

/// What the panel describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    Document,
    Corpus,
}

/// Text, count and the number of documents of each row of a corpus table.
pub fn corpus_rows(table: &[CorpusFrequency]) -> Vec<(String, usize, usize)> {
    table
        .iter()
        .map(|row| (row.text.clone(), row.count(), row.documents()))
        .collect()
}

/// The candidate and pair frequency tables, each with a chart of its most frequent entries.
#[function_component(StatsPanel)]
pub fn stats_panel(props: &StatsPanelProps) -> Html {
    let tables = use_memo(
        (props.doc.clone(), props.lexicon.clone()),
        |(doc, lexicon)| {
            (
                Rc::new(candidate_frequencies(doc)),
                Rc::new(pair_frequencies(doc)),
                lexicon.pair_agreement(doc),
                Rc::new(relation_frequencies(doc, lexicon)),
            )
        },
    );
    let lang = props.lang;
    let scope = use_state(|| Scope::Document);
    let switch = props.corpus.as_ref().map(|_| {
        let button = |which: Scope, id: &'static str, label: &'static str| {
            let scope = scope.clone();
            let pressed = *scope == which;
            let onclick = Callback::from(move |_: MouseEvent| scope.set(which));
            html! {
                <button type="button" data-testid={id} aria-pressed={pressed.to_string()}
                    class={classes!(pressed.then_some("chosen"))} {onclick}>{ label }</button>
            }
        };
        html! {
            <div class="stats-scope" role="group"
                aria-label={lang.pick("统计范围", "Statistics of")}>
                { button(Scope::Document, "stats-scope-document", lang.pick("本文档", "This document")) }
                { button(Scope::Corpus, "stats-scope-corpus", lang.pick("全部文档", "All documents")) }
            </div>
        }
    });
    if let (Scope::Corpus, Some(corpus)) = (*scope, props.corpus.as_ref()) {
        return html! {
            <div class="stats-panel corpus">
                { switch }
                <CorpusCounts stats={corpus.clone()} {lang} />
                <CorpusTable kind={EntryKind::Pair} stats={corpus.clone()} {lang} />
                <CorpusTable kind={EntryKind::Candidate} stats={corpus.clone()} {lang} />
            </div>
        };
    }
    let (known, unknown) = tables.2;
    html! {
        <div class="stats-panel">
            { for switch }
            <p class="agreement" data-testid="lexicon-agreement">
                { match lang {
                    Lang::Zh => format!("词表内的配对 {known} 对，词表外 {unknown} 对"),
                    Lang::En => format!("{known} {} the lexicon, {unknown} {}",
                        Lang::noun(known, "pair matches", "pairs match"),
                        Lang::noun(unknown, "does not", "do not")),
                } }
            </p>
            <FrequencyTable kind={EntryKind::Pair} table={tables.1.clone()} {lang}
                entry={props.entry.clone()} on_choose={props.on_choose.clone()}
                on_step={props.on_step.clone()} />
            <RelationTable doc={props.doc.clone()} rows={tables.3.clone()} {lang} />
            <FrequencyTable kind={EntryKind::Candidate} table={tables.0.clone()} {lang}
                entry={props.entry.clone()} on_choose={props.on_choose.clone()}
                on_step={props.on_step.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RelationTableProps {
    doc: Rc<Document>,
    rows: Rc<Vec<RelationRow>>,
    lang: Lang,
}

/// The pairs grouped by what they mean (their most frequent relation by the lexicon), with a
/// chart; each row lists its pair labels with their counts.
#[function_component(RelationTable)]
fn relation_table(props: &RelationTableProps) -> Html {
    let lang = props.lang;
    let doc = &props.doc;
    let title = lang.pick("按关系分组的配对", "Pairs by relation");
    let unknown = lang.pick("词表外", "not in the lexicon");
    let name = |row: &RelationRow| -> String {
        row.relation
            .as_ref()
            .map_or(unknown, |r| relation_name(r, lang))
            .to_string()
    };
    let chart: Vec<(String, usize)> = props
        .rows
        .iter()
        .take(MAX_BARS)
        .map(|row| (name(row), row.pairs.len()))
        .collect();
    html! {
        <section class="panel freq relations" data-testid="freq-relations"
            aria-labelledby="freq-relations-heading">
            <h2 id="freq-relations-heading">{ title }
                <span class="badge">{ props.rows.len() }</span></h2>
            if props.rows.is_empty() {
                <p class="empty">{ lang.pick("没有配对。", "No pairs.") }</p>
            } else {
                <BarChart rows={chart} title={title} {lang} class={classes!("relations")} />
                <ul class="relation-list">
                    { for props.rows.iter().map(|row| {
                        // The row's pair labels, each with how often it occurs.
                        let mut labels: Vec<(String, usize)> = Vec::new();
                        for &pair in &row.pairs {
                            let label = doc.pair_label(pair);
                            match labels.iter_mut().find(|(l, _)| *l == label) {
                                Some((_, n)) => *n += 1,
                                None => labels.push((label, 1)),
                            }
                        }
                        let words: Vec<String> = labels
                            .into_iter()
                            .map(|(l, n)| if n > 1 { format!("{l} ×{n}") } else { l })
                            .collect();
                        html! {
                            <li data-relation={row.relation.as_ref().map_or("", |r| r.id()).to_string()}
                                data-count={row.pairs.len().to_string()}>
                                <b>{ name(row) }</b>{" "}
                                <span lang="zh">{ words.join("，") }</span>
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FrequencyTableProps {
    kind: EntryKind,
    table: Rc<Vec<Frequency>>,
    lang: Lang,
    entry: Option<ChosenEntry>,
    on_choose: Callback<(EntryKind, String)>,
    on_step: Callback<bool>,
}

/// One table: heading, chart, rows, and the toggle between the top rows and all of them.
#[function_component(FrequencyTable)]
fn frequency_table(props: &FrequencyTableProps) -> Html {
    let expanded = use_state(|| false);
    let lang = props.lang;
    let kind = props.kind;
    let table = &props.table;
    let (id, title, empty, class) = match kind {
        EntryKind::Candidate => (
            "freq-candidates",
            lang.pick("候选词频", "Candidate frequencies"),
            lang.pick("没有候选词。", "No candidates."),
            "candidates",
        ),
        EntryKind::Pair => (
            "freq-pairs",
            lang.pick("配对词频", "Pair frequencies"),
            lang.pick("没有配对。", "No pairs."),
            "pairs",
        ),
    };
    let heading_id = format!("{id}-heading");
    let chosen = chosen_text(props.entry.as_ref(), kind);
    let rows = shown_rows(table, *expanded, chosen);
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };
    html! {
        <section class={classes!("panel", "freq", class)} data-testid={id}
            aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id}>{ title }
                <span class="badge" data-testid={format!("{id}-count")}>{ table.len() }</span></h2>
            if table.is_empty() {
                <p class="empty">{ empty }</p>
            } else {
                <BarChart rows={chart_rows(table)} title={title} {lang} class={classes!(class)} />
                <ol class="freq-list" lang="zh">
                    { for rows.into_iter().map(|i| {
                        let row = &table[i];
                        let is_chosen = chosen == Some(row.text.as_str());
                        let on_click = {
                            let text = row.text.clone();
                            props.on_choose.reform(move |_: MouseEvent| (kind, text.clone()))
                        };
                        html! {
                            <li class={classes!("freq-row", is_chosen.then_some("chosen"))}
                                key={row.text.clone()}>
                                <button type="button" class="freq-entry" onclick={on_click}
                                    data-entry={row.text.clone()}
                                    aria-pressed={is_chosen.to_string()}>
                                    <span class="freq-text">{ row.text.clone() }</span>
                                    <span class="freq-count">{ format!("×{}", row.count()) }</span>
                                </button>
                                if is_chosen {
                                    { entry_nav(props, lang) }
                                }
                            </li>
                        }
                    }) }
                </ol>
                if table.len() > TOP_ROWS {
                    <button type="button" class="freq-toggle" onclick={toggle}
                        aria-expanded={expanded.to_string()}>
                        { if *expanded {
                            lang.pick("收起", "Show fewer").to_string()
                        } else {
                            format!("{} ({})", lang.pick("全部", "Show all"), table.len())
                        } }
                    </button>
                }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CorpusStatsProps {
    stats: Rc<CorpusStats>,
    lang: Lang,
}

/// Documents, lines, candidates, members, pairs and problems of the whole corpus.
#[function_component(CorpusCounts)]
fn corpus_counts(props: &CorpusStatsProps) -> Html {
    let lang = props.lang;
    let s = &props.stats;
    let c = &s.counts;
    let rows = [
        (
            "corpus-count-documents",
            "文档",
            ("document", "documents"),
            s.documents,
        ),
        ("corpus-count-lines", "行", ("line", "lines"), c.lines),
        (
            "corpus-count-candidates",
            "候选词",
            ("candidate", "candidates"),
            c.candidates,
        ),
        (
            "corpus-count-members",
            "配对成员",
            ("member", "members"),
            c.members,
        ),
        ("corpus-count-pairs", "配对", ("pair", "pairs"), c.pairs),
        (
            "corpus-count-problems",
            "问题",
            ("problem", "problems"),
            s.problems(),
        ),
    ];
    html! {
        <dl class="corpus-counts">
            { for rows.into_iter().map(|(id, zh, en, n)| html! {
                <div class="corpus-count">
                    <dt>{ lang.pick(zh, Lang::noun(n, en.0, en.1)) }</dt>
                    <dd data-testid={id}>{ n }</dd>
                </div>
            }) }
        </dl>
    }
}

#[derive(Properties, PartialEq)]
struct CorpusTableProps {
    kind: EntryKind,
    stats: Rc<CorpusStats>,
    lang: Lang,
}

/// One merged table of the corpus: heading, chart, rows with their counts and documents.
#[function_component(CorpusTable)]
fn corpus_table(props: &CorpusTableProps) -> Html {
    let expanded = use_state(|| false);
    let lang = props.lang;
    let (id, title, empty, class, table) = match props.kind {
        EntryKind::Candidate => (
            "corpus-freq-candidates",
            lang.pick("全部文档的候选词频", "Candidate frequencies, all documents"),
            lang.pick("没有候选词。", "No candidates."),
            "candidates",
            &props.stats.candidates,
        ),
        EntryKind::Pair => (
            "corpus-freq-pairs",
            lang.pick("全部文档的配对词频", "Pair frequencies, all documents"),
            lang.pick("没有配对。", "No pairs."),
            "pairs",
            &props.stats.pairs,
        ),
    };
    let rows = corpus_rows(table);
    let heading_id = format!("{id}-heading");
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };
    let chart: Vec<(String, usize)> = rows
        .iter()
        .take(MAX_BARS)
        .map(|(text, count, _)| (text.clone(), *count))
        .collect();
    let shown = if *expanded { rows.len() } else { TOP_ROWS };
    html! {
        <section class={classes!("panel", "freq", class)} data-testid={id}
            aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id}>{ title }
                <span class="badge" data-testid={format!("{id}-count")}>{ rows.len() }</span></h2>
            if rows.is_empty() {
                <p class="empty">{ empty }</p>
            } else {
                <BarChart rows={chart} title={title} {lang} class={classes!(class)} />
                <ol class="freq-list" lang="zh">
                    { for rows.iter().take(shown).map(|(text, count, documents)| html! {
                        <li class="freq-row" key={text.clone()} data-entry={text.clone()}>
                            <span class="freq-text">{ text.clone() }</span>
                            <span class="freq-count">{ format!("×{count}") }</span>
                            <span class="freq-documents">{ match lang {
                                Lang::Zh => format!("{documents} 个文档"),
                                Lang::En => format!("{documents} {}",
                                    Lang::noun(*documents, "document", "documents")),
                            } }</span>
                        </li>
                    }) }
                </ol>
                if rows.len() > TOP_ROWS {
                    <button type="button" class="freq-toggle" onclick={toggle}
                        aria-expanded={expanded.to_string()}>
                        { if *expanded {
                            lang.pick("收起", "Show fewer").to_string()
                        } else {
                            format!("{} ({})", lang.pick("全部", "Show all"), rows.len())
                        } }
                    </button>
                }
            }
        </section>
    }
}

/// The chosen row's "2 / 5" with buttons to the previous and next occurrence.
fn entry_nav(props: &FrequencyTableProps, lang: Lang) -> Html {
    let Some(entry) = props.entry.as_ref() else {
        return Html::default();
    };
    let prev = props.on_step.reform(|_: MouseEvent| false);
    let next = props.on_step.reform(|_: MouseEvent| true);
    let single = entry.occurrences.len() < 2;
    html! {
        <span class="entry-nav">
            <button type="button" data-testid="entry-prev" onclick={prev} disabled={single}
                aria-label={lang.pick("上一处", "Previous occurrence")}
                title={lang.pick("上一处", "Previous occurrence")}>{"‹"}</button>
            <span class="entry-position" data-testid="entry-position" aria-live="polite">
                { position_text(entry) }
            </span>
            <button type="button" data-testid="entry-next" onclick={next} disabled={single}
                aria-label={lang.pick("下一处", "Next occurrence")}
                title={lang.pick("下一处", "Next occurrence")}>{"›"}</button>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connectives_core::parse;

    fn entry(kind: EntryKind, text: &str, occurrences: Vec<usize>, index: usize) -> ChosenEntry {
        ChosenEntry {
            kind,
            text: text.into(),
            occurrences: Rc::new(occurrences),
            index,
        }
    }

    fn table(n: usize) -> Vec<Frequency> {
        (0..n)
            .map(|i| Frequency {
                text: format!("词{i}"),
                occurrences: vec![i],
            })
            .collect()
    }

    #[test]
    fn a_long_table_shows_its_top_rows_until_expanded() {
        let t = table(15);
        assert_eq!(
            shown_rows(&t, false, None),
            (0..TOP_ROWS).collect::<Vec<_>>()
        );
        assert_eq!(shown_rows(&t, true, None), (0..15).collect::<Vec<_>>());
        assert_eq!(shown_rows(&table(3), false, None), [0, 1, 2]);
        assert!(shown_rows(&[], false, None).is_empty());
    }

    #[test]
    fn the_chosen_row_stays_shown_when_the_table_is_collapsed() {
        let t = table(15);
        let rows = shown_rows(&t, false, Some("词13"));
        assert_eq!(rows.len(), TOP_ROWS + 1);
        assert_eq!(rows.last(), Some(&13));
    }

    #[test]
    fn the_chosen_entry_belongs_to_the_table_of_its_kind_only() {
        let e = entry(EntryKind::Pair, "虽然…但", vec![0], 0);
        assert_eq!(chosen_text(Some(&e), EntryKind::Pair), Some("虽然…但"));
        assert_eq!(chosen_text(Some(&e), EntryKind::Candidate), None);
        assert_eq!(chosen_text(None, EntryKind::Pair), None);
    }

    #[test]
    fn the_position_is_one_based_and_never_past_the_end() {
        let e = |index| entry(EntryKind::Candidate, "也", vec![0, 2, 5, 7, 9], index);
        assert_eq!(position_text(&e(1)), "2 / 5");
        assert_eq!(position_text(&e(0)), "1 / 5");
        assert_eq!(position_text(&e(9)), "5 / 5");
        assert_eq!(
            position_text(&entry(EntryKind::Pair, "x", vec![], 0)),
            "0 / 0"
        );
    }

    #[test]
    fn charts_draw_the_most_frequent_rows_of_a_document() {
        let doc = parse("<cand>也</cand><cand>还</cand><cand>也</cand>\n<a>虽然</a>x<a>但</a>\n");
        let rows = chart_rows(&candidate_frequencies(&doc));
        assert_eq!(rows, [("也".to_string(), 2), ("还".to_string(), 1)]);
        assert_eq!(chart_rows(&table(20)).len(), MAX_BARS);
        assert!(chart_rows(&candidate_frequencies(&parse(""))).is_empty());
    }
}
