use connectives_core::SpanId;
use yew::prelude::*;

use super::line_view::PAIR_COLOURS;
use crate::arcs::arc_path;
use crate::browser;

#[derive(Properties, PartialEq)]
pub struct ArcLayerProps {
    /// The element the spans are laid out in; arcs are drawn in its coordinates.
    pub container: NodeRef,
    /// (first member, second member, pair id) of each arc to draw.
    pub arcs: Vec<(SpanId, SpanId, usize)>,
    /// Changes whenever the lines on screen or their layout change, so arcs are re-measured.
    pub layout_key: String,
}

/// An SVG over the text with one arc per pair, measured from the rendered spans after layout.
#[function_component(ArcLayer)]
pub fn arc_layer(props: &ArcLayerProps) -> Html {
    let paths = use_state(Vec::<(usize, String)>::new);
    {
        let paths = paths.clone();
        let container = props.container.clone();
        let arcs = props.arcs.clone();
        use_effect_with((props.arcs.clone(), props.layout_key.clone()), move |_| {
            let Some(element) = container.cast::<web_sys::Element>() else {
                return;
            };
            let ids: Vec<SpanId> = arcs.iter().flat_map(|&(a, b, _)| [a, b]).collect();
            let rects = browser::span_rects(&element, &ids);
            let next: Vec<(usize, String)> = arcs
                .iter()
                .zip(rects.chunks(2))
                .filter_map(|(&(_, _, pair), r)| Some((pair, arc_path(r[0]?, r[1]?))))
                .collect();
            if *paths != next {
                paths.set(next);
            }
        });
    }
    html! {
        <svg class="arcs" aria-hidden="true" data-testid="arcs">
            { for paths.iter().map(|(pair, d)| html! {
                <path class={format!("arc pair-c{}", pair % PAIR_COLOURS)} d={d.clone()}
                    data-pair-id={pair.to_string()} />
            }) }
        </svg>
    }
}
