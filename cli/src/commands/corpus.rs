//! Inputs as a corpus: files, standard input, folders (their `*.txt` files) and zips (through
//! the core's corpus reader, as the page opens them), so that `check`, `stats` and `export`
//! take them all the same way.

use std::io;
use std::path::{Path, PathBuf};

use connectives_core::corpus::{self, Entry};

use super::folder;
use super::load_reporting;
use crate::input::InputPath;
use crate::Streams;

/// One document of the inputs.
pub struct Gathered {
    /// The name messages use: the path as given, `<stdin>`, or `ZIP/NAME` for a zip's file.
    pub shown: String,
    /// The document in the corpus: its name (a file's name, or its path inside the zip), its
    /// text, and, from a zip's `corpus.json`, its status and note.
    pub entry: Entry,
    /// The file it was read from, which an output must never replace.
    pub path: Option<PathBuf>,
}

/// Whether an input is a zip, by its name: `.zip` in any case.
pub fn is_zip(input: &InputPath) -> bool {
    matches!(input, InputPath::File(path) if has_zip_extension(path))
}

pub fn has_zip_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// Whether the inputs are more than one document's file: several, a folder or a zip.
pub fn is_many(inputs: &[InputPath]) -> bool {
    inputs.len() > 1 || inputs.iter().any(|i| folder::is_folder(i) || is_zip(i))
}

/// Reads every input. What cannot be read (a file, a folder with no `.txt` file, a zip or one
/// of its files) is reported on stderr, naming it, and counted in the second value; the rest
/// is read.
pub fn gather(
    inputs: &[InputPath],
    streams: &mut Streams<'_>,
) -> io::Result<(Vec<Gathered>, usize)> {
    let (files, mut failed) = folder::expand(inputs, "txt", streams)?;
    let mut gathered = Vec::new();
    for input in &files {
        if is_zip(input) {
            failed += gather_zip(input, &mut gathered, streams)?;
            continue;
        }
        let Some(source) = load_reporting(input, streams)? else {
            failed += 1;
            continue;
        };
        gathered.push(Gathered {
            shown: source.name,
            entry: Entry::new(folder::doc_name(input), source.text),
            path: match input {
                InputPath::File(path) => Some(path.clone()),
                InputPath::Stdin => None,
            },
        });
    }
    Ok((gathered, failed))
}

/// The documents of one zip; how many of its files (or the zip itself) could not be read.
fn gather_zip(
    input: &InputPath,
    gathered: &mut Vec<Gathered>,
    streams: &mut Streams<'_>,
) -> io::Result<usize> {
    let InputPath::File(path) = input else {
        return Ok(0);
    };
    let name = input.name();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            writeln!(streams.stderr, "connectives: cannot read {name}: {error}")?;
            return Ok(1);
        }
    };
    let read = match corpus::read_zip(&bytes) {
        Ok(read) => read,
        Err(error) => {
            writeln!(streams.stderr, "connectives: {name}: {error}")?;
            return Ok(1);
        }
    };
    for message in &read.messages {
        writeln!(streams.stderr, "connectives: {name}: {message}")?;
    }
    for refused in &read.refused {
        writeln!(
            streams.stderr,
            "connectives: {name}/{}: {}",
            refused.name, refused.reason
        )?;
    }
    if read.entries.is_empty() && read.refused.is_empty() {
        writeln!(
            streams.stderr,
            "connectives: {name}: no documents in this zip"
        )?;
        return Ok(1);
    }
    gathered.extend(read.entries.into_iter().map(|entry| Gathered {
        shown: format!("{name}/{}", entry.name),
        entry,
        path: None,
    }));
    Ok(read.refused.len())
}
