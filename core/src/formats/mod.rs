//! One module per export or import format, and [`export`], which picks one by [`Format`].
//!
//! Every format converts the core's byte offsets at its edge, into the unit its readers count
//! in (code points or UTF-16 units), and says which in docs/FORMATS.md.

pub mod bio;
pub mod brat;
pub mod csv;
pub mod doccano;
pub mod json;
pub mod jsonl;
pub mod label_studio;
pub mod sniff;
pub mod zip;

use std::ops::Range;

use crate::model::{AnnotationError, Document};
use crate::offsets::char_and_utf16;

/// The formats a document can be exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// The tagged text itself (`<cand>…</cand>`, `<a>…</a>`), as [`crate::write`] gives it.
    Tagged,
    /// `connectives/1`: the whole document as one JSON object.
    Json,
    /// One JSON object per line of the document.
    Jsonl,
    /// One row per span, with context, for spreadsheets.
    Csv,
    /// A zip for the brat annotation tool: `NAME.txt`, `NAME.ann` and its configuration.
    Brat,
    /// doccano's JSONL with entities and relations, one record per line.
    Doccano,
    /// A zip with Label Studio tasks (`tasks.json`) and the labeling config (`config.xml`).
    LabelStudio,
    /// One character per row with a BIO tag, for sequence labelling.
    Bio,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Tagged,
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::Brat,
        Format::Doccano,
        Format::LabelStudio,
        Format::Bio,
    ];

    /// The name used on the command line and in the page.
    pub fn name(self) -> &'static str {
        match self {
            Format::Tagged => "tagged",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Brat => "brat",
            Format::Doccano => "doccano",
            Format::LabelStudio => "label-studio",
            Format::Bio => "bio",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What the exported file's name ends with, after the document's name and a dot. Formats
    /// that share a file type say which they are (`seed-zh.doccano.jsonl`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Tagged => "txt",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Brat => "brat.zip",
            Format::Doccano => "doccano.jsonl",
            Format::LabelStudio => "label-studio.zip",
            Format::Bio => "bio.tsv",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Tagged => "text/plain;charset=utf-8",
            Format::Json => "application/json",
            Format::Jsonl | Format::Doccano => "application/x-ndjson",
            Format::Csv => "text/csv;charset=utf-8",
            Format::Brat | Format::LabelStudio => "application/zip",
            Format::Bio => "text/tab-separated-values;charset=utf-8",
        }
    }
}

/// An exported file: the name to save it under and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Exports `doc` in `format`. `doc_name` is the document's file name (`seed-zh.txt`); the
/// export is named after it (`seed-zh.jsonl`).
pub fn export(doc: &Document, format: Format, doc_name: &str) -> Exported {
    let bytes = match format {
        Format::Tagged => crate::write::write(doc).into_bytes(),
        Format::Json => json::export(doc).into_bytes(),
        Format::Jsonl => jsonl::export(doc).into_bytes(),
        Format::Csv => csv::export(doc).into_bytes(),
        Format::Brat => brat::export_zip(doc, doc_name),
        Format::Doccano => doccano::export(doc).into_bytes(),
        Format::LabelStudio => label_studio::export_zip(doc),
        Format::Bio => bio::export(doc).into_bytes(),
    };
    Exported {
        file_name: file_name(doc_name, format),
        bytes,
    }
}

/// `seed-zh.txt` → `seed-zh.jsonl`: the document's [`stem`], then the format's extension.
pub fn file_name(doc_name: &str, format: Format) -> String {
    format!("{}.{}", stem(doc_name), format.extension())
}

/// `dir/seed-zh.txt` → `seed-zh`: what files made from a document are named after, its name
/// without folders or its last extension. An empty name becomes `document`.
pub fn stem(doc_name: &str) -> &str {
    let base = doc_name.rsplit(['/', '\\']).next().unwrap_or(doc_name);
    let stem = match base.rfind('.') {
        Some(dot) if dot > 0 => &base[..dot],
        _ => base,
    };
    if stem.is_empty() {
        "document"
    } else {
        stem
    }
}

/// Why an import failed: a sentence for people, and the 1-based line (and column, in
/// characters) of the imported file it concerns, where there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl ImportError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ImportError {
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub(crate) fn at(line: usize, message: impl Into<String>) -> Self {
        ImportError {
            line: Some(line),
            column: None,
            message: message.into(),
        }
    }

    /// A JSON syntax or type error in `text`, which starts at line `first_line` of the file.
    /// serde_json counts columns in bytes; people count characters, so the column is
    /// converted on the error's line.
    pub(crate) fn json(
        e: &serde_json::Error,
        text: &str,
        first_line: usize,
        message: impl std::fmt::Display,
    ) -> Self {
        // serde_json's own "at line 1 column 5" would repeat (in bytes) what line and column say.
        let what = e.to_string();
        let what = match what.rfind(" at line ") {
            Some(at) => what[..at].to_string(),
            None => what,
        };
        let (line, column) = match e.line() {
            0 => (None, None),
            l => {
                let source_line = text.lines().nth(l - 1).unwrap_or_default();
                (
                    Some(first_line + l - 1),
                    Some(char_column(source_line, e.column())),
                )
            }
        };
        ImportError {
            line,
            column,
            message: format!("{message}: {what}"),
        }
    }
}

/// The 1-based column, in characters, of the byte serde_json reported as `byte_column` (the
/// count of bytes it had read on the line, the last of them the offending one).
fn char_column(line: &str, byte_column: usize) -> usize {
    let mut end = byte_column.min(line.len());
    while !line.is_char_boundary(end) {
        end += 1;
    }
    line[..end].chars().count().max(1)
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "line {line}, column {column}: {}", self.message)
            }
            (Some(line), None) => write!(f, "line {line}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<AnnotationError> for ImportError {
    fn from(e: AnnotationError) -> Self {
        ImportError::new(format!("the annotations cannot be imported: {e}"))
    }
}

/// An [`AnnotationError`] worded with the importer's own names for the spans (`T3`, `entity 7`)
/// and, where it concerns one span, the line of the imported file that defined it.
pub(crate) fn annotation_error(
    e: AnnotationError,
    name: impl Fn(usize) -> (String, Option<usize>),
) -> ImportError {
    let (message, line) = match e {
        AnnotationError::OutOfBounds { span } => {
            let (n, line) = name(span);
            (format!("{n} is empty or lies outside the text"), line)
        }
        AnnotationError::NotCharBoundary { span } => {
            let (n, line) = name(span);
            (format!("{n} starts or ends inside a character"), line)
        }
        AnnotationError::CrossesLine { span } => {
            let (n, line) = name(span);
            (
                format!("{n} holds a line break; a span must lie within one line"),
                line,
            )
        }
        AnnotationError::Overlap { span, other } => {
            let (n, line) = name(span);
            let (o, _) = name(other);
            (format!("{n} overlaps {o}; spans cannot overlap"), line)
        }
        other => return ImportError::from(other),
    };
    ImportError {
        line,
        column: None,
        message: format!("the annotations cannot be imported: {message}"),
    }
}

/// Offsets of one span relative to its line: code points, then UTF-16 units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LineOffsets {
    pub start: usize,
    pub end: usize,
    pub start_utf16: usize,
    pub end_utf16: usize,
}

/// The offsets of the spans on line `index`, relative to the line, in span order.
pub(crate) fn line_offsets(doc: &Document, index: usize) -> Vec<LineOffsets> {
    let line = &doc.lines[index];
    let base = line.range.start;
    let units = char_and_utf16(
        doc.line_text(index),
        line.spans.clone().flat_map(|id| {
            let r = &doc.spans[id].range;
            [r.start - base, r.end - base]
        }),
    );
    units
        .chunks_exact(2)
        .map(|pair| LineOffsets {
            start: pair[0].0,
            end: pair[1].0,
            start_utf16: pair[0].1,
            end_utf16: pair[1].1,
        })
        .collect()
}

/// Byte offset of each code point of a text (and of its end), for imports in code points.
pub(crate) struct CharIndex(Vec<usize>);

impl CharIndex {
    pub fn new(text: &str) -> Self {
        CharIndex(
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect(),
        )
    }

    /// The byte range of code points `start..end`, if both are within the text.
    pub fn bytes(&self, start: usize, end: usize) -> Option<Range<usize>> {
        Some(*self.0.get(start)?..*self.0.get(end)?)
    }

    /// How many code points the text has.
    pub fn len(&self) -> usize {
        self.0.len() - 1
    }
}

/// Byte offset of each UTF-16 position of a text (`None` inside a surrogate pair).
pub(crate) struct Utf16Index(Vec<Option<usize>>);

impl Utf16Index {
    pub fn new(text: &str) -> Self {
        let mut out = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            out.push(Some(i));
            if c.len_utf16() == 2 {
                out.push(None);
            }
        }
        out.push(Some(text.len()));
        Utf16Index(out)
    }

    pub fn bytes(&self, start: usize, end: usize) -> Option<Range<usize>> {
        Some((*self.0.get(start)?)?..(*self.0.get(end)?)?)
    }
}

/// A zip of the given files, stored, with a fixed date so that the same document always gives
/// the same bytes.
///
/// # Panics
///
/// On files of 4 GiB or more together, which a zip without ZIP64 cannot hold; the exports
/// that call this return bytes, not a `Result`, and a document is never that large (the page's
/// memory ends at 4 GiB before it).
pub(crate) fn zip_files(files: &[(&str, &[u8])]) -> Vec<u8> {
    zip::write(files).expect("a document export smaller than 4 GiB")
}

/// The files of an imported zip, by name (folders dropped), as UTF-8 text.
pub(crate) fn unzip_text(bytes: &[u8]) -> Result<Vec<(String, String)>, ImportError> {
    Ok(zip::read(bytes)?
        .into_iter()
        // Files that are not text (images, the brat configuration in another encoding) are
        // left out; importers say which file they missed.
        .filter_map(|(name, data)| Some((name, String::from_utf8(data).ok()?)))
        .collect())
}
