//! Searching the whole corpus: a search box over every document of the open corpus (the open
//! one as it is on screen), the hits listed by `CorpusSearch`; choosing one opens its document
//! at the match.

use std::rc::Rc;

use connectives_core::corpus_search::search_corpus;
use connectives_core::Document;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::corpus_search::CorpusSearch;
use crate::i18n::Lang;

/// The corpus search stops after this many hits and says so.
pub const CORPUS_MATCH_LIMIT: usize = 10_000;

/// A document of the corpus as searched: its id, its name and its text.
pub type SearchedDocument = (String, String, Rc<Document>);

#[derive(Properties, PartialEq)]
pub struct CorpusFindProps {
    pub lang: Lang,
    /// Every document of the corpus, in order; `None` while they are being read.
    pub documents: Option<Rc<Vec<SearchedDocument>>>,
    /// Called with the document's id, the 1-based line and the query of the hit chosen.
    pub on_open: Callback<(String, usize, String)>,
}

#[function_component(CorpusFind)]
pub fn corpus_find(props: &CorpusFindProps) -> Html {
    let lang = props.lang;
    let query = use_state(String::new);
    let chosen = use_state(|| None::<usize>);
    let names = use_memo(props.documents.clone(), |documents| {
        documents
            .iter()
            .flat_map(|d| d.iter().map(|(_, name, _)| name.clone()))
            .collect::<Vec<_>>()
    });
    // The hits follow the query and the documents (an edit changes the open one).
    let hits = use_memo(
        ((*query).clone(), props.documents.clone()),
        |(query, documents)| {
            let docs: Vec<(&str, &Document)> = documents
                .iter()
                .flat_map(|d| d.iter().map(|(_, name, doc)| (name.as_str(), &**doc)))
                .collect();
            search_corpus(&docs, query, CORPUS_MATCH_LIMIT)
        },
    );
    let on_input = {
        let (query, chosen) = (query.clone(), chosen.clone());
        Callback::from(move |event: InputEvent| {
            query.set(event.target_unchecked_into::<HtmlInputElement>().value());
            chosen.set(None);
        })
    };
    let on_choose = {
        let (hits, chosen, query) = (hits.clone(), chosen.clone(), query.clone());
        let (documents, on_open) = (props.documents.clone(), props.on_open.clone());
        Callback::from(move |index: usize| {
            let Some(hit) = hits.hits.get(index) else {
                return;
            };
            let Some((id, _, _)) = documents.as_ref().and_then(|d| d.get(hit.document)) else {
                return;
            };
            chosen.set(Some(index));
            on_open.emit((id.clone(), hit.line, (*query).clone()));
        })
    };
    html! {
        <section class="panel corpus-find" aria-labelledby="corpus-find-heading">
            <h2 id="corpus-find-heading">{ lang.pick("在整个语料中搜索", "Search the whole corpus") }</h2>
            <input type="search" data-testid="corpus-search" value={(*query).clone()} oninput={on_input}
                placeholder={lang.pick("搜索所有文档…", "Search every document…")}
                aria-label={lang.pick("在整个语料中搜索", "Search the whole corpus")}
                disabled={props.documents.is_none()} />
            if !query.is_empty() {
                <CorpusSearch {lang} hits={hits.clone()} names={names.clone()}
                    chosen={*chosen} {on_choose} />
            }
        </section>
    }
}
