//! The arcs that link the two members of a pair: pure geometry, drawn as SVG paths.

/// A box relative to the document's content, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    /// The x of its middle.
    pub fn middle(&self) -> f64 {
        self.x + self.width / 2.0
    }
}

/// An arc's two ends and the height of its control points, in the units of the boxes. The
/// page and the figures for slides draw the same shape from it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curve {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub control_y: f64,
}

impl Curve {
    /// Joins two members' boxes: on one row, the top middles, with the control points `lift`
    /// above the higher box. When the line wraps and `to` is on a later row, from under `from`
    /// down to the top of `to`, through the gap between the rows rather than across the text.
    pub fn between(from: Rect, to: Rect, lift: f64) -> Curve {
        let (x1, x2) = (from.middle(), to.middle());
        if to.y > from.y + from.height / 2.0 {
            let (y1, y2) = (from.y + from.height, to.y);
            return Curve {
                from: (x1, y1),
                to: (x2, y2),
                control_y: (y1 + y2) / 2.0,
            };
        }
        Curve {
            from: (x1, from.y),
            to: (x2, to.y),
            control_y: from.y.min(to.y) - lift,
        }
    }

    /// The SVG path (also a canvas `Path2D`).
    pub fn path(&self) -> String {
        let ((x1, y1), (x2, y2), c) = (self.from, self.to, self.control_y);
        format!("M{x1:.1},{y1:.1} C{x1:.1},{c:.1} {x2:.1},{c:.1} {x2:.1},{y2:.1}")
    }
}

/// The page's arc between two members: higher for members further apart, and proportionally
/// higher for text larger than the reading view's (on a projector). Members on different rows
/// are joined around the text (see [`routed_path`]); `width` is the text block's width.
pub fn arc_path(from: Rect, to: Rect, width: f64) -> String {
    let (from, to) = if to.y + to.height / 2.0 < from.y {
        (to, from)
    } else {
        (from, to)
    };
    if to.y > from.y + from.height / 2.0 {
        return routed_path(from, to, width);
    }
    let scale = (from.height / 24.0).max(1.0);
    // The curve peaks at 3/4 of its lift: kept within the gap above the row, so it never
    // reaches the row above.
    let lift = ((8.0 + (to.middle() - from.middle()).abs() * 0.03).min(16.0) * scale)
        .min(0.5 * from.height);
    Curve::between(from, to, lift).path()
}

/// Members on different rows, `to` below `from`: a path that never crosses a character. It
/// leaves `from` downwards into the gap under its row; for the next row it runs along that gap
/// to above `to`; for a row further down it runs along the gap to the margin beside the text,
/// down the margin to the gap above `to`'s row, and along that gap to above `to`. Gaps hold no
/// characters (the line height is larger than a box), nor does the margin. Corners are
/// rounded.
pub fn routed_path(from: Rect, to: Rect, width: f64) -> String {
    let em = from.height.max(1.0);
    let (x1, x2) = (from.middle(), to.middle());
    let bottom = from.y + from.height;
    let gap = to.y - bottom;
    let r = (0.2 * em).min(gap.abs() / 2.0).max(0.0);
    // Only a gap between the two rows when it is smaller than a box: no row lies between.
    if gap < em {
        let y = bottom + gap / 2.0;
        return corners(&[(x1, bottom), (x1, y), (x2, y), (x2, to.y)], r);
    }
    // The gap under a row and above a row: a quarter of a box from the box's edge.
    let below = bottom + (0.25 * em).min(gap / 2.0);
    let above = to.y - (0.25 * em).min(gap / 2.0);
    // The nearer margin: left when both members are in the left half.
    let margin = if x1 + x2 < width {
        -0.45 * em
    } else {
        width + 0.45 * em
    };
    corners(
        &[
            (x1, bottom),
            (x1, below),
            (margin, below),
            (margin, above),
            (x2, above),
            (x2, to.y),
        ],
        r.min(0.2 * em),
    )
}

/// A polyline of horizontal and vertical segments with its corners rounded by `r`.
fn corners(points: &[(f64, f64)], r: f64) -> String {
    use std::fmt::Write;
    let mut d = String::new();
    let Some(&(x0, y0)) = points.first() else {
        return d;
    };
    let _ = write!(d, "M{x0:.1},{y0:.1}");
    for i in 1..points.len() {
        let (x, y) = points[i];
        match points.get(i + 1) {
            Some(&(nx, ny)) => {
                let (px, py) = points[i - 1];
                let toward = |ax: f64, ay: f64, bx: f64, by: f64, k: f64| {
                    let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
                    let k = if len > 0.0 { (k / len).min(0.5) } else { 0.0 };
                    (ax + (bx - ax) * k, ay + (by - ay) * k)
                };
                let (ax, ay) = toward(x, y, px, py, r);
                let (bx, by) = toward(x, y, nx, ny, r);
                let _ = write!(d, " L{ax:.1},{ay:.1} Q{x:.1},{y:.1} {bx:.1},{by:.1}");
            }
            None => {
                let _ = write!(d, " L{x:.1},{y:.1}");
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f64, y: f64) -> Rect {
        Rect {
            x,
            y,
            width: 40.0,
            height: 20.0,
        }
    }

    #[test]
    fn an_arc_joins_the_top_middles_and_rises_above_both() {
        let path = arc_path(rect(0.0, 100.0), rect(200.0, 100.0), 800.0);
        assert!(path.starts_with("M20.0,100.0 C20.0,"), "{path}");
        assert!(path.ends_with(" 220.0,100.0"), "{path}");
        let top: f64 = path.split([' ', ',']).nth(3).unwrap().parse().unwrap();
        assert!(top < 100.0 - 5.0, "{top}");
    }

    #[test]
    fn large_text_gets_a_higher_arc() {
        let big = |x| Rect {
            x,
            y: 200.0,
            width: 200.0,
            height: 144.0,
        };
        let path = arc_path(big(0.0), big(1000.0), 1600.0);
        let top: f64 = path.split([' ', ',']).nth(3).unwrap().parse().unwrap();
        // 16 px × 6 for text six times the reading size, held to half a box so that the arc
        // stays in the gap above its row.
        assert!((top - (200.0 - 0.5 * 144.0)).abs() < 0.05, "{top}");
        let small = arc_path(rect(0.0, 100.0), rect(1000.0, 100.0), 1600.0);
        let small_top: f64 = small.split([' ', ',']).nth(3).unwrap().parse().unwrap();
        assert!(200.0 - top > 100.0 - small_top, "higher for larger text");
    }

    #[test]
    fn on_the_next_row_the_arc_runs_along_the_gap_between_the_rows() {
        // Rows of 20 px boxes 38 px apart: the gap is 18 px, from 160 to 178.
        let path = arc_path(rect(300.0, 140.0), rect(10.0, 178.0), 800.0);
        assert!(path.starts_with("M320.0,160.0"), "{path}");
        assert!(path.ends_with(" L30.0,178.0"), "{path}");
        for (x, y) in points(&path) {
            assert!(
                (160.0..=178.0).contains(&y),
                "{x},{y} stays in the gap: {path}"
            );
        }
    }

    #[test]
    fn rows_further_apart_are_joined_through_the_margin() {
        // Two rows lie between: the path goes to the right margin (both members right of the
        // middle) and never into a row's band.
        let path = arc_path(rect(500.0, 100.0), rect(600.0, 214.0), 800.0);
        let rows = [(100.0, 120.0), (138.0, 158.0), (176.0, 196.0)];
        for (x, y) in points(&path) {
            let in_a_row = rows.iter().any(|&(top, bottom)| y > top && y < bottom);
            assert!(!in_a_row || x > 800.0 || y <= 120.0, "{x},{y}: {path}");
        }
        assert!(points(&path).iter().any(|&(x, _)| x > 800.0), "{path}");
        // Members on the left go round the left margin.
        let left = arc_path(rect(10.0, 100.0), rect(50.0, 214.0), 800.0);
        assert!(points(&left).iter().any(|&(x, _)| x < 0.0), "{left}");
    }

    #[test]
    fn the_partner_above_is_joined_the_same_way() {
        let down = arc_path(rect(300.0, 140.0), rect(10.0, 178.0), 800.0);
        let up = arc_path(rect(10.0, 178.0), rect(300.0, 140.0), 800.0);
        assert_eq!(down, up);
    }

    /// The coordinates a path names (ends and control points).
    fn points(path: &str) -> Vec<(f64, f64)> {
        path.split(|c: char| c.is_ascii_alphabetic() || c == ' ')
            .filter(|p| !p.is_empty())
            .filter_map(|p| {
                let (x, y) = p.split_once(',')?;
                Some((x.parse().ok()?, y.parse().ok()?))
            })
            .collect()
    }
}
