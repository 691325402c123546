//! Figures for slides: one line with its revealed marks and arcs, laid out for a 1920×1080
//! projector and written as SVG. Pure Rust; the canvas work (measuring, painting the text and
//! the PNG) lives in `browser::figure`.

use std::ops::Range;

use crate::arcs::{Curve, Rect};

pub const WIDTH: f64 = 1920.0;
pub const HEIGHT: f64 = 1080.0;
/// Advances are measured at this font size and scaled.
pub const MEASURE_PX: f64 = 100.0;
/// The page's CJK font stack (same as www/style.css --font-cjk), for canvas and SVG.
pub const FONT_STACK: &str = "\"Noto Sans CJK SC\", \"Noto Sans SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", \"Droid Sans Fallback\", sans-serif";
/// Pair colours, the same as www/style.css --pair-0 … --pair-7.
pub const PAIR_COLOURS: [&str; 8] = [
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#7f7f7f",
];

pub const BACKGROUND: &str = "#ffffff";
pub const TEXT_COLOUR: &str = "#111111";
pub const CAPTION_COLOUR: &str = "#5f6368";
/// The page's --cand-bg and --cand-line.
pub const CANDIDATE_FILL: &str = "#eceff3";
pub const CANDIDATE_LINE: &str = "#6b7280";
pub const MEMBER_TINT: f64 = 0.35;

pub const MARGIN: f64 = 96.0;
pub const CAPTION_PX: f64 = 24.0;
const CAPTION_BASELINE: f64 = HEIGHT - 52.0;
/// The text block ends a margin above the slide's bottom; the caption sits in that margin.
const AREA_TOP: f64 = MARGIN;
const AREA_BOTTOM: f64 = HEIGHT - MARGIN;
const MAX_FONT_PX: f64 = 96.0;
const FLOOR_FONT_PX: f64 = 24.0;
/// Below the floor only when a very long line would otherwise run off the slide.
const LAST_RESORT_FONT_PX: f64 = 6.0;

// Vertical metrics in em, for a CJK face on an alphabetic baseline.
const LINE_HEIGHT: f64 = 1.6;
const BOX_ABOVE_BASELINE: f64 = 0.92;
const BOX_BELOW_BASELINE: f64 = 0.2;
const BOX_HEIGHT: f64 = BOX_ABOVE_BASELINE + BOX_BELOW_BASELINE;
/// Room above the first row's boxes for the highest arc (a cubic peaks at 3/4 of its lift).
const ARC_ROOM: f64 = 0.75 * MAX_LIFT + 0.1;
const MIN_LIFT: f64 = 0.3;
const MAX_LIFT: f64 = 0.9;
const LIFT_PER_PX: f64 = 0.03;

const MEMBER_LINE: f64 = 0.08;
const CANDIDATE_LINE_WIDTH: f64 = 0.05;
const ARC_LINE: f64 = 0.08;
// The pair number: like the page's `::after` superscript.
const NUMBER_SIZE: f64 = 0.6;
const NUMBER_RISE: f64 = 0.4;
const NUMBER_GAP: f64 = 0.1;
/// Width of a digit in em of its own size (sans-serif digits are about this wide).
const DIGIT_WIDTH: f64 = 0.58;

#[derive(Clone, Debug, PartialEq)]
pub enum MarkKind {
    Candidate,
    /// `number`: the pair's number shown as a superscript (1-based); None when unpaired.
    Member {
        colour: usize,
        number: Option<usize>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct FigureMark {
    /// Char indices (Unicode scalar values) into the spec's text.
    pub chars: Range<usize>,
    pub kind: MarkKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FigureSpec {
    /// The line's text, no tags, no newline.
    pub text: String,
    /// Only what is revealed; in text order, non-overlapping.
    pub marks: Vec<FigureMark>,
    /// (index of first member mark, index of second member mark, colour index).
    pub arcs: Vec<(usize, usize, usize)>,
    /// Small footer text, e.g. "seed-zh.txt · 第 10 行".
    pub caption: String,
}

/// One row of wrapped text.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureRow {
    /// Char indices into the spec's text.
    pub chars: Range<usize>,
    /// The left x of each char of the row.
    pub xs: Vec<f64>,
    pub baseline: f64,
}

impl FigureRow {
    /// The row's part of `text`.
    pub fn text(&self, text: &str) -> String {
        text.chars()
            .skip(self.chars.start)
            .take(self.chars.len())
            .collect()
    }
}

/// The background and underline of one mark on one row.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkBox {
    /// Index into the spec's marks.
    pub mark: usize,
    pub row: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub kind: MarkKind,
    pub fill: &'static str,
    pub fill_opacity: f64,
    pub line_colour: &'static str,
    pub line_width: f64,
    /// The underline's centre; it runs from `x` to `x + width`.
    pub line_y: f64,
    /// Dash and gap lengths; empty for a solid line.
    pub dash: Vec<f64>,
}

/// A pair number drawn as a superscript after its member.
#[derive(Clone, Debug, PartialEq)]
pub struct PairNumber {
    pub text: String,
    pub x: f64,
    pub baseline: f64,
    pub font_px: f64,
    pub colour: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ArcPath {
    /// An SVG path (also fed to the canvas's Path2D).
    pub d: String,
    pub colour: &'static str,
    pub from: (f64, f64),
    pub to: (f64, f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Caption {
    pub x: f64,
    pub baseline: f64,
    pub font_px: f64,
}

/// A laid-out figure, in slide pixels (1920×1080).
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub font_px: f64,
    pub rows: Vec<FigureRow>,
    pub boxes: Vec<MarkBox>,
    pub numbers: Vec<PairNumber>,
    pub arcs: Vec<ArcPath>,
    pub arc_width: f64,
    pub caption: Caption,
}

fn pair_colour(colour: usize) -> &'static str {
    PAIR_COLOURS[colour % PAIR_COLOURS.len()]
}

/// Advances in MEASURE_PX units, one per char; absent or nonsensical ones count as one em.
fn sane_advances(count: usize, advances: &[f64]) -> Vec<f64> {
    (0..count)
        .map(|i| match advances.get(i) {
            Some(&a) if a.is_finite() && a >= 0.0 => a.min(4.0 * MEASURE_PX),
            _ => MEASURE_PX,
        })
        .collect()
}

/// For each char, the mark it belongs to (the first claim wins if marks overlap).
fn owners(count: usize, marks: &[FigureMark]) -> Vec<Option<usize>> {
    let mut owner = vec![None; count];
    for (m, mark) in marks.iter().enumerate() {
        for slot in owner
            .iter_mut()
            .take(mark.chars.end.min(count))
            .skip(mark.chars.start)
        {
            slot.get_or_insert(m);
        }
    }
    owner
}

/// Space after each char in MEASURE_PX units: the pair number after a member's last char.
fn number_room(count: usize, marks: &[FigureMark], owner: &[Option<usize>]) -> Vec<f64> {
    let mut room = vec![0.0; count];
    for (m, mark) in marks.iter().enumerate() {
        let end = mark.chars.end.min(count);
        let MarkKind::Member {
            number: Some(n), ..
        } = mark.kind
        else {
            continue;
        };
        // Only if the last char is really this mark's (not lost to an overlap).
        if end > mark.chars.start && owner[end - 1] == Some(m) {
            room[end - 1] = number_width(n) * MEASURE_PX;
        }
    }
    room
}

/// The pair number's advance in em, gap included.
fn number_width(number: usize) -> f64 {
    NUMBER_GAP + NUMBER_SIZE * DIGIT_WIDTH * number.to_string().len() as f64
}

/// Punctuation that Chinese typesetting keeps off the start of a row.
fn closes(c: char) -> bool {
    "，。、；：？！）》」』】〉〕”’,.;:?!)]}".contains(c)
}

/// Breaks the text into rows no wider than `max` (MEASURE_PX units). A mark stays whole
/// unless it alone is wider than a row; closing punctuation takes the char before it along
/// rather than start a row.
fn wrap(widths: &[f64], owner: &[Option<usize>], closing: &[bool], max: f64) -> Vec<Range<usize>> {
    let mut rows = Vec::new();
    let (mut start, mut used) = (0, 0.0);
    let mut i = 0;
    while i < widths.len() {
        // A unit: a run of one mark's chars, or a single unmarked char.
        let mut end = i + 1;
        if owner[i].is_some() {
            while end < widths.len() && owner[end] == owner[i] {
                end += 1;
            }
        }
        let unit: f64 = widths[i..end].iter().sum();
        if used + unit <= max + 1e-9 {
            used += unit;
        } else if unit <= max + 1e-9 {
            let carry = closing[i] && i > start + 1 && owner[i - 1].is_none() && owner[i].is_none();
            let cut = if carry { i - 1 } else { i };
            rows.push(start..cut);
            (start, used) = (cut, widths[cut..i].iter().sum::<f64>() + unit);
        } else {
            for (j, &w) in widths.iter().enumerate().take(end).skip(i) {
                if used + w > max + 1e-9 && j > start {
                    rows.push(start..j);
                    (start, used) = (j, 0.0);
                }
                used += w;
            }
        }
        i = end;
    }
    if start < widths.len() {
        rows.push(start..widths.len());
    }
    rows
}

/// The height the rows need in em, arc room above the first included.
fn block_em(rows: usize) -> f64 {
    if rows == 0 {
        return 0.0;
    }
    ARC_ROOM + (rows - 1) as f64 * LINE_HEIGHT + BOX_HEIGHT
}

/// Lays the line out at the largest font size at which it fits above the caption.
pub fn layout(spec: &FigureSpec, advances: &[f64]) -> Figure {
    let count = spec.text.chars().count();
    let advances = sane_advances(count, advances);
    let owner = owners(count, &spec.marks);
    let room = number_room(count, &spec.marks, &owner);
    let widths: Vec<f64> = advances.iter().zip(&room).map(|(a, r)| a + r).collect();
    let closing: Vec<bool> = spec.text.chars().map(closes).collect();
    let area_width = WIDTH - 2.0 * MARGIN;
    let area_height = AREA_BOTTOM - AREA_TOP;

    let wrap_at = |font_px: f64| wrap(&widths, &owner, &closing, area_width * MEASURE_PX / font_px);
    let mut font_px = MAX_FONT_PX;
    let mut ranges = wrap_at(font_px);
    while block_em(ranges.len()) * font_px > area_height && font_px > LAST_RESORT_FONT_PX {
        font_px -= if font_px > FLOOR_FONT_PX { 1.0 } else { 0.5 };
        ranges = wrap_at(font_px);
    }
    let scale = font_px / MEASURE_PX;

    // Centre the block: horizontally by its widest row, vertically by its text, keeping the
    // arc room inside the area.
    let row_width = |r: &Range<usize>| widths[r.clone()].iter().sum::<f64>() * scale;
    let block_width = ranges.iter().map(row_width).fold(0.0, f64::max);
    let left = ((WIDTH - block_width) / 2.0).max(MARGIN);
    let text_height = (block_em(ranges.len()) - ARC_ROOM).max(0.0) * font_px;
    let first_box_top =
        (AREA_TOP + (area_height - text_height) / 2.0).max(AREA_TOP + ARC_ROOM * font_px);

    let rows: Vec<FigureRow> = ranges
        .into_iter()
        .enumerate()
        .map(|(r, chars)| {
            let mut x = left;
            let xs = chars
                .clone()
                .map(|i| {
                    let here = x;
                    x += widths[i] * scale;
                    here
                })
                .collect();
            let baseline =
                first_box_top + r as f64 * LINE_HEIGHT * font_px + BOX_ABOVE_BASELINE * font_px;
            FigureRow {
                chars,
                xs,
                baseline,
            }
        })
        .collect();

    let mut boxes = Vec::new();
    let mut numbers = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let mut k = 0;
        while k < row.xs.len() {
            let i = row.chars.start + k;
            let Some(m) = owner[i] else {
                k += 1;
                continue;
            };
            let mut end = k + 1;
            while end < row.xs.len() && owner[row.chars.start + end] == Some(m) {
                end += 1;
            }
            let last = row.chars.start + end - 1;
            let x = row.xs[k];
            let width = row.xs[end - 1] + advances[last] * scale - x;
            let kind = spec.marks[m].kind.clone();
            boxes.push(mark_box(m, r, x, width, row.baseline, font_px, kind));
            if room[last] > 0.0 {
                if let MarkKind::Member {
                    colour,
                    number: Some(n),
                } = spec.marks[m].kind
                {
                    numbers.push(PairNumber {
                        text: n.to_string(),
                        x: x + width + NUMBER_GAP * font_px,
                        baseline: row.baseline - NUMBER_RISE * font_px,
                        font_px: NUMBER_SIZE * font_px,
                        colour: pair_colour(colour),
                    });
                }
            }
            k = end;
        }
    }

    let arcs = spec
        .arcs
        .iter()
        .filter_map(|&(first, second, colour)| {
            // The facing ends: the first member's last box, the second's first.
            let from = boxes.iter().rev().find(|b| b.mark == first)?;
            let to = boxes.iter().find(|b| b.mark == second)?;
            Some(arc_path(from, to, font_px, pair_colour(colour)))
        })
        .collect();

    Figure {
        font_px,
        rows,
        boxes,
        numbers,
        arcs,
        arc_width: ARC_LINE * font_px,
        caption: Caption {
            x: MARGIN,
            baseline: CAPTION_BASELINE,
            font_px: CAPTION_PX,
        },
    }
}

fn mark_box(
    mark: usize,
    row: usize,
    x: f64,
    width: f64,
    baseline: f64,
    font_px: f64,
    kind: MarkKind,
) -> MarkBox {
    let (fill, fill_opacity, line_colour, line_em, dash_em): (_, _, _, _, &[f64]) = match kind {
        MarkKind::Candidate => (
            CANDIDATE_FILL,
            1.0,
            CANDIDATE_LINE,
            CANDIDATE_LINE_WIDTH,
            // Square dots: a zero-length dash with round caps is not drawn alike everywhere.
            &[CANDIDATE_LINE_WIDTH, CANDIDATE_LINE_WIDTH * 1.2],
        ),
        MarkKind::Member { colour, number } => {
            let colour = pair_colour(colour);
            let dash: &[f64] = if number.is_none() { &[0.24, 0.12] } else { &[] };
            (colour, MEMBER_TINT, colour, MEMBER_LINE, dash)
        }
    };
    let y = baseline - BOX_ABOVE_BASELINE * font_px;
    let height = BOX_HEIGHT * font_px;
    let line_width = line_em * font_px;
    MarkBox {
        mark,
        row,
        x,
        y,
        width,
        height,
        kind,
        fill,
        fill_opacity,
        line_colour,
        line_width,
        line_y: y + height - line_width / 2.0,
        dash: dash_em.iter().map(|d| d * font_px).collect(),
    }
}

/// The page's arc shape ([`Curve`]), with a lift in em: more for members further apart.
fn arc_path(from: &MarkBox, to: &MarkBox, font_px: f64, colour: &'static str) -> ArcPath {
    let rect = |b: &MarkBox| Rect {
        x: b.x,
        y: b.y,
        width: b.width,
        height: b.height,
    };
    let (from, to) = (rect(from), rect(to));
    let apart = (to.middle() - from.middle()).abs();
    let lift = (MIN_LIFT * font_px + LIFT_PER_PX * apart).min(MAX_LIFT * font_px);
    let curve = Curve::between(from, to, lift);
    ArcPath {
        d: curve.path(),
        colour,
        from: curve.from,
        to: curve.to,
    }
}

/// A number with at most one decimal and no trailing ".0".
pub fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".into();
    }
    let s = format!("{value:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s);
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Text made safe for XML content and attribute values; characters XML forbids become U+FFFD
/// (one for one, so char positions still line up).
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Writes the figure as an SVG document: a drawing that stays sharp at any size. The text is
/// `<text>` in the page's CJK font stack (one x per character, as measured in the page), boxes,
/// numbers and arcs are vectors; `<desc>` says which fonts it needs.
pub fn to_svg(spec: &FigureSpec, figure: &Figure) -> String {
    use std::fmt::Write;
    let mut svg = String::new();
    let w = num(WIDTH);
    let h = num(HEIGHT);
    let font = escape_xml(FONT_STACK);
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">"
    );
    let _ = writeln!(svg, "<title>{}</title>", escape_xml(&spec.text));
    let _ = writeln!(
        svg,
        "<desc>Drawn with a CJK sans-serif font: Noto Sans CJK SC (or Source Han Sans SC, PingFang SC, Microsoft YaHei) must be installed where it is shown; characters are placed one by one as measured.</desc>"
    );
    let _ = writeln!(
        svg,
        "<rect width=\"{w}\" height=\"{h}\" fill=\"{BACKGROUND}\"/>"
    );
    for b in &figure.boxes {
        let class = match b.kind {
            MarkKind::Candidate => "candidate",
            MarkKind::Member { .. } => "member",
        };
        let opacity = if b.fill_opacity < 1.0 {
            format!(" fill-opacity=\"{}\"", b.fill_opacity)
        } else {
            String::new()
        };
        let _ = writeln!(
            svg,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{opacity}/>",
            num(b.x),
            num(b.y),
            num(b.width),
            num(b.height),
            b.fill
        );
        let dash = if b.dash.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = b.dash.iter().map(|d| num(*d)).collect();
            format!(" stroke-dasharray=\"{}\"", list.join(" "))
        };
        let _ = writeln!(
            svg,
            "<line class=\"underline\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
            num(b.x),
            num(b.x + b.width),
            b.line_colour,
            num(b.line_width),
            y = num(b.line_y),
        );
    }
    for row in &figure.rows {
        let xs: Vec<String> = row.xs.iter().map(|x| num(*x)).collect();
        let _ = writeln!(
            svg,
            "<text class=\"row\" x=\"{}\" y=\"{}\" font-size=\"{}\" font-family=\"{font}\" fill=\"{TEXT_COLOUR}\" xml:space=\"preserve\">{}</text>",
            xs.join(" "),
            num(row.baseline),
            num(figure.font_px),
            escape_xml(&row.text(&spec.text))
        );
    }
    for n in &figure.numbers {
        let _ = writeln!(
            svg,
            "<text class=\"pair-number\" x=\"{}\" y=\"{}\" font-size=\"{}\" font-family=\"{font}\" font-weight=\"700\" fill=\"{}\">{}</text>",
            num(n.x),
            num(n.baseline),
            num(n.font_px),
            n.colour,
            escape_xml(&n.text)
        );
    }
    for arc in &figure.arcs {
        let _ = writeln!(
            svg,
            "<path class=\"arc\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"round\"/>",
            arc.d,
            arc.colour,
            num(figure.arc_width)
        );
    }
    let _ = writeln!(
        svg,
        "<text class=\"caption\" x=\"{}\" y=\"{}\" font-size=\"{}\" font-family=\"{font}\" fill=\"{CAPTION_COLOUR}\" xml:space=\"preserve\">{}</text>",
        num(figure.caption.x),
        num(figure.caption.baseline),
        num(figure.caption.font_px),
        escape_xml(&spec.caption)
    );
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(chars: Range<usize>, colour: usize, number: usize) -> FigureMark {
        FigureMark {
            chars,
            kind: MarkKind::Member {
                colour,
                number: Some(number),
            },
        }
    }

    fn spec(text: &str, marks: Vec<FigureMark>, arcs: Vec<(usize, usize, usize)>) -> FigureSpec {
        FigureSpec {
            text: text.into(),
            marks,
            arcs,
            caption: "seed-zh.txt · 第 10 行".into(),
        }
    }

    fn ems(text: &str) -> Vec<f64> {
        vec![MEASURE_PX; text.chars().count()]
    }

    /// Every drawn thing's extent: rows, boxes, numbers, arc ends and control points.
    fn assert_inside(figure: &Figure) {
        let inside = |x: f64, y: f64, what: &str| {
            assert!(
                (0.0..=WIDTH).contains(&x) && (0.0..=HEIGHT).contains(&y),
                "{what} at ({x}, {y}) is off the slide"
            );
        };
        for row in &figure.rows {
            let last = row.xs.last().copied().unwrap_or(0.0);
            inside(last + figure.font_px, row.baseline, "row end");
            inside(row.xs[0], row.baseline - figure.font_px, "row top");
        }
        for b in &figure.boxes {
            inside(b.x, b.y, "box");
            inside(b.x + b.width, b.y + b.height, "box corner");
        }
        for arc in &figure.arcs {
            let numbers = path_numbers(&arc.d);
            for p in numbers.chunks(2) {
                inside(p[0], p[1], "arc point");
            }
        }
    }

    fn path_numbers(d: &str) -> Vec<f64> {
        d.split([' ', ',', 'M', 'C'])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect()
    }

    #[test]
    fn a_long_line_fits_on_the_slide_with_its_marks_and_arcs() {
        let text: String = "虽然今天下雨，但是我们还是去了公园。".repeat(28);
        let n = text.chars().count();
        let marks = vec![member(0..2, 0, 1), member(n - 10..n - 8, 0, 1)];
        let s = spec(&text, marks, vec![(0, 1, 0)]);
        let figure = layout(&s, &ems(&text));
        assert!(figure.rows.len() > 5, "{} rows", figure.rows.len());
        assert_inside(&figure);
        let last = figure.rows.last().unwrap();
        assert!(last.baseline + 0.2 * figure.font_px <= HEIGHT - MARGIN + 0.01);
        assert!(figure.caption.baseline > last.baseline);
    }

    #[test]
    fn a_short_line_gets_a_bigger_font_than_a_long_one() {
        let short = "虽然下雨，但是去了。";
        let long: String = "因".repeat(500);
        let short_figure = layout(&spec(short, vec![], vec![]), &ems(short));
        let long_figure = layout(&spec(&long, vec![], vec![]), &ems(&long));
        assert_eq!(short_figure.font_px, 96.0);
        assert!(long_figure.font_px < 60.0, "{}", long_figure.font_px);
        assert!(long_figure.font_px >= 24.0, "{}", long_figure.font_px);
        assert_eq!(short_figure.rows.len(), 1);
        // A single row is centred horizontally.
        let row = &short_figure.rows[0];
        let right = WIDTH - (row.xs[9] + 96.0);
        assert!((row.xs[0] - right).abs() < 0.01, "{} vs {right}", row.xs[0]);
        assert_inside(&long_figure);
    }

    #[test]
    fn the_largest_font_that_fits_is_chosen() {
        let long: String = "因".repeat(500);
        let figure = layout(&spec(&long, vec![], vec![]), &ems(&long));
        let area = HEIGHT - 2.0 * MARGIN;
        let f = figure.font_px;
        assert!(block_em(figure.rows.len()) * f <= area);
        // One pixel more would need more height than the area has.
        let max = 1728.0 * MEASURE_PX / (f + 1.0);
        let bigger = wrap(&ems(&long), &vec![None; 500], &vec![false; 500], max);
        assert!(block_em(bigger.len()) * (f + 1.0) > area);
    }

    #[test]
    fn rows_together_are_the_text_and_chars_advance_by_their_widths() {
        let text: String = "甲乙丙丁戊己庚辛壬癸a1".repeat(40);
        let advances: Vec<f64> = text
            .chars()
            .map(|c| if c.is_ascii() { 55.0 } else { 100.0 })
            .collect();
        let figure = layout(&spec(&text, vec![], vec![]), &advances);
        assert!(figure.rows.len() > 1);
        let joined: String = figure.rows.iter().map(|r| r.text(&text)).collect();
        assert_eq!(joined, text);
        let row = &figure.rows[0];
        let scale = figure.font_px / MEASURE_PX;
        assert!((row.xs[1] - row.xs[0] - 100.0 * scale).abs() < 1e-9);
        assert!((row.xs[11] - row.xs[10] - 55.0 * scale).abs() < 1e-9);
        assert!(figure.rows[1].baseline > row.baseline);
    }

    #[test]
    fn a_mark_is_not_broken_when_it_can_move_to_the_next_row() {
        // At 96px a row holds 18 chars; the mark over chars 16..20 moves down whole.
        let text: String = "一".repeat(30);
        let s = spec(&text, vec![member(16..20, 1, 1)], vec![]);
        let figure = layout(&s, &ems(&text));
        assert_eq!(figure.font_px, 96.0);
        assert_eq!(figure.rows[0].chars, 0..16);
        assert_eq!(figure.boxes.len(), 1);
        assert_eq!(figure.boxes[0].row, 1);
    }

    #[test]
    fn closing_punctuation_does_not_start_a_row() {
        // 18 chars fit a row at 96px; the 19th is a full stop.
        let text = format!("{}。后", "一".repeat(18));
        let figure = layout(&spec(&text, vec![], vec![]), &ems(&text));
        assert_eq!(figure.font_px, 96.0);
        assert_eq!(figure.rows[0].chars, 0..17);
        assert_eq!(figure.rows[1].text(&text), "一。后");
    }

    #[test]
    fn a_mark_wider_than_a_row_is_split_into_one_box_per_row() {
        let text: String = "一".repeat(30);
        let s = spec(&text, vec![member(2..25, 2, 1)], vec![]);
        let figure = layout(&s, &ems(&text));
        assert_eq!(figure.font_px, 96.0);
        let rows: Vec<usize> = figure.boxes.iter().map(|b| b.row).collect();
        assert_eq!(rows, vec![0, 1]);
        let first = &figure.boxes[0];
        let row0 = &figure.rows[0];
        assert_eq!(first.x, row0.xs[2]);
        assert!((first.x + first.width - (row0.xs.last().unwrap() + 96.0)).abs() < 1e-9);
        assert_eq!(figure.boxes[1].x, figure.rows[1].xs[0]);
        // The pair number follows the mark's end only.
        assert_eq!(figure.numbers.len(), 1);
        assert!(figure.numbers[0].baseline < figure.rows[1].baseline);
    }

    #[test]
    fn one_arc_path_per_arc_rising_above_its_members() {
        let text = "虽然下雨，但是我们去了。如果明天晴，就去爬山。";
        let marks = vec![
            member(0..2, 0, 1),
            member(5..7, 0, 1),
            member(12..14, 1, 2),
            member(18..19, 1, 2),
        ];
        let s = spec(text, marks, vec![(0, 1, 0), (2, 3, 1)]);
        let figure = layout(&s, &ems(text));
        assert_eq!(figure.arcs.len(), 2);
        let svg = to_svg(&s, &figure);
        assert_eq!(svg.matches("<path class=\"arc\"").count(), 2);
        assert!(svg.contains("stroke=\"#56b4e9\""));
        let arc = &figure.arcs[0];
        let p = path_numbers(&arc.d);
        let first = &figure.boxes[0];
        assert_eq!(
            (p[0], p[1]),
            (round1(first.x + first.width / 2.0), round1(first.y))
        );
        assert!(p[3] < first.y - 0.3 * figure.font_px + 0.1);
        assert_inside(&figure);
    }

    fn round1(v: f64) -> f64 {
        num(v).parse().unwrap()
    }

    #[test]
    fn an_arc_between_rows_joins_the_two_boxes() {
        let text: String = "一".repeat(40);
        let s = spec(
            &text,
            vec![member(3..5, 4, 1), member(30..32, 4, 1)],
            vec![(0, 1, 4)],
        );
        let figure = layout(&s, &ems(&text));
        let (a, b) = (&figure.boxes[0], &figure.boxes[1]);
        assert!(b.row > a.row);
        let arc = &figure.arcs[0];
        // From under the first member down to the top of the partner, between the rows.
        assert_eq!(arc.from, (a.x + a.width / 2.0, a.y + a.height));
        assert_eq!(arc.to, (b.x + b.width / 2.0, b.y));
        let p = path_numbers(&arc.d);
        assert_eq!((p[6], p[7]), (round1(b.x + b.width / 2.0), round1(b.y)));
        assert!(
            p[3] > a.y + a.height && p[3] < b.y,
            "control points between the rows"
        );
        assert_eq!(arc.colour, "#0072b2");
    }

    #[test]
    fn arcs_to_missing_marks_are_left_out() {
        let text = "虽然但是";
        let s = spec(text, vec![member(0..2, 0, 1)], vec![(0, 7, 0)]);
        assert!(layout(&s, &ems(text)).arcs.is_empty());
    }

    #[test]
    fn styles_follow_the_mark_kind() {
        let text = "虽然但是或者";
        let marks = vec![
            member(0..2, 9, 3),
            FigureMark {
                chars: 2..4,
                kind: MarkKind::Member {
                    colour: 1,
                    number: None,
                },
            },
            FigureMark {
                chars: 4..6,
                kind: MarkKind::Candidate,
            },
        ];
        let figure = layout(&spec(text, marks, vec![]), &ems(text));
        let [paired, unpaired, candidate] = &figure.boxes[..] else {
            panic!("three boxes expected, got {:?}", figure.boxes);
        };
        assert_eq!(paired.fill, "#56b4e9", "colour 9 wraps to 1");
        assert_eq!(paired.fill_opacity, MEMBER_TINT);
        assert!(paired.dash.is_empty());
        assert!(!unpaired.dash.is_empty());
        assert_eq!(candidate.fill, CANDIDATE_FILL);
        assert!(candidate.line_width < paired.line_width);
        assert_eq!(figure.numbers.len(), 1);
        assert_eq!(figure.numbers[0].text, "3");
        // The number takes room: the next mark starts after it.
        assert!(unpaired.x > figure.numbers[0].x);
    }

    #[test]
    fn text_is_escaped_in_the_svg() {
        let text = "<a>&\"'\u{1}";
        let mut s = spec(text, vec![], vec![]);
        s.caption = "<b>".into();
        let figure = layout(&s, &ems(text));
        let svg = to_svg(&s, &figure);
        assert!(
            svg.contains(">&lt;a&gt;&amp;&quot;&apos;\u{fffd}</text>"),
            "{svg}"
        );
        assert!(svg.contains("<title>&lt;a&gt;&amp;&quot;&apos;\u{fffd}</title>"));
        assert!(svg.contains(">&lt;b&gt;</text>"));
        assert!(!svg.contains("<a>") && !svg.contains("<b>"));
        assert!(svg.contains("font-family=\"&quot;Noto Sans CJK SC&quot;, "));
    }

    #[test]
    fn the_svg_is_vectors_and_visible_text_with_its_fonts_named() {
        let text = "虽然下雨，但是去了。";
        let s = spec(
            text,
            vec![member(0..2, 0, 1), member(5..7, 0, 1)],
            vec![(0, 1, 0)],
        );
        let figure = layout(&s, &ems(text));
        let plain = to_svg(&s, &figure);
        assert!(plain.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1920\" height=\"1080\" viewBox=\"0 0 1920 1080\">"
        ));
        assert!(plain.contains(">虽然下雨，但是去了。</text>"));
        assert!(plain.trim_end().ends_with("</svg>"));
        assert!(!plain.contains("fill-opacity=\"0\""), "the text is visible");
        assert!(!plain.contains("<image"), "no picture inside");
        assert!(plain.contains("<desc>Drawn with a CJK sans-serif font: Noto Sans CJK SC"));
        // One x per char, compact numbers.
        let xs = format!(
            "x=\"{}\"",
            figure.rows[0]
                .xs
                .iter()
                .map(|x| num(*x))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(plain.contains(&xs));
        assert_eq!(xs.matches(' ').count(), 9);
    }

    #[test]
    fn numbers_are_compact() {
        assert_eq!(num(1920.0), "1920");
        assert_eq!(num(96.26), "96.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(12.34), "12.3");
    }

    #[test]
    fn short_or_odd_advances_do_not_panic() {
        let text = "虽然下雨，但是去了。";
        let s = spec(
            text,
            vec![member(0..2, 0, 1), member(8..40, 0, 1)],
            vec![(0, 1, 0)],
        );
        let figure = layout(&s, &[50.0, f64::NAN, -3.0]);
        assert_eq!(figure.rows.len(), 1);
        let row = &figure.rows[0];
        let scale = figure.font_px / MEASURE_PX;
        assert!((row.xs[1] - row.xs[0] - 50.0 * scale).abs() < 1e-9);
        // NaN and negative count as one em, as do the missing ones; the pair number's room
        // follows the first mark's last char.
        let after_number = (100.0 + number_width(1) * MEASURE_PX) * scale;
        assert!((row.xs[2] - row.xs[1] - after_number).abs() < 1e-9);
        assert!((row.xs[3] - row.xs[2] - 100.0 * scale).abs() < 1e-9);
        assert!((row.xs[4] - row.xs[3] - 100.0 * scale).abs() < 1e-9);
        assert_eq!(
            figure.boxes.len(),
            2,
            "the mark running past the end is clipped"
        );
        assert_eq!(figure.arcs.len(), 1);
    }

    #[test]
    fn empty_text_gives_only_the_caption() {
        let s = spec("", vec![member(0..2, 0, 1)], vec![(0, 0, 0)]);
        let figure = layout(&s, &[]);
        assert!(figure.rows.is_empty() && figure.boxes.is_empty() && figure.arcs.is_empty());
        let svg = to_svg(&s, &figure);
        assert!(svg.contains(">seed-zh.txt · 第 10 行</text>"));
        assert_eq!(svg.matches("class=\"row\"").count(), 0);
    }

    #[test]
    fn a_line_far_too_long_still_fits_below_the_floor() {
        let text: String = "长".repeat(4000);
        let figure = layout(&spec(&text, vec![], vec![]), &ems(&text));
        assert!(figure.font_px < FLOOR_FONT_PX);
        assert_inside(&figure);
        let joined: String = figure.rows.iter().map(|r| r.text(&text)).collect();
        assert_eq!(joined.chars().count(), 4000);
    }
}
