//! Searching the whole corpus: a search box over every document of the open corpus (the open
//! one as it is on screen), the hits listed by `CorpusSearch`; choosing one opens its document
//! at the match.

use std::rc::Rc;

use connectives_core::corpus_search::{hits_from_ranges, search_corpus, CorpusHits};
use connectives_core::search::from_utf16;
use connectives_core::Document;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::corpus_search::CorpusSearch;
use crate::browser;
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

/// The hits of a regular expression (the browser's, as the document's own search uses) in
/// every document, at most [`CORPUS_MATCH_LIMIT`]; an invalid one is an error in its words.
fn regex_hits(docs: &[(&str, &Document)], pattern: &str) -> Result<CorpusHits, String> {
    let mut out = CorpusHits::default();
    for (index, (_, doc)) in docs.iter().enumerate() {
        let room = CORPUS_MATCH_LIMIT - out.hits.len();
        let ranges = browser::regex_matches(&doc.text, pattern, room.saturating_add(1))?;
        let mut ranges = from_utf16(&doc.text, &ranges);
        if ranges.len() > room {
            ranges.truncate(room);
            out.cut = true;
        }
        out.hits.extend(hits_from_ranges(index, doc, &ranges));
        // At the limit, the next document's first match (if any) says the list is cut.
        if out.cut {
            break;
        }
    }
    Ok(out)
}

#[function_component(CorpusFind)]
pub fn corpus_find(props: &CorpusFindProps) -> Html {
    let lang = props.lang;
    let query = use_state(String::new);
    let regex = use_state(|| false);
    let chosen = use_state(|| None::<usize>);
    let names = use_memo(props.documents.clone(), |documents| {
        documents
            .iter()
            .flat_map(|d| d.iter().map(|(_, name, _)| name.clone()))
            .collect::<Vec<_>>()
    });
    // The hits follow the query and the documents (an edit changes the open one).
    let found = use_memo(
        ((*query).clone(), *regex, props.documents.clone()),
        |(query, regex, documents)| {
            let docs: Vec<(&str, &Document)> = documents
                .iter()
                .flat_map(|d| d.iter().map(|(_, name, doc)| (name.as_str(), &**doc)))
                .collect();
            if *regex && !query.is_empty() {
                regex_hits(&docs, query)
            } else {
                Ok(search_corpus(&docs, query, CORPUS_MATCH_LIMIT))
            }
        },
    );
    let (hits, error) = match &*found {
        Ok(hits) => (Rc::new(hits.clone()), None),
        Err(error) => (Rc::new(CorpusHits::default()), Some(error.clone())),
    };
    let on_input = {
        let (query, chosen) = (query.clone(), chosen.clone());
        Callback::from(move |event: InputEvent| {
            query.set(event.target_unchecked_into::<HtmlInputElement>().value());
            chosen.set(None);
        })
    };
    let on_regex = {
        let (regex, chosen) = (regex.clone(), chosen.clone());
        Callback::from(move |event: Event| {
            regex.set(event.target_unchecked_into::<HtmlInputElement>().checked());
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
            <label class="regex-toggle">
                <input type="checkbox" data-testid="corpus-search-regex" checked={*regex} onchange={on_regex} />
                { lang.pick("正则", "Regex") }
            </label>
            if let Some(error) = error {
                <p class="search-error" role="alert" data-testid="corpus-search-error">{ error }</p>
            } else if !query.is_empty() {
                <CorpusSearch {lang} hits={hits.clone()} names={names.clone()}
                    chosen={*chosen} {on_choose} />
            }
        </section>
    }
}
