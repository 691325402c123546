//! Label Studio: a JSON array of tasks, one per line of the document, each with the line as
//! `data.text` and one annotation whose `result` holds a `labels` region per span (`start` and
//! `end` in code points of the line) and a `relation` per pair on the line. The export is a zip
//! with `tasks.json` and `config.xml`, the labeling config the tasks need. A pair whose members
//! are on different lines is not exported (a relation joins regions of one task).

use serde::Serialize;

use crate::formats::{line_offsets, zip_files};
use crate::model::{Document, SpanKind};

/// The labeling config for the tasks: a `Labels` control named `label` on the `Text` object
/// named `text`, and the `Pair` relation.
pub const LABELING_CONFIG: &str = r#"<View>
  <Labels name="label" toName="text">
    <Label value="Candidate"/>
    <Label value="Member"/>
  </Labels>
  <Text name="text" value="$text"/>
  <Relations>
    <Relation value="Pair"/>
  </Relations>
</View>
"#;

#[derive(Serialize)]
struct Task<'d> {
    data: TaskData<'d>,
    annotations: [Annotation; 1],
}

#[derive(Serialize)]
struct TaskData<'d> {
    /// The document's name, in a corpus export that holds the tasks of many documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'d str>,
    text: &'d str,
    /// 1-based line of the document, shown in Label Studio's data manager.
    line: usize,
}

#[derive(Serialize)]
struct Annotation {
    result: Vec<ResultItem>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum ResultItem {
    Region {
        id: String,
        from_name: &'static str,
        to_name: &'static str,
        #[serde(rename = "type")]
        kind: &'static str,
        value: RegionValue,
    },
    Relation {
        #[serde(rename = "type")]
        kind: &'static str,
        from_id: String,
        to_id: String,
        direction: &'static str,
        labels: [&'static str; 1],
    },
}

#[derive(Serialize)]
struct RegionValue {
    start: usize,
    end: usize,
    text: String,
    labels: [&'static str; 1],
}

/// A region's id: `s` and the document's span id.
fn region_id(span: usize) -> String {
    format!("s{span}")
}

/// The tasks as pretty-printed JSON.
pub fn tasks_json(doc: &Document) -> String {
    to_json(&tasks(doc, None))
}

/// The tasks of many documents in one array, in document order, each task naming its document
/// (`data.document`), so that one import into Label Studio brings a whole corpus.
pub fn corpus_tasks_json(documents: &[(&str, &Document)]) -> String {
    let tasks: Vec<Task> = documents
        .iter()
        .flat_map(|(name, doc)| tasks(doc, Some(name)))
        .collect();
    to_json(&tasks)
}

fn to_json(tasks: &[Task]) -> String {
    // Strings and numbers only: serialising cannot fail.
    let mut out = serde_json::to_string_pretty(tasks).unwrap_or_default();
    out.push('\n');
    out
}

fn tasks<'d>(doc: &'d Document, document: Option<&'d str>) -> Vec<Task<'d>> {
    (0..doc.lines.len())
        .map(|index| {
            let line = &doc.lines[index];
            let offsets = line_offsets(doc, index);
            let mut result: Vec<ResultItem> = line
                .spans
                .clone()
                .zip(&offsets)
                .map(|(id, o)| ResultItem::Region {
                    id: region_id(id),
                    from_name: "label",
                    to_name: "text",
                    kind: "labels",
                    value: RegionValue {
                        start: o.start,
                        end: o.end,
                        text: doc.span_text(id).to_string(),
                        labels: [match doc.spans[id].kind {
                            SpanKind::Candidate => "Candidate",
                            SpanKind::Member => "Member",
                        }],
                    },
                })
                .collect();
            for pair in &doc.pairs {
                if doc.spans[pair.first].line == index && doc.spans[pair.second].line == index {
                    result.push(ResultItem::Relation {
                        kind: "relation",
                        from_id: region_id(pair.first),
                        to_id: region_id(pair.second),
                        direction: "right",
                        labels: ["Pair"],
                    });
                }
            }
            Task {
                data: TaskData {
                    document,
                    text: doc.line_text(index),
                    line: index + 1,
                },
                annotations: [Annotation { result }],
            }
        })
        .collect()
}

/// The zip: `tasks.json` and `config.xml`.
pub fn export_zip(doc: &Document) -> Vec<u8> {
    let tasks = tasks_json(doc);
    zip_files(&[
        ("tasks.json", tasks.as_bytes()),
        ("config.xml", LABELING_CONFIG.as_bytes()),
    ])
}
