//! Turning the files a user opens into a document: tagged text in any common encoding, or an
//! import from connectives/1 JSON, the page's JSONL, brat (.txt + .ann, or its zip) or doccano
//! JSONL. What a file is comes from its content (`formats::sniff`), not only its name; a file
//! that is none of these and not tagged text (the CSV or BIO export, a Label Studio zip, other
//! JSON) is refused with a message naming what it seems to be. Pure but for the decoder, which
//! the page takes from the browser.

use connectives_core::corpus::{self, Corpus, Entry, Refused};
use connectives_core::formats::sniff::{self, JsonShape, Seen};
use connectives_core::formats::{brat, doccano, json, jsonl, ImportError};
use connectives_core::{write, Document};

use crate::i18n::Lang;

/// What to open: the document's name, its tagged text, a note on how it was read, and a
/// warning the page must show as one (an import that found no annotations).
#[derive(Debug, PartialEq, Eq)]
pub struct Opened {
    pub name: String,
    pub source: String,
    pub note: Option<String>,
    pub warning: Option<String>,
}

/// A decoder: `(label, bytes, fatal)` to text, as the browser's TextDecoder does it.
pub type Decode<'a> = &'a dyn Fn(&str, &[u8], bool) -> Result<String, String>;

/// Common characters of Chinese text, simplified and traditional: text decoded with the wrong
/// encoding has few of them.
const COMMON: &str = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应向头文体政美相见被利什等产或新己制身果加西月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直资命山金指许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态護這個們來說時為國對會過還發經們學現當動麼點開間問應實見體長關從們無與東車書門電話樂聽買賣讀寫";

fn common_share(text: &str) -> usize {
    text.chars().filter(|c| COMMON.contains(*c)).count()
}

/// Bytes to text: UTF-8 (a byte order mark stays for the parser to keep), UTF-16 with a byte
/// order mark, else GB18030 or Big5, whichever reads as more ordinary Chinese. Returns the text
/// and the encoding's name.
pub fn decode(bytes: &[u8], decode_as: Decode) -> Result<(String, &'static str), String> {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => {
            return Ok((
                format!("\u{FEFF}{}", decode_as("utf-16le", rest, false)?),
                "UTF-16LE",
            ))
        }
        [0xFE, 0xFF, rest @ ..] => {
            return Ok((
                format!("\u{FEFF}{}", decode_as("utf-16be", rest, false)?),
                "UTF-16BE",
            ))
        }
        _ => {}
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8"));
    }
    let gb = decode_as("gb18030", bytes, true).ok();
    let big5 = decode_as("big5", bytes, true).ok();
    match (gb, big5) {
        (Some(gb), Some(big5)) if common_share(&big5) > common_share(&gb) => Ok((big5, "Big5")),
        (Some(gb), _) => Ok((gb, "GB18030")),
        (None, Some(big5)) => Ok((big5, "Big5")),
        (None, None) => Ok((decode_as("gb18030", bytes, false)?, "GB18030")),
    }
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// Bytes that are not text: a NUL outside UTF-16.
fn nul_at(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    bytes.iter().position(|&b| b == 0)
}

fn text(
    name: &str,
    bytes: &[u8],
    decode_as: Decode,
    lang: Lang,
) -> Result<(String, Option<String>), String> {
    if let Some(at) = nul_at(bytes) {
        return Err(match lang {
            Lang::Zh => format!("{name} 不是文本文件（第 {at} 字节是 NUL）"),
            Lang::En => format!("{name} is not a text file (a NUL byte at byte {at})"),
        });
    }
    let (text, encoding) = self::decode(bytes, decode_as).map_err(|e| format!("{name}: {e}"))?;
    let note = (encoding != "UTF-8").then(|| match lang {
        Lang::Zh => format!("{name} 按 {encoding} 编码读取。"),
        Lang::En => format!("{name} was read as {encoding}."),
    });
    Ok((text, note))
}

/// The importers the page has, named for the notes.
#[derive(Clone, Copy)]
enum Source {
    Brat,
    BratZip,
    Json,
    Jsonl,
    Doccano,
}

impl Source {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            Source::Brat => "brat",
            Source::BratZip => lang.pick("brat 压缩包", "a brat zip"),
            Source::Json => "connectives/1 JSON",
            Source::Jsonl => lang.pick("本页面的 JSONL", "the page's JSONL"),
            Source::Doccano => "doccano JSONL",
        }
    }
}

/// An import's result as the page opens it: a note with the counts, or, when it found no
/// annotations, a warning instead (it may be a real unannotated document, so it still opens).
fn imported(
    name: String,
    doc: Result<Document, ImportError>,
    from: Source,
    lang: Lang,
) -> Result<Opened, String> {
    let doc = doc.map_err(|e| format!("{name}: {e}"))?;
    let c = doc.counts();
    let from = from.name(lang);
    let (note, warning) = if c.candidates + c.members == 0 {
        let warning = match lang {
            Lang::Zh => format!("{name} 已从 {from} 导入：没有找到任何标注"),
            Lang::En => format!("{name} imported from {from}: no annotations found"),
        };
        (None, Some(warning))
    } else {
        let note = match lang {
            Lang::Zh => format!(
                "{name}：已从 {from} 导入：候选词 {} 个、成员 {} 个、配对 {} 对",
                c.candidates, c.members, c.pairs
            ),
            Lang::En => format!(
                "{name}: imported from {from}: {}, {}, {}",
                plural(c.candidates, "candidate", "candidates"),
                plural(c.members, "member", "members"),
                plural(c.pairs, "pair", "pairs")
            ),
        };
        (Some(note), None)
    };
    Ok(Opened {
        name,
        source: write(&doc),
        note,
        warning,
    })
}

fn plural(n: usize, one: &'static str, many: &'static str) -> String {
    format!("{n} {}", Lang::noun(n, one, many))
}

/// What the page can open, for refusals that point the user elsewhere.
fn can_open(lang: Lang) -> &'static str {
    lang.pick(
        "本页面可以打开标注文本、connectives/1 JSON、本页面的 JSONL、brat（压缩包，或 .txt 加同名 .ann）和 doccano JSONL",
        "the page opens tagged text, connectives/1 JSON, its own JSONL, brat (a zip, or a .txt with its .ann) and doccano JSONL",
    )
}

/// `a, b, c` (at most five, then `…`).
fn listing(names: &[String], lang: Lang) -> String {
    let mut shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    if names.len() > 5 {
        shown.push("…");
    }
    shown.join(lang.pick("、", ", "))
}

fn shape(shape: &JsonShape, lang: Lang) -> String {
    match (shape, lang) {
        (JsonShape::Object { keys }, _) if keys.is_empty() => {
            lang.pick("一个空对象", "an empty object").to_string()
        }
        (JsonShape::Object { keys }, Lang::Zh) => {
            format!("一个对象（键：{}）", listing(keys, lang))
        }
        (JsonShape::Object { keys }, Lang::En) => {
            format!("an object with the keys {}", listing(keys, lang))
        }
        (JsonShape::Array { items, keys }, Lang::Zh) if !keys.is_empty() => {
            format!(
                "一个含 {items} 项的数组（第一项的键：{}）",
                listing(keys, lang)
            )
        }
        (JsonShape::Array { items, keys }, Lang::En) if !keys.is_empty() => format!(
            "an array of {}, the first an object with the keys {}",
            plural(*items, "item", "items"),
            listing(keys, lang)
        ),
        (JsonShape::Array { items, .. }, Lang::Zh) => format!("一个含 {items} 项的数组"),
        (JsonShape::Array { items, .. }, Lang::En) => {
            format!("an array of {}", plural(*items, "item", "items"))
        }
        (JsonShape::Scalar, _) => lang.pick("单个值", "a single value").to_string(),
    }
}

/// Why a file that is neither tagged text nor an import the page has cannot be opened.
fn refusal(name: &str, seen: &Seen, lang: Lang) -> String {
    let can_open = can_open(lang);
    match (seen, lang) {
        (Seen::Csv, Lang::Zh) => format!("{name} 是本页面导出的 CSV：它只列出各个标注和少量上下文，没有全文，不能重新打开为文档；请改为打开标注文本、JSON 或 JSONL 导出"),
        (Seen::Csv, Lang::En) => format!("{name} is the page's CSV export: it lists the spans with a little context, not the whole text, so it cannot be opened again as a document; open the tagged text, JSON or JSONL export instead"),
        (Seen::Bio, Lang::Zh) => format!("{name} 是 BIO 标签（每行一个字）：它只标出哪些字属于候选词或成员，不记录哪些成员配对，打开它会丢失配对；请改为打开标注文本、JSON 或 JSONL 导出"),
        (Seen::Bio, Lang::En) => format!("{name} holds BIO tags (one character per row): they say which characters are candidates and members but not which members form a pair, so opening it would lose the pairs; open the tagged text, JSON or JSONL export instead"),
        (Seen::Table, Lang::Zh) => format!("{name} 看起来是表格（CSV 或 TSV），其中没有标注文本；{can_open}"),
        (Seen::Table, Lang::En) => format!("{name} looks like a table (CSV or TSV) with no tagged text in it; {can_open}"),
        (Seen::LabelStudioZip, Lang::Zh) => format!("{name} 是 Label Studio 导出的压缩包（含 tasks.json）；本页面不能导入 Label Studio，{can_open}"),
        (Seen::LabelStudioZip, Lang::En) => format!("{name} is a Label Studio export (a zip with tasks.json); the page has no Label Studio import, but {can_open}"),
        (Seen::LabelStudioTasks, Lang::Zh) => format!("{name} 是 Label Studio 的任务（JSON，含 data）；本页面不能导入 Label Studio，{can_open}"),
        (Seen::LabelStudioTasks, Lang::En) => format!("{name} holds Label Studio tasks (JSON with data); the page has no Label Studio import, but {can_open}"),
        (Seen::OtherZip { files }, Lang::Zh) => format!("{name} 是压缩包，但不是 brat 导出（没有 .ann 文件），也不是本页面能打开的其他格式；其中有：{}", listing(files, lang)),
        (Seen::OtherZip { files }, Lang::En) => format!("{name} is a zip, but not a brat export (it has no .ann file) nor anything else the page opens; it holds {}", listing(files, lang)),
        (Seen::BrokenZip(e), Lang::Zh) => format!("{name} 是压缩包，但无法读取：{e}"),
        (Seen::BrokenZip(e), Lang::En) => format!("{name}: {e}"),
        (Seen::OtherJson(s), Lang::Zh) => format!("{name} 是 JSON，但不是 connectives/1 文档：它是{}；{can_open}", shape(s, lang)),
        (Seen::OtherJson(s), Lang::En) => format!("{name} is JSON, but not a connectives/1 document: it is {}; {can_open}", shape(s, lang)),
        (Seen::OtherJsonl { keys }, Lang::Zh) => format!("{name} 是 JSONL，但其记录既不是本页面的（line、text、spans、pairs），也不是 doccano 的（text、entities、relations）：第一条记录的键是 {}", listing(keys, lang)),
        (Seen::OtherJsonl { keys }, Lang::En) => format!("{name} is JSONL, but its records are neither the page's (line, text, spans, pairs) nor doccano's (text, entities, relations): the first has the keys {}", listing(keys, lang)),
        (Seen::BrokenJsonl(e), Lang::Zh) => format!("{name} 不是有效的 JSONL：{e}"),
        (Seen::BrokenJsonl(e), Lang::En) => format!("{name} is not valid JSONL: {e}"),
        // Opened, not refused (see `open`).
        (Seen::Tagged | Seen::Json | Seen::Jsonl | Seen::Doccano | Seen::BratZip, _) => {
            name.to_string()
        }
    }
}

/// Opens the chosen files (one document; a brat .ann with its .txt counts as one).
pub fn open(files: &[(String, Vec<u8>)], decode: Decode, lang: Lang) -> Result<Opened, String> {
    let Some((first_name, first)) = files.first() else {
        return Err(lang.pick("没有选择文件", "No file was chosen").to_string());
    };
    let by_ext = |ext: &str| files.iter().find(|(n, _)| extension(n) == ext);
    if let Some((name, ann_bytes)) = by_ext("ann") {
        let txt = files
            .iter()
            .find(|(n, _)| extension(n) == "txt" && stem(n) == stem(name))
            .or_else(|| by_ext("txt"))
            .ok_or_else(|| match lang {
                Lang::Zh => format!("{name}：brat 标注需要同名的 .txt 文件，请一起选择两个文件"),
                Lang::En => format!(
                    "{name}: a brat annotation needs its .txt file; choose both files together"
                ),
            })?;
        let (ann, _) = text(name, ann_bytes, decode, lang)?;
        let (txt_text, _) = text(&txt.0, &txt.1, decode, lang)?;
        return imported(
            txt.0.clone(),
            brat::import(&txt_text, &ann),
            Source::Brat,
            lang,
        );
    }
    let name = first_name.clone();
    // A zip is never read as text, whatever its name says.
    if sniff::is_zip(first_name, first) {
        return match sniff::zip(first) {
            Seen::BratZip => imported(name, brat::import_zip(first), Source::BratZip, lang),
            other => Err(refusal(first_name, &other, lang)),
        };
    }
    let (source, note) = text(first_name, first, decode, lang)?;
    match sniff::text(first_name, &source) {
        Seen::Tagged => Ok(Opened {
            name,
            source,
            note,
            warning: None,
        }),
        Seen::Json => imported(name, json::import(&source), Source::Json, lang),
        Seen::Jsonl => imported(name, jsonl::import(&source), Source::Jsonl, lang),
        Seen::Doccano => imported(name, doccano::import(&source), Source::Doccano, lang),
        other => Err(refusal(first_name, &other, lang)),
    }
}

/// What the files chosen, dropped or found in a folder open as: one document, or a corpus.
#[derive(Debug, PartialEq, Eq)]
pub enum Opening {
    Document(Opened),
    Corpus(CorpusOpened),
}

/// A corpus to open: its name, the documents that opened (in order) and the files that did not,
/// each with its reason.
#[derive(Debug, PartialEq, Eq)]
pub struct CorpusOpened {
    pub name: String,
    pub corpus: Corpus,
}

/// Files opened together: a corpus zip, several documents or a folder (names with `/`, as a
/// folder picker gives them: `folder/sub/a.txt`) make a corpus; one file, or one brat document
/// as its `.txt` and `.ann`, opens as today.
pub fn open_any(
    files: &[(String, Vec<u8>)],
    decode: Decode,
    lang: Lang,
) -> Result<Opening, String> {
    let single_brat = files.len() == 2
        && files.iter().any(|(n, _)| extension(n) == "ann")
        && files.iter().any(|(n, _)| extension(n) == "txt");
    match files {
        [(name, bytes)] if sniff::is_zip(name, bytes) && corpus::is_corpus_zip(bytes) => {
            let corpus = corpus::read_zip(bytes).map_err(|e| format!("{name}: {}", e.message))?;
            Ok(Opening::Corpus(CorpusOpened {
                name: name.clone(),
                corpus,
            }))
        }
        [_] => open(files, decode, lang).map(Opening::Document),
        _ if single_brat && !files.iter().any(|(n, _)| n.contains('/')) => {
            open(files, decode, lang).map(Opening::Document)
        }
        _ => Ok(Opening::Corpus(corpus_of_files(files, decode, lang))),
    }
}

/// Several files as a corpus. From a folder only tagged `.txt` files count (a brat `.ann` goes
/// with the `.txt` of its name), named by their path inside the folder; files chosen one by one
/// each open as they would alone, a zip among them giving its documents.
fn corpus_of_files(files: &[(String, Vec<u8>)], decode: Decode, lang: Lang) -> CorpusOpened {
    let folder = files
        .first()
        .and_then(|(n, _)| n.split_once('/'))
        .map(|(top, _)| top.to_string())
        .filter(|top| files.iter().all(|(n, _)| n.starts_with(&format!("{top}/"))));
    let inner = |name: &str| match &folder {
        Some(top) => name[top.len() + 1..].to_string(),
        None => name.to_string(),
    };
    let mut corpus = Corpus::default();
    let mut names: Vec<&(String, Vec<u8>)> = files.iter().collect();
    if folder.is_some() {
        names.sort_by(|a, b| a.0.cmp(&b.0));
    }
    for file in names {
        let name = &file.0;
        let ext = extension(name);
        if ext == "ann" {
            continue;
        }
        // From a folder (a name with a path), only tagged text counts.
        if name.contains('/') && ext != "txt" {
            continue;
        }
        let ann = files
            .iter()
            .find(|(n, _)| extension(n) == "ann" && stem(n) == stem(name) && ext == "txt");
        let group: Vec<(String, Vec<u8>)> = match ann {
            Some(ann) => vec![(*file).clone(), ann.clone()],
            None => vec![(*file).clone()],
        };
        let opening = match group.len() {
            1 => open_any(&group, decode, lang),
            _ => open(&group, decode, lang).map(Opening::Document),
        };
        match opening {
            Ok(Opening::Document(opened)) => {
                corpus.entries.push(Entry::new(inner(name), opened.source))
            }
            Ok(Opening::Corpus(inside)) => {
                corpus.entries.extend(inside.corpus.entries);
                corpus.refused.extend(inside.corpus.refused);
                corpus.messages.extend(inside.corpus.messages);
            }
            Err(reason) => corpus.refused.push(Refused {
                name: inner(name),
                reason,
            }),
        }
    }
    let name = folder.unwrap_or_else(|| match lang {
        Lang::Zh => format!("{} 个文件", files.len()),
        Lang::En => format!("{} files", files.len()),
    });
    CorpusOpened { name, corpus }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::Range;

    use connectives_core::formats::{export, Format};
    use connectives_core::{parse, SpanKind};

    fn utf8(_: &str, bytes: &[u8], _: bool) -> Result<String, String> {
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|e| e.to_string())
    }

    const SOURCE: &str = "<a>虽然</a>下雨，<a>但</a>出发。<cand>也</cand>\n";

    fn open_one(name: &str, bytes: Vec<u8>) -> Result<Opened, String> {
        open(&[(name.to_string(), bytes)], &utf8, Lang::En)
    }

    #[test]
    fn tagged_text_opens_as_it_is() {
        let opened = open_one("a.txt", SOURCE.as_bytes().to_vec()).unwrap();
        assert_eq!(opened.source, SOURCE);
        assert_eq!(opened.note, None);
    }

    #[test]
    fn binary_files_are_refused_with_the_place_of_the_nul() {
        let error = open_one("x.png", vec![0x89, b'P', 0, 0]).unwrap_err();
        assert_eq!(error, "x.png is not a text file (a NUL byte at byte 2)");
    }

    /// A byte order mark, CRLF, characters outside the BMP (𠮷, 😀), candidates, a pair on one
    /// line and a pair across two lines.
    const MIXED: &str = "\u{FEFF}<cand>𠮷</cand>但😀是\r\n<a>虽然</a>下雨，<a>但</a>出门😀\r\n\
        <a pair=\"k\">不仅</a>如此\r\n😀<a pair=\"k\">而且</a>好<cand>也</cand>\r\n";

    /// Text, each span's kind, range and line, and the pairs: what "the same document" means.
    type Annotations = (
        String,
        Vec<(SpanKind, Range<usize>, usize)>,
        Vec<(usize, usize)>,
    );

    fn annotations(doc: &Document) -> Annotations {
        let spans = doc
            .spans
            .iter()
            .map(|s| (s.kind, s.range.clone(), s.line))
            .collect();
        let pairs = doc.pairs.iter().map(|p| (p.first, p.second)).collect();
        (doc.text.clone(), spans, pairs)
    }

    fn refused(name: &str, bytes: Vec<u8>) -> String {
        match open_one(name, bytes) {
            Ok(opened) => panic!("{name} opened as {:?}", opened.source),
            Err(message) => message,
        }
    }

    #[test]
    fn every_importable_export_opens_again_as_the_same_document() {
        let doc = parse(MIXED);
        let (text, spans, pairs) = annotations(&doc);
        assert_eq!(
            (spans.len(), pairs.len()),
            (6, 2),
            "the sample has what the test says"
        );
        for format in [
            Format::Tagged,
            Format::Json,
            Format::Jsonl,
            Format::Brat,
            Format::Doccano,
        ] {
            let exported = export(&doc, format, "mixed.txt");
            let opened = open_one(&exported.file_name, exported.bytes)
                .unwrap_or_else(|e| panic!("{format:?}: {e}"));
            assert_eq!(opened.name, exported.file_name, "{format:?}");
            assert_eq!(opened.warning, None, "{format:?}");
            let back = annotations(&parse(&opened.source));
            assert_eq!(back.0, text, "{format:?}");
            assert_eq!(back.1, spans, "{format:?}");
            if format == Format::Doccano {
                // A doccano relation joins entities of one record (docs/FORMATS.md).
                assert_eq!(back.2, pairs[..1], "{format:?}");
            } else {
                assert_eq!(back.2, pairs, "{format:?}");
            }
        }
        let tagged = open_one("mixed.txt", export(&doc, Format::Tagged, "mixed.txt").bytes);
        assert_eq!(
            tagged.unwrap().source,
            MIXED,
            "tagged text keeps its BOM and CRLF"
        );
    }

    #[test]
    fn an_import_names_what_it_found() {
        let doc = parse(MIXED);
        let exported = export(&doc, Format::Jsonl, "mixed.txt");
        let opened = open_one(&exported.file_name, exported.bytes).unwrap();
        assert_eq!(
            opened.note.as_deref(),
            Some("mixed.jsonl: imported from the page's JSONL: 2 candidates, 4 members, 2 pairs")
        );
        let one = export(&parse("<cand>也</cand>\n"), Format::Json, "one.txt");
        let opened = open(&[(one.file_name, one.bytes)], &utf8, Lang::Zh).unwrap();
        assert_eq!(
            opened.note.as_deref(),
            Some("one.json：已从 connectives/1 JSON 导入：候选词 1 个、成员 0 个、配对 0 对")
        );
    }

    #[test]
    fn the_page_jsonl_and_doccano_jsonl_are_told_apart_by_their_fields_not_their_names() {
        let doc = parse(MIXED);
        // Ours under doccano's name keeps the pair across lines, which doccano cannot hold.
        let ours = export(&doc, Format::Jsonl, "mixed.txt").bytes;
        let opened = open_one("mixed.doccano.jsonl", ours).unwrap();
        assert_eq!(parse(&opened.source).pairs.len(), 2);
        assert!(opened.note.unwrap().contains("the page's JSONL"));
        let doccano = export(&doc, Format::Doccano, "mixed.txt").bytes;
        let opened = open_one("mixed.jsonl", doccano.clone()).unwrap();
        assert_eq!(parse(&opened.source).pairs.len(), 1);
        assert!(opened.note.unwrap().contains("doccano JSONL"));
        // Content decides for a .txt too.
        let opened = open_one("mixed.txt", doccano).unwrap();
        assert_eq!(parse(&opened.source).spans.len(), 6);
    }

    #[test]
    fn the_csv_export_is_refused_whatever_its_name() {
        let csv = export(&parse(MIXED), Format::Csv, "mixed.txt").bytes;
        for name in [
            "mixed.csv",
            "mixed.txt",
            "mixed",
            "mixed.jsonl",
            "mixed.json",
        ] {
            let error = refused(name, csv.clone());
            assert!(
                error.starts_with(&format!("{name} is the page's CSV export")),
                "{name}: {error}"
            );
            assert!(error.contains("not the whole text"), "{error}");
        }
        let zh = open(&[("mixed.txt".into(), csv)], &utf8, Lang::Zh).unwrap_err();
        assert!(zh.contains("本页面导出的 CSV"), "{zh}");
    }

    #[test]
    fn other_tables_and_bio_tags_are_refused_saying_why() {
        let bio = export(&parse(MIXED), Format::Bio, "mixed.txt").bytes;
        for name in ["mixed.bio.tsv", "mixed.txt"] {
            let error = refused(name, bio.clone());
            assert!(error.contains("BIO tags"), "{error}");
            assert!(error.contains("would lose the pairs"), "{error}");
        }
        let table = refused("scores.csv", b"name,score\nli,3\n".to_vec());
        assert!(table.contains("looks like a table"), "{table}");
        // Tagged text under a table's name is still tagged text.
        let opened = open_one("odd.csv", b"<cand>\xe4\xb9\x9f</cand>,1\n".to_vec()).unwrap();
        assert_eq!(parse(&opened.source).spans.len(), 1);
    }

    #[test]
    fn a_label_studio_export_is_refused_with_a_message_naming_it() {
        let doc = parse(MIXED);
        let zip = export(&doc, Format::LabelStudio, "mixed.txt").bytes;
        for name in ["mixed.label-studio.zip", "mixed.txt"] {
            let error = refused(name, zip.clone());
            assert!(
                error.starts_with(&format!("{name} is a Label Studio export")),
                "{error}"
            );
            assert!(error.contains("no Label Studio import"), "{error}");
            assert!(
                error.contains("doccano JSONL"),
                "it says what can be opened: {error}"
            );
        }
        let tasks = connectives_core::formats::label_studio::tasks_json(&doc);
        let error = refused("tasks.json", tasks.into_bytes());
        assert!(
            error.starts_with("tasks.json holds Label Studio tasks"),
            "{error}"
        );
    }

    #[test]
    fn a_zip_is_never_read_as_text_whatever_its_name() {
        let doc = parse(MIXED);
        let brat = export(&doc, Format::Brat, "mixed.txt").bytes;
        let opened = open_one("mixed.txt", brat).unwrap();
        assert_eq!(annotations(&parse(&opened.source)), annotations(&doc));
        assert!(opened.note.unwrap().contains("imported from a brat zip"));
        let other = connectives_core::formats::zip::write(&[
            ("photo.png", b"\x89PNG"),
            ("notes.md", b"# notes"),
        ])
        .unwrap();
        let error = refused("notes.txt", other);
        assert_eq!(
            error,
            "notes.txt is a zip, but not a brat export (it has no .ann file) nor anything else the page opens; it holds photo.png, notes.md"
        );
        let error = refused("broken.zip", b"PK\x03\x04 cut short".to_vec());
        assert!(
            error.starts_with("broken.zip: this is not a zip file"),
            "{error}"
        );
    }

    #[test]
    fn json_that_is_not_connectives_1_says_what_it_looks_like() {
        let error = refused("config.json", br#"{"name": "x", "version": 2}"#.to_vec());
        assert!(
            error.starts_with("config.json is JSON, but not a connectives/1 document: it is an object with the keys name, version;"),
            "{error}"
        );
        let error = refused("list.json", b"[1, 2, 3]".to_vec());
        assert!(error.contains("it is an array of 3 items"), "{error}");
        let error = refused(
            "other.json",
            br#"{"format": "other/2", "text": ""}"#.to_vec(),
        );
        assert!(
            error.contains("\"other/2\", not \"connectives/1\""),
            "{error}"
        );
        let error = refused(
            "cut.json",
            b"{\n  \"text\": \"\xe8\x99\xbd\xe7\x84\xb6\",\n  \"spans\": [\n".to_vec(),
        );
        assert!(error.starts_with("cut.json: line 4, column 1: this is not a connectives/1 JSON document: EOF while parsing"), "{error}");
    }

    #[test]
    fn malformed_jsonl_is_refused_with_its_line_and_column() {
        let good = export(&parse(MIXED), Format::Jsonl, "mixed.txt").bytes;
        let mut lines: Vec<String> = String::from_utf8(good)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        // `o` is character 14; serde_json counts bytes (18: 虽 and 然 are three each).
        lines[2] = r#"{"text":"虽然" oops}"#.to_string();
        let error = refused("mixed.jsonl", lines.join("\n").into_bytes());
        assert_eq!(
            error,
            "mixed.jsonl: line 3, column 14: not a record of the page's JSONL: expected `,` or `}`"
        );
        let doccano = b"{\"text\": \"\xe4\xb9\x9f\", \"entities\": []}\n{\"text\": }\n".to_vec();
        let error = refused("a.doccano.jsonl", doccano);
        assert_eq!(
            error,
            "a.doccano.jsonl: line 2, column 10: not a doccano record: expected value"
        );
        let error = refused("b.jsonl", b"not json\n".to_vec());
        assert!(
            error.starts_with("b.jsonl is not valid JSONL: line 1, column 2: not JSON"),
            "{error}"
        );
        let error = refused("c.jsonl", b"{\"id\": 1}\n".to_vec());
        assert!(error.contains("the first has the keys id"), "{error}");
    }

    #[test]
    fn an_import_with_no_annotations_opens_with_a_warning_not_a_note() {
        let plain = export(&parse("甲\n乙\n"), Format::Doccano, "plain.txt");
        let opened = open_one(&plain.file_name, plain.bytes).unwrap();
        assert_eq!(
            opened.source, "甲\n乙\n",
            "an unannotated document still opens"
        );
        assert_eq!(opened.note, None);
        assert_eq!(
            opened.warning.as_deref(),
            Some("plain.doccano.jsonl imported from doccano JSONL: no annotations found")
        );
        let json = export(&parse("甲\n"), Format::Json, "plain.txt");
        let opened = open(&[(json.file_name, json.bytes)], &utf8, Lang::Zh).unwrap();
        assert_eq!(
            opened.warning.as_deref(),
            Some("plain.json 已从 connectives/1 JSON 导入：没有找到任何标注")
        );
        let brat = open(
            &[
                ("d.txt".into(), "甲\n".into()),
                ("d.ann".into(), Vec::new()),
            ],
            &utf8,
            Lang::En,
        )
        .unwrap();
        assert!(brat
            .warning
            .unwrap()
            .ends_with("imported from brat: no annotations found"));
        // Tagged text with no spans is a document, not an import: no warning.
        assert_eq!(open_one("plain.txt", "甲\n".into()).unwrap().warning, None);
    }

    #[test]
    fn a_brat_ann_needs_its_txt() {
        let error = open_one("doc.ann", b"T1\tCandidate 0 1\t\xe4\xb9\x9f\n".to_vec()).unwrap_err();
        assert!(error.contains("needs its .txt"), "{error}");
    }

    #[test]
    fn text_in_another_encoding_says_which() {
        let decode = |label: &str, _: &[u8], _: bool| match label {
            "gb18030" => Ok("我们的".to_string()),
            _ => Err("not big5".to_string()),
        };
        let opened = open(&[("gb.txt".into(), vec![0xCE, 0xD2])], &decode, Lang::En).unwrap();
        assert_eq!(opened.note.as_deref(), Some("gb.txt was read as GB18030."));
        assert_eq!(opened.source, "我们的");
    }

    #[test]
    fn big5_wins_when_it_reads_as_more_ordinary_chinese() {
        // Big5 bytes always decode as GB18030 too, into rare characters.
        let decode = |label: &str, _: &[u8], _: bool| match label {
            "gb18030" => Ok("飑亥祇".to_string()),
            "big5" => Ok("我們的".to_string()),
            _ => Err("no".to_string()),
        };
        let (text, encoding) = super::decode(&[0xA7, 0xDA], &decode).unwrap();
        assert_eq!((text.as_str(), encoding), ("我們的", "Big5"));
    }

    #[test]
    fn utf16_with_a_byte_order_mark_keeps_it_for_the_parser() {
        let decode = |label: &str, _: &[u8], _: bool| {
            assert_eq!(label, "utf-16le");
            Ok("也".to_string())
        };
        let (text, encoding) = super::decode(&[0xFF, 0xFE, 0x5F, 0x4E], &decode).unwrap();
        assert_eq!((text.as_str(), encoding), ("\u{FEFF}也", "UTF-16LE"));
    }

    fn open_many(files: &[(&str, &[u8])]) -> Opening {
        let files: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        open_any(&files, &utf8, Lang::En).unwrap()
    }

    fn corpus(opening: Opening) -> CorpusOpened {
        match opening {
            Opening::Corpus(corpus) => corpus,
            Opening::Document(opened) => panic!("a document, not a corpus: {}", opened.name),
        }
    }

    #[test]
    fn several_files_open_as_a_corpus_in_their_order_and_a_binary_one_is_listed_with_its_reason() {
        let opened = corpus(open_many(&[
            ("b.txt", "<cand>而</cand>乙\n".as_bytes()),
            ("bin.txt", b"a\0b"),
            ("a.txt", "<a>虽然</a>甲<a>但</a>\n".as_bytes()),
        ]));
        assert_eq!(opened.name, "3 files");
        let names: Vec<&str> = opened
            .corpus
            .entries
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, ["b.txt", "a.txt"]);
        assert_eq!(opened.corpus.entries[1].source, "<a>虽然</a>甲<a>但</a>\n");
        assert_eq!(opened.corpus.refused.len(), 1);
        assert_eq!(opened.corpus.refused[0].name, "bin.txt");
        assert!(
            opened.corpus.refused[0].reason.contains("NUL"),
            "{}",
            opened.corpus.refused[0].reason
        );
    }

    #[test]
    fn a_folder_gives_its_tagged_txt_files_named_by_their_path_inside_it() {
        let opened = corpus(open_many(&[
            ("cdtb/sub/b.txt", "乙\n".as_bytes()),
            ("cdtb/a.txt", "甲\n".as_bytes()),
            ("cdtb/notes.md", "# not a document\n".as_bytes()),
            ("cdtb/sub/c.txt", "丙\n".as_bytes()),
            ("cdtb/sub/c.ann", "T1\tCandidate 0 1\t丙\n".as_bytes()),
        ]));
        assert_eq!(opened.name, "cdtb");
        let names: Vec<&str> = opened
            .corpus
            .entries
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, ["a.txt", "sub/b.txt", "sub/c.txt"]);
        assert!(
            opened.corpus.entries[2].source.contains("<cand>丙</cand>"),
            "the .ann goes with its .txt"
        );
        assert!(opened.corpus.refused.is_empty());
    }

    #[test]
    fn one_file_or_one_brat_document_still_opens_as_a_document() {
        assert!(matches!(
            open_many(&[("a.txt", "甲\n".as_bytes())]),
            Opening::Document(_)
        ));
        let brat = open_many(&[
            ("c.txt", "丙\n".as_bytes()),
            ("c.ann", "T1\tCandidate 0 1\t丙\n".as_bytes()),
        ]);
        assert!(
            matches!(brat, Opening::Document(ref o) if o.source == "<cand>丙</cand>\n"),
            "{brat:?}"
        );
    }

    #[test]
    fn the_page_s_corpus_export_opens_again_as_a_corpus_with_statuses_and_notes() {
        let entries = vec![
            Entry {
                status: corpus::Status::Done,
                note: "checked".into(),
                ..Entry::new("x/a.txt", "<cand>而</cand>甲\n")
            },
            Entry::new("b.txt", "乙\n"),
        ];
        let zip = corpus::export_zip(&entries, connectives_core::formats::Format::Tagged).unwrap();
        let opened = corpus(open_many(&[("c.tagged.zip", &zip)]));
        assert_eq!(opened.name, "c.tagged.zip");
        assert_eq!(opened.corpus.entries, entries);
    }
}
