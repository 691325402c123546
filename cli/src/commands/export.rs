//! `connectives export`: the document in any of the core's formats, through
//! [`formats::export`], the function the page's download uses, so both give the same bytes.
//!
//! One input goes to standard output or the file `--out`. Several inputs, a folder (its `*.txt`
//! files) or a zip (its documents) with `--out X.zip` write the corpus export
//! ([`corpus::export_zip`], the page's); with another `--out`, or one that is an existing
//! folder, one file per document goes into the `--out` folder, named by
//! [`formats::file_name`]; brat then writes one zip for all of them.

use std::io;
use std::path::Path;

use connectives_core::corpus::{self as core_corpus, Entry};
use connectives_core::formats::{self, brat, zip, Format};
use connectives_core::{parse, Document};

use super::folder::{self, OutDir};
use super::{corpus, load_reporting, plural};
use crate::input::InputPath;
use crate::{Streams, FAILURE, SUCCESS};

/// The name of the one zip a folder export to brat writes.
pub const BRAT_CORPUS_ZIP: &str = "brat.zip";

/// The document in `format`, as the page downloads it.
pub fn render(doc: &Document, format: Format, doc_name: &str) -> Vec<u8> {
    formats::export(doc, format, doc_name).bytes
}

/// One brat zip for many documents: `NAME.txt` and `NAME.ann` for each (names as given, which
/// must differ), then `annotation.conf` and `visual.conf`. Written by the core's zip writer,
/// as the page's brat zip (stored, fixed date), so the same documents give the same bytes.
pub fn brat_corpus_zip(documents: &[(String, Document)]) -> Result<Vec<u8>, zip::TooLarge> {
    let mut entries: Vec<(String, String)> = Vec::with_capacity(2 * documents.len());
    for (name, doc) in documents {
        entries.push((format!("{name}.txt"), doc.text.clone()));
        entries.push((format!("{name}.ann"), brat::export_ann(doc)));
    }
    let mut files: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_bytes()))
        .collect();
    files.push(("annotation.conf", brat::ANNOTATION_CONF.as_bytes()));
    files.push(("visual.conf", brat::VISUAL_CONF.as_bytes()));
    zip::write(&files)
}

/// Whether the export is one corpus zip: several documents' inputs (several, a folder or a
/// zip) and an `--out` named `.zip` that is not an existing folder.
pub fn writes_corpus_zip(inputs: &[InputPath], out: &Path) -> bool {
    corpus::is_many(inputs) && corpus::has_zip_extension(out) && !out.is_dir()
}

pub fn run(
    format: Format,
    inputs: &[InputPath],
    out: Option<&Path>,
    streams: &mut Streams<'_>,
) -> io::Result<u8> {
    if let Some(out) = out.filter(|out| writes_corpus_zip(inputs, out)) {
        return export_corpus(format, inputs, out, streams);
    }
    let into_folder = folder::writes_into_folder(inputs, out) || corpus::is_many(inputs);
    match (inputs, into_folder, out) {
        ([input], false, out) => export_one(format, input, out, streams),
        (_, _, Some(out)) => export_many(format, inputs, out, streams),
        (_, _, None) => {
            for input in inputs {
                if folder::is_folder(input) {
                    writeln!(
                        streams.stderr,
                        "connectives: cannot read {}: it is a folder; to export its .txt files, give --out DIR or --out X.zip",
                        input.name()
                    )?;
                } else if corpus::is_zip(input) {
                    writeln!(
                        streams.stderr,
                        "connectives: cannot export {}: it is a zip of documents; give --out DIR or --out X.zip",
                        input.name()
                    )?;
                }
            }
            Ok(FAILURE)
        }
    }
}

/// Says on stderr how many errors and warnings a document's markup has, if any.
fn report_markup(shown: &str, doc: &Document, streams: &mut Streams<'_>) -> io::Result<()> {
    let counts = doc.counts();
    if counts.errors + counts.warnings > 0 {
        writeln!(
            streams.stderr,
            "connectives: {shown}: {}, {} in the markup (exported as it is; `connectives check` shows them)",
            plural(counts.errors, "error", "errors"),
            plural(counts.warnings, "warning", "warnings"),
        )?;
    }
    Ok(())
}

/// The corpus zip of every document the inputs hold, the same bytes as the page's corpus
/// export; statuses and notes come from a zip's `corpus.json`, else are `new` and empty.
fn export_corpus(
    format: Format,
    inputs: &[InputPath],
    out: &Path,
    streams: &mut Streams<'_>,
) -> io::Result<u8> {
    let (gathered, failed) = corpus::gather(inputs, streams)?;
    let same =
        |path: &Path| matches!((path.canonicalize(), out.canonicalize()), (Ok(a), Ok(b)) if a == b);
    let reads_out = inputs
        .iter()
        .any(|input| matches!(input, InputPath::File(path) if same(path)))
        || gathered.iter().any(|g| g.path.as_deref().is_some_and(same));
    if reads_out {
        writeln!(
            streams.stderr,
            "connectives: {} is not written: it is one of the inputs",
            out.display()
        )?;
        return Ok(FAILURE);
    }
    if gathered.is_empty() {
        writeln!(
            streams.stderr,
            "connectives: {} is not written: no document could be read",
            out.display()
        )?;
        return Ok(FAILURE);
    }
    let mut entries: Vec<Entry> = Vec::with_capacity(gathered.len());
    for document in gathered {
        report_markup(&document.shown, &parse(&document.entry.source), streams)?;
        entries.push(document.entry);
    }
    let bytes = match core_corpus::export_zip(&entries, format) {
        Ok(bytes) => bytes,
        Err(error) => {
            writeln!(
                streams.stderr,
                "connectives: cannot make {}: {error}",
                out.display()
            )?;
            return Ok(FAILURE);
        }
    };
    if !folder::write_one(&bytes, Some(out), streams)? {
        return Ok(FAILURE);
    }
    writeln!(
        streams.stderr,
        "connectives: wrote {} with {}",
        out.display(),
        plural(entries.len(), "document", "documents")
    )?;
    Ok(if failed > 0 { FAILURE } else { SUCCESS })
}

fn export_one(
    format: Format,
    input: &InputPath,
    out: Option<&Path>,
    streams: &mut Streams<'_>,
) -> io::Result<u8> {
    let Some(source) = load_reporting(input, streams)? else {
        return Ok(FAILURE);
    };
    let bytes = render(&parse(&source.text), format, &folder::doc_name(input));
    Ok(if folder::write_one(&bytes, out, streams)? {
        SUCCESS
    } else {
        FAILURE
    })
}

fn export_many(
    format: Format,
    inputs: &[InputPath],
    out: &Path,
    streams: &mut Streams<'_>,
) -> io::Result<u8> {
    let (gathered, mut failed) = corpus::gather(inputs, streams)?;
    let mut dir = match OutDir::create(out) {
        Ok(dir) => dir,
        Err(message) => {
            writeln!(streams.stderr, "connectives: {message}")?;
            return Ok(FAILURE);
        }
    };
    for path in gathered.iter().filter_map(|g| g.path.as_deref()) {
        dir.protect(path);
    }
    let mut brat_documents = Vec::new();
    for document in &gathered {
        let doc = parse(&document.entry.source);
        report_markup(&document.shown, &doc, streams)?;
        let doc_name = &document.entry.name;
        if format == Format::Brat {
            let entry = formats::file_name(doc_name, Format::Tagged);
            let entry = dir.claim(&entry, "txt");
            let stem = entry.strip_suffix(".txt").unwrap_or(&entry).to_string();
            brat_documents.push((stem, doc));
            continue;
        }
        let exported = formats::export(&doc, format, doc_name);
        let name = dir.claim(&exported.file_name, format.extension());
        if !dir.write(&name, &exported.bytes, streams)? {
            failed += 1;
        }
    }
    if !brat_documents.is_empty() {
        match brat_corpus_zip(&brat_documents) {
            Ok(bytes) => {
                if !dir.write(BRAT_CORPUS_ZIP, &bytes, streams)? {
                    failed += 1;
                }
            }
            Err(error) => {
                writeln!(
                    streams.stderr,
                    "connectives: cannot make the brat zip: {error}"
                )?;
                failed += 1;
            }
        }
    }
    let written = if format == Format::Brat && dir.written == 1 {
        format!(
            "{} with {}",
            dir.path().join(BRAT_CORPUS_ZIP).display(),
            plural(brat_documents.len(), "document", "documents")
        )
    } else {
        format!(
            "{} into {}",
            plural(dir.written, "file", "files"),
            dir.path().display()
        )
    };
    writeln!(streams.stderr, "connectives: wrote {written}")?;
    Ok(if failed > 0 { FAILURE } else { SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;
    use connectives_core::formats::json;

    #[test]
    fn tagged_export_gives_back_the_source() {
        let source = "\u{FEFF}<a>虽然</a>x<a>但</a>\r\n<cand>也</cand>\r\n<cand>坏";
        assert_eq!(
            render(&parse(source), Format::Tagged, "a.txt"),
            source.as_bytes()
        );
    }

    #[test]
    fn json_export_is_the_core_export() {
        let doc = parse("<cand>也</cand>\n");
        let bytes = render(&doc, Format::Json, "a.txt");
        assert_eq!(bytes, json::export(&doc).into_bytes());
    }

    #[test]
    fn the_brat_corpus_zip_is_the_same_bytes_every_time() {
        let documents = vec![
            ("a".to_string(), parse("<cand>也</cand>\n")),
            ("b".to_string(), parse("<a>虽然</a>甲<a>但</a>\n")),
        ];
        let first = brat_corpus_zip(&documents).expect("a zip in memory");
        assert_eq!(first, brat_corpus_zip(&documents).expect("a zip in memory"));
        assert!(first.starts_with(b"PK\x03\x04"));
    }
}
