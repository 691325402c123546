//! The number and colour each pair shows while a document is open.
//!
//! The core keeps pairs ordered by their first member, so a pair's index moves whenever a pair
//! before it is linked or unlinked. Annotators refer to pairs by number and colour ("pair 29,
//! the blue one"), so those must not move: numbers are given in document order when a document
//! is opened, and kept by each pair afterwards. A pair is known by its members' byte ranges
//! (edits never change the text, so ranges stay put); a new pair takes the next number never
//! handed out, and a pair that comes back (undo, redo, linking the same two members again)
//! takes its own number back. Pure, tested natively.

use std::collections::HashMap;
use std::ops::Range;

use connectives_core::{Document, PairId};

/// How many distinct pair colours there are (`pair-c0` … in the stylesheet; their values for
/// figures in [`crate::figure::PAIR_COLOURS`]).
pub const PAIR_COLOURS: usize = crate::figure::PAIR_COLOURS.len();

/// A pair as its members' byte ranges, which edits do not move.
type PairKey = (Range<usize>, Range<usize>);

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PairNumbers {
    /// By pair id: the number (1-based) that pair shows.
    numbers: Vec<usize>,
    /// Every pair numbered since the document was opened, present or gone, with its number.
    given: HashMap<PairKey, usize>,
    /// The number the next new pair takes.
    next: usize,
}

fn key(doc: &Document, pair: PairId) -> Option<PairKey> {
    let pair = doc.pairs.get(pair)?;
    let first = doc.spans.get(pair.first)?.range.clone();
    let second = doc.spans.get(pair.second)?.range.clone();
    Some((first, second))
}

impl PairNumbers {
    /// Numbers 1, 2, 3, … in document order, as a document is opened.
    pub fn in_document_order(doc: &Document) -> Self {
        PairNumbers {
            next: 1,
            ..PairNumbers::default()
        }
        .follow(doc)
    }

    /// The numbers for `doc`, the document after an edit (or undo, redo, restored version):
    /// pairs known before keep their numbers, new ones take the next free numbers in document
    /// order.
    pub fn follow(&self, doc: &Document) -> Self {
        let mut given = self.given.clone();
        let mut next = self.next.max(1);
        let numbers = (0..doc.pairs.len())
            .map(|pair| match key(doc, pair) {
                Some(key) => *given.entry(key).or_insert_with(|| {
                    next += 1;
                    next - 1
                }),
                // A pair naming a span that does not exist: never in a parsed document.
                None => 0,
            })
            .collect();
        PairNumbers {
            numbers,
            given,
            next,
        }
    }

    /// The number pair `pair` shows (1-based).
    pub fn number(&self, pair: PairId) -> usize {
        match self.numbers.get(pair) {
            Some(&number) if number > 0 => number,
            // Out of step with the document (never after `follow`): its place in order.
            _ => pair + 1,
        }
    }

    /// The colour pair `pair` shows: `pair-cN` in the stylesheet, [`crate::figure::PAIR_COLOURS`]
    /// in figures. It follows the number, so it is as stable as the number.
    pub fn colour(&self, pair: PairId) -> usize {
        (self.number(pair) - 1) % PAIR_COLOURS
    }

    /// The stylesheet's class for pair `pair`'s colour.
    pub fn colour_class(&self, pair: PairId) -> String {
        format!("pair-c{}", self.colour(pair))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connectives_core::edit::{Edit, History};
    use connectives_core::parse;

    const SOURCE: &str = "<a>虽然</a>下雨，<a>但</a>出发。\n<a>因为</a>累，<a>所以</a>睡。<a>不但</a>快，<a>而且</a>好。\n";

    fn numbers_of(numbers: &PairNumbers, doc: &Document) -> Vec<(String, usize)> {
        (0..doc.pairs.len())
            .map(|p| (doc.pair_label(p), numbers.number(p)))
            .collect()
    }

    #[test]
    fn a_document_opens_numbered_in_document_order_with_colours_from_the_numbers() {
        let doc = parse(SOURCE);
        let numbers = PairNumbers::in_document_order(&doc);
        assert_eq!(
            numbers_of(&numbers, &doc),
            [
                ("虽然…但".to_string(), 1),
                ("因为…所以".to_string(), 2),
                ("不但…而且".to_string(), 3)
            ]
        );
        assert_eq!(
            (0..3).map(|p| numbers.colour(p)).collect::<Vec<_>>(),
            [0, 1, 2]
        );
        assert_eq!(numbers.colour_class(2), "pair-c2");
    }

    #[test]
    fn unlinking_the_first_pair_leaves_every_other_number_as_it_was() {
        let mut doc = parse(SOURCE);
        let numbers = PairNumbers::in_document_order(&doc);
        History::new()
            .apply(&mut doc, Edit::Unlink { span: 0 })
            .unwrap();
        let after = numbers.follow(&doc);
        assert_eq!(
            numbers_of(&after, &doc),
            [("因为…所以".to_string(), 2), ("不但…而且".to_string(), 3)]
        );
        assert_eq!((after.colour(0), after.colour(1)), (1, 2));
    }

    #[test]
    fn a_new_pair_takes_the_next_free_number_and_a_pair_that_comes_back_its_own() {
        let mut doc = parse(SOURCE);
        let mut history = History::new();
        let opened = PairNumbers::in_document_order(&doc);
        history.apply(&mut doc, Edit::Unlink { span: 0 }).unwrap();
        let unlinked = opened.follow(&doc);
        // 虽然 with 因为's old partner 所以: a pair never seen, so number 4, not the 1 set free.
        history.apply(&mut doc, Edit::Link { a: 0, b: 3 }).unwrap();
        let linked = unlinked.follow(&doc);
        assert_eq!(
            numbers_of(&linked, &doc),
            [("虽然…所以".to_string(), 4), ("不但…而且".to_string(), 3)]
        );
        // Undo twice: 因为…所以 and 虽然…但 come back as 2 and 1.
        history.undo(&mut doc);
        let one_back = linked.follow(&doc);
        assert_eq!(
            numbers_of(&one_back, &doc),
            [("因为…所以".to_string(), 2), ("不但…而且".to_string(), 3)]
        );
        history.undo(&mut doc);
        let two_back = one_back.follow(&doc);
        assert_eq!(
            numbers_of(&two_back, &doc),
            numbers_of(&opened, &parse(SOURCE))
        );
        // Redo twice, then a pair never seen: 4 is taken by 虽然…所以 even while it is undone.
        history.redo(&mut doc);
        history.redo(&mut doc);
        let redone = two_back.follow(&doc);
        assert_eq!(redone.number(0), 4);
        history.apply(&mut doc, Edit::Unlink { span: 0 }).unwrap();
        history.apply(&mut doc, Edit::Link { a: 0, b: 1 }).unwrap();
        let relinked = redone.follow(&doc);
        assert_eq!(relinked.number(0), 1, "虽然…但 again: its own number");
        history.apply(&mut doc, Edit::Link { a: 4, b: 3 }).unwrap();
        let fresh = relinked.follow(&doc);
        assert_eq!(
            numbers_of(&fresh, &doc),
            [("虽然…但".to_string(), 1), ("所以…不但".to_string(), 5),]
        );
    }

    #[test]
    fn numbers_out_of_step_with_the_document_fall_back_to_its_order() {
        let doc = parse(SOURCE);
        let none = PairNumbers::default();
        assert_eq!((none.number(0), none.number(2)), (1, 3));
        assert_eq!(none.colour(9), 1);
        // Pairs beyond those numbered, never a panic.
        let numbers = PairNumbers::in_document_order(&doc);
        assert_eq!(numbers.number(10), 11);
    }
}
