//! Frequency tables: how often each candidate text and each pair label occurs.

use std::collections::HashMap;

use crate::model::{Document, SpanId, SpanKind};

/// One row of a frequency table: a text (`也`, `虽然…但`) and where it occurs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frequency {
    pub text: String,
    /// Candidate spans, or the first members of pairs, in document order.
    pub occurrences: Vec<SpanId>,
}

impl Frequency {
    pub fn count(&self) -> usize {
        self.occurrences.len()
    }
}

/// Most frequent first; ties in the order of first occurrence.
fn table(rows: impl Iterator<Item = (String, SpanId)>) -> Vec<Frequency> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Frequency> = Vec::new();
    for (text, id) in rows {
        match index.get(&text) {
            Some(&i) => out[i].occurrences.push(id),
            None => {
                index.insert(text.clone(), out.len());
                out.push(Frequency {
                    text,
                    occurrences: vec![id],
                });
            }
        }
    }
    // A stable sort keeps first-occurrence order among equals.
    out.sort_by_key(|row| std::cmp::Reverse(row.count()));
    out
}

/// The texts of candidate spans with their occurrences.
pub fn candidate_frequencies(doc: &Document) -> Vec<Frequency> {
    table(
        doc.spans
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == SpanKind::Candidate)
            .map(|(id, _)| (doc.span_text(id).to_string(), id)),
    )
}

/// Pair labels (`虽然…但`) with the first member of each occurrence.
pub fn pair_frequencies(doc: &Document) -> Vec<Frequency> {
    table(
        doc.pairs
            .iter()
            .enumerate()
            .map(|(id, pair)| (doc.pair_label(id), pair.first)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    #[test]
    fn candidates_are_counted_most_frequent_first_ties_in_text_order() {
        let doc = parse("<cand>也</cand><cand>还</cand><cand>也</cand>\n<cand>但</cand><cand>还</cand><cand>也</cand>\n");
        let table = candidate_frequencies(&doc);
        let rows: Vec<(&str, usize)> = table.iter().map(|f| (f.text.as_str(), f.count())).collect();
        assert_eq!(rows, [("也", 3), ("还", 2), ("但", 1)]);
        assert_eq!(table[0].occurrences, [0, 2, 5]);
    }

    #[test]
    fn pairs_are_counted_by_label_with_their_first_members() {
        let doc = parse("<a>虽然</a>x<a>但</a>\n<a>不仅</a>y<a>而且</a>\n<a>虽然</a>z<a>但</a>\n");
        let table = pair_frequencies(&doc);
        let rows: Vec<(&str, usize)> = table.iter().map(|f| (f.text.as_str(), f.count())).collect();
        assert_eq!(rows, [("虽然…但", 2), ("不仅…而且", 1)]);
        assert_eq!(table[0].occurrences, [0, 4]);
    }
}
