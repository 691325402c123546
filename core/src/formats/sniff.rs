//! What an opened file seems to be, from its content and not only its name: which importer
//! reads it, or which file it is that cannot be opened (the page's CSV or BIO export, a Label
//! Studio zip, JSON of another kind), so that nothing is ever read as tagged text by mistake or
//! handed to an importer that would find nothing in it.

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::formats::{csv, zip, ImportError};

/// What a file seems to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen {
    /// Tagged text (any text that is none of the below).
    Tagged,
    /// `connectives/1` JSON, or a file named `.json` that is not JSON at all (the importer
    /// then says where it breaks).
    Json,
    /// The page's JSONL export: records with `line`, `text`, `spans` and `pairs`.
    Jsonl,
    /// doccano JSONL: records with `text` and `entities`/`relations` or `label`.
    Doccano,
    /// JSONL whose first record is neither ours nor doccano's: its keys.
    OtherJsonl { keys: Vec<String> },
    /// Named `.jsonl`, but no line of it is a JSON object: the first line's error.
    BrokenJsonl(ImportError),
    /// A zip holding a brat `.ann`.
    BratZip,
    /// A zip holding Label Studio's `tasks.json`.
    LabelStudioZip,
    /// A zip of something else: the names of its files.
    OtherZip { files: Vec<String> },
    /// Bytes that start like a zip (or a file named `.zip`) that cannot be read as one.
    BrokenZip(ImportError),
    /// A JSON array of Label Studio tasks (objects with `data`).
    LabelStudioTasks,
    /// JSON that is not `connectives/1`.
    OtherJson(JsonShape),
    /// The page's CSV export (its header row).
    Csv,
    /// Rows of a character and a BIO tag (the page's BIO export, or another tool's).
    Bio,
    /// A file named `.csv` or `.tsv` holding no markup: a table, not a document.
    Table,
}

/// The outline of a JSON value, for saying what a file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonShape {
    /// An object, with its first few keys.
    Object { keys: Vec<String> },
    /// An array, with its length and the first few keys of its first item if that is an object.
    Array { items: usize, keys: Vec<String> },
    /// A string, number, boolean or null.
    Scalar,
}

/// What one JSONL record is, by its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    /// `spans` or `pairs`: the page's JSONL.
    Ours,
    /// `entities`, `relations` or `label`, or only a `text`: doccano.
    Doccano,
    Neither,
}

/// How many keys a shape names.
const KEYS_SHOWN: usize = 6;
/// How many lines of a JSONL file are tried for a first record.
const LINES_TRIED: usize = 20;

/// Whether the bytes are a zip: its signature (local header, or the end record of an empty
/// zip), whatever the name; or the name says `.zip`.
pub fn is_zip(name: &str, bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") || extension(name) == "zip"
}

/// What a zip holds: brat, Label Studio, or other files.
pub fn zip(bytes: &[u8]) -> Seen {
    let files = match zip::read(bytes) {
        Ok(files) => files,
        Err(e) => return Seen::BrokenZip(e),
    };
    let base = |name: &str| name.rsplit('/').next().unwrap_or(name).to_string();
    if files.iter().any(|(n, _)| n.ends_with(".ann")) {
        Seen::BratZip
    } else if files.iter().any(|(n, _)| base(n) == "tasks.json") {
        Seen::LabelStudioZip
    } else {
        Seen::OtherZip {
            files: files.into_iter().map(|(n, _)| n).collect(),
        }
    }
}

/// What a text file named `name` is. A byte order mark is allowed before any of them.
pub fn text(name: &str, text: &str) -> Seen {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let ext = extension(name);
    let jsonl_name = matches!(ext.as_str(), "jsonl" | "ndjson");
    if body.lines().next() == Some(csv::HEADER.join(",").as_str()) {
        return Seen::Csv;
    }
    if is_bio(body) {
        return Seen::Bio;
    }
    let starts_like_json = body.trim_start().starts_with(['{', '[']);
    if starts_like_json && is_connectives(body) {
        return Seen::Json;
    }
    if jsonl_name || starts_like_json {
        match first_record(body, jsonl_name) {
            Ok(Some(first)) => match record(&first) {
                Record::Ours => return Seen::Jsonl,
                Record::Doccano => return Seen::Doccano,
                Record::Neither if jsonl_name => {
                    return Seen::OtherJsonl {
                        keys: keys(first.as_object()),
                    }
                }
                Record::Neither => {}
            },
            Ok(None) => {}
            Err(e) if jsonl_name => return Seen::BrokenJsonl(e),
            Err(_) => {}
        }
    }
    let whole: Option<Value> = (ext == "json" || starts_like_json)
        .then(|| serde_json::from_str(body).ok())
        .flatten();
    if let Some(value) = whole {
        // Text that merely parses as JSON (`[1]`, `"quoted"`) is a document unless it is named
        // `.json` or holds objects.
        if ext == "json" || holds_objects(&value) {
            return other_json(&value);
        }
    }
    if ext == "json" {
        return Seen::Json;
    }
    if matches!(ext.as_str(), "csv" | "tsv") && !has_markup(body) {
        return Seen::Table;
    }
    Seen::Tagged
}

/// What a JSONL record is, by its fields.
pub fn record(value: &Value) -> Record {
    let Some(object) = value.as_object() else {
        return Record::Neither;
    };
    let has = |key: &str| object.contains_key(key);
    if has("entities") || has("relations") || has("label") {
        Record::Doccano
    } else if has("spans") || has("pairs") {
        Record::Ours
    } else if has("text") {
        Record::Doccano
    } else {
        Record::Neither
    }
}

/// The fields that make an object `connectives/1`; the rest is skipped unread, so that a large
/// document is not built as a JSON value only to be looked at.
#[derive(Deserialize)]
struct Outline {
    format: Option<IgnoredAny>,
    text: Option<IgnoredAny>,
    spans: Option<IgnoredAny>,
    line: Option<IgnoredAny>,
}

/// `connectives/1`: one JSON object that names a format (the importer checks which), or has a
/// `text` and `spans` but no `line` (which would make it one of our JSONL records).
fn is_connectives(body: &str) -> bool {
    // serde reads a struct from an array too, by position: only an object will do.
    body.trim_start().starts_with('{')
        && serde_json::from_str::<Outline>(body).is_ok_and(|o| {
            o.format.is_some() || (o.text.is_some() && o.spans.is_some() && o.line.is_none())
        })
}

fn holds_objects(value: &Value) -> bool {
    match value {
        Value::Object(_) => true,
        Value::Array(items) => items.first().is_some_and(Value::is_object),
        _ => false,
    }
}

fn other_json(value: &Value) -> Seen {
    match value {
        Value::Array(items)
            if !items.is_empty()
                && items
                    .iter()
                    .all(|i| i.as_object().is_some_and(|o| o.contains_key("data"))) =>
        {
            Seen::LabelStudioTasks
        }
        Value::Array(items) => Seen::OtherJson(JsonShape::Array {
            items: items.len(),
            keys: keys(items.first().and_then(Value::as_object)),
        }),
        Value::Object(o) => Seen::OtherJson(JsonShape::Object {
            keys: keys(Some(o)),
        }),
        _ => Seen::OtherJson(JsonShape::Scalar),
    }
}

fn keys(object: Option<&Map<String, Value>>) -> Vec<String> {
    object
        .into_iter()
        .flat_map(|o| o.keys())
        .take(KEYS_SHOWN)
        .cloned()
        .collect()
}

/// The first line (of the first few that are not blank) that is a JSON object. When `all` is
/// false, only the first non-blank line is tried, and it must start with `{`. The error is the
/// first line's, when no line is an object.
fn first_record(body: &str, all: bool) -> Result<Option<Value>, ImportError> {
    let mut first_error = None;
    let lines = body
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .take(if all { LINES_TRIED } else { 1 });
    for (i, line) in lines {
        if !all && !line.trim_start().starts_with('{') {
            return Ok(None);
        }
        match serde_json::from_str::<Value>(line) {
            Ok(value) if value.is_object() => return Ok(Some(value)),
            Ok(_) => {
                first_error.get_or_insert_with(|| {
                    ImportError::at(i + 1, "the line is JSON but not an object (a record)")
                });
            }
            Err(e) => {
                first_error.get_or_insert_with(|| ImportError::json(&e, line, i + 1, "not JSON"));
            }
        }
    }
    first_error.map_or(Ok(None), Err)
}

/// Rows of `CHAR<TAB>TAG` (TAG `O` or `B-`/`I-` and a label), blank rows between sentences,
/// and at least one row. CHAR is one character, or `U+` and hexadecimal digits as our export
/// writes whitespace.
fn is_bio(body: &str) -> bool {
    let mut rows = 0;
    for row in body.lines() {
        if row.is_empty() {
            continue;
        }
        let Some((shown, tag)) = row.split_once('\t') else {
            return false;
        };
        let mut chars = shown.chars();
        let one_char = chars.next().is_some_and(|c| !c.is_whitespace()) && chars.next().is_none();
        let escaped = shown.strip_prefix("U+").is_some_and(|hex| {
            (4..=6).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit())
        });
        let tag_ok = tag == "O"
            || tag
                .strip_prefix("B-")
                .or_else(|| tag.strip_prefix("I-"))
                .is_some_and(|label| {
                    !label.is_empty()
                        && label
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                });
        if !(one_char || escaped) || !tag_ok {
            return false;
        }
        rows += 1;
    }
    rows > 0
}

fn has_markup(body: &str) -> bool {
    body.contains("<cand>") || body.contains("<a>") || body.contains("<a ")
}

/// The last extension of a file name, lower case (`x.DOCCANO.JSONL` → `jsonl`).
pub fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_that_happens_to_parse_as_json_is_still_a_document() {
        assert_eq!(text("a.txt", "[1]"), Seen::Tagged);
        assert_eq!(text("a.txt", "\"虽然\""), Seen::Tagged);
        assert_eq!(text("a.txt", "{不是 JSON}\n"), Seen::Tagged);
        assert_eq!(
            text("a.json", "[1]"),
            Seen::OtherJson(JsonShape::Array {
                items: 1,
                keys: vec![]
            })
        );
    }

    #[test]
    fn an_array_of_four_objects_is_not_read_as_the_four_fields_of_connectives_1() {
        let four = r#"[{"data":1},{"data":2},{"data":3},{"data":4}]"#;
        assert_eq!(text("t.json", four), Seen::LabelStudioTasks);
    }

    #[test]
    fn bio_rows_need_one_character_or_an_escape_and_a_tag() {
        assert!(is_bio("虽\tB-MEMBER\n然\tI-MEMBER\nU+0020\tO\n\n"));
        assert!(!is_bio("虽然\tO\n"), "two characters in the first column");
        assert!(!is_bio("虽\tX\n"), "not a BIO tag");
        assert!(!is_bio("虽\tO\n但是没有制表符\n"), "a row without a tab");
        assert!(!is_bio("\n\n"), "no rows");
    }
}
