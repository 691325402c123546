//! A small horizontal bar chart drawn as inline SVG. The geometry is computed by pure
//! functions (tested natively); the component only turns it into elements. Colours come from
//! CSS classes, so the chart follows the page's light and dark themes.

use yew::prelude::*;

use crate::i18n::Lang;

/// At most this many bars are drawn: the first rows given.
pub const MAX_BARS: usize = 8;

/// The chart's own coordinate system (the `viewBox`); the SVG scales to its container.
pub const VIEW_WIDTH: f64 = 320.0;
const ROW_HEIGHT: f64 = 22.0;
const BAR_HEIGHT: f64 = 14.0;
const PADDING: f64 = 4.0;
/// The label font size in user units; also the width of one CJK character.
const FONT_SIZE: f64 = 12.0;
/// Space between a label and its bar.
const LABEL_GAP: f64 = 6.0;
/// Space after a bar for its count (four digits fit).
const COUNT_SPACE: f64 = 36.0;
/// Labels never take more than this share of the width; longer ones are clipped.
const MAX_LABEL_SHARE: f64 = 0.4;

/// One bar: its row, where it sits and how long it is, in user units.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The label as drawn: the row's text, clipped with `…` if it is too wide.
    pub label: String,
    /// The row's text in full.
    pub text: String,
    pub count: usize,
    /// Left edge of the bar; labels end `LABEL_GAP` before it.
    pub x: f64,
    /// Top edge of the bar.
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Baseline for the label and the count, centred on the bar.
    pub baseline: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChartLayout {
    pub bars: Vec<Bar>,
    pub height: f64,
}

/// Estimated drawn width of a text: CJK and other wide characters take a full em, ASCII
/// about six tenths. Good enough to size a label column without measuring in the browser.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum::<f64>()
        * FONT_SIZE
}

/// `text` cut so that it, with a trailing `…`, fits in `max` user units.
fn clip_label(text: &str, max: f64) -> String {
    if text_width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = text_width("…");
    for c in text.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]));
        if used + w > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Lays out the first [`MAX_BARS`] rows in a chart `width` units wide: one bar per row, top
/// to bottom in the order given, lengths proportional to the counts, the largest filling the
/// room left by the labels and the counts.
pub fn bar_layout(rows: &[(String, usize)], width: f64) -> ChartLayout {
    let rows = &rows[..rows.len().min(MAX_BARS)];
    let widest = rows
        .iter()
        .map(|(text, _)| text_width(text))
        .fold(0.0, f64::max);
    let label_width = widest.min(width * MAX_LABEL_SHARE);
    let x = PADDING + label_width + LABEL_GAP;
    let track = (width - x - COUNT_SPACE).max(0.0);
    let max = rows.iter().map(|&(_, count)| count).max().unwrap_or(0);
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (text, count))| {
            let y = PADDING + i as f64 * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
            let width = if max == 0 {
                0.0
            } else {
                // Even the smallest count stays visible as a sliver.
                (track * *count as f64 / max as f64).max(if *count > 0 { 1.0 } else { 0.0 })
            };
            Bar {
                label: clip_label(text, label_width),
                text: text.clone(),
                count: *count,
                x,
                y,
                width,
                height: BAR_HEIGHT,
                baseline: y + BAR_HEIGHT / 2.0 + FONT_SIZE * 0.35,
            }
        })
        .collect();
    ChartLayout {
        bars,
        height: 2.0 * PADDING + rows.len() as f64 * ROW_HEIGHT,
    }
}

/// What a screen reader hears for the chart: the title and every bar's text and count.
pub fn summary(title: &str, rows: &[(String, usize)], lang: Lang) -> String {
    let shown = &rows[..rows.len().min(MAX_BARS)];
    let items: Vec<String> = shown.iter().map(|(t, n)| format!("{t} {n}")).collect();
    let more = rows.len() > shown.len();
    match lang {
        Lang::Zh if items.is_empty() => format!("{title}：无"),
        Lang::Zh if more => format!("{title}（前 {} 项）：{}", shown.len(), items.join("，")),
        Lang::Zh => format!("{title}：{}", items.join("，")),
        Lang::En if items.is_empty() => format!("{title}: none"),
        Lang::En if more => format!("{title}, top {}: {}", shown.len(), items.join(", ")),
        Lang::En => format!("{title}: {}", items.join(", ")),
    }
}

/// A number for an SVG attribute, to a tenth of a unit.
fn num(x: f64) -> String {
    format!("{x:.1}")
}

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    /// Texts and counts, most frequent first; the first [`MAX_BARS`] are drawn.
    pub rows: Vec<(String, usize)>,
    pub title: String,
    pub lang: Lang,
    /// Extra classes on the `<svg>`, e.g. to colour the bars of one kind of entry.
    #[prop_or_default]
    pub class: Classes,
}

/// The most frequent entries as horizontal bars, labelled on the left, counted on the right.
#[function_component(BarChart)]
pub fn bar_chart(props: &BarChartProps) -> Html {
    let layout = bar_layout(&props.rows, VIEW_WIDTH);
    let label = summary(&props.title, &props.rows, props.lang);
    html! {
        <svg class={classes!("bar-chart", props.class.clone())} role="img" aria-label={label}
            viewBox={format!("0 0 {} {}", num(VIEW_WIDTH), num(layout.height))}
            width="100%" lang="zh">
            <title>{ props.title.clone() }</title>
            { for layout.bars.iter().map(|bar| html! {
                <g class="bar-row">
                    <title>{ format!("{} {}", bar.text, bar.count) }</title>
                    <text class="bar-label" x={num(bar.x - LABEL_GAP)} y={num(bar.baseline)}
                        text-anchor="end">{ bar.label.clone() }</text>
                    <rect class="bar" x={num(bar.x)} y={num(bar.y)} width={num(bar.width)}
                        height={num(bar.height)} rx="2" />
                    <text class="bar-count" x={num(bar.x + bar.width + 4.0)} y={num(bar.baseline)}>
                        { bar.count }
                    </text>
                </g>
            }) }
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(items: &[(&str, usize)]) -> Vec<(String, usize)> {
        items.iter().map(|&(t, n)| (t.to_string(), n)).collect()
    }

    #[test]
    fn bars_are_proportional_to_counts_and_the_largest_fills_the_track() {
        let layout = bar_layout(&rows(&[("虽然…但", 4), ("也", 2), ("还", 1)]), 320.0);
        let widths: Vec<f64> = layout.bars.iter().map(|b| b.width).collect();
        let x = layout.bars[0].x;
        let track = 320.0 - x - COUNT_SPACE;
        assert!((widths[0] - track).abs() < 1e-9, "{widths:?}");
        assert!((widths[1] - track / 2.0).abs() < 1e-9, "{widths:?}");
        assert!((widths[2] - track / 4.0).abs() < 1e-9, "{widths:?}");
        assert!(
            x + widths[0] + COUNT_SPACE <= 320.0 + 1e-9,
            "the count fits after the bar"
        );
    }

    #[test]
    fn bars_go_down_in_the_given_order_and_the_height_fits_them() {
        let layout = bar_layout(&rows(&[("甲", 3), ("乙", 3), ("丙", 1)]), 320.0);
        let texts: Vec<&str> = layout.bars.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["甲", "乙", "丙"]);
        assert!(layout
            .bars
            .windows(2)
            .all(|w| w[0].y + w[0].height < w[1].y));
        let last = &layout.bars[2];
        assert!(last.y + last.height <= layout.height);
        assert!(layout
            .bars
            .iter()
            .all(|b| b.baseline > b.y && b.baseline < b.y + b.height));
    }

    #[test]
    fn only_the_first_eight_rows_are_drawn() {
        let many: Vec<(String, usize)> = (0..12).map(|i| (format!("词{i}"), 12 - i)).collect();
        let layout = bar_layout(&many, 320.0);
        assert_eq!(layout.bars.len(), MAX_BARS);
        assert_eq!(layout.bars[7].text, "词7");
    }

    #[test]
    fn no_rows_make_an_empty_chart_without_dividing_by_zero() {
        let layout = bar_layout(&[], 320.0);
        assert!(layout.bars.is_empty());
        assert_eq!(layout.height, 2.0 * PADDING);
        let zero = bar_layout(&rows(&[("也", 0)]), 320.0);
        assert_eq!(zero.bars[0].width, 0.0);
    }

    #[test]
    fn the_label_column_is_as_wide_as_the_longest_label() {
        let short = bar_layout(&rows(&[("也", 1)]), 320.0);
        let long = bar_layout(&rows(&[("也", 1), ("不但…而且", 1)]), 320.0);
        assert!((short.bars[0].x - (PADDING + 12.0 + LABEL_GAP)).abs() < 1e-9);
        assert!((long.bars[0].x - (PADDING + 60.0 + LABEL_GAP)).abs() < 1e-9);
        assert_eq!(long.bars[1].label, "不但…而且");
    }

    #[test]
    fn a_label_too_wide_is_clipped_with_an_ellipsis_and_keeps_its_full_text() {
        let text = "一二三四五六七八九十一二三四五";
        let layout = bar_layout(&rows(&[(text, 2)]), 320.0);
        let bar = &layout.bars[0];
        assert_eq!(bar.text, text);
        assert!(bar.label.ends_with('…'), "{}", bar.label);
        assert!(text_width(&bar.label) <= 320.0 * MAX_LABEL_SHARE);
        assert!(bar.width > 0.0, "the bar keeps room even with a long label");
    }

    #[test]
    fn the_summary_lists_the_drawn_bars_in_both_languages() {
        let r = rows(&[("虽然…但", 3), ("不仅…而且", 1)]);
        assert_eq!(
            summary("Pair frequencies", &r, Lang::En),
            "Pair frequencies: 虽然…但 3, 不仅…而且 1"
        );
        assert_eq!(
            summary("配对词频", &r, Lang::Zh),
            "配对词频：虽然…但 3，不仅…而且 1"
        );
        assert_eq!(summary("配对词频", &[], Lang::Zh), "配对词频：无");
        let many: Vec<(String, usize)> = (0..10).map(|i| (format!("w{i}"), 1)).collect();
        let en = summary("Candidates", &many, Lang::En);
        assert!(en.starts_with("Candidates, top 8: w0 1"), "{en}");
        assert!(!en.contains("w8"), "{en}");
    }
}
