//! Turning the files a user opens into a document: tagged text in any common encoding, or an
//! import from connectives/1 JSON, brat (.txt + .ann, or its zip) or doccano JSONL. Pure but
//! for the decoder, which the page takes from the browser.

use connectives_core::formats::{brat, doccano, json, ImportError};
use connectives_core::{write, Document};

use crate::i18n::Lang;

/// What to open: the document's name, its tagged text, and a note on how it was read.
#[derive(Debug, PartialEq, Eq)]
pub struct Opened {
    pub name: String,
    pub source: String,
    pub note: Option<String>,
    /// What the page must show as a warning (an import that found nothing).
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

fn imported(
    name: String,
    doc: Result<Document, ImportError>,
    from: &str,
) -> Result<Opened, String> {
    let doc = doc.map_err(|e| format!("{name}: {e}"))?;
    Ok(Opened {
        note: Some(format!("{name}: {from}")),
        name,
        source: write(&doc),
        warning: None,
    })
}

/// Opens the chosen files (one document; a brat .ann with its .txt counts as one).
pub fn open(files: &[(String, Vec<u8>)], decode: Decode, lang: Lang) -> Result<Opened, String> {
    let Some((first_name, first)) = files.first() else {
        return Err(lang
            .pick("没有选择文件。", "No file was chosen.")
            .to_string());
    };
    let by_ext = |ext: &str| files.iter().find(|(n, _)| extension(n) == ext);
    let from = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    if let Some((name, ann_bytes)) = by_ext("ann") {
        let txt = files
            .iter()
            .find(|(n, _)| extension(n) == "txt" && stem(n) == stem(name))
            .or_else(|| by_ext("txt"))
            .ok_or_else(|| match lang {
                Lang::Zh => format!("{name}：brat 标注需要同名的 .txt 文件，请一起选择两个文件。"),
                Lang::En => format!(
                    "{name}: a brat annotation needs its .txt file; choose both files together."
                ),
            })?;
        let (ann, _) = text(name, ann_bytes, decode, lang)?;
        let (txt_text, _) = text(&txt.0, &txt.1, decode, lang)?;
        return imported(
            txt.0.clone(),
            brat::import(&txt_text, &ann),
            from("已从 brat 导入", "imported from brat"),
        );
    }
    match extension(first_name).as_str() {
        "zip" => imported(
            first_name.clone(),
            brat::import_zip(first),
            from("已从 brat 压缩包导入", "imported from a brat zip"),
        ),
        "json" => {
            let (json_text, _) = text(first_name, first, decode, lang)?;
            imported(
                first_name.clone(),
                json::import(&json_text),
                from(
                    "已从 connectives/1 JSON 导入",
                    "imported from connectives/1 JSON",
                ),
            )
        }
        "jsonl" => {
            let (jsonl, _) = text(first_name, first, decode, lang)?;
            imported(
                first_name.clone(),
                doccano::import(&jsonl),
                from("已从 doccano JSONL 导入", "imported from doccano JSONL"),
            )
        }
        _ => {
            let (source, note) = text(first_name, first, decode, lang)?;
            Ok(Opened {
                name: first_name.clone(),
                source,
                note,
                warning: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connectives_core::formats::{export, Format};
    use connectives_core::parse;

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

    #[test]
    fn json_brat_and_doccano_exports_open_as_the_same_document() {
        let doc = parse(SOURCE);
        for format in [Format::Json, Format::Brat, Format::Doccano] {
            let exported = export(&doc, format, "a.txt");
            let opened = open_one(&exported.file_name, exported.bytes).unwrap();
            let back = parse(&opened.source);
            assert_eq!(back.text, doc.text, "{format:?}");
            assert_eq!(back.pairs, doc.pairs, "{format:?}");
            assert_eq!(back.spans.len(), doc.spans.len(), "{format:?}");
            assert!(opened.note.unwrap().contains("imported"), "{format:?}");
        }
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
}
