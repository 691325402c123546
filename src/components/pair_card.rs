//! The card that names the pair of the member under the pointer or focus, and what it means
//! (its relations by the lexicon). A live region, so screen readers say it as focus moves.

use yew::prelude::*;

use crate::app::AppContext;
use crate::i18n::relation_name;

#[function_component(PairCard)]
pub fn pair_card() -> Html {
    let Some(state) = use_context::<AppContext>() else {
        return html! {};
    };
    let lang = state.lang;
    let doc = &state.doc;
    let pair = state
        .active_member()
        .and_then(|id| doc.spans.get(id))
        .and_then(|span| span.pair);
    // The region stays in the page (empty) so that its changes are announced.
    let content = pair.filter(|&p| p < doc.pairs.len()).map(|pair| {
        let relations = state.lexicon.pair_relations(doc, pair);
        html! {
            <>
                <b class={classes!("pair-label", state.pair_numbers.colour_class(pair))} lang="zh">
                    { format!("{} {} · {}", lang.pick("配对", "Pair"),
                        state.pair_numbers.number(pair), doc.pair_label(pair)) }
                </b>
                if relations.is_empty() {
                    <span class="relation unknown">
                        { lang.pick("词表中没有这一对的关系", "not in the lexicon: no relation known") }
                    </span>
                } else {
                    { for relations.iter().enumerate().map(|(i, r)| html! {
                        <span class={classes!("relation", (i > 0).then_some("also"))}
                            data-relation={r.id().to_string()}>{ relation_name(r, lang).to_string() }</span>
                    }) }
                }
            </>
        }
    });
    html! {
        <div class={classes!("pair-card", content.is_some().then_some("shown"))}
            data-testid="pair-card" role="status" aria-live="polite">
            { for content }
        </div>
    }
}
