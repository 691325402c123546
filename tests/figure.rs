//! Figures for slides, drawn by a real headless Chromium's canvas. Native builds skip this file.
#![cfg(target_arch = "wasm32")]

use connectives_web::browser::figure::{
    char_advances, export_figure, png_bytes, svg_text, FigureFormat,
};
use connectives_web::figure::{layout, FigureMark, FigureSpec, MarkKind};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn example() -> FigureSpec {
    let member = |chars, number| FigureMark {
        chars,
        kind: MarkKind::Member {
            colour: 0,
            number: Some(number),
        },
    };
    FigureSpec {
        text: "虽然今天下雨，但是我们还是去了公园。".into(),
        marks: vec![
            member(0..2, 1),
            member(7..9, 1),
            FigureMark {
                chars: 11..13,
                kind: MarkKind::Candidate,
            },
        ],
        arcs: vec![(0, 1, 0)],
        caption: "seed-zh.txt · 第 10 行".into(),
    }
}

fn big_endian(bytes: &[u8]) -> u32 {
    u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

#[wasm_bindgen_test]
fn a_cjk_char_is_measured_wider_than_a_latin_one() {
    let advances = char_advances("中a");
    assert_eq!(advances.len(), 2);
    let (cjk, latin) = (advances[0], advances[1]);
    assert!(latin > 0.0, "{advances:?}");
    assert!(cjk > latin, "{advances:?}");
    // A CJK font draws ideographs one em wide.
    assert!((cjk - 100.0).abs() < 5.0, "{advances:?}");
}

#[wasm_bindgen_test]
async fn the_png_is_a_1920_by_1080_png() {
    let spec = example();
    let figure = layout(&spec, &char_advances(&spec.text));
    let bytes = png_bytes(&spec, &figure, 1.0).await.unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&bytes[12..16], b"IHDR");
    assert_eq!(big_endian(&bytes[16..20]), 1920);
    assert_eq!(big_endian(&bytes[20..24]), 1080);
    // Painted, not blank: a blank white slide compresses to a few kilobytes.
    assert!(bytes.len() > 10_000, "{} bytes", bytes.len());
}

#[wasm_bindgen_test]
async fn the_png_at_twice_the_scale_is_twice_as_large() {
    let spec = example();
    let figure = layout(&spec, &char_advances(&spec.text));
    let bytes = png_bytes(&spec, &figure, 2.0).await.unwrap();
    assert_eq!(big_endian(&bytes[16..20]), 3840);
    assert_eq!(big_endian(&bytes[20..24]), 2160);
    assert!(png_bytes(&spec, &figure, 0.0).await.is_err());
}

#[wasm_bindgen_test]
fn the_svg_draws_the_text_as_text_and_stays_small() {
    let spec = example();
    let svg = svg_text(&spec).unwrap();
    assert!(!svg.contains("<image"), "no picture of the text");
    assert!(svg.contains("<title>虽然今天下雨，但是我们还是去了公园。</title>"));
    assert!(!svg.contains("fill-opacity=\"0\""), "the text is visible");
    // The budget for a line of the example is 50 KB; a vector drawing is far below.
    assert!(svg.len() < 50_000, "{} bytes", svg.len());
    assert_eq!(svg.matches("<path class=\"arc\"").count(), 1);
    // The SVG is well-formed XML (the browser's own parser finds no error in it) and its rows
    // of text, however wrapped, are the line.
    let parsed = js_sys::Function::new_with_args(
        "svg",
        "const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');\n\
         const rows = [...doc.querySelectorAll('text.row')].map(t => t.textContent).join('');\n\
         return doc.getElementsByTagName('parsererror').length + ':' + doc.documentElement.tagName + ':' + rows;",
    )
    .call1(&wasm_bindgen::JsValue::NULL, &svg.into())
    .unwrap()
    .as_string();
    assert_eq!(
        parsed.as_deref(),
        Some("0:svg:虽然今天下雨，但是我们还是去了公园。")
    );
}

#[wasm_bindgen_test]
async fn both_formats_export_without_error() {
    let spec = example();
    assert_eq!(
        export_figure(&spec, FigureFormat::Svg, "seed-zh-line-10.svg").await,
        Ok(())
    );
    assert_eq!(
        export_figure(&spec, FigureFormat::Png, "seed-zh-line-10.png").await,
        Ok(())
    );
}
