//! The hits of a search over every document of a corpus: a count line and one row per hit
//! (document, line, the match in its context). Choosing a row opens the hit.

use std::rc::Rc;

use connectives_core::corpus_search::{CorpusHit, CorpusHits};
use yew::prelude::*;

use super::windowed_rows::use_windowed_rows;
use crate::i18n::Lang;

/// Up to this many hits the list renders them all; beyond, only the rows in view.
pub const HITS_FULL_LIMIT: usize = 200;
/// The height of a row in CSS pixels (the stylesheet fixes it to this when windowed).
const ROW_PX: f64 = 32.0;

/// "12 matches in 3 documents", and that there are more when the search was cut.
pub fn count_text(lang: Lang, hits: &CorpusHits) -> String {
    let n = hits.hits.len();
    let documents = hits.documents();
    match (lang, n, hits.cut) {
        (Lang::Zh, 0, _) => "没有匹配".to_string(),
        (Lang::En, 0, _) => "No matches".to_string(),
        (Lang::Zh, _, false) => format!("{documents} 个文档中有 {n} 处匹配"),
        (Lang::Zh, _, true) => {
            format!("{documents} 个文档中有 {n} 处匹配（只列出前 {n} 处，还有更多）")
        }
        (Lang::En, _, cut) => format!(
            "{n} {} in {documents} {}{}",
            Lang::noun(n, "match", "matches"),
            Lang::noun(documents, "document", "documents"),
            if cut {
                " (only the first are listed; there are more)"
            } else {
                ""
            }
        ),
    }
}

#[derive(Properties, PartialEq)]
pub struct CorpusSearchProps {
    pub hits: Rc<CorpusHits>,
    /// The documents' names, by the index a hit gives.
    pub names: Rc<Vec<String>>,
    pub lang: Lang,
    /// The hit shown last, marked in the list.
    #[prop_or_default]
    pub chosen: Option<usize>,
    /// Called with the index of the hit the user chose.
    pub on_choose: Callback<usize>,
}

/// The hits list; beyond [`HITS_FULL_LIMIT`] hits only the rows in view are rendered.
#[function_component(CorpusSearch)]
pub fn corpus_search(props: &CorpusSearchProps) -> Html {
    let lang = props.lang;
    let hits = &props.hits.hits;
    let total = hits.len();
    let list = use_node_ref();
    let window = use_windowed_rows(
        list.clone(),
        total,
        HITS_FULL_LIMIT,
        ROW_PX,
        Rc::as_ptr(&props.hits) as usize,
        props.chosen,
    );
    let row = |index: usize, hit: &CorpusHit| {
        let on_click = props.on_choose.reform(move |_: MouseEvent| index);
        let name = props
            .names
            .get(hit.document)
            .cloned()
            .unwrap_or_else(|| format!("#{}", hit.document + 1));
        let chosen = props.chosen == Some(index);
        let title = format!(
            "{name}:{} {}{}{}",
            hit.line, hit.before, hit.matched, hit.after
        );
        html! {
            <li class={classes!("hit", chosen.then_some("chosen"))} key={index}
                aria-posinset={(index + 1).to_string()} aria-setsize={total.to_string()}>
                <button type="button" onclick={on_click} data-result={index.to_string()}
                    aria-current={chosen.then_some("true")} {title}>
                    <span class="hit-document">{ name }</span>
                    <span class="hit-line">{ hit.line }</span>
                    <span class="hit-context" lang="zh">
                        <span class="hit-before">{ hit.before.clone() }</span>
                        <mark>{ hit.matched.clone() }</mark>
                        <span class="hit-after">{ hit.after.clone() }</span>
                    </span>
                </button>
            </li>
        }
    };
    html! {
        <section class="panel corpus-search" aria-labelledby="corpus-search-heading">
            <h2 id="corpus-search-heading">{ lang.pick("全部文档中的匹配", "Matches in all documents") }</h2>
            <p class="corpus-search-count" data-testid="corpus-search-count" aria-live="polite">
                { count_text(lang, &props.hits) }
            </p>
            if total > 0 {
                <ol class={classes!("corpus-hits", window.windowed.then_some("windowed"))}
                    data-testid="corpus-search-results" ref={list}
                    onscroll={window.on_scroll.clone()}>
                    { for window.before() }
                    { for window.rows.clone().map(|index| row(index, &hits[index])) }
                    { for window.after() }
                </ol>
            } else {
                <ol class="corpus-hits" data-testid="corpus-search-results" ref={list}></ol>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connectives_core::corpus_search::search_corpus;
    use connectives_core::parse;

    fn hits(sources: &[&str], query: &str, limit: usize) -> CorpusHits {
        let docs: Vec<_> = sources.iter().map(|s| parse(s)).collect();
        let named: Vec<(&str, &_)> = docs.iter().map(|d| ("d", d)).collect();
        search_corpus(&named, query, limit)
    }

    #[test]
    fn the_count_says_matches_and_documents_with_plurals_right() {
        let two = hits(&["也也", "不", "也"], "也", 10);
        assert_eq!(count_text(Lang::En, &two), "3 matches in 2 documents");
        assert_eq!(count_text(Lang::Zh, &two), "2 个文档中有 3 处匹配");
        let one = hits(&["也"], "也", 10);
        assert_eq!(count_text(Lang::En, &one), "1 match in 1 document");
        let none = hits(&["也"], "还", 10);
        assert_eq!(count_text(Lang::En, &none), "No matches");
        assert_eq!(count_text(Lang::Zh, &none), "没有匹配");
    }

    #[test]
    fn a_cut_list_says_there_are_more() {
        let cut = hits(&["也也也"], "也", 2);
        assert_eq!(
            count_text(Lang::En, &cut),
            "2 matches in 1 document (only the first are listed; there are more)"
        );
        assert!(count_text(Lang::Zh, &cut).contains("还有更多"));
    }
}
