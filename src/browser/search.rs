use js_sys::{Array, Reflect, RegExp};
use wasm_bindgen::{JsCast, JsValue};

/// Every match of the regular expression `pattern` in `text`, as UTF-16 ranges. The browser's
/// own engine runs it, so the syntax is JavaScript's. At most `limit` matches.
pub fn regex_matches(
    text: &str,
    pattern: &str,
    limit: usize,
) -> Result<Vec<(usize, usize)>, String> {
    let regex = new_regexp(pattern, "gmu")?;
    // exec through Function.call, so the text crosses into JavaScript once, not per match.
    let exec: js_sys::Function = Reflect::get(&regex, &"exec".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("this browser cannot run regular expressions")?;
    let haystack = JsValue::from_str(text);
    let total = haystack.unchecked_ref::<js_sys::JsString>().length();
    let mut out = Vec::new();
    while out.len() < limit {
        let Ok(found) = exec.call1(&regex, &haystack) else {
            break;
        };
        if found.is_null() || found.is_undefined() {
            break;
        }
        let start = Reflect::get(&found, &"index".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0) as usize;
        let len = Reflect::get_u32(&found, 0)
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
            .map_or(0, |s| s.length() as usize);
        if len == 0 {
            // An empty match would loop forever; step past it.
            regex.set_last_index(regex.last_index() + 1);
            if regex.last_index() > total {
                break;
            }
            continue;
        }
        out.push((start, start + len));
    }
    Ok(out)
}

/// `new RegExp(pattern, flags)`, with the browser's message when the syntax is wrong.
fn new_regexp(pattern: &str, flags: &str) -> Result<RegExp, String> {
    let constructor = Reflect::get(&js_sys::global(), &"RegExp".into())
        .ok()
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
        .ok_or("this browser has no regular expressions")?;
    let args = Array::of2(&pattern.into(), &flags.into());
    Reflect::construct(&constructor, &args)
        .map_err(|e| super::error_words(&e, "invalid regular expression"))?
        .dyn_into::<RegExp>()
        .map_err(|_| "invalid regular expression".into())
}
