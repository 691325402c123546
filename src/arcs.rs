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
/// higher for text larger than the reading view's (on a projector).
pub fn arc_path(from: Rect, to: Rect) -> String {
    let scale = (from.height / 24.0).max(1.0);
    let lift = (8.0 + (to.middle() - from.middle()).abs() * 0.03).min(16.0) * scale;
    Curve::between(from, to, lift).path()
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
        let path = arc_path(rect(0.0, 100.0), rect(200.0, 100.0));
        assert!(path.starts_with("M20.0,100.0 C20.0,"), "{path}");
        assert!(path.ends_with(" 220.0,100.0"), "{path}");
        let top: f64 = path.split([' ', ',']).nth(3).unwrap().parse().unwrap();
        assert!(top < 100.0 - 10.0);
    }

    #[test]
    fn large_text_gets_a_higher_arc() {
        let big = |x| Rect {
            x,
            y: 200.0,
            width: 200.0,
            height: 144.0,
        };
        let path = arc_path(big(0.0), big(1000.0));
        let top: f64 = path.split([' ', ',']).nth(3).unwrap().parse().unwrap();
        assert_eq!(top, 200.0 - 16.0 * 6.0);
    }

    #[test]
    fn on_a_wrapped_line_the_arc_goes_from_under_the_first_member_to_the_partner_below() {
        let path = arc_path(rect(300.0, 140.0), rect(10.0, 180.0));
        assert_eq!(path, "M320.0,160.0 C320.0,170.0 30.0,170.0 30.0,180.0");
    }
}
