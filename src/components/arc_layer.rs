use connectives_core::{Document, PairId, SpanId};
use yew::prelude::*;

use crate::arcs::arc_path;
use crate::browser;
use crate::pair_numbers::PairNumbers;

/// One arc to draw: between a pair's members, in its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arc {
    pub first: SpanId,
    pub second: SpanId,
    pub pair: PairId,
    /// `pair-cN`'s N.
    pub colour: usize,
}

impl Arc {
    pub fn of(doc: &Document, numbers: &PairNumbers, pair: PairId) -> Arc {
        let p = doc.pairs[pair];
        Arc {
            first: p.first,
            second: p.second,
            pair,
            colour: numbers.colour(pair),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ArcLayerProps {
    /// The element the spans are laid out in; arcs are drawn in its coordinates.
    pub container: NodeRef,
    pub arcs: Vec<Arc>,
    /// Changes whenever the lines on screen or their layout change, so arcs are re-measured.
    pub layout_key: String,
}

/// An SVG over the text with one arc per pair, measured from the rendered spans after layout.
#[function_component(ArcLayer)]
pub fn arc_layer(props: &ArcLayerProps) -> Html {
    let paths = use_state(Vec::<(Arc, String)>::new);
    {
        let paths = paths.clone();
        let container = props.container.clone();
        let arcs = props.arcs.clone();
        use_effect_with((props.arcs.clone(), props.layout_key.clone()), move |_| {
            let Some(element) = container.cast::<web_sys::Element>() else {
                return;
            };
            let ends: Vec<(SpanId, SpanId)> = arcs.iter().map(|a| (a.first, a.second)).collect();
            let rects = browser::span_rects(&element, &ends);
            let width = f64::from(element.client_width());
            let next: Vec<(Arc, String)> = arcs
                .iter()
                .zip(rects)
                .filter_map(|(&arc, r)| {
                    let (from, to) = r?;
                    Some((arc, arc_path(from, to, width)))
                })
                .collect();
            if *paths != next {
                paths.set(next);
            }
        });
    }
    html! {
        <svg class="arcs" aria-hidden="true" data-testid="arcs">
            { for paths.iter().map(|(arc, d)| html! {
                <path class={format!("arc pair-c{}", arc.colour)} d={d.clone()}
                    data-pair-id={arc.pair.to_string()} />
            }) }
        </svg>
    }
}
