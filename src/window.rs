//! The geometry of the windowed document view: how tall each line is (estimated from its text,
//! corrected by measuring what was rendered) and which lines a scroll position shows.
//! Pure, so it is tested natively.

use std::ops::Range;

/// Above this many lines, the view renders only what is on screen.
pub const FULL_RENDER_LIMIT: usize = 2000;

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
