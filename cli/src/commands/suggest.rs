//! `connectives suggest`: each document with the core's suggestions ([`suggest::suggest`], the
//! page's) added as tags, `<cand>` for a likely connective and `<a>` for the members of a likely
//! pair; the existing markup is kept byte for byte.
//!
//! One input goes to standard output or the file `--out`; several inputs, a folder (its `*.txt`
//! files) or a zip (its documents) go into the folder `--out`, one `NAME.txt` each.

use std::io;
use std::path::Path;

use connectives_core::lexicon::Lexicon;
use connectives_core::parse;
use connectives_core::suggest::{self, Model};

use super::folder::{self, OutDir};
use super::{corpus, load_reporting, plural};
use crate::input::InputPath;
use crate::{Streams, FAILURE, SUCCESS};

/// The tagged text of `source` with the suggestions at or above `min_confidence` added.
pub fn render(source: &str, min_confidence: f32) -> String {
    let doc = parse(source);
    let found = suggest::suggest(&doc, Lexicon::builtin(), Model::builtin()).above(min_confidence);
    suggest::write_with_suggestions(&doc, &found)
}

pub fn run(
    inputs: &[InputPath],
    min_confidence: f32,
    out: Option<&Path>,
    streams: &mut Streams<'_>,
) -> io::Result<u8> {
    let into_folder = folder::writes_into_folder(inputs, out) || corpus::is_many(inputs);
    match (inputs, into_folder, out) {
        ([input], false, out) => {
            let Some(source) = load_reporting(input, streams)? else {
                return Ok(FAILURE);
            };
            let text = render(&source.text, min_confidence);
            Ok(if folder::write_one(text.as_bytes(), out, streams)? {
                SUCCESS
            } else {
                FAILURE
            })
        }
        (_, _, Some(out)) => suggest_many(inputs, min_confidence, out, streams),
        (_, _, None) => {
            writeln!(
                streams.stderr,
                "connectives: suggest of a folder, a zip or several files needs --out DIR"
            )?;
            Ok(FAILURE)
        }
    }
}

fn suggest_many(
    inputs: &[InputPath],
    min_confidence: f32,
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
    for document in &gathered {
        let text = render(&document.entry.source, min_confidence);
        let name = connectives_core::formats::file_name(
            &document.entry.name,
            connectives_core::formats::Format::Tagged,
        );
        let name = dir.claim(&name, "txt");
        if !dir.write(&name, text.as_bytes(), streams)? {
            failed += 1;
        }
    }
    writeln!(
        streams.stderr,
        "connectives: wrote {} into {}",
        plural(dir.written, "file", "files"),
        dir.path().display()
    )?;
    Ok(if failed > 0 { FAILURE } else { SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_above_one_gives_back_the_source() {
        let source = "\u{FEFF}<a>虽然</a>下雨，但是他来了。\r\n<cand>也</cand>\r\n";
        assert_eq!(render(source, 1.01), source);
    }
}
