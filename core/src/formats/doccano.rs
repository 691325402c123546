//! doccano's JSONL for sequence labelling with relations: one record per line of the document,
//! `{"text", "entities", "relations"}`. Entity offsets are UTF-16 units relative to the record's
//! text (what the browser counts). A pair whose members are on different lines cannot be said
//! within one record: both members are exported as entities, the relation is left out.

use serde::{Deserialize, Serialize};

use crate::formats::{annotation_error, line_offsets, ImportError, Utf16Index};
use crate::model::{Document, SpanKind};

#[derive(Serialize, Deserialize)]
struct Record {
    text: String,
    #[serde(default)]
    entities: Vec<Entity>,
    #[serde(default)]
    relations: Vec<Relation>,
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
/// breaks), entities labelled `Candidate` or `Member` become spans, `Pair` relations pairs.
/// Blank lines are skipped.
pub fn import(jsonl: &str) -> Result<Document, ImportError> {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut pairs = Vec::new();
    // The entity id and JSONL line of each span, for messages.
    let mut names: Vec<(i64, usize)> = Vec::new();
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
        let record: Record = serde_json::from_str(raw)
            .map_err(|e| ImportError::at(n, format!("not a doccano record: {e}")))?;
        let base = text.len();
        text.push_str(&record.text);
        let units = Utf16Index::new(&record.text);
        let mut by_id = std::collections::HashMap::new();
        for entity in &record.entities {
            let kind = match entity.label.as_str() {
                "Candidate" => SpanKind::Candidate,
                "Member" => SpanKind::Member,
                other => {
                    return Err(ImportError::at(
                        n,
                        format!("entity {} has the label \"{other}\"; only Candidate and Member can be imported", entity.id),
                    ))
                }
            };
            let range = (entity.start_offset < entity.end_offset)
                .then(|| units.bytes(entity.start_offset, entity.end_offset))
                .flatten()
                .ok_or_else(|| {
                    ImportError::at(
                        n,
                        format!(
                            "entity {} has the offsets {}..{}, which are not a span of the text (offsets are UTF-16 units, and may not split a character)",
                            entity.id, entity.start_offset, entity.end_offset
                        ),
                    )
                })?;
            if by_id.insert(entity.id, spans.len()).is_some() {
                return Err(ImportError::at(
                    n,
                    format!("entity id {} is used twice", entity.id),
                ));
            }
            spans.push((base + range.start..base + range.end, kind));
            names.push((entity.id, n));
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
            Some(&(id, line)) => (format!("entity {id}"), Some(line)),
            None => ("an entity".to_string(), None),
        })
    })
}
