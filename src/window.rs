//! The geometry of the windowed document view: how tall each line is (estimated from its text,
//! corrected by measuring what was rendered) and which lines a scroll position shows.
//! Pure, so it is tested natively.

use std::ops::Range;

/// Above this many lines, the view renders only what is on screen.
pub const FULL_RENDER_LIMIT: usize = 2000;
/// Above this much text (bytes) on the lines shown, the view renders only what is on screen.
pub const FULL_RENDER_BYTES: usize = 1 << 20;
/// Above this many spans and problems on the lines shown, the view renders only what is on
/// screen: each is an element, and a few lines can carry 100,000 of them.
pub const FULL_RENDER_MARKS: usize = 20_000;

/// Whether lines holding `bytes` of text and `marks` spans and problems are all rendered.
pub fn renders_whole(lines: usize, bytes: usize, marks: usize) -> bool {
    lines <= FULL_RENDER_LIMIT && bytes <= FULL_RENDER_BYTES && marks <= FULL_RENDER_MARKS
}

/// A row of the windowed view: a whole line (part 0), or one part of a line so long that it
/// is rendered in parts. Rows are ordered by line, then part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Row {
    /// 0-based line index.
    pub line: usize,
    pub part: usize,
}

/// The rows that show `lines`: one per line, or one per part of a line `parts` says has more
/// than one.
pub fn rows_of(lines: &[usize], parts: impl Fn(usize) -> usize) -> Vec<Row> {
    let mut rows = Vec::with_capacity(lines.len());
    for &line in lines {
        rows.extend((0..parts(line).max(1)).map(|part| Row { line, part }));
    }
    rows
}

/// The lines of `rows` in order, each with the range of its parts among them.
pub fn by_line(rows: &[Row]) -> Vec<(usize, Range<usize>)> {
    let mut out: Vec<(usize, Range<usize>)> = Vec::new();
    for row in rows {
        match out.last_mut() {
            Some((line, parts)) if *line == row.line && parts.end == row.part => parts.end += 1,
            _ => out.push((row.line, row.part..row.part + 1)),
        }
    }
    out
}

/// The width of `text` in em: CJK and other wide characters take a full em, the rest about half.
pub fn text_width_em(text: &str) -> f32 {
    text.chars()
        .map(|c| if is_wide(c) { 1.0 } else { 0.55 })
        .sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}

/// The type metrics the estimate needs, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    /// Width of the text column.
    pub column_px: f32,
    pub font_px: f32,
    pub line_height_px: f32,
    /// Padding and borders of a line block.
    pub chrome_px: f32,
}

impl Metrics {
    pub fn estimate(&self, width_em: f32) -> f32 {
        let per_row = (self.column_px / self.font_px).max(1.0);
        let rows = (width_em / per_row).ceil().max(1.0);
        rows * self.line_height_px + self.chrome_px
    }

    /// The height of one part of a line rendered in parts: its rows, without the line's
    /// padding and border (which the line adds once, not per part).
    pub fn estimate_part(&self, width_em: f32) -> f32 {
        self.estimate(width_em) - self.chrome_px
    }
}

/// Heights and top offsets of the rows of the view.
#[derive(Clone, Debug, PartialEq)]
pub struct RowLayout {
    heights: Vec<f32>,
    /// `tops[i]` is the top of row `i`; one more entry holds the total height.
    tops: Vec<f64>,
}

impl RowLayout {
    pub fn new(heights: Vec<f32>) -> Self {
        let mut tops = Vec::with_capacity(heights.len() + 1);
        let mut top = 0.0f64;
        tops.push(top);
        for &h in &heights {
            top += f64::from(h);
            tops.push(top);
        }
        RowLayout { heights, tops }
    }

    pub fn len(&self) -> usize {
        self.heights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heights.is_empty()
    }

    pub fn total(&self) -> f64 {
        self.tops[self.heights.len()]
    }

    pub fn top(&self, row: usize) -> f64 {
        self.tops[row.min(self.heights.len())]
    }

    pub fn height(&self, row: usize) -> f32 {
        self.heights[row]
    }

    /// The rows that intersect `[top, bottom)`.
    pub fn rows_in(&self, top: f64, bottom: f64) -> Range<usize> {
        let n = self.heights.len();
        // The first row whose bottom is below `top`.
        let first = self.tops[1..].partition_point(|&b| b <= top).min(n);
        let last = self.tops[..n].partition_point(|&t| t < bottom).max(first);
        first..last
    }
}

/// The rows of a list of `count` rows of `row_px` each that a scroll box showing
/// `[top, top + height)` needs, with `overscan` more on either side.
pub fn fixed_rows_in(
    top: f64,
    height: f64,
    row_px: f64,
    count: usize,
    overscan: usize,
) -> Range<usize> {
    let first = (top.max(0.0) / row_px).floor() as usize;
    let last = ((top.max(0.0) + height.max(0.0)) / row_px).ceil() as usize;
    first.saturating_sub(overscan).min(count)..last.saturating_add(overscan).min(count)
}

/// The scroll position that shows row `row` of `row_px` in a box `[top, top + height)`: the
/// same if it is in view, else one with the row a third of the way down.
pub fn scroll_to_show(row: usize, row_px: f64, top: f64, height: f64) -> f64 {
    let row_top = row as f64 * row_px;
    if row_top >= top && row_top + row_px <= top + height {
        top
    } else {
        (row_top - height / 3.0).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_a_full_em_and_latin_about_half() {
        assert_eq!(text_width_em("中文"), 2.0);
        assert!((text_width_em("ab") - 1.1).abs() < 1e-6);
        assert_eq!(text_width_em("𠮷，"), 2.0);
    }

    #[test]
    fn a_line_wraps_into_as_many_rows_as_its_width_needs() {
        let m = Metrics {
            column_px: 200.0,
            font_px: 20.0,
            line_height_px: 40.0,
            chrome_px: 10.0,
        };
        assert_eq!(m.estimate(0.0), 50.0, "an empty line still takes a row");
        assert_eq!(m.estimate(10.0), 50.0);
        assert_eq!(m.estimate(10.5), 90.0);
        assert_eq!(m.estimate(30.0), 130.0);
    }

    #[test]
    fn a_list_of_fixed_rows_shows_those_in_the_box_and_a_few_more() {
        assert_eq!(fixed_rows_in(0.0, 100.0, 10.0, 1000, 5), 0..15);
        assert_eq!(fixed_rows_in(505.0, 100.0, 10.0, 1000, 5), 45..66);
        assert_eq!(fixed_rows_in(9_990.0, 100.0, 10.0, 1000, 5), 994..1000);
        assert_eq!(fixed_rows_in(50_000.0, 100.0, 10.0, 1000, 5), 1000..1000);
        assert_eq!(fixed_rows_in(0.0, 100.0, 10.0, 0, 5), 0..0);
    }

    #[test]
    fn a_row_out_of_view_is_scrolled_to_a_third_of_the_way_down() {
        assert_eq!(scroll_to_show(5, 10.0, 0.0, 90.0), 0.0, "in view: stay");
        assert_eq!(
            scroll_to_show(9, 10.0, 0.0, 90.0),
            60.0,
            "cut at the bottom"
        );
        assert_eq!(scroll_to_show(99_997, 30.0, 0.0, 600.0), 2_999_710.0);
        assert_eq!(scroll_to_show(0, 30.0, 500.0, 600.0), 0.0);
    }

    #[test]
    fn a_part_is_estimated_without_the_lines_padding() {
        let m = Metrics {
            column_px: 200.0,
            font_px: 20.0,
            line_height_px: 40.0,
            chrome_px: 10.0,
        };
        assert_eq!(m.estimate_part(10.5), 80.0);
    }

    #[test]
    fn everything_is_rendered_only_below_every_limit() {
        assert!(renders_whole(
            FULL_RENDER_LIMIT,
            FULL_RENDER_BYTES,
            FULL_RENDER_MARKS
        ));
        assert!(!renders_whole(FULL_RENDER_LIMIT + 1, 0, 0));
        assert!(
            !renders_whole(1, FULL_RENDER_BYTES + 1, 0),
            "one 10 MB line"
        );
        assert!(!renders_whole(1, 1000, 99_998), "one line of many problems");
    }

    #[test]
    fn lines_in_parts_give_a_row_per_part_and_group_back_by_line() {
        let rows = rows_of(&[2, 5, 9], |line| if line == 5 { 3 } else { 1 });
        let row = |line, part| Row { line, part };
        assert_eq!(
            rows,
            [row(2, 0), row(5, 0), row(5, 1), row(5, 2), row(9, 0)]
        );
        assert_eq!(by_line(&rows), [(2, 0..1), (5, 0..3), (9, 0..1)]);
        assert_eq!(by_line(&rows[2..4]), [(5, 1..3)]);
        assert_eq!(by_line(&rows[3..]), [(5, 2..3), (9, 0..1)]);
        assert!(by_line(&[]).is_empty());
    }

    #[test]
    fn rows_in_a_window_are_those_that_intersect_it() {
        let layout = RowLayout::new(vec![10.0, 20.0, 30.0, 40.0]);
        assert_eq!(layout.total(), 100.0);
        assert_eq!(layout.top(2), 30.0);
        assert_eq!(layout.rows_in(0.0, 10.0), 0..1);
        assert_eq!(layout.rows_in(5.0, 31.0), 0..3);
        assert_eq!(layout.rows_in(30.0, 60.0), 2..3);
        assert_eq!(layout.rows_in(95.0, 500.0), 3..4);
        assert_eq!(layout.rows_in(200.0, 300.0), 4..4);
        assert_eq!(RowLayout::new(vec![]).rows_in(0.0, 100.0), 0..0);
    }
}
