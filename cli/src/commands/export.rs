//! `connectives export`: the document as `connectives/1` JSON, or written back as tagged text.

use std::io;
use std::path::Path;

use connectives_core::{formats::json, parse, write, Document};

use super::load_reporting;
use crate::input::InputPath;
use crate::{Streams, FAILURE, SUCCESS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Tagged,
}

pub fn render(doc: &Document, format: Format) -> String {
    match format {
        Format::Json => json::export(doc),
        Format::Tagged => write(doc),
    }
}

pub fn run(
    format: Format,
    input: &InputPath,
    out: Option<&Path>,
    streams: &mut Streams<'_>,
) -> io::Result<u8> {
    let Some(source) = load_reporting(input, streams)? else {
        return Ok(FAILURE);
    };
    let text = render(&parse(&source.text), format);
    match out {
        None => streams.stdout.write_all(text.as_bytes())?,
        Some(path) => {
            if let Err(error) = std::fs::write(path, text) {
                writeln!(
                    streams.stderr,
                    "connectives: cannot write {}: {error}",
                    path.display()
                )?;
                return Ok(FAILURE);
            }
        }
    }
    Ok(SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_export_gives_back_the_source() {
        let source = "\u{FEFF}<a>虽然</a>x<a>但</a>\r\n<cand>也</cand>\r\n<cand>坏";
        assert_eq!(render(&parse(source), Format::Tagged), source);
    }

    #[test]
    fn json_export_is_the_core_export() {
        let doc = parse("<cand>也</cand>\n");
        let text = render(&doc, Format::Json);
        assert!(text.contains("\"format\": \"connectives/1\""), "{text}");
        assert_eq!(text, json::export(&doc));
    }
}
