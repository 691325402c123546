//! Frequency tables: how often each candidate text and each pair label occurs.

use std::collections::HashMap;

use crate::lexicon::Lexicon;
use crate::model::{Counts, Document, PairId, SpanId, SpanKind};
use crate::relation::RelationName;

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

/// Rows of `(text, occurrence)` grouped by text: most frequent first, ties in the order of
/// first occurrence.
fn tally<O>(rows: impl Iterator<Item = (String, O)>) -> Vec<(String, Vec<O>)> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<(String, Vec<O>)> = Vec::new();
    for (text, occurrence) in rows {
        match index.get(&text) {
            Some(&i) => out[i].1.push(occurrence),
            None => {
                index.insert(text.clone(), out.len());
                out.push((text, vec![occurrence]));
            }
        }
    }
    // A stable sort keeps first-occurrence order among equals.
    out.sort_by_key(|row| std::cmp::Reverse(row.1.len()));
    out
}

fn table(rows: impl Iterator<Item = (String, SpanId)>) -> Vec<Frequency> {
    tally(rows)
        .into_iter()
        .map(|(text, occurrences)| Frequency { text, occurrences })
        .collect()
}

fn candidate_rows(doc: &Document) -> impl Iterator<Item = (String, SpanId)> + '_ {
    doc.spans
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == SpanKind::Candidate)
        .map(|(id, _)| (doc.span_text(id).to_string(), id))
}

fn pair_rows(doc: &Document) -> impl Iterator<Item = (String, SpanId)> + '_ {
    doc.pairs
        .iter()
        .enumerate()
        .map(|(id, pair)| (doc.pair_label(id), pair.first))
}

/// The pairs of one relation: their most frequent relation by the lexicon (`None` for pairs the
/// lexicon does not know), and its pairs in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationRow {
    pub relation: Option<RelationName>,
    pub pairs: Vec<PairId>,
}

/// The document's pairs grouped by relation: most pairs first, ties in the order of first
/// occurrence; pairs outside the lexicon last.
pub fn relation_frequencies(doc: &Document, lexicon: &Lexicon) -> Vec<RelationRow> {
    let rows = (0..doc.pairs.len()).map(|pair| {
        let relation = lexicon.pair_relations(doc, pair).into_iter().next();
        // Grouped by id; "" (no relation) is no relation's id, as parsing drops empty names.
        (
            relation
                .as_ref()
                .map_or(String::new(), |r| r.id().to_string()),
            (relation, pair),
        )
    });
    let mut out: Vec<RelationRow> = tally(rows)
        .into_iter()
        .map(|(_, mut pairs)| RelationRow {
            relation: pairs[0].0.take(),
            pairs: pairs.into_iter().map(|(_, pair)| pair).collect(),
        })
        .collect();
    // A stable sort: the unknown row goes last, the others keep their order.
    out.sort_by_key(|row| row.relation.is_none());
    out
}

/// The texts of candidate spans with their occurrences.
pub fn candidate_frequencies(doc: &Document) -> Vec<Frequency> {
    table(candidate_rows(doc))
}

/// Pair labels (`虽然…但`) with the first member of each occurrence.
pub fn pair_frequencies(doc: &Document) -> Vec<Frequency> {
    table(pair_rows(doc))
}

/// Where an entry of a corpus table occurs: the document's index and the span in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CorpusOccurrence {
    pub document: usize,
    /// A candidate span, or the first member of a pair, in that document.
    pub span: SpanId,
}

/// One row of a corpus frequency table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorpusFrequency {
    pub text: String,
    /// In document order, then in text order.
    pub occurrences: Vec<CorpusOccurrence>,
}

impl CorpusFrequency {
    pub fn count(&self) -> usize {
        self.occurrences.len()
    }

    /// How many documents the entry occurs in.
    pub fn documents(&self) -> usize {
        // Occurrences are in document order, so each document's run is contiguous.
        let mut last = None;
        self.occurrences
            .iter()
            .filter(|o| last.replace(o.document) != Some(o.document))
            .count()
    }
}

/// The counts and frequency tables of many documents, summed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CorpusStats {
    pub documents: usize,
    /// Each field the sum of the documents' [`Document::counts`].
    pub counts: Counts,
    /// Ordered as one document's tables: most frequent first, ties in the order of first
    /// occurrence in the corpus.
    pub candidates: Vec<CorpusFrequency>,
    pub pairs: Vec<CorpusFrequency>,
}

impl CorpusStats {
    /// Errors and warnings together.
    pub fn problems(&self) -> usize {
        self.counts.errors + self.counts.warnings
    }
}

/// Sums the counts and merges the frequency tables of `docs`, in one pass over their spans and
/// pairs.
pub fn corpus_stats<'a>(docs: impl IntoIterator<Item = &'a Document>) -> CorpusStats {
    let mut documents = 0;
    let mut counts = Counts::default();
    let mut candidates = Vec::new();
    let mut pairs = Vec::new();
    for (document, doc) in docs.into_iter().enumerate() {
        documents += 1;
        let c = doc.counts();
        counts.lines += c.lines;
        counts.candidates += c.candidates;
        counts.members += c.members;
        counts.pairs += c.pairs;
        counts.errors += c.errors;
        counts.warnings += c.warnings;
        let at = |(text, span)| (text, CorpusOccurrence { document, span });
        candidates.extend(candidate_rows(doc).map(at));
        pairs.extend(pair_rows(doc).map(at));
    }
    let merged = |rows: Vec<(String, CorpusOccurrence)>| {
        tally(rows.into_iter())
            .into_iter()
            .map(|(text, occurrences)| CorpusFrequency { text, occurrences })
            .collect()
    };
    CorpusStats {
        documents,
        counts,
        candidates: merged(candidates),
        pairs: merged(pairs),
    }
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

    #[test]
    fn corpus_counts_are_the_documents_counts_added_up() {
        let docs = [
            parse("<cand>也</cand><a>虽然</a>x<a>但</a>\n第二行\n"),
            parse("<cand>还</cand>x</cand>\n"),
            parse(""),
        ];
        let stats = corpus_stats(&docs);
        assert_eq!(stats.documents, 3);
        let mut lines = 0;
        let mut candidates = 0;
        let mut members = 0;
        let mut pairs = 0;
        let mut problems = 0;
        for doc in &docs {
            let c = doc.counts();
            lines += c.lines;
            candidates += c.candidates;
            members += c.members;
            pairs += c.pairs;
            problems += c.errors + c.warnings;
        }
        assert_eq!(
            (
                stats.counts.lines,
                stats.counts.candidates,
                stats.counts.members,
                stats.counts.pairs,
                stats.problems()
            ),
            (lines, candidates, members, pairs, problems)
        );
        assert_eq!((lines, candidates, members, pairs), (3, 2, 2, 1));
        assert!(problems > 0, "the stray </cand> is a problem");
    }

    #[test]
    fn corpus_tables_merge_documents_most_frequent_first_ties_in_corpus_order() {
        let docs = [
            parse("<cand>还</cand><cand>就</cand>\n<a>不仅</a>y<a>而且</a>\n"),
            parse("<cand>也</cand><cand>也</cand>\n<a>虽然</a>x<a>但</a>\n"),
            parse("<cand>还</cand><cand>也</cand>\n<a>虽然</a>z<a>但</a>\n"),
        ];
        let stats = corpus_stats(docs.iter());
        let rows = |t: &[CorpusFrequency]| -> Vec<(String, usize, usize)> {
            t.iter()
                .map(|f| (f.text.clone(), f.count(), f.documents()))
                .collect()
        };
        assert_eq!(
            rows(&stats.candidates),
            [
                ("也".to_string(), 3, 2),
                ("还".to_string(), 2, 2),
                ("就".to_string(), 1, 1)
            ]
        );
        assert_eq!(
            rows(&stats.pairs),
            [
                ("虽然…但".to_string(), 2, 2),
                ("不仅…而且".to_string(), 1, 1)
            ]
        );
        let at = |document, span| CorpusOccurrence { document, span };
        assert_eq!(
            stats.candidates[0].occurrences,
            [at(1, 0), at(1, 1), at(2, 1)]
        );
        assert_eq!(stats.pairs[0].occurrences, [at(1, 2), at(2, 2)]);
    }

    #[test]
    fn one_document_corpus_has_that_documents_tables() {
        let doc = parse("<cand>也</cand><cand>还</cand><cand>也</cand>\n<a>虽然</a>x<a>但</a>\n");
        let stats = corpus_stats([&doc]);
        let texts = |t: &[CorpusFrequency]| {
            t.iter()
                .map(|f| (f.text.clone(), f.count()))
                .collect::<Vec<_>>()
        };
        let single = |t: &[Frequency]| {
            t.iter()
                .map(|f| (f.text.clone(), f.count()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            texts(&stats.candidates),
            single(&candidate_frequencies(&doc))
        );
        assert_eq!(texts(&stats.pairs), single(&pair_frequencies(&doc)));
        assert_eq!(corpus_stats(std::iter::empty()), CorpusStats::default());
    }
}
