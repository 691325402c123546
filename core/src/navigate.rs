//! Stepping through things in document order: the next connective, pair, problem or match
//! after a position, wrapping around at the ends.

/// Among `len` items whose offsets `offset_of(i)` are sorted, the first after `from` (or, going
/// back, the last before it), wrapping around. `None` only when there are no items.
pub fn step(
    len: usize,
    offset_of: impl Fn(usize) -> usize,
    from: Option<usize>,
    forward: bool,
) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let Some(from) = from else {
        return Some(if forward { 0 } else { len - 1 });
    };
    // First item at or after `from` (binary search over sorted offsets).
    let (mut lo, mut hi) = (0, len);
    let strictly_after = forward;
    while lo < hi {
        let mid = (lo + hi) / 2;
        let before = if strictly_after {
            offset_of(mid) <= from
        } else {
            offset_of(mid) < from
        };
        if before {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    Some(if forward {
        if lo == len {
            0
        } else {
            lo
        }
    } else if lo == 0 {
        len - 1
    } else {
        lo - 1
    })
}

#[cfg(test)]
mod tests {
    use super::step;

    const AT: [usize; 4] = [3, 10, 10, 20];

    fn at(i: usize) -> usize {
        AT[i]
    }

    #[test]
    fn forward_finds_the_first_item_strictly_after() {
        assert_eq!(step(4, at, Some(0), true), Some(0));
        assert_eq!(step(4, at, Some(3), true), Some(1));
        assert_eq!(step(4, at, Some(10), true), Some(3));
    }

    #[test]
    fn backward_finds_the_last_item_strictly_before() {
        assert_eq!(step(4, at, Some(20), false), Some(2));
        assert_eq!(step(4, at, Some(10), false), Some(0));
    }

    #[test]
    fn stepping_wraps_around_the_ends() {
        assert_eq!(step(4, at, Some(20), true), Some(0));
        assert_eq!(step(4, at, Some(3), false), Some(3));
    }

    #[test]
    fn without_a_position_forward_starts_at_the_first_and_back_at_the_last() {
        assert_eq!(step(4, at, None, true), Some(0));
        assert_eq!(step(4, at, None, false), Some(3));
        assert_eq!(step(0, at, None, true), None);
    }
}
