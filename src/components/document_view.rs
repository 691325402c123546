use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use connectives_core::{Document, SpanId};
use yew::prelude::*;

use super::arc_layer::{Arc, ArcLayer};
use super::empty_document::EmptyDocument;
use super::line_view::LineView;
use super::selection_marks::SelectionMarks;
use crate::app::AppContext;
use crate::browser;
use crate::segments::matches_on_line;
use crate::state::{Action, AppState};
use crate::window::{text_width_em, Metrics, RowLayout, FULL_RENDER_LIMIT};

/// Extra height rendered above and below the screen, so fast scrolling shows no gaps.
const OVERSCAN_PX: f64 = 800.0;

#[derive(Clone, Copy, PartialEq)]
struct Viewport {
    top: f64,
    height: f64,
}

/// What the layout was computed from; a change recomputes it.
#[derive(PartialEq)]
struct LayoutKey {
    doc: *const Document,
    rows: *const Vec<usize>,
    metrics: Metrics,
    version: u64,
}

struct LayoutCache {
    key: Option<LayoutKey>,
    layout: Rc<RowLayout>,
    /// Measured heights by 0-based line, valid for the current document and metrics.
    measured: HashMap<usize, f32>,
}

/// The document, one paragraph per line with line numbers, under the current filter. Up to
/// [`FULL_RENDER_LIMIT`] lines are all rendered; beyond, only the lines on screen are, between
/// two spacers whose heights come from estimated and measured line heights.
#[function_component(DocumentView)]
pub fn document_view() -> Html {
    let state = use_context::<AppContext>().expect("DocumentView is inside App");
    let doc = state.doc.clone();
    let scroller = use_node_ref();
    let content = use_node_ref();
    let viewport = use_state(|| Viewport {
        top: 0.0,
        height: 900.0,
    });
    let metrics = use_state(|| Metrics {
        column_px: 700.0,
        font_px: 18.4,
        line_height_px: 38.6,
        chrome_px: 11.7,
    });
    let version = use_state(|| 0u64);
    // The filter's rows, recomputed only when what they depend on changes.
    let rows = {
        let matches = state.search.matches.clone();
        let filter = state.filter;
        let state = state.clone();
        use_memo(
            (
                Rc::as_ptr(&doc) as usize,
                filter,
                Rc::as_ptr(&matches) as usize,
            ),
            move |_| state.visible_lines(),
        )
    };
    let widths = use_memo(Rc::as_ptr(&doc) as usize, {
        let doc = doc.clone();
        move |_| {
            (0..doc.lines.len())
                .map(|i| text_width_em(doc.line_text(i)))
                .collect::<Vec<f32>>()
        }
    });
    let windowed = rows.len() > FULL_RENDER_LIMIT;
    let cache = use_mut_ref(|| LayoutCache {
        key: None,
        layout: Rc::new(RowLayout::new(Vec::new())),
        measured: HashMap::new(),
    });
    let layout = {
        let mut cache = cache.borrow_mut();
        let key = LayoutKey {
            doc: Rc::as_ptr(&doc),
            rows: &*rows as *const Vec<usize>,
            metrics: *metrics,
            version: *version,
        };
        if cache.key.as_ref() != Some(&key) {
            if cache
                .key
                .as_ref()
                .is_some_and(|k| k.doc != key.doc || k.metrics != key.metrics)
            {
                cache.measured.clear();
            }
            let heights = rows
                .iter()
                .map(|&line| {
                    cache
                        .measured
                        .get(&line)
                        .copied()
                        .unwrap_or_else(|| metrics.estimate(widths[line]))
                })
                .collect();
            cache.layout = Rc::new(RowLayout::new(heights));
            cache.key = Some(key);
        }
        cache.layout.clone()
    };
    let range: Range<usize> = if windowed {
        layout.rows_in(
            viewport.top - OVERSCAN_PX,
            viewport.top + viewport.height + OVERSCAN_PX,
        )
    } else {
        0..rows.len()
    };

    // Read the scroller's size and type metrics once mounted, and again on resize.
    {
        let scroller = scroller.clone();
        let viewport = viewport.clone();
        let metrics = metrics.clone();
        use_effect_with((), move |_| {
            let measure = move || {
                let Some(element) = scroller.cast::<web_sys::Element>() else {
                    return;
                };
                let (top, height, _) = browser::scroll_metrics(&element);
                viewport.set(Viewport { top, height });
                if let Some((font_px, line_height_px, column_px)) = browser::text_metrics(&element)
                {
                    let next = Metrics {
                        column_px,
                        font_px,
                        line_height_px,
                        chrome_px: metrics.chrome_px,
                    };
                    if (next.column_px - metrics.column_px).abs() > 1.0
                        || next.font_px != metrics.font_px
                        || next.line_height_px != metrics.line_height_px
                    {
                        metrics.set(next);
                    }
                }
            };
            measure();
            let listener = browser::Listener::window("resize", move |_| measure());
            move || drop(listener)
        });
    }

    // Correct the estimates with what was rendered, then render again if they were off.
    {
        let content = content.clone();
        let cache = cache.clone();
        let version = version.clone();
        let range = range.clone();
        let rows = rows.clone();
        use_effect(move || {
            if !windowed {
                return;
            }
            let Some(element) = content.cast::<web_sys::Element>() else {
                return;
            };
            let mut cache = cache.borrow_mut();
            let layout = cache.layout.clone();
            let mut changed = false;
            for (line, height) in browser::measure_lines(&element) {
                let Ok(row) = rows[range.clone()].binary_search(&line) else {
                    continue;
                };
                if (layout.height(range.start + row) - height).abs() > 0.5 {
                    cache.measured.insert(line, height);
                    changed = true;
                }
            }
            if changed {
                version.set(*version + 1);
            }
        });
    }

    // Bring the target on screen: scroll to its estimated place so it renders, then to it.
    let pending = use_mut_ref(|| None::<(usize, Option<SpanId>)>);
    {
        let scroller = scroller.clone();
        let viewport = viewport.clone();
        let pending = pending.clone();
        let rows = rows.clone();
        let layout = layout.clone();
        use_effect_with(state.target, move |target| {
            if let Some(target) = target {
                if let (Ok(row), Some(element)) = (
                    rows.binary_search(&target.line),
                    scroller.cast::<web_sys::Element>(),
                ) {
                    let top = (layout.top(row) - viewport.height / 3.0).max(0.0);
                    if windowed {
                        browser::set_scroll_top(&element, top);
                        viewport.set(Viewport {
                            top,
                            height: viewport.height,
                        });
                    }
                    *pending.borrow_mut() = Some((target.line + 1, target.span));
                }
            }
        });
    }
    {
        let pending = pending.clone();
        use_effect(move || {
            let request = *pending.borrow();
            if let Some((number, span)) = request {
                if browser::show_line(number, span) {
                    *pending.borrow_mut() = None;
                }
            }
        });
    }

    let on_scroll = {
        let viewport = viewport.clone();
        let layout = layout.clone();
        let current = range.clone();
        Callback::from(move |event: Event| {
            let Some(element) = event.target_dyn_into::<web_sys::Element>() else {
                return;
            };
            let (top, height, _) = browser::scroll_metrics(&element);
            let next = layout.rows_in(top - OVERSCAN_PX, top + height + OVERSCAN_PX);
            // Re-render only when other lines come into view.
            if windowed && next != current {
                viewport.set(Viewport { top, height });
            }
        })
    };
    let on_over = {
        let state = state.clone();
        Callback::from(move |event: MouseEvent| {
            if let Some(id) = browser::member_of(event.target()) {
                state.dispatch(Action::Hover(Some(id)));
            }
        })
    };
    let on_out = {
        let state = state.clone();
        Callback::from(move |event: MouseEvent| {
            let from = browser::member_of(event.target());
            let to = browser::member_of(event.related_target());
            if from.is_some() && from != to && state.pinned.is_none() {
                state.dispatch(Action::Hover(to));
            }
        })
    };
    let on_focus_in = {
        let state = state.clone();
        Callback::from(move |event: FocusEvent| {
            if let Some(id) = browser::span_of(event.target()) {
                state.dispatch(Action::Select(Some(id)));
            }
            if let Some(id) = browser::member_of(event.target()) {
                state.dispatch(Action::Hover(Some(id)));
            }
        })
    };
    let on_focus_out = {
        let state = state.clone();
        Callback::from(move |event: FocusEvent| {
            let to = browser::member_of(event.related_target());
            state.dispatch(Action::Hover(to));
        })
    };
    let on_click = {
        let state = state.clone();
        Callback::from(move |event: MouseEvent| {
            // A click that ends a text selection is for marking, not for choosing a span.
            if browser::selected_text_range().is_some() {
                return;
            }
            if let Some(id) = browser::span_of(event.target()) {
                state.dispatch(Action::Click(id));
            }
        })
    };
    let on_key = {
        let state = state.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" {
                if let Some(id) = browser::span_of(event.target()) {
                    event.prevent_default();
                    event.stop_propagation();
                    state.dispatch(Action::Click(id));
                }
            }
        })
    };

    let lines = render_rows(&state, &rows[range.clone()]);
    let arcs = arcs_to_draw(&state, &rows[range.clone()]);
    let (above, below) = if windowed {
        (
            layout.top(range.start),
            layout.total() - layout.top(range.end),
        )
    } else {
        (0.0, 0.0)
    };
    let layout_key = format!(
        "{}:{}:{}:{}:{}",
        Rc::as_ptr(&doc) as usize,
        range.start,
        range.end,
        metrics.column_px,
        *version
    );
    // Blank lines are no text either: the empty state replaces them.
    let blank = doc.text.trim().is_empty();
    let empty = (rows.is_empty() || blank).then(|| {
        if blank {
            html! { <EmptyDocument /> }
        } else {
            html! {
                <p class="empty">{ state.lang.pick("没有符合筛选条件的行。", "No line matches the filter.") }</p>
            }
        }
    });
    let lines = if blank { Html::default() } else { lines };
    html! {
        <div class="doc-scroller" ref={scroller} onscroll={on_scroll} data-testid="document"
            data-windowed={windowed.to_string()}
            data-rendered={format!("{}-{}", range.start, range.end)}>
            <article class={classes!("document", state.linking.map(|_| "choosing-partner"))}
                lang="zh" ref={content.clone()}
                onmouseover={on_over} onmouseout={on_out} onclick={on_click}
                onfocusin={on_focus_in} onfocusout={on_focus_out} onkeydown={on_key}>
                <div class="spacer" style={format!("height:{above:.0}px")}></div>
                { lines }
                <div class="spacer" style={format!("height:{below:.0}px")}></div>
                { for empty }
                <ArcLayer container={content.clone()} {arcs} {layout_key} />
                <SelectionMarks container={content.clone()} />
            </article>
        </div>
    }
}

/// The lines `rows`, each given only the marks that fall on it.
fn render_rows(state: &AppState, rows: &[usize]) -> Html {
    let doc = &state.doc;
    let active = state.active_member();
    let active_lines: Vec<usize> = active
        .into_iter()
        .chain(active.and_then(|id| doc.partner(id)))
        .map(|id| doc.spans[id].line)
        .collect();
    let chosen_line = state
        .chosen_diagnostic
        .and_then(|d| doc.diagnostics.get(d))
        .map(|d| d.line - 1);
    let current_line = state.target.map(|t| t.line);
    let selected_line = state
        .selected
        .and_then(|id| doc.spans.get(id))
        .map(|s| s.line);
    let linking_line = state
        .linking
        .and_then(|id| doc.spans.get(id))
        .map(|s| s.line);
    let matches = state.search.matches.clone();
    let current_match = state.search.current;
    let entry_spans: Vec<SpanId> = state
        .entry
        .as_ref()
        .map(|entry| {
            entry
                .occurrences
                .iter()
                .flat_map(|&id| [Some(id), doc.partner(id)])
                .flatten()
                .collect()
        })
        .unwrap_or_default();
    rows.iter()
        .map(|&index| {
            let line_matches = matches_on_line(doc, &matches, index);
            let entry: Vec<SpanId> = entry_spans
                .iter()
                .copied()
                .filter(|&id| doc.spans[id].line == index)
                .collect();
            html! {
                <LineView key={index} doc={doc.clone()} numbers={state.pair_numbers.clone()}
                    {index} lang={state.lang}
                    chosen={if chosen_line == Some(index) { state.chosen_diagnostic } else { None }}
                    active={if active_lines.contains(&index) { active } else { None }}
                    current={if current_line == Some(index) { state.target.and_then(|t| t.span) } else { None }}
                    selected={if selected_line == Some(index) { state.selected } else { None }}
                    linking={if linking_line == Some(index) { state.linking } else { None }}
                    matches={matches.clone()}
                    current_match={current_match.filter(|m| line_matches.contains(m))}
                    {line_matches}
                    {entry} />
            }
        })
        .collect()
}

/// The pairs whose arcs are drawn: the lit one, or with "all arcs" every pair on screen.
fn arcs_to_draw(state: &AppState, rows: &[usize]) -> Vec<Arc> {
    let doc = &state.doc;
    let on_screen = |id: SpanId| rows.binary_search(&doc.spans[id].line).is_ok();
    let mut pairs: Vec<usize> = Vec::new();
    if state.all_arcs {
        for &line in rows {
            for id in doc.lines[line].spans.clone() {
                if let Some(p) = doc.spans[id].pair {
                    if doc.pairs[p].first == id {
                        pairs.push(p);
                    }
                }
            }
        }
    }
    if let Some(p) = state.active_member().and_then(|id| doc.spans[id].pair) {
        if !pairs.contains(&p) {
            pairs.push(p);
        }
    }
    pairs
        .into_iter()
        .map(|p| Arc::of(doc, &state.pair_numbers, p))
        .filter(|arc| on_screen(arc.first) && on_screen(arc.second))
        .collect()
}
