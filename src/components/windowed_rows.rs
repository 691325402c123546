//! The windowing shared by long lists of rows of one fixed height (problems, corpus search
//! hits): beyond a limit only the rows in view are rendered, between two spacers.

use std::ops::Range;

use yew::prelude::*;

use crate::browser;
use crate::window::{fixed_rows_in, scroll_to_show};

/// Rows rendered above and below the box, so that scrolling shows no gap.
const OVERSCAN_ROWS: usize = 20;

/// What a windowed list renders: which rows, the scroll handler for its box, and spacers.
pub struct WindowedRows {
    pub rows: Range<usize>,
    pub windowed: bool,
    pub on_scroll: Callback<Event>,
    total: usize,
    row_px: f64,
}

impl WindowedRows {
    /// The spacer standing for the rows before the rendered ones.
    pub fn before(&self) -> Option<Html> {
        self.spacer(self.rows.start)
    }

    /// The spacer standing for the rows after the rendered ones.
    pub fn after(&self) -> Option<Html> {
        self.spacer(self.total - self.rows.end)
    }

    // Spacers, not padding: padding would count in the box's own height.
    fn spacer(&self, rows: usize) -> Option<Html> {
        (self.windowed && rows > 0).then(|| {
            let style = format!("height:{:.0}px", rows as f64 * self.row_px);
            html! { <li class="spacer" role="presentation" aria-hidden="true" {style}></li> }
        })
    }
}

/// Windows the list in `list` (a scrolling box of `total` rows of `row_px` each) when it has
/// more than `full_limit` rows. A change of `list_key` (a new list) scrolls back to the top;
/// a change of `chosen` scrolls that row into view.
#[hook]
pub fn use_windowed_rows(
    list: NodeRef,
    total: usize,
    full_limit: usize,
    row_px: f64,
    list_key: usize,
    chosen: Option<usize>,
) -> WindowedRows {
    let windowed = total > full_limit;
    // The list's scroll position and height.
    let view = use_state(|| (0.0f64, 600.0f64));
    {
        let list = list.clone();
        let view = view.clone();
        use_effect_with(list_key, move |_| {
            if let Some(element) = list.cast::<web_sys::Element>() {
                browser::set_scroll_top(&element, 0.0);
                let (_, height, _) = browser::scroll_metrics(&element);
                view.set((0.0, height));
            }
        });
    }
    {
        let view = view.clone();
        use_effect_with(chosen, move |chosen| {
            let (Some(index), Some(element)) = (*chosen, list.cast::<web_sys::Element>()) else {
                return;
            };
            if !windowed {
                return;
            }
            let (top, height, _) = browser::scroll_metrics(&element);
            let next = scroll_to_show(index, row_px, top, height);
            if next != top {
                browser::set_scroll_top(&element, next);
            }
            view.set((next, height));
        });
    }
    // The list never shows more than a window's height, whatever its box says.
    let in_view = move |top: f64, height: f64| {
        fixed_rows_in(
            top,
            height.min(browser::window_height()),
            row_px,
            total,
            OVERSCAN_ROWS,
        )
    };
    let rows = if windowed {
        in_view(view.0, view.1)
    } else {
        0..total
    };
    let on_scroll = {
        let current = rows.clone();
        Callback::from(move |event: Event| {
            let Some(element) = event.target_dyn_into::<web_sys::Element>() else {
                return;
            };
            let (top, height, _) = browser::scroll_metrics(&element);
            // Re-render only when other rows come into view.
            if windowed && in_view(top, height) != current {
                view.set((top, height));
            }
        })
    };
    WindowedRows {
        rows,
        windowed,
        on_scroll,
        total,
        row_px,
    }
}
