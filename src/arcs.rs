//! The arcs that link the two members of a pair: pure geometry, drawn as SVG paths.

/// A box relative to the document's content, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A curve from the top middle of `from` to the top middle of `to`, rising above both, higher
/// for members further apart. Text larger than the reading view's (on a projector) gets a
/// proportionally higher arc. When the line wraps and the partner is on a later row, the curve
/// runs instead from under the first member down to the top of the partner, through the gap
/// between the rows rather than across the text.
pub fn arc_path(from: Rect, to: Rect) -> String {
    let (x1, x2) = (from.x + from.width / 2.0, to.x + to.width / 2.0);
    if to.y > from.y + from.height / 2.0 {
        let (y1, y2) = (from.y + from.height, to.y);
        let middle = (y1 + y2) / 2.0;
        return format!(
            "M{x1:.1},{y1:.1} C{x1:.1},{middle:.1} {x2:.1},{middle:.1} {x2:.1},{y2:.1}"
        );
    }
    let (y1, y2) = (from.y, to.y);
    let scale = (from.height / 24.0).max(1.0);
    let lift = (8.0 + (x2 - x1).abs() * 0.03).min(16.0) * scale;
    let top = y1.min(y2) - lift;
    format!("M{x1:.1},{y1:.1} C{x1:.1},{top:.1} {x2:.1},{top:.1} {x2:.1},{y2:.1}")
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
