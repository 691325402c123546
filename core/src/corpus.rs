//! A corpus: many documents, each with its status and note, in the order given. What the page
//! and the command line share: reading a zip of documents (the command line's folder export, a
//! brat collection, the corpus export), `corpus.json`, and the corpus export, one zip for all
//! the documents in one format. Pure: bytes in, bytes out.
//!
//! A zip is a corpus ([`is_corpus_zip`]) unless it is what a single document's open took
//! before corpora: exactly one `.ann` (a brat document), or Label Studio's `tasks.json`, and no
//! `corpus.json`.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::formats::sniff::{self, Seen};
use crate::formats::{self, brat, doccano, json, jsonl, label_studio, zip, Format, ImportError};
use crate::model::Document;
use crate::{parse, write};

/// The `format` of `corpus.json`.
pub const FORMAT: &str = "connectives-corpus/1";
/// The name of the corpus's own file, at the top of a corpus zip.
pub const CORPUS_JSON: &str = "corpus.json";

/// Names at the top of a corpus zip that are not documents' files.
const RESERVED: [&str; 5] = [
    CORPUS_JSON,
    "annotation.conf",
    "visual.conf",
    "tasks.json",
    "config.xml",
];

/// How far the annotation of a document has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Not touched yet.
    #[default]
    New,
    /// Edited at least once.
    InProgress,
    /// The annotator said it is finished (with or without connectives).
    Done,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::New, Status::InProgress, Status::Done];

    /// `new`, `in-progress`, `done`: the name in `corpus.json`, the page and the command line.
    pub fn name(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::InProgress => "in-progress",
            Status::Done => "done",
        }
    }

    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// One document of a corpus: its name (its path in the folder or zip, with `/`), its tagged
/// text, its status and its note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub source: String,
    pub status: Status,
    pub note: String,
}

impl Entry {
    /// A document not yet touched, with no note.
    pub fn new(name: impl Into<String>, source: impl Into<String>) -> Entry {
        Entry {
            name: name.into(),
            source: source.into(),
            status: Status::New,
            note: String::new(),
        }
    }
}

/// A file of a zip that did not open as a document: its name in the zip and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub name: String,
    pub reason: String,
}

/// What a corpus zip gave: the documents that opened, the files that did not, and what else
/// the user should know (a `corpus.json` that could not be read in full).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corpus {
    pub entries: Vec<Entry>,
    pub refused: Vec<Refused>,
    pub messages: Vec<String>,
}

/// Files that zip tools and file managers leave in archives: never documents, never reported.
fn is_junk(name: &str) -> bool {
    let base = base_name(name);
    name.starts_with("__MACOSX/")
        || name.contains("/__MACOSX/")
        || base.starts_with("._")
        || matches!(base, ".DS_Store" | "Thumbs.db" | "desktop.ini")
}

fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Whether a zip holding these files opens as a corpus rather than as one document: it holds
/// `corpus.json`, or anything but exactly one `.ann` (one brat document, as a single
/// document's brat export) or a Label Studio `tasks.json` (refused as one document is).
pub fn is_corpus<'a>(names: impl IntoIterator<Item = &'a str>) -> bool {
    let names: Vec<&str> = names.into_iter().filter(|n| !is_junk(n)).collect();
    if names.contains(&CORPUS_JSON) {
        return true;
    }
    let anns = names.iter().filter(|n| n.ends_with(".ann")).count();
    let tasks = names.iter().any(|n| base_name(n) == "tasks.json");
    !(anns == 1 || (anns == 0 && tasks))
}

/// [`is_corpus`] of a zip's files, read from its central directory only. A zip that cannot be
/// read is not a corpus (the single-document open then says why).
pub fn is_corpus_zip(bytes: &[u8]) -> bool {
    zip::names(bytes).is_ok_and(|names| is_corpus(names.iter().map(String::as_str)))
}

/// A member's bytes as text: UTF-8 (a byte order mark allowed), no NUL.
fn member_text(data: Vec<u8>) -> Result<String, String> {
    if let Some(at) = data.iter().position(|&b| b == 0) {
        return Err(format!("not a text file (a NUL byte at byte {at})"));
    }
    String::from_utf8(data).map_err(|e| {
        format!(
            "not UTF-8 text (byte {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Why a text file that is none of the importable kinds does not open.
fn not_a_document(seen: &Seen) -> String {
    match seen {
        Seen::Csv => "the page's CSV export lists the spans, not the whole text".to_string(),
        Seen::Bio => "BIO tags do not say which members form a pair".to_string(),
        Seen::Table => "a table (CSV or TSV) with no tagged text in it".to_string(),
        Seen::LabelStudioTasks => "Label Studio tasks cannot be imported".to_string(),
        Seen::OtherJson(_) => "JSON, but not a connectives/1 document".to_string(),
        Seen::OtherJsonl { .. } => {
            "JSONL whose records are neither the page's nor doccano's".to_string()
        }
        Seen::BrokenJsonl(e) => format!("not valid JSONL: {e}"),
        _ => "not a document".to_string(),
    }
}

/// One text file of a zip as a document's tagged text, through the importer its content asks
/// for; the error is the reason it does not open.
fn open_text(name: &str, text: String) -> Result<String, String> {
    let imported = |doc: Result<Document, ImportError>| {
        doc.map(|d| write(&d))
            .map_err(|e| format!("cannot be imported: {e}"))
    };
    match sniff::text(name, &text) {
        Seen::Tagged if sniff::extension(name) == "txt" => Ok(text),
        Seen::Tagged => Err(
            "not a .txt file; a corpus opens .txt files and the page's JSON, JSONL and doccano \
             exports"
                .to_string(),
        ),
        Seen::Json => imported(json::import(&text)),
        Seen::Jsonl => imported(jsonl::import(&text)),
        Seen::Doccano => imported(doccano::import(&text)),
        other => Err(not_a_document(&other)),
    }
}

/// Reads a zip of documents: tagged `.txt` files, brat pairs (`NAME.txt` with `NAME.ann`,
/// through the brat importer), the page's JSON, JSONL and doccano exports, and `corpus.json`,
/// whose statuses, notes and names are given back to the documents it lists. A file that
/// cannot be opened is listed in [`Corpus::refused`] with its reason and the others open;
/// folders, `__MACOSX/` and the like, brat's `.conf` files and Label Studio's `config.xml` are
/// skipped. The error is for a zip that cannot be read at all.
pub fn read_zip(bytes: &[u8]) -> Result<Corpus, ImportError> {
    // Each file's bytes are taken out once, by the document they belong to.
    type Unread = Option<Result<Vec<u8>, ImportError>>;
    let mut files: Vec<(String, Unread)> = zip::read_each(bytes)?
        .into_iter()
        .filter(|(name, _)| !is_junk(name))
        .map(|(name, data)| (name, Some(data)))
        .collect();
    let index: HashMap<String, usize> = files
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (name.clone(), i))
        .collect();
    let has_tasks = index.contains_key("tasks.json");
    let mut corpus = Corpus::default();
    let mut records = Vec::new();
    if let Some(&i) = index.get(CORPUS_JSON) {
        match files[i].1.take() {
            Some(Ok(data)) => match member_text(data) {
                Ok(text) => {
                    let (read, messages) = read_corpus_json(&text);
                    records = read;
                    corpus.messages.extend(messages);
                }
                Err(why) => corpus.messages.push(format!(
                    "{CORPUS_JSON} is {why}; every document opens as new"
                )),
            },
            Some(Err(e)) => corpus
                .messages
                .push(format!("{e}; every document opens as new")),
            None => {}
        }
    }
    // Each entry, with the name of its file in the zip, for matching `corpus.json`.
    let mut opened: Vec<(String, Entry)> = Vec::new();
    for i in 0..files.len() {
        let name = files[i].0.clone();
        let ext = sniff::extension(&name);
        if ext == "conf" || (name == "config.xml" && has_tasks) {
            continue;
        }
        if ext == "ann" {
            let txt = format!("{}.txt", &name[..name.len() - ".ann".len()]);
            if !index.contains_key(&txt) {
                corpus.refused.push(Refused {
                    name,
                    reason: format!("a brat .ann without {txt}"),
                });
            }
            // Read with its .txt, at the .txt's place.
            continue;
        }
        let Some(data) = files[i].1.take() else {
            continue;
        };
        let ann_name = name
            .strip_suffix(".txt")
            .map(|stem| format!("{stem}.ann"))
            .filter(|ann| ext == "txt" && index.contains_key(ann));
        let refuse = |corpus: &mut Corpus, file: &str, reason: String| {
            corpus.refused.push(Refused {
                name: file.to_string(),
                reason,
            });
        };
        let data = match data {
            Ok(data) => data,
            Err(e) => {
                refuse(&mut corpus, &name, e.message);
                continue;
            }
        };
        if sniff::is_zip(&name, &data) {
            refuse(
                &mut corpus,
                &name,
                "a zip inside the zip is not opened; unpack it first".to_string(),
            );
            continue;
        }
        let text = match member_text(data) {
            Ok(text) => text,
            Err(why) => {
                refuse(&mut corpus, &name, why);
                continue;
            }
        };
        let source = match ann_name {
            Some(ann_name) => index
                .get(&ann_name)
                .and_then(|&j| files[j].1.take())
                .ok_or_else(|| format!("{ann_name} is missing"))
                .and_then(|data| data.map_err(|e| e.message))
                .and_then(|data| member_text(data).map_err(|why| format!("{ann_name} is {why}")))
                .and_then(|ann| {
                    let ann = ann.strip_prefix('\u{FEFF}').unwrap_or(&ann);
                    brat::import(&text, ann)
                        .map(|doc| write(&doc))
                        .map_err(|e| format!("{ann_name}: {e}"))
                }),
            None => open_text(&name, text),
        };
        match source {
            Ok(source) => opened.push((name.clone(), Entry::new(name, source))),
            Err(why) => refuse(&mut corpus, &name, why),
        }
    }
    restore(&mut opened, &records, &mut corpus.messages);
    corpus.entries = opened.into_iter().map(|(_, entry)| entry).collect();
    Ok(corpus)
}

/// Gives the documents that `corpus.json` lists their names, statuses and notes, found by the
/// file each was exported to (or, for a record without one, by its name).
fn restore(opened: &mut [(String, Entry)], records: &[Record], messages: &mut Vec<String>) {
    let by_file: HashMap<String, usize> = opened
        .iter()
        .enumerate()
        .map(|(i, (file, _))| (file.clone(), i))
        .collect();
    let mut restored = HashSet::new();
    for record in records {
        let file = record.file.as_deref().unwrap_or(&record.name);
        match by_file.get(file) {
            Some(&i) if restored.insert(i) => {
                let entry = &mut opened[i].1;
                entry.name.clone_from(&record.name);
                entry.status = record.status;
                entry.note.clone_from(&record.note);
            }
            Some(_) => messages.push(format!(
                "{CORPUS_JSON} lists {file} twice; the first is kept"
            )),
            None => messages.push(format!(
                "{CORPUS_JSON} lists {}, which did not open from the zip",
                record.name
            )),
        }
    }
}

/// One document as `corpus.json` records it: what reading it gives back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub name: String,
    /// The file the document was exported to, in the zip.
    pub file: Option<String>,
    pub status: Status,
    pub note: String,
}

/// One document in `corpus.json`, as it is written.
#[derive(Serialize)]
struct WrittenRecord<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    status: Status,
    note: &'a str,
    candidates: usize,
    members: usize,
    pairs: usize,
    problems: usize,
}

#[derive(Serialize)]
struct WrittenCorpus<'a> {
    format: &'static str,
    documents: Vec<WrittenRecord<'a>>,
}

/// `corpus.json` for the entries (each parsed for its counts), without file names.
pub fn corpus_json(entries: &[Entry]) -> String {
    let docs: Vec<Document> = entries.iter().map(|e| parse(&e.source)).collect();
    corpus_json_of(entries, &docs, &vec![None; entries.len()])
}

fn corpus_json_of(entries: &[Entry], docs: &[Document], files: &[Option<String>]) -> String {
    let documents = entries
        .iter()
        .zip(docs)
        .zip(files)
        .map(|((entry, doc), file)| {
            let counts = doc.counts();
            WrittenRecord {
                name: &entry.name,
                file: file.as_deref(),
                status: entry.status,
                note: &entry.note,
                candidates: counts.candidates,
                members: counts.members,
                pairs: counts.pairs,
                problems: doc.diagnostics.len(),
            }
        })
        .collect();
    let written = WrittenCorpus {
        format: FORMAT,
        documents,
    };
    // Strings and numbers only: serialising cannot fail.
    let mut out = serde_json::to_string_pretty(&written).unwrap_or_default();
    out.push('\n');
    out
}

/// Reads `corpus.json`: its records, and messages for what it could not use (a missing or
/// unknown status reads as `new`, a missing note as empty, a record without a name is left
/// out). It never fails: a file that is not `corpus.json` at all gives no records and says so.
pub fn read_corpus_json(text: &str) -> (Vec<Record>, Vec<String>) {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut messages = Vec::new();
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            messages.push(format!(
                "{CORPUS_JSON} is not JSON ({e}); every document opens as new"
            ));
            return (Vec::new(), messages);
        }
    };
    match value.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(other) => messages.push(format!(
            "{CORPUS_JSON} says it is {other}; it is read as {FORMAT}"
        )),
        None => messages.push(format!(
            "{CORPUS_JSON} names no format; it is read as {FORMAT}"
        )),
    }
    let Some(documents) = value.get("documents").and_then(Value::as_array) else {
        messages.push(format!(
            "{CORPUS_JSON} has no list of documents; every document opens as new"
        ));
        return (Vec::new(), messages);
    };
    let mut records = Vec::with_capacity(documents.len());
    for (i, item) in documents.iter().enumerate() {
        let Some(name) = item.get("name").and_then(Value::as_str) else {
            messages.push(format!(
                "{CORPUS_JSON}: document {} has no name and is left out",
                i + 1
            ));
            continue;
        };
        let status = match item.get("status") {
            Some(Value::String(s)) => Status::from_name(s).unwrap_or_else(|| {
                messages.push(format!(
                    "{CORPUS_JSON}: {name} has the status \"{s}\", which is not new, in-progress \
                     or done; it opens as new"
                ));
                Status::New
            }),
            None | Some(Value::Null) => {
                messages.push(format!(
                    "{CORPUS_JSON}: {name} has no status; it opens as new"
                ));
                Status::New
            }
            Some(_) => {
                messages.push(format!(
                    "{CORPUS_JSON}: {name} has a status that is not a name; it opens as new"
                ));
                Status::New
            }
        };
        let note = match item.get("note") {
            Some(Value::String(note)) => note.clone(),
            None | Some(Value::Null) => String::new(),
            Some(_) => {
                messages.push(format!(
                    "{CORPUS_JSON}: {name} has a note that is not text; it is left empty"
                ));
                String::new()
            }
        };
        records.push(Record {
            name: name.to_string(),
            file: item.get("file").and_then(Value::as_str).map(str::to_string),
            status,
            note,
        });
    }
    (records, messages)
}

/// `dir/a.txt` → `dir/a`: the folders of a document's name (without empty, `.` and `..`
/// parts, so nothing unpacks outside the folder) and its [`formats::stem`].
fn stem_path(doc_name: &str) -> String {
    let normal = doc_name.replace('\\', "/");
    let folders: Vec<&str> = normal
        .split('/')
        .rev()
        .skip(1)
        .filter(|part| !matches!(*part, "" | "." | ".."))
        .collect();
    let mut path = String::new();
    for folder in folders.into_iter().rev() {
        path.push_str(folder);
        path.push('/');
    }
    path.push_str(formats::stem(doc_name));
    path
}

/// The files each document gives in `format` (brat: `.txt` and `.ann`), as stem paths: the
/// document's folders and stem, or, when that is taken (by an earlier document, or by
/// `corpus.json` and the other files at the top), `STEM-2`, `STEM-3`… Names are compared
/// without case, since the zip may be unpacked where `A.txt` and `a.txt` are one file.
pub fn member_stems(names: &[&str], format: Format) -> Vec<String> {
    let extensions: &[&str] = match format {
        Format::Brat => &["txt", "ann"],
        Format::LabelStudio => &[],
        other => std::slice::from_ref(match other {
            Format::Tagged => &"txt",
            Format::Json => &"json",
            Format::Jsonl => &"jsonl",
            Format::Csv => &"csv",
            Format::Doccano => &"doccano.jsonl",
            Format::Bio => &"bio.tsv",
            Format::Brat | Format::LabelStudio => &"",
        }),
    };
    let mut taken: HashSet<String> = RESERVED.iter().map(|n| n.to_string()).collect();
    names
        .iter()
        .map(|name| {
            let stem = stem_path(name);
            let files = |stem: &str| -> Vec<String> {
                extensions
                    .iter()
                    .map(|ext| format!("{stem}.{ext}").to_lowercase())
                    .collect()
            };
            let mut chosen = stem.clone();
            let mut n = 2;
            while files(&chosen).iter().any(|f| taken.contains(f)) {
                chosen = format!("{stem}-{n}");
                n += 1;
            }
            taken.extend(files(&chosen));
            chosen
        })
        .collect()
}

/// The corpus export: one zip holding `corpus.json` (names, the file each document went to,
/// statuses, notes, counts), then, per document in order, the file [`formats::export`] gives
/// (byte for byte) named after the document (`dir/a.txt` → `dir/a.csv`, see
/// [`member_stems`]). brat gives a collection instead: `NAME.txt` and `NAME.ann` per document,
/// then one `annotation.conf` and `visual.conf`; Label Studio one `tasks.json` with every
/// document's tasks (each naming its document) and one `config.xml`. The same entries always
/// give the same bytes.
pub fn export_zip(entries: &[Entry], format: Format) -> Result<Vec<u8>, zip::TooLarge> {
    let docs: Vec<Document> = entries.iter().map(|e| parse(&e.source)).collect();
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    let stems = member_stems(&names, format);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut file_of = Vec::with_capacity(entries.len());
    for ((entry, doc), stem) in entries.iter().zip(&docs).zip(&stems) {
        match format {
            Format::Brat => {
                let txt = format!("{stem}.txt");
                files.push((txt.clone(), doc.text.clone().into_bytes()));
                files.push((format!("{stem}.ann"), brat::export_ann(doc).into_bytes()));
                file_of.push(Some(txt));
            }
            Format::LabelStudio => file_of.push(Some("tasks.json".to_string())),
            _ => {
                let exported = formats::export(doc, format, &entry.name);
                let file = format!("{stem}.{}", format.extension());
                files.push((file.clone(), exported.bytes));
                file_of.push(Some(file));
            }
        }
    }
    match format {
        Format::Brat => {
            files.push((
                "annotation.conf".to_string(),
                brat::ANNOTATION_CONF.as_bytes().to_vec(),
            ));
            files.push((
                "visual.conf".to_string(),
                brat::VISUAL_CONF.as_bytes().to_vec(),
            ));
        }
        Format::LabelStudio => {
            let named: Vec<(&str, &Document)> = names.iter().copied().zip(&docs).collect();
            files.push((
                "tasks.json".to_string(),
                label_studio::corpus_tasks_json(&named).into_bytes(),
            ));
            files.push((
                "config.xml".to_string(),
                label_studio::LABELING_CONFIG.as_bytes().to_vec(),
            ));
        }
        _ => {}
    }
    let corpus = corpus_json_of(entries, &docs, &file_of);
    let mut all: Vec<(&str, &[u8])> = vec![(CORPUS_JSON, corpus.as_bytes())];
    all.extend(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    zip::write(&all)
}

/// The corpus export's file name, `NAME.FORMAT.zip` (`cdtb.brat.zip`, `cdtb.tagged.zip`), so
/// every format's zip of one corpus has its own name.
pub fn export_file_name(corpus_name: &str, format: Format) -> String {
    format!("{}.{}.zip", formats::stem(corpus_name), format.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stem_paths_keep_folders_but_never_climb_out() {
        assert_eq!(stem_path("dir/a.txt"), "dir/a");
        assert_eq!(stem_path("../../etc/a.txt"), "etc/a");
        assert_eq!(stem_path("/abs//x/./b.tagged.txt"), "abs/x/b.tagged");
        assert_eq!(stem_path("win\\sub\\c.txt"), "win/sub/c");
        assert_eq!(stem_path(""), "document");
    }

    #[test]
    fn junk_of_zip_tools_is_recognised() {
        assert!(is_junk("__MACOSX/a.txt"));
        assert!(is_junk("dir/._a.txt"));
        assert!(is_junk("dir/.DS_Store"));
        assert!(!is_junk("dir/a.txt"));
    }
}
