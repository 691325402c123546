//! Figure glue: measuring with the canvas, painting the PNG, and offering the result as a
//! download. Layout and SVG writing are in `crate::figure`.

use std::collections::HashMap;

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, Path2d};

use crate::figure::{
    layout, num, to_svg, Figure, FigureSpec, BACKGROUND, CAPTION_COLOUR, FONT_STACK, HEIGHT,
    MEASURE_PX, TEXT_COLOUR, WIDTH,
};

pub enum FigureFormat {
    Svg,
    Png,
}

/// Measures, lays out, draws and offers the figure as a download named `name`
/// (e.g. "seed-zh-line-10.svg").
pub async fn export_figure(
    spec: &FigureSpec,
    format: FigureFormat,
    name: &str,
) -> Result<(), String> {
    let (mime, bytes) = match format {
        FigureFormat::Svg => ("image/svg+xml", svg_text(spec)?.into_bytes()),
        FigureFormat::Png => {
            let figure = layout(spec, &char_advances(&spec.text));
            ("image/png", png_bytes(spec, &figure, 1.0).await?)
        }
    };
    super::download(name, mime, &bytes)
        .map_err(|e| format!("The figure could not be downloaded: {}", message(&e)))
}

/// The advance of each char of `text` at MEASURE_PX in FONT_STACK, as the canvas draws it.
/// Without a canvas every char counts as one em, which suits CJK text.
pub fn char_advances(text: &str) -> Vec<f64> {
    let Ok((_, context)) = canvas(1, 1) else {
        return vec![MEASURE_PX; text.chars().count()];
    };
    context.set_font(&font(MEASURE_PX));
    let mut known: HashMap<char, f64> = HashMap::new();
    text.chars()
        .map(|c| {
            *known.entry(c).or_insert_with(|| {
                context
                    .measure_text(c.encode_utf8(&mut [0; 4]))
                    .map(|m| m.width())
                    .unwrap_or(MEASURE_PX)
            })
        })
        .collect()
}

/// The figure painted at WIDTH·scale × HEIGHT·scale and encoded as PNG.
pub async fn png_bytes(spec: &FigureSpec, figure: &Figure, scale: f64) -> Result<Vec<u8>, String> {
    let (canvas, context) = scaled_canvas(scale)?;
    paint(&context, spec, figure)?;
    let blob = png_blob(&canvas).await?;
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| format!("The image could not be read: {}", message(&e)))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The SVG document, laid out with the characters as this browser measures them.
pub fn svg_text(spec: &FigureSpec) -> Result<String, String> {
    let figure = layout(spec, &char_advances(&spec.text));
    Ok(to_svg(spec, &figure))
}

fn font(px: f64) -> String {
    format!("{}px {FONT_STACK}", num(px))
}

/// A detached canvas and its 2D context.
fn canvas(
    width: u32,
    height: u32,
) -> Result<(HtmlCanvasElement, CanvasRenderingContext2d), String> {
    let document = super::document().ok_or("There is no page to draw on.")?;
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .ok()
        .and_then(|e| e.dyn_into().ok())
        .ok_or("The browser could not make a canvas.")?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("The browser gave no 2D canvas to draw on.")?;
    Ok((canvas, context))
}

/// A slide-sized canvas at `scale`, its context scaled so figure coordinates apply.
fn scaled_canvas(scale: f64) -> Result<(HtmlCanvasElement, CanvasRenderingContext2d), String> {
    // Beyond 8× the canvas would exceed what browsers allocate.
    if !(scale.is_finite() && scale > 0.0 && scale <= 8.0) {
        return Err(format!("A figure cannot be drawn at scale {scale}."));
    }
    let width = (WIDTH * scale).round().max(1.0) as u32;
    let height = (HEIGHT * scale).round().max(1.0) as u32;
    let (canvas, context) = canvas(width, height)?;
    context
        .scale(scale, scale)
        .map_err(|e| format!("The canvas could not be scaled: {}", message(&e)))?;
    Ok((canvas, context))
}

fn paint(
    context: &CanvasRenderingContext2d,
    spec: &FigureSpec,
    figure: &Figure,
) -> Result<(), String> {
    let failed = |e: JsValue| format!("The figure could not be drawn: {}", message(&e));
    context.set_fill_style_str(BACKGROUND);
    context.fill_rect(0.0, 0.0, WIDTH, HEIGHT);
    for b in &figure.boxes {
        context.set_global_alpha(b.fill_opacity);
        context.set_fill_style_str(b.fill);
        context.fill_rect(b.x, b.y, b.width, b.height);
        context.set_global_alpha(1.0);
        let dash: Array = b.dash.iter().map(|&d| JsValue::from_f64(d)).collect();
        context.set_line_dash(&dash).map_err(failed)?;
        context.set_line_cap("butt");
        context.set_line_width(b.line_width);
        context.set_stroke_style_str(b.line_colour);
        context.begin_path();
        context.move_to(b.x, b.line_y);
        context.line_to(b.x + b.width, b.line_y);
        context.stroke();
    }

    context.set_text_align("left");
    context.set_text_baseline("alphabetic");
    context.set_font(&font(figure.font_px));
    context.set_fill_style_str(TEXT_COLOUR);
    let chars: Vec<char> = spec.text.chars().collect();
    let mut one = [0; 4];
    for row in &figure.rows {
        for (&x, &c) in row.xs.iter().zip(&chars[row.chars.clone()]) {
            context
                .fill_text(c.encode_utf8(&mut one), x, row.baseline)
                .map_err(failed)?;
        }
    }
    for n in &figure.numbers {
        context.set_font(&format!("700 {}", font(n.font_px)));
        context.set_fill_style_str(n.colour);
        context
            .fill_text(&n.text, n.x, n.baseline)
            .map_err(failed)?;
    }
    context.set_font(&font(figure.caption.font_px));
    context.set_fill_style_str(CAPTION_COLOUR);
    context
        .fill_text(&spec.caption, figure.caption.x, figure.caption.baseline)
        .map_err(failed)?;

    context.set_line_dash(&Array::new()).map_err(failed)?;
    context.set_line_cap("round");
    context.set_line_width(figure.arc_width);
    for arc in &figure.arcs {
        let path = Path2d::new_with_path_string(&arc.d).map_err(failed)?;
        context.set_stroke_style_str(arc.colour);
        context.stroke_with_path(&path);
    }
    Ok(())
}

/// The canvas as a PNG blob; `toBlob` reports through a callback, turned into a promise.
async fn png_blob(canvas: &HtmlCanvasElement) -> Result<Blob, String> {
    let promise = Promise::new(&mut |resolve, reject| {
        let refuse = reject.clone();
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = if blob.is_null() {
                refuse.call1(&JsValue::NULL, &"no image was made".into())
            } else {
                resolve.call1(&JsValue::NULL, &blob)
            };
        });
        if let Err(e) = canvas.to_blob_with_type(done.unchecked_ref(), "image/png") {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    JsFuture::from(promise)
        .await
        .map_err(|e| format!("The PNG could not be made: {}", message(&e)))?
        .dyn_into::<Blob>()
        .map_err(|_| "The browser gave something other than an image.".to_string())
}

/// A JavaScript error as plain text.
fn message(error: &JsValue) -> String {
    super::error_words(error, "the browser gave no reason")
}
