//! brat standoff: `NAME.txt` (the document text, LF line ends) and `NAME.ann`, whose text-bound
//! annotations (`T1<TAB>Candidate 4 6<TAB>虽然`) give code-point offsets into `NAME.txt`, and
//! whose relations (`R1<TAB>Pair Arg1:T3 Arg2:T5`) join two members. The export is a zip that
//! also holds `annotation.conf` and `visual.conf`, so brat shows the document without warnings;
//! NAME is the document's stem, so several exports unpack into one collection side by side.

use std::collections::HashMap;
use std::fmt::Write;
use std::ops::Range;

use crate::formats::{annotation_error, unzip_text, zip_files, CharIndex, ImportError};
use crate::model::{Document, SpanKind};
use crate::offsets::char_and_utf16;

pub const ANNOTATION_CONF: &str = "\
[entities]
Candidate
Member

[relations]
Pair	Arg1:Member, Arg2:Member

[events]

[attributes]
";

pub const VISUAL_CONF: &str = "\
[labels]
Candidate | Candidate | Cand
Member | Member | Mem
Pair | Pair

[drawing]
Candidate	bgColor:#ffe08a
Member	bgColor:#a8d4ff
Pair	color:#1f6fb2, dashArray:-, arrowHead:triangle-5
";

fn type_name(kind: SpanKind) -> &'static str {
    match kind {
        SpanKind::Candidate => "Candidate",
        SpanKind::Member => "Member",
    }
}

/// `NAME.ann`: `T{id+1}` for span `id`, `R{id+1}` for pair `id`.
pub fn export_ann(doc: &Document) -> String {
    let offsets = char_and_utf16(
        &doc.text,
        doc.spans.iter().flat_map(|s| [s.range.start, s.range.end]),
    );
    let mut out = String::new();
    for (id, span) in doc.spans.iter().enumerate() {
        let _ = writeln!(
            out,
            "T{}\t{} {} {}\t{}",
            id + 1,
            type_name(span.kind),
            offsets[2 * id].0,
            offsets[2 * id + 1].0,
            doc.span_text(id)
        );
    }
    for (id, pair) in doc.pairs.iter().enumerate() {
        let _ = writeln!(
            out,
            "R{}\tPair Arg1:T{} Arg2:T{}",
            id + 1,
            pair.first + 1,
            pair.second + 1
        );
    }
    out
}

/// The zip: `STEM.txt`, `STEM.ann`, `annotation.conf`, `visual.conf`, where STEM is the
/// [`stem`](crate::formats::stem) of `doc_name` (`dir/seed-zh.txt` → `seed-zh.txt`).
pub fn export_zip(doc: &Document, doc_name: &str) -> Vec<u8> {
    let ann = export_ann(doc);
    let stem = crate::formats::stem(doc_name);
    let (txt_name, ann_name) = (format!("{stem}.txt"), format!("{stem}.ann"));
    zip_files(&[
        (&txt_name, doc.text.as_bytes()),
        (&ann_name, ann.as_bytes()),
        ("annotation.conf", ANNOTATION_CONF.as_bytes()),
        ("visual.conf", VISUAL_CONF.as_bytes()),
    ])
}

/// Reads a brat document: its `.txt` and `.ann`. Text-bound annotations must be typed
/// `Candidate` or `Member` and be continuous; relations must be `Pair` between two of them.
/// Notes (`#`), attributes (`A`, `M`), normalisations (`N`) and equivalences (`*`) are
/// skipped; events (`E`) and anything else are refused, so nothing is lost unnoticed.
pub fn import(txt: &str, ann: &str) -> Result<Document, ImportError> {
    let chars = CharIndex::new(txt);
    let mut spans: Vec<(Range<usize>, SpanKind)> = Vec::new();
    let mut span_of: HashMap<&str, (usize, usize)> = HashMap::new();
    // The id and .ann line of each span, for messages.
    let mut names: Vec<(&str, usize)> = Vec::new();
    let mut relations: Vec<(usize, &str, &str)> = Vec::new();
    for (i, raw) in ann.lines().enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let id = fields.next().unwrap_or_default();
        let body = fields.next().unwrap_or_default();
        match id.chars().next() {
            Some('T') => {
                let (kind_name, rest) = body.split_once(' ').unwrap_or((body, ""));
                let kind = match kind_name {
                    "Candidate" => SpanKind::Candidate,
                    "Member" => SpanKind::Member,
                    other => {
                        return Err(ImportError::at(
                            n,
                            format!("{id} has the type \"{other}\"; only Candidate and Member can be imported"),
                        ))
                    }
                };
                if rest.contains(';') {
                    return Err(ImportError::at(
                        n,
                        format!("{id} is a discontinuous span ({rest}); spans must be continuous"),
                    ));
                }
                let numbers: Vec<Option<usize>> = rest.split(' ').map(|s| s.parse().ok()).collect();
                let [Some(start), Some(end)] = numbers[..] else {
                    return Err(ImportError::at(
                        n,
                        format!("{id} needs a start and an end offset, found \"{rest}\""),
                    ));
                };
                let range = (start < end)
                    .then(|| chars.bytes(start, end))
                    .flatten()
                    .ok_or_else(|| {
                        ImportError::at(
                            n,
                            format!("{id} has the offsets {start} {end}, which are not a span of the text (it has {} characters)", chars.len()),
                        )
                    })?;
                if let Some(written) = fields.next() {
                    if written != &txt[range.clone()] {
                        return Err(ImportError::at(
                            n,
                            format!("{id} says it covers \"{written}\" but the text there is \"{}\" (offsets are counted in characters)", &txt[range]),
                        ));
                    }
                }
                if span_of.insert(id, (spans.len(), n)).is_some() {
                    return Err(ImportError::at(n, format!("{id} is defined twice")));
                }
                spans.push((range, kind));
                names.push((id, n));
            }
            Some('R') => {
                let parts: Vec<&str> = body.split(' ').collect();
                let (Some(&kind), Some(arg1), Some(arg2)) = (
                    parts.first(),
                    parts.get(1).and_then(|a| a.strip_prefix("Arg1:")),
                    parts.get(2).and_then(|a| a.strip_prefix("Arg2:")),
                ) else {
                    return Err(ImportError::at(
                        n,
                        format!("{id} should read \"Pair Arg1:T… Arg2:T…\", found \"{body}\""),
                    ));
                };
                if kind != "Pair" {
                    return Err(ImportError::at(
                        n,
                        format!(
                            "{id} has the type \"{kind}\"; only Pair relations can be imported"
                        ),
                    ));
                }
                relations.push((n, arg1, arg2));
            }
            Some('#' | 'A' | 'M' | 'N' | '*') => {}
            _ => {
                return Err(ImportError::at(
                    n,
                    format!(
                    "\"{id}\" is not an annotation that can be imported (only T and R lines are)"
                ),
                ))
            }
        }
    }
    let mut pairs = Vec::with_capacity(relations.len());
    for (n, arg1, arg2) in relations {
        let find = |arg: &str| {
            span_of.get(arg).map(|&(i, _)| i).ok_or_else(|| {
                ImportError::at(n, format!("the relation names {arg}, which is not defined"))
            })
        };
        let (a, b) = (find(arg1)?, find(arg2)?);
        pairs.push((a, b));
    }
    Document::from_annotations(txt, spans, pairs).map_err(|e| {
        annotation_error(e, |i| {
            let (id, line) = names.get(i).copied().unwrap_or(("a span", 0));
            (id.to_string(), Some(line).filter(|&l| l > 0))
        })
    })
}

/// Reads a brat zip: the one `.ann` in it and the `.txt` of the same name (in any folder), or,
/// among several, `doc.ann` and `doc.txt`, the names exports had before they were named after
/// the document.
pub fn import_zip(bytes: &[u8]) -> Result<Document, ImportError> {
    let files = unzip_text(bytes)?;
    let base = |name: &str| name.rsplit('/').next().unwrap_or(name).to_string();
    let anns: Vec<&(String, String)> = files.iter().filter(|(n, _)| n.ends_with(".ann")).collect();
    let ann = match anns.as_slice() {
        [one] => *one,
        [] if files.iter().any(|(n, _)| base(n) == "tasks.json") => {
            return Err(ImportError::new(
                "the zip holds no .ann file: it is a Label Studio export (tasks.json), not brat",
            ))
        }
        [] => return Err(ImportError::new("the zip holds no .ann file")),
        many => match many.iter().find(|(n, _)| base(n) == "doc.ann") {
            Some(found) => *found,
            None => {
                return Err(ImportError::new(
                    "the zip holds more than one .ann file and none is doc.ann",
                ))
            }
        },
    };
    let txt_name = format!("{}.txt", &ann.0[..ann.0.len() - 4]);
    let txt = files.iter().find(|(n, _)| *n == txt_name).ok_or_else(|| {
        ImportError::new(format!(
            "the zip holds {} but no {txt_name} (as UTF-8 text)",
            ann.0
        ))
    })?;
    import(&txt.1, &ann.1)
}
