//! [`Document`] → tagged text. For a parsed, unedited document this gives back the source byte
//! for byte. For an edited one, members are written as plain `<a>` wherever order pairing gives
//! the right pairs, and with `pair="…"` only where it would not.

use std::collections::{HashMap, HashSet};

use crate::model::{Document, SpanId, SpanKind};
use crate::parse::{closing_tag, is_valid_pair_key, opening_tag};

pub fn write(doc: &Document) -> String {
    let keys = member_keys(doc);
    let markup: usize = doc.spans.len() * 16;
    let mut out = String::with_capacity(doc.text.len() + markup + doc.lines.len() + 3);
    if doc.bom {
        out.push('\u{FEFF}');
    }
    for line in &doc.lines {
        let mut at = line.range.start;
        for id in line.spans.clone() {
            let span = &doc.spans[id];
            out.push_str(&doc.text[at..span.range.start]);
            out.push_str(&opening_tag(span.kind, keys[id].as_deref()));
            out.push_str(&doc.text[span.range.clone()]);
            out.push_str(closing_tag(span.kind));
            at = span.range.end;
        }
        out.push_str(&doc.text[at..line.range.end]);
        out.push_str(line.ending.as_str());
    }
    out
}

/// The `pair` attribute each member is written with (`None`: plain `<a>`).
///
/// Keys read from the source stay while they still say the right thing, so an unedited
/// document comes back as it was. On each line, the other members are written plain in the
/// largest set that order pairing reads correctly; the rest get fresh keys.
fn member_keys(doc: &Document) -> Vec<Option<String>> {
    let mut keys: Vec<Option<String>> = vec![None; doc.spans.len()];
    let is_member = |id: SpanId| doc.spans[id].kind == SpanKind::Member;

    let mut groups: HashMap<&str, Vec<SpanId>> = HashMap::new();
    for (id, span) in doc.spans.iter().enumerate() {
        if let Some(key) = span.pair_key.as_deref() {
            if span.kind == SpanKind::Member && is_valid_pair_key(key) {
                groups.entry(key).or_default().push(id);
            }
        }
    }
    let mut taken: HashSet<&str> = HashSet::new();
    for (key, ids) in &groups {
        if key_group_is_faithful(doc, ids) {
            for &id in ids {
                keys[id] = Some(key.to_string());
            }
            taken.insert(key);
        }
    }

    let mut plain = vec![false; doc.spans.len()];
    for line in &doc.lines {
        let free: Vec<SpanId> = line
            .spans
            .clone()
            .filter(|&id| is_member(id) && keys[id].is_none())
            .collect();
        for id in plain_members(doc, &free) {
            plain[id] = true;
        }
    }

    let mut fresh = 0usize;
    let mut next_key = || loop {
        fresh += 1;
        let key = format!("p{fresh}");
        if !taken.contains(key.as_str()) {
            break key;
        }
    };
    for id in 0..doc.spans.len() {
        if !is_member(id) || plain[id] || keys[id].is_some() {
            continue;
        }
        let key = next_key();
        if let Some(partner) = doc.partner(id) {
            keys[partner] = Some(key.clone());
        }
        keys[id] = Some(key);
    }
    keys
}

/// Of one line's members not written with a kept key (in order), the largest set that can be
/// written plain: pairs that do not overlap, and at most one unpaired member after them all.
fn plain_members(doc: &Document, free: &[SpanId]) -> Vec<SpanId> {
    if free.is_empty() {
        return Vec::new();
    }
    // Pairs with both members among `free` (which is sorted), as positions in it.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut last_unpaired = None;
    for (i, &id) in free.iter().enumerate() {
        match doc.partner(id) {
            Some(partner) => {
                if let Ok(j) = free.binary_search(&partner) {
                    if i < j {
                        pairs.push((i, j));
                    }
                }
            }
            None => last_unpaired = Some(i),
        }
    }
    pairs.sort_by_key(|&(_, second)| second);
    // Earliest end first gives the most pairs that do not overlap.
    let disjoint = |before: usize| {
        let mut chosen = Vec::new();
        let mut end = None;
        for &(first, second) in pairs.iter().take_while(|&&(_, second)| second < before) {
            if end.is_none_or(|end| first > end) {
                chosen.push((first, second));
                end = Some(second);
            }
        }
        chosen
    };
    let without = disjoint(usize::MAX);
    let (chosen, unpaired) = match last_unpaired {
        Some(u) => {
            let with = disjoint(u);
            if 2 * with.len() + 1 > 2 * without.len() {
                (with, Some(u))
            } else {
                (without, None)
            }
        }
        None => (without, None),
    };
    chosen
        .into_iter()
        .flat_map(|(first, second)| [free[first], free[second]])
        .chain(unpaired.map(|u| free[u]))
        .collect()
}

/// Members sharing a key pair the first two and leave the rest alone; does that match `doc`?
fn key_group_is_faithful(doc: &Document, ids: &[SpanId]) -> bool {
    match ids {
        [single] => doc.spans[*single].pair.is_none(),
        [first, second, rest @ ..] => {
            doc.partner(*first) == Some(*second)
                && doc.partner(*second) == Some(*first)
                && rest.iter().all(|&id| doc.spans[id].pair.is_none())
        }
        [] => true,
    }
}
