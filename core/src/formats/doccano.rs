//! doccano's JSONL for sequence labelling with relations: one record per line of the document,
//! `{"text", "entities", "relations"}`. Entity offsets are UTF-16 units relative to the record's
//! text (what the browser counts). A pair whose members are on different lines cannot be said
//! within one record: both members are exported as entities, the relation is left out.

use serde::{Deserialize, Serialize};

use crate::formats::{annotation_error, line_offsets, ImportError, Utf16Index};
use crate::model::{Document, SpanKind};

#[derive(Serialize)]
struct Record {
    text: String,
    entities: Vec<Entity>,
    relations: Vec<Relation>,
}

/// A record as doccano writes it: `entities` and `relations` (a project with relations), or
/// `label` as `[start, end, label]` triples (sequence labelling without relations). Other
/// fields (`id`, `Comments`, metadata) are ignored.
#[derive(Deserialize)]
struct ImportRecord {
    text: String,
    entities: Option<Vec<Entity>>,
    #[serde(default)]
    relations: Vec<Relation>,
    label: Option<Vec<(usize, usize, String)>>,
    /// Fields of the page's own JSONL, to tell the user when that is what they chose.
    spans: Option<serde::de::IgnoredAny>,
    pairs: Option<serde::de::IgnoredAny>,
}

#[derive(Serialize, Deserialize)]
struct Entity {
    id: i64,
    start_offset: usize,
    end_offset: usize,
    label: String,
}

#[derive(Serialize, Deserialize)]
struct Relation {
    id: i64,
    from_id: i64,
    to_id: i64,
    #[serde(rename = "type")]
    kind: String,
}

fn label(kind: SpanKind) -> &'static str {
    match kind {
        SpanKind::Candidate => "Candidate",
        SpanKind::Member => "Member",
    }
}

/// Entity ids are the document's span ids, relation ids its pair ids.
pub fn export(doc: &Document) -> String {
    let mut out = String::with_capacity(doc.text.len() * 2);
    for (index, line) in doc.lines.iter().enumerate() {
        let offsets = line_offsets(doc, index);
        let entities = line
            .spans
            .clone()
            .zip(&offsets)
            .map(|(id, o)| Entity {
                id: id as i64,
                start_offset: o.start_utf16,
                end_offset: o.end_utf16,
                label: label(doc.spans[id].kind).to_string(),
            })
            .collect();
        let relations = doc
            .pairs
            .iter()
            .enumerate()
            .filter(|(_, p)| doc.spans[p.first].line == index && doc.spans[p.second].line == index)
            .map(|(id, p)| Relation {
                id: id as i64,
                from_id: p.first as i64,
                to_id: p.second as i64,
                kind: "Pair".to_string(),
            })
            .collect();
        let record = Record {
            text: doc.line_text(index).to_string(),
            entities,
            relations,
        };
        // Strings and numbers only: serialising cannot fail.
        out.push_str(&serde_json::to_string(&record).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// Reads doccano JSONL: each record's text becomes one line (or more, if it holds line
/// breaks), entities (or `label` triples) labelled `Candidate` or `Member` become spans, `Pair`
/// relations pairs. Blank lines are skipped. A record of the page's own JSONL (with `spans` and
/// `pairs`) is refused with a message saying so, rather than read as a record without entities.
pub fn import(jsonl: &str) -> Result<Document, ImportError> {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut pairs = Vec::new();
    // The entity's name (`entity 3`, `label 2`) and JSONL line of each span, for messages.
    let mut names: Vec<(String, usize)> = Vec::new();
    for (i, raw) in jsonl.lines().enumerate() {
        let n = i + 1;
        let raw = if n == 1 {
            raw.strip_prefix('\u{FEFF}').unwrap_or(raw)
        } else {
            raw
        };
        if raw.trim().is_empty() {
            continue;
        }
        let record: ImportRecord = serde_json::from_str(raw)
            .map_err(|e| ImportError::json(&e, raw, n, "not a doccano record"))?;
        if (record.spans.is_some() || record.pairs.is_some())
            && record.entities.is_none()
            && record.label.is_none()
        {
            return Err(ImportError::at(
                n,
                "this is a record of the page's own JSONL export (it has spans and pairs), not a doccano record; import the file as the page's JSONL",
            ));
        }
        let base = text.len();
        text.push_str(&record.text);
        let units = Utf16Index::new(&record.text);
        let mut by_id = std::collections::HashMap::new();
        let triples = record
            .label
            .iter()
            .flatten()
            .enumerate()
            .map(|(k, (start, end, label))| {
                (
                    format!("label {}", k + 1),
                    None,
                    *start,
                    *end,
                    label.as_str(),
                )
            });
        let entities = record.entities.iter().flatten().map(|e| {
            (
                format!("entity {}", e.id),
                Some(e.id),
                e.start_offset,
                e.end_offset,
                e.label.as_str(),
            )
        });
        for (name, id, start, end, label) in entities.chain(triples) {
            let kind = match label {
                "Candidate" => SpanKind::Candidate,
                "Member" => SpanKind::Member,
                other => {
                    return Err(ImportError::at(
                        n,
                        format!("{name} has the label \"{other}\"; only Candidate and Member can be imported"),
                    ))
                }
            };
            let range = (start < end)
                .then(|| units.bytes(start, end))
                .flatten()
                .ok_or_else(|| {
                    ImportError::at(
                        n,
                        format!(
                            "{name} has the offsets {start}..{end}, which are not a span of the text (offsets are UTF-16 units, and may not split a character)",
                        ),
                    )
                })?;
            if let Some(id) = id {
                if by_id.insert(id, spans.len()).is_some() {
                    return Err(ImportError::at(n, format!("entity id {id} is used twice")));
                }
            }
            spans.push((base + range.start..base + range.end, kind));
            names.push((name, n));
        }
        for relation in &record.relations {
            if relation.kind != "Pair" {
                return Err(ImportError::at(
                    n,
                    format!(
                        "relation {} has the type \"{}\"; only Pair can be imported",
                        relation.id, relation.kind
                    ),
                ));
            }
            let find = |id: i64| {
                by_id.get(&id).copied().ok_or_else(|| {
                    ImportError::at(
                        n,
                        format!(
                            "relation {} names entity {id}, which this record does not have",
                            relation.id
                        ),
                    )
                })
            };
            pairs.push((find(relation.from_id)?, find(relation.to_id)?));
        }
        // Each record is a line, ended by LF.
        text.push('\n');
    }
    Document::from_annotations(&text, spans, pairs).map_err(|e| {
        annotation_error(e, |i| match names.get(i) {
            Some((name, line)) => (name.clone(), Some(*line)),
            None => ("an entity".to_string(), None),
        })
    })
}
