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
use crate::comparing::{marks_by_line, LineMarks};
use crate::segments::{matches_on_line, problem_range, problems_on_line, LineParts};
use crate::state::{Action, AppState};
use crate::suggesting::LineSuggestions;
use crate::window::{by_line, renders_whole, rows_of, text_width_em, Metrics, Row, RowLayout};

/// Extra height rendered above and below the screen, so fast scrolling shows no gaps.
const OVERSCAN_PX: f64 = 800.0;

#[derive(Clone, Copy, PartialEq)]
struct Viewport {
    top: f64,
    height: f64,
}

/// An `Rc` that compares by identity. Memos keyed by it hold what they were computed from,
/// so a new value can never take the old one's address and pass for it.
struct Same<T>(Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What the layout was computed from; a change recomputes it.
#[derive(PartialEq)]
struct LayoutKey {
    doc: Same<Document>,
    rows: Same<Rows>,
    metrics: Metrics,
    version: u64,
}

struct LayoutCache {
    key: Option<LayoutKey>,
    layout: Rc<RowLayout>,
    /// Measured heights by row, valid for the current document and metrics.
    measured: HashMap<Row, f32>,
}

/// The rows of the view under the current filter, and whether only those on screen render.
#[derive(PartialEq)]
struct Rows {
    rows: Vec<Row>,
    windowed: bool,
}

/// Where to bring the view once the target's row is rendered.
#[derive(Clone, Copy)]
struct Place {
    /// 1-based line number.
    number: usize,
    /// The part, on a line rendered in parts.
    part: Option<usize>,
    span: Option<SpanId>,
    /// The marked element the target is (a chosen problem, the current match), if any.
    mark: Option<&'static str>,
}

/// The document, one paragraph per line with line numbers, under the current filter. Lines
/// within [`renders_whole`]'s limits are all rendered; beyond, only the rows on screen are,
/// between two spacers whose heights come from estimated and measured heights. A row is a line,
/// or a part of a line too long to render at once ([`LineParts`]).
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
    let widths = use_memo(Same(doc.clone()), {
        let doc = doc.clone();
        move |_| {
            (0..doc.lines.len())
                .map(|i| text_width_em(doc.line_text(i)))
                .collect::<Vec<f32>>()
        }
    });
    // The lines too long to render at once, cut into parts once per document.
    let parts = use_memo(Same(doc.clone()), {
        let doc = doc.clone();
        move |_| {
            (0..doc.lines.len())
                .filter_map(|i| Some((i, Rc::new(LineParts::of(&doc, i)?))))
                .collect::<HashMap<usize, Rc<LineParts>>>()
        }
    });
    // The filter's rows, recomputed only when what they depend on changes.
    let view = use_memo(
        (
            Same(doc.clone()),
            state.filter,
            Same(state.search.matches.clone()),
            Same(parts.clone()),
        ),
        {
            let doc = doc.clone();
            let state = state.clone();
            let parts = parts.clone();
            move |_| {
                let lines = state.visible_lines();
                let bytes = lines.iter().map(|&l| doc.lines[l].range.len()).sum();
                let marks = lines
                    .iter()
                    .map(|&l| doc.lines[l].spans.len() + problems_on_line(&doc, l).len())
                    .sum();
                let windowed = !renders_whole(lines.len(), bytes, marks);
                let count = |line: usize| match windowed {
                    true => parts.get(&line).map_or(1, |p| p.ranges.len()),
                    false => 1,
                };
                Rows {
                    rows: rows_of(&lines, count),
                    windowed,
                }
            }
        },
    );
    let windowed = view.windowed;
    let rows = &view.rows;
    // The parts of a line, when it is rendered in parts.
    let parts_of = |line: usize| parts.get(&line).filter(|_| windowed);
    let cache = use_mut_ref(|| LayoutCache {
        key: None,
        layout: Rc::new(RowLayout::new(Vec::new())),
        measured: HashMap::new(),
    });
    let layout = {
        let mut cache = cache.borrow_mut();
        let key = LayoutKey {
            doc: Same(doc.clone()),
            rows: Same(view.clone()),
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
            let heights =
                rows.iter()
                    .map(|row| {
                        cache.measured.get(row).copied().unwrap_or_else(|| {
                            match parts_of(row.line) {
                                Some(parts) => metrics.estimate_part(parts.widths[row.part]),
                                None => metrics.estimate(widths[row.line]),
                            }
                        })
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
        let view = view.clone();
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
            for (line, part, height) in browser::measure_rows(&element) {
                let Ok(row) = view.rows[range.clone()].binary_search(&Row { line, part }) else {
                    continue;
                };
                if (layout.height(range.start + row) - height).abs() > 0.5 {
                    cache.measured.insert(Row { line, part }, height);
                    changed = true;
                }
            }
            if changed {
                version.set(*version + 1);
            }
        });
    }

    // Bring the target on screen: scroll to its estimated place so it renders, then to it.
    let pending = use_mut_ref(|| None::<Place>);
    {
        let scroller = scroller.clone();
        let viewport = viewport.clone();
        let pending = pending.clone();
        let view = view.clone();
        let layout = layout.clone();
        let line_parts = state.target.and_then(|t| parts_of(t.line)).cloned();
        let mark = state
            .target
            .and_then(|t| target_mark(&state, t.line, t.offset));
        use_effect_with(state.target, move |target| {
            if let Some(target) = target {
                let part = line_parts.as_ref().map(|p| p.part_at(target.offset));
                let row = Row {
                    line: target.line,
                    part: part.unwrap_or(0),
                };
                if let (Ok(row), Some(element)) = (
                    view.rows.binary_search(&row),
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
                    *pending.borrow_mut() = Some(Place {
                        number: target.line + 1,
                        part,
                        span: target.span,
                        mark,
                    });
                }
            }
        });
    }
    {
        let pending = pending.clone();
        use_effect(move || {
            let request = *pending.borrow();
            if let Some(place) = request {
                if browser::show_place(place.number, place.part, place.span, place.mark) {
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
            if let Some(index) = browser::disagreement_of(event.target()) {
                state.dispatch(Action::FocusDisagreement(index));
            }
            if let Some(index) = browser::suggestion_of(event.target()) {
                state.dispatch(Action::FocusSuggested(index));
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

    // The disagreements' marks change with the comparison (every focus or decision), not
    // with a hover.
    let marks = use_memo(
        (state.comparison.clone(), state.doc.clone()),
        |(comparison, doc)| {
            let session = comparison.as_ref().and_then(|c| c.session());
            let by_line = session.map(|s| marks_by_line(doc, s)).unwrap_or_default();
            let focus = session.and_then(|s| s.current(doc));
            let by_line: HashMap<usize, Rc<LineMarks>> = by_line
                .into_iter()
                .map(|(line, m)| (line, Rc::new(m)))
                .collect();
            (by_line, focus)
        },
    );
    let shown = by_line(&rows[range.clone()]);
    // The suggestions' marks change with every step, accept or reject.
    let suggested = use_memo(state.suggesting.clone(), |suggesting| {
        suggesting.as_ref().map(|s| s.by_line()).unwrap_or_default()
    });
    let rendered = render_rows(
        &state,
        &shown,
        |line| parts_of(line).cloned(),
        &marks,
        &suggested,
    );
    let shown_text: Vec<(usize, Range<usize>)> = shown
        .iter()
        .map(|(line, parts)| {
            let text = match parts_of(*line) {
                Some(p) => p.ranges[parts.start].start..p.ranges[parts.end - 1].end,
                None => doc.lines[*line].range.clone(),
            };
            (*line, text)
        })
        .collect();
    let arcs = arcs_to_draw(&state, &shown_text);
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
    let rendered = if blank { Html::default() } else { rendered };
    html! {
        <div class="doc-scroller" ref={scroller} onscroll={on_scroll} data-testid="document"
            data-windowed={windowed.to_string()}
            data-rendered={format!("{}-{}", range.start, range.end)}>
            <article class={classes!("document", state.linking.map(|_| "choosing-partner"))}
                lang="zh" ref={content.clone()}
                onmouseover={on_over} onmouseout={on_out} onclick={on_click}
                onfocusin={on_focus_in} onfocusout={on_focus_out} onkeydown={on_key}>
                <div class="spacer" style={format!("height:{above:.0}px")}></div>
                { rendered }
                <div class="spacer" style={format!("height:{below:.0}px")}></div>
                { for empty }
                <ArcLayer container={content.clone()} {arcs} {layout_key} />
                <SelectionMarks container={content.clone()} />
            </article>
        </div>
    }
}

/// Which marked element a target is, if it is the chosen problem or the current match.
fn target_mark(state: &AppState, line: usize, offset: usize) -> Option<&'static str> {
    let doc = &state.doc;
    let problem = state
        .chosen_diagnostic
        .filter(|&d| doc.diagnostics.get(d).is_some_and(|p| p.line == line + 1))
        .map(|d| problem_range(doc, d).start);
    let matched = state
        .search
        .current
        .and_then(|m| state.search.matches.get(m))
        .map(|m| m.start);
    let comparing = state.comparison.as_ref().and_then(|c| c.session());
    if comparing.is_some_and(|s| s.at == Some(offset)) {
        Some(".disagreement-focus")
    } else if problem == Some(offset) {
        Some(".problem.chosen")
    } else if matched == Some(offset) {
        Some(".current-match")
    } else {
        None
    }
}

/// The lines `shown` (each with the range of its parts on screen), each given only the marks
/// that fall on it.
fn render_rows(
    state: &AppState,
    shown: &[(usize, Range<usize>)],
    parts_of: impl Fn(usize) -> Option<Rc<LineParts>>,
    (marks, focus): &(HashMap<usize, Rc<LineMarks>>, Option<usize>),
    suggested: &HashMap<usize, Rc<LineSuggestions>>,
) -> Html {
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
    shown
        .iter()
        .map(|(index, parts)| {
            let index = *index;
            let line_matches = matches_on_line(doc, &matches, index);
            let entry: Vec<SpanId> = entry_spans
                .iter()
                .copied()
                .filter(|&id| doc.spans[id].line == index)
                .collect();
            html! {
                <LineView key={index} doc={doc.clone()} numbers={state.pair_numbers.clone()}
                    lexicon={state.lexicon.clone()}
                    {index} lang={state.lang}
                    chosen={if chosen_line == Some(index) { state.chosen_diagnostic } else { None }}
                    active={if active_lines.contains(&index) { active } else { None }}
                    current={if current_line == Some(index) { state.target.and_then(|t| t.span) } else { None }}
                    selected={if selected_line == Some(index) { state.selected } else { None }}
                    linking={if linking_line == Some(index) { state.linking } else { None }}
                    matches={matches.clone()}
                    current_match={current_match.filter(|m| line_matches.contains(m))}
                    {line_matches}
                    {entry} parts={parts_of(index)} shown={parts.clone()}
                    disagreements={marks.get(&index).cloned()}
                    suggestions={suggested.get(&index).cloned()}
                    focus={focus.filter(|&f| marks.get(&index).is_some_and(|m| m.has(f)))} />
            }
        })
        .collect()
}

/// The pairs whose arcs are drawn: the lit one, or with "all arcs" every pair on screen.
/// `shown` is each line on screen with the text of it rendered (a whole line, or the parts on
/// screen of a line in parts), in line order.
fn arcs_to_draw(state: &AppState, shown: &[(usize, Range<usize>)]) -> Vec<Arc> {
    let doc = &state.doc;
    let on_screen = |id: SpanId| {
        let span = &doc.spans[id];
        shown
            .binary_search_by_key(&span.line, |(line, _)| *line)
            .is_ok_and(|i| shown[i].1.contains(&span.range.start))
    };
    let mut pairs: Vec<usize> = Vec::new();
    if state.all_arcs {
        for (line, text) in shown {
            let spans = &doc.spans[doc.lines[*line].spans.clone()];
            let first = doc.lines[*line].spans.start
                + spans.partition_point(|s| s.range.start < text.start);
            let last =
                doc.lines[*line].spans.start + spans.partition_point(|s| s.range.start < text.end);
            for id in first..last {
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
