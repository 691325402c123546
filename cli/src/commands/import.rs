//! `connectives import --from brat|doccano|json|jsonl`: another tool's files (or the page's
//! JSON and JSONL exports) back to tagged text, through the core's importers (the ones the
//! page uses).
//!
//! brat takes a zip, a `.ann` with its `.txt` beside it, or a folder of such pairs; a zip with
//! several documents (as `export --format brat` writes for a folder) gives one text per `.ann`.

use std::io::{self, Cursor, Read};
use std::path::{Path, PathBuf};

use connectives_core::formats::{self, brat, doccano, json, jsonl, Format, ImportError};
use connectives_core::{write, Document};

use super::folder::{self, OutDir};
use super::{load_reporting, plural};
use crate::input::InputPath;
use crate::{Streams, FAILURE, SUCCESS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    Brat,
    Doccano,
    Json,
    Jsonl,
}

impl ImportFormat {
    pub fn from_name(name: &str) -> Option<ImportFormat> {
        match name {
            "brat" => Some(ImportFormat::Brat),
            "doccano" => Some(ImportFormat::Doccano),
            "json" => Some(ImportFormat::Json),
            "jsonl" => Some(ImportFormat::Jsonl),
            _ => None,
        }
    }

    /// The files a folder given as input stands for.
    fn folder_extension(self) -> &'static str {
        match self {
            ImportFormat::Brat => "ann",
            ImportFormat::Doccano | ImportFormat::Jsonl => "jsonl",
            ImportFormat::Json => "json",
        }
    }
}

/// The largest file unpacked from a zip, so that a zip bomb stops early.
const MAX_UNZIPPED: u64 = 512 * 1024 * 1024;

/// One document read back, with the name of the tagged text file it becomes.
struct Imported {
    name: String,
    doc: Document,
}

/// What one input gave: its documents, and how many it held that could not be imported (each
/// reported on stderr).
struct Outcome {
    documents: Vec<Imported>,
    failed: usize,
}

impl Outcome {
    fn one(name: String, doc: Document) -> Outcome {
        Outcome {
            documents: vec![Imported { name, doc }],
            failed: 0,
        }
    }

    fn failed() -> Outcome {
        Outcome {
            documents: Vec::new(),
            failed: 1,
        }
    }
}

/// `FILE:LINE:COLUMN: message`, `FILE:LINE: message`, or `FILE: message`, as far as the error
/// knows its place (the column counts characters).
pub fn located(file: &str, error: &ImportError) -> String {
    match (error.line, error.column) {
        (Some(line), Some(column)) => format!("{file}:{line}:{column}: {}", error.message),
        (Some(line), None) => format!("{file}:{line}: {}", error.message),
        _ => format!("{file}: {}", error.message),
    }
}

/// `corpus.doccano.jsonl` → `corpus.txt`, `seed.json` → `seed.txt`: the name the export came
/// from, where the export's own naming shows it.
pub fn output_name(doc_name: &str) -> String {
    for format in [Format::Brat, Format::Doccano] {
        let suffix = format!(".{}", format.extension());
        if let Some(stem) = doc_name.strip_suffix(&suffix).filter(|s| !s.is_empty()) {
            return format!("{stem}.txt");
        }
    }
    formats::file_name(doc_name, Format::Tagged)
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

pub fn run(
    from: ImportFormat,
    inputs: &[InputPath],
    out: Option<&Path>,
    streams: &mut Streams<'_>,
) -> io::Result<u8> {
    let into_folder = folder::writes_into_folder(inputs, out);
    if into_folder && out.is_none() {
        for input in inputs.iter().filter(|i| folder::is_folder(i)) {
            writeln!(
                streams.stderr,
                "connectives: cannot read {}: it is a folder; to import its .{} files, give --out DIR",
                input.name(),
                from.folder_extension()
            )?;
        }
        return Ok(FAILURE);
    }
    let (files, mut failed) = if into_folder {
        folder::expand(inputs, from.folder_extension(), streams)?
    } else {
        (inputs.to_vec(), 0)
    };
    let mut dir: Option<OutDir> = None;
    let mut read = Vec::new();
    for input in &files {
        let outcome = import_input(from, input, &mut read, streams)?;
        failed += outcome.failed;
        let documents = outcome.documents;
        if documents.is_empty() {
            continue;
        }
        if let ([one], false) = (documents.as_slice(), into_folder) {
            if !folder::write_one(write(&one.doc).as_bytes(), out, streams)? {
                failed += 1;
            }
            continue;
        }
        let Some(out) = out else {
            writeln!(
                streams.stderr,
                "connectives: {}: holds {}; give --out DIR to write them",
                input.name(),
                plural(documents.len(), "document", "documents")
            )?;
            failed += 1;
            continue;
        };
        let dir = match &mut dir {
            Some(dir) => dir,
            None => match OutDir::create(out) {
                Ok(created) => dir.insert(created),
                Err(message) => {
                    writeln!(streams.stderr, "connectives: {message}")?;
                    return Ok(FAILURE);
                }
            },
        };
        for path in read.drain(..) {
            dir.protect(&path);
        }
        for imported in documents {
            let name = dir.claim(&imported.name, "txt");
            if !dir.write(&name, write(&imported.doc).as_bytes(), streams)? {
                failed += 1;
            }
        }
    }
    if let Some(dir) = &dir {
        writeln!(
            streams.stderr,
            "connectives: wrote {} into {}",
            plural(dir.written, "file", "files"),
            dir.path().display()
        )?;
    }
    Ok(if failed > 0 { FAILURE } else { SUCCESS })
}

/// The documents `input` holds, and how many could not be imported (after saying why on
/// stderr). The files read are added to `read`.
fn import_input(
    from: ImportFormat,
    input: &InputPath,
    read: &mut Vec<PathBuf>,
    streams: &mut Streams<'_>,
) -> io::Result<Outcome> {
    if let InputPath::File(path) = input {
        read.push(path.clone());
    }
    let importer: fn(&str) -> Result<Document, ImportError> = match from {
        ImportFormat::Json => json::import,
        ImportFormat::Doccano => doccano::import,
        ImportFormat::Jsonl => jsonl::import,
        ImportFormat::Brat => return import_brat(input, read, streams),
    };
    let Some(source) = load_reporting(input, streams)? else {
        return Ok(Outcome::failed());
    };
    match importer(&source.text) {
        Ok(doc) => Ok(Outcome::one(output_name(&folder::doc_name(input)), doc)),
        Err(error) => {
            writeln!(
                streams.stderr,
                "connectives: {}",
                located(&source.name, &error)
            )?;
            Ok(Outcome::failed())
        }
    }
}

fn import_brat(
    input: &InputPath,
    read: &mut Vec<PathBuf>,
    streams: &mut Streams<'_>,
) -> io::Result<Outcome> {
    let path = match input {
        InputPath::File(path) if has_extension(path, "ann") => path.clone(),
        InputPath::File(path) if has_extension(path, "txt") => path.with_extension("ann"),
        _ => return import_brat_zip(input, streams),
    };
    let txt_path = path.with_extension("txt");
    read.push(txt_path.clone());
    let Some(ann) = load_reporting(&InputPath::File(path.clone()), streams)? else {
        return Ok(Outcome::failed());
    };
    let Some(txt) = load_reporting(&InputPath::File(txt_path.clone()), streams)? else {
        return Ok(Outcome::failed());
    };
    let ann_text = ann.text.strip_prefix('\u{FEFF}').unwrap_or(&ann.text);
    match brat::import(&txt.text, ann_text) {
        Ok(doc) => Ok(Outcome::one(
            output_name(&folder::doc_name(&InputPath::File(txt_path))),
            doc,
        )),
        Err(error) => {
            writeln!(
                streams.stderr,
                "connectives: {}",
                located(&ann.name, &error)
            )?;
            Ok(Outcome::failed())
        }
    }
}

fn import_brat_zip(input: &InputPath, streams: &mut Streams<'_>) -> io::Result<Outcome> {
    let name = input.name();
    let bytes = match input {
        InputPath::Stdin => {
            let mut bytes = Vec::new();
            streams.stdin.read_to_end(&mut bytes).map(|_| bytes)
        }
        InputPath::File(path) => std::fs::read(path),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => {
            writeln!(streams.stderr, "connectives: cannot read {name}: {error}")?;
            return Ok(Outcome::failed());
        }
    };
    let anns = ann_entries(&bytes);
    let is_doc = |entry: &String| entry.rsplit('/').next() == Some("doc.ann");
    if anns.len() < 2 || anns.iter().any(is_doc) {
        // One document: the core reads it, as the page does.
        return match brat::import_zip(&bytes) {
            Ok(doc) => Ok(Outcome::one(output_name(&folder::doc_name(input)), doc)),
            Err(error) => {
                let entry = match anns.as_slice() {
                    [one] => Some(one),
                    _ => anns.iter().find(|e| is_doc(e)),
                };
                let file = match entry {
                    Some(entry) if error.line.is_some() => format!("{name}: {entry}"),
                    _ => name,
                };
                writeln!(streams.stderr, "connectives: {}", located(&file, &error))?;
                Ok(Outcome::failed())
            }
        };
    }
    let mut documents = Vec::new();
    for entry in &anns {
        let txt_entry = format!("{}.txt", &entry[..entry.len() - ".ann".len()]);
        let document = unzip_entry(&bytes, entry).and_then(|ann| {
            let txt = unzip_entry(&bytes, &txt_entry)?;
            let ann = ann.strip_prefix('\u{FEFF}').unwrap_or(&ann);
            brat::import(&txt, ann).map_err(|error| located(entry, &error))
        });
        match document {
            Ok(doc) => {
                let base = txt_entry.rsplit('/').next().unwrap_or(&txt_entry);
                documents.push(Imported {
                    name: output_name(base),
                    doc,
                });
            }
            // One bad document does not keep the others out; the input still counts as failed.
            Err(message) => writeln!(streams.stderr, "connectives: {name}: {message}")?,
        }
    }
    let failed = anns.len() - documents.len();
    Ok(Outcome { documents, failed })
}

/// The `.ann` files in a zip, in name order; none if it is not a zip (the core then says so).
fn ann_entries(bytes: &[u8]) -> Vec<String> {
    let Ok(archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut anns: Vec<String> = archive
        .file_names()
        .filter(|n| n.ends_with(".ann"))
        .map(str::to_string)
        .collect();
    anns.sort();
    anns
}

/// One file of a zip as UTF-8 text; the error is a message naming the entry.
fn unzip_entry(bytes: &[u8], entry: &str) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("this is not a zip file that can be read: {e}"))?;
    let file = archive
        .by_name(entry)
        .map_err(|e| format!("{entry}: cannot be read from the zip: {e}"))?;
    let mut data = Vec::new();
    file.take(MAX_UNZIPPED + 1)
        .read_to_end(&mut data)
        .map_err(|e| format!("{entry}: cannot be read from the zip: {e}"))?;
    if data.len() as u64 > MAX_UNZIPPED {
        return Err(format!("{entry}: larger than 512 MiB"));
    }
    String::from_utf8(data).map_err(|e| format!("{entry}: not UTF-8 text: {e}"))
}
